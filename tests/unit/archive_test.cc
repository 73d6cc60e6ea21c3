#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>

#include "lib/archive.h"
#include "lib/archive_names.h"
#include "lib/error.h"
#include "tests/unit/zip_writer.h"

using namespace dataport;
using dataport::test::FakeEntry;
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

TEST_CASE("a head and then the whole entry read each byte of the archive once", "[archive]") {
  // A probe or a reader looks at a file's head, then reads it: the reader goes on from the head,
  // where reopening the part to read the head again made k heads of an n-entry archive cost k x n.
  TempDir t;
  std::vector<FakeEntry> files;
  int64_t total = 0;
  for (int i = 0; i < 40; ++i) {
    std::string data;
    size_t size = std::vector<size_t>{0, 7, 4096, 4097, 70000}[static_cast<size_t>(i) % 5];
    uint32_t x = static_cast<uint32_t>(i) + 1;
    for (size_t k = 0; k < size; ++k) {
      x = x * 1103515245u + 12345u;  // letters in no pattern deflate can use: about 1.6:1
      data += static_cast<char>('a' + (x >> 16) % 26);
    }
    files.push_back({"d/f" + std::to_string(i) + ".json", data});
    total += static_cast<int64_t>(size);
  }
  std::string inner = t.path("inner.zip");
  write_archive(inner, files);
  std::string inner_bytes;
  {
    std::ifstream f(inner, std::ios::binary);
    inner_bytes.assign(std::istreambuf_iterator<char>(f), {});
  }
  for (std::string type : {"zip", "tar.gz", "nested"}) {
    INFO(type);
    std::string file = t.path("x." + (type == "nested" ? std::string("zip") : type));
    if (type == "nested") write_archive(file, {{"outer/inner.zip", inner_bytes}});
    else write_archive(file, files, type);
    Archive a({file});
    std::string prefix = type == "nested" ? "outer/inner.zip/" : "";
    int64_t before = a.bytes_read();  // the nested zip's own bytes, read to list it
    for (size_t i = 0; i < files.size(); ++i) {
      const Entry& e = entry(a, prefix + files[i].path);
      const std::string& want = files[i].data;
      size_t n = std::vector<size_t>{16, 4096, 100000}[i % 3];
      CHECK(a.head(e, n) == want.substr(0, n));
      if (i % 4 == 1) CHECK(a.head(e, n + 10) == want.substr(0, n + 10));  // a longer head goes on too
      CHECK(a.read(e) == want);
    }
    // A nested zip is read through its outer entry: once more, from its start, for the first open.
    CHECK(a.bytes_read() - before == total + (type == "nested" ? static_cast<int64_t>(inner_bytes.size()) : 0));
    // A head whose reader moved on since is read again, and still right.
    const Entry& first = entry(a, prefix + files[1].path);
    const Entry& second = entry(a, prefix + files[3].path);
    CHECK(a.head(first, 5) == files[1].data.substr(0, 5));  // cached: the reader stays where it is
    CHECK(a.read(second) == files[3].data);
    CHECK(a.read(first) == files[1].data);
    std::string third_path = prefix + files[8].path;
    auto s = a.open(entry(a, third_path));  // read in part, then a head of another entry, then this one whole
    char buf[100];
    CHECK(s->read(buf, sizeof buf) == sizeof buf);
    CHECK(a.head(entry(a, prefix + files[9].path), 4096) == files[9].data.substr(0, 4096));
    CHECK(a.read(entry(a, third_path)) == files[8].data);
    // A head, then the entry read in part from it, then the entry whole again: read anew.
    Archive b({file});
    const Entry& fourth = entry(b, prefix + files[4].path);  // 70000 bytes: longer than its head
    CHECK(b.head(fourth, 16) == files[4].data.substr(0, 16));
    auto partial = b.open(fourth);
    size_t got = 0;
    while (got < 100) got += partial->read(buf, 100 - got);  // 16 from the head, 84 read on
    CHECK(b.read(fourth) == files[4].data);
  }
  // The ratio bound of an entry read on from its head counts the compressed bytes of the head too.
  ArchiveLimits strict;
  strict.ratio_after = 1000;
  write_archive(t.path("strict.zip"), files);
  Archive a({t.path("strict.zip")}, strict);
  const Entry& big = entry(a, files[4].path);  // 70000 bytes, far below 250:1
  CHECK(a.head(big, 100) == files[4].data.substr(0, 100));
  CHECK(a.read(big) == files[4].data);
}

