// Shared Meta helpers: values, times, label_values, media resolution, file iteration.
#include "importers/meta/meta.h"

#include <algorithm>
#include <unordered_map>

#include "lib/error.h"
#include "lib/mojibake.h"
#include "lib/text.h"

namespace dataport::meta {

// ---- values ---------------------------------------------------------------------------------

std::string str(element obj, std::string_view key) { return fix_mojibake(json_string(obj, key)); }

std::string text(element e) {
  std::string_view s;
  if (e.get_string().get(s)) return "";
  return fix_mojibake(repair_utf8(s));
}

bool array_of(element obj, std::string_view key, simdjson::dom::array& out) {
  return !obj.is_object() ? false : !obj.at_key(key).get_array().get(out);
}

bool object_of(element obj, std::string_view key, element& out) {
  if (!obj.is_object() || obj.at_key(key).get(out)) return false;
  return out.is_object();
}

bool flag(element obj, std::string_view key) {
  bool b = false;
  if (!obj.is_object() || obj.at_key(key).get_bool().get(b)) return false;
  return b;
}

std::optional<Timestamp> meta_time(std::optional<int64_t> v) {
  if (!v || *v <= 0) return std::nullopt;
  // Seconds stay below 10^11 until the year 5138; anything larger is milliseconds (some "v2"
  // fields and the E2EE download write ms under a plain `timestamp` key).
  if (*v >= 100'000'000'000LL) return from_unix_millis(*v);
  return from_unix_seconds(*v);
}

std::optional<Timestamp> time_of(element obj, std::string_view key) {
  if (!obj.is_object()) return std::nullopt;
  return meta_time(json_int(obj, key));
}

std::optional<Timestamp> first_time(element obj, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys)
    if (auto t = time_of(obj, k)) return t;
  return std::nullopt;
}

bool coordinates(element obj, double& lat, double& lon) {
  auto a = json_double(obj, "latitude"), b = json_double(obj, "longitude");
  if (!a.has_value() || !b.has_value()) return false;
  lat = a.value();
  lon = b.value();
  return true;
}

std::string time_text(element obj, std::string_view key) {
  auto t = time_of(obj, key);
  return t ? format_rfc3339(*t) : "";
}

// ---- label_values ---------------------------------------------------------------------------

namespace {

// Localised labels seen in Meta exports (English and Dutch [V]; Spanish, German and French
// follow the same wording in Meta's translations [U]), lower case, to one field name.
const std::unordered_map<std::string, std::string>& label_map() {
  static const std::unordered_map<std::string, std::string> m = [] {
    std::unordered_map<std::string, std::string> r;
    auto add = [&](const char* field, std::initializer_list<const char*> labels) {
      for (const char* l : labels) r.emplace(l, field);
    };
    add("name", {"name", "naam", "nombre", "nom", "full name", "volledige naam", "nombre completo", "vollständiger name",
                 "nom complet"});
    add("username", {"username", "gebruikersnaam", "nombre de usuario", "benutzername", "nom d'utilisateur"});
    add("url", {"url", "link", "enlace", "lien", "profile url", "website", "websites", "webseite", "site web",
                "sitio web"});
    add("reaction", {"reaction", "reactie", "reacción", "reaktion", "réaction"});
    add("time", {"time", "tijd", "hora", "zeit", "heure", "timestamp", "date", "datum", "fecha", "creation time",
                 "date and time", "datum en tijd", "fecha y hora", "datum und uhrzeit", "date et heure"});
    add("email", {"email", "e-mail", "email address", "e-mailadres", "correo electrónico", "e-mail-adresse",
                  "e-mail-adresse", "adresse e-mail", "emails", "e-mails"});
    add("phone", {"phone number", "phone", "telefoonnummer", "número de teléfono", "telefonnummer",
                  "numéro de téléphone"});
    add("query", {"search", "zoeken", "zoekopdracht", "búsqueda", "suche", "recherche", "search query"});
    add("text", {"text", "tekst", "texto", "texte", "content", "inhoud", "contenido", "inhalt", "contenu",
                 "post", "bericht", "publicación", "beitrag", "publication"});
    add("comment", {"comment", "opmerking", "comentario", "kommentar", "commentaire"});
    add("owner", {"media owner", "eigenaar van media", "eigenaar", "propietario del contenido", "propietario",
                  "eigentümer des mediums", "propriétaire du contenu", "propriétaire", "media-eigenaar",
                  "medieninhaber", "propietario del contenido multimedia", "propriétaire du contenu multimédia",
                  "owner"});
    add("author", {"author", "auteur", "autor"});
    add("private", {"private account", "privéaccount", "cuenta privada", "privates konto", "compte privé"});
    add("cookie_name", {"cookie name", "cookienaam", "nombre de la cookie", "cookie-name", "nom du cookie"});
    add("language_code", {"language code", "taalcode", "código de idioma", "sprachcode", "code de langue"});
    add("interest", {"interest", "interesse", "interés", "intérêt", "interests", "interesses", "intereses",
                     "interessen", "intérêts"});
    add("advertiser", {"advertiser", "advertiser name", "adverteerder", "anunciante", "werbetreibender", "annonceur"});
    add("app", {"app", "app name", "apps", "app-naam", "nombre de la app", "app-name", "nom de l'app"});
    add("events", {"events", "gebeurtenissen", "eventos", "ereignisse", "événements", "activity", "activiteit"});
    add("event", {"event", "gebeurtenis", "evento", "ereignis", "événement", "type", "event type"});
    add("ip", {"ip address", "ip", "ip-adres", "dirección ip", "ip-adresse", "adresse ip"});
    add("user_agent", {"user agent", "user-agent", "useragent", "browser"});
    add("device", {"device", "apparaat", "dispositivo", "gerät", "appareil", "device name"});
    add("location", {"location", "locatie", "ubicación", "standort", "lieu", "localisation", "place", "plaats"});
    add("city", {"city", "stad", "ciudad", "stadt", "ville", "town"});
    add("region", {"region", "regio", "región", "région", "state"});
    add("country", {"country", "land", "país", "pays"});
    add("title", {"title", "titel", "título", "titre"});
    add("bio", {"bio", "biografie", "biografía", "biographie"});
    add("gender", {"gender", "geslacht", "género", "geschlecht", "genre"});
    add("birthday", {"date of birth", "birthday", "geboortedatum", "fecha de nacimiento", "geburtsdatum",
                     "date de naissance"});
    add("saved_on", {"saved on", "opgeslagen op", "guardado el", "gespeichert am", "enregistré le"});
    add("action", {"action", "actie", "acción", "aktion"});
    add("id", {"id"});
    add("category", {"category", "categorie", "categoría", "kategorie", "catégorie"});
    add("description", {"description", "beschrijving", "descripción", "beschreibung"});
    add("timezone", {"timezone", "time zone", "tijdzone", "zona horaria", "zeitzone", "fuseau horaire"});
    return r;
  }();
  return m;
}

LabelValue read_one(element e);

std::vector<LabelValue> read_list(simdjson::dom::array a) {
  std::vector<LabelValue> out;
  for (element x : a)
    if (x.is_object()) out.push_back(read_one(x));
  return out;
}

LabelValue read_one(element e) {
  LabelValue lv;
  lv.label = str(e, "label");
  std::string_view canon = canonical_label(lv.label);
  lv.field = canon.empty() ? snake_case(lv.label) : std::string(canon);
  lv.value = str(e, "value");
  lv.href = str(e, "href");
  element v;
  if (!e.at_key("timestamp_value").get(v)) lv.time = meta_time(json_int(e, "timestamp_value"));
  else if (lv.field == "time" && !lv.value.empty() && lv.value.find_first_not_of("0123456789") == std::string::npos)
    lv.time = meta_time(std::stoll(lv.value.substr(0, 18)));
  simdjson::dom::array a;
  if (array_of(e, "dict", a)) lv.dict = read_list(a);
  if (array_of(e, "vec", a)) {
    lv.is_vec = true;
    lv.vec = read_list(a);
  }
  return lv;
}

json one_to_json(const LabelValue& lv) {
  if (lv.is_vec) {
    json arr = json::array();
    for (const LabelValue& x : lv.vec) arr.push_back(one_to_json(x));
    return arr;
  }
  if (!lv.dict.empty()) return labels_to_json(lv.dict);
  if (lv.time) return format_rfc3339(*lv.time);
  if (!lv.value.empty()) return lv.value;
  if (!lv.href.empty()) return lv.href;
  return nullptr;
}

}  // namespace

std::string_view canonical_label(std::string_view label) {
  std::string key = lower(trim(label));
  // lower() is ASCII only: fold the few accented capitals that start labels.
  key = replace_all(key, "É", "é");
  auto it = label_map().find(key);
  return it == label_map().end() ? std::string_view() : std::string_view(it->second);
}

std::string canonical_reaction(std::string_view value) {
  // English, Dutch, Spanish, German and French reaction names (the latter three [U]).
  static const std::unordered_map<std::string, std::string> m = {
      {"like", "like"},          {"vind ik leuk", "like"},   {"me gusta", "like"},     {"gefällt mir", "like"},
      {"j\u2019aime", "like"},   {"j'aime", "like"},          {"love", "love"},         {"geweldig", "love"},
      {"me encanta", "love"},    {"j\u2019adore", "love"},   {"j'adore", "love"},      {"care", "care"},
      {"blijk van steun", "care"}, {"me importa", "care"},  {"umarmung", "care"},     {"solidaire", "care"},
      {"haha", "haha"},          {"me divierte", "haha"},    {"wow", "wow"},           {"wauw", "wow"},
      {"me asombra", "wow"},     {"wouah", "wow"},           {"sad", "sad"},           {"verdrietig", "sad"},
      {"me entristece", "sad"},  {"traurig", "sad"},         {"triste", "sad"},        {"angry", "angry"},
      {"boos", "angry"},         {"me enoja", "angry"},      {"wütend", "angry"},      {"grrr", "angry"}};
  std::string key = lower(trim(value));
  auto it = m.find(key);
  return it == m.end() ? key : it->second;
}

std::string unquote(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return std::string(s);
}

std::vector<LabelValue> read_label_values(element record) {
  simdjson::dom::array a;
  if (!array_of(record, "label_values", a)) return {};
  return read_list(a);
}

const LabelValue* find_label(const std::vector<LabelValue>& lv, std::string_view field) {
  for (const LabelValue& x : lv)
    if (x.field == field) return &x;
  for (const LabelValue& x : lv)
    if (const LabelValue* d = find_label(x.dict, field)) return d;
  return nullptr;
}

std::string label_text(const std::vector<LabelValue>& lv, std::string_view field) {
  const LabelValue* x = find_label(lv, field);
  if (!x) return "";
  return x->value.empty() ? x->href : x->value;
}

json labels_to_json(const std::vector<LabelValue>& lv) {
  json out = json::object();
  for (const LabelValue& x : lv) {
    std::string key = x.field.empty() ? "value" : x.field;
    json v = one_to_json(x);
    if (v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty())) continue;
    if (!x.href.empty() && !x.value.empty()) out[key + "_url"] = x.href;
    if (out.contains(key)) {  // a repeated label becomes a list
      if (!out[key].is_array()) out[key] = json::array({out[key]});
      out[key].push_back(std::move(v));
    } else {
      out[key] = std::move(v);
    }
  }
  return out;
}

