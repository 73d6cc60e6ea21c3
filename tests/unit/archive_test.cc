#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "lib/archive.h"
#include "lib/archive_names.h"
#include "lib/error.h"
#include "tests/unit/zip_writer.h"

using namespace dataport;
using dataport::test::TempDir;
using dataport::test::write_archive;

namespace {
std::vector<std::string> paths_of(const Archive& a) {
  std::vector<std::string> out;
  for (const Entry& e : a.entries()) out.push_back(e.path);
  return out;
}
const Entry& entry(const Archive& a, const std::string& path) {
  for (const Entry& e : a.entries())
    if (e.path == path) return e;
  FAIL("no entry " << path);
  throw 0;
}
}  // namespace

TEST_CASE("zip entries are listed, normalised and read", "[archive]") {
  TempDir t;
  std::string zip = t.path("export.zip");
  write_archive(zip, {{"Export/./a.csv", "one,two\n"}, {"Export\\b.json", "{}"}, {"Export/sub/", ""},
                      {"__MACOSX/Export/._a.csv", "junk"}});
  Archive a({zip});
  CHECK(paths_of(a) == std::vector<std::string>{"Export/a.csv", "Export/b.json", "__MACOSX/Export/._a.csv"});
  CHECK(a.read(entry(a, "Export/a.csv")) == "one,two\n");
  CHECK(a.read(entry(a, "Export/b.json")) == "{}");
  CHECK(entry(a, "__MACOSX/Export/._a.csv").junk);
  CHECK(a.where(entry(a, "Export/b.json")) == zip + ": Export/b.json");
  // Reading backwards reopens the part and still gives the right bytes.
  CHECK(a.read(entry(a, "Export/a.csv")) == "one,two\n");
}

TEST_CASE("tarballs with gzip and zstd read like zips", "[archive]") {
  TempDir t;
  for (std::string type : {"tar.gz", "tar.zst", "tar.xz"}) {
    std::string file = t.path("x." + type);
    write_archive(file, {{"a.txt", "alpha"}, {"dir/b.txt", "beta"}}, type);
    Archive a({file});
    REQUIRE(a.entries().size() == 2);
    CHECK(a.read(entry(a, "dir/b.txt")) == "beta");
    CHECK(a.read(entry(a, "a.txt")) == "alpha");
  }
}

TEST_CASE("folders, parts and nested zips form one archive", "[archive]") {
  TempDir t;
  t.write("unpacked/Connections.csv", "x");
  t.write("unpacked/.DS_Store", "junk");
  std::string inner = t.path("inner.zip");
  write_archive(inner, {{"deep/file.json", "[1]"}});
  std::string inner_bytes;
  {
    std::ifstream f(inner, std::ios::binary);
    inner_bytes.assign(std::istreambuf_iterator<char>(f), {});
  }
  std::string part2 = t.path("part2.zip");
  write_archive(part2, {{"media/photo.jpg", "\xFF\xD8\xFFjpeg"}, {"bundle/inner.zip", inner_bytes}});
  Archive a({t.path("unpacked"), part2});
  auto paths = paths_of(a);
  CHECK(std::find(paths.begin(), paths.end(), "Connections.csv") != paths.end());
  CHECK(std::find(paths.begin(), paths.end(), "bundle/inner.zip/deep/file.json") != paths.end());
  CHECK(entry(a, ".DS_Store").junk);
  CHECK(entry(a, "bundle/inner.zip").container);
  CHECK(a.read(entry(a, "bundle/inner.zip/deep/file.json")) == "[1]");
  CHECK(a.where(entry(a, "bundle/inner.zip/deep/file.json")) == part2 + ": bundle/inner.zip/deep/file.json");
  CHECK(a.read(entry(a, "media/photo.jpg")).substr(3) == "jpeg");
  CHECK(a.first_suffix("photo.jpg") != nullptr);
  CHECK(a.first_suffix("hoto.jpg") == nullptr);  // suffixes match whole path components
  CHECK(a.name() == t.path("unpacked") + " (+1 parts)");
  const auto& d = a.digest();
  CHECK(d.parts.size() == 2);
  CHECK(d.set.size() == 64);
}

