// Google Takeout (takeout-YYYYMMDDTHHMMSSZ-NNN.zip|.tgz parts, `Takeout/` root or the product
// folders given bare, localised names) and the on-device Timeline exports. This file finds the
// Takeout tree, translates names (one locale table), recognises self-describing files by their
// content, and hands each file to its reader; the readers live beside it. docs/formats/google.md
// says where each localised name comes from.
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
#include <map>
#include <set>

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
  const char* lang;  // where the name was seen; "[U]" after it when no real export showed it
};

// THE locale table: what only names tell (docs/formats/google.md says where each row comes
// from). Takeout names product folders, some sub-folders and some files in the account's
// language. What the content tells by itself (an mbox, a vCard, an iCalendar file, a My
// Activity array, a Records.json, a Chrome history) is recognised by content in sniff_reader()
// below, so a language missing here still loses nothing of those. Add a language by adding rows.
constexpr Name folder_names[] = {
    // My Activity
    {"My Activity", "Meine Aktivitäten", "de"},
    {"My Activity", "Meine Aktivität", "de"},
    {"My Activity", "Mon activité", "fr"},
    {"My Activity", "Mi actividad", "es"},
    {"My Activity", "Minha atividade", "pt"},
    {"My Activity", "Le mie attività", "it [U]"},
    {"My Activity", "Mijn activiteit", "nl"},
    {"My Activity", "Moja aktywność", "pl [U]"},
    // YouTube
    {"YouTube and YouTube Music", "YouTube und YouTube Music", "de"},
    {"YouTube and YouTube Music", "YouTube et YouTube Music", "fr"},
    {"YouTube and YouTube Music", "YouTube y YouTube Music", "es"},
    {"YouTube and YouTube Music", "YouTube e YouTube Music", "pt, it"},
    {"YouTube and YouTube Music", "YouTube en YouTube Music", "nl"},
    {"YouTube and YouTube Music", "YouTube i YouTube Music", "pl"},
    {"history", "Verlauf", "de"},
    {"history", "historique", "fr"},
    {"history", "historial", "es"},
    {"history", "histórico", "pt"},
    {"history", "historico", "pt"},
    {"history", "cronologia", "it [U]"},
    {"history", "geschiedenis", "nl"},
    {"history", "historia", "pl"},
    {"subscriptions", "Abos", "de"},
    {"subscriptions", "abonnements", "fr"},
    {"subscriptions", "suscripciones", "es"},
    {"subscriptions", "inscrições", "pt"},
    {"subscriptions", "iscrizioni", "it [U]"},
    {"subscriptions", "abonnementen", "nl"},
    {"subscriptions", "subskrypcje", "pl [U]"},
    {"comments", "Kommentare", "de"},
    {"comments", "commentaires", "fr [U]"},
    {"comments", "comentarios", "es"},
    {"comments", "comentários", "pt [U]"},
    {"comments", "commenti", "it [U]"},
    {"comments", "reacties", "nl"},
    {"comments", "komentarze", "pl [U]"},
    {"live chats", "Livechats", "de [U]"},
    {"my-comments", "Meine Kommentare", "de"},
    {"my-live-chat-messages", "meine-live-chat-nachrichten", "de"},
    {"playlists", "Playlists", "de"},
    // Location History
    {"Location History", "Standortverlauf", "de"},
    {"Location History", "Historique des positions", "fr [U]"},
    {"Location History", "Historial de ubicaciones", "es"},
    {"Location History", "Histórico de localização", "pt [U]"},
    {"Location History", "Cronologia delle posizioni", "it"},
    {"Location History", "Locatiegeschiedenis", "nl [U]"},
    {"Location History", "Historia lokalizacji", "pl [U]"},
    {"Location History (Timeline)", "Standortverlauf (Zeitachse)", "de [U]"},
    {"Semantic Location History", "Semantischer Standortverlauf", "de [U]"},
    {"Semantic Location History", "Semantic", "es"},
    {"Semantic Location History", "Cronologia delle posizioni semantica", "it"},
    // Photos, Contacts, Calendar, Mail
    {"Google Photos", "Google Fotos", "de, pt, es, nl"},
    {"Google Photos", "Zdjęcia Google", "pl [U]"},
    {"Contacts", "Google Kontakte", "de"},
    {"Contacts", "Kontakte", "de"},
    {"Contacts", "Contactos", "es [U]"},
    {"Contacts", "Contatos", "pt [U]"},
    {"Contacts", "Contatti", "it [U]"},
    {"Contacts", "Kontakty", "pl [U]"},
    {"Calendar", "Kalender", "de, nl"},
    {"Calendar", "Agenda", "fr, pt [U]"},
    {"Calendar", "Calendario", "es, it [U]"},
    {"Calendar", "Kalendarz", "pl [U]"},
    {"Mail", "Gmail", "de, and others"},
    {"Maps (your places)", "Maps (meine Orte)", "de"},
    {"Maps (your places)", "Maps (I tuoi luoghi)", "it"},
    {"Saved", "Gespeichert", "de"},
    {"Profile", "Profil", "de, fr, pl"},
    {"Profile", "Perfil", "es, pt [U]"},
    {"Profile", "Profilo", "it [U]"},
    {"Profile", "Profiel", "nl [U]"},
    // My Activity products
    {"Search", "Google Suche", "de"},
    {"Search", "Suche", "de"},
    {"Search", "Recherche", "fr"},
    {"Search", "Búsqueda", "es"},
    {"Search", "Pesquisa", "pt [U]"},
    {"Search", "Ricerca", "it [U]"},
    {"Search", "Zoeken", "nl"},
    {"Search", "Wyszukiwarka", "pl [U]"},
    {"Ads", "Anzeigen", "de"},
    {"Ads", "Publicidad", "es"},
    {"Ads", "Anuncios", "es"},
    {"Ads", "Annonces", "fr [U]"},
    {"Ads", "Advertenties", "nl"},
    {"Video Search", "Videosuche", "de"},
    {"Video Search", "Búsqueda de vídeos", "es"},
    {"Discover", "Entdecken", "de"},
    {"Discover", "Descubrir", "es"},
};