std::vector<LabelValue> read_string_map(element record) {
  std::vector<LabelValue> out;
  element m;
  if (!object_of(record, "string_map_data", m)) return out;
  for (auto [k, v] : m.get_object()) {
    LabelValue lv;
    lv.label = fix_mojibake(repair_utf8(k));
    std::string_view canon = canonical_label(lv.label);
    lv.field = canon.empty() ? snake_case(lv.label) : std::string(canon);
    lv.value = str(v, "value");
    lv.href = str(v, "href");
    lv.time = time_of(v, "timestamp");
    out.push_back(std::move(lv));
  }
  return out;
}

// ---- media ----------------------------------------------------------------------------------

namespace {

std::string normalise_uri(std::string_view uri) {
  uri = trim(uri);
  if (uri.substr(0, 7) == "file://") uri.remove_prefix(7);
  while (uri.substr(0, 2) == "./") uri.remove_prefix(2);
  while (!uri.empty() && uri.front() == '/') uri.remove_prefix(1);
  return std::string(uri);
}

// Path components shared at the end, compared case-insensitively.
int common_suffix(std::string_view a, std::string_view b) {
  std::vector<std::string> x = split(lower(a), '/'), y = split(lower(b), '/');
  int n = 0;
  while (n < static_cast<int>(x.size()) && n < static_cast<int>(y.size()) &&
         x[x.size() - 1 - n] == y[y.size() - 1 - n])
    ++n;
  return n;
}

}  // namespace