TEST_CASE("unsafe paths and links are refused with the entry named", "[archive]") {
  TempDir t;
  auto refused = [&](std::vector<dataport::test::FakeEntry> entries, const std::string& needle) {
    std::string zip = t.path("bad.zip");
    write_archive(zip, entries, "tar.gz");
    try {
      Archive a({zip});
      FAIL("accepted an unsafe archive");
    } catch (const Error& e) {
      CHECK_THAT(describe(e), Catch::Contains(zip) && Catch::Contains(needle));
    }
  };
  refused({{"ok.txt", "x"}, {"../evil.txt", "x"}}, "../evil.txt");
  refused({{"/etc/passwd", "x"}}, "absolute");
  refused({{"a/link", "", "../../outside"}}, "a/link");
  refused({{"a/link", "", "/etc/passwd"}}, "absolute");
  // A link that stays inside is listed but never read.
  std::string ok = t.path("ok.tar.gz");
  write_archive(ok, {{"a/target.txt", "x"}, {"a/link", "", "target.txt"}}, "tar.gz");
  Archive a({ok});
  CHECK(entry(a, "a/link").link);
  CHECK_THROWS_AS(a.open(entry(a, "a/link")), Error);
}

TEST_CASE("zip slip entries in real zips are refused", "[archive]") {
  TempDir t;
  std::string zip = t.path("slip.zip");
  write_archive(zip, {{"good.csv", "a"}, {"../../tmp/evil.sh", "rm -rf"}});
  CHECK_THROWS_WITH(Archive({zip}), Catch::Contains("evil.sh") && Catch::Contains("unsafe path"));
}

TEST_CASE("a zip bomb is stopped by the ratio bound", "[archive]") {
  TempDir t;
  std::string zip = t.path("bomb.zip");
  write_archive(zip, {{"zeros.bin", std::string(64 << 20, '\0')}});
  ArchiveLimits limits;
  limits.ratio_after = 1 << 20;
  limits.max_ratio = 100;
  // What the zip declares is refused before a byte is inflated.
  CHECK_THROWS_WITH(Archive({zip}, limits), Catch::Contains("zip bomb") && Catch::Contains("bomb.zip"));
  ArchiveLimits small;
  small.max_entry_size = 1 << 20;
  CHECK_THROWS_WITH(Archive({zip}, small), Catch::Contains("over the limit"));
  ArchiveLimits whole;
  whole.max_read_whole = 1 << 20;
  Archive b({zip}, whole);
  CHECK_THROWS_WITH(b.read(b.entries()[0]), Catch::Contains("streamed"));
}

TEST_CASE("corrupt, truncated and foreign files get clear errors", "[archive]") {
  TempDir t;
  std::string zip = t.path("good.zip");
  write_archive(zip, {{"a.json", std::string(200000, 'a')}, {"b.json", "bbbb"}});
  std::string bytes;
  {
    std::ifstream f(zip, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(f), {});
  }
  std::string cut = t.write("cut.zip", bytes.substr(0, bytes.size() / 3));
  CHECK_THROWS_WITH(
      [&] {
        Archive a({cut});
        for (const Entry& e : a.entries()) a.read(e);
      }(),
      Catch::Contains("cut.zip"));
  std::string random = t.write("random.bin", std::string("\x13\x37\x00\x42 not an archive at all", 26));
  CHECK_THROWS_WITH(Archive({random}), Catch::Contains("random.bin") && Catch::Contains("not an archive"));
  CHECK_THROWS_WITH(Archive({t.path("missing.zip")}), Catch::Contains("no such file"));
  // A lone export file is one entry.
  std::string single = t.write("conversations.json", "[]");
  Archive s({single});
  REQUIRE(s.entries().size() == 1);
  CHECK(s.entries()[0].path == "conversations.json");
  CHECK(s.read(s.entries()[0]) == "[]");
}

TEST_CASE("LineReader handles LF, CRLF and a last line without newline", "[archive]") {
  MemoryStream m("one\r\ntwo\nthree");
  LineReader r(m);
  std::string line;
  std::vector<std::string> got;
  while (r.next(line)) got.push_back(line);
  CHECK(got == std::vector<std::string>{"one", "two", "three"});
  CHECK(r.line_number() == 3);
}

