#include "lib/archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <tuple>

#include "lib/archive_names.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/text.h"

namespace fs = std::filesystem;

namespace dataport {

namespace {

constexpr size_t block_size = 256 * 1024;

// Extensions a lone file may have when given instead of an archive (a bare dump, a
// conversations.json, a Records.json, a Bluesky repo.car). Anything else that libarchive does not recognise is refused.
bool single_file_ext(std::string_view path) {
  std::string name = lower(basename(path));
  for (const char* ext : {".json", ".js", ".csv", ".ndjson", ".jsonl", ".html", ".htm", ".mbox", ".ics",
                          ".vcf", ".txt", ".xml", ".geojson", ".kml", ".car"}) {
    std::string_view e = ext;
    if (name.size() > e.size() && std::string_view(name).substr(name.size() - e.size()) == e) return true;
  }
  return false;
}

bool nested_archive_name(std::string_view path) {
  std::string name = lower(basename(path));
  return name.size() > 4 && name.substr(name.size() - 4) == ".zip";
}

}  // namespace

bool is_junk_path(std::string_view path) {
  for (const std::string& c : split(path, '/'))
    if (c == "__MACOSX") return true;
  std::string_view base = basename(path);
  return base.substr(0, 2) == "._" || base == ".DS_Store" || iequals(base, "Thumbs.db") ||
         iequals(base, "desktop.ini");
}

std::string normalise_entry_path(std::string_view raw, const std::string& where) {
  auto refuse = [&](const std::string& why) {
    std::string shown;
    for (char c : raw) shown += c == '\0' ? std::string("\\0") : std::string(1, c);
    throw Error(where + ": " + repair_utf8(shown), "unsafe path in archive: " + why,
                "the archive may be malicious or damaged; nothing was read from it");
  };
  for (unsigned char c : raw) {
    if (c == 0) refuse("it contains a NUL byte");
    if (c < 0x20 || c == 0x7f) refuse("it contains a control character");
  }
  std::string s(raw);
  std::replace(s.begin(), s.end(), '\\', '/');
  if (!s.empty() && s[0] == '/') refuse("it is absolute");
  if (s.size() >= 2 && s[1] == ':' && std::isalpha(static_cast<unsigned char>(s[0]))) refuse("it names a drive");
  std::vector<std::string> kept;
  for (const std::string& c : split(s, '/')) {
    if (c.empty() || c == ".") continue;
    if (c == "..") refuse("it leaves the archive through '..'");
    kept.push_back(c);
  }
  return repair_utf8(join(kept, "/"));
}

// ---------------------------------------------------------------------------------------------
// Parts and their readers

struct Archive::Part {
  enum class Type { file, dir, single, nested } type = Type::file;
  std::string fs_path;   // file, dir, single: the path on disk
  std::string display;   // for messages
  std::string where_name;  // what where() names: the path the user gave
  std::string prefix;    // nested: "outer.zip/"
  int parent = -1;       // nested: the part holding it
  size_t parent_entry = 0;  // nested: where the entry holding it is in entries_
  std::vector<std::string> files;  // dir: relative path per entry index, as bytes on disk
  int64_t stored = 0;              // bytes the part takes (file size, or the nested entry's size)
  int64_t inflated = 0;            // distinct uncompressed bytes read from it so far
  std::vector<int64_t> read_out;   // per entry index: the most bytes read from it (8 bytes a header)