namespace {
uint32_t crc32_of(const std::string& data) {
  uint32_t c = 0xffffffffu;
  for (unsigned char b : data) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
  }
  return ~c;
}
void put_le(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
// A zip local header and its data, the sizes and CRC given (they may lie).
std::string local_entry(const std::string& name, int method, const std::string& content, const std::string& stored,
                        size_t declared_stored) {
  std::string out = "PK\x03\x04";
  put_le(out, 20, 2);  // version needed
  put_le(out, 0, 2);   // flags: sizes are in this header
  put_le(out, static_cast<uint64_t>(method), 2);
  put_le(out, 0, 4);  // time and date
  put_le(out, crc32_of(content), 4);
  put_le(out, declared_stored, 4);
  put_le(out, content.size(), 4);
  put_le(out, name.size(), 2);
  put_le(out, 0, 2);
  return out + name + stored;
}
// A raw deflate stream of one stored block: the deflate stream ends after `content`.
std::string deflate_stored(const std::string& content) {
  std::string out(1, '\x01');  // the final block, not compressed
  put_le(out, content.size(), 2);
  put_le(out, content.size() ^ 0xffffu, 2);
  return out + content;
}
// a.txt, whose deflate stream ends before the compressed size its header declares; in what is
// left of it lies the header and data of x.txt. Then b.txt. A reader that skips a.txt by its
// header's size (as listing does) finds a.txt and b.txt; one that reads a.txt and goes on from
// where its deflate stream ended finds x.txt next. The central directory begins, where a
// streaming reader stops, but has no end record: the zip is read as a stream, as a nested one is.
std::string zip_hiding_an_entry() {
  std::string hidden = local_entry("x.txt", 0, "the hidden entry", "the hidden entry", 16);
  std::string a = deflate_stored("alpha");
  return local_entry("a.txt", 8, "alpha", a + hidden, a.size() + hidden.size()) +
         local_entry("b.txt", 0, "bravo, the second entry", "bravo, the second entry", 23) + "PK\x01\x02" +
         std::string(42, '\0');
}
// n files d/f<i>.json of letters, the i-th 100 + i * grow bytes long.
std::vector<FakeEntry> lettered_files(int n, int grow) {
  std::vector<FakeEntry> files;
  for (int i = 0; i < n; ++i) {
    std::string data;
    for (int k = 0; k < 100 + i * grow; ++k) data += static_cast<char>('a' + (k * 7 + i) % 26);
    files.push_back({"d/f" + std::to_string(i) + ".json", data});
  }
  return files;
}
}  // namespace

TEST_CASE("a head asked for after its entry was read whole is read again, the same", "[archive]") {
  // Archive::read() drops the entry's cached head (the probes' heads of every JSON file stayed to
  // the end): a later head, in any order, reads the entry again.
  TempDir t;
  std::vector<FakeEntry> files = lettered_files(12, 500);
  for (std::string type : {"zip", "tar.gz"}) {
    INFO(type);
    std::string file = t.path("y." + type);
    write_archive(file, files, type);
    Archive a({file});
    for (const FakeEntry& f : files) CHECK(a.head(entry(a, f.path), 64) == f.data.substr(0, 64));  // the probes
    for (const FakeEntry& f : files) CHECK(a.read(entry(a, f.path)) == f.data);                     // the readers
    for (auto f = files.rbegin(); f != files.rend(); ++f) CHECK(a.head(entry(a, f->path), 300) == f->data.substr(0, 300));
    for (const FakeEntry& f : files) CHECK(a.head(entry(a, f.path), 64) == f.data.substr(0, 64));
    for (const FakeEntry& f : files) CHECK(a.read(entry(a, f.path)) == f.data);
  }
}

TEST_CASE("a peek reads what a head reads and keeps nothing", "[archive]") {
  TempDir t;
  std::vector<FakeEntry> files = lettered_files(12, 700);
  for (std::string type : {"zip", "tar.gz"}) {
    INFO(type);
    std::string file = t.path("p." + type);
    write_archive(file, files, type);
    Archive a({file});
    for (const FakeEntry& f : files) CHECK(a.peek(entry(a, f.path), 4096) == f.data.substr(0, 4096));
    CHECK(a.cached_head_bytes() == 0);
    // A peek, then the entry read: the reader goes on from the peeked bytes.
    for (const FakeEntry& f : files) {
      const Entry& e = entry(a, f.path);
      CHECK(a.peek(e, 10) == f.data.substr(0, 10));
      CHECK(a.read(e) == f.data);
    }
    // A head is kept and serves a later peek; reading the entry whole drops it.
    const Entry& fifth = entry(a, files[5].path);
    CHECK(a.head(fifth, 200) == files[5].data.substr(0, 200));
    CHECK(a.cached_head_bytes() == 200);
    CHECK(a.peek(fifth, 50) == files[5].data.substr(0, 50));
    CHECK(a.peek(fifth, 300) == files[5].data.substr(0, 300));  // longer than kept: read again, not kept
    CHECK(a.cached_head_bytes() == 200);
    CHECK(a.read(fifth) == files[5].data);
    CHECK(a.cached_head_bytes() == 0);
  }
}

