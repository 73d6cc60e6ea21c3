// Google Takeout (takeout-YYYYMMDDTHHMMSSZ-NNN.zip|.tgz parts, `Takeout/` root or the product
// folders given bare, localised names) and the on-device Timeline exports. On the importer
// skeleton (ingest/rules.h): this file finds the Takeout tree, translates names (one locale
// table), and holds the rule table, whose rows match the translated path (canon_name), so one row
// serves every language; the last row recognises self-describing files by their content
// (sniff_reader). The pipeline stores the Google Photos files and Keep attachments (the media
// row) before the readers run; the readers live beside this file, every CSV one on the shared
// CSV table reader (ingest/csv_table.h). docs/formats/google.md says where each localised name
// comes from.
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
#include <array>
#include <map>
#include <set>
#include <unordered_map>

#include "importers/google/google.h"
#include "ingest/importers.h"
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

enum class Table { folders, files, columns };

// The English name of a folded local name in one of the tables, or null. The tables are folded
// once: a probe translates every entry's folders, and folding each row for each of them cost
// about 80k instructions an entry. A name in two rows takes the first, as a walk in order would.
const char* english_of(Table table, const std::string& folded) {
  static const auto maps = [] {
    std::array<std::unordered_map<std::string, const char*>, 3> m;
    for (const Name& n : folder_names) m[0].emplace(fold(n.local), n.english);
    for (const Name& n : file_names) m[1].emplace(fold(n.local), n.english);
    for (const Name& n : column_names) m[2].emplace(fold(n.local), n.english);
    return m;
  }();
  const auto& m = maps[static_cast<size_t>(table)];
  auto it = m.find(folded);
  return it == m.end() ? nullptr : it->second;
}

