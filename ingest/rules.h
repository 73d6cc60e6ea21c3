#pragma once
// The importer skeleton. An importer on it is a probe plus a table of rules, one row per file
// family of the export:
//
//   {match, sniff, read, kinds, media}
//   {"**/user_data.json|**/user_data_tiktok.json", nullptr, read_user_data, "post, activity, ..."}
//
// run_rules() is the part of the pipeline that walks the entries: it first stores the entries of
// the media rows in listing order (one pass; readers then look them up by path or suffix in
// ImportContext::media, because opening an entry ends the stream open on its part), then walks
// the entries once more in listing order (once per Rule::pass the table uses, lowest first: most
// tables have one) and runs, for each, the first rule that matches, inside
// ONE error boundary: a reader that throws makes its file failed, the run partial, is warned
// with the archive and the entry, and the import goes on. What no rule claims gets no verdict
// here and the pipeline keeps it as a `file` record.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lib/archive.h"
#include "lib/hash.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/record.h"
#include "lib/sink.h"

namespace dataport {

/// A media file the pipeline stored before the readers ran.
/// Kept to the end of the run, one per stored file, so kept small: the digest in its 32 bytes and
/// the type shared with the other files of that type (a MediaRef each took about 110 bytes more).
struct StoredMedia {
  const Entry* entry = nullptr;
  int64_t size = 0;
  const std::string* type = nullptr;  // one of MediaTable's types
  std::optional<Sha256> digest;       // none in a dry run that did not hash
  bool used = false;  ///< a record links it (unused ones become `media` records at the end)
  /// The SHA-256 in hex ("" without one): the file's name in the media store.
  std::string sha256() const { return digest ? digest->hex() : ""; }
  /// The MIME type, sniffed from the bytes, else from the name.
  const std::string& mime() const { return *type; }
};

/// The media of one run, stored in listing order, looked up by path or by a path suffix.
class MediaTable {
 public:
  /// Stores the entry (through the sink) and gives it a `parsed` verdict with `note`.
  void store(const Archive& in, Sink& out, const Entry& e, const std::string& note);
  /// After the last store() (run_rules calls it): the list gives back its growth room (a
  /// StoredMedia pointer from before is no longer valid) and the lookups are sorted.
  void seal();
  /// The stored file at exactly `path`, or nullptr.
  StoredMedia* find(std::string_view path);
  /// The stored file whose path ends with `suffix` at a component boundary (the longest stored
  /// path wins a tie, as uris carry older prefixes), or nullptr. Case-sensitive, like paths.
  StoredMedia* find_suffix(std::string_view suffix);
  /// `{sha256, path, mime, size}` of a stored file; marks it used.
  json use(StoredMedia& m);
  /// Every stored file, in listing order.
  std::vector<StoredMedia>& all() { return items_; }
  const std::vector<StoredMedia>& all() const { return items_; }
  /// A `media` record (key "media:<path>", title the file name) for each stored file that no
  /// record used.
  void emit_unused(Sink& out, std::string_view platform, std::string_view service = "");

 private:
  void index();  // sorts the lookups if files were stored since (find(), find_suffix())
  std::string_view path_at(uint32_t i) const;  // of the file at items_[i]
  std::string_view name_at(uint32_t i) const;  // its base name
  std::vector<StoredMedia> items_;
  std::set<std::string> types_;  // the MIME types met (sniff_mime's table: a few dozen)
  // Places in items_ sorted by the entry's path, and by its base name, each in listing order
  // among equals (index()). Hash maps by views of the paths and names took about 150 bytes more
  // a stored file; copies of the paths, 150 more again.
  std::vector<uint32_t> by_path_, by_name_;
  bool indexed_ = true;
};

/// What every reader of one run shares: the archive, where records go, the log, one JSON parser
/// reused for the whole run, the stored media, and the importer's own state.
struct ImportContext {
  ImportContext(const Archive& a, Sink& s, Log& l, const char* name) : in(a), out(s), log(l), platform(name) {}
  const Archive& in;
  Sink& out;
  Log& log;
  const char* platform;  ///< what the records carry
  JsonParser parser;
  MediaTable media;
  /// The importer's state for this run (a profile filled by several files, ids seen...),
  /// made on first use. One type per importer.
  template <class T>
  T& state() {
    if (!state_) state_ = std::shared_ptr<void>(new T(), [](void* p) { delete static_cast<T*>(p); });
    return *static_cast<T*>(state_.get());
  }
  /// A record of this run's platform from entry `e` at `pointer`, its id from (kind, key).
  Record record(const char* kind, const std::string& key, const Entry& e, const std::string& pointer) const {
    return make_record(kind, platform, key, e.path, pointer);
  }

