// The "where" section of `dataport audit`: the heat map and the most visited places, from one
// streamed pass over the location records (lib/audit.cc calls it).

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "lib/audit_internal.h"

namespace dataport::audit_internal {

namespace {

// ---- where: the heat map and the most visited places, in one streamed pass -----------------

// The cell sizes the map may use, in degrees: the first that gives the box at most 60 columns.
constexpr double cell_steps[] = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0};
constexpr size_t cell_step_count = sizeof cell_steps / sizeof cell_steps[0];
size_t step_for(double span) {
  for (size_t i = 0; i < cell_step_count; ++i)
    if (span / cell_steps[i] <= 60) return i;
  return cell_step_count - 1;
}

// What SQL's `x BETWEEN lo AND hi` says of a JSON value: null for null, false for text (which
// sorts after every number), else the comparison.
std::optional<bool> between(const json& v, double lo, double hi) {
  if (v.is_null()) return std::nullopt;
  if (!v.is_number()) return false;
  double d = v.get<double>();
  return d >= lo && d <= hi;
}

// The heat map's cells at every size the map may still end up using. The box only grows, so
// the smallest size it allows only grows: the counts at smaller sizes are dropped as soon as the
// box rules them out, and each size kept has at most 61 x 61 cells. Each position is binned as
// SQL's CAST((lat + 90) / size AS INTEGER) would bin it, so the figures are the same as a second
// pass with the final size would give.
class HeatMap {
 public:
  void add(const json& lat_v, const json& lon_v, uint16_t platform) {
    double lat = lat_v.get<double>(), lon = lon_v.get<double>();
    if (!box_) {
      box_ = {lat_v, lat_v, lon_v, lon_v};
    } else {
      if (lat < box_->south.get<double>()) box_->south = lat_v;
      if (lat > box_->north.get<double>()) box_->north = lat_v;
      if (lon < box_->west.get<double>()) box_->west = lon_v;
      if (lon > box_->east.get<double>()) box_->east = lon_v;
    }
    size_t need = step_for(span());
    for (; smallest_ < need; ++smallest_) cells_[smallest_] = {};
    for (size_t i = smallest_; i < cell_step_count; ++i) {
      int64_t key = static_cast<int64_t>((lat + 90) / cell_steps[i]) << 32 | static_cast<int64_t>((lon + 180) / cell_steps[i]);
      Cell& c = cells_[i][key];
      ++c.records;
      if (std::find(c.platforms.begin(), c.platforms.end(), platform) == c.platforms.end()) c.platforms.push_back(platform);
    }
  }
  /// {"bounds", "cell_degrees", "cells"} of the report.
  void write(json& out, const std::vector<std::string>& platform_names) const {
    out["bounds"] = box_ ? json{{"south", box_->south}, {"north", box_->north}, {"west", box_->west}, {"east", box_->east}} : json(nullptr);
    size_t i = box_ ? step_for(span()) : 0;
    double cell = box_ ? cell_steps[i] : 1;
    out["cell_degrees"] = cell;
    json cells = json::array();
    if (box_)
      for (auto& [key, c] : cells_[i]) {
        double south = static_cast<double>(key >> 32) * cell - 90, west = static_cast<double>(key & 0xffffffff) * cell - 180;
        std::vector<std::string> names;
        for (uint16_t p : c.platforms) names.push_back(platform_names[p]);
        std::sort(names.begin(), names.end());
        cells.push_back({{"south", std::round(south * 1e6) / 1e6}, {"west", std::round(west * 1e6) / 1e6},
                         {"records", c.records}, {"platforms", names}});
      }
    out["cells"] = cells;
  }

