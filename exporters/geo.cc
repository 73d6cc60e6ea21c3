// Location history as GPX 1.1 or GeoJSON (RFC 7946).
// [x] location fixes -> one track, a new segment after a gap (--gap-minutes, default 30); a
//     movement segment's path points are fixes too
// [x] location visits and place records -> waypoints (name, time, address) / Point features
// [x] coordinates range-checked (-90..90, -180..180; others reported), GeoJSON in [lon, lat] order,
//     times in properties (time, coordTimes)
// [x] movements (location type segment with a path) -> a track segment each; points without a
//     time are written without one (GPX and coordTimes allow it)
// [ ] fixes without a time and places without coordinates: reported, not written

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <functional>
#include <utility>

#include "exporters/common.h"
#include "exporters/output.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport {
namespace {

struct Fix {
  double lat, lon;
  std::optional<int64_t> t;  // a movement's middle points have none
  double ele;  // NaN when unknown
};

struct Waypoint {
  double lat, lon;
  std::string name, start, end, desc;
  int64_t t = -1;
};

// What collect() keeps: the waypoints and the movements (few); the fixes, which may be millions,
// are handed on one at a time.
struct Geo {
  std::vector<std::vector<Fix>> movements;
  std::vector<Waypoint> waypoints;
};

// o[key] as a number (a JSON number or a numeric string); NaN when absent or not a number.
// (NaN rather than std::optional<double>: GCC 12 -O2 warns falsely about optional doubles.)
double number(const json& o, const char* key) {
  if (!o.is_object() || !o.contains(key)) return std::nan("");
  const json& v = o[key];
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    try {
      size_t used = 0;
      double d = std::stod(v.get<std::string>(), &used);
      if (used == v.get<std::string>().size()) return d;
    } catch (...) {
    }
  }
  return std::nan("");
}

