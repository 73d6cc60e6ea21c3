#include "exporters/quicktime.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <string_view>

namespace dataport {

namespace {

// QuickTime and ISO media count seconds from 1904-01-01T00:00:00Z.
constexpr int64_t epoch_1904 = 2082844800;
constexpr int64_t max_moov = 64LL << 20;

bool read_at(int fd, char* buf, int64_t n, int64_t at) {
  while (n > 0) {
    ssize_t got = ::pread(fd, buf, static_cast<size_t>(n), at);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    buf += got, n -= got, at += got;
  }
  return true;
}

uint64_t big_endian(const char* p, int width) {
  uint64_t v = 0;
  for (int i = 0; i < width; ++i) v = v << 8 | static_cast<unsigned char>(p[i]);
  return v;
}

// One atom's header: its type and where its body and its end are. False when it does not fit.
struct Atom {
  std::string_view type;
  int64_t body, end;
};

bool atom_at(std::string_view bytes, int64_t at, int64_t limit, Atom& a) {
  if (at + 8 > limit) return false;
  uint64_t size = big_endian(bytes.data() + at, 4);
  a.type = bytes.substr(static_cast<size_t>(at) + 4, 4);
  a.body = at + 8;
  if (size == 1) {  // a 64-bit size follows the type
    if (at + 16 > limit) return false;
    size = big_endian(bytes.data() + at + 8, 8);
    a.body = at + 16;
  } else if (size == 0) {  // to the end of its parent
    size = static_cast<uint64_t>(limit - at);
  }
  if (size < static_cast<uint64_t>(a.body - at) || size > static_cast<uint64_t>(limit - at)) return false;
  a.end = at + static_cast<int64_t>(size);
  return true;
}

// mvhd, tkhd and mdhd are "full" atoms: a version byte and three flag bytes, then the creation
// and modification times, 32-bit in version 0 and 64-bit in version 1.
bool header_dates(std::string_view moov, const Atom& a, int64_t base, QuickTimeDates& d, bool movie) {
  if (a.end - a.body < 4) return false;
  int version = static_cast<unsigned char>(moov[static_cast<size_t>(a.body)]);
  if (version > 1) return false;
  int width = version == 1 ? 8 : 4;
  if (a.end - a.body < 4 + 2 * width) return false;
  if (movie) {
    // Unsigned seconds since 1904. 1970-01-01 is an encoder's "unset"; a value past the year 9999
    // is no date (as a 64-bit field it may be anything: it is never taken as a signed number).
    constexpr uint64_t last = uint64_t{253402300799} + epoch_1904;
    uint64_t v = big_endian(moov.data() + a.body + 4, width);
    if (v != 0 && v != static_cast<uint64_t>(epoch_1904) && v <= last) d.camera = static_cast<int64_t>(v) - epoch_1904;
  }
  d.fields.push_back({base + a.body + 4, width});
  d.fields.push_back({base + a.body + 4 + width, width});
  return true;
}

// Walks the children of [from, to) in moov: trak and mdia are opened, the date atoms noted.
bool walk(std::string_view moov, int64_t from, int64_t to, int64_t base, QuickTimeDates& d, int depth, bool& movie) {
  for (int64_t at = from; at < to;) {
    Atom a;
    if (!atom_at(moov, at, to, a)) return false;
    if (a.type == "mvhd" && depth == 0) {
      if (movie || !header_dates(moov, a, base, d, true)) return false;
      movie = true;
    } else if ((a.type == "tkhd" && depth == 1) || (a.type == "mdhd" && depth == 2)) {
      if (!header_dates(moov, a, base, d, false)) return false;
    } else if ((a.type == "trak" && depth == 0) || (a.type == "mdia" && depth == 1)) {
      if (!walk(moov, a.body, a.end, base, d, depth + 1, movie)) return false;
    }
    at = a.end;
  }
  return true;
}

}  // namespace

QuickTimeDates find_quicktime_dates(int fd, int64_t size) {
  QuickTimeDates d;
  int64_t moov_at = -1, moov_end = 0;
  for (int64_t at = 0; at < size;) {
    char head[16];
    int64_t n = std::min<int64_t>(16, size - at);
    if (!read_at(fd, head, n, at)) return d.problem = "cannot read its atoms", d;
    Atom a;
    if (!atom_at(std::string_view(head, static_cast<size_t>(n)), 0, size - at, a))
      return d.problem = "its atoms do not add up at byte " + std::to_string(at), d;
    if (a.type == "moov") {
      if (moov_at >= 0) return d.problem = "two moov atoms", d;
      moov_at = at, moov_end = at + a.end;
    }
    at += a.end;
  }
  if (moov_at < 0) return d.problem = "no moov atom", d;
  if (moov_end - moov_at > max_moov) return d.problem = "a moov atom over 64 MB", d;
  std::string moov(static_cast<size_t>(moov_end - moov_at), '\0');
  if (!read_at(fd, moov.data(), static_cast<int64_t>(moov.size()), moov_at)) return d.problem = "cannot read its moov atom", d;
  Atom top;
  atom_at(moov, 0, static_cast<int64_t>(moov.size()), top);
  bool movie = false;
  if (!walk(moov, top.body, top.end, moov_at, d, 0, movie)) d.problem = "its moov atom does not add up";
  else if (!movie) d.problem = "no movie header (mvhd)";
  if (!d.problem.empty()) d.fields.clear(), d.camera = 0;
  return d;
}

namespace {

// A HEIF meta atom's item table: where the item of one type lies (ISO/IEC 14496-12 8.11.3 and 8.11.6).
class ItemReader {
 public:
  ItemReader(std::string_view b, int64_t at, int64_t end) : b_(b), at_(at), end_(end) {}
  bool ok() const { return ok_; }
  uint64_t read(int width) {
    if (width == 0) return 0;
    if (!ok_ || at_ + width > end_) {
      ok_ = false;
      return 0;
    }
    uint64_t v = big_endian(b_.data() + at_, width);
    at_ += width;
    return v;
  }
  std::string_view type() {
    if (!ok_ || at_ + 4 > end_) return ok_ = false, std::string_view();
    at_ += 4;
    return b_.substr(static_cast<size_t>(at_ - 4), 4);
  }

