// The QuickTime date patcher and the HEIF Exif finder (exporters/quicktime.cc) on hand-made atom
// trees: what they find, what they write, and that lying sizes are refused, never followed.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <random>
#include <string>

#include "exporters/quicktime.h"

using namespace dataport;
using namespace std::string_literals;

namespace {

std::string be(uint64_t v, int width) {
  std::string s(static_cast<size_t>(width), '\0');
  for (int i = width - 1; i >= 0; --i, v >>= 8) s[static_cast<size_t>(i)] = static_cast<char>(v & 0xFF);
  return s;
}

std::string box(const std::string& type, const std::string& body) { return be(8 + body.size(), 4) + type + body; }

std::string full(const std::string& type, int version, const std::string& body) {
  return box(type, std::string(1, static_cast<char>(version)) + std::string(3, '\0') + body);
}

// A date atom's body after version and flags: creation, modification, then filler.
std::string dated(const std::string& type, int version, uint64_t created) {
  int w = version ? 8 : 4;
  return full(type, version, be(created, w) + be(created, w) + std::string(20, 'x'));
}

std::string movie(int version, uint64_t created, bool moov_last = false) {
  std::string moov = box("moov", dated("mvhd", version, created) +
                                     box("trak", dated("tkhd", version, created) + box("mdia", dated("mdhd", version, created))));
  std::string ftyp = box("ftyp", "mp42\0\0\0\0mp42isom"s), mdat = box("mdat", std::string(1000, 's'));
  return moov_last ? ftyp + mdat + moov : ftyp + moov + mdat;
}

// A file holding `bytes`, removed when it goes.
struct TempFile {
  explicit TempFile(const std::string& bytes) : f(std::tmpfile()) {
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fflush(f);
  }
  ~TempFile() { std::fclose(f); }
  int fd() const { return fileno(f); }
  std::string read() const {
    std::string out(static_cast<size_t>(::lseek(fd(), 0, SEEK_END)), '\0');
    REQUIRE(::pread(fd(), out.data(), out.size(), 0) == static_cast<ssize_t>(out.size()));
    return out;
  }
  std::FILE* f;
};

QuickTimeDates find(const std::string& bytes) {
  TempFile t(bytes);
  return find_quicktime_dates(t.fd(), static_cast<int64_t>(bytes.size()));
}

constexpr uint64_t epoch_1904 = 2082844800;

}  // namespace

TEST_CASE("quicktime: finds and writes the six dates, width for width", "[quicktime]") {
  for (int version : {0, 1})
    for (bool last : {false, true}) {
      std::string m = movie(version, 0, last);
      TempFile t(m);
      QuickTimeDates d = find_quicktime_dates(t.fd(), static_cast<int64_t>(m.size()));
      REQUIRE(d.problem.empty());
      REQUIRE(d.fields.size() == 6);
      CHECK(d.camera == 0);
      CHECK(write_quicktime_dates(t.fd(), d, 1706986990).empty());
      std::string after = t.read();
      REQUIRE(after.size() == m.size());
      int w = version ? 8 : 4;
      size_t changed = 0;
      for (size_t i = 0; i < m.size(); ++i) changed += m[i] != after[i];
      CHECK(changed <= 6 * static_cast<size_t>(w));
      for (const auto& f : d.fields) CHECK(after.substr(static_cast<size_t>(f.offset), static_cast<size_t>(w)) == be(1706986990 + epoch_1904, w));
      CHECK(after.find(std::string(1000, 's')) != std::string::npos);  // the samples untouched
    }
}

TEST_CASE("quicktime: a camera's date is seen; 1970 and 0 are not dates", "[quicktime]") {
  CHECK(find(movie(0, 1682935200 + epoch_1904)).camera == 1682935200);
  CHECK(find(movie(0, epoch_1904)).camera == 0);
  CHECK(find(movie(1, 0)).camera == 0);
  // A 64-bit date past the year 9999, or one that is negative as a signed number, is no date
  // (the fuzz target found the subtraction overflowing on such a value).
  CHECK(find(movie(1, 253402300799 + epoch_1904)).camera == 253402300799);
  CHECK(find(movie(1, 253402300800 + epoch_1904)).camera == 0);
  CHECK(find(movie(1, 0x8000000018a4e1f9ULL)).camera == 0);
  CHECK(find(movie(1, ~uint64_t{0})).camera == 0);
}