  // The open reader (file and nested parts) and where it stands.
  archive* reader = nullptr;
  int64_t header = -1;    // ordinal of the header the reader last returned
  bool consumed = false;  // data of that header was read
  int64_t epoch = 0;      // bumped whenever the reader moves; a stale Stream notices
  int64_t parent_epoch = -1;
  std::unique_ptr<Stream> parent_stream;  // nested: the outer entry's bytes
  std::vector<char> buffer;               // nested: read callback buffer
  // Per header ordinal: where the listing's reader stood in the part's (uncompressed) bytes once
  // it had read that header. The listing skips every entry's data by its declared size; a reader
  // that read an entry's data may stand elsewhere after it, when the entry's data ends before its
  // header says (a crafted zip), and its next header is then another entry than the one listed.
  std::vector<int64_t> listed_at;
  // What Archive::head() read of the entry the reader stands in, with nothing read or opened
  // since (epoch): open() of that entry serves these bytes and reads on. Reopening the part to
  // read them again parsed every header before the entry anew, and in a .tgz inflated everything
  // before it: a probe's or a reader's head, then the reader, of each of k files of an archive of
  // n entries cost k x n (Instagram, 1,000 JSON files among 20k entries: 22 s).
  struct HeadRead {
    int64_t index = -1, epoch = -1;
    int64_t raw_start = 0;  // the compressed bytes read when the entry's first byte was
    std::string bytes;
  } head_read;

  ~Part() { close(); }
  void close() {
    if (reader) archive_read_free(reader);
    reader = nullptr;
    header = -1;
    consumed = false;
    parent_stream.reset();
    std::vector<char>().swap(buffer);  // a nested part's read buffer, made again when it is reopened
    ++epoch;
  }
};

namespace {

archive* new_reader() {
  archive* a = archive_read_new();
  if (!a) throw Error("libarchive", "out of memory");
  archive_read_support_filter_all(a);
  archive_read_support_format_zip(a);
  archive_read_support_format_tar(a);
  archive_read_support_format_gnutar(a);
  archive_read_support_format_7zip(a);
  return a;
}

la_ssize_t nested_read(archive*, void* data, const void** out) {
  auto* p = static_cast<Archive::Part*>(data);
  try {
    size_t n = p->parent_stream->read(p->buffer.data(), p->buffer.size());
    *out = p->buffer.data();
    return static_cast<la_ssize_t>(n);
  } catch (const Error&) {
    return -1;
  }
}

}  // namespace

// Streams the data of the header the part's reader stands on, enforcing the limits.
class ArchiveStream : public Stream {
 public:
  ArchiveStream(Archive::Part* p, std::string where, int64_t index, int64_t declared, const ArchiveLimits& limits,
                int64_t* total)
      : p_(p), epoch_(p->epoch), where_(std::move(where)), index_(index), declared_(declared), limits_(limits),
        total_(total) {
    raw_start_ = archive_filter_bytes(p->reader, -1);
  }
  /// The entry again, its first bytes from `read_before` (Part::head_read), the rest from the reader.
  ArchiveStream(Archive::Part* p, std::string where, int64_t index, int64_t declared, const ArchiveLimits& limits,
                int64_t* total, Archive::Part::HeadRead read_before)
      : ArchiveStream(p, std::move(where), index, declared, limits, total) {
    raw_start_ = read_before.raw_start;
    replay_ = std::move(read_before.bytes);
  }
  size_t read(char* buf, size_t n) override {
    if (p_->epoch != epoch_ || !p_->reader)
      throw Error(where_, "internal: stream used after another entry of its part was opened");
    p_->consumed = true;
    if (replayed_ < replay_.size()) {  // read from the archive once already: not counted again
      size_t k = std::min(n, replay_.size() - replayed_);
      std::memcpy(buf, replay_.data() + replayed_, k);
      replayed_ += k;
      out_ += static_cast<int64_t>(k);
      check();
      return k;
    }
    la_ssize_t r = archive_read_data(p_->reader, buf, n);
    if (r < 0) {
      const char* msg = archive_error_string(p_->reader);
      throw Error(where_, std::string("corrupt or truncated entry: ") + (msg ? msg : "read failed"));
    }
    out_ += r;
    *total_ += r;
    check();
    return static_cast<size_t>(r);
  }