 private:
  struct Box {
    json south, north, west, east;
  };
  struct Cell {
    int64_t records = 0;
    std::vector<uint16_t> platforms;
  };
  double span() const {
    return std::max(box_->east.get<double>() - box_->west.get<double>(), box_->north.get<double>() - box_->south.get<double>());
  }
  std::optional<Box> box_;
  size_t smallest_ = 0;
  std::map<int64_t, Cell> cells_[cell_step_count];  // by (lat index << 32 | lon index): the order of the report
};

// A value as SQL's avg() adds it: a number, or text read as the number it begins with (else 0).
double as_number(const json& v) {
  if (v.is_number()) return v.get<double>();
  return v.is_string() ? std::strtod(v.get_ref<const std::string&>().c_str(), nullptr) : 0;
}

// A named place: how often, when, where on average, for how long.
struct Place {
  json name, address, first, last;
  int64_t records = 0, lat_n = 0, lon_n = 0;
  double lat_sum = 0, lon_sum = 0;
  std::optional<int64_t> seconds;
  std::vector<uint16_t> platforms;
};

// The 25 most visited places, busiest first (then by name and address).
json top_places(std::map<std::pair<std::string, std::string>, Place>& all, const std::vector<std::string>& platform_names) {
  std::vector<Place*> order;
  for (auto& [key, p] : all) order.push_back(&p);
  auto name_less = [](const json& a, const json& b) {  // SQL's order: numbers before text
    if (a.is_string() != b.is_string()) return !a.is_string();
    return a.is_string() ? a.get<std::string>() < b.get<std::string>() : a.get<double>() < b.get<double>();
  };
  std::stable_sort(order.begin(), order.end(), [&](const Place* a, const Place* b) {
    if (a->records != b->records) return a->records > b->records;
    return name_less(a->name, b->name);
  });
  json places = json::array();
  for (size_t i = 0; i < order.size() && i < 25; ++i) {
    const Place& p = *order[i];
    std::vector<std::string> names;
    for (uint16_t x : p.platforms) names.push_back(platform_names[x]);
    std::sort(names.begin(), names.end());
    places.push_back({{"name", p.name}, {"address", p.address}, {"records", p.records}, {"first", p.first}, {"last", p.last},
                      {"lat", p.lat_n ? json(p.lat_sum / static_cast<double>(p.lat_n)) : json(nullptr)},
                      {"lon", p.lon_n ? json(p.lon_sum / static_cast<double>(p.lon_n)) : json(nullptr)},
                      {"platforms", names}, {"seconds", p.seconds ? json(*p.seconds) : json(nullptr)}});
  }
  return places;
}

}  // namespace

// Every location record is read once: the counts, the heat map's box and cells, and the named
// places all come from that one pass. Memory: the cells (bounded, above) and one entry per
// distinct named place.
json locations(Store& store, const Scope& scope) {
  std::vector<json> params;
  json out = {{"records", 0}, {"with_coordinates", 0}, {"out_of_range", 0}};
  int64_t records = 0, usable = 0, out_of_range = 0;
  HeatMap map;
  std::map<std::pair<std::string, std::string>, Place> places;  // by (name, address) as JSON text
  std::vector<std::string> platform_names;
  std::map<std::string, uint16_t> platform_index;
  store.select(
      "SELECT platform, json_extract(data, '$.lat'), json_extract(data, '$.lon'), json_extract(data, '$.name'), "
      "json_extract(data, '$.address'), time, CASE WHEN json_extract(data, '$.end') IS NOT NULL THEN "
      "unixepoch(json_extract(data, '$.end')) - unixepoch(json_extract(data, '$.start')) END "
      "FROM records WHERE kind = 'location'" + scope.where(params),
      params, [&](const Row& r) {
        ++records;
        auto [pit, fresh] = platform_index.emplace(str(r.values[0]), static_cast<uint16_t>(platform_names.size()));
        if (fresh) platform_names.push_back(str(r.values[0]));
        const json &lat = r.values[1], &lon = r.values[2];
        std::optional<bool> lat_in = between(lat, -90, 90), lon_in = between(lon, -180, 180);
        if (!lat.is_null() && (lat_in == false || lon_in == false)) ++out_of_range;
        if (lat.is_number() && lon.is_number() && *lat_in && *lon_in) {
          ++usable;
          map.add(lat, lon, pit->second);
        }
        if (r.values[3].is_null()) return;
        Place& p = places[{r.values[3].dump(), r.values[4].dump()}];
        if (!p.records) p.name = r.values[3], p.address = r.values[4];
        ++p.records;
        widen(p.first, p.last, r.values[5], r.values[5]);
        if (!lat.is_null()) p.lat_sum += as_number(lat), ++p.lat_n;
        if (!lon.is_null()) p.lon_sum += as_number(lon), ++p.lon_n;
        if (r.values[6].is_number()) p.seconds = p.seconds.value_or(0) + r.values[6].get<int64_t>();
        if (std::find(p.platforms.begin(), p.platforms.end(), pit->second) == p.platforms.end()) p.platforms.push_back(pit->second);
      });
  out["records"] = records;
  out["out_of_range"] = out_of_range;
  out["with_coordinates"] = usable;
  map.write(out, platform_names);
  out["places"] = top_places(places, platform_names);
  return out;
}

}  // namespace dataport::audit_internal
