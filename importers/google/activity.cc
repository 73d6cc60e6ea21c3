// My Activity, in both renderings: MyActivity.json (a top-level array, streamed element by
// element) and MyActivity.html (one div.outer-cell per event, cut out of the stream and read one
// at a time into an HtmlTree: plain cells without libgumbo, the rest with it). Both become the
// same `activity` record, with the same id, so a takeout holding both (or two overlapping
// takeouts) keeps one record per event.

#include <algorithm>

#include "importers/google/dom.h"
#include "importers/google/google.h"
#include "lib/error.h"
#include "lib/html.h"
#include "lib/text.h"

namespace dataport::google {

namespace {

/// One event, whichever rendering it came from.
struct Item {
  std::string header, title, title_url, description;
  std::optional<Timestamp> time;
  std::string time_raw;  // the HTML display date, kept in raw
  std::vector<std::string> products, controls, details;
  json subtitles = json::array();  // [{name, url}]
  json locations = json::array();  // [{name, url, source, source_url}]
};

struct Verb {
  const char* text;
  bool prefix;  // "Watched X" vs "X angesehen"
  const char* action;
};

// Leading (or trailing) words of My Activity titles; localised. German rows are [U].
constexpr Verb verbs[] = {
    {"Watched ", true, "watch"},        {"Searched for ", true, "search"}, {"Visited ", true, "visit"},
    {"Viewed ", true, "view"},          {"Used ", true, "use"},            {"Listened to ", true, "listen"},
    {"Liked ", true, "like"},           {"Subscribed to ", true, "follow"}, {"Installed ", true, "install"},
    {"Gesucht nach: ", true, "search"}, {"Gesucht nach ", true, "search"}, {"Angesehen: ", true, "watch"},
    {"Besucht: ", true, "visit"},       {" angesehen", false, "watch"},    {" gesucht", false, "search"},
    {" besucht", false, "visit"},       {" aufgerufen", false, "visit"},   {" verwendet", false, "use"},
};

// The value of a query parameter, percent- and plus-decoded.
std::string query_param(std::string_view url, std::string_view name) {
  size_t q = url.find('?');
  if (q == std::string_view::npos) return "";
  for (const std::string& kv : split(url.substr(q + 1), '&')) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || kv.substr(0, eq) != name) continue;
    std::string v, raw = kv.substr(eq + 1);
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '+') v += ' ';
      else if (raw[i] == '%' && i + 2 < raw.size() && std::isxdigit(static_cast<unsigned char>(raw[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(raw[i + 2]))) {
        v += static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else v += raw[i];
    }
    return v;
  }
  return "";
}

bool is_ad(const Item& it, const std::string& service) {
  if (service == "ads") return true;
  for (const std::string& d : it.details)
    if (d.find("Google Ads") != std::string::npos || d.find("Google-Anzeigen") != std::string::npos) return true;
  return false;
}

std::string product_folder(const File& f) {
  std::vector<std::string> parts = split(f.canon, '/');
  if (parts.size() >= 3 && lower(parts[0]) == "my activity") return parts[1];
  if (!parts.empty() && lower(parts[0]).rfind("youtube", 0) == 0) return "YouTube";
  return "";
}

json strings(const std::vector<std::string>& v) {
  json a = json::array();
  for (const std::string& s : v)
    if (!trim(s).empty()) a.push_back(repair_utf8(trim(s)));
  return a;
}

void emit(ImportContext& cx, const File& f, Item it, std::string pointer) {
  std::string folder = product_folder(f);
  if (it.header.empty()) it.header = folder.empty() ? (it.products.empty() ? "" : it.products[0]) : folder;
  std::string service = service_for_product(folder.empty() ? it.header : folder);
  std::string title = clean_space(it.title);
  std::string key = clean_space(it.header) + "|" + title + "|" +
                    (it.time ? std::to_string(it.time->seconds) : "");
  // Two videos or pages of one title in one second are told apart by their link (the JSON and
  // the HTML format both give it, so the two formats of one item still meet).
  if (!it.title_url.empty()) key += "|" + it.title_url;
  Record r = make_record("activity", "google", key, f.entry->path, std::move(pointer));
  r.service = service;
  if (it.time) set_time(r, *it.time);
  else warn_once(cx, f.where, "some items have no readable time; kept without one");

  std::string action, object = title;
  for (const Verb& v : verbs) {
    std::string_view t = v.text;
    if (v.prefix && title.size() > t.size() && title.compare(0, t.size(), t) == 0) {
      action = v.action;
      object = title.substr(t.size());
      break;
    }
    if (title == trim(t)) {  // "Searched for " with nothing after it
      action = v.action;
      object.clear();
      break;
    }
    if (!v.prefix && title.size() > t.size() && title.compare(title.size() - t.size(), t.size(), t) == 0) {
      action = v.action;
      object = title.substr(0, title.size() - t.size());
      break;
    }
  }
  // Structure decides where the words are unknown (another language, a renamed verb).
  const std::string& url = it.title_url;
  if (action.empty()) {
    if (url.find("youtube.com/watch") != std::string::npos) action = "watch";
    else if (!query_param(url, "search_query").empty() || !query_param(url, "q").empty()) action = "search";
  }
  if (!action.empty()) r.data["action"] = action;
  if (action == "search") {
    std::string q = query_param(url, "search_query");
    if (q.empty()) q = query_param(url, "q");
    put(r.data, "query", q.empty() ? object : q);
  }
  put(r.data, "title", object);
  put(r.data, "url", url);
  put(r.data, "text", it.description);
  if (action == "watch" && !it.subtitles.empty()) {
    json person = json::object();
    put(person, "name", it.subtitles[0].value("name", ""));
    put(person, "url", it.subtitles[0].value("url", ""));
    if (!person.empty()) r.data["person"] = std::move(person);
  }
  if (is_ad(it, service)) r.data["ad"] = true;

  json raw = json::object();
  put(raw, "header", it.header);
  if (object != title) put(raw, "title", title);
  if (!it.products.empty()) raw["products"] = strings(it.products);
  if (!it.controls.empty()) raw["activity_controls"] = strings(it.controls);
  if (!it.details.empty()) raw["details"] = strings(it.details);
  if (!it.subtitles.empty()) raw["subtitles"] = std::move(it.subtitles);
  if (!it.locations.empty()) raw["location_infos"] = std::move(it.locations);
  put(raw, "time", it.time_raw);
  if (!raw.empty()) r.data["raw"] = std::move(raw);
  cx.out.add(std::move(r));
}

// --- JSON ---------------------------------------------------------------------------------

std::vector<std::string> string_list(simdjson::dom::element obj, const char* key, const char* field = nullptr) {
  std::vector<std::string> out;
  simdjson::dom::array a;
  if (obj.at_key(key).get(a)) return out;
  for (simdjson::dom::element e : a) {
    if (field && e.is_object()) out.push_back(json_string(e, field));
    else if (e.is_string()) out.push_back(std::string(e.get_string().value()));
  }
  return out;
}

Item item_from_json(simdjson::dom::element e) {
  Item it;
  simdjson::dom::element snippet;
  if (e.at_key("header").error() && !e.at_key("snippet").get(snippet) && snippet.is_object()) {
    // Pre-2017 YouTube items: the API's playlistItem shape.
    it.header = "YouTube";
    it.title = "Watched " + json_string(snippet, "title");
    it.description = json_string(snippet, "description");
    it.time = parse_iso8601(json_string(snippet, "publishedAt"));
    simdjson::dom::element rid;
    if (!snippet.at_key("resourceId").get(rid) && rid.is_object()) {
      std::string vid = json_string(rid, "videoId");
      if (!vid.empty()) it.title_url = "https://www.youtube.com/watch?v=" + vid;
    }
    return it;
  }
  it.header = json_string(e, "header");
  it.title = json_string(e, "title");
  it.title_url = json_string(e, "titleUrl");
  it.description = json_string(e, "description");
  it.time = parse_iso8601(json_string(e, "time"));
  it.products = string_list(e, "products");
  it.controls = string_list(e, "activityControls");
  it.details = string_list(e, "details", "name");
  simdjson::dom::array a;
  if (!e.at_key("subtitles").get(a))
    for (simdjson::dom::element s : a) {
      json sub = json::object();
      put(sub, "name", json_string(s, "name"));
      put(sub, "url", json_string(s, "url"));
      if (!sub.empty()) it.subtitles.push_back(std::move(sub));
    }
  if (!e.at_key("locationInfos").get(a))
    for (simdjson::dom::element s : a) {
      json loc = json::object();
      put(loc, "name", json_string(s, "name"));
      put(loc, "url", json_string(s, "url"));
      put(loc, "source", json_string(s, "source"));
      put(loc, "source_url", json_string(s, "sourceUrl"));
      if (!loc.empty()) it.locations.push_back(std::move(loc));
    }
  return it;
}

// --- HTML ---------------------------------------------------------------------------------

struct Piece {
  std::string text, url;
};

// Children of a cell, grouped into lines by <br>.
std::vector<std::vector<uint32_t>> lines_of(const HtmlTree& t, uint32_t cell) {
  std::vector<std::vector<uint32_t>> lines(1);
  for (uint32_t c = t[cell].first_child; c; c = t[c].next_sibling) {
    if (t.is(c, HtmlTag::br)) lines.emplace_back();
    else lines.back().push_back(c);
  }
  return lines;
}

Piece piece_of(const HtmlTree& t, const std::vector<uint32_t>& line, std::vector<std::string>* links = nullptr) {
  Piece p;
  for (uint32_t n : line) {
    t.text_of(n, p.text);
    if (t.is(n, HtmlTag::a)) {
      if (p.url.empty()) p.url = t.href(n);
      if (links && !t.href(n).empty()) links->emplace_back(t.href(n));
    }
    for (uint32_t a = n + 1; a < t[n].end; ++a)
      if (t.is(a, HtmlTag::a) && p.url.empty()) p.url = t.href(a);
  }
  p.text = clean_space(p.text);
  return p;
}

// The caption cell: "<b>Products:</b><br>&emsp;YouTube<br><b>Details:</b><br>&emsp;From Google Ads".
void read_caption(const HtmlTree& t, uint32_t cell, Item& it) {
  std::string key;
  for (const auto& line : lines_of(t, cell)) {
    if (line.empty()) continue;
    auto first = std::find_if(line.begin(), line.end(), [&](uint32_t n) { return t[n].kind != HtmlTree::Kind::whitespace; });
    if (first != line.end() && t.is(*first, HtmlTag::b)) {
      std::string text;
      t.text_of(*first, text);
      key = lower(clean_space(text));
      while (!key.empty() && (key.back() == ':' || key.back() == ' ')) key.pop_back();
      continue;
    }
    std::vector<std::string> links;
    Piece p = piece_of(t, line, &links);
    if (p.text.empty()) continue;
    if (key == "products" || key == "produkte") it.products.push_back(p.text);
    else if (key == "details") it.details.push_back(p.text);
    else if (key == "locations" || key == "standorte" || key == "orte") {
      json loc = json::object();
      std::string name = p.text, source;
      size_t dash = p.text.find(" - ");
      if (dash != std::string::npos) {
        name = p.text.substr(0, dash);
        source = p.text.substr(dash + 3);
      }
      put(loc, "name", name);
      put(loc, "source", source);
      if (links.size() >= 1) put(loc, "url", links[0]);
      if (links.size() >= 2) put(loc, "source_url", links[1]);
      it.locations.push_back(loc);
    } else {
      it.controls.push_back(p.text);  // "Why is this here?": the activity controls that saved it
    }
  }
}

// The first node of the tree, in document order, for which `want` is true, or none (0: the root
// itself is never the answer here, it is the body).
template <typename Want>
uint32_t first_where(const HtmlTree& t, Want want) {
  for (uint32_t k = 1; k < t.size(); ++k)
    if (want(k)) return k;
  return 0;
}

// `tree` is the caller's, reused from cell to cell.
void read_cell(ImportContext& cx, const File& f, std::string_view html, int64_t index, HtmlTree& tree) {
  tree.read(html);
  const HtmlTree& t = tree;
  uint32_t header = first_where(t, [&](uint32_t n) { return t.has_class(n, "mdl-typography--title"); });
  uint32_t body = first_where(t, [&](uint32_t n) {
    return t.has_class(n, "content-cell") && t.has_class(n, "mdl-typography--body-1") &&
           !t.has_class(n, "mdl-typography--text-right");
  });
  uint32_t caption = first_where(t, [&](uint32_t n) {
    return t.has_class(n, "content-cell") && t.has_class(n, "mdl-typography--caption");
  });
  std::string where = f.where + ": event " + std::to_string(index + 1);
  if (!body) {
    cx.log.warn(where, "no content cell; event skipped");
    return;
  }
  Item it;
  if (header) {
    std::string text;
    t.text_of(header, text);
    it.header = clean_space(text);
  }
  auto lines = lines_of(t, body);
  // The date is the last text line of the body cell.
  while (!lines.empty() && piece_of(t, lines.back()).text.empty()) lines.pop_back();
  if (lines.empty()) {
    cx.log.warn(where, "empty content cell; event skipped");
    return;
  }
  it.time_raw = piece_of(t, lines.back()).text;
  lines.pop_back();
  std::string note;
  it.time = parse_html_date(it.time_raw, state(cx).export_time, &note);
  if (!note.empty()) warn_once(cx, f.where, note);
  // Once a file, quoting the first: every date of a file in an unknown language fails alike, and a
  // message per distinct date kept one in memory per event (and printed 400,000 lines).
  if (!it.time)
    warn_once(cx, f.where, "unreadable date",
              "unreadable dates, such as \"" + it.time_raw + "\"; those events are kept without a time");
  if (!lines.empty()) {
    Piece title = piece_of(t, lines[0]);
    it.title = title.text;
    it.title_url = title.url;
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    Piece p = piece_of(t, lines[i]);
    if (p.text.empty() && p.url.empty()) continue;
    json sub = json::object();
    put(sub, "name", p.text);
    put(sub, "url", p.url);
    it.subtitles.push_back(std::move(sub));
  }
  if (caption) read_caption(t, caption, it);
  emit(cx, f, std::move(it), "/" + std::to_string(index));
}

}  // namespace

