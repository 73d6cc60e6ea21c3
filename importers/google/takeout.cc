// Google Takeout (takeout-YYYYMMDDTHHMMSSZ-NNN.zip|.tgz parts, `Takeout/` root, localised folder
// names) and the on-device Timeline exports. This file finds the Takeout tree, translates folder
// names, and hands each file to its reader; the readers live beside it.
//
// [x] My Activity/<product>/MyActivity.json|.html (both eras, every product) -> activity
// [x] YouTube and YouTube Music/history/{watch,search}-history.{json,html} -> activity
// [x] YouTube subscriptions/*.csv -> contact (following); comments/*.csv (2023 and 2024 columns),
//     live chats/*.csv, my-comments/*.html, my-live-chat-messages/*.html -> comment
// [x] YouTube playlists/likes.json -> reaction; playlists/*.csv -> activity (playlist_add)
// [x] Chrome/BrowserHistory.json, Chrome/History.json -> activity (visit); Chrome/Bookmarks.html -> activity (bookmark)
// [x] Location History/{Location History,Records}.json -> location (fix), streamed
// [x] Location History/Semantic Location History/YYYY/*.json -> place + location (visit, segment)
// [x] Timeline.json (Android device export), location-history.json (iOS) -> location, place;
//     a segment of an unknown shape -> activity (timeline_segment), kept whole in raw
// [x] Contacts/**/*.vcf -> contact; Calendar/*.ics -> event (RRULE kept)
// [x] Keep/*.json -> note; Maps (your places)/Saved Places.json, Saved/*.csv -> place
// [x] Google Play Store/Installs.json -> activity (install); Profile/Profile.json -> profile
// [x] Google Photos/<album>/* + sidecars (every naming scheme), album metadata.json -> media
// [x] Mail/*.mbox -> message (headers, text body, attachment list), streamed; attachments into the media store
// [ ] Timeline.json userLocationProfile, timelineMemory; Records.json activity guesses (kept in raw)
// [ ] Fit, Drive, Tasks, Hangouts, Blogger and the rest: kept as unknown files

#include <algorithm>

#include "importers/google/google.h"
#include "importers/importers.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport {

namespace google {

namespace {

struct Name {
  const char* english;
  const char* local;
};

// Localised folder names -> English. Takeout follows the account language; add a language by
// adding rows. German from real trees (google_takeout_parser tests, data-donation-task); rows
// marked [U] are unconfirmed guesses.
constexpr Name folder_names[] = {
    {"My Activity", "Meine Aktivitäten"},
    {"My Activity", "Meine Aktivität"},
    {"YouTube and YouTube Music", "YouTube und YouTube Music"},
    {"history", "Verlauf"},
    {"subscriptions", "Abos"},
    {"comments", "Kommentare"},
    {"live chats", "Livechats"},                                  // [U]
    {"playlists", "Playlists"},
    {"Location History", "Standortverlauf"},                      // [U]
    {"Location History (Timeline)", "Standortverlauf (Zeitachse)"},  // [U]
    {"Semantic Location History", "Semantischer Standortverlauf"},   // [U]
    {"Google Photos", "Google Fotos"},
    {"Contacts", "Google Kontakte"},
    {"Contacts", "Kontakte"},
    {"Calendar", "Kalender"},
    {"Maps (your places)", "Maps (meine Orte)"},                  // [U]
    {"Saved", "Gespeichert"},                                     // [U]
    {"Search", "Google Suche"},
    {"Search", "Suche"},
    {"Ads", "Anzeigen"},
    {"Video Search", "Videosuche"},
    {"Discover", "Entdecken"},
    {"Profile", "Profil"},
};

// Localised file names (without extension) -> English.
constexpr Name file_names[] = {
    {"MyActivity", "My Activity"},
    {"MyActivity", "MeineAktivitäten"},
    {"MyActivity", "Meine Aktivitäten"},
    {"MyActivity", "MeineAktivität"},
    {"watch-history", "Wiedergabeverlauf"},
    {"search-history", "Suchverlauf"},
    {"subscriptions", "Abos"},
    {"comments", "Kommentare"},
    {"History", "BrowserHistory"},
    {"History", "Verlauf"},
    {"Bookmarks", "Lesezeichen"},
    {"Saved Places", "Gespeicherte Orte"},  // [U]
    {"Profile", "Profil"},
    {"metadata", "Metadaten"},
};

// Case-insensitive equality that treats U+00A0 as a space (Takeout names may contain it).
std::string fold(std::string_view s) { return lower(replace_all(std::string(s), "\xC2\xA0", " ")); }

std::string translate(const std::string& component, bool is_file) {
  std::string stem = component, ext;
  if (is_file) {
    size_t dot = component.rfind('.');
    if (dot != std::string::npos && dot > 0) {
      stem = component.substr(0, dot);
      ext = component.substr(dot);
    }
  }
  std::string f = fold(stem);
  const Name* begin = is_file ? std::begin(file_names) : std::begin(folder_names);
  const Name* end = is_file ? std::end(file_names) : std::end(folder_names);
  for (const Name* n = begin; n != end; ++n)
    if (f == fold(n->local)) return std::string(n->english) + ext;
  return replace_all(component, "\xC2\xA0", " ");
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

using Reader = void (*)(Context&, const File&);

// Which reader takes a file, by its canonical path; nullptr when none (the file stays unknown).
// `note` receives a reason for files deliberately ignored.
Reader route(const std::string& canon, const std::string& path, std::string& note, bool& photo) {
  photo = false;
  std::string c = lower(canon);
  std::string name = lower(basename(path));
  std::string cname = lower(basename(canon));
  std::vector<std::string> parts = split(c, '/');
  const std::string top = parts.empty() ? "" : parts[0];
  const std::string second = parts.size() > 2 ? parts[1] : "";
  bool json = ends_with(c, ".json"), html = ends_with(c, ".html") || ends_with(c, ".htm"), csv = ends_with(c, ".csv");

  // The on-device Timeline exports travel alone, outside any Takeout tree.
  if (name == "timeline.json") return read_device_timeline;
  if (name == "location-history.json") return read_ios_timeline;
  if (canon.empty()) {
    if (name == "myactivity.json" || name == "my activity.json") return read_activity_json;
    return nullptr;
  }
  if (c == "archive_browser.html") {
    note = "Takeout's own index page of the export";
    return nullptr;
  }
  if (top == "my activity") {
    if (json && cname == "myactivity.json") return read_activity_json;
    if (html && (cname == "myactivity.html" || cname.rfind("myactivity-", 0) == 0)) return read_activity_html;
    return nullptr;
  }
  if (top == "youtube and youtube music" || top == "youtube") {
    if (second == "history" && json) return read_activity_json;
    if (second == "history" && html) return read_activity_html;
    if (second == "subscriptions" && csv) return read_youtube_subscriptions;
    if (second == "comments" && csv) return read_youtube_comments_csv;
    if ((second == "live chats" || second == "live chat") && csv) return read_youtube_live_chat_csv;
    if ((second == "my-comments" || second == "my-live-chat-messages") && html) return read_youtube_comments_html;
    if (second == "playlists" && cname == "likes.json") return read_youtube_likes_json;
    if (second == "playlists" && csv) return read_youtube_playlist_csv;
    return nullptr;
  }
  if (top == "chrome") {
    if (cname == "history.json") return read_chrome_history;
    if (cname == "bookmarks.html") return read_chrome_bookmarks;
    return nullptr;
  }
  if (top == "location history" || top == "location history (timeline)") {
    if (cname == "records.json" || cname == "location history.json" || cname == "locationhistory.json")
      return read_location_records;
    if (c.find("/semantic location history/") != std::string::npos && json) return read_semantic_location;
    if (cname == "settings.json" || cname == "timeline edits.json") {
      note = "Location History settings and edit log: no personal records";
      return nullptr;
    }
    return nullptr;
  }
  if (top == "contacts" && ends_with(c, ".vcf")) return read_vcards;
  if (top == "calendar" && ends_with(c, ".ics")) return read_calendar;
  if (top == "keep" && json) return read_keep_note;
  if (top == "keep" && html) {
    note = "HTML rendering of a Keep note; its .json twin is read";
    return nullptr;
  }
  if (top == "maps (your places)" && json) return read_saved_places;
  if (top == "maps" && json && c.find("labeled places") != std::string::npos) return read_saved_places;
  if (top == "saved" && csv) return read_saved_list_csv;
  if (top == "google play store" && cname == "installs.json") return read_play_installs;
  if (top == "profile" && cname == "profile.json") return read_profile;
  if (top == "mail" && ends_with(c, ".mbox")) return read_mbox;
  if (top == "google photos") {
    photo = true;
    return nullptr;
  }
  return nullptr;
}

}  // namespace

std::string canonical_path(std::string_view path) {
  std::vector<std::string> parts = split(path, '/');
  size_t root = parts.size();
  for (size_t i = 0; i < parts.size(); ++i)
    if (parts[i] == "Takeout") {
      root = i + 1;
      break;
    }
  if (root >= parts.size()) return "";
  std::vector<std::string> out;
  for (size_t i = root; i < parts.size(); ++i) out.push_back(translate(parts[i], i + 1 == parts.size()));
  return join(out, "/");
}

std::optional<int64_t> export_time_from_name(std::string_view name) {
  std::string n(basename(name));
  size_t at = n.find("takeout-");
  if (at == std::string::npos) return std::nullopt;
  std::string stamp = n.substr(at + 8, 16);  // 20260301T000000Z
  if (stamp.size() != 16) return std::nullopt;
  auto t = parse_time(stamp, "%Y%m%dT%H%M%SZ");
  if (!t) return std::nullopt;
  return t->seconds;
}

std::string service_for_product(std::string_view product) {
  static const std::pair<const char*, const char*> services[] = {
      {"youtube", "youtube"},       {"youtube music", "youtube"}, {"search", "search"},
      {"google suche", "search"},   {"suche", "search"},          {"chrome", "chrome"},
      {"maps", "maps"},             {"google maps", "maps"},      {"ads", "ads"},
      {"anzeigen", "ads"},          {"werbung", "ads"},           {"image search", "image_search"},
      {"bildersuche", "image_search"}, {"video search", "video_search"}, {"videosuche", "video_search"},
      {"google play store", "play"}, {"google play", "play"},     {"discover", "discover"},
      {"entdecken", "discover"},    {"news", "news"},             {"google news", "news"},
      {"assistant", "assistant"},   {"gmail", "gmail"},           {"drive", "drive"},
      {"google lens", "lens"},      {"google translate", "translate"}, {"shopping", "shopping"},
      {"takeout", "takeout"},       {"books", "books"},           {"google play books", "books"},
  };
  std::string p = fold(trim(product));
  for (const auto& [name, service] : services)
    if (p == name) return service;
  return snake_case(product);
}

}  // namespace google

int probe_google(const Archive& in) {
  int score = 0;
  int products = 0;
  for (const Entry& e : in.entries()) {
    if (e.junk) continue;
    std::string name = lower(basename(e.path));
    if (name == "archive_browser.html" && e.path.find("Takeout/") != std::string::npos) return 100;
    std::string canon = google::canonical_path(e.path);
    if (!canon.empty()) {
      std::string note;
      bool photo = false;
      if (google::route(canon, e.path, note, photo) || photo) ++products;
    }
    if (name == "timeline.json" && e.size < (int64_t{64} << 30)) {
      if (in.head(e, 512).find("semanticSegments") != std::string::npos) score = std::max(score, 90);
    } else if (name == "location-history.json") {
      std::string h = in.head(e, 1024);
      if (trim(h).substr(0, 1) == "[" && h.find("startTime") != std::string::npos &&
          h.find("geo:") != std::string::npos)
        score = std::max(score, 85);
    } else if (name == "myactivity.json" || name == "my activity.json") {
      std::string h = in.head(e, 2048);
      if (h.find("\"header\"") != std::string::npos && h.find("\"time\"") != std::string::npos)
        score = std::max(score, 70);
    }
  }
  if (products > 0) score = std::max(score, 90);
  return score;
}

void read_google(const Archive& in, Sink& out, Log& log) {
  google::Context cx{in, out, log, {}, std::nullopt, {}};
  for (const std::string& p : in.paths())
    if (auto t = google::export_time_from_name(p)) cx.export_time = std::max(cx.export_time.value_or(*t), *t);
  std::vector<google::File> photos;
  for (const Entry& e : in.entries()) {
    if (e.junk || e.link || e.container) continue;
    if (!cx.export_time) {  // a nested takeout-...zip inside the given folder names the export
      size_t slash = e.path.find('/');
      if (slash != std::string::npos)
        if (auto t = google::export_time_from_name(e.path.substr(0, slash))) cx.export_time = *t;
    }
    google::File f{&e, google::canonical_path(e.path), in.where(e)};
    std::string note;
    bool photo = false;
    google::Reader reader = google::route(f.canon, e.path, note, photo);
    if (photo) {
      photos.push_back(std::move(f));
      continue;
    }
    if (!note.empty()) {
      out.file(e, Fate::ignored, note);
      continue;
    }
    if (!reader) continue;  // no verdict: kept as an unknown file
    try {
      reader(cx, f);
    } catch (const Error& err) {
      log.partial(f.where, err.message());
      out.file(e, Fate::failed, err.message());
    }
  }
  if (!photos.empty()) google::read_photos(cx, photos);
}

}  // namespace dataport