TEST_CASE("normalise_entry_path and is_junk_path", "[archive]") {
  CHECK(normalise_entry_path("./a//b/./c.txt", "x") == "a/b/c.txt");
  CHECK(normalise_entry_path("dir/", "x") == "dir");
  CHECK_THROWS_AS(normalise_entry_path("a/../../b", "x"), Error);
  CHECK_THROWS_AS(normalise_entry_path("C:/Windows", "x"), Error);
  CHECK_THROWS_AS(normalise_entry_path(std::string("a\nb"), "x"), Error);
  CHECK(is_junk_path("__MACOSX/x/y"));
  CHECK(is_junk_path("a/._photo.jpg"));
  CHECK(is_junk_path("Thumbs.db"));
  CHECK_FALSE(is_junk_path("a/photo.jpg"));
}

TEST_CASE("entry names are UTF-8 whatever the code page they were written in", "[archive]") {
  using dataport::LegacyNames;
  CHECK(decode_entry_name("Articles/über-brücken.html", LegacyNames::zip) == "Articles/über-brücken.html");
  // CP437 (the zip default without the UTF-8 flag): "Größe-café" as an old Windows zip writes it.
  CHECK(decode_entry_name("Gr\x94\xe1" "e-caf\x82", LegacyNames::zip) == "Größe-café");
  // "über" in CP437 starts with 0x81, a Shift-JIS lead byte: it must not turn Japanese.
  CHECK(decode_entry_name("\x81" "ber-br\x81" "cken.html", LegacyNames::zip) == "über-brücken.html");
  // Shift-JIS from Japanese Windows: "日本語の記事".
  CHECK(decode_entry_name("\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x8b\x4c\x8e\x96", LegacyNames::zip) == "日本語の記事");
  // Tars and folders: Latin-1.
  CHECK(decode_entry_name("J\xfcrgen", LegacyNames::other) == "Jürgen");
  CHECK(cp437_to_utf8(std::string("\xb0\xdb\xff", 3)) == "░█\u00a0");
}

TEST_CASE("a NUL inside an entry name is refused, not cut", "[archive]") {
  TempDir t;
  std::string zip = t.path("nul.zip");
  write_archive(zip, {{"a.jsonQ../../x", "x"}, {"b.json", "y"}});
  std::ifstream f(zip, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  f.close();
  size_t n = 0;
  for (size_t at = bytes.find("a.jsonQ"); at != std::string::npos; at = bytes.find("a.jsonQ", at + 1), ++n)
    bytes[at + 6] = '\0';
  REQUIRE(n >= 2);  // the local header and the central directory
  std::ofstream(zip, std::ios::binary) << bytes;
  CHECK_THROWS_WITH(Archive({zip}), Catch::Contains("NUL byte") && Catch::Contains("a.json\\0../../x"));
  CHECK_THROWS_WITH(normalise_entry_path(std::string("a\0b", 3), "x.zip"), Catch::Contains("NUL byte"));
}

TEST_CASE("the ratio bound holds over the whole archive, not only per entry", "[archive]") {
  TempDir t;
  // 40 entries, each below the per-entry threshold, together far above the overall ratio.
  std::vector<dataport::test::FakeEntry> many;
  for (int i = 0; i < 40; ++i) many.emplace_back("zeros-" + std::to_string(i) + ".bin", std::string(512 << 10, '\0'));
  ArchiveLimits limits;
  limits.ratio_after = 4 << 20;
  limits.max_ratio = 100;
  write_archive(t.path("many.zip"), many);
  CHECK_THROWS_WITH(Archive({t.path("many.zip")}, limits), Catch::Contains("zip bomb") && Catch::Contains("many.zip"));
  write_archive(t.path("many.tar.gz"), many, "tar.gz");
  CHECK_THROWS_WITH(Archive({t.path("many.tar.gz")}, limits), Catch::Contains("bomb") && Catch::Contains("many.tar.gz"));
  // The same zip under default limits (20 MiB in all) is fine: an honest export is not refused.
  Archive ok({t.path("many.zip")});
  CHECK(ok.entries().size() == 40);
}
