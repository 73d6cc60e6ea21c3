#pragma once
// Shared by the Google Takeout readers in this folder (importers/google/*.cc): the run's state,
// the localised path table, the time and coordinate forms Google writes, and one reader per
// file type. Nothing here is used outside the folder; the table row lives in importers.cc.

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ingest/rules.h"
#include "lib/archive.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/record.h"
#include "lib/sink.h"

namespace dataport::google {

struct PhotoSidecars;  // photos.cc

/// What the readers of one run share (ImportContext::state), made on first use: where the
/// Takeout tree starts, when the export was made, the warnings already said, the photo sidecars.
struct State {
  bool ready = false;
  /// unwrapped_root() of the run's archive.
  std::optional<std::string> root;
  /// When Google made the export, from the `takeout-YYYYMMDDTHHMMSSZ-NNN` part name (never a
  /// file's mtime: parser issue #97); HTML zone abbreviations are resolved against it.
  std::optional<int64_t> export_time;
  /// Messages already said once for this run ("file|what"), so a big file warns once per kind.
  std::set<std::string> said;
  /// The Google Photos sidecars and album files read so far, paired with the photos at the end.
  std::shared_ptr<PhotoSidecars> photos;
};
/// The run's State, its root and export time found on first use (takeout.cc).
State& state(ImportContext& c);
/// Warns once per (where, what) pair; later repeats say nothing.
void warn_once(ImportContext& c, const std::string& where, const std::string& what);
/// The same, once per `key` and file: for a message that quotes what it is about (its first example).
void warn_once(ImportContext& c, const std::string& where, std::string_view key, const std::string& what);

/// One file as the readers see it: its entry and its path with folder and file names
/// translated to English and everything up to `Takeout/` removed (file_of in takeout.cc).
struct File {
  const Entry* entry;
  std::string canon;  ///< "My Activity/YouTube/MyActivity.json"
  std::string where;  ///< "archive: path" for messages
};
/// The File of an entry of this run's archive (takeout.cc).
File file_of(ImportContext& c, const Entry& e);

// --- paths (takeout.cc) -----------------------------------------------------------------------

/// The path inside the Takeout with every localised folder or file name replaced by its English
/// name (table in takeout.cc), U+00A0 folded to a space; "" when it is not inside a Takeout tree.
/// `unwrapped_root` (from unwrapped_root()) stands for `Takeout/` when the archive has none.
std::string canonical_path(std::string_view path, const std::optional<std::string>& unwrapped_root = std::nullopt);
/// Where the product folders start when the user gave the `Takeout` folder itself or a folder of
/// product folders ("" or "folder/"); nullopt when a `Takeout/` folder is there or none is found.
std::optional<std::string> unwrapped_root(const Archive& in);
/// A CSV column name in the account's language to the English the readers use ("ID do canal" ->
/// "Channel Id"); unchanged when the table does not know it.
std::string english_column(std::string_view name);
/// The export time from a name such as "takeout-20260301T000000Z-001.zip", or nullopt.
std::optional<int64_t> export_time_from_name(std::string_view name);
/// The `service` for a My Activity product folder or header ("YouTube" -> "youtube").
std::string service_for_product(std::string_view product);

// --- times and coordinates (forms.cc) ---------------------------------------------------------

/// A My Activity HTML date: "Mar 8, 2018, 5:14:40 PM" (UTC), "... PM UTC", "... PM BST" (a zone
/// abbreviation of the export time), "3 Feb 2024, 19:22:41 CET", "03.02.2024, 19:22:41 MEZ".
/// `zone_note` receives a message when the zone is unknown or needed the export time to resolve.
std::optional<Timestamp> parse_html_date(std::string_view s, std::optional<int64_t> export_time,
                                         std::string* zone_note = nullptr);
/// UTC offset in minutes of a zone abbreviation as Google prints it, resolved at `at` for the
/// generic names (PT, ET...), or nullopt when unknown.
std::optional<int> zone_offset_minutes(std::string_view abbr, std::optional<int64_t> at, bool* generic = nullptr);
/// An E7 integer to degrees, undoing the 2^32 wrap some Records.json values carry.
double e7_to_degrees(int64_t e7, bool longitude);
/// "40.712776°, -74.005974°" (Android Timeline) or "geo:47.6,-122.1" (iOS) to lat, lon.
std::optional<std::pair<double, double>> parse_lat_lng(std::string_view s);
/// The timestamp of a location fix: `timestamp` (ISO, 0-9 fraction digits, or a number),
/// `timestampMs` (string or number of milliseconds), or `timestampUsec`.
std::optional<Timestamp> fix_time(simdjson::dom::element fix);
/// A number rounded to 7 decimals, as a JSON value (coordinates print without float noise).
json degrees(double d);

// --- readers: one per file type; each gives the file a verdict -------------------------------

Verdict read_activity_json(ImportContext& cx, const File& f);        // activity.cc
Verdict read_activity_html(ImportContext& cx, const File& f);        // activity.cc
Verdict read_location_records(ImportContext& cx, const File& f);     // location.cc
Verdict read_semantic_location(ImportContext& cx, const File& f);    // location.cc
Verdict read_device_timeline(ImportContext& cx, const File& f);      // location.cc (Android Timeline.json)
Verdict read_ios_timeline(ImportContext& cx, const File& f);         // location.cc (iOS location-history.json)
Verdict read_chrome_history(ImportContext& cx, const File& f);       // products.cc
Verdict read_chrome_bookmarks(ImportContext& cx, const File& f);     // products.cc
Verdict read_play_installs(ImportContext& cx, const File& f);        // products.cc
Verdict read_keep_note(ImportContext& cx, const File& f);            // products.cc
Verdict read_saved_places(ImportContext& cx, const File& f);         // products.cc (GeoJSON)
Verdict read_saved_list_csv(ImportContext& cx, const File& f);       // products.cc (Saved/*.csv)
Verdict read_profile(ImportContext& cx, const File& f);              // products.cc
Verdict read_vcards(ImportContext& cx, const File& f);               // calendar.cc
Verdict read_calendar(ImportContext& cx, const File& f);             // calendar.cc
Verdict read_youtube_subscriptions(ImportContext& cx, const File& f);   // youtube.cc
Verdict read_youtube_comments_csv(ImportContext& cx, const File& f); // youtube.cc
Verdict read_youtube_live_chat_csv(ImportContext& cx, const File& f);   // youtube.cc
Verdict read_youtube_comments_html(ImportContext& cx, const File& f);   // youtube.cc
Verdict read_youtube_likes_json(ImportContext& cx, const File& f);   // youtube.cc
Verdict read_youtube_playlist_csv(ImportContext& cx, const File& f); // youtube.cc
Verdict read_mbox(ImportContext& cx, const File& f);                 // mail.cc
/// Google Photos/**/*.json: an album's metadata (a record), or a photo's sidecar (kept for
/// finish_photos; its verdict comes then) (photos.cc).
Verdict read_photo_json(ImportContext& cx, const File& f);
/// Each Google Photos file the pipeline stored (MediaTable), in listing order, as a media
/// record with its sidecar; then the sidecars whose photo is not in the export (photos.cc).
void finish_photos(ImportContext& cx);
/// True for a photo or video file name (photos.cc).
bool is_photo_media(std::string_view name);
/// How well a sidecar's file name fits a photo's file name: 0 (not at all) to 4 (photos.cc).
int sidecar_fit(const std::string& media, const std::string& sidecar);

/// The sidecar of each photo among one folder's sidecars (their file names and `title`s, in
/// listing order, which must outlive the finder): the best sidecar_fit(), doubled, plus one when the title is the photo's name
/// without its "(N)"; the first of equals. The sidecars are indexed by the photo names they can
/// fit, so a folder of n photos costs n lookups, not n x n comparisons (a "Photos from 2019"
/// folder holds thousands) (photos.cc).
class SidecarFinder {
 public:
  explicit SidecarFinder(std::vector<std::pair<std::string_view, std::string_view>> names_and_titles);
  /// The index of the sidecar of `media`, or nullopt when none fits.
  std::optional<size_t> find(const std::string& media) const;