// Localised file names (without extension) -> English.
constexpr Name file_names[] = {
    {"MyActivity", "My Activity", "en"},
    {"MyActivity", "MeineAktivitäten", "de"},
    {"MyActivity", "Meine Aktivitäten", "de"},
    {"MyActivity", "MeineAktivität", "de"},
    {"MyActivity", "MonActivité", "fr"},
    {"MyActivity", "Mon activité", "fr"},
    {"MyActivity", "MiActividad", "es"},
    {"MyActivity", "MinhaAtividade", "pt [U]"},
    {"MyActivity", "Minha atividade", "pt [U]"},
    {"MyActivity", "LeMieAttività", "it [U]"},
    {"MyActivity", "MojaAktywność", "pl [U]"},
    {"watch-history", "Wiedergabeverlauf", "de"},
    {"watch-history", "historique des vidéos regardées", "fr"},
    {"watch-history", "historial-de-reproducciones", "es"},
    {"watch-history", "historial de reproducciones", "es"},
    {"watch-history", "histórico-de-visualização", "pt"},
    {"watch-history", "histórico de visualização", "pt"},
    {"watch-history", "kijkgeschiedenis", "nl"},
    {"watch-history", "historia oglądania", "pl [U]"},
    {"search-history", "Suchverlauf", "de"},
    {"search-history", "Historique des recherches", "fr"},
    {"search-history", "historial-de-búsqueda", "es"},
    {"search-history", "historial de búsquedas", "es"},
    {"search-history", "histórico de pesquisa", "pt"},
    {"search-history", "histórico-de-pesquisa", "pt"},
    {"search-history", "zoekgeschiedenis", "nl"},
    {"search-history", "historia wyszukiwania", "pl [U]"},
    {"subscriptions", "Abos", "de"},
    {"subscriptions", "abonnements", "fr"},
    {"subscriptions", "suscripciones", "es"},
    {"subscriptions", "inscrições", "pt"},
    {"subscriptions", "abonnementen", "nl"},
    {"comments", "Kommentare", "de"},
    {"comments", "comentarios", "es"},
    {"comments", "reacties", "nl"},
    {"History", "BrowserHistory", "en"},
    {"History", "Verlauf", "de"},
    {"History", "Historique", "fr [U]"},
    {"History", "Historial", "es"},
    {"History", "Histórico", "pt [U]"},
    {"History", "Cronologia", "it [U]"},
    {"History", "Geschiedenis", "nl"},
    {"History", "Historia", "pl [U]"},
    {"Bookmarks", "Lesezeichen", "de"},
    {"Bookmarks", "Favoris", "fr [U]"},
    {"Bookmarks", "Marcadores", "es, pt [U]"},
    {"Bookmarks", "Bladwijzers", "nl [U]"},
    {"Saved Places", "Gespeicherte Orte", "de [U]"},
    {"Profile", "Profil", "de, fr"},
    {"Profile", "Perfil", "es, pt [U]"},
    {"metadata", "Metadaten", "de"},
    {"metadata", "métadonnées", "fr [U]"},
    {"metadata", "metadatos", "es [U]"},
    {"metadata", "metadados", "pt [U]"},
};

