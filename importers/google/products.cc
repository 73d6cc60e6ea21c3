// Smaller Takeout products: Chrome history and bookmarks, Play Store installs, Keep notes, Maps
// saved and starred places, the account profile.

#include "importers/google/dom.h"
#include "importers/google/google.h"
#include "importers/json_walk.h"
#include "ingest/csv_table.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport::google {

namespace {

// A file that is one record (a Keep note, Profile.json): read whole, bounded (read_one_record_text).
simdjson::dom::element parse_whole(ImportContext& cx, const File& f, std::string& text) {
  text = read_one_record_text(cx.in, *f.entry);
  return cx.parser.parse(strip_bom(text), f.where);
}

std::optional<Timestamp> micros(simdjson::dom::element o, const char* key) {
  auto us = json_int(o, key);
  if (!us || *us <= 0) return std::nullopt;
  return from_unix_micros(*us);
}

}  // namespace

// Chrome/BrowserHistory.json, renamed Chrome/History.json (2023-24):
// {"Browser History":[{page_transition, title, url, client_id, time_usec}]}, time in µs.
Verdict read_chrome_history(ImportContext& cx, const File& f) {
  auto s = cx.in.open(*f.entry);
  JsonArrayScanner scan(*s, f.where, "Browser History");
  std::string text;
  int64_t n = 0, bad = 0;
  while (scan.next(text)) {
    std::string pointer = "/Browser History/" + std::to_string(scan.index());
    try {
      simdjson::dom::element e = cx.parser.parse(text, f.where + ": " + pointer);
      std::string url = json_string(e, "url");
      auto t = micros(e, "time_usec");
      Record r = make_record("activity", "google",
                             "chrome|" + json_string(e, "time_usec") + "|" + url, f.entry->path, pointer);
      r.service = "chrome";
      if (t) set_time(r, *t);
      r.data["action"] = "visit";
      put(r.data, "title", json_string(e, "title"));
      put(r.data, "url", url);
      json raw = json::object();
      put(raw, "page_transition", json_string(e, "page_transition"));
      put(raw, "client_id", json_string(e, "client_id"));
      if (!raw.empty()) r.data["raw"] = std::move(raw);
      cx.out.add(std::move(r));
      ++n;
    } catch (const Error& err) {
      ++bad;
      cx.log.warn(err.where(), err.message() + "; skipped");
    }
  }
  if (!scan.found()) {
    cx.log.partial(f.where, "no \"Browser History\" array");
    return {Fate::failed, "no \"Browser History\" array"};
  }
  return {bad ? Fate::partial : Fate::parsed, std::to_string(n) + " page visits"};
}

// Chrome/Bookmarks.html: the Netscape bookmark file; folders are <DT><H3> followed by a <DL>.
Verdict read_chrome_bookmarks(ImportContext& cx, const File& f) {
  HtmlDoc doc(cx.in.read(*f.entry));
  auto links = find_all(doc.root(), [](const GumboNode* n) { return tag_of(n) == GUMBO_TAG_A; });
  int64_t n = 0;
  for (const GumboNode* a : links) {
    std::string url = attr(a, "href");
    if (url.empty()) continue;
    // The folder path: every <H3> that heads a <DL> enclosing the link.
    std::vector<std::string> folders;
    for (const GumboNode* p = a->parent; p; p = p->parent) {
      if (tag_of(p) != GUMBO_TAG_DL || !p->parent) continue;
      const GumboNode* holder = p->parent;
      size_t at = p->index_within_parent;
      auto kids = children(holder);
      for (size_t i = at; i-- > 0;) {
        if (tag_of(kids[i]) == GUMBO_TAG_H3) {
          folders.insert(folders.begin(), clean_space(node_text(kids[i])));
          break;
        }
        if (tag_of(kids[i]) == GUMBO_TAG_DL || tag_of(kids[i]) == GUMBO_TAG_A) break;
      }
    }
    std::string added = attr(a, "add_date");
    Record r = make_record("activity", "google", "bookmark|" + url + "|" + added, f.entry->path,
                           "bookmark " + std::to_string(n + 1));
    r.service = "chrome";
    if (!added.empty() && added.find_first_not_of("0123456789") == std::string::npos) {
      int64_t v = std::stoll(added);
      set_time(r, v > 100000000000000 ? from_unix_micros(v) : from_unix_seconds(v));
    }
    r.data["action"] = "bookmark";
    put(r.data, "title", clean_space(node_text(a)));
    put(r.data, "url", url);
    if (!folders.empty()) r.data["raw"] = json{{"folder", join(folders, "/")}};
    cx.out.add(std::move(r));
    ++n;
  }
  return {Fate::parsed, std::to_string(n) + " bookmarks"};
}