Verdict read_activity_json(ImportContext& cx, const File& f) {
  auto s = cx.in.open(*f.entry);
  JsonArrayScanner scan(*s, f.where);
  std::string text;
  int64_t bad = 0, n = 0;
  while (scan.next(text)) {
    std::string pointer = "/" + std::to_string(scan.index());
    if (scan.truncated()) cx.log.partial(f.where + ": " + pointer, std::to_string(scan.truncated()) + " strings longer than 16 MiB kept only their first 16 MiB");
    try {
      simdjson::dom::element e = cx.parser.parse(text, f.where + ": " + pointer);
      if (!e.is_object()) throw Error(f.where + ": " + pointer, "not an object");
      emit(cx, f, item_from_json(e), pointer);
      ++n;
    } catch (const Error& err) {
      ++bad;
      cx.log.warn(err.where(), err.message() + "; item skipped");
    }
  }
  return {bad ? Fate::partial : Fate::parsed,
          std::to_string(n) + " activities" + (bad ? ", " + std::to_string(bad) + " skipped" : "")};
}

Verdict read_activity_html(ImportContext& cx, const File& f) {
  // Cut the stream at each outer cell so memory holds one event, not the (huge) page.
  static constexpr std::string_view marker = "<div class=\"outer-cell";
  constexpr size_t max_cell = size_t{16} << 20;
  auto s = cx.in.open(*f.entry);
  std::string buf;
  std::vector<char> block(256 * 1024);
  HtmlTree tree;
  int64_t index = 0;
  size_t start = std::string::npos;  // where the current cell begins in buf
  bool eof = false;
  while (!eof) {
    size_t got = s->read(block.data(), block.size());
    if (got == 0) eof = true;
    size_t scan_from = buf.size() >= marker.size() ? buf.size() - marker.size() + 1 : 0;
    buf.append(block.data(), got);
    for (;;) {
      size_t from = start == std::string::npos ? scan_from : std::max(scan_from, start + 1);
      size_t next = buf.find(marker, from);
      if (next == std::string::npos) break;
      if (start != std::string::npos) read_cell(cx, f, std::string_view(buf).substr(start, next - start), index++, tree);
      start = next;
      scan_from = next + 1;
    }
    // What is read stays in buf until the block is done: erasing each cell as it was read moved
    // the rest of the block once a cell (a block of 256 cells moved 32 MB).
    if (start != std::string::npos) {
      buf.erase(0, start);
      start = 0;
    } else if (buf.size() > marker.size()) {
      buf.erase(0, buf.size() - marker.size());
    }
    if (buf.size() > max_cell) throw Error(f.where, "an activity cell is larger than 16 MiB; is this My Activity HTML?");
  }
  if (start != std::string::npos) read_cell(cx, f, std::string_view(buf).substr(start), index++, tree);
  return {Fate::parsed, std::to_string(index) + " activities"};
}

}  // namespace dataport::google
