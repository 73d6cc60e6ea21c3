#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "bagit/bagit.h"
#include "lib/hash.h"
#include "tests/unit/zip_writer.h"

using namespace dataport;
using dataport::test::FakeEntry;
using dataport::test::TempDir;

namespace {

bool has_problem(const std::vector<std::string>& problems, const std::string& needle) {
  for (const auto& p : problems)
    if (p.find(needle) != std::string::npos) return true;
  return false;
}

// A small valid bag: one payload file, both manifests, a tag manifest.
std::vector<FakeEntry> small_bag(const std::string& base, const std::string& payload = "hello\n") {
  std::string info = "Bagging-Date: 2026-01-01\nPayload-Oxum: " + std::to_string(payload.size()) + ".1\n";
  std::string bagit = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
  std::string m256 = sha256_hex(payload) + "  data/a 100%25.txt\n";
  std::string m512 = sha512_hex(payload) + " data/a 100%25.txt\n";
  std::string tag = sha256_hex(bagit) + "  bagit.txt\n" + sha256_hex(info) + "  bag-info.txt\n" + sha256_hex(m256) +
                    "  manifest-sha256.txt\n";
  return {{base + "bagit.txt", bagit},          {base + "bag-info.txt", info},
          {base + "data/a 100%.txt", payload},  {base + "manifest-sha256.txt", m256},
          {base + "manifest-sha512.txt", m512}, {base + "tagmanifest-sha256.txt", tag}};
}

}  // namespace

TEST_CASE("manifest paths percent-encode CR, LF and % only", "[bagit]") {
  CHECK(bag_encode_path("a%b\r\nc d") == "a%25b%0D%0Ac d");
  CHECK(bag_decode_path("a%25b%0d%0Ac d") == "a%b\r\nc d");
  CHECK(bag_decode_path("a%20b%2") == "a%20b%2");  // other escapes are plain text
  CHECK(bag_decode_path(bag_encode_path("%0A")) == "%0A");
}

TEST_CASE("manifest lines: separators, case, markers and mistakes", "[bagit]") {
  std::string h(64, 'A');
  std::vector<std::string> problems;
  auto lines = parse_bag_manifest(h + "  data/x.txt\r\n" + std::string(64, 'b') + "\t*data/y z.txt\n\n", "m", 64, problems);
  REQUIRE(lines.size() == 2);
  CHECK(problems.empty());
  CHECK(lines[0].digest == std::string(64, 'a'));
  CHECK(lines[0].path == "data/x.txt");
  CHECK(lines[1].path == "data/y z.txt");
  CHECK(lines[1].line == 2);

  problems.clear();
  lines = parse_bag_manifest("abc data/x\n" + h + "data/y\n" + h + " ../etc/passwd\n" + h + " data/x.txt\n" + h +
                                 " data/x.txt\n" + h + " /abs\n",
                             "manifest-sha256.txt", 64, problems);
  CHECK(lines.size() == 1);
  CHECK(has_problem(problems, "manifest-sha256.txt line 1: \"abc\" is not a checksum"));
  CHECK(has_problem(problems, "line 2: no space between checksum and path"));
  CHECK(has_problem(problems, "line 3: unsafe path"));
  CHECK(has_problem(problems, "line 5: data/x.txt is listed twice"));
  CHECK(has_problem(problems, "line 6: unsafe path"));
}

TEST_CASE("bag-info.txt: labels, continuations and bad lines", "[bagit]") {
  std::vector<std::string> problems;
  BagInfo info = parse_bag_info("Source-Organization: Me\nExternal-Description: one\n  two\r\nno colon here\nPayload-Oxum: 6.1\n", problems);
  REQUIRE(info.size() == 3);
  CHECK(info[1].second == "one two");
  CHECK(bag_info_value(info, "payload-oxum") == "6.1");
  CHECK(bag_info_value(info, "Contact-Name").empty());
  CHECK(has_problem(problems, "bag-info.txt line 4"));
  CHECK(bag_info_line("Note", "a\nb") == "Note: a\n  b\n");
  problems.clear();
  CHECK(parse_bag_info(bag_info_line("Note", "a\nb"), problems)[0].second == "a b");
  CHECK(problems.empty());
}