// Google Play Store/Installs.json: [{install:{doc{title}, firstInstallationTime, lastUpdateTime,
// deviceAttribute{model, manufacturer, deviceDisplayName}}}].
Verdict read_play_installs(ImportContext& cx, const File& f) {
  auto s = cx.in.open(*f.entry);
  JsonArrayScanner scan(*s, f.where);
  std::string text;
  int64_t n = 0, bad = 0;
  while (scan.next(text)) {
    std::string pointer = "/" + std::to_string(scan.index());
    try {
      simdjson::dom::element e = cx.parser.parse(text, f.where + ": " + pointer), in, doc, dev;
      if (e.at_key("install").get(in)) throw Error(f.where + ": " + pointer, "no \"install\" object");
      bool has_doc = !in.at_key("doc").get(doc) && doc.is_object();
      std::string title = has_doc ? json_string(doc, "title") : "";
      std::string first = json_string(in, "firstInstallationTime");
      std::string device;
      if (!in.at_key("deviceAttribute").get(dev)) {
        device = json_string(dev, "deviceDisplayName");
        if (device.empty()) device = trim(json_string(dev, "manufacturer") + " " + json_string(dev, "model"));
      }
      Record r = make_record("activity", "google", "install|" + title + "|" + first + "|" + device, f.entry->path,
                             pointer + "/install");
      r.service = "play";
      if (auto t = parse_iso8601(first)) set_time(r, *t);
      r.data["action"] = "install";
      put(r.data, "title", title);
      json raw = json::object();
      put(raw, "device", device);
      put(raw, "last_update", json_string(in, "lastUpdateTime"));
      if (has_doc) put(raw, "document_type", json_string(doc, "documentType"));
      if (!raw.empty()) r.data["raw"] = std::move(raw);
      cx.out.add(std::move(r));
      ++n;
    } catch (const Error& err) {
      ++bad;
      cx.log.warn(err.where(), err.message() + "; skipped");
    }
  }
  return {bad ? Fate::partial : Fate::parsed, std::to_string(n) + " installs"};
}