 private:
  void check() {
    if (out_ > limits_.max_entry_size)
      throw Error(where_, "entry is larger than the limit of " + std::to_string(limits_.max_entry_size) + " bytes");
    if (declared_ >= 0 && out_ > declared_)
      throw Error(where_, "entry holds more data than its header declares (" + std::to_string(declared_) +
                              " bytes): the archive is damaged or crafted");
    if (*total_ > limits_.max_total_size)
      throw Error(where_, "archive expands past the limit of " + std::to_string(limits_.max_total_size) + " bytes");
    // The whole part: bytes read again (a probe, then the importer) count once.
    if (p_->read_out.size() <= static_cast<size_t>(index_)) p_->read_out.resize(static_cast<size_t>(index_) + 1, 0);
    int64_t& seen = p_->read_out[static_cast<size_t>(index_)];
    if (out_ > seen) {
      p_->inflated += out_ - seen;
      seen = out_;
    }
    if (p_->inflated > limits_.ratio_after && p_->stored > 0 &&
        static_cast<double>(p_->inflated) > limits_.max_ratio * static_cast<double>(p_->stored))
      throw Error(where_, "the archive expands more than " + std::to_string(static_cast<int>(limits_.max_ratio)) +
                              ":1 over all its entries; refusing what looks like a zip bomb");
    if (out_ > limits_.ratio_after) {
      int64_t raw = std::max<int64_t>(archive_filter_bytes(p_->reader, -1) - raw_start_, 1);
      if (static_cast<double>(out_) > limits_.max_ratio * static_cast<double>(raw))
        throw Error(where_, "compression ratio above " + std::to_string(static_cast<int>(limits_.max_ratio)) +
                                ":1; refusing what looks like a zip bomb");
    }
  }
  Archive::Part* p_;
  int64_t epoch_;
  std::string where_;
  int64_t index_;
  int64_t declared_;
  const ArchiveLimits& limits_;
  int64_t* total_;
  int64_t out_ = 0;
  int64_t raw_start_ = 0;
  std::string replay_;
  size_t replayed_ = 0;

 public:
  int64_t raw_start() const { return raw_start_; }
};

class FileStream : public Stream {
 public:
  FileStream(const std::string& path, std::string where, int64_t max, int64_t* total)
      : where_(std::move(where)), max_(max), total_(total) {
    f_ = std::fopen(path.c_str(), "rb");
    if (!f_) throw Error(where_, std::string("cannot open: ") + std::strerror(errno));
  }
  ~FileStream() override {
    if (f_) std::fclose(f_);
  }
  size_t read(char* buf, size_t n) override {
    size_t r = std::fread(buf, 1, n, f_);
    if (r == 0 && std::ferror(f_)) throw Error(where_, std::string("read failed: ") + std::strerror(errno));
    out_ += static_cast<int64_t>(r);
    *total_ += static_cast<int64_t>(r);
    if (out_ > max_) throw Error(where_, "file is larger than the limit of " + std::to_string(max_) + " bytes");
    return r;
  }