// Localised CSV column names -> the English the readers ask for (YouTube subscriptions).
constexpr Name column_names[] = {
    {"Channel Id", "Kanal-ID", "de"},
    {"Channel Url", "Kanal-URL", "de"},
    {"Channel Title", "Kanaltitel", "de"},
    {"Channel Id", "ID des chaînes", "fr"},
    {"Channel Url", "URL des chaînes", "fr"},
    {"Channel Title", "Titres des chaînes", "fr"},
    {"Channel Id", "ID del canal", "es [U]"},
    {"Channel Url", "URL del canal", "es [U]"},
    {"Channel Title", "Título del canal", "es [U]"},
    {"Channel Id", "ID do canal", "pt"},
    {"Channel Url", "URL do canal", "pt"},
    {"Channel Title", "Título do canal", "pt"},
    {"Channel Id", "ID canale", "it [U]"},
    {"Channel Url", "URL canale", "it [U]"},
    {"Channel Title", "Titolo canale", "it [U]"},
    {"Channel Id", "Kanaal-ID", "nl [U]"},
    {"Channel Url", "Kanaal-URL", "nl [U]"},
    {"Channel Title", "Kanaaltitel", "nl [U]"},
    {"Channel Id", "Identyfikator kanału", "pl [U]"},
    {"Channel Url", "URL kanału", "pl [U]"},
    {"Channel Title", "Tytuł kanału", "pl [U]"},
};

// The English product folders, for finding a Takeout root that has no `Takeout/` above it. The
// first ones are distinctive enough alone; the generic ones ("Contacts", "Profile") count only
// beside another.
constexpr const char* distinctive_products[] = {"my activity", "youtube and youtube music", "location history",
                                                "location history (timeline)", "google photos", "google play store",
                                                "maps (your places)", "chrome", "keep", "mail"};
constexpr const char* generic_products[] = {"contacts", "calendar", "profile", "saved", "fit", "drive", "tasks",
                                            "youtube", "maps", "blogger", "hangouts", "google pay"};

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

// A product folder's English name is one of Takeout's products: 2 for a distinctive one, 1 for
// a generic one, 0 otherwise.
int product_weight(const std::string& folder) {
  std::string f = fold(translate(folder, false));
  for (const char* p : distinctive_products)
    if (f == p) return 2;
  for (const char* p : generic_products)
    if (f == p) return 1;
  return 0;
}

// The first bytes of a file with leading whitespace (and a UTF-8 BOM) removed.
std::string head_text(const Archive& in, const Entry& e, size_t n) {
  std::string h = in.head(e, n);
  if (h.rfind("\xEF\xBB\xBF", 0) == 0) h.erase(0, 3);
  size_t i = h.find_first_not_of(" \t\r\n");
  return i == std::string::npos ? "" : h.substr(i);
}

}  // namespace

std::optional<std::string> unwrapped_root(const Archive& in) {
  // Weight of the product folders seen at each candidate root ("" = the top of what was given,
  // "X/" = one folder down), and whether Takeout's index page sits there.
  std::map<std::string, std::set<std::string>> folders;
  std::set<std::string> index_pages;
  for (const Entry& e : in.entries()) {
    if (e.junk) continue;
    std::vector<std::string> parts = split(e.path, '/');
    for (const std::string& p : parts)
      if (p == "Takeout") return std::nullopt;  // the ordinary layout: canonical_path finds it
    if (parts.size() == 1 && lower(parts[0]) == "archive_browser.html") index_pages.insert("");
    if (parts.size() == 2 && lower(parts[1]) == "archive_browser.html") index_pages.insert(parts[0] + "/");
    if (parts.size() >= 2 && product_weight(parts[0])) folders[""].insert(parts[0]);
    if (parts.size() >= 3 && product_weight(parts[1])) folders[parts[0] + "/"].insert(parts[1]);
  }
  std::optional<std::string> best;
  int best_weight = 0;
  for (const auto& [root, names] : folders) {
    int weight = 0;
    for (const std::string& n : names) weight += product_weight(n);
    if (index_pages.count(root)) weight += 2;
    if (weight >= 2 && weight > best_weight) {
      best = root;
      best_weight = weight;
    }
  }
  return best;
}

std::string english_column(std::string_view name) {
  std::string f = fold(trim(name));
  for (const Name& n : column_names)
    if (f == fold(n.local)) return n.english;
  return std::string(name);
}