// Keep/<title>.json: one note; text or a checklist, labels, µs times, attachments beside it.
Verdict read_keep_note(ImportContext& cx, const File& f) {
  std::string text;
  simdjson::dom::element e = parse_whole(cx, f, text);
  if (!e.is_object() || (e.at_key("textContent").error() && e.at_key("listContent").error() &&
                         e.at_key("title").error())) {
    return {Fate::ignored, "not a Keep note"};
  }
  auto created = micros(e, "createdTimestampUsec");
  auto edited = micros(e, "userEditedTimestampUsec");
  std::string name(basename(f.entry->path));
  Record r = make_record("note", "google",
                         "keep|" + name + "|" + json_string(e, "createdTimestampUsec") + "|" + json_string(e, "title"),
                         f.entry->path, "");
  r.service = "keep";
  if (created) set_time(r, *created);
  else if (edited) set_time(r, *edited);
  put(r.data, "title", json_string(e, "title"));
  std::string body = json_string(e, "textContent");
  json raw = json::object();
  simdjson::dom::array list;
  if (!e.at_key("listContent").get(list)) {
    json items = json::array();
    for (simdjson::dom::element it : list) {
      bool checked = false;
      simdjson::dom::element c;
      if (!it.at_key("isChecked").get(c) && c.is_bool()) checked = c.get_bool().value();
      std::string t = json_string(it, "text");
      if (!body.empty()) body += "\n";
      body += (checked ? "[x] " : "[ ] ") + t;
      items.push_back(json{{"text", repair_utf8(t)}, {"checked", checked}});
    }
    raw["checklist"] = items;
  }
  put(r.data, "text", body);
  simdjson::dom::array labels;
  if (!e.at_key("labels").get(labels)) {
    json l = json::array();
    for (simdjson::dom::element x : labels) {
      std::string v = x.is_object() ? json_string(x, "name") : (x.is_string() ? std::string(x.get_string().value()) : "");
      if (!trim(v).empty()) l.push_back(repair_utf8(trim(v)));
    }
    if (!l.empty()) r.data["labels"] = l;
  }
  for (const char* flag : {"isPinned", "isArchived", "isTrashed"}) {
    simdjson::dom::element b;
    if (!e.at_key(flag).get(b) && b.is_bool() && b.get_bool().value()) raw[snake_case(flag)] = true;
  }
  put(raw, "color", json_string(e, "color"));
  if (edited) raw["edited"] = format_rfc3339(*edited);
  // Attachments sit beside the note, named by filePath.
  simdjson::dom::array atts;
  if (!e.at_key("attachments").get(atts)) {
    json media = json::array();
    std::string dir = f.entry->path.substr(0, f.entry->path.size() - name.size());
    for (simdjson::dom::element a : atts) {
      std::string file = json_string(a, "filePath");
      if (file.empty()) continue;
      StoredMedia* att = cx.media.find(dir + file);  // stored by the Keep media row
      if (!att) att = cx.media.find_suffix(dir + file);
      if (!att) {
        cx.log.warn(f.where, "attachment " + file + " is not in the archive");
        cx.out.missing(dir + file, "attachment of " + f.entry->path + "; the export does not hold it");
        continue;
      }
      json ref = cx.media.use(*att);
      if (!ref.contains("mime")) put(ref, "mime", json_string(a, "mimetype"));
      media.push_back(ref);
      cx.out.file(*att->entry, Fate::parsed, "attachment of Keep note " + name);
    }
    if (!media.empty()) r.data["media"] = std::move(media);
  }
  if (!raw.empty()) r.data["raw"] = std::move(raw);
  cx.out.add(std::move(r));
  return {Fate::parsed, "1 note"};
}

// Maps (your places)/Saved Places.json and Maps/My labeled places/Labeled places.json: GeoJSON.
// Two eras of properties: {google_maps_url, location{name,address}, date} and
// {"Google Maps URL", Location{"Business Name", Address, "Geo Coordinates"}, Published, Title}.
Verdict read_saved_places(ImportContext& cx, const File& f) {
  std::string list(basename(f.canon));
  list = list.substr(0, list.rfind('.'));
  int64_t n = 0;
  ItemsRead items = each_item(cx.in, cx.log, cx.parser, *f.entry, ItemsAt("features"),
                              [&](simdjson::dom::element feat, const std::string& pointer) {
    simdjson::dom::element props, geom, loc;
    if (feat.at_key("properties").get(props)) return;
    std::optional<std::pair<double, double>> ll;
    simdjson::dom::array coords;
    if (!feat.at_key("geometry").get(geom) && !geom.at_key("coordinates").get(coords)) {
      std::vector<double> c;
      for (simdjson::dom::element x : coords)
        if (x.is_number()) c.push_back(x.get_double().value());
      if (c.size() >= 2 && !(c[0] == 0 && c[1] == 0)) ll = std::make_pair(c[1], c[0]);
    }
    std::string url = json_string(props, "google_maps_url");
    if (url.empty()) url = json_string(props, "Google Maps URL");
    std::string name = json_string(props, "name"), address = json_string(props, "address");
    if (!props.at_key("location").get(loc) || !props.at_key("Location").get(loc)) {
      if (name.empty()) name = json_string(loc, "name");
      if (name.empty()) name = json_string(loc, "Business Name");
      if (address.empty()) address = json_string(loc, "address");
      if (address.empty()) address = json_string(loc, "Address");
    }
    if (name.empty()) name = json_string(props, "Title");
    std::string date = json_string(props, "date");
    if (date.empty()) date = json_string(props, "Published");
    Record r = make_record("place", "google", "saved|" + list + "|" + url + "|" + name + "|" + address, f.entry->path,
                           pointer);
    r.service = "maps";
    if (auto t = parse_iso8601(date)) set_time(r, *t);
    put(r.data, "name", name);
    put(r.data, "address", address);
    if (ll) {
      r.data["lat"] = degrees(ll->first);
      r.data["lon"] = degrees(ll->second);
    }
    put(r.data, "url", url);
    json raw = json{{"list", list}};
    put(raw, "comment", json_string(props, "Comment"));
    r.data["raw"] = std::move(raw);
    cx.out.add(std::move(r));
    ++n;
  });
  std::string note = std::to_string(n) + " places";
  if (!items.broken.empty()) return {items.items ? Fate::partial : Fate::failed, items.items ? note + "; " + items.broken : items.broken};
  if (!items.found) return {Fate::ignored, "not a GeoJSON feature collection"};
  return {items.bad ? Fate::partial : Fate::parsed, note};
}

