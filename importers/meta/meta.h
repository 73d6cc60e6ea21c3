#pragma once
// What the Facebook and Instagram importers share (Meta "Download Your Information"). Both are on
// the importer skeleton (ingest/rules.h: a probe and a rule table, run by run_rules); this folder
// gives their readers the state of one run (meta::State in ImportContext::state), mojibake-repaired
// text over the one accessor set (importers/json_walk.h), Meta's timestamp rules, the generic
// `label_values` record walker with per-locale label maps, media `uri` lookup in the pipeline's
// MediaTable by path suffix, the streaming item walk (`each`, over each_item), the Messenger
// thread readers (DYI `message_N.json` and the separate end-to-end encrypted download, both
// streamed), and the readers of the files whose shape both exports share (advertisers, off-Meta
// activity, the generic reader). Facebook and Instagram both build on this folder; neither
// includes the other.

#include <simdjson.h>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "importers/json_walk.h"
#include "ingest/rules.h"
#include "lib/archive.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/record.h"
#include "lib/sink.h"

namespace dataport::meta {

using simdjson::dom::element;
/// The readers run on the skeleton's one context; their shared state is meta::State.
using Context = ImportContext;

// ---- reading values (the accessors are importers/json_walk.h's; Meta's text is mojibake) -----

/// A string member with mojibake repaired (numbers as their JSON text), or "".
std::string str(element obj, std::string_view key);
/// A string element with mojibake repaired, or "" for anything else.
std::string text(element e);
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

/// The stored media file (ImportContext::media, stored by the pipeline from the media rows) that a
/// record's `uri` names: uris are root-relative, may carry an older prefix, and the file may sit in
/// another part or under a wrapper folder, so the file of the same name (case-insensitive) sharing
/// the most trailing path components wins. nullptr for web URLs and files the set lacks.
StoredMedia* find_media(Context& c, std::string_view uri);
/// {sha256, path, mime, size} of the file a uri names (marked used, so it is linked, not a loose
/// `media` record); nullopt when the set lacks it, and a path (not a web URL) is then recorded as
/// a missing file.
std::optional<json> use_media(Context& c, std::string_view uri);
/// The part of a media item ({uri, title, creation_timestamp, ...}) that Facebook and Instagram
/// share: the stored file and its title and time in `item`; false when there is no uri or the
/// file is not in the set (the uri then goes to `unresolved`).
bool media_item_base(Context& c, element m, json& item, json& unresolved);
/// The media rows' globs: the extensions of the photos, videos, audio and documents Meta exports.
inline constexpr const char* media_globs =
    "**/*.jpg|**/*.jpeg|**/*.png|**/*.gif|**/*.webp|**/*.heic|**/*.heif|**/*.bmp|**/*.tif|**/*.tiff|"
    "**/*.mp4|**/*.mov|**/*.m4v|**/*.webm|**/*.3gp|**/*.avi|**/*.m4a|**/*.mp3|**/*.aac|**/*.wav|**/*.ogg|"
    "**/*.opus|**/*.amr|**/*.pdf|**/*.srt|**/*.vtt";

// ---- iteration ------------------------------------------------------------------------------

/// each_item (importers/json_walk.h) over a Meta data file, its items found by shape: a top-level
/// array, the array under the first top-level key, or one bare record. Streams; a bad item is
/// warned and skipped.
ItemsRead each(Context& c, const Entry& e, const std::function<void(element, const std::string&)>& fn);
/// A reader's verdict from what `each` read: parsed with `note`; partial when items were bad or
/// the file broke off; failed when it broke off before any item.
Verdict verdict(const ItemsRead& r, std::string note);
/// Files under this size are parsed whole rather than an item at a time (faster; memory stays
/// bounded by it): the thread files Meta writes (10,000 messages at most) mostly are.
inline constexpr int64_t whole_below = int64_t{8} << 20;
/// A file whose bulk is one array under a top-level key (a Messenger thread's `messages`, an
/// album's `photos`), its other members in `doc`: read whole under whole_below, otherwise in a
/// first pass that skips the array (without_member), the array then streamed.
struct KeyedFile {
  JsonParser parser;  // its own: `doc` stays valid while the items are parsed
  element doc;
  bool whole = false;  ///< `doc` is the whole file, the array included
};
/// Opens `f` on entry `e` whose big array is under `key`.
void open_keyed(Context& c, const Entry& e, std::string_view key, KeyedFile& f);
/// each_item over the array under `key` of a file opened with open_keyed.
ItemsRead each_keyed(Context& c, const Entry& e, KeyedFile& f, const std::string& key,
                     const std::function<void(element, const std::string&)>& fn);
/// The top-level object of a JSON file without the value of its member `key` (written `[]`), read
/// in one streaming pass: the header of a file whose bulk is one big array (a Messenger thread's
/// `messages`, an album's `photos`), so that the array itself can be streamed with each_item.
std::string without_member(const Archive& in, const Entry& e, std::string_view key);

/// Lower-case ASCII file name without its directory.
std::string file_name(std::string_view path);
/// True when `path` has a component equal to `dir` (case-insensitive).
bool has_dir(std::string_view path, std::string_view dir);
/// The directory component right above the file ("a/b/c.json" -> "b").
std::string parent_dir(std::string_view path);

// ---- the state of one run ---------------------------------------------------------------------

/// A set of record ids, each kept as its 16 bytes when it is 32 hex digits (as make_record_id
/// writes them): the ids of millions of messages took 125 bytes each as a set of strings.
class IdSet {
 public:
  void insert(std::string_view id);
  /// Sorts what was inserted since the last call, so it is cheap after all the inserts.
  bool contains(std::string_view id);