 private:
  std::shared_ptr<void> state_;
};

/// One record several files fill (Spotify's and Snapchat's profile, whose parts are spread over the
/// export): made, with an empty `raw`, by the first entry that adds to it, and added by the
/// importer's finish (without `raw` if nothing went there).
class PendingRecord {
 public:
  PendingRecord(const char* kind, std::string key) : kind_(kind), key_(std::move(key)) {}
  Record& get(const ImportContext& c, const Entry& e) {
    if (!made_) {
      record_ = c.record(kind_, key_, e, "");
      record_.data["raw"] = json::object();
      made_ = true;
    }
    return record_;
  }
  void add_to(Sink& out) {
    if (!made_) return;
    if (record_.data["raw"].empty()) record_.data.erase("raw");
    out.add(std::move(record_));
    made_ = false;
  }

 private:
  const char* kind_;
  std::string key_;
  Record record_;
  bool made_ = false;
};

/// A reader's outcome for its file. Fate::unknown gives no verdict here: the reader gave one
/// itself (scan_json_items does), or the file is left to be kept as a `file` record.
struct Verdict {
  Fate fate = Fate::parsed;
  std::string note;
};

/// The one error boundary around reading an entry: fn's verdict becomes the entry's fate (none for
/// Fate::unknown); an exception fails that file alone (warned with the archive and the entry, the
/// run partial) and the import goes on. run_rules reads every entry through it, and so does a
/// finish step that reads entries it set aside (Messenger's end-to-end encrypted threads).
void read_guarded(const Archive& in, Sink& out, Log& log, const Entry& e, const std::function<Verdict()>& fn);

/// Reads one entry claimed by a rule.
using RuleReader = Verdict (*)(ImportContext& c, const Entry& e);

/// One row of an importer's rule table.
struct Rule {
  /// Globs on the whole entry path, '|'-separated alternatives, ASCII case-insensitive:
  /// `*` and `?` stay inside one path component, `**/` is any number of folders (none included).
  /// An alternative written `re:REGEX` is an ECMAScript regular expression instead (whole path,
  /// case-insensitive; it may not contain '|': write two alternatives).
  const char* match;
  /// Optional: what `match` is matched against instead of the entry's path ("" matches nothing):
  /// a name the importer normalises (LinkedIn's "Company_Follows_1.csv" -> "companyfollows";
  /// Google's path inside the Takeout with localised names in English). Consecutive rows with the
  /// same function share one call per entry.
  std::string (*name)(ImportContext& c, const Entry& e) = nullptr;
  /// Optional: '|'-separated strings of which one must occur in the entry's first 4 KiB.
  const char* sniff = nullptr;
  /// The reader, or nullptr for a media row or a row that only gives a verdict.
  RuleReader read = nullptr;
  /// What the rule gives ("post, media"): for the checklist and `formats`.
  const char* kinds = "";
  /// A media row: the pipeline stores the entry before the readers run.
  bool media = false;
  /// For a row without a reader: the note of the verdict (a media row's note, or why the entry is
  /// ignored); `fate` is that verdict (Fate::ignored, Fate::skipped for data knowingly left out,
  /// or Fate::unknown for a file claimed only so that no later row takes it: it is kept whole).
  const char* note = "";
  Fate fate = Fate::ignored;
  /// Optional: rows of a lower pass read all their entries before any row of a higher pass (each
  /// pass in listing order). For the few files whose content others need first: the account
  /// that names the user of every record, the long texts tweets are joined to. Default 0.
  int pass = 0;
};

/// An importer on the skeleton: its rows, and what runs after the last reader (records that
/// several files fill, media no record used).
struct RuleSet {
  const char* platform;
  std::vector<Rule> rules;
  void (*finish)(ImportContext& c) = nullptr;
};

/// True when `path` matches the glob (see Rule::match; one alternative, no '|').
bool glob_match(std::string_view glob, std::string_view path);
/// True when `path` matches one of the '|'-separated globs (or `re:` expressions).
bool path_matches(std::string_view globs, std::string_view path);

/// Runs an importer's rules over the archive (see the top of this file).
void run_rules(const RuleSet& set, const Archive& in, Sink& out, Log& log);

}  // namespace dataport
