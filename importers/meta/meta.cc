// Shared Meta helpers: values, times, label_values, media resolution, file iteration.
#include "importers/meta/meta.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "lib/base.h"
#include "lib/error.h"
#include "lib/mojibake.h"
#include "lib/text.h"

namespace dataport::meta {

bool IdSet::pack(std::string_view id, Packed& out) {
  // Lower case only: an id in upper case is another id, and would not print back as itself.
  if (id.size() != 2 * out.size() || id.find_first_of("ABCDEF") != std::string_view::npos) return false;
  std::optional<std::string> bytes = from_hex(id);
  if (!bytes) return false;
  std::memcpy(out.data(), bytes->data(), out.size());
  return true;
}

void IdSet::insert(std::string_view id) {
  Packed p;
  if (!pack(id, p)) {
    other_.emplace(id);
    return;
  }
  packed_.push_back(p);
  sorted_ = false;
}

bool IdSet::contains(std::string_view id) {
  Packed p;
  if (!pack(id, p)) return other_.find(id) != other_.end();
  if (!sorted_) {
    std::sort(packed_.begin(), packed_.end());
    packed_.erase(std::unique(packed_.begin(), packed_.end()), packed_.end());
    sorted_ = true;
  }
  return std::binary_search(packed_.begin(), packed_.end(), p);
}

// ---- values ---------------------------------------------------------------------------------

std::string str(element obj, std::string_view key) { return fix_mojibake(json_path(obj, {key})); }

std::string text(element e) { return e.is_string() ? fix_mojibake(json_text(e)) : std::string(); }

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
  if (json_array(e, "dict", a)) lv.dict = read_list(a);
  if (json_array(e, "vec", a)) {
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
  if (!json_array(record, "label_values", a)) return {};
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
  if (!json_object(record, "string_map_data", m)) return out;
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

State& state(Context& c) {
  State& st = c.state<State>();
  if (!st.ready) {  // Messenger is a service of Facebook; Instagram's direct messages are Instagram's own
    st.service = std::string_view(c.platform) == "facebook" ? "messenger" : "";
    st.ready = true;
  }
  return st;
}

StoredMedia* find_media(Context& c, std::string_view uri) {
  std::string u = normalise_uri(uri);
  if (u.empty() || u.find("://") != std::string::npos) return nullptr;
  State& st = state(c);
  std::vector<StoredMedia>& all = c.media.all();
  if (!st.media_indexed) {
    for (size_t i = 0; i < all.size(); ++i) st.media_by_name[lower(basename(all[i].entry->path))].push_back(i);
    st.media_indexed = true;
  }
  auto it = st.media_by_name.find(lower(basename(u)));
  if (it == st.media_by_name.end()) return nullptr;
  StoredMedia* best = nullptr;
  int best_score = 0;
  for (size_t i : it->second) {
    int s = common_suffix(all[i].entry->path, u);
    if (s > best_score) {
      best = &all[i];
      best_score = s;
    }
  }
  return best;
}

std::optional<json> use_media(Context& c, std::string_view uri) {
  StoredMedia* m = find_media(c, uri);
  if (!m) {
    // A web address is a link, not a file; a path the set does not hold is a file it lacks.
    if (!uri.empty() && uri.find("://") == std::string_view::npos)
      c.out.missing(uri, "named as media by a record; the export does not hold it (its uri is kept)");
    return std::nullopt;
  }
  return c.media.use(*m);
}

bool media_item_base(Context& c, element m, json& item, json& unresolved) {
  std::string uri = str(m, "uri");
  if (uri.empty()) return false;
  auto ref = use_media(c, uri);
  if (!ref) {
    unresolved.push_back(uri);
    return false;
  }
  item = *ref;
  put(item, "title", str(m, "title"));
  if (auto t = time_of(m, "creation_timestamp")) item["created_at"] = format_rfc3339(*t);
  return true;
}

bool html_export(Context& c) {
  State& st = state(c);
  if (!st.html_export) {
    int64_t json_files = 0, html_files = 0;
    for (const Entry& e : c.in.entries()) {
      if (e.junk || e.link || e.container) continue;
      std::string name = lower(basename(e.path));
      if (name.ends_with(".json")) ++json_files;
      if (name.ends_with(".html") || name.ends_with(".htm")) ++html_files;
    }
    st.html_export = html_files > 0 && json_files == 0;
  }
  return *st.html_export;
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

ItemsRead each(Context& c, const Entry& e, const std::function<void(element, const std::string&)>& fn) {
  return each_item(c.in, c.log, c.parser, e, ItemsAt::by_shape(), fn, whole_below);
}

void open_keyed(Context& c, const Entry& e, std::string_view key, KeyedFile& f) {
  std::string where = c.in.where(e);
  if (e.size >= 0 && e.size < whole_below) {
    std::string body = c.in.read(e);
    try {
      f.doc = f.parser.parse(strip_bom(body), where);
      f.whole = true;
      return;
    } catch (const Error&) {
      // Not valid as a whole: its other members and the good items of its array are still read.
    }
  }
  std::string head = without_member(c.in, e, key);
  f.doc = f.parser.parse(strip_bom(head), where);
}

ItemsRead each_keyed(Context& c, const Entry& e, KeyedFile& f, const std::string& key,
                     const std::function<void(element, const std::string&)>& fn) {
  if (!f.whole) return each_item(c.in, c.log, c.parser, e, key, fn);
  simdjson::dom::array a;
  if (!json_array(f.doc, key, a)) {
    ItemsRead none;
    none.key = key;
    return none;
  }
  ItemsRead r = each_parsed(c.log, c.in.where(e), a, "/" + key + "/", fn);
  r.key = key;
  return r;
}

Verdict verdict(const ItemsRead& r, std::string note) {
  if (!r.broken.empty()) return {r.items ? Fate::partial : Fate::failed, r.items ? note + "; " + r.broken : r.broken};
  return {r.bad ? Fate::partial : Fate::parsed, std::move(note)};
}

std::string without_member(const Archive& in, const Entry& e, std::string_view key) {
  // One streaming pass with the JSON tree walker: each member of the top-level object is taken as
  // its JSON text, except the array or object under `key`, which is read past unkept and written [].
  using Path = JsonTreeWalker::Path;
  using Visit = JsonTreeWalker::Visit;
  constexpr size_t limit = size_t{64} << 20;
  std::string where = in.where(e);
  auto stream = in.open(e);
  JsonTreeWalker w(*stream, where, limit);
  std::string out = "{";
  bool object = false;
  auto member = [&](const std::string& k, std::string_view text) {
    if (out.size() > 1) out += ',';
    out += json(k).dump(-1, ' ', false, json::error_handler_t::replace);
    out += ':';
    out += text;
    if (out.size() > limit) throw Error(where, "the members beside \"" + std::string(key) + "\" are larger than 64 MiB");
  };
  w.visit = [&](const Path& p, char opens) {
    if (p.empty()) {
      object = opens == '{';
      return object ? Visit::descend : Visit::take;  // not an object: the value as it is
    }
    if (p[0] == key && (opens == '{' || opens == '[')) {
      member(p[0], "[]");
      return Visit::skip;
    }
    return Visit::take;
  };
  w.take = [&](const Path& p, std::string_view text) {
    if (p.empty()) out = text;
    else member(p[0], text);
  };
  w.run();
  if (object) out += '}';
  return out;
}

}  // namespace dataport::meta