 private:
  using Packed = std::array<unsigned char, 16>;
  static bool pack(std::string_view id, Packed& out);
  std::vector<Packed> packed_;
  bool sorted_ = true;
  std::set<std::string, std::less<>> other_;  // any id of another form
};

/// What the readers of one Facebook or Instagram run share (ImportContext::state<meta::State>()).
struct State {
  /// What Messenger records carry as service ("messenger" for Facebook, "" for Instagram).
  const char* service = "";
  bool ready = false;  ///< service set
  /// Thread ids of DYI threads by title and by participant set, so the E2EE download joins them.
  std::map<std::string, std::string> thread_by_key;
  /// Ids of messages read from DYI `e2ee_cutover/` threads: the E2EE download repeats some of them.
  IdSet cutover_ids;
  /// Messages of the E2EE download already read from the DYI export (skipped, not duplicated).
  int64_t merged = 0;
  /// Files of the E2EE download, read after every DYI thread (finish) so they can join them.
  std::vector<const Entry*> e2ee;
  /// Stored media by lower-case file name (indexes into ImportContext::media.all()), made on first use.
  std::unordered_map<std::string, std::vector<size_t>> media_by_name;
  bool media_indexed = false;
  /// The set holds .html/.htm pages and no .json file: the HTML format (counted on first use).
  std::optional<bool> html_export;
};

/// The run state, its Messenger service set on first use.
State& state(Context& c);
/// A rule's reader behind a check Meta needs: an empty (0-byte) file, which Meta writes in some
/// categories, is ignored rather than read.
template <RuleReader R>
Verdict nonempty(Context& c, const Entry& e) {
  return e.size == 0 ? Verdict{Fate::ignored, "empty file (0 bytes)"} : R(c, e);
}
/// True when the archive set is the HTML format of Download Your Information (pages, no JSON).
bool html_export(Context& c);

// ---- Messenger ------------------------------------------------------------------------------

/// The rule match of DYI thread files: messages/{inbox,archived_threads,filtered_threads,
/// message_requests,e2ee_cutover}/<thread>/message_N.json (Instagram: messages/inbox/...).
inline constexpr const char* thread_files =
    "**/messages/**/message.json|**/messages/**/message_?.json|**/messages/**/message_??.json|"
    "**/messages/**/message_???.json";
/// Reads one DYI `message_N.json` (Facebook or Instagram), streaming its messages: one message
/// record per message, with reactions, attachments (stored media), shares, calls and unsent markers.
Verdict read_messenger_thread(Context& c, const Entry& e);
/// Reads one thread of the E2EE download (camelCase keys, real UTF-8: no mojibake repair),
/// streaming its messages, joined to the DYI thread of the same conversation.
Verdict read_e2ee_thread(Context& c, const Entry& e);
/// A reader for the E2EE download's files: keeps the entry for finish_e2ee (after every DYI thread).
Verdict defer_e2ee(Context& c, const Entry& e);
/// Reads the deferred E2EE files and notes how many of their messages were merged.
void finish_e2ee(Context& c);

// ---- helpers of the readers (readers.cc) -----------------------------------------------------

/// A file name reduced for matching: lower case, "'" written as "_" (pages_you_ve_liked.json),
/// the ".json" and a trailing part number dropped ("your_posts_2.json" -> "your_posts").
std::string stem(std::string_view path);
/// True when `s` is one of `names`.
bool is_one_of(const std::string& s, std::initializer_list<const char*> names);
/// A record of the run's platform from entry `e` at `pointer`, its id from (kind, key).
inline Record rec(const Context& c, const char* kind, const std::string& key, const Entry& e, const std::string& pointer) {
  return c.record(kind, key, e, pointer);
}
/// A time as part of a natural key: Unix seconds, or "-" when unknown.
std::string ts_key(const std::optional<Timestamp>& t);
/// A search the person made (Facebook's and Instagram's search histories): an activity record
/// keyed by its time and words, for the caller to add to and emit; nullopt, warned at `pointer`,
/// when it has no words.
std::optional<Record> search_record(const Context& c, const Entry& e, const std::string& pointer, const std::string& query,
                                    const std::optional<Timestamp>& t);
/// The match of a rule for Meta data files named `names` (reduced as stem() reduces them:
/// '|'-separated, "'" for an apostrophe): `**/NAME.json` and `**/NAME_<part>.json` globs, built
/// once and kept for the program's life.
const char* json_names(std::string_view names);

// ---- files both exports hold in the same shape (readers.cc) ---------------------------------

Verdict read_ads(Context& c, const Entry& e);       ///< ad interests -> inference; advertisers -> advertiser
Verdict read_off_meta(Context& c, const Entry& e);  ///< off-Meta activity -> off_platform
Verdict read_generic(Context& c, const Entry& e);   ///< any other label_values/title list -> activity

}  // namespace dataport::meta
