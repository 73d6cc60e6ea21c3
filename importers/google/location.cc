// Location History, all three generations (docs/formats/google.md):
// 1. Records.json (raw fixes; E7 integers; `timestamp` ISO or `timestampMs`), streamed: the
//    array under "locations" is cut into elements over a fixed window, so a 2 GB file costs
//    the memory of one fix.
// 2. Semantic Location History/YYYY/YYYY_MONTH.json: placeVisit and activitySegment objects.
// 3. The on-device Timeline exports: Android Timeline.json (degree-sign strings, rawSignals with
//    a capitalised `LatLng`) and iOS location-history.json (a top-level array, `geo:` strings,
//    numbers as strings).
// A fix becomes `location` (type fix); a visit becomes `location` (type visit, start, end) plus
// a `place` for the place visited; a movement becomes `location` (type segment) with its path.

#include <cstdio>

#include "importers/google/google.h"
#include "lib/error.h"
#include "lib/json.h"
#include "lib/json_dump.h"
#include "lib/text.h"

namespace dataport::google {

namespace {

constexpr const char* service = "maps";

void append_coords(std::string& key, double lat, double lon) {  // "%.7f,%.7f"
  append_fixed(key, lat, 7);
  key += ',';
  append_fixed(key, lon, 7);
}

std::string coord_key(double lat, double lon) {
  std::string key;
  append_coords(key, lat, lon);
  return key;
}

std::optional<std::pair<double, double>> e7_pair(simdjson::dom::element o, const char* lat_key, const char* lon_key) {
  auto lat = json_int(o, lat_key), lon = json_int(o, lon_key);
  if (!lat || !lon) return std::nullopt;
  return std::make_pair(e7_to_degrees(*lat, false), e7_to_degrees(*lon, true));
}

void put_number(json& data, const char* key, std::optional<double> v) {
  if (v) data[key] = *v;
}

void put_number(JsonObjectText& data, const char* key, std::optional<double> v) {
  if (v) data.number(key, *v);
}

// A fix: from Records.json, Android rawSignals or a timelinePath point. Millions of them in a
// Location History: `data` is written member by member, never built as a tree (Record::data_object).
void emit_fix(ImportContext& cx, const File& f, const std::string& pointer, double lat, double lon,
              const std::optional<Timestamp>& t, const char* type, JsonObjectText extra) {
  std::string key;  // type|time|lat,lon, built in one string: millions of fixes
  key.reserve(64);
  key += type;
  key += '|';
  if (t) append_rfc3339(key, *t);
  key += '|';
  append_coords(key, lat, lon);
  Record r = keyed_record("location", "google", std::move(key), f.entry->path, pointer);
  r.service = service;
  if (t) {
    r.time = *t;  // and time_precision in data, as set_time() does
    if (t->precision != Precision::second) extra.string("time_precision", precision_name(t->precision));
  }
  extra.string("type", type);
  extra.number("lat", degrees(lat).get<double>());
  extra.number("lon", degrees(lon).get<double>());
  r.data_object = std::move(extra);
  cx.out.add(std::move(r));
}

// A visit: a place record (once per place id) and a location record spanning the stay.
void emit_visit(ImportContext& cx, const File& f, const std::string& pointer, std::optional<std::pair<double, double>> ll,
                const std::string& place_id, const std::string& name, const std::string& address,
                const std::optional<Timestamp>& start, const std::optional<Timestamp>& end, json raw) {
  std::string pos = ll ? coord_key(ll->first, ll->second) : "";
  if (!place_id.empty() || !name.empty()) {
    Record p = make_record("place", "google", place_id.empty() ? name + "|" + address + "|" + pos : place_id,
                           f.entry->path, pointer);
    p.service = service;
    put(p.data, "name", name);
    put(p.data, "address", address);
    if (ll) {
      p.data["lat"] = degrees(ll->first);
      p.data["lon"] = degrees(ll->second);
    }
    if (!place_id.empty()) p.data["url"] = "https://www.google.com/maps/place/?q=place_id:" + place_id;
    json praw = json::object();
    put(praw, "place_id", place_id);
    if (raw.contains("semantic_type")) praw["semantic_type"] = raw["semantic_type"];
    if (!praw.empty()) p.data["raw"] = praw;
    cx.out.add(std::move(p));
  }
  std::string s = start ? format_rfc3339(*start) : "", e = end ? format_rfc3339(*end) : "";
  Record r = make_record("location", "google", "visit|" + s + "|" + e + "|" + place_id + "|" + pos, f.entry->path,
                         pointer);
  r.service = service;
  if (start) set_time(r, *start);
  r.data["type"] = "visit";
  if (ll) {
    r.data["lat"] = degrees(ll->first);
    r.data["lon"] = degrees(ll->second);
  }
  put(r.data, "start", s);
  put(r.data, "end", e);
  put(r.data, "name", name);
  put(r.data, "address", address);
  put(raw, "place_id", place_id);
  if (!raw.empty()) r.data["raw"] = std::move(raw);
  cx.out.add(std::move(r));
}

// A movement between two visits, with the points it went through.
void emit_segment(ImportContext& cx, const File& f, const std::string& pointer, const json& path,
                  const std::optional<Timestamp>& start, const std::optional<Timestamp>& end, const std::string& mode,
                  std::optional<double> distance, json raw) {
  std::string s = start ? format_rfc3339(*start) : "", e = end ? format_rfc3339(*end) : "";
  Record r = make_record("location", "google", "segment|" + s + "|" + e + "|" + path.dump(), f.entry->path, pointer);
  r.service = service;
  if (start) set_time(r, *start);
  r.data["type"] = "segment";
  if (!path.empty()) {
    r.data["lat"] = path.front()["lat"];
    r.data["lon"] = path.front()["lon"];
    r.data["path"] = path;
  }
  put(r.data, "start", s);
  put(r.data, "end", e);
  put(r.data, "mode", lower(mode));
  put_number(r.data, "distance", distance);
  if (!raw.empty()) r.data["raw"] = std::move(raw);
  cx.out.add(std::move(r));
}

json point(double lat, double lon) { return json{{"lat", degrees(lat)}, {"lon", degrees(lon)}}; }

std::optional<Timestamp> iso(simdjson::dom::element o, const char* key) {
  std::string s = json_string(o, key);
  return s.empty() ? std::nullopt : parse_iso8601(s);
}

// Semantic Location History: `duration{startTimestamp|startTimestampMs, endTimestamp...}`.
std::optional<Timestamp> duration_time(simdjson::dom::element o, bool end) {
  simdjson::dom::element d;
  if (o.at_key("duration").get(d) || !d.is_object()) return std::nullopt;
  if (auto t = iso(d, end ? "endTimestamp" : "startTimestamp")) return t;
  if (auto ms = json_int(d, end ? "endTimestampMs" : "startTimestampMs")) return from_unix_millis(*ms);
  return std::nullopt;
}

void semantic_visit(ImportContext& cx, const File& f, const std::string& pointer, simdjson::dom::element v) {
  simdjson::dom::element loc;
  if (v.at_key("location").get(loc) || !loc.is_object()) {
    cx.log.warn(f.where + ": " + pointer, "place visit without a location; skipped");
    return;
  }
  json raw = json::object();
  put(raw, "semantic_type", json_string(loc, "semanticType"));
  put(raw, "place_confidence", json_string(v, "placeConfidence"));
  put(raw, "visit_confidence", json_string(v, "visitConfidence"));
  put(raw, "edit_confirmation_status", json_string(v, "editConfirmationStatus"));
  emit_visit(cx, f, pointer, e7_pair(loc, "latitudeE7", "longitudeE7"), json_string(loc, "placeId"),
             json_string(loc, "name"), json_string(loc, "address"), duration_time(v, false), duration_time(v, true), raw);
  simdjson::dom::array kids;
  if (!v.at_key("childVisits").get(kids)) {
    size_t i = 0;
    for (simdjson::dom::element k : kids) semantic_visit(cx, f, pointer + "/childVisits/" + std::to_string(i++), k);
  }
}

void semantic_segment(ImportContext& cx, const File& f, const std::string& pointer, simdjson::dom::element a) {
  json path = json::array();
  simdjson::dom::element sl, el, wp;
  if (!a.at_key("startLocation").get(sl))
    if (auto p = e7_pair(sl, "latitudeE7", "longitudeE7")) path.push_back(point(p->first, p->second));
  simdjson::dom::array pts;
  if (!a.at_key("waypointPath").get(wp) && !wp.at_key("waypoints").get(pts))
    for (simdjson::dom::element w : pts)
      if (auto p = e7_pair(w, "latE7", "lngE7")) path.push_back(point(p->first, p->second));
  if (!a.at_key("endLocation").get(el))
    if (auto p = e7_pair(el, "latitudeE7", "longitudeE7")) path.push_back(point(p->first, p->second));
  json raw = json::object();
  put(raw, "confidence", json_string(a, "confidence"));
  emit_segment(cx, f, pointer, path, duration_time(a, false), duration_time(a, true), json_string(a, "activityType"),
               json_double(a, "distance"), raw);
}

// Android: "visit", "activity", "timelinePath" and "timelineMemory" segments.
void device_segment(ImportContext& cx, const File& f, const std::string& pointer, simdjson::dom::element seg,
                    int64_t& memories) {
  auto start = iso(seg, "startTime"), end = iso(seg, "endTime");
  simdjson::dom::element v, tc, pl;
  if (!seg.at_key("visit").get(v)) {
    json raw = json::object();
    std::optional<std::pair<double, double>> ll;
    std::string place_id;
    if (!v.at_key("topCandidate").get(tc)) {
      place_id = json_string(tc, "placeId");
      if (place_id.empty()) place_id = json_string(tc, "placeID");
      put(raw, "semantic_type", json_string(tc, "semanticType"));
      put(raw, "probability", json_string(tc, "probability"));
      if (!tc.at_key("placeLocation").get(pl)) {
        if (pl.is_string()) ll = parse_lat_lng(std::string_view(pl.get_string().value()));
        else if (pl.is_object()) ll = parse_lat_lng(json_string(pl, "latLng"));
      }
    }
    put(raw, "hierarchy_level", json_string(v, "hierarchyLevel"));
    std::string name = raw.value("semantic_type", "");
    if (name == "UNKNOWN") name.clear();
    emit_visit(cx, f, pointer, ll, place_id, name.empty() ? "" : lower(name), "", start, end, raw);
    return;
  }
  if (!seg.at_key("activity").get(v)) {
    json path = json::array();
    for (const char* k : {"start", "end"}) {
      simdjson::dom::element p;
      if (v.at_key(k).get(p)) continue;
      std::optional<std::pair<double, double>> ll;
      if (p.is_string()) ll = parse_lat_lng(std::string_view(p.get_string().value()));
      else if (p.is_object()) ll = parse_lat_lng(json_string(p, "latLng"));
      if (ll) path.push_back(point(ll->first, ll->second));
    }
    std::string mode;
    json raw = json::object();
    if (!v.at_key("topCandidate").get(tc)) {
      mode = json_string(tc, "type");
      put(raw, "probability", json_string(tc, "probability"));
    }
    emit_segment(cx, f, pointer, path, start, end, mode, json_double(v, "distanceMeters"), raw);
    return;
  }
  simdjson::dom::array pts;
  if (!seg.at_key("timelinePath").get(pts)) {
    size_t i = 0;
    for (simdjson::dom::element p : pts) {
      std::string ptr = pointer + "/timelinePath/" + std::to_string(i++);
      auto ll = parse_lat_lng(json_string(p, "point"));
      if (!ll) {
        cx.log.warn(f.where + ": " + ptr, "unreadable point; skipped");
        continue;
      }
      std::optional<Timestamp> t = iso(p, "time");
      if (!t && start) {  // iOS: minutes after the segment start, as a string
        if (auto m = json_int(p, "durationMinutesOffsetFromStartTime")) {
          t = *start;
          t->seconds += *m * 60;
        }
      }
      emit_fix(cx, f, ptr, ll->first, ll->second, t, "path", JsonObjectText());
    }
    return;
  }
  if (!seg.at_key("timelineMemory").error()) {
    ++memories;
    return;
  }
  // A segment of a shape this reader does not know: kept whole, with its times, so nothing is lost.
  json whole = to_nlohmann(seg);
  if (whole.is_object() && whole.empty()) return;
  Record r = make_record("activity", "google", "timeline-segment|" + whole.dump(), f.entry->path, pointer);
  r.service = service;
  if (start) set_time(r, *start);
  r.data["action"] = "timeline_segment";
  if (end) r.data["end"] = format_rfc3339(*end);
  if (whole.is_object())
    for (const char* k : {"startTime", "endTime"}) whole.erase(k);
  r.data["raw"] = std::move(whole);
  cx.out.add(std::move(r));
}

// Android rawSignals: position fixes; wifi scans and activity guesses are only counted.
void raw_signal(ImportContext& cx, const File& f, const std::string& pointer, simdjson::dom::element sig, int64_t& other) {
  simdjson::dom::element pos;
  if (sig.at_key("position").get(pos)) {
    ++other;
    return;
  }
  std::string ll_text = json_string(pos, "LatLng");
  if (ll_text.empty()) ll_text = json_string(pos, "latLng");
  auto ll = parse_lat_lng(ll_text);
  if (!ll) {
    cx.log.warn(f.where + ": " + pointer, "position without a readable LatLng; skipped");
    return;
  }
  JsonObjectText extra;
  put_number(extra, "accuracy", json_double(pos, "accuracyMeters"));
  put_number(extra, "altitude", json_double(pos, "altitudeMeters"));
  put_number(extra, "speed", json_double(pos, "speedMetersPerSecond"));
  JsonObjectText raw;
  put(raw, "source", json_string(pos, "source"));
  if (!raw.empty()) extra.object("raw", raw);
  emit_fix(cx, f, pointer, ll->first, ll->second, iso(pos, "timestamp"), "fix", std::move(extra));
}

// Streams the array under `key` (or the top-level array), one element at a time.
template <typename Fn>
int64_t each_element(ImportContext& cx, const File& f, const std::string& key, int64_t& bad, Fn fn) {
  auto s = cx.in.open(*f.entry);
  JsonArrayScanner scan(*s, f.where, key);
  const std::string prefix = (key.empty() ? "" : "/" + key) + "/";
  std::string text, pointer;  // reused: millions of elements
  int64_t n = 0;
  while (scan.next(text)) {
    pointer.assign(prefix);
    append_int(pointer, scan.index());
    if (scan.truncated()) cx.log.partial(f.where + ": " + pointer, std::to_string(scan.truncated()) + " strings longer than 16 MiB kept only their first 16 MiB");
    try {
      simdjson::dom::element e;
      // The where of an error is made only for an element that has one (parse() throws it).
      if (cx.parser.try_parse(text, e) != simdjson::SUCCESS) e = cx.parser.parse(text, f.where + ": " + pointer);
      if (!e.is_object()) throw Error(f.where + ": " + pointer, "not an object");
      fn(pointer, e);
      ++n;
    } catch (const Error& err) {
      ++bad;
      cx.log.warn(err.where(), err.message() + "; skipped");
    }
  }
  return n;
}

Verdict verdict(int64_t n, int64_t bad, const std::string& what, std::string extra = "") {
  std::string note = std::to_string(n) + " " + what;
  if (bad) note += ", " + std::to_string(bad) + " skipped";
  if (!extra.empty()) note += "; " + extra;
  return {bad ? Fate::partial : Fate::parsed, note};
}

}  // namespace

Verdict read_location_records(ImportContext& cx, const File& f) {
  int64_t bad = 0;
  int64_t n = each_element(cx, f, "locations", bad, [&](const std::string& pointer, simdjson::dom::element e) {
    auto ll = e7_pair(e, "latitudeE7", "longitudeE7");
    if (!ll) throw Error(f.where + ": " + pointer, "fix without latitudeE7/longitudeE7");
    auto t = fix_time(e);
    if (!t) warn_once(cx, f.where, "fixes without a readable timestamp; kept without a time");
    JsonObjectText extra;
    put_number(extra, "accuracy", json_double(e, "accuracy"));
    put_number(extra, "altitude", json_double(e, "altitude"));
    put_number(extra, "speed", json_double(e, "velocity"));
    JsonObjectText raw;
    put(raw, "source", json_string(e, "source"));
    put(raw, "device_tag", json_string(e, "deviceTag"));
    put(raw, "platform_type", json_string(e, "platformType"));
    // The most likely activity Google guessed at the fix ("activity":[{"activity":[{type,confidence}]}]).
    simdjson::dom::array acts, inner;
    if (!e.at_key("activity").get(acts))
      for (simdjson::dom::element a : acts) {
        if (a.at_key("activity").get(inner)) continue;
        for (simdjson::dom::element g : inner) {
          put(raw, "activity", lower(json_string(g, "type")));
          break;
        }
        break;
      }
    if (!raw.empty()) extra.object("raw", raw);
    emit_fix(cx, f, pointer, ll->first, ll->second, t, "fix", std::move(extra));
  });
  return verdict(n, bad, "fixes");
}

Verdict read_semantic_location(ImportContext& cx, const File& f) {
  int64_t bad = 0;
  int64_t n = each_element(cx, f, "timelineObjects", bad, [&](const std::string& pointer, simdjson::dom::element e) {
    simdjson::dom::element v;
    if (!e.at_key("placeVisit").get(v)) semantic_visit(cx, f, pointer + "/placeVisit", v);
    else if (!e.at_key("activitySegment").get(v)) semantic_segment(cx, f, pointer + "/activitySegment", v);
    else throw Error(f.where + ": " + pointer, "neither placeVisit nor activitySegment");
  });
  return verdict(n, bad, "timeline objects");
}

Verdict read_device_timeline(ImportContext& cx, const File& f) {
  int64_t bad = 0, memories = 0, other = 0;
  int64_t n = each_element(cx, f, "semanticSegments", bad, [&](const std::string& pointer, simdjson::dom::element e) {
    device_segment(cx, f, pointer, e, memories);
  });
  n += each_element(cx, f, "rawSignals", bad, [&](const std::string& pointer, simdjson::dom::element e) {
    raw_signal(cx, f, pointer, e, other);
  });
  std::string extra;
  if (memories) extra = std::to_string(memories) + " timeline memories not imported";
  if (other) extra += (extra.empty() ? "" : ", ") + std::to_string(other) + " wifi scans and activity records not imported";
  if (!extra.empty()) cx.log.warn(f.where, extra);
  return verdict(n, bad, "segments and signals", extra.empty() ? "userLocationProfile not imported"
                                                               : extra + ", userLocationProfile not imported");
}

Verdict read_ios_timeline(ImportContext& cx, const File& f) {
  int64_t bad = 0, memories = 0;
  int64_t n = each_element(cx, f, "", bad, [&](const std::string& pointer, simdjson::dom::element e) {
    device_segment(cx, f, pointer, e, memories);
  });
  return verdict(n, bad, "segments");
}

}  // namespace dataport::google