 private:
  std::FILE* f_ = nullptr;
  std::string where_;
  int64_t max_;
  int64_t* total_;
  int64_t out_ = 0;
};

Archive::Archive(const std::vector<std::string>& paths, ArchiveLimits limits) : paths_(paths), limits_(limits) {
  if (paths.empty()) throw Error("", "no archive given");
  name_ = paths.size() == 1 ? paths[0] : paths[0] + " (+" + std::to_string(paths.size() - 1) + " parts)";
  for (const std::string& p : paths) add_path(p);
  // Nested archives found while listing become parts of their own, listed after their parent.
  for (size_t i = 0; i < parts_.size(); ++i)
    if (parts_[i]->type == Part::Type::nested) list_part(static_cast<int>(i));
  // The list is fixed from here on and kept to the end of the run: without the room its growth
  // left (up to half of it). 50k entries: 4.19 -> 3.20 MB (heaptrack).
  entries_.shrink_to_fit();
}

Archive::~Archive() = default;


void Archive::add_entry(Entry e) {
  if (static_cast<int64_t>(entries_.size()) >= limits_.max_entries)
    throw Error(name_, "more than " + std::to_string(limits_.max_entries) + " entries; refusing to list further");
  e.junk = is_junk_path(e.path);
  entries_.push_back(std::move(e));
}

void Archive::add_path(const std::string& path) {
  std::error_code ec;
  auto st = fs::status(path, ec);
  if (ec || !fs::exists(st)) throw Error(path, "no such file or folder");
  auto part = std::make_unique<Part>();
  part->fs_path = path;
  part->display = path;
  part->where_name = path;
  int index = static_cast<int>(parts_.size());
  if (fs::is_directory(st)) {
    part->type = Part::Type::dir;
    parts_.push_back(std::move(part));
    Part& p = *parts_.back();
    fs::path root = fs::weakly_canonical(path);
    std::vector<std::string> files;
    std::vector<std::tuple<std::string, std::string, bool>> found;  // name, path on disk, is_link
    for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::none, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const fs::directory_entry& de = *it;
      std::string rel = fs::relative(de.path(), path).generic_string();
      std::string norm = normalise_entry_path(decode_entry_name(rel, LegacyNames::other), path);
      if (de.is_symlink()) {
        fs::path target = fs::weakly_canonical(de.path(), ec);
        std::string t = target.generic_string(), r = root.generic_string();
        if (ec || (t != r && t.rfind(r + "/", 0) != 0))
          throw Error(path + ": " + norm, "unsafe link: it points outside the folder");
        found.emplace_back(norm, rel, true);
        continue;
      }
      if (de.is_directory()) continue;
      found.emplace_back(norm, rel, false);
    }
    if (ec) throw Error(path, "cannot list the folder: " + ec.message());
    std::sort(found.begin(), found.end());
    for (auto& [rel, disk, is_link] : found) {
      Entry e;
      e.path = rel;
      e.part = index;
      e.index = static_cast<int64_t>(p.files.size());
      e.link = is_link;
      if (!is_link) e.size = static_cast<int64_t>(fs::file_size(fs::path(path) / disk, ec));
      p.files.push_back(disk);
      bool nested = !is_link && nested_archive_name(rel) && !is_junk_path(rel);
      e.container = nested;
      add_entry(e);
      if (nested) {
        // A zip left inside an unpacked export is a file part of its own, read from disk.
        auto inner = std::make_unique<Part>();
        inner->type = Part::Type::file;
        inner->fs_path = (fs::path(path) / disk).string();
        inner->display = path + ": " + rel;
        inner->where_name = path;
        inner->prefix = rel + "/";
        parts_.push_back(std::move(inner));
        list_part(static_cast<int>(parts_.size()) - 1);
      }
    }
    return;
  }
  part->type = Part::Type::file;
  parts_.push_back(std::move(part));
  list_part(index);
}

// A zip says what it will expand to: 40 entries of 60 MiB of zeros in 2.4 MB are refused here,
// before a byte is inflated. A header that lies is caught while reading.
static void check_declared(const std::vector<std::pair<Entry, bool>>& found, int64_t stored, const ArchiveLimits& limits,
                           const std::string& display) {
  int64_t declared = 0;
  for (const auto& [e, nested] : found) declared += std::max<int64_t>(e.size, 0);
  if (stored > 0 && declared > limits.ratio_after &&
      static_cast<double>(declared) > limits.max_ratio * static_cast<double>(stored))
    throw Error(display, "its entries declare " + std::to_string(declared) + " bytes in " + std::to_string(stored) +
                             " (more than " + std::to_string(static_cast<int>(limits.max_ratio)) +
                             ":1 overall); refusing what looks like a zip bomb");
}

// Listing a tar.gz inflates it whole: the ratio is bounded while listing too.
static void check_inflation(archive* a, const ArchiveLimits& limits, const std::string& display) {
  int64_t inflated = archive_filter_bytes(a, 0), stored = archive_filter_bytes(a, -1);
  if (archive_filter_count(a) > 1 && inflated > limits.ratio_after &&
      static_cast<double>(inflated) > limits.max_ratio * static_cast<double>(std::max<int64_t>(stored, 1)))
    throw Error(display, "the archive expands more than " + std::to_string(static_cast<int>(limits.max_ratio)) +
                             ":1; refusing what looks like a compression bomb");
}

