// dataport export photos -o DIR: every photo and video the records name, once, in a plain folder
// tree, with what the records know (date, place, caption, people, albums) written into the file:
//
//   DIR/2024/02/IMG_0001.JPG           by taken time (--layout date, the default), UTC
//   DIR/2024/02/IMG_0001-edited.JPG    an edited copy next to its original, with the same name
//   DIR/2024/02/PXL_1.jpg, PXL_1.MP4   a motion photo's picture and video keep one stem
//   DIR/2024/02/PXL_1.xmp              an XMP sidecar where exiv2 cannot write into the file
//   DIR/2024/03/IMG_2.HEIC.xmp, IMG_2.MOV.xmp  sidecars of two files of one stem that both need one
//   DIR/albums/Trip to Lyon/IMG_0001.JPG -> ../../2024/02/IMG_0001.JPG  (copies with --copy-albums)
//   DIR/dataport-photos.csv            one row per file: name, sha256, time, place, albums, records
//
// A file is known by its SHA-256 in the media store, so a photo found in several records,
// platforms or parts of an export is written once, with what all of them say merged: the best
// time (a taken time over an upload time), the first position and caption, every person and
// album. Names come from the archive (the original file name where the platform kept it); two
// different files that want one name in one folder get "(1)", "(2)"... in a fixed order (taken
// time, then SHA-256), and always on the whole stem so that pairs stay pairs.

#include <fcntl.h>
#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>

#include "exporters/common.h"
#include "exporters/output.h"
#include "exporters/photo_meta.h"
#include "exporters/quicktime.h"
#include "lib/buffer.h"
#include "lib/error.h"
#include "lib/media.h"
#include "lib/text.h"

namespace fs = std::filesystem;