TEST_CASE("quicktime: lying sizes and missing atoms are a problem, not a write", "[quicktime]") {
  std::string good = movie(0, 0);
  CHECK(!find(good.substr(0, good.size() - 1)).problem.empty());  // mdat runs past the end
  CHECK(find(good.substr(0, 24)).problem == "no moov atom");
  std::string tiny = good;
  tiny.replace(24, 4, be(4, 4));  // moov smaller than its own header
  CHECK(!find(tiny).problem.empty());
  std::string large = good;
  large.replace(24, 4, be(1, 4));  // a 64-bit size that does not fit
  CHECK(!find(large).problem.empty());
  std::string child = good;
  child.replace(32, 4, be(100000, 4));  // mvhd bigger than moov
  QuickTimeDates d = find(child);
  CHECK(!d.problem.empty());
  CHECK(d.fields.empty());
  CHECK(find(box("ftyp", "qt  ") + box("moov", box("trak", ""))).problem == "no movie header (mvhd)");
  CHECK(!find(movie(0, 0) + movie(0, 0).substr(24)).problem.empty());  // two moov atoms
  CHECK(find(box("ftyp", "qt  ") + box("moov", full("mvhd", 2, std::string(30, 'x')))).problem != "");  // unknown version
  // An atom of size 0 runs to the end of the file.
  std::string open_end = movie(0, 0);
  open_end.replace(open_end.size() - 1008, 4, be(0, 4));
  CHECK(find(open_end).problem.empty());
}

TEST_CASE("quicktime: a time 32-bit atoms cannot hold is refused", "[quicktime]") {
  std::string m = movie(0, 0);
  TempFile t(m);
  QuickTimeDates d = find_quicktime_dates(t.fd(), static_cast<int64_t>(m.size()));
  CHECK(!write_quicktime_dates(t.fd(), d, 2300000000).empty());
  CHECK(!write_quicktime_dates(t.fd(), d, -2100000000).empty());
  CHECK(t.read() == m);
}

TEST_CASE("heif: the Exif item through iinf and iloc, in the file or in idat", "[quicktime]") {
  std::string tiff = "MM\0*\0\0\0\x08"s + std::string(10, 't');
  std::string payload = be(0, 4) + tiff;
  auto heic = [&](int method) {
    std::string infe = full("infe", 2, be(1, 2) + be(0, 2) + "hvc1") + full("infe", 2, be(7, 2) + be(0, 2) + "Exif");
    std::string iinf = full("iinf", 0, be(2, 2) + infe);
    std::string idat = method == 1 ? box("idat", payload) : "";
    auto iloc_for = [&](uint64_t offset) {
      // version 1: 4-byte offsets and lengths, no base offset, no index
      return full("iloc", 1, std::string("\x44\x00", 2) + be(1, 2) + be(7, 2) + be(static_cast<uint64_t>(method), 2) + be(0, 2) +
                                 be(1, 2) + be(offset, 4) + be(payload.size(), 4));
    };
    std::string ftyp = box("ftyp", "heic\0\0\0\0mif1heic"s);
    std::string meta = full("meta", 0, full("hdlr", 0, std::string(20, 'h')) + iinf + iloc_for(0) + idat);
    if (method == 1) return ftyp + meta;
    uint64_t at = ftyp.size() + meta.size() + 8;
    meta = full("meta", 0, full("hdlr", 0, std::string(20, 'h')) + iinf + iloc_for(at) + idat);
    return ftyp + meta + box("mdat", payload);
  };
  for (int method : {0, 1}) {
    std::string f = heic(method);
    TempFile t(f);
    CHECK(heif_exif(t.fd(), static_cast<int64_t>(f.size())) == tiff);
    // Cut anywhere, or bytes flipped anywhere: an answer or "", never a crash.
    for (size_t cut = 0; cut < f.size(); cut += 7) {
      TempFile c(f.substr(0, cut));
      (void)heif_exif(c.fd(), static_cast<int64_t>(cut));
    }
  }
  std::mt19937 rng(19);
  for (int round = 0; round < 300; ++round) {
    std::string f = heic(round % 2);
    for (int k = 0; k < 4; ++k) f[rng() % f.size()] = static_cast<char>(rng());
    TempFile t(f);
    (void)heif_exif(t.fd(), static_cast<int64_t>(f.size()));
    (void)find_quicktime_dates(t.fd(), static_cast<int64_t>(f.size()));
  }
  std::string none = box("ftyp", "heic") + full("meta", 0, "");
  TempFile n(none);
  CHECK(heif_exif(n.fd(), static_cast<int64_t>(none.size())).empty());
}

