#pragma once
// What the Facebook and Instagram importers share (Meta "Download Your Information"): the state of
// one run and its per-file error boundary, mojibake-repaired reads from simdjson, Meta's timestamp
// rules, the generic `label_values` record walker with per-locale label maps, media `uri`
// resolution by path suffix, the Messenger thread readers (DYI `message_N.json` and the separate
// end-to-end encrypted download), and the readers of the files whose shape both exports share
// (advertisers, off-Meta activity, the generic reader). Facebook and Instagram both build on this
// folder; neither includes the other.

#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ingest/rules.h"
#include "lib/archive.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/record.h"
#include "lib/sink.h"

namespace dataport::meta {

using simdjson::dom::element;

// ---- reading values -------------------------------------------------------------------------

/// A string member with mojibake repaired (numbers as their JSON text), or "".
std::string str(element obj, std::string_view key);
/// A string element with mojibake repaired, or "" for anything else.
std::string text(element e);
/// A member that is an array, or false.
bool array_of(element obj, std::string_view key, simdjson::dom::array& out);
/// A member that is an object, or false.
bool object_of(element obj, std::string_view key, element& out);
/// A member as bool (false when missing).
bool flag(element obj, std::string_view key);
/// A Meta time value: Unix seconds, or milliseconds when the value is too large for seconds;
/// nullopt for 0, negatives and missing values (Meta writes 0 for "unknown").
std::optional<Timestamp> meta_time(std::optional<int64_t> v);
/// meta_time of a member.
std::optional<Timestamp> time_of(element obj, std::string_view key);
/// The first of several time members that is known.
std::optional<Timestamp> first_time(element obj, std::initializer_list<std::string_view> keys);
/// Reads `latitude` and `longitude` members; false unless both are numbers.
bool coordinates(element obj, double& lat, double& lon);
/// RFC 3339 of a time member, or "".
std::string time_text(element obj, std::string_view key);

// ---- label_values ---------------------------------------------------------------------------

/// One entry of a `label_values` list: `{label, value | timestamp_value | href | vec[] | dict[]}`.
struct LabelValue {
  std::string label;             ///< as written, mojibake repaired
  std::string field;             ///< canonical field ("name", "url"...) or the label in snake_case
  std::string value;             ///< value, or "" (see href and timestamp)
  std::string href;              ///< a link given with or instead of the value
  std::optional<Timestamp> time; ///< from timestamp_value (or a time-labelled number)
  std::vector<LabelValue> dict;  ///< the fields of a `dict` entry
  std::vector<LabelValue> vec;   ///< the items of a `vec` entry (each a value or a dict)
  bool is_vec = false;
};

/// The entries of a record's `label_values` (empty when it has none).
std::vector<LabelValue> read_label_values(element record);
/// The canonical field for a localised label, lower-cased and trimmed ("Naam" -> "name",
/// "Gebruikersnaam" -> "username"), or "" when the label is not in the maps.
std::string_view canonical_label(std::string_view label);
/// The first entry (depth-first, dicts included) whose field is `field`, or nullptr.
const LabelValue* find_label(const std::vector<LabelValue>& lv, std::string_view field);
/// The value (or href) of find_label, or "".
std::string label_text(const std::vector<LabelValue>& lv, std::string_view field);
/// The reaction in English lower case ("Vind ik leuk" -> "like", "J’adore" -> "love"), or the
/// value lower-cased when it is not a known localised reaction name.
std::string canonical_reaction(std::string_view value);
/// A search query without the quotes Meta sometimes wraps it in.
std::string unquote(std::string_view s);
/// Every entry as JSON keyed by field: values as strings, times as RFC 3339, vecs as arrays.
json labels_to_json(const std::vector<LabelValue>& lv);

/// Reads an Instagram-style `string_map_data` object ({Label: {href, value, timestamp}}) into
/// the same shape as label_values, labels mapped the same way.
std::vector<LabelValue> read_string_map(element record);

// ---- media ----------------------------------------------------------------------------------

/// Resolves the `uri`s of an export to archive entries by the longest path-suffix match (uris are
/// root-relative, may carry an older prefix, and the file may sit in another part or under a
/// wrapper folder), copies each file once into the media store, and gives verdicts.
class MediaResolver {
 public:
  MediaResolver(const Archive& in, Sink& out, Log& log);
  /// The entry a uri names, or nullptr (web URLs, files missing from the set).
  const Entry* find(std::string_view uri) const;
  /// {sha256, path, mime, size} of the copied file, or nullopt when it is not in the set.
  std::optional<json> copy(std::string_view uri);
  /// True when the entry was copied as media.
  bool copied(const Entry* e) const { return done_.count(e) > 0; }

 private:
  void prefetch();