// A hard or symbolic link, a device or a fifo: listed, never read (true). A link whose target
// leaves the archive (absolute, or through "..") is refused: Error naming the part and the entry.
static bool link_entry(archive_entry* ae, mode_t type, const std::string& path, const std::string& display) {
  if (const char* hard = archive_entry_hardlink(ae)) {
    normalise_entry_path(hard, display + ": " + path);
    return true;
  }
  if (type == AE_IFLNK) {
    const char* target = archive_entry_symlink(ae);
    std::string t = target ? target : "";
    if (!t.empty() && t[0] == '/') throw Error(display + ": " + path, "unsafe link: it points to an absolute path");
    std::string dir(path.substr(0, path.rfind('/') == std::string::npos ? 0 : path.rfind('/')));
    normalise_entry_path(dir.empty() ? t : dir + "/" + t, display + ": " + path);
    return true;
  }
  return type != AE_IFREG;
}

// A part that is a file on disk: its size, after refusing a zip with a NUL byte in a name
// (libarchive cuts a name there: "a.json\0../../x" would read as "a.json").
static int64_t checked_file_size(const Archive::Part& p) {
  std::vector<std::string> nul = zip_names_with_nul(p.fs_path);
  if (!nul.empty())
    throw Error(p.display + ": " + nul.front(), "unsafe path in archive: it contains a NUL byte",
                "the archive may be malicious or damaged; nothing was read from it");
  std::error_code ec;
  return static_cast<int64_t>(fs::file_size(p.fs_path, ec));
}

// The entry of the header just read (its path, size, whether it is a link or a nested archive),
// into `e`; false for a folder. `last` becomes its path, for errors about what follows.
static bool header_entry(archive* a, archive_entry* ae, const Archive::Part& p, const ArchiveLimits& limits,
                         std::string& last, Entry& e) {
  // Under the UTF-8 locale both calls give the name's bytes: UTF-8 for a flagged zip entry or a
  // pax name, else what the header holds (a legacy code page in an old zip), decoded here.
  const char* raw = archive_entry_pathname(ae);
  if (!raw) raw = archive_entry_pathname_utf8(ae);
  if (!raw)
    throw Error(p.display + (last.empty() ? "" : ": after " + last),
                "an entry name cannot be read in any encoding", "the archive may be damaged");
  bool zip = (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP;
  std::string path = normalise_entry_path(decode_entry_name(raw, zip ? LegacyNames::zip : LegacyNames::other), p.display);
  last = path;
  mode_t type = archive_entry_filetype(ae);
  e.path = p.prefix + path;
  if (path.empty() || type == AE_IFDIR) return false;
  if (link_entry(ae, type, path, p.display)) {
    e.link = true;
  } else {
    e.size = archive_entry_size_is_set(ae) ? archive_entry_size(ae) : -1;
    if (e.size > limits.max_entry_size)
      throw Error(p.display + ": " + path, "entry declares " + std::to_string(e.size) + " bytes, over the limit");
  }
  e.container = !e.link && p.type == Archive::Part::Type::file && p.prefix.empty() && nested_archive_name(path) &&
                !is_junk_path(path);
  return true;
}

void Archive::list_part(int index) {
  Part& p = *parts_[static_cast<size_t>(index)];
  // libarchive hands names over in the current locale; under LANG=C a non-ASCII name would come
  // back as nothing at all. Read them as UTF-8 whatever the user's locale.
  Utf8Locale utf8;
  if (p.type == Part::Type::file) p.stored = checked_file_size(p);
  archive* a = new_reader();
  // Freed on every way out, including an unsafe path thrown from the listing loop.
  std::unique_ptr<archive, int (*)(archive*)> guard(a, archive_read_free);
  int r;
  if (p.type == Part::Type::nested) {
    const Entry& outer = entries_[p.parent_entry];
    p.stored = outer.size;
    p.parent_stream = open(outer);
    p.buffer.resize(block_size);
    r = archive_read_open(a, &p, nullptr, nested_read, nullptr);
  } else {
    r = archive_read_open_filename(a, p.fs_path.c_str(), block_size);
  }
  // libarchive bids on the format while opening or at the first header: either may say no.
  auto not_an_archive = [&](const std::string& msg) {
    if (msg.find("Unrecognized archive format") == std::string::npos) return false;
    if (p.type == Part::Type::file && p.prefix.empty() && single_file_ext(p.fs_path)) {
      // A lone export file (conversations.json, a dump): one entry named by its file name.
      p.type = Part::Type::single;
      Entry e;
      e.path = std::string(basename(p.fs_path));
      std::error_code ec;
      e.size = static_cast<int64_t>(fs::file_size(p.fs_path, ec));
      e.part = index;
      add_entry(e);
      return true;
    }
    throw Error(p.display, "not an archive: unrecognised format",
                "dataport reads zip, tar (gz, bz2, xz, zstd) and 7z archives, folders, and single export files");
  };
  if (r != ARCHIVE_OK) {
    std::string msg = archive_error_string(a) ? archive_error_string(a) : "cannot open";
    guard.reset();
    if (not_an_archive(msg)) return;
    throw Error(p.display, "cannot open the archive: " + msg);
  }
  archive_entry* ae;
  int64_t header = 0;
  std::string last;
  std::vector<std::pair<Entry, bool>> found;
  for (;;) {
    r = archive_read_next_header(a, &ae);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN) {
      std::string msg = archive_error_string(a) ? archive_error_string(a) : "read failed";
      guard.reset();
      if (header == 0 && not_an_archive(msg)) return;
      throw Error(last.empty() ? p.display : p.display + ": " + last, "corrupt or truncated archive: " + msg);
    }
    check_inflation(a, limits_, p.display);
    p.listed_at.push_back(archive_filter_bytes(a, 0));
    Entry e;
    e.part = index;
    e.index = header++;
    if (header_entry(a, ae, p, limits_, last, e)) found.emplace_back(e, e.container);
  }
  guard.reset();
  p.parent_stream.reset();
  std::vector<char>().swap(p.buffer);  // freed, not kept: 256 KiB for each of thousands of nested zips
  check_declared(found, p.stored, limits_, p.display);
  for (auto& [e, nested] : found) {
    add_entry(e);
    if (nested) {
      auto inner = std::make_unique<Part>();
      inner->type = Part::Type::nested;
      inner->display = p.display + ": " + e.path;
      inner->where_name = p.where_name;
      inner->prefix = e.path + "/";
      inner->parent = index;
      inner->parent_entry = entries_.size() - 1;  // the entry just added
      parts_.push_back(std::move(inner));
    }
  }
}

