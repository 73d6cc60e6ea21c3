// The Meta readers' shared helpers (file-name stems, rule matches, record keys) and the readers of
// the files Facebook and Instagram write in the same shape: advertisers and ad interests, off-Meta
// activity, and the generic reader for any other label_values or {timestamp, title, data} list.
// Records carry the run's platform.
#include <algorithm>
#include <deque>

#include "importers/meta/meta.h"
#include "lib/error.h"
#include "lib/json.h"
#include "lib/text.h"

namespace dataport::meta {

std::string stem(std::string_view path) {
  std::string s = lower(basename(path));
  s = replace_all(s, "'", "_");
  s = replace_all(s, "\xE2\x80\x99", "_");  // ’
  if (s.size() > 5 && s.substr(s.size() - 5) == ".json") s.resize(s.size() - 5);
  size_t u = s.rfind('_');
  if (u != std::string::npos && u + 1 < s.size() &&
      std::all_of(s.begin() + static_cast<long>(u) + 1, s.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    s.resize(u);
  return s;
}

bool is_one_of(const std::string& s, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (s == n) return true;
  return false;
}

std::string ts_key(const std::optional<Timestamp>& t) { return t ? std::to_string(t->seconds) : "-"; }

std::optional<Record> search_record(const Context& c, const Entry& e, const std::string& pointer, const std::string& query,
                                    const std::optional<Timestamp>& t) {
  if (query.empty()) {
    c.log.warn(c.in.where(e) + " " + pointer, "search without text skipped");
    return std::nullopt;
  }
  Record r = rec(c, "activity", "search\n" + ts_key(t) + '\n' + query, e, pointer);
  if (t) set_time(r, *t);
  r.data["action"] = "search";
  r.data["query"] = query;
  return r;
}

const char* json_names(std::string_view names) {
  // Kept for the program's life: rule tables are static and hold the pointer.
  static std::deque<std::string> kept;
  std::string globs;
  for (std::string name : split(names, '|')) {
    name = replace_all(name, "'", "*");  // ' or ’ as written, or _ as some generations write it
    for (const char* part : {"", "_?", "_??", "_???"}) {
      if (!globs.empty()) globs += '|';
      globs += "**/" + name + part + ".json";
    }
  }
  kept.push_back(std::move(globs));
  return kept.back().c_str();
}

Verdict read_ads(Context& c, const Entry& e) {
  std::string s = stem(e.path);
  bool interests = s.find("interest") != std::string::npos || s.find("categories") != std::string::npos;
  bool interacted = s.find("interacted") != std::string::npos;
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element item, const std::string& pointer) {
    auto lv = item.is_object() ? meta::read_label_values(item) : std::vector<meta::LabelValue>{};
    if (interests) {
      std::vector<std::string> values;
      if (item.is_string()) values.push_back(meta::text(item));
      else if (!str(item, "name").empty()) values.push_back(str(item, "name"));
      for (const meta::LabelValue& x : lv) {
        if (!x.value.empty()) values.push_back(x.value);
        for (const meta::LabelValue& y : x.vec)
          if (!y.value.empty()) values.push_back(y.value);
      }
      for (const std::string& v : values) {
        Record r = rec(c, "inference", "ad_interest\n" + v, e, pointer);
        r.data["category"] = s == "ads_interests" ? "ad_interest" : s;
        r.data["value"] = v;
        c.out.add(std::move(r));
        ++n;
      }
      if (values.empty()) c.log.warn(c.in.where(e) + " " + pointer, "ad interest without a value skipped");
      return;
    }
    std::string name = item.is_string() ? meta::text(item) : str(item, "advertiser_name");
    if (name.empty() && item.is_object()) name = interacted ? str(item, "title") : str(item, "name");
    if (name.empty()) name = meta::label_text(lv, "advertiser");
    if (name.empty()) name = meta::label_text(lv, "name");
    if (name.empty()) name = meta::label_text(lv, "title");
    if (name.empty()) {
      c.log.warn(c.in.where(e) + " " + pointer, "advertiser without a name skipped");
      return;
    }
    auto t = item.is_object() ? meta::time_of(item, "timestamp") : std::nullopt;
    if (!t)
      if (auto lt = meta::find_label(lv, "time"); lt && lt->time) t = lt->time;
    std::string relation = interacted ? "interacted" : "custom_audience";
    std::string action = item.is_object() ? str(item, "action") : "";
    if (action.empty()) action = meta::label_text(lv, "action");
    Record r = rec(c, "advertiser", relation + '\n' + name + '\n' + (interacted ? ts_key(t) + '\n' + action : ""), e, pointer);
    if (t) set_time(r, *t);
    r.data["name"] = name;
    r.data["relation"] = relation;
    put(r.data, "action", action);
    if (item.is_object()) {
      json raw = json::object();
      for (const char* k : {"has_data_file_custom_audience", "has_remarketing_custom_audience", "has_in_person_store_visit"})
        if (json_flag(item, k)) raw[k] = true;
      if (!raw.empty()) r.data["raw"] = std::move(raw);
    }
    c.out.add(std::move(r));
    ++n;
  });
  return meta::verdict(items, std::to_string(n) + (interests ? " ad interests" : " advertisers"));
}

Verdict read_off_meta(Context& c, const Entry& e) {
  int64_t n = 0;
  auto emit = [&](const std::string& app, const std::string& event, const std::string& id,
                  const std::optional<Timestamp>& t, const std::string& pointer) {
    Record r = rec(c, "off_platform", app + '\n' + event + '\n' + id + '\n' + ts_key(t), e, pointer);
    if (t) set_time(r, *t);
    r.data["app"] = app;
    put(r.data, "event", event);
    if (!id.empty()) r.data["raw"]["id"] = id;
    c.out.add(std::move(r));
    ++n;
  };
  ItemsRead items = meta::each(c, e, [&](element item, const std::string& pointer) {
    if (!item.is_object()) return;
    std::string app = str(item, "name");
    simdjson::dom::array events;
    if (!app.empty() && json_array(item, "events", events)) {
      int64_t i = 0;
      for (element ev : events)
        emit(app, lower(str(ev, "type")), str(ev, "id"), meta::time_of(ev, "timestamp"),
             pointer + "/events/" + std::to_string(i++));
      return;
    }
    // 2026: {label_values: [{label: "App", value}, {label: "Events", vec: [{dict: [ID, Type, Time]}]}]}
    auto lv = meta::read_label_values(item);
    if (app.empty()) app = meta::label_text(lv, "app");
    if (app.empty()) app = meta::label_text(lv, "name");
    if (app.empty()) app = str(item, "title");
    if (app.empty()) {
      c.log.warn(c.in.where(e) + " " + pointer, "off-Meta activity without an app name skipped");
      return;
    }
    const meta::LabelValue* evs = meta::find_label(lv, "events");
    if (evs && !evs->vec.empty()) {
      int64_t i = 0;
      for (const meta::LabelValue& ev : evs->vec) {
        const meta::LabelValue* tl = meta::find_label(ev.dict, "time");
        emit(app, lower(meta::label_text(ev.dict, "event")), meta::label_text(ev.dict, "id"),
             tl ? tl->time : std::nullopt, pointer + "/events/" + std::to_string(i++));
      }
      return;
    }
    const meta::LabelValue* tl = meta::find_label(lv, "time");
    auto t = meta::time_of(item, "timestamp");
    emit(app, lower(meta::label_text(lv, "event")), meta::label_text(lv, "id"), t ? t : (tl ? tl->time : std::nullopt),
         pointer);
  });
  return meta::verdict(items, std::to_string(n) + " off-Meta events");
}

Verdict read_generic(Context& c, const Entry& e) {
  // Any other data file: lists of label_values records, or {timestamp, title, data[]} items,
  // become `activity` records named after the file, their fields kept. An item of a list whose
  // shape is unknown (Instagram videos_watched with only a time) is kept with what it has; a
  // whole document of an unknown shape stays a file.
  std::string s = stem(e.path);
  int64_t n = 0, unknown = 0, bare = 0;
  ItemsRead items = meta::each(c, e, [&](element item, const std::string& pointer) {
    json d = {{"action", s}};
    if (!item.is_object()) {
      json v = to_nlohmann(item);
      if (pointer.empty() || v.is_null() || (v.is_string() && trim(v.get<std::string>()).empty())) {
        ++unknown;
        return;
      }
      d["raw"] = {{"value", std::move(v)}};
      ++bare;
      Record r = rec(c, "activity", s + '\n' + ts_key(std::nullopt) + '\n' + d.dump(), e, pointer);
      r.data = std::move(d);
      c.out.add(std::move(r));
      ++n;
      return;
    }
    auto lv = meta::read_label_values(item);
    if (lv.empty()) lv = meta::read_string_map(item);
    auto t = meta::time_of(item, "timestamp");
    if (!lv.empty()) {
      json x = meta::labels_to_json(lv);
      for (const char* k : {"title", "text", "url", "query", "name"})
        if (x.contains(k) && x[k].is_string()) {
          d[k] = x[k];
          x.erase(k);
        }
      if (!t)
        if (auto lt = meta::find_label(lv, "time"); lt && lt->time) t = lt->time;
      for (const meta::LabelValue& l : lv)  // a time under another label ("Heure de création")
        if (!t && l.time) {
          t = l.time;
          x.erase(l.field);
        }
      x.erase("time");
      if (!x.empty()) d["raw"] = x;
    }
    put(d, "title", str(item, "title"));
    simdjson::dom::array data;
    if (json_array(item, "data", data))
      for (element x : data)
        for (const char* k : {"text", "name", "post", "comment"})
          if (!d.contains("text")) put(d, "text", str(x, k));
    if (!t) t = meta::first_time(item, {"creation_timestamp", "start_timestamp"});
    if (d.size() == 1 && !pointer.empty()) {  // nothing this reader knows, or only a time: keep what it has
      if (lv.empty()) {
        json whole = to_nlohmann(item);
        for (const char* k : {"timestamp", "creation_timestamp", "start_timestamp"}) whole.erase(k);
        if (!whole.empty()) d["raw"] = std::move(whole);
      }
      if (d.size() > 1 || t) ++bare;
    }
    if (d.size() == 1 && !t) {
      ++unknown;
      return;
    }
    Record r = rec(c, "activity", s + '\n' + ts_key(t) + '\n' + d.dump(), e, pointer);
    if (t) set_time(r, *t);
    r.data = std::move(d);
    c.out.add(std::move(r));
    ++n;
  });
  if (n == 0 && unknown > 0) return {Fate::unknown, ""};
  if (unknown > 0) c.log.warn(c.in.where(e), std::to_string(unknown) + " empty item(s) skipped");
  std::string note = std::to_string(n) + " activity records (generic reader)";
  if (bare > 0) note += ", " + std::to_string(bare) + " of an unknown shape kept whole";
  return meta::verdict(items, note);
}

}  // namespace dataport::meta