MediaResolver::MediaResolver(const Archive& in, Sink& out, Log& log) : in_(in), out_(out), log_(log) {
  for (const Entry& e : in.entries()) {
    if (e.junk || e.link || e.container) continue;
    std::string name = lower(basename(e.path));
    if (name.size() > 5 && name.substr(name.size() - 5) == ".json") continue;
    by_name_[name].push_back(&e);
  }
}

const Entry* MediaResolver::find(std::string_view uri) const {
  std::string u = normalise_uri(uri);
  if (u.empty() || u.find("://") != std::string::npos) return nullptr;
  auto it = by_name_.find(lower(basename(u)));
  if (it == by_name_.end()) return nullptr;
  const Entry* best = nullptr;
  int best_score = 0;
  for (const Entry* e : it->second) {
    int s = common_suffix(e->path, u);
    if (s > best_score) {
      best = e;
      best_score = s;
    }
  }
  return best;
}

// Records name media in their own order (posts newest first, a thread's photos after its
// message_N.json files), and an entry before the current position of its part costs a reopen
// and a walk over every header up to it: thousands of reopens for a big export. So the first
// copy reads every media file of the set once, in listing order, and keeps each reference for
// copy(). Files no record names cost nothing more: the pipeline stores them anyway, as file records.
void MediaResolver::prefetch() {
  prefetched_ = true;
  static const char* exts[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".mp4", ".mov",
                               ".m4a", ".mp3", ".aac", ".wav", ".pdf", ".srt"};
  for (const Entry& e : in_.entries()) {
    if (e.junk || e.link || e.container || e.size == 0) continue;
    std::string name = lower(basename(e.path));
    if (std::none_of(std::begin(exts), std::end(exts), [&](const char* x) { return name.ends_with(x); })) continue;
    try {
      fetched_.emplace(&e, out_.media(in_, e));
    } catch (const Error&) {
      return;  // copy() reads on demand from here, and reports the error where a record names the file
    }
  }
}