std::string Archive::where(const Entry& e) const {
  // Nested entry paths carry their container's path already ("inner.zip/a.json").
  return parts_[static_cast<size_t>(e.part)]->where_name + ": " + e.path;
}

std::unique_ptr<Stream> Archive::open(const Entry& e) const {
  Part& p = *parts_[static_cast<size_t>(e.part)];
  std::string where_ = where(e);
  if (e.link) throw Error(where_, "is a link; links are listed, never read");
  int64_t& total = total_read_;
  if (p.type == Part::Type::dir)
    return std::make_unique<FileStream>((fs::path(p.fs_path) / p.files[static_cast<size_t>(e.index)]).string(),
                                        where_, limits_.max_entry_size, &total);
  if (p.type == Part::Type::single)
    return std::make_unique<FileStream>(p.fs_path, where_, limits_.max_entry_size, &total);

  // A nested reader depends on its parent standing on the nested zip: reopen if the parent moved.
  if (p.type == Part::Type::nested && p.reader) {
    Part& parent = *parts_[static_cast<size_t>(p.parent)];
    if (parent.epoch != p.parent_epoch) p.close();
  }
  if (p.reader && p.header == e.index && p.consumed && p.head_read.index == e.index && p.head_read.epoch == p.epoch) {
    ++p.epoch;
    return std::make_unique<ArchiveStream>(&p, where_, e.index, e.size, limits_, &total, std::move(p.head_read));
  }
  bool reuse = p.reader && (p.header < e.index || (p.header == e.index && !p.consumed));
  auto reopen = [&] {
    p.close();
    archive* a = new_reader();
    int r;
    if (p.type == Part::Type::nested) {
      p.parent_stream = open(entries_[p.parent_entry]);
      p.parent_epoch = parts_[static_cast<size_t>(p.parent)]->epoch;
      p.buffer.resize(block_size);
      r = archive_read_open(a, &p, nullptr, nested_read, nullptr);
    } else {
      r = archive_read_open_filename(a, p.fs_path.c_str(), block_size);
    }
    if (r != ARCHIVE_OK) {
      std::string msg = archive_error_string(a) ? archive_error_string(a) : "cannot open";
      archive_read_free(a);
      throw Error(where_, "cannot reopen the archive: " + msg);
    }
    p.reader = a;
  };
  bool fresh = !reuse;
  if (fresh) reopen();
  archive_entry* ae;
  while (p.header < e.index) {
    int r = archive_read_next_header(p.reader, &ae);
    ++p.epoch;
    if (r < ARCHIVE_WARN || r == ARCHIVE_EOF) {
      std::string msg = archive_error_string(p.reader) ? archive_error_string(p.reader) : "unexpected end";
      p.close();
      throw Error(where_, "corrupt or truncated archive: " + msg);
    }
    ++p.header;
    p.consumed = false;
    // Every header the reader stops at is the one the listing found there, so an entry's bytes
    // never depend on what was read before it. A reader that went astray after reading an entry
    // walks again from the start, as the listing did; a walk from the start that goes astray
    // means the part changed since it was listed.
    if (archive_filter_bytes(p.reader, 0) != p.listed_at[static_cast<size_t>(p.header)]) {
      if (fresh) {
        p.close();
        throw Error(where_, "the archive changed on disk while it was being read",
                    "was it still being written or copied? Run the command again once it is complete");
      }
      reopen();
      fresh = true;
    }
  }
  ++p.epoch;
  return std::make_unique<ArchiveStream>(&p, where_, e.index, e.size, limits_, &total);
}