std::string translate(const std::string& component, bool is_file) {
  std::string stem = component, ext;
  if (is_file) {
    size_t dot = component.rfind('.');
    if (dot != std::string::npos && dot > 0) {
      stem = component.substr(0, dot);
      ext = component.substr(dot);
    }
  }
  if (const char* english = english_of(is_file ? Table::files : Table::folders, fold(stem)))
    return english + ext;
  return replace_all(component, "\xC2\xA0", " ");
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
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
  if (const char* english = english_of(Table::columns, fold(trim(name)))) return english;
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

State& state(ImportContext& c) {
  State& s = c.state<State>();
  if (s.ready) return s;
  s.ready = true;
  s.root = unwrapped_root(c.in);
  for (const std::string& p : c.in.paths())
    if (auto t = export_time_from_name(p)) s.export_time = std::max(s.export_time.value_or(*t), *t);
  for (const Entry& e : c.in.entries()) {  // a nested takeout-...zip inside the given folder names the export
    size_t slash = e.path.find('/');
    if (s.export_time || e.junk || slash == std::string::npos) continue;
    if (auto t = export_time_from_name(e.path.substr(0, slash))) s.export_time = *t;
  }
  return s;
}

void warn_once(ImportContext& c, const std::string& where, const std::string& what) { warn_once(c, where, what, what); }

void warn_once(ImportContext& c, const std::string& where, std::string_view key, const std::string& what) {
  std::string said = where + "|";
  said += key;
  if (state(c).said.insert(std::move(said)).second) c.log.warn(where, what);
}

File file_of(ImportContext& c, const Entry& e) { return {&e, canonical_path(e.path, state(c).root), c.in.where(e)}; }

namespace {

// A reader of this folder as a rule's reader.
template <Reader R>
Verdict on_file(ImportContext& c, const Entry& e) {
  return R(c, file_of(c, e));
}

// What the rules match: the path inside the Takeout with localised names in English ("" outside
// a Takeout tree).
std::string canon_name(ImportContext& c, const Entry& e) { return canonical_path(e.path, state(c).root); }

// The file name of a file outside any Takeout tree (a My Activity file given alone).
std::string outside_name(ImportContext& c, const Entry& e) {
  return canon_name(c, e).empty() ? lower(basename(e.path)) : std::string();
}

// The canonical path of a Google Photos photo or video, or of a file beside a Keep note (its
// attachment); "" for any other file.
std::string media_name(ImportContext& c, const Entry& e) {
  std::string canon = canon_name(c, e), low = lower(canon);
  if (low.rfind("google photos/", 0) == 0) return is_photo_media(basename(canon)) ? canon : "";
  if (low.rfind("keep/", 0) != 0) return "";
  for (const char* ext : {".json", ".html", ".htm"})
    if (low.ends_with(ext)) return "";
  return canon;
}

// The content decides, for a file inside the Takeout that no path rule took (sniff_reader).
Verdict read_sniffed(ImportContext& c, const Entry& e) {
  File f = file_of(c, e);
  Reader r = sniff_reader(c.in, e, f.canon);
  return r ? r(c, f) : Verdict{Fate::unknown, ""};
}

void finish(ImportContext& c) {
  finish_photos(c);
  c.media.emit_unused(c.out, c.platform, "keep");  // attachments no Keep note names
}

#define YT(p) "YouTube and YouTube Music/" p "|YouTube/" p
#define LH(p) "Location History/" p "|Location History (Timeline)/" p

// THE rule table. Rows with `canon_name` match the path inside the Takeout in English (the locale
// table above translates every folder and file name), so one row serves every language; what
// no row takes goes to the content (read_sniffed) last.
const RuleSet& rules() {
  static const RuleSet set = {
      .platform = "google",
      .rules = {
          // The on-device Timeline exports travel alone, outside any Takeout tree.
          {.match = "**/Timeline.json", .read = on_file<read_device_timeline>, .kinds = "location, place, activity"},
          {.match = "**/location-history.json", .read = on_file<read_ios_timeline>, .kinds = "location, place"},
          {.match = "Google Photos/**/*|Keep/**/*", .name = media_name, .kinds = "media", .media = true,
           .note = "Google Photos file or Keep attachment"},
          {.match = "myactivity.json|my activity.json", .name = outside_name, .read = on_file<read_activity_json>,
           .kinds = "activity"},
          {.match = "archive_browser.html", .name = canon_name, .note = "Takeout's own index page of the export"},
          {.match = "My Activity/**/MyActivity.json", .name = canon_name, .read = on_file<read_activity_json>,
           .kinds = "activity"},
          {.match = "My Activity/**/MyActivity.html|My Activity/**/MyActivity-*.html|My Activity/**/MyActivity-*.htm",
           .name = canon_name, .read = on_file<read_activity_html>, .kinds = "activity"},
          {.match = YT("history/**/*.json"), .name = canon_name, .read = on_file<read_activity_json>, .kinds = "activity"},
          {.match = YT("history/**/*.html") "|" YT("history/**/*.htm"), .name = canon_name,
           .read = on_file<read_activity_html>, .kinds = "activity"},
          {.match = YT("subscriptions/**/*.csv"), .name = canon_name, .read = on_file<read_youtube_subscriptions>,
           .kinds = "contact (following)"},
          {.match = YT("comments/**/*.csv"), .name = canon_name, .read = on_file<read_youtube_comments_csv>,
           .kinds = "comment"},
          {.match = YT("live chats/**/*.csv") "|" YT("live chat/**/*.csv"), .name = canon_name,
           .read = on_file<read_youtube_live_chat_csv>, .kinds = "comment (live_chat)"},
          {.match = YT("my-comments/**/*.html") "|" YT("my-comments/**/*.htm") "|" YT("my-live-chat-messages/**/*.html")
                        "|" YT("my-live-chat-messages/**/*.htm"),
           .name = canon_name, .read = on_file<read_youtube_comments_html>, .kinds = "comment"},
          {.match = YT("playlists/**/likes.json"), .name = canon_name, .read = on_file<read_youtube_likes_json>,
           .kinds = "reaction"},
          {.match = YT("playlists/**/*.csv"), .name = canon_name, .read = on_file<read_youtube_playlist_csv>,
           .kinds = "activity (playlist_add, playlist_create), reaction"},
          {.match = "Chrome/**/History.json", .name = canon_name, .read = on_file<read_chrome_history>,
           .kinds = "activity (visit)"},
          {.match = "Chrome/**/Bookmarks.html", .name = canon_name, .read = on_file<read_chrome_bookmarks>,
           .kinds = "activity (bookmark)"},
          {.match = LH("**/Records.json") "|" LH("**/Location History.json") "|" LH("**/LocationHistory.json"),
           .name = canon_name, .read = on_file<read_location_records>, .kinds = "location"},
          {.match = LH("**/Semantic Location History/**/*.json"), .name = canon_name,
           .read = on_file<read_semantic_location>, .kinds = "place, location"},
          {.match = LH("**/Settings.json") "|" LH("**/Timeline Edits.json"), .name = canon_name,
           .note = "Location History settings and edit log: no personal records"},
          {.match = "Contacts/**/*.vcf", .name = canon_name, .read = on_file<read_vcards>, .kinds = "contact"},
          {.match = "Calendar/**/*.ics", .name = canon_name, .read = on_file<read_calendar>, .kinds = "event"},
          {.match = "Keep/**/*.json", .name = canon_name, .read = on_file<read_keep_note>, .kinds = "note"},
          {.match = "Keep/**/*.html|Keep/**/*.htm", .name = canon_name,
           .note = "HTML rendering of a Keep note; its .json twin is read"},
          {.match = "Maps (your places)/**/*.json|Maps/**/*labeled places*.json|Maps/**/*labeled places*/**/*.json",
           .name = canon_name, .read = on_file<read_saved_places>, .kinds = "place"},
          {.match = "Saved/**/*.csv", .name = canon_name, .read = on_file<read_saved_list_csv>, .kinds = "place"},
          {.match = "Google Play Store/**/Installs.json", .name = canon_name, .read = on_file<read_play_installs>,
           .kinds = "activity (install)"},
          {.match = "Profile/**/Profile.json", .name = canon_name, .read = on_file<read_profile>, .kinds = "profile"},
          {.match = "Mail/**/*.mbox", .name = canon_name, .read = on_file<read_mbox>, .kinds = "message"},
          {.match = "Google Photos/**/*.json", .name = canon_name, .read = on_file<read_photo_json>,
           .kinds = "media (album, sidecar)"},
          // Any other file of Google Photos is kept whole; its content is not sniffed.
          {.match = "Google Photos/**/*", .name = canon_name, .fate = Fate::unknown},
          {.match = "**/*", .name = canon_name, .read = read_sniffed,
           .kinds = "message, contact, event, activity, location, place, note (by content)"},
      },
      .finish = finish,
  };
  return set;
}

#undef YT
#undef LH

// True when a path rule takes the file (the probe's question; the content rule aside).
bool routed(const Entry& e, const std::string& canon) {
  for (const Rule& r : rules().rules) {
    if ((!r.read && !r.media) || r.read == read_sniffed || r.name == outside_name) continue;
    if (path_matches(r.match, r.name ? std::string_view(canon) : std::string_view(e.path))) return true;
  }
  return false;
}

}  // namespace

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
    if (!canon.empty() && products == 0 && (google::routed(e, canon) || google::sniff_reader(in, e, canon))) ++products;
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

void read_google(const Archive& in, Sink& out, Log& log) { run_rules(google::rules(), in, out, log); }

}  // namespace dataport