// Saved/<list>.csv: Title,Note,URL[,Tags,Comment]; one list per file (starred places included).
Verdict read_saved_list_csv(ImportContext& cx, const File& f) {
  std::string list(basename(f.canon));
  list = list.substr(0, list.rfind('.'));
  CsvTable table = {.required = {"Title", "URL"}, .translate = english_column, .what = "places", .preamble = 0,
                    .otherwise = "not a saved-places list (no Title and URL columns)"};
  return read_csv_table(cx, *f.entry, table, [&](const CsvHeader& h, const std::vector<std::string>& row, CsvRows& t) {
    std::string title = h.get(row, "Title"), url = h.get(row, "URL");
    if (title.empty() && url.empty()) return t.skip("row without a title or a URL");
    Record r = make_record("place", "google", "saved|" + list + "|" + url + "|" + title, f.entry->path, t.pointer());
    r.service = "maps";
    put(r.data, "name", title);
    put(r.data, "url", url);
    json raw = json{{"list", list}};
    put(raw, "note", h.get(row, "Note"));
    put(raw, "tags", h.get(row, "Tags"));
    put(raw, "comment", h.get(row, "Comment"));
    r.data["raw"] = std::move(raw);
    t.add(std::move(r));
  });
}

// Profile/Profile.json: {name{givenName,familyName,formattedName}, displayName, emails[{value}], birthday, gender{type}}.
Verdict read_profile(ImportContext& cx, const File& f) {
  std::string text;
  simdjson::dom::element e = parse_whole(cx, f, text);
  Record r = make_record("profile", "google", "profile", f.entry->path, "");
  simdjson::dom::element name, gender;
  if (!e.at_key("name").get(name)) {
    put(r.data, "first_name", json_string(name, "givenName"));
    put(r.data, "last_name", json_string(name, "familyName"));
    put(r.data, "name", json_string(name, "formattedName"));
  }
  if (!r.data.contains("name")) put(r.data, "name", json_string(e, "displayName"));
  put(r.data, "username", json_string(e, "displayName"));
  put(r.data, "birthday", json_string(e, "birthday"));
  simdjson::dom::array emails;
  if (!e.at_key("emails").get(emails)) {
    json list = json::array();
    for (simdjson::dom::element m : emails) {
      std::string v = json_string(m, "value");
      if (!v.empty()) list.push_back(json{{"address", v}});
    }
    if (!list.empty()) r.data["emails"] = list;
  }
  if (!e.at_key("gender").get(gender)) {
    json raw = json::object();
    put(raw, "gender", json_string(gender, "type"));
    if (!raw.empty()) r.data["raw"] = std::move(raw);
  }
  cx.out.add(std::move(r));
  return {Fate::parsed, "profile"};
}

}  // namespace dataport::google
