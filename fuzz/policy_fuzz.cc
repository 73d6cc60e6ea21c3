// Sharing policies (lib/policy.h): the input as a policy document, through parse_policy and the
// rule lookups a minimised export makes; and the input's text through the value transforms
// (coarsen_date at every precision, coarsen_ip, coarsen_point, geohash). Checked beyond crashes:
// only dataport::Error leaves the parser; a coarsened date is a date and a time at most; an IP
// address is cut to a /24 or /48 network; a point stays on the globe; a geohash has its length.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "fuzz/fuzz.h"
#include "lib/policy.h"
#include "lib/text.h"

using namespace dataport;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    Policy p = parse_policy(text, "fuzz", "fuzz.json");
    for (const char* kind : {"contact", "message", "post", "location", "login", "profile", "nosuchkind"}) {
      (void)p.kind_mode(kind);
      for (const char* key : {"name", "text", "time", "lat", "ip", "age", "birthday", "email", "x"})
        (void)p.rule_for(kind, key);
    }
    (void)p.envelope_time();
  } catch (const Error&) {
  }

  for (const char* precision : {"hour", "day", "week", "month", "year", "keep", "x"}) {
    std::string c = coarsen_date(text, precision);
    if (c.size() > 32) fuzz::finding("coarsen_date made more than a date and a time: " + c.substr(0, 40));
    if (!c.empty() && !valid_utf8(c)) fuzz::finding("coarsen_date wrote bytes that are not UTF-8");
  }
  std::string ip = coarsen_ip(text);
  auto network = [&](std::string_view suffix) { return ip.size() > suffix.size() && ip.compare(ip.size() - 3, 3, suffix) == 0; };
  if (!ip.empty() && !network("/24") && !network("/48")) fuzz::finding("coarsen_ip wrote " + ip);

  if (size >= 17) {
    double lat, lon;
    std::memcpy(&lat, data, 8);
    std::memcpy(&lon, data + 8, 8);
    int chars = 1 + data[16] % 12;
    if (std::isfinite(lat) && std::isfinite(lon) && std::fabs(lat) <= 90 && std::fabs(lon) <= 180) {
      if (geohash(lat, lon, chars).size() != static_cast<size_t>(chars)) fuzz::finding("a geohash of the wrong length");
      Coarse c;
      c.geohash = chars;
      auto [la, lo] = coarsen_point(lat, lon, c);
      if (!(std::fabs(la) <= 90 && std::fabs(lo) <= 180)) fuzz::finding("coarsen_point left the globe");
      Coarse g;
      g.grid = 0.001 * (1 + data[16]);
      auto [ga, go] = coarsen_point(lat, lon, g);
      if (!(std::fabs(ga) <= 90 && std::fabs(go) <= 180)) fuzz::finding("a grid cell's centre left the globe");
    }
  }
  return 0;
}