TEST_CASE("an entry gives its own bytes whatever was read before it", "[archive]") {
  // Found by fuzzing (the `archive` target): after a.txt was read, the reader went on from where
  // a.txt's data ended rather than where its header said, and handed out x.txt's bytes as b.txt.
  TempDir t;
  std::string crafted = zip_hiding_an_entry();
  t.write("crafted.zip", crafted);
  write_archive(t.path("outer.zip"), {{"in/crafted.zip", crafted}});
  // What a read gives: the bytes, or the error (a.txt's data is shorter than its header says).
  auto outcome = [](auto&& read) -> std::string {
    try {
      return read();
    } catch (const Error& e) {
      return std::string("error: ") + e.what();
    }
  };
  auto streamed = [](Stream& s, size_t chunk) {
    std::string out;
    char buf[64];
    while (size_t n = s.read(buf, chunk)) out.append(buf, n);
    return out;
  };
  for (std::string file : {"crafted.zip", "outer.zip"}) {
    INFO(file);
    std::string prefix = file == "outer.zip" ? "in/crafted.zip/" : "";
    std::string a_path = prefix + "a.txt", b_path = prefix + "b.txt";
    const std::string b_bytes = "bravo, the second entry";
    // a.txt, read first in an archive just opened.
    std::string a_alone;
    {
      Archive a({t.path(file)});
      std::vector<std::string> listed;
      for (const Entry& e : a.entries())
        if (!e.container) listed.push_back(e.path);
      REQUIRE(listed == std::vector<std::string>{a_path, b_path});
      a_alone = outcome([&] { return a.read(entry(a, a_path)); });
      CHECK((a_alone == "alpha" || a_alone.find("a.txt") != std::string::npos));
    }
    {  // each entry read whole, in order
      Archive a({t.path(file)});
      CHECK(outcome([&] { return a.read(entry(a, a_path)); }) == a_alone);
      CHECK(a.read(entry(a, b_path)) == b_bytes);
    }
    {  // each entry's head, then the entry whole, then streamed again (what the fuzz target does)
      Archive a({t.path(file)});
      CHECK(outcome([&] { return a.head(entry(a, a_path), 3); }) == (a_alone == "alpha" ? "alp" : a_alone));
      CHECK(outcome([&] { return a.read(entry(a, a_path)); }) == a_alone);
      CHECK(outcome([&] { return streamed(*a.open(entry(a, a_path)), 4); }) == a_alone);
      const Entry& b = entry(a, b_path);
      CHECK(a.head(b, 3) == "bra");
      CHECK(a.read(b) == b_bytes);
      CHECK(streamed(*a.open(b), 4) == b_bytes);
    }
    {  // a.txt in part, then b.txt
      Archive a({t.path(file)});
      auto s = a.open(entry(a, a_path));
      char buf[2];
      CHECK(outcome([&] { return std::to_string(s->read(buf, sizeof buf)); }) == (a_alone == "alpha" ? "2" : a_alone));
      CHECK(a.read(entry(a, b_path)) == b_bytes);
    }
  }
}

TEST_CASE("a part changed on disk after it was listed is an error, not another file's bytes", "[archive]") {
  TempDir t;
  std::string zip = t.path("export.zip");
  write_archive(zip, {{"a.json", "{}"}, {"b.json", "[1]"}, {"c.json", "[2]"}});
  Archive a({zip});
  CHECK(a.read(entry(a, "b.json")) == "[1]");
  write_archive(zip, {{"a.json", std::string(5000, ' ') + "{}"}, {"b.json", "[1]"}, {"c.json", "[2]"}});
  try {
    a.read(entry(a, "b.json"));  // reopened: b.json's header is no longer where it was listed
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("export.zip: b.json") != std::string::npos);
    CHECK(std::string(e.what()).find("changed on disk while it was being read") != std::string::npos);
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