bool in_range(double lat, double lon) {
  return std::isfinite(lat) && std::isfinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

// Reads the store once, handing each fix to `fix` in the store's order: time order.
Geo collect(Store& store, const ExportOptions& opt, Report& rep, const std::function<void(const Fix&)>& fix) {
  Geo geo;
  store.each_record(with_kinds(opt.filter, {"location", "place"}), [&](const Record& r) {
    const json& d = r.data;
    std::string type = field(d, "type");
    double lat = number(d, "lat"), lon = number(d, "lon");
    if (type == "segment" && d.contains("path") && d["path"].is_array()) {
      // A movement is a track segment of its own: its points carry their times when the export
      // gives them, else the first and last take the segment's start and end.
      std::vector<Fix> seg;
      auto start = parse_iso8601(field(d, "start")), end = parse_iso8601(field(d, "end"));
      for (const json& p : d["path"]) {
        double plat = number(p, "lat"), plon = number(p, "lon");
        if (!in_range(plat, plon)) {
          rep.dropped("path points with coordinates out of range or missing");
          continue;
        }
        std::optional<int64_t> t;
        if (auto pt = parse_iso8601(field(p, "time"))) t = pt->seconds;
        seg.push_back({plat, plon, t, std::nan("")});
      }
      if (seg.empty()) return;
      if (!seg.front().t && start) seg.front().t = start->seconds;
      if (!seg.back().t && end && seg.size() > 1) seg.back().t = end->seconds;
      if (!seg.front().t && r.time) seg.front().t = r.time->seconds;
      geo.movements.push_back(std::move(seg));
      return;
    }
    if (std::isnan(lat) || std::isnan(lon)) {
      rep.dropped(r.kind == "place" ? "places without coordinates" : "location records without coordinates");
      return;
    }
    if (!in_range(lat, lon)) {
      rep.dropped("points with coordinates out of range");
      return;
    }
    if (r.kind == "place" || type == "visit" || !field(d, "name").empty()) {
      Waypoint w{lat, lon, field(d, "name"), field(d, "start"), field(d, "end"), field(d, "address")};
      if (r.time) w.t = r.time->seconds;
      geo.waypoints.push_back(w);
      return;
    }
    if (!r.time) {
      rep.dropped("fixes without a time");
      return;
    }
    fix({lat, lon, r.time->seconds, number(d, "altitude")});
  });
  return geo;
}

int64_t gap_seconds(const ExportOptions& opt) {
  int64_t gap = 30 * 60;
  if (std::string g = opt.param("gap-minutes"); !g.empty()) {
    try {
      gap = std::stoll(g) * 60;
    } catch (...) {
      throw Error("--gap-minutes", "must be a whole number of minutes, not '" + g + "'");
    }
  }
  return gap;
}

// The track: the fixes cut into segments at gaps, each written to spill files as it comes (memory
// holds no fixes: a year of Location History is millions; GeoJSON of 400k took 276 MB), and the
// movements; written in the order of their first time, fix segments before movements of the same
// time (what a stable sort of the fix segments, in time order, then the movements gives).
struct Track {
  struct Segment {
    size_t at[2] = {0, 0}, size[2] = {0, 0};  // the text in each spill
    size_t points = 0;
    int64_t first = 0, last = 0;
  };
  int64_t gap;
  std::vector<Segment> fixes;
  Spill spill[2];  // GPX: the points; GeoJSON: the coordinates, then the times

  explicit Track(int64_t g) : gap(g) {}
  /// Adds a fix; true when it starts a segment.
  bool add(const Fix& f) {
    bool starts = fixes.empty() || *f.t - fixes.back().last > gap;
    if (starts) {
      fixes.push_back({{spill[0].size(), spill[1].size()}, {0, 0}, 0, *f.t, *f.t});
    }
    fixes.back().points++;
    fixes.back().last = *f.t;
    return starts;
  }
  int64_t points(const std::vector<std::vector<Fix>>& movements) const {
    int64_t n = 0;
    for (const Segment& s : fixes) n += static_cast<int64_t>(s.points);
    for (const auto& m : movements) n += static_cast<int64_t>(m.size());
    return n;
  }
  /// Calls `fix_segment` or `movement` for every segment in order; returns how many.
  size_t each(const std::vector<std::vector<Fix>>& movements, const std::function<void(const Segment&)>& fix_segment,
              const std::function<void(const std::vector<Fix>&)>& movement) {
    for (size_t k = 0; k < fixes.size(); ++k)  // a segment's text ends where the next one's starts
      for (int i = 0; i < 2; ++i) fixes[k].size[i] = (k + 1 < fixes.size() ? fixes[k + 1].at[i] : spill[i].size()) - fixes[k].at[i];
    struct Item {
      int64_t key;
      const Segment* fix;
      const std::vector<Fix>* movement;
    };
    std::vector<Item> order;
    for (const Segment& s : fixes) order.push_back({s.first, &s, nullptr});
    for (const auto& m : movements) order.push_back({m.front().t.value_or(INT64_MAX), nullptr, &m});
    std::stable_sort(order.begin(), order.end(), [](const Item& a, const Item& b) { return a.key < b.key; });
    for (const Item& i : order) i.fix ? fix_segment(*i.fix) : movement(*i.movement);
    return order.size();
  }
};

std::string coord(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.7f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string xml(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') out += ' ';
    else out += c;
  }
  return out;
}

std::string iso(int64_t t) { return format_rfc3339(from_unix_seconds(t)); }

std::string trkpt(const Fix& f) {
  std::string s = "      <trkpt lat=\"" + coord(f.lat) + "\" lon=\"" + coord(f.lon) + "\">";
  if (!std::isnan(f.ele)) s += "<ele>" + coord(f.ele) + "</ele>";
  if (f.t) s += "<time>" + iso(*f.t) + "</time>";
  return s + "</trkpt>\n";
}

}  // namespace

void export_gpx(Store& store, const ExportOptions& opt, Log& log) {
  Report rep;
  Track track(gap_seconds(opt));
  Geo geo = collect(store, opt, rep, [&](const Fix& f) {
    track.add(f);
    track.spill[0].add(trkpt(f));
  });
  AtomicFile out(opt.output, opt.force);
  auto write = [&](std::string_view s) { out.write(s); };
  out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<gpx version=\"1.1\" creator=\"dataport " DATAPORT_VERSION "\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n");
  for (const Waypoint& w : geo.waypoints) {
    std::string s = "  <wpt lat=\"" + coord(w.lat) + "\" lon=\"" + coord(w.lon) + "\">";
    if (w.t >= 0) s += "<time>" + iso(w.t) + "</time>";
    if (!w.name.empty()) s += "<name>" + xml(w.name) + "</name>";
    std::string desc = w.desc;
    if (!w.start.empty() || !w.end.empty()) desc += std::string(desc.empty() ? "" : "; ") + w.start + " to " + w.end;
    if (!desc.empty()) s += "<desc>" + xml(desc) + "</desc>";
    out.write(s + "</wpt>\n");
    rep.wrote("waypoints");
  }
  bool any = !track.fixes.empty() || !geo.movements.empty();
  if (any) out.write("  <trk><name>Location history</name>\n");
  size_t segments = track.each(
      geo.movements,
      [&](const Track::Segment& seg) {
        out.write("    <trkseg>\n");
        track.spill[0].copy(seg.at[0], seg.size[0], write);
        out.write("    </trkseg>\n");
      },
      [&](const std::vector<Fix>& movement) {
        std::string s = "    <trkseg>\n";
        for (const Fix& f : movement) s += trkpt(f);
        out.write(s + "    </trkseg>\n");
      });
  if (any) out.write("  </trk>\n");
  out.write("</gpx>\n");
  out.commit();
  if (int64_t points = track.points(geo.movements)) rep.wrote("track points", points);
  if (segments) rep.wrote("track segments", static_cast<int64_t>(segments));
  rep.print(log, "gpx", opt.output);
}