std::string Archive::read(const Entry& e) const {
  if (e.size > limits_.max_read_whole)
    throw Error(where(e), "too large to load whole (" + std::to_string(e.size) + " bytes); it must be streamed");
  auto s = open(e);
  std::string out;
  if (e.size > 0) out.reserve(static_cast<size_t>(e.size));
  char buf[65536];
  while (size_t n = s->read(buf, sizeof buf)) {
    out.append(buf, n);
    if (static_cast<int64_t>(out.size()) > limits_.max_read_whole)
      throw Error(where(e), "too large to load whole; it must be streamed");
  }
  // Read whole, its head is not asked for again (probes and sniffs come before the readers): the
  // heads of every JSON file a probe looked at stayed to the end (100k photos' sidecars: 34 MB).
  heads_.erase({e.part, e.index});
  return out;
}

const std::string* Archive::cached_head(const Entry& e, size_t n) const {
  auto it = heads_.find({e.part, e.index});
  if (it != heads_.end() && it->second.size() >= std::min<size_t>(n, static_cast<size_t>(std::max<int64_t>(e.size, 0))))
    return &it->second;
  return nullptr;
}

std::string Archive::head(const Entry& e, size_t n) const {
  if (const std::string* cached = cached_head(e, n)) return cached->substr(0, n);
  std::string out = read_head(e, n);
  heads_[{e.part, e.index}] = out;
  return out;
}

std::string Archive::peek(const Entry& e, size_t n) const {
  if (const std::string* cached = cached_head(e, n)) return cached->substr(0, n);
  return read_head(e, n);
}

size_t Archive::cached_head_bytes() const {
  size_t bytes = 0;
  for (const auto& [key, h] : heads_) bytes += h.size();
  return bytes;
}

std::string Archive::read_head(const Entry& e, size_t n) const {
  if (e.link) return "";
  auto s = open(e);
  std::string out(n, '\0');
  size_t got = 0;
  while (got < n) {
    size_t r = s->read(out.data() + got, n - got);
    if (!r) break;
    got += r;
  }
  out.resize(got);
  Part& p = *parts_[static_cast<size_t>(e.part)];
  if (auto* as = dynamic_cast<ArchiveStream*>(s.get()); as && p.reader && p.header == e.index)
    p.head_read = {e.index, p.epoch, as->raw_start(), out};
  return out;
}