TEST_CASE("a valid bag, as a zip and as a folder", "[bagit]") {
  TempDir t;
  test::write_archive(t.path("bag.zip"), small_bag("bag/"));
  BagReport r = verify_bag({t.path("bag.zip")}, {});
  INFO((r.problems.empty() ? "" : r.problems[0]));
  CHECK(r.valid());
  CHECK(r.base == "bag/");
  CHECK(r.payload_files == 1);
  CHECK(r.payload_bytes == 6);
  CHECK(r.algorithms == std::vector<std::string>{"sha256", "sha512"});
  CHECK_FALSE(r.signed_);

  for (const auto& e : small_bag("")) t.write("dir/" + e.path, e.data);
  CHECK(verify_bag({t.path("dir")}, {}).valid());
  // Asked for a signature it does not have.
  BagVerifyOptions o;
  o.require_signature = true;
  CHECK(has_problem(verify_bag({t.path("dir")}, o).problems, "not signed"));
}

TEST_CASE("zips in a bag's payload are payload files, their entries are not", "[bagit]") {
  // Many of them, in folders at several depths, beside names that only start like them.
  TempDir t;
  test::write_archive(t.path("inner.zip"), {{"deep/x.txt", "inside"}});
  std::ifstream f(t.path("inner.zip"), std::ios::binary);
  std::string zip((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::pair<std::string, std::string>> payload;
  for (int i = 0; i < 30; ++i) {
    std::string dir = std::vector<std::string>{"data/", "data/sub/", "data/sub/deeper/"}[static_cast<size_t>(i) % 3];
    payload.emplace_back(dir + "a" + std::to_string(i) + ".zip", zip);
    payload.emplace_back(dir + "a" + std::to_string(i) + ".zipped.txt", "not inside " + std::to_string(i));
  }
  std::string m256, m512, info, bagit = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
  size_t bytes = 0;
  std::vector<FakeEntry> files;
  for (const auto& [path, data] : payload) {
    m256 += sha256_hex(data) + "  " + path + "\n";
    m512 += sha512_hex(data) + "  " + path + "\n";
    bytes += data.size();
    files.push_back({"bag/" + path, data});
  }
  info = "Payload-Oxum: " + std::to_string(bytes) + "." + std::to_string(payload.size()) + "\n";
  std::string tag = sha256_hex(bagit) + "  bagit.txt\n" + sha256_hex(info) + "  bag-info.txt\n" + sha256_hex(m256) +
                    "  manifest-sha256.txt\n" + sha256_hex(m512) + "  manifest-sha512.txt\n";
  for (auto [name, data] : {std::pair{"bagit.txt", bagit}, {"bag-info.txt", info}, {"manifest-sha256.txt", m256},
                            {"manifest-sha512.txt", m512}, {"tagmanifest-sha256.txt", tag}})
    files.push_back({std::string("bag/") + name, data});
  test::write_archive(t.path("bag.zip"), files);
  BagReport r = verify_bag({t.path("bag.zip")}, {});
  INFO((r.problems.empty() ? "" : r.problems[0]));
  CHECK(r.valid());
  CHECK(r.payload_files == 60);
  CHECK(r.payload_bytes == static_cast<int64_t>(bytes));
}

TEST_CASE("what makes a bag invalid is named with its path", "[bagit]") {
  TempDir t;
  auto check = [&](std::vector<FakeEntry> entries, const std::string& needle) {
    std::string file = t.path("b" + std::to_string(std::hash<std::string>()(needle)) + ".zip");
    test::write_archive(file, entries);
    BagReport r = verify_bag({file}, {});
    INFO(needle);
    CHECK_FALSE(r.valid());
    CHECK(has_problem(r.problems, needle));
  };
  auto bag = small_bag("");
  auto changed = bag;
  changed[2].data = "hellO\n";
  check(changed, "data/a 100%.txt: sha256 checksum does not match manifest-sha256.txt");
  auto extra = bag;
  extra.push_back({"data/extra", "x"});
  check(extra, "data/extra: a payload file manifest-sha256.txt does not list");
  auto missing = bag;
  missing.erase(missing.begin() + 2);
  check(missing, "data/a 100%.txt: listed in manifest-sha256.txt but missing");
  auto bom = bag;
  bom[0].data = "\xEF\xBB\xBF" + bom[0].data;
  check(bom, "bagit.txt: starts with a byte order mark");
  auto oxum = bag;
  oxum[1].data = "Payload-Oxum: 7.1\n";
  check(oxum, "Payload-Oxum says 7.1");
  auto nomanifest = bag;
  nomanifest.erase(nomanifest.begin() + 3, nomanifest.begin() + 5);
  check(nomanifest, "no payload manifest");
  auto two = small_bag("one/");
  for (auto& e : small_bag("two/")) two.push_back(e);
  check(two, "2 bags in one archive");
  check({{"README", "not a bag"}}, "not a BagIt bag");
  auto tagpayload = bag;
  tagpayload[5].data += sha256_hex("hello\n") + "  data/a 100%.txt\n";
  check(tagpayload, "lists the payload file");
}
