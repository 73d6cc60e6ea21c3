#include "lib/dump.h"

#include "lib/error.h"

namespace dataport {

namespace {
std::string quote(const std::string& s) { return json(s).dump(-1, ' ', false, json::error_handler_t::replace); }
}  // namespace

std::string dump_line(const Record& r) {
  std::string out = "{\"id\":" + quote(r.id) + ",\"kind\":" + quote(r.kind) + ",\"platform\":" + quote(r.platform) +
                    ",\"service\":" + (r.service.empty() ? std::string("null") : quote(r.service)) +
                    ",\"time\":" + (r.time ? quote(format_rfc3339(*r.time)) : std::string("null")) +
                    ",\"source\":{\"archive\":" + quote(r.source.archive) + ",\"path\":" + quote(r.source.path) +
                    ",\"pointer\":" + quote(r.source.pointer) + "},\"data\":" +
                    r.data.dump(-1, ' ', false, json::error_handler_t::replace) + "}";
  return out;
}

json record_to_json(const Record& r) {
  // ordered_json would keep the envelope order, but a json object keeps keys sorted, which is
  // what consumers of --format json expect for the data part; the envelope order only matters
  // for dumps, which use dump_line.
  return json::parse(dump_line(r));
}

Record parse_dump_line(const std::string& line, const std::string& where) {
  json j;
  try {
    j = json::parse(line);
  } catch (const json::parse_error& e) {
    throw Error(where, std::string("not a dump line: ") + e.what());
  }
  auto text = [&](const char* key, bool required) -> std::string {
    if (!j.contains(key) || j[key].is_null()) {
      if (required) throw Error(where, std::string("dump line lacks \"") + key + "\"");
      return "";
    }
    if (!j[key].is_string()) throw Error(where, std::string("\"") + key + "\" must be a string");
    return j[key].get<std::string>();
  };
  Record r;
  r.id = text("id", true);
  r.kind = text("kind", true);
  if (!is_record_kind(r.kind)) throw Error(where, "unknown kind \"" + r.kind + "\"");
  r.platform = text("platform", true);
  r.service = text("service", false);
  std::string t = text("time", false);
  if (!t.empty()) {
    auto ts = parse_iso8601(t);
    if (!ts) throw Error(where, "bad time \"" + t + "\"");
    r.time = *ts;
  }
  if (j.contains("source") && j["source"].is_object()) {
    const json& s = j["source"];
    r.source.archive = s.value("archive", "");
    r.source.path = s.value("path", "");
    r.source.pointer = s.value("pointer", "");
  }
  if (j.contains("data")) {
    if (!j["data"].is_object()) throw Error(where, "\"data\" must be an object");
    r.data = j["data"];
  }
  // A time coarser than a second comes back with its precision.
  if (r.time && r.data.contains("time_precision") && r.data["time_precision"].is_string()) {
    std::string p = r.data["time_precision"];
    r.time->precision = p == "year" ? Precision::year : p == "month" ? Precision::month
                      : p == "day" ? Precision::day : Precision::second;
  }
  return r;
}

}  // namespace dataport
