#include "lib/dump.h"

#include "lib/error.h"
#include "lib/json.h"
#include "lib/json_dump.h"
#include "lib/model.h"

namespace dataport {

namespace {
// A JSON string as nlohmann writes it; the common case, printable ASCII without quotes or
// backslashes, is copied as it is.
void quote(std::string& out, std::string_view s) {
  bool plain = true;
  for (char c : s) plain = plain && c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  if (!plain) {
    out += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
    return;
  }
  out += '"';
  out += s;
  out += '"';
}
}  // namespace

std::string dump_header() { return "{\"dataport\":\"dump\",\"model_version\":" + std::to_string(record_model_version) + "}"; }

int dump_header_version(const std::string& line, const std::string& where) {
  if (line.rfind("{\"dataport\":", 0) != 0) return 0;
  json j = json::parse(line, nullptr, false);
  if (!j.is_object() || !j.contains("dataport") || j["dataport"] != "dump" || !j.contains("model_version") ||
      !j["model_version"].is_number_integer() || j["model_version"].get<int64_t>() < 1)
    throw Error(where, "not a dump header: " + line.substr(0, 80));
  int64_t v = j["model_version"].get<int64_t>();
  if (v > record_model_version)
    throw Error(where, "a dump of record model version " + std::to_string(v) + "; this dataport reads versions up to " +
                           std::to_string(record_model_version) + ": use a newer dataport");
  return static_cast<int>(v);
}

std::string dump_line(const DumpRow& r) {
  std::string out;
  out.reserve(r.data.size() + r.path.size() + r.pointer.size() + 200);
  out += "{\"id\":";
  quote(out, r.id);
  out += ",\"kind\":";
  quote(out, r.kind);
  out += ",\"platform\":";
  quote(out, r.platform);
  out += ",\"service\":";
  if (r.service.empty()) out += "null";
  else quote(out, r.service);
  out += ",\"time\":";
  if (r.time.empty()) out += "null";
  else quote(out, r.time);
  out += ",\"source\":{\"archive\":";
  quote(out, r.archive);
  out += ",\"path\":";
  quote(out, r.path);
  out += ",\"pointer\":";
  quote(out, r.pointer);
  out += "},\"data\":";
  out += r.data;
  out += "}";
  return out;
}

std::string dump_line(const Record& r) {
  std::string time = r.time ? format_record_time(*r.time) : "";
  std::string data = dump_compact(r.data);
  return dump_line(DumpRow{r.id, r.kind, r.platform, r.service, time, r.source.archive, r.source.path, r.source.pointer, data});
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
    j = parse_json(line, where);
  } catch (const Error& e) {
    throw Error(where, "not a dump line: " + e.message());
  }
  // A string member of `o` (the line, or its source): "" when absent or null, an Error otherwise.
  auto member = [&](const json& o, const char* key, bool required, const std::string& name) -> std::string {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) {
      if (required) throw Error(where, "dump line lacks " + name);
      return "";
    }
    if (!it->is_string()) throw Error(where, name + " must be a string");
    return it->get<std::string>();
  };
  auto text = [&](const char* key, bool required) { return member(j, key, required, "\"" + std::string(key) + "\""); };
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
    for (auto [key, to] : {std::pair{"archive", &r.source.archive}, {"path", &r.source.path}, {"pointer", &r.source.pointer}})
      *to = member(s, key, false, "\"source\".\"" + std::string(key) + "\"");
  }
  if (j.contains("data")) {
    if (!j["data"].is_object()) throw Error(where, "\"data\" must be an object");
    r.data = j["data"];
  }
  // A dump made under an older model (version 1 had no header line to say so) reads as this one.
  upgrade_data(r.kind, r.data);
  // A time coarser than a second comes back with its precision.
  if (r.time && r.data.contains("time_precision") && r.data["time_precision"].is_string()) {
    std::string p = r.data["time_precision"];
    r.time->precision = p == "year" ? Precision::year : p == "month" ? Precision::month
                      : p == "day" ? Precision::day : Precision::second;
  }
  return r;
}

}  // namespace dataport