void export_geojson(Store& store, const ExportOptions& opt, Log& log) {
  Report rep;
  // The document is what nlohmann writes for {"type": "FeatureCollection", "features": [...]}
  // (keys in order, no spaces), a feature at a time; a fix segment's coordinates and times are
  // written as its fixes come, each list to its own spill.
  auto number = [](double v) { return json(std::stod(coord(v))).dump(); };
  auto pos = [](double lat, double lon) { return json::array({std::stod(coord(lon)), std::stod(coord(lat))}); };
  auto dump = [](const json& feature) { return feature.dump(-1, ' ', false, json::error_handler_t::replace); };
  Track track(gap_seconds(opt));
  Geo geo = collect(store, opt, rep, [&](const Fix& f) {
    std::string sep = track.add(f) ? "" : ",";
    track.spill[0].add(sep + "[" + number(f.lon) + "," + number(f.lat) + "]");
    track.spill[1].add(sep + "\"" + iso(*f.t) + "\"");
  });
  AtomicFile out(opt.output, opt.force);
  auto write = [&](std::string_view s) { out.write(s); };
  out.write("{\"features\":[");
  bool first = true;
  auto feature = [&](std::string_view text) {
    if (!std::exchange(first, false)) out.write(",");
    out.write(text);
  };
  for (const Waypoint& w : geo.waypoints) {
    json props = json::object();
    if (!w.name.empty()) props["name"] = w.name;
    if (w.t >= 0) props["time"] = iso(w.t);
    if (!w.start.empty()) props["start"] = w.start;
    if (!w.end.empty()) props["end"] = w.end;
    if (!w.desc.empty()) props["address"] = w.desc;
    props["type"] = "visit";
    feature(dump({{"type", "Feature"}, {"geometry", {{"type", "Point"}, {"coordinates", pos(w.lat, w.lon)}}}, {"properties", props}}));
    rep.wrote("visits");
  }
  size_t segments = track.each(
      geo.movements,
      [&](const Track::Segment& seg) {
        // A LineString needs two positions: a lone fix is a Point.
        bool line = seg.points >= 2;
        feature(std::string("{\"geometry\":{\"coordinates\":") + (line ? "[" : ""));
        track.spill[0].copy(seg.at[0], seg.size[0], write);
        out.write(std::string(line ? "]" : "") + ",\"type\":\"" + (line ? "LineString" : "Point") +
                  "\"},\"properties\":{\"coordTimes\":[");
        track.spill[1].copy(seg.at[1], seg.size[1], write);
        out.write("],\"end\":\"" + iso(seg.last) + "\",\"time\":\"" + iso(seg.first) +
                  "\",\"type\":\"track\"},\"type\":\"Feature\"}");
      },
      [&](const std::vector<Fix>& movement) {
        json coords = json::array(), times = json::array();
        for (const Fix& f : movement) {
          coords.push_back(pos(f.lat, f.lon));
          times.push_back(f.t ? json(iso(*f.t)) : json(nullptr));
        }
        json props = {{"type", "track"}, {"coordTimes", times}};
        if (movement.front().t) props["time"] = iso(*movement.front().t);
        if (movement.back().t) props["end"] = iso(*movement.back().t);
        json geom = movement.size() >= 2 ? json{{"type", "LineString"}, {"coordinates", coords}}
                                         : json{{"type", "Point"}, {"coordinates", coords[0]}};
        feature(dump({{"type", "Feature"}, {"geometry", geom}, {"properties", props}}));
      });
  out.write("],\"type\":\"FeatureCollection\"}\n");
  out.commit();
  if (segments) rep.wrote("track segments", static_cast<int64_t>(segments));
  if (int64_t points = track.points(geo.movements)) rep.wrote("track points", points);
  rep.print(log, "geojson", opt.output);
}

}  // namespace dataport