std::vector<const Entry*> Archive::find_suffix(std::string_view suffix) const {
  std::vector<const Entry*> out;
  std::string want = lower(suffix);
  for (const Entry& e : entries_) {
    if (e.junk || e.link) continue;
    if (e.path.size() < want.size()) continue;
    std::string tail = lower(std::string_view(e.path).substr(e.path.size() - want.size()));
    if (tail != want) continue;
    if (e.path.size() == want.size() || e.path[e.path.size() - want.size() - 1] == '/' || want[0] == '/')
      out.push_back(&e);
  }
  return out;
}

const Entry* Archive::first_suffix(std::string_view suffix) const {
  auto v = find_suffix(suffix);
  return v.empty() ? nullptr : v.front();
}

namespace {
std::string hash_file(const std::string& path, const std::string& where, int64_t* size) {
  FileHash h = sha256_file(path);
  if (!h.error.empty()) throw Error(where, h.error);
  *size = h.size;
  return h.hex;
}
}  // namespace

const Archive::Digest& Archive::digest() const {
  if (digest_) return *digest_;
  auto d = std::make_unique<Digest>();
  for (size_t i = 0; i < parts_.size(); ++i) {
    const Part& p = *parts_[i];
    if (p.type == Part::Type::nested || !p.prefix.empty()) continue;  // covered by the outer part
    int64_t size = 0;
    std::string hex;
    if (p.type == Part::Type::dir) {
      // A folder has no bytes of its own: hash its sorted paths, sizes and contents.
      Hasher tree;
      for (size_t k = 0; k < p.files.size(); ++k) {
        const std::string& rel = p.files[k];
        fs::path full = fs::path(p.fs_path) / rel;
        int64_t fsize = 0;
        std::string fh = fs::is_symlink(full) ? sha256_hex(fs::read_symlink(full).generic_string())
                                              : hash_file(full.string(), p.display + ": " + rel, &fsize);
        tree.update(rel);
        tree.update("\0", 1);
        tree.update(std::to_string(fsize));
        tree.update("\0", 1);
        tree.update(fh);
        tree.update("\n", 1);
        size += fsize;
      }
      hex = tree.hex();
    } else {
      hex = hash_file(p.fs_path, p.display, &size);
    }
    d->parts.emplace_back(p.display, hex);
    d->sizes.push_back(size);
  }
  if (d->parts.size() == 1) {
    d->set = d->parts[0].second;
  } else {
    std::vector<std::string> hexes;
    for (auto& [path, hex] : d->parts) hexes.push_back(hex);
    std::sort(hexes.begin(), hexes.end());
    d->set = sha256_hex(join(hexes, "\n"));
  }
  digest_ = std::move(d);
  return *digest_;
}

void LineReader::append(std::string& line, size_t from, size_t n) {
  size_t room = line.size() < max_kept_string ? max_kept_string - line.size() : 0;
  if (n <= room && !truncated_) {
    line.append(buf_, from, n);
    return;
  }
  if (!truncated_) {
    line.append(buf_, from, room);
    cut_utf8_tail(line);
    truncated_ = true;
  }
}

bool LineReader::next(std::string& line) {
  line.clear();
  truncated_ = false;
  for (;;) {
    size_t nl = buf_.find('\n', pos_);
    if (nl != std::string::npos) {
      append(line, pos_, nl - pos_);
      pos_ = nl + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      ++line_no_;
      return true;
    }
    append(line, pos_, buf_.size() - pos_);
    buf_.clear();
    pos_ = 0;
    if (eof_) {
      if (line.empty()) return false;
      if (line.back() == '\r') line.pop_back();
      ++line_no_;
      return true;
    }
    buf_.resize(block_size);
    size_t n = s_.read(buf_.data(), buf_.size());
    buf_.resize(n);
    if (n == 0) eof_ = true;
  }
}

}  // namespace dataport

namespace dataport {

size_t MemoryStream::read(char* buf, size_t n) {
  size_t k = std::min(n, data_.size() - pos_);
  std::memcpy(buf, data_.data() + pos_, k);
  pos_ += k;
  return k;
}

}  // namespace dataport