namespace dataport {

namespace {

// PNG, TIFF and WebP files larger than this are copied as they are, with a sidecar: exiv2 holds
// a whole file of those in memory (twice). JPEGs have no limit: only their header is read.
constexpr int64_t max_embed_bytes = 64LL << 20;

enum class Layout { date, album, platform };

// What one record says about one file it names.
struct Mention {
  std::string record, platform, path, mime;
  std::optional<Timestamp> time;
  int time_rank = 0;  // 2: a taken time; 1: an upload or record time
  std::optional<double> lat, lon, altitude;
  std::string caption, album;
  std::vector<std::string> people;
  bool edited = false, original_name = false;
};

struct Photo {
  std::string sha256, mime, name, group;
  std::vector<Mention> sources;
  PhotoMeta meta;
  bool edited = false;
  int64_t size = 0;          // of the file in the media store
  ino_t inode = 0;           // of that file: where it is on the disk, roughly
  std::string folder, file;  // where it is written: DIR/<folder>/<file>
  std::string sidecar;       // its XMP sidecar's name in that folder, if it gets one
  std::string row;           // its line of dataport-photos.csv
  bool has_sidecar = false;  // whether it got one
};

std::optional<double> number(const json& o, const char* key) {
  if (!o.is_object()) return std::nullopt;
  auto it = o.find(key);
  if (it == o.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::string stem_of(const std::string& name) {
  size_t dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

void add_unique(std::vector<std::string>& list, const std::string& v) {
  if (!v.empty() && std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
}

void add_people(std::vector<std::string>& out, const json& o, const char* key) {
  if (!o.is_object() || !o.contains(key) || !o[key].is_array()) return;
  for (const json& p : o[key]) add_unique(out, p.is_string() ? p.get<std::string>() : person_name(p));
}

bool is_visual(const std::string& mime) { return mime.rfind("image/", 0) == 0 || mime.rfind("video/", 0) == 0; }

// Every photo or video a record names in data[key] (media[] of posts and media records,
// attachments[] of messages), with what the record says about it.
void collect(const Record& r, const char* key, std::map<std::string, Photo>& photos) {
  const json& d = r.data;
  if (!d.contains(key) || !d[key].is_array()) return;
  for (const json& item : d[key]) {
    std::string sha = field(item, "sha256");
    if (sha.size() != 64) continue;
    Mention s;
    s.record = r.id;
    s.platform = r.platform;
    s.path = field(item, "path");
    s.mime = field(item, "mime");
    if (!s.mime.empty() && !is_visual(s.mime)) continue;
    for (const json* o : {&item, &d}) {
      if (s.time) break;
      if (auto t = parse_iso8601(field(*o, "taken_at"))) s.time = t, s.time_rank = 2;
    }
    if (!s.time)
      if (auto t = parse_iso8601(field(item, "created_at"))) s.time = t, s.time_rank = 1;
    if (!s.time && r.time) s.time = r.time, s.time_rank = 1;
    for (const json* o : {&item, &d}) {
      auto lat = number(*o, "lat"), lon = number(*o, "lon");
      if (lat && lon && !s.lat) {
        s.lat = lat, s.lon = lon, s.altitude = number(*o, "altitude");
      }
    }
    s.caption = field(item, "description");
    if (s.caption.empty()) s.caption = field(d, "description");
    if (s.caption.empty() && r.kind == "post") s.caption = field(d, "text");
    if (s.caption.empty() && r.kind == "post") s.caption = field(item, "title");
    add_people(s.people, d, "people");
    add_people(s.people, d, "tags");
    add_people(s.people, item, "people");
    add_people(s.people, item, "tags");
    s.album = field(d, "album");
    s.edited = d.contains("raw") && d["raw"].is_object() && d["raw"].value("edited", false);
    s.original_name = !s.path.empty() && field(d, "title") == basename(s.path);
    Photo& p = photos[sha];
    p.sha256 = sha;
    p.sources.push_back(std::move(s));
  }
}

// One photo's metadata from all its sources (in record order: time, then id).
void merge(Photo& p) {
  const Mention* timed = nullptr;
  for (const Mention& s : p.sources) {
    if (s.time && (!timed || s.time_rank > timed->time_rank)) timed = &s;
    if (!p.meta.lat && s.lat) p.meta.lat = s.lat, p.meta.lon = s.lon, p.meta.altitude = s.altitude;
    if (p.meta.caption.empty()) p.meta.caption = s.caption;
    for (const std::string& x : s.people) add_unique(p.meta.people, x);
    add_unique(p.meta.albums, s.album);
    add_unique(p.meta.platforms, s.platform);
    if (p.mime.empty()) p.mime = s.mime;
  }
  std::sort(p.meta.platforms.begin(), p.meta.platforms.end());
  if (timed) p.meta.taken = timed->time;
  const Mention* named = &p.sources.front();
  for (const Mention& s : p.sources)
    if (s.original_name) {
      named = &s;
      break;
    }
  p.edited = named->edited;
  p.name = safe_component(basename(named->path), p.sha256.substr(0, 16));
  if (p.name.find('.') == std::string::npos || p.name.rfind('.') == 0) p.name += mime_extension(p.mime);
  std::string stem = stem_of(p.name);
  // An edited copy joins its original's group: "IMG_1-edited.jpg" (or "-bearbeitet"...) -> "img_1",
  // "IMG_1-edited(1).jpg" -> "img_1(1)".
  if (p.edited) {
    std::string number;
    if (size_t open = stem.rfind('('); open != std::string::npos && stem.back() == ')') number = stem.substr(open), stem.resize(open);
    if (size_t dash = stem.rfind('-'); dash != std::string::npos && dash > 0) stem.resize(dash);
    stem += number;
  }
  std::string dir(named->path.substr(0, named->path.size() - basename(named->path).size()));
  p.group = dir + "\n" + lower(stem);
}

std::string date_folder(const PhotoMeta& m) {
  if (!m.taken) return "undated";
  std::string t = format_rfc3339(*m.taken);
  return t.substr(0, 4) + "/" + t.substr(5, 2);
}

std::string album_folder(const std::string& album) { return "albums/" + safe_component(album); }

std::string folder_for(const Photo& p, Layout layout) {
  if (layout == Layout::album && !p.meta.albums.empty()) return album_folder(p.meta.albums.front());
  if (layout == Layout::platform) return safe_component(p.meta.platforms.empty() ? "unknown" : p.meta.platforms.front()) + "/" + date_folder(p.meta);
  return date_folder(p.meta);
}

// Names already taken in each folder, compared case-insensitively (FAT, exFAT, APFS and NTFS
// destinations would merge "a.jpg" and "A.JPG"). A file takes its own name and both names its
// sidecar may get ("NAME.EXT.xmp", and "NAME.xmp", shared by the files of one group that have that
// stem: a motion photo's picture and video), so no other file can come to share its stem.
class Names {
 public:
  /// Whether `name` (and its sidecars) are free in `folder` for a member of `group`.
  bool free(const std::string& folder, const std::string& name, const std::string& group) const {
    if (used(folder, name)) return false;
    auto st = stems_.find(folder);
    if (st == stems_.end()) return true;
    auto owner = st->second.find(lower(stem_of(name)) + ".xmp");
    return owner == st->second.end() || owner->second == group;
  }
  void take(const std::string& folder, const std::string& name, const std::string& group) {
    used_[folder].insert(lower(name));
    used_[folder].insert(lower(name) + ".xmp");
    stems_[folder].emplace(lower(stem_of(name)) + ".xmp", group);
  }
  /// `name`, else "stem(1).ext", "stem(2).ext"... the first that is free with its sidecars.
  std::string claim(const std::string& folder, const std::string& name, const std::string& group) {
    std::string stem = stem_of(name), ext = name.substr(stem.size());
    std::string n = numbered(stem, first_free(folder, stem, {ext}, group)) + ext;
    take(folder, n, group);
    return n;
  }
  /// The first k for which numbered(stem, k) + each of `ends` is free for `group`.
  int first_free(const std::string& folder, const std::string& stem, const std::vector<std::string>& ends,
                 const std::string& group) {
    // A number whose first name is taken is taken for every group for good (names are never given
    // back): where that run ends is kept, so one name given m times costs m steps, not m x m
    // (thousands of "image.jpg" in one folder).
    int& from = taken_[folder + '\0' + lower(stem) + '\0' + lower(ends.front())];
    for (int k = from;; ++k) {
      std::string s = numbered(stem, k);
      if (k == from && used(folder, s + ends.front())) {
        ++from;
        continue;
      }
      bool ok = true;
      for (const std::string& end : ends) ok = ok && free(folder, s + end, group);
      if (ok) return k;
    }
  }
  static std::string numbered(const std::string& stem, int k) {
    return k ? stem + "(" + std::to_string(k) + ")" : stem;
  }

 private:
  bool used(const std::string& folder, const std::string& name) const {
    auto it = used_.find(folder);
    return it != used_.end() && (it->second.count(lower(name)) || it->second.count(lower(name) + ".xmp"));
  }
  std::map<std::string, std::set<std::string>> used_;
  std::map<std::string, std::map<std::string, std::string>> stems_;  // "stem.xmp" -> the group that has it
  std::map<std::string, int> taken_;  // folder, stem and first end -> the numbers below it are taken
};

// Gives every photo a folder and a name: a group (an original, its edited copies, a motion
// photo's video) goes to its lead's folder, and a number, when one is needed, goes on the stem
// they share so that "IMG(1).jpg" stays beside "IMG(1)-edited.jpg" and "IMG(1).MP4".
void place(std::vector<Photo*>& list, Layout layout, Names& names) {
  std::map<std::string, std::vector<Photo*>> groups;
  for (Photo* p : list) groups[p->group].push_back(p);
  struct Group {
    std::string folder;
    std::vector<Photo*> members;  // the lead first
  };
  std::vector<Group> order;
  for (auto& [key, members] : groups) {
    std::sort(members.begin(), members.end(), [](const Photo* a, const Photo* b) {
      auto rank = [](const Photo* p) { return (p->edited ? 2 : 0) + (p->mime.rfind("video/", 0) == 0 ? 1 : 0); };
      if (rank(a) != rank(b)) return rank(a) < rank(b);
      return std::tie(a->name, a->sha256) < std::tie(b->name, b->sha256);
    });
    order.push_back({folder_for(*members.front(), layout), members});
  }
  std::sort(order.begin(), order.end(), [](const Group& a, const Group& b) {
    const Photo *x = a.members.front(), *y = b.members.front();
    int64_t tx = x->meta.taken ? x->meta.taken->seconds : 0, ty = y->meta.taken ? y->meta.taken->seconds : 0;
    return std::tie(a.folder, tx, x->sha256) < std::tie(b.folder, ty, y->sha256);
  });
  for (Group& g : order) {
    std::string lead_stem = stem_of(g.members.front()->name);
    // Each member's name is the shared stem plus what it adds ("-edited") plus its extension.
    std::vector<std::pair<std::string, std::string>> parts;  // (suffix, extension)
    std::set<std::string> seen;
    bool fits = true;
    for (Photo* p : g.members) {
      std::string stem = stem_of(p->name);
      if (stem.compare(0, lead_stem.size(), lead_stem) != 0) fits = false;
      std::string suffix = fits ? stem.substr(lead_stem.size()) : "", ext = p->name.substr(stem.size());
      if (!seen.insert(lower(suffix + ext)).second) fits = false;
      parts.emplace_back(suffix, ext);
    }
    if (!fits) {  // not one stem after all: each on its own
      for (Photo* p : g.members) p->folder = g.folder, p->file = names.claim(g.folder, p->name, p->group);
      continue;
    }
    std::vector<std::string> ends;
    for (const auto& [suffix, ext] : parts) ends.push_back(suffix + ext);
    std::string stem = Names::numbered(lead_stem, names.first_free(g.folder, lead_stem, ends, g.members.front()->group));
    for (size_t i = 0; i < g.members.size(); ++i) {
      g.members[i]->folder = g.folder;
      g.members[i]->file = stem + ends[i];
      names.take(g.folder, g.members[i]->file, g.members[i]->group);
    }
  }
}

// A file descriptor closed on every way out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  /// Closes it, reporting what close(2) says (a delayed write error).
  int close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

std::string write_error(int err) {
  return std::string("write failed: ") + std::strerror(err) + (err == ENOSPC ? " (the disk is full)" : "");
}

int open_in(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(path, std::string("cannot read: ") + std::strerror(errno));
  return fd;
}

// A new file in the export's own temporary folder (O_EXCL: never through a name planted there).
int open_out(const std::string& path, const std::string& shown) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) throw Error(shown, std::string("cannot write: ") + std::strerror(errno));
  return fd;
}

bool read_at(int fd, char* buf, size_t n, int64_t at) {
  while (n > 0) {
    ssize_t got = ::pread(fd, buf, n, at);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    buf += got, n -= static_cast<size_t>(got), at += got;
  }
  return true;
}

void write_all(int fd, std::string_view bytes, const std::string& shown) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Error(shown, write_error(errno));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

// Appends `len` bytes of `in` from `from` to `out`, inside the kernel (copy_file_range: no pass
// through user memory, as `cp` does), else through a buffer where the file systems cannot.
void copy_range(int in, int64_t from, int out, int64_t len, const std::string& shown) {
  loff_t off = from;
  while (len > 0) {
    ssize_t n = ::copy_file_range(in, &off, out, nullptr, static_cast<size_t>(len), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) break;
    if (n < 0) throw Error(shown, write_error(errno));
    if (n == 0) throw Error(shown, "the file in the media store is shorter than it was; run dataport verify");
    len -= n;
  }
  ChunkBuffer buf(len > 0 ? ChunkBuffer::default_size : 0);
  while (len > 0) {
    size_t want = static_cast<size_t>(std::min<int64_t>(len, static_cast<int64_t>(buf.size())));
    if (!read_at(in, buf.data(), want, off)) throw Error(shown, "cannot read the file in the media store");
    write_all(out, std::string_view(buf.data(), want), shown);
    off += static_cast<loff_t>(want), len -= static_cast<int64_t>(want);
  }
}

void close_out(Fd& out, const std::string& shown) {
  if (out.close() != 0) throw Error(shown, write_error(errno));
}

void copy_file(const std::string& from, const std::string& to, const std::string& shown) {
  Fd in(open_in(from)), out(open_out(to, shown));
  struct stat st;
  if (::fstat(in.get(), &st) != 0) throw Error(from, std::string("cannot read: ") + std::strerror(errno));
  copy_range(in.get(), 0, out.get(), st.st_size, shown);
  close_out(out, shown);
}

// The leading segments of a JPEG hold everything exiv2 rewrites: SOI, APPn (Exif, XMP, ICC,
// MPF...) and COM. Returns where the first other segment (a table or a frame header) begins and
// ends, reading `head` from `fd` only as far as the scan (SOS); nullopt when the file is not laid
// out so, or has metadata segments after a table (exiv2 then gets the whole file).
std::optional<std::pair<size_t, size_t>> jpeg_head(int fd, int64_t size, std::string& head) {
  constexpr size_t max_head = 16 << 20;  // 256 full APP segments
  auto u8 = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  auto have = [&](size_t n) {  // the first n bytes in `head`
    if (n > head.size()) {
      if (static_cast<int64_t>(n) > size || n > max_head) return false;
      size_t old = head.size(), want = std::min<size_t>(static_cast<size_t>(size), std::max<size_t>(n, old + (64 << 10)));
      head.resize(want);
      if (!read_at(fd, head.data() + old, want - old, static_cast<int64_t>(old))) return false;
    }
    return true;
  };
  head.clear();
  if (!have(4) || u8(0) != 0xFF || u8(1) != 0xD8) return std::nullopt;
  for (size_t at = 2;;) {
    if (!have(at + 4) || u8(at) != 0xFF) return std::nullopt;
    while (u8(at + 1) == 0xFF)  // fill bytes before a marker
      if (!have(++at + 4)) return std::nullopt;
    unsigned marker = u8(at + 1);
    size_t end = at + 2 + (static_cast<size_t>(u8(at + 2)) << 8 | u8(at + 3));
    // Markers without a length (RSTn, TEM), the scan, or the end: not what a header looks like.
    if ((marker >= 0xD0 && marker <= 0xD9) || marker == 0x01 || marker == 0xDA || end < at + 4 || !have(end)) return std::nullopt;
    if ((marker >= 0xE0 && marker <= 0xEF) || marker == 0xFE) {
      at = end;
      continue;
    }
    for (size_t next = end;;) {  // the tables and frame header up to the scan: no metadata among them
      if (!have(next + 4) || u8(next) != 0xFF) return std::nullopt;
      unsigned m = u8(next + 1);
      if (m == 0xDA) return std::pair{at, end};
      if ((m >= 0xE0 && m <= 0xEF) || m == 0xFE || (m >= 0xD0 && m <= 0xD9) || m == 0x01 || m == 0xFF) return std::nullopt;
      size_t after = next + 2 + (static_cast<size_t>(u8(next + 2)) << 8 | u8(next + 3));
      if (after < next + 4) return std::nullopt;
      next = after;
    }
  }
}

// The taken time, else `fallback` (SOURCE_DATE_EPOCH, else the newest taken time): never the clock.
struct timespec mtime_of(const PhotoMeta& m, int64_t fallback) { return {static_cast<time_t>(m.taken ? m.taken->seconds : fallback), 0}; }
void set_mtime(const std::string& path, const PhotoMeta& m, int64_t fallback) {
  struct timespec ts[2] = {mtime_of(m, fallback), mtime_of(m, fallback)};
  utimensat(AT_FDCWD, path.c_str(), ts, AT_SYMLINK_NOFOLLOW);
}
// The same on a file being written (no path lookup); close(2) after it keeps the time.
void set_mtime(int fd, const PhotoMeta& m, int64_t fallback) {
  struct timespec ts[2] = {mtime_of(m, fallback), mtime_of(m, fallback)};
  futimens(fd, ts);
}

std::string csv_quote(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string number_text(const std::optional<double>& v) {
  if (!v) return "";
  return json(*v).dump();
}

// What `export photos` was asked for, beyond the filter.
struct PhotoOptions {
  Layout layout = Layout::date;
  bool prefer_platform = false, copy_albums = false;
  std::string album;  // lower case; empty: every album
  std::vector<std::string> kinds = {"media", "post"};
};

PhotoOptions read_options(const ExportOptions& opt) {
  PhotoOptions po;
  std::string layout = opt.param("layout", "date");
  if (layout != "date" && layout != "album" && layout != "platform")
    throw Error("--layout", "must be date, album or platform, not '" + layout + "'");
  po.layout = layout == "date" ? Layout::date : layout == "album" ? Layout::album : Layout::platform;
  std::string prefer = opt.param("prefer", "camera");
  if (prefer != "camera" && prefer != "platform")
    throw Error("--prefer", "must be camera or platform, not '" + prefer + "'");
  po.prefer_platform = prefer == "platform";
  po.copy_albums = !opt.param("copy-albums").empty();
  po.album = lower(opt.param("album"));
  if (!opt.param("messages").empty()) po.kinds.push_back("message");
  return po;
}

// The photos to write, merged: those in the media store that are photos or videos (an older record
// without a type is judged by the file's first bytes) and in --album. Reports the others.
std::vector<Photo*> select_photos(std::map<std::string, Photo>& photos, const std::string& media_dir, const PhotoOptions& po,
                                  Report& rep, Log& log, int64_t& merged) {
  MediaStore ms(media_dir);
  std::vector<Photo*> list;
  int64_t missing = 0, not_visual = 0;
  for (auto& [sha, p] : photos) {
    std::string from = ms.path_of(sha);
    struct stat st;
    if (::stat(from.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      ++missing;
      continue;
    }
    p.size = st.st_size;
    p.inode = st.st_ino;
    if (p.sources.front().mime.empty()) {
      std::FILE* f = std::fopen(from.c_str(), "rb");
      char head[64] = {};
      size_t n = f ? std::fread(head, 1, sizeof head, f) : 0;
      if (f) std::fclose(f);
      for (Mention& s : p.sources)
        if (s.mime.empty()) s.mime = sniff_mime(std::string_view(head, n), basename(s.path));
    }
    merge(p);
    if (!is_visual(p.mime)) {
      ++not_visual;
      continue;
    }
    if (!po.album.empty() && std::none_of(p.meta.albums.begin(), p.meta.albums.end(),
                                          [&](const std::string& a) { return lower(a) == po.album; }))
      continue;
    merged += static_cast<int64_t>(p.sources.size()) - 1;
    list.push_back(&p);
  }
  if (missing) {
    log.warn(media_dir, std::to_string(missing) + " photos and videos named by records are not in the media store");
    rep.dropped("files: not in the media store", missing);
  }
  if (not_visual) rep.dropped("files named as media that are not photos or videos", not_visual);
  return list;
}

// Whether exiv2 is expected to leave this file to a sidecar (decided before writing, from the type
// and size alone; a file exiv2 then fails on gets one too).
bool wants_sidecar(const Photo& p) { return !can_embed(p.mime) || (p.mime != "image/jpeg" && p.size > max_embed_bytes); }

// Names the sidecars: "NAME.xmp" (what Lightroom looks for; Immich, digiKam and darktable read it
// too), except where two files of one folder share the stem and both get a sidecar (a motion
// photo's HEIC and MOV): those get "NAME.EXT.xmp". `list` is in (folder, file) order.
void name_sidecars(std::vector<Photo*>& list) {
  std::map<std::pair<std::string, std::string>, int> wanting;  // (folder, lower stem) -> files wanting a sidecar
  for (const Photo* p : list) wanting[{p->folder, lower(stem_of(p->file))}] += wants_sidecar(*p);
  for (Photo* p : list) {
    int n = wanting[{p->folder, lower(stem_of(p->file))}] + !wants_sidecar(*p);  // as if this one wanted one too
    p->sidecar = n >= 2 ? p->file + ".xmp" : stem_of(p->file) + ".xmp";
  }
}

// The export as it is written: the output folder, what was asked, and what was done so far.
struct Writing {
  AtomicDir& out;
  const ExportOptions& opt;
  const PhotoOptions& po;
  Report& rep;
  Log& log;
  int64_t epoch = 0;
  std::string bytes;  // the head or whole file exiv2 rewrites, reused from file to file
  int64_t kept_date = 0, kept_gps = 0, kept_caption = 0, undated_videos = 0;
  std::set<std::string> sidecars;           // "folder/name" of the sidecars written, lower case
  std::map<std::string, std::string> dirs;  // the folders made, and their paths

  Writing(AtomicDir& o, const ExportOptions& eo, const PhotoOptions& p, Report& r, Log& l, int64_t e)
      : out(o), opt(eo), po(p), rep(r), log(l), epoch(e) {}
  // The temporary path of DIR/<folder>/<name>; the folder is made once.
  std::string path(const std::string& in, const std::string& name) {
    auto it = dirs.find(in);
    if (it == dirs.end()) {
      std::string first = out.file(in + "/" + name);
      dirs.emplace(in, first.substr(0, first.size() - name.size() - 1));
      return first;
    }
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos)
      throw Error(out.path(), "internal: output name '" + name + "' would leave the folder");
    return it->second + "/" + name;
  }
  void count(const CameraKept& k, std::string& how) {
    if (k.date) how += "; camera date kept", ++kept_date;
    if (k.gps) how += "; camera position kept", ++kept_gps;
    if (k.caption) how += "; camera caption kept", ++kept_caption;
  }
};

// Whether `out`, a JPEG header exiv2 wrote (SOI, segments, EOI), holds `tables` (the segments
// other than APPn and COM of the header it was given) unchanged and in order: exiv2 rewrites the
// metadata segments and may move a COM after the tables (it writes the comment just before the
// frame header, here the end of what it was given), but must leave the rest as it was.
bool same_tables(std::string_view out, std::string_view tables) {
  auto u8 = [&](size_t i) { return static_cast<unsigned char>(out[i]); };
  if (out.size() < 4 || u8(0) != 0xFF || u8(1) != 0xD8 || u8(out.size() - 2) != 0xFF || u8(out.size() - 1) != 0xD9) return false;
  size_t at = 2, end = out.size() - 2;
  while (at < end) {
    if (at + 4 > end || u8(at) != 0xFF) return false;
    unsigned m = u8(at + 1);
    size_t next = at + 2 + (static_cast<size_t>(u8(at + 2)) << 8 | u8(at + 3));
    if ((m >= 0xD0 && m <= 0xDA) || m == 0x01 || m == 0xFF || next < at + 4 || next > end) return false;
    if (!((m >= 0xE0 && m <= 0xEF) || m == 0xFE)) {
      if (out.substr(at, next - at) != tables.substr(0, next - at)) return false;
      tables.remove_prefix(next - at);
    }
    at = next;
  }
  return tables.empty();
}

// Writes the metadata into the photo, in w.bytes, when exiv2 can: a JPEG's header alone (the
// image data after it, from `rest` on, is left for the kernel to copy, never read here),
// another format whole. Nothing (and a warning) when it cannot: the file gets a sidecar.
std::optional<CameraKept> embed(Writing& w, const Photo& p, int in, int64_t size, int64_t& rest, const std::string& shown,
                                const std::string& from) {
  if (!can_embed(p.mime)) return std::nullopt;
  try {
    std::optional<std::pair<size_t, size_t>> head;
    if (p.mime == "image/jpeg") head = jpeg_head(in, size, w.bytes);
    if (head) {
      std::string tables = w.bytes.substr(head->first, head->second - head->first);
      w.bytes.resize(head->second);
      w.bytes += "\xFF\xD9";
      CameraKept k = embed_metadata(w.bytes, p.meta, w.po.prefer_platform, shown);
      if (!same_tables(w.bytes, tables)) throw Error(shown, "exiv2 changed more than the metadata segments");
      w.bytes.resize(w.bytes.size() - 2);  // the EOI: the scan and the rest follow from the file
      rest = static_cast<int64_t>(head->second);
      return k;
    }
    if (size > max_embed_bytes) return std::nullopt;
    w.bytes.resize(static_cast<size_t>(size));
    if (!read_at(in, w.bytes.data(), w.bytes.size(), 0)) throw Error(from, "cannot read the file in the media store");
    CameraKept k = embed_metadata(w.bytes, p.meta, w.po.prefer_platform, shown);
    rest = size;
    return k;
  } catch (const Error& e) {
    w.log.warn(shown, e.message() + "; copied as it is, with an XMP sidecar");
    return std::nullopt;
  }
}

// For a file copied as it is: what its camera wrote that the sidecar must not contradict (a HEIC's
// Exif item), and a video's taken time written into its QuickTime atoms in place, in `dst`.
CameraKept camera_side(Writing& w, const Photo& p, int in, int dst, int64_t size, std::string& how) {
  CameraKept k;
  if (p.mime == "image/heic" || p.mime == "image/avif") {
    if (std::string tiff = heif_exif(in, size); !tiff.empty()) k = camera_exif(tiff, w.po.prefer_platform);
    k.date = k.date && p.meta.taken, k.gps = k.gps && p.meta.lat, k.caption = k.caption && !p.meta.caption.empty();
  } else if (p.mime.rfind("video/", 0) == 0 && p.mime != "video/webm" && p.meta.taken) {
    // The date also goes into the QuickTime atoms, in place; the rest only fits a sidecar
    // (a ©xyz position would grow moov, moving every chunk offset when it precedes mdat).
    QuickTimeDates d = find_quicktime_dates(in, size);
    std::string why = d.problem;
    k.date = why.empty() && d.camera && !w.po.prefer_platform;
    if (!k.date && why.empty()) why = write_quicktime_dates(dst, d, p.meta.taken->seconds);
    if (!k.date) how += why.empty() ? "; quicktime dates" : "; quicktime dates not written: " + why;
    if (!why.empty()) ++w.undated_videos;
  }
  return k;
}

void write_sidecar(Writing& w, Photo& p, const CameraKept& k) {
  // A file that was to be embedded and was not, beside one whose sidecar has the stem's name already.
  if (w.sidecars.count(lower(p.folder + "/" + p.sidecar))) p.sidecar = p.file + ".xmp";
  std::string to = w.path(p.folder, p.sidecar);
  std::string shown = w.opt.output + "/" + p.folder + "/" + p.sidecar;
  Fd out(open_out(to, shown));
  write_all(out.get(), xmp_sidecar(p.meta, k), shown);
  set_mtime(out.get(), p.meta, w.epoch);
  close_out(out, shown);
  w.sidecars.insert(lower(p.folder + "/" + p.sidecar));
  p.has_sidecar = true;
  w.rep.wrote("XMP sidecars");
}

void index_row(Photo& p, const std::string& rel, const std::string& how) {
  std::vector<std::string> records;  // each once, in the order met (a sticker sent 10,000 times)
  std::set<std::string_view> met;
  for (const Mention& s : p.sources)
    if (met.insert(s.record).second) records.push_back(s.record);
  p.row = join({csv_quote(rel), p.sha256, p.meta.taken ? format_rfc3339(*p.meta.taken) : "", number_text(p.meta.lat),
               number_text(p.meta.lon), number_text(p.meta.altitude), csv_quote(p.meta.caption),
               csv_quote(join(p.meta.people, "; ")), csv_quote(join(p.meta.albums, "; ")), join(p.meta.platforms, " "),
               join(records, " "), how},
             ",") +
        "\n";
}

// One photo or video: its bytes with the metadata in them (or as they are, and a sidecar), its
// mtime, its row of the index.
void write_photo(Writing& w, Photo& p, const std::string& from) {
  std::string rel = p.folder + "/" + p.file, shown = w.opt.output + "/" + rel;
  Fd in(open_in(from));
  ::posix_fadvise(in.get(), 0, 0, POSIX_FADV_SEQUENTIAL);  // a larger read-ahead, as cp asks for
  int64_t size = p.size, rest = 0;  // w.bytes[0..) are written, then the source from `rest` on
  std::optional<CameraKept> embedded = embed(w, p, in.get(), size, rest, shown, from);
  std::string to = w.path(p.folder, p.file), how = embedded ? "embedded" : "sidecar";
  Fd dst(open_out(to, shown));
  if (embedded) write_all(dst.get(), w.bytes, shown);
  copy_range(in.get(), rest, dst.get(), size - rest, shown);
  CameraKept k = embedded ? *embedded : camera_side(w, p, in.get(), dst.get(), size, how);
  w.count(k, how);
  if (!embedded) write_sidecar(w, p, k);
  set_mtime(dst.get(), p.meta, w.epoch);
  close_out(dst, shown);
  w.rep.wrote(p.mime.rfind("video/", 0) == 0 ? "videos" : "photos");
  index_row(p, rel, how);
}

// Asks the kernel to start reading the next file (its first 16 MB) while this one is written:
// from a cold cache, the wait for a file's first bytes (its header, read before anything is
// written) then overlaps the writing of the one before. Nothing is read here.
void read_ahead(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;  // write_photo says why
  ::posix_fadvise(fd, 0, 16 << 20, POSIX_FADV_WILLNEED);
  ::close(fd);
}

// `list` (in (folder, file) order) in the order to write it: by where the files are in the media
// store's file system (inode numbers, as `cp -r` reads a folder), so that a disk reads the store
// from end to end rather than seeking from file to file in the order of the taken times. Files
// whose names could meet (their own and their sidecars' names agree up to the first dot, in one
// folder) stay together and in `list`'s order, which decides who gets a sidecar's short name:
// the result is the same in any order.
std::vector<Photo*> disk_order(const std::vector<Photo*>& list) {
  std::map<std::pair<std::string, std::string>, std::vector<Photo*>> near;
  for (Photo* p : list) near[{p->folder, lower(p->file.substr(0, p->file.find('.')))}].push_back(p);
  std::vector<std::pair<ino_t, const std::vector<Photo*>*>> order;
  for (const auto& [key, members] : near) {
    ino_t first = members.front()->inode;
    for (const Photo* p : members) first = std::min(first, p->inode);
    order.emplace_back(first, &members);
  }
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Photo*> out;
  out.reserve(list.size());
  for (const auto& [inode, members] : order) out.insert(out.end(), members->begin(), members->end());
  return out;
}

// Albums: a folder per album of links to the files and their sidecars (or copies), the file's own
// folder excepted. A sidecar keeps its form: "NAME.xmp" beside "NAME.EXT", or "NAME.EXT.xmp".
void link_albums(Writing& w, const std::vector<Photo*>& list, Names& names) {
  for (const Photo* p : list) {
    std::string rel = p->folder + "/" + p->file;
    bool long_form = p->sidecar == p->file + ".xmp";
    for (const std::string& a : p->meta.albums) {
      std::string folder = album_folder(a);
      if (folder == p->folder) continue;
      std::string name = names.claim(folder, p->file, p->group);
      std::vector<std::pair<std::string, std::string>> links = {{rel, folder + "/" + name}};
      if (p->has_sidecar)
        links.emplace_back(p->folder + "/" + p->sidecar, folder + "/" + (long_form ? name : stem_of(name)) + ".xmp");
      for (const auto& [src, dst] : links) {
        std::string at = w.out.file(dst);
        if (w.po.copy_albums) {
          copy_file(w.out.file(src), at, w.opt.output + "/" + dst);
          set_mtime(at, p->meta, w.epoch);
        } else {
          std::error_code ec;
          fs::create_symlink("../../" + src, at, ec);
          if (ec) throw Error(w.opt.output + "/" + dst, "cannot make a link: " + ec.message(), "--copy-albums copies instead");
        }
      }
      w.rep.wrote(w.po.copy_albums ? "album copies" : "album links");
    }
  }
}

}  // namespace

void export_photos(Store& store, const ExportOptions& opt, Log& log) {
  PhotoOptions po = read_options(opt);
  std::map<std::string, Photo> photos;
  store.each_record(with_kinds(opt.filter, po.kinds), [&](const Record& r) {
    collect(r, r.kind == "message" ? "attachments" : "media", photos);
  });
  Report rep;
  MediaStore ms(store.media_dir());
  int64_t merged = 0;
  std::vector<Photo*> list = select_photos(photos, store.media_dir(), po, rep, log, merged);
  Names names;
  place(list, po.layout, names);
  std::sort(list.begin(), list.end(), [](const Photo* a, const Photo* b) { return std::tie(a->folder, a->file) < std::tie(b->folder, b->file); });
  name_sidecars(list);

  int64_t newest = 0, total = 0, done = 0;
  for (const Photo* p : list) {
    if (p->meta.taken) newest = std::max(newest, p->meta.taken->seconds);
    total += p->size;  // progress is in bytes, as a copy's is
  }
  AtomicDir out(opt.output);
  Writing w(out, opt, po, rep, log, export_epoch(opt, newest));
  // PNG, TIFF and WebP pass through memory whole (exiv2 rewrites the whole file): keep buffers of
  // up to 32 MB in the heap rather than mapping and zeroing fresh pages for each file.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  std::vector<Photo*> order = disk_order(list);
  if (!order.empty()) read_ahead(ms.path_of(order.front()->sha256));
  for (size_t i = 0; i < order.size(); ++i) {
    Photo* p = order[i];
    if (i + 1 < order.size()) read_ahead(ms.path_of(order[i + 1]->sha256));
    write_photo(w, *p, ms.path_of(p->sha256));
    if (opt.progress) opt.progress(done += p->size, total, p->folder + "/" + p->file);
  }
  link_albums(w, list, names);
  std::string csv = "file,sha256,taken_at,lat,lon,altitude,caption,people,albums,platforms,records,metadata\n";
  for (const Photo* p : list) csv += p->row;
  AtomicFile index(out.file("dataport-photos.csv"));
  index.write(csv);
  index.commit();
  set_mtime(out.file("dataport-photos.csv"), PhotoMeta{}, w.epoch);
  out.commit();
  if (w.undated_videos)
    log.note("photos: " + std::to_string(w.undated_videos) + " videos could not take their date into the file, which is in their XMP sidecar only (dataport-photos.csv says why)");
  if (merged) log.note("photos: " + std::to_string(merged) + " copies found in more than one record, platform or part were written once");
  if (w.kept_date + w.kept_gps + w.kept_caption)
    log.note("photos: kept what the camera wrote (" + std::to_string(w.kept_date) + " dates, " + std::to_string(w.kept_gps) +
             " positions, " + std::to_string(w.kept_caption) + " captions); --prefer platform writes the platform's instead");
  rep.print(log, "photos", opt.output);
}

}  // namespace dataport