std::optional<json> MediaResolver::copy(std::string_view uri) {
  const Entry* e = find(uri);
  if (!e) {
    // A web address is a link, not a file; a path the set does not hold is a file it lacks.
    if (!uri.empty() && uri.find("://") == std::string_view::npos)
      out_.missing(uri, "named as media by a record; the export does not hold it (its uri is kept)");
    return std::nullopt;
  }
  auto it = done_.find(e);
  if (it != done_.end()) return it->second;
  if (!prefetched_) prefetch();
  MediaRef ref;
  try {
    auto f = fetched_.find(e);
    ref = f != fetched_.end() ? f->second : out_.media(in_, *e);
  } catch (const Error& err) {
    log_.partial(in_.where(*e), "media file could not be copied: " + err.message());
    out_.file(*e, Fate::failed, err.message());
    done_.emplace(e, json());
    return std::nullopt;
  }
  json m = {{"path", e->path}, {"size", ref.size}};
  if (!ref.sha256.empty()) m["sha256"] = ref.sha256;
  if (!ref.mime.empty()) m["mime"] = ref.mime;
  out_.file(*e, Fate::parsed, "media file, copied into the media store and linked from records");
  done_.emplace(e, m);
  return m;
}

// ---- iteration ------------------------------------------------------------------------------