Reader sniff_reader(const Archive& in, const Entry& e, const std::string& canon) {
  if (canon.empty() || e.size == 0) return nullptr;
  std::string name = lower(basename(e.path));
  // Drive holds the user's own files: an .mbox or a .vcf there is a document, not their Gmail.
  std::string top = fold(canon.substr(0, canon.find('/')));
  if (top == "drive" || top == "google drive" || canon.find('/') == std::string::npos) return nullptr;
  // Self-describing formats, wherever they sit ("Gmail/Alle E-Mails einschließlich
  // Spam-Nachrichten und Papierkorb.mbox", "Contatos/Meus contatos/Meus contatos.vcf").
  if (ends_with(name, ".mbox")) return read_mbox;
  if (ends_with(name, ".vcf")) return head_text(in, e, 64).rfind("BEGIN:VCARD", 0) == 0 ? read_vcards : nullptr;
  if (ends_with(name, ".ics")) return head_text(in, e, 64).rfind("BEGIN:VCALENDAR", 0) == 0 ? read_calendar : nullptr;
  if (ends_with(name, ".json")) {
    std::string h = head_text(in, e, 4096);
    auto has = [&](const char* key) { return h.find(key) != std::string::npos; };
    if (h.rfind("[", 0) == 0 && has("\"header\"") && has("\"title\"") && has("\"time\"")) return read_activity_json;
    if (h.rfind("{", 0) != 0) return nullptr;
    if (has("\"Browser History\"")) return read_chrome_history;
    if (has("\"timelineObjects\"")) return read_semantic_location;
    if (has("\"locations\"") && (has("\"latitudeE7\"") || has("\"timestampMs\""))) return read_location_records;
    if (has("\"userEditedTimestampUsec\"") && (has("\"textContent\"") || has("\"listContent\"")))
      return read_keep_note;
    return nullptr;
  }
  if (ends_with(name, ".html") &&
      (top == "my activity" || top == "youtube and youtube music" || product_weight(top) == 0)) {
    // A My Activity page (both YouTube histories are one too): one outer-cell per event. Only
    // where such pages live, or in a folder the table does not know: the head read is 16 KiB
    // because the page starts with a long style sheet.
    std::string h = in.head(e, 16384);
    return h.find("outer-cell") != std::string::npos && h.find("content-cell") != std::string::npos
               ? read_activity_html
               : nullptr;
  }
  if (ends_with(name, ".csv")) {
    // subscriptions.csv in a language the column table lacks: Channel Id,Channel Url,Channel Title
    // whatever the header says, and every channel URL points at youtube.com/channel/.
    std::string h = head_text(in, e, 2048);
    size_t nl = h.find('\n');
    if (nl != std::string::npos && h.find("youtube.com/channel/UC", nl) != std::string::npos &&
        std::count(h.begin(), h.begin() + static_cast<std::ptrdiff_t>(nl), ',') == 2)
      return read_youtube_subscriptions;
  }
  return nullptr;
}

std::string canonical_path(std::string_view path, const std::optional<std::string>& unwrapped_root) {
  std::vector<std::string> parts = split(path, '/');
  size_t root = parts.size();
  for (size_t i = 0; i < parts.size(); ++i)
    if (parts[i] == "Takeout") {
      root = i + 1;
      break;
    }
  if (root >= parts.size() && unwrapped_root && path.substr(0, unwrapped_root->size()) == *unwrapped_root)
    root = static_cast<size_t>(std::count(unwrapped_root->begin(), unwrapped_root->end(), '/'));
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
      // My Activity product names in the account's language (folder names and `header`).
      {"recherche", "search"},      {"búsqueda", "search"},       {"pesquisa", "search"},
      {"ricerca", "search"},        {"zoeken", "search"},         {"wyszukiwarka", "search"},
      {"annonces", "ads"},          {"publicidad", "ads"},        {"anuncios", "ads"},
      {"advertenties", "ads"},      {"búsqueda de vídeos", "video_search"}, {"descubrir", "discover"},
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
  std::optional<std::string> root = google::unwrapped_root(in);
  if (root) score = 90;  // product folders without `Takeout/` above them
  for (const Entry& e : in.entries()) {
    if (e.junk) continue;
    std::string name = lower(basename(e.path));
    if (name == "archive_browser.html" && e.path.find("Takeout/") != std::string::npos) return 100;
    std::string canon = google::canonical_path(e.path, root);
    if (!canon.empty() && products == 0) {
      std::string note;
      bool photo = false;
      if (google::route(canon, e.path, note, photo) || photo || google::sniff_reader(in, e, canon)) ++products;
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
  std::optional<std::string> root = google::unwrapped_root(in);
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
    google::File f{&e, google::canonical_path(e.path, root), in.where(e)};
    std::string note;
    bool photo = false;
    google::Reader reader = google::route(f.canon, e.path, note, photo);
    if (!reader && !photo && note.empty()) reader = google::sniff_reader(in, e, f.canon);
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
