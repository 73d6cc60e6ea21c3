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

struct Geo {
  std::vector<std::vector<Fix>> segments;
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

Geo collect(Store& store, const ExportOptions& opt, Report& rep) {
  int64_t gap = 30 * 60;
  if (std::string g = opt.param("gap-minutes"); !g.empty()) {
    try {
      gap = std::stoll(g) * 60;
    } catch (...) {
      throw Error("--gap-minutes", "must be a whole number of minutes, not '" + g + "'");
    }
  }
  Geo geo;
  std::vector<Fix> fixes;
  std::vector<std::vector<Fix>> movements;
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
      movements.push_back(std::move(seg));
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
    double ele = number(d, "altitude");
    fixes.push_back({lat, lon, r.time->seconds, ele});
  });
  // The store gives fixes in time order: a gap starts a new segment.
  for (const Fix& f : fixes) {
    if (geo.segments.empty() || *f.t - *geo.segments.back().back().t > gap) geo.segments.emplace_back();
    geo.segments.back().push_back(f);
  }
  for (auto& m : movements) geo.segments.push_back(std::move(m));
  std::stable_sort(geo.segments.begin(), geo.segments.end(), [](const auto& a, const auto& b) {
    return a.front().t.value_or(INT64_MAX) < b.front().t.value_or(INT64_MAX);
  });
  return geo;
}

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

}  // namespace

void export_gpx(Store& store, const ExportOptions& opt, Log& log) {
  Report rep;
  Geo geo = collect(store, opt, rep);
  std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<gpx version=\"1.1\" creator=\"dataport " DATAPORT_VERSION "\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n";
  for (const Waypoint& w : geo.waypoints) {
    s += "  <wpt lat=\"" + coord(w.lat) + "\" lon=\"" + coord(w.lon) + "\">";
    if (w.t >= 0) s += "<time>" + iso(w.t) + "</time>";
    if (!w.name.empty()) s += "<name>" + xml(w.name) + "</name>";
    std::string desc = w.desc;
    if (!w.start.empty() || !w.end.empty()) desc += std::string(desc.empty() ? "" : "; ") + w.start + " to " + w.end;
    if (!desc.empty()) s += "<desc>" + xml(desc) + "</desc>";
    s += "</wpt>\n";
    rep.wrote("waypoints");
  }
  if (!geo.segments.empty()) {
    s += "  <trk><name>Location history</name>\n";
    for (const auto& seg : geo.segments) {
      s += "    <trkseg>\n";
      for (const Fix& f : seg) {
        s += "      <trkpt lat=\"" + coord(f.lat) + "\" lon=\"" + coord(f.lon) + "\">";
        if (!std::isnan(f.ele)) s += "<ele>" + coord(f.ele) + "</ele>";
        if (f.t) s += "<time>" + iso(*f.t) + "</time>";
        s += "</trkpt>\n";
        rep.wrote("track points");
      }
      s += "    </trkseg>\n";
      rep.wrote("track segments");
    }
    s += "  </trk>\n";
  }
  s += "</gpx>\n";
  AtomicFile out(opt.output, opt.force);
  out.write(s);
  out.commit();
  rep.print(log, "gpx", opt.output);
}

void export_geojson(Store& store, const ExportOptions& opt, Log& log) {
  Report rep;
  Geo geo = collect(store, opt, rep);
  json features = json::array();
  auto pos = [](double lat, double lon) { return json::array({std::stod(coord(lon)), std::stod(coord(lat))}); };
  for (const Waypoint& w : geo.waypoints) {
    json props = json::object();
    if (!w.name.empty()) props["name"] = w.name;
    if (w.t >= 0) props["time"] = iso(w.t);
    if (!w.start.empty()) props["start"] = w.start;
    if (!w.end.empty()) props["end"] = w.end;
    if (!w.desc.empty()) props["address"] = w.desc;
    props["type"] = "visit";
    features.push_back({{"type", "Feature"}, {"geometry", {{"type", "Point"}, {"coordinates", pos(w.lat, w.lon)}}}, {"properties", props}});
    rep.wrote("visits");
  }
  for (const auto& seg : geo.segments) {
    json coords = json::array(), times = json::array();
    for (const Fix& f : seg) {
      coords.push_back(pos(f.lat, f.lon));
      times.push_back(f.t ? json(iso(*f.t)) : json(nullptr));
    }
    json props = {{"type", "track"}, {"coordTimes", times}};
    if (seg.front().t) props["time"] = iso(*seg.front().t);
    if (seg.back().t) props["end"] = iso(*seg.back().t);
    // A LineString needs two positions: a lone fix is a Point.
    json geom = seg.size() >= 2 ? json{{"type", "LineString"}, {"coordinates", coords}}
                                : json{{"type", "Point"}, {"coordinates", coords[0]}};
    features.push_back({{"type", "Feature"}, {"geometry", geom}, {"properties", props}});
    rep.wrote("track segments");
    rep.wrote("track points", static_cast<int64_t>(seg.size()));
  }
  json doc = {{"type", "FeatureCollection"}, {"features", features}};
  AtomicFile out(opt.output, opt.force);
  out.write(doc.dump(-1, ' ', false, json::error_handler_t::replace));
  out.write("\n");
  out.commit();
  rep.print(log, "geojson", opt.output);
}

}  // namespace dataport