 private:
  std::string_view b_;
  int64_t at_, end_;
  bool ok_ = true;
};

}  // namespace

std::string heif_exif(int fd, int64_t size) {
  // The meta atom at the top level (its size bounded: item tables are kilobytes).
  int64_t meta_at = -1, meta_size = 0;
  for (int64_t at = 0; at < size && meta_at < 0;) {
    char head[16];
    int64_t n = std::min<int64_t>(16, size - at);
    Atom a;
    if (!read_at(fd, head, n, at) || !atom_at(std::string_view(head, static_cast<size_t>(n)), 0, size - at, a)) return "";
    if (a.type == "meta") meta_at = at, meta_size = a.end;
    at += a.end;
  }
  if (meta_at < 0 || meta_size > (16 << 20)) return "";
  std::string meta(static_cast<size_t>(meta_size), '\0');
  if (!read_at(fd, meta.data(), meta_size, meta_at)) return "";
  Atom top;
  atom_at(meta, 0, meta_size, top);
  uint64_t exif_id = 0;
  bool found = false;
  Atom iloc{}, idat{};
  for (int64_t at = top.body + 4; at < top.end;) {  // after the version and flags
    Atom a;
    if (!atom_at(meta, at, top.end, a)) return "";
    if (a.type == "iloc") iloc = a;
    if (a.type == "idat") idat = a;
    if (a.type == "iinf" && a.end - a.body >= 6) {
      int version = static_cast<unsigned char>(meta[static_cast<size_t>(a.body)]);
      int64_t first = a.body + 4 + (version == 0 ? 2 : 4);
      for (int64_t e = first; e < a.end && !found;) {
        Atom infe;
        if (!atom_at(meta, e, a.end, infe)) return "";
        ItemReader r(meta, infe.body, infe.end);
        int v = static_cast<int>(r.read(1));
        r.read(3);
        if (infe.type == "infe" && v >= 2) {
          uint64_t id = r.read(v == 2 ? 2 : 4);
          r.read(2);  // protection index
          if (r.type() == "Exif" && r.ok()) exif_id = id, found = true;
        }
        e = infe.end;
      }
    }
    at = a.end;
  }
  if (!found || iloc.type.empty()) return "";
  ItemReader r(meta, iloc.body, iloc.end);
  int version = static_cast<int>(r.read(1));
  r.read(3);
  int sizes = static_cast<int>(r.read(1)), more = static_cast<int>(r.read(1));
  int offset_size = sizes >> 4, length_size = sizes & 15, base_size = more >> 4, index_size = version ? more & 15 : 0;
  uint64_t count = r.read(version < 2 ? 2 : 4);
  for (uint64_t i = 0; i < count && r.ok(); ++i) {
    uint64_t id = r.read(version < 2 ? 2 : 4);
    int method = version == 1 || version == 2 ? static_cast<int>(r.read(2) & 15) : 0;
    r.read(2);  // data reference index
    uint64_t base = r.read(base_size), extents = r.read(2);
    std::string item;
    for (uint64_t k = 0; k < extents && r.ok(); ++k) {
      r.read(index_size);
      uint64_t rel = r.read(offset_size), len = r.read(length_size);
      if (id != exif_id) continue;
      if (rel > UINT64_MAX - base) return "";  // base + offset past 2^64
      uint64_t off = base + rel;
      if (len > (4u << 20) || item.size() + len > (4u << 20)) return "";
      size_t old = item.size();
      item.resize(old + len);
      // Bounds without off + len, which wraps around for an offset near 2^64.
      auto within = [&](uint64_t limit) { return off <= limit && len <= limit - off; };
      if (method == 0) {
        if (!within(static_cast<uint64_t>(size)) || !read_at(fd, item.data() + old, static_cast<int64_t>(len), static_cast<int64_t>(off))) return "";
      } else if (method == 1 && !idat.type.empty() && within(static_cast<uint64_t>(idat.end - idat.body))) {
        item.replace(old, len, meta, static_cast<size_t>(idat.body + static_cast<int64_t>(off)), len);
      } else {
        return "";
      }
    }
    if (id != exif_id || !r.ok()) continue;
    // The item starts with the offset of the TIFF header after this 4-byte field (ISO/IEC 23008-12 A.2.1).
    if (item.size() < 4) return "";
    uint64_t skip = 4 + big_endian(item.data(), 4);
    return skip < item.size() ? item.substr(static_cast<size_t>(skip)) : "";
  }
  return "";
}

std::string write_quicktime_dates(int fd, const QuickTimeDates& d, int64_t unix_seconds) {
  if (unix_seconds > std::numeric_limits<int64_t>::max() - epoch_1904) return "a time past what a 64-bit atom holds";
  int64_t v = unix_seconds + epoch_1904;
  if (v < 0) return "a time before 1904";
  for (const QuickTimeDates::Field& f : d.fields)
    if (f.width == 4 && v > 0xFFFFFFFFLL) return "a time after 2040 in 32-bit (version 0) atoms";
  for (const QuickTimeDates::Field& f : d.fields) {
    char buf[8];
    for (int i = 0; i < f.width; ++i) buf[i] = static_cast<char>(static_cast<uint64_t>(v) >> (8 * (f.width - 1 - i)) & 0xFF);
    ssize_t n;
    do n = ::pwrite(fd, buf, static_cast<size_t>(f.width), f.offset);
    while (n < 0 && errno == EINTR);
    if (n != f.width) return std::string("cannot write: ") + std::strerror(errno);
  }
  return "";
}

}  // namespace dataport