// An iloc extent whose offset plus length wraps around 2^64 passed the bounds check and was read
// from before the idat atom, or made std::string throw out_of_range (the photo export then died).
TEST_CASE("heif: an extent whose offset wraps around is refused, never read", "[quicktime]") {
  std::string payload = be(0, 4) + "MM\0*\0\0\0\x08"s + std::string(10, 't');
  for (int method : {0, 1}) {
    for (uint64_t len : {uint64_t{16}, uint64_t{4000}}) {
      CAPTURE(method, len);
      std::string iinf = full("iinf", 0, be(1, 2) + full("infe", 2, be(7, 2) + be(0, 2) + "Exif"));
      // version 1, 8-byte offsets, 4-byte lengths: one item, one extent at 2^64 - len
      std::string iloc = full("iloc", 1, std::string("\x84\x00", 2) + be(1, 2) + be(7, 2) + be(static_cast<uint64_t>(method), 2) +
                                             be(0, 2) + be(1, 2) + be(0 - len, 8) + be(len, 4));
      std::string f = box("ftyp", "heic\0\0\0\0mif1heic"s) +
                      full("meta", 0, full("hdlr", 0, std::string(20, 'h')) + iinf + iloc + box("idat", payload)) +
                      box("mdat", std::string(5000, 'm'));
      TempFile t(f);
      std::string got;
      REQUIRE_NOTHROW(got = heif_exif(t.fd(), static_cast<int64_t>(f.size())));
      CHECK(got.empty());
    }
  }
  // A base offset of 2^64 - 8 plus an extent offset of 8: not byte 0 of the file.
  std::string iinf = full("iinf", 0, be(1, 2) + full("infe", 2, be(7, 2) + be(0, 2) + "Exif"));
  std::string iloc = full("iloc", 1, std::string("\x44\x80", 2) + be(1, 2) + be(7, 2) + be(0, 2) + be(0, 2) +
                                         be(0 - uint64_t{8}, 8) + be(1, 2) + be(8, 4) + be(4000, 4));
  std::string f = box("ftyp", "heic\0\0\0\0mif1heic"s) + full("meta", 0, full("hdlr", 0, std::string(20, 'h')) + iinf + iloc) +
                  box("mdat", std::string(5000, 'm'));
  TempFile t(f);
  CHECK(heif_exif(t.fd(), static_cast<int64_t>(f.size())).empty());
}

TEST_CASE("quicktime: flipped bytes anywhere in a movie never crash", "[quicktime]") {
  std::mt19937 rng(7);
  for (int round = 0; round < 500; ++round) {
    std::string m = movie(round % 2, 0, round % 3 == 0);
    for (int k = 0; k < 3; ++k) m[rng() % m.size()] = static_cast<char>(rng());
    QuickTimeDates d = find(m);
    if (d.problem.empty()) CHECK(!d.fields.empty());
  }
}