std::string file_name(std::string_view path) { return lower(basename(path)); }

bool has_dir(std::string_view path, std::string_view dir) {
  std::vector<std::string> parts = split(path, '/');
  for (size_t i = 0; i + 1 < parts.size(); ++i)
    if (iequals(parts[i], dir)) return true;
  return false;
}

std::string parent_dir(std::string_view path) {
  std::vector<std::string> parts = split(path, '/');
  return parts.size() >= 2 ? parts[parts.size() - 2] : "";
}

namespace {

// Keys that belong to a record itself: a file whose first key is one of them is a bare record.
bool record_key(std::string_view k) {
  static const char* keys[] = {"label_values", "timestamp",  "media",        "fbid",        "title",
                               "data",         "attachments", "string_map_data", "string_list_data",
                               "media_list_data", "participants", "messages", "name", "uri"};
  for (const char* x : keys)
    if (k == x) return true;
  return false;
}

// The first key of a top-level object and the character that opens its value.
bool first_key(std::string_view s, std::string& key, char& opens) {
  size_t i = s.find('{');
  if (i == std::string_view::npos) return false;
  i = s.find('"', i);
  if (i == std::string_view::npos) return false;
  size_t j = s.find('"', i + 1);
  if (j == std::string_view::npos) return false;
  key = std::string(s.substr(i + 1, j - i - 1));
  size_t k = s.find(':', j);
  if (k == std::string_view::npos) return false;
  k = s.find_first_not_of(" \t\r\n", k + 1);
  if (k == std::string_view::npos) return false;
  opens = s[k];
  return true;
}

}  // namespace

std::string for_each_item(const Archive& in, const Entry& e, JsonParser& parser, bool stream,
                          const std::function<void(element, const std::string&)>& fn) {
  std::string where = in.where(e);
  std::string head = in.head(e, 4096);
  std::string_view h = trim(strip_bom(head));
  if (h.empty()) return "";
  std::string key;
  char opens = 0;
  bool top_array = h.front() == '[';
  bool keyed = !top_array && first_key(h, key, opens) && opens == '[' && !record_key(key);
  if (stream && (top_array || keyed)) {
    auto s = in.open(e);
    JsonArrayScanner scan(*s, where, keyed ? key : "");
    std::string text;
    std::string prefix = keyed ? "/" + key + "/" : "/";
    while (scan.next(text)) {
      // No Log here: a cut string stops the file with an error its reader reports, never silently.
      if (scan.truncated())
        throw Error(where + " " + prefix + std::to_string(scan.index()),
                    "a string longer than 16 MiB; the rest of the file is not read");
      fn(parser.parse(text, where), prefix + std::to_string(scan.index()));
    }
    return key;
  }
  std::string body = in.read(e);
  element doc = parser.parse(strip_bom(body), where);
  simdjson::dom::array arr;
  if (doc.is_array()) {
    arr = doc.get_array().value();
    key.clear();
  } else if (keyed && array_of(doc, key, arr)) {
  } else {
    fn(doc, "");
    return "";
  }
  int64_t i = 0;
  std::string prefix = key.empty() ? "/" : "/" + key + "/";
  for (element x : arr) fn(x, prefix + std::to_string(i++));
  return key;
}

bool media_item_base(MediaResolver& media, element m, json& item, json& unresolved) {
  std::string uri = str(m, "uri");
  if (uri.empty()) return false;
  auto ref = media.copy(uri);
  if (!ref) {
    unresolved.push_back(uri);
    return false;
  }
  item = *ref;
  put(item, "title", str(m, "title"));
  if (auto t = time_of(m, "creation_timestamp")) item["created_at"] = format_rfc3339(*t);
  return true;
}

}  // namespace dataport::meta