 private:
  // A sidecar filed under a stem: the first stem_len bytes of its name, with its "(N)".
  struct Key {
    uint32_t sidecar;
    uint32_t stem_len;
  };
  std::pair<std::string_view, std::string_view> key_of(const Key& k) const;  // (stem, "(N)")

  std::vector<std::pair<std::string_view, std::string_view>> sidecars_;
  std::vector<std::string_view> nums_;  // each sidecar's "(N)" (a view of its name), or ""
  // The sidecars by (stem, "(N)"), sorted, each under the stems of the photo names it can fit
  // (without their "(N)", without or with their extension, or what a long one starts with).
  // Views of the names, 8 bytes a key: a map of copied keys took about 270 bytes more a sidecar
  // (100k Google photos: 356 -> 329 MB at the peak).
  std::vector<Key> by_stem_;
};

/// A reader chosen by what the file holds, for a file inside the Takeout that its (localised)
/// path did not route: mbox, vCard, iCalendar, My Activity JSON or HTML, Records.json, Semantic
/// Location History, Chrome history, Keep notes, YouTube subscriptions; nullptr otherwise (takeout.cc).
using Reader = Verdict (*)(ImportContext&, const File&);
Reader sniff_reader(const Archive& in, const Entry& e, const std::string& canon);

// --- small helpers shared by the readers (forms.cc) -------------------------------------------

/// The text of a YouTube comment cell: old `{"takeoutSegments":[...]}` or the 2024 comma-joined
/// run of `{"text":...}` objects; links are appended to `links`.
std::string youtube_comment_text(JsonParser& parser, std::string_view cell, const std::string& where,
                                 std::vector<std::string>* links = nullptr);
/// RFC 2047 encoded words in a mail header ("=?UTF-8?B?...?=", "=?iso-8859-1?Q?...?=") to UTF-8 (mail.cc).
std::string decode_header_words(std::string_view v);
/// Splits "a(1).jpg" into "a.jpg" and "(1)"; returns false when there is no "(N)" before the extension.
bool split_numbering(std::string_view name, std::string& base, std::string& number);

}  // namespace dataport::google