  const Archive& in_;
  Sink& out_;
  Log& log_;
  std::unordered_map<std::string, std::vector<const Entry*>> by_name_;
  std::map<const Entry*, json> done_;
  std::map<const Entry*, MediaRef> fetched_;  // read ahead in listing order, not yet named
  bool prefetched_ = false;
};

// ---- iteration ------------------------------------------------------------------------------

/// Calls fn(item, pointer) for each record of a Meta data file: the elements of a top-level
/// array, of the array under the first top-level key (`{"friends_v2": [...]}`), or the object
/// itself when it is a bare one-record object. With `stream`, arrays are read with
/// JsonArrayScanner and memory stays flat; without, the file is read whole (needed when fn
/// copies media, because opening a media entry ends the stream of its part). Returns the key
/// holding the array ("" for a top-level array or a bare object).
std::string for_each_item(const Archive& in, const Entry& e, JsonParser& parser, bool stream,
                          const std::function<void(element, const std::string&)>& fn);

/// Lower-case ASCII file name without its directory.
std::string file_name(std::string_view path);
/// True when `path` has a component equal to `dir` (case-insensitive).
bool has_dir(std::string_view path, std::string_view dir);
/// The directory component right above the file ("a/b/c.json" -> "b").
std::string parent_dir(std::string_view path);

// ---- Messenger ------------------------------------------------------------------------------

/// What the thread readers need from the importer.
struct MessengerContext {
  const Archive& in;
  Sink& out;
  Log& log;
  MediaResolver& media;
  std::string platform;  ///< "facebook" or "instagram"
  std::string service;   ///< "messenger" for Facebook, "" for Instagram
  /// Thread ids of DYI threads by title and by participant set, so the E2EE download joins them.
  std::map<std::string, std::string> thread_by_key;
  /// Ids of messages read from DYI `e2ee_cutover/` threads: the E2EE download repeats some of them.
  std::set<std::string> cutover_ids;
  /// Messages of the E2EE download already read from the DYI export (skipped, not duplicated).
  int64_t merged = 0;
};

/// Reads one DYI `message_N.json` (Facebook or Instagram): one message record per message,
/// with reactions, attachments (copied), shares, calls and unsent markers. `doc` is the parsed file.
void read_messenger_thread(MessengerContext& ctx, const Entry& e, element doc);
/// True when a parsed JSON object is a thread of the E2EE secure-storage download.
/// The part of a media item ({uri, title, creation_timestamp, ...}) that Facebook and Instagram
/// share: the file copied into the store and its title and time in `item`; false when there is
/// no uri or the file is not in the set (the uri then goes to `unresolved`).
bool media_item_base(MediaResolver& media, element m, json& item, json& unresolved);
bool is_e2ee_thread(element doc);
/// Reads one thread of the E2EE download (camelCase keys, real UTF-8: no mojibake repair).
void read_e2ee_thread(MessengerContext& ctx, const Entry& e, element doc);

// ---- one run of a Meta importer (readers.cc) -------------------------------------------------

/// What the readers of one run share. Facebook and Instagram each make one with their platform
/// name, which every record of the run carries.
struct Context {
  const Archive& in;
  Sink& out;
  Log& log;
  const char* platform;  ///< "facebook" or "instagram"
  JsonParser parser;
  MediaResolver media;
  MessengerContext messenger;
  /// `service` is what Messenger records carry ("messenger" for Facebook, "" for Instagram).
  Context(const Archive& a, Sink& s, Log& l, const char* name, const char* service)
      : in(a), out(s), log(l), platform(name), media(a, s, l), messenger{a, s, l, media, name, service, {}, {}, 0} {}
};

/// Reads one file inside the pipeline's error boundary (read_guarded, ingest/rules.h): its
/// Verdict becomes the entry's fate; an error makes the file failed and the run partial, and the
/// import goes on.
void run_reader(Context& c, const Entry& e, Verdict (*fn)(Context&, const Entry&));

/// A file name reduced for matching: lower case, "'" written as "_" (pages_you_ve_liked.json),
/// the ".json" and a trailing part number dropped ("your_posts_2.json" -> "your_posts").
std::string stem(std::string_view path);
/// True when `s` is one of `names`.
bool is_one_of(const std::string& s, std::initializer_list<const char*> names);
/// A record of the run's platform from entry `e` at `pointer`, its id from (kind, key).
Record rec(const Context& c, const char* kind, const std::string& key, const Entry& e, const std::string& pointer);
/// A time as part of a natural key: Unix seconds, or "-" when unknown.
std::string ts_key(const std::optional<Timestamp>& t);

// ---- files both exports hold in the same shape (readers.cc) ---------------------------------

Verdict read_ads(Context& c, const Entry& e);       ///< ad interests -> inference; advertisers -> advertiser
Verdict read_off_meta(Context& c, const Entry& e);  ///< off-Meta activity -> off_platform
Verdict read_generic(Context& c, const Entry& e);   ///< any other label_values/title list -> activity

}  // namespace dataport::meta
