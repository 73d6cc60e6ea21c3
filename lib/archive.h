#pragma once
// One read-only view over everything the user named: zips, tars (gz, bz2, xz, zstd), plain
// folders, single files, and several parts of one export given together. Entries are streamed
// through libarchive and never extracted to disk. A zip inside the export is opened as a nested
// part, one level deep. Paths are normalised and checked when the archive is opened: absolute
// paths, "..", control characters and links that leave the archive are refused with an Error
// naming the archive and the entry. Sizes and compression ratios are bounded while reading.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dataport {

/// Bounds that turn a zip bomb or a lying header into a clear Error instead of an OOM or a hang.
struct ArchiveLimits {
  int64_t max_entry_size = int64_t{64} << 30;   ///< one entry, uncompressed
  int64_t max_total_size = int64_t{1} << 40;    ///< all entries read in one run
  int64_t ratio_after = int64_t{64} << 20;      ///< ratio is checked once an entry passes this
  double max_ratio = 250;                       ///< uncompressed / compressed
  int64_t max_entries = 2'000'000;              ///< entries in the whole set
  int64_t max_read_whole = int64_t{64} << 20;   ///< read() refuses larger entries (memory stays under 300 MB): stream them
};

/// One file inside the set.
struct Entry {
  std::string path;        ///< normalised, relative, '/'-separated; nested: "inner.zip/a/b.json"
  int64_t size = -1;       ///< uncompressed size from the header, -1 when unknown
  int part = 0;            ///< index of the part it lives in
  int64_t index = 0;       ///< ordinal of its header within that part
  bool junk = false;       ///< __MACOSX/, ._*, .DS_Store, Thumbs.db: ignored by everyone
  bool link = false;       ///< a link that stays inside the archive: listed, never read
  bool container = false;  ///< a nested archive opened as its own part
};

/// Reads one entry's bytes in order.
class Stream {
 public:
  virtual ~Stream() = default;
  /// Fills up to n bytes; 0 at the end. Throws Error on corrupt data or a broken bound.
  virtual size_t read(char* buf, size_t n) = 0;
};

/// The longest string an importer keeps from one CSV field, text line or JSON string (16 MiB):
/// a longer one is cut there, at a UTF-8 boundary, and its reader says so (truncated()), so one
/// huge field cannot take gigabytes once it is copied into a record, its JSON, FTS and SQLite.
inline constexpr size_t max_kept_string = size_t{16} << 20;

/// Reads a Stream line by line (LF or CRLF), without holding more than one line.
class LineReader {
 public:
  explicit LineReader(Stream& s) : s_(s) {}
  /// Next line without its terminator; false at the end.
  bool next(std::string& line);
  /// 1-based number of the line last returned.
  int64_t line_number() const { return line_no_; }
  /// True when the line last returned was longer than max_kept_string and was cut.
  bool truncated() const { return truncated_; }

 private:
  void append(std::string& line, size_t from, size_t n);
  Stream& s_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false, truncated_ = false;
  int64_t line_no_ = 0;
};

/// The set of parts as one archive.
class Archive {
 public:
  /// Opens and lists every part; throws Error for a missing path, an unreadable or unsafe archive.
  explicit Archive(const std::vector<std::string>& paths, ArchiveLimits limits = {});
  ~Archive();
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  /// Every entry, parts in the order given, each in its own order.
  const std::vector<Entry>& entries() const { return entries_; }
  /// The paths the user named.
  const std::vector<std::string>& paths() const { return paths_; }
  /// A short name for messages: the single path, or "first (+N parts)".
  const std::string& name() const { return name_; }
  /// "archive: path/inside", as errors and warnings print it.
  std::string where(const Entry& e) const;

  /// Streams an entry. Opening another entry of the same part ends the previous stream; reading
  /// entries in listing order costs one pass over each part.
  std::unique_ptr<Stream> open(const Entry& e) const;
  /// Reads a whole entry into memory (refused above limits.max_read_whole: stream it instead).
  std::string read(const Entry& e) const;
  /// The first n bytes (cached; for probes).
  std::string head(const Entry& e, size_t n = 4096) const;
  /// The same, not cached (a cached head serves it if there is one): for a look at every entry
  /// that nothing asks for again, such as the rules' sniff, which cached 4 KB an entry until the
  /// entry was read (20,000 Messenger threads: 81 MB).
  std::string peek(const Entry& e, size_t n = 4096) const;
  /// The bytes the cached heads hold (what head() keeps and read() drops).
  size_t cached_head_bytes() const;

  /// Entries whose path ends with `suffix` at a path-component boundary, case-insensitive.
  std::vector<const Entry*> find_suffix(std::string_view suffix) const;
  /// The first entry that find_suffix would return, or nullptr.
  const Entry* first_suffix(std::string_view suffix) const;

  /// SHA-256 per part (a folder hashes its sorted paths, sizes and contents) and of the whole
  /// set; computed on first use, which reads every part once.
  struct Digest {
    std::string set;                                           ///< hex; the archive id
    std::vector<std::pair<std::string, std::string>> parts;    ///< path, hex
    std::vector<int64_t> sizes;                                ///< bytes per part
  };
  const Digest& digest() const;

  /// Uncompressed bytes read so far (all entries).
  int64_t bytes_read() const { return total_read_; }

  struct Part;  // defined in archive.cc

 private:
  void add_path(const std::string& path);
  void list_part(int part);
  void add_entry(Entry e);
  const std::string* cached_head(const Entry& e, size_t n) const;
  std::string read_head(const Entry& e, size_t n) const;

  std::vector<std::string> paths_;
  std::string name_;
  ArchiveLimits limits_;
  std::vector<std::unique_ptr<Part>> parts_;
  std::vector<Entry> entries_;
  mutable std::map<std::pair<int, int64_t>, std::string> heads_;
  mutable std::unique_ptr<Digest> digest_;
  mutable int64_t total_read_ = 0;
};

/// Normalises an in-archive path ("./a//b" -> "a/b", '\' -> '/'); returns "" for a directory-only
/// path. Throws Error(where, ...) for absolute paths, "..", NUL or control characters.
std::string normalise_entry_path(std::string_view raw, const std::string& where);
/// True for OS junk that no importer wants: __MACOSX/, ._*, .DS_Store, Thumbs.db, desktop.ini.
bool is_junk_path(std::string_view path);

}  // namespace dataport

namespace dataport {

/// A Stream over bytes in memory (tests, and data already read whole).
class MemoryStream : public Stream {
 public:
  explicit MemoryStream(std::string data) : data_(std::move(data)) {}
  size_t read(char* buf, size_t n) override;

 private:
  std::string data_;
  size_t pos_ = 0;
};

}  // namespace dataport
