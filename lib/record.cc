#include "lib/record.h"

#include <algorithm>

#include "lib/hash.h"
#include "lib/text.h"

namespace dataport {

const std::vector<std::string_view>& record_kinds() {
  static const std::vector<std::string_view> kinds = {
      "profile",     "contact",       "post",        "comment",       "reaction",  "message",
      "media",       "event",         "place",       "location",      "activity",  "inference",
      "advertiser",  "off_platform",  "login",       "position",      "education", "skill",
      "certification", "endorsement", "recommendation", "group",      "note",      "conversation",
      "verification", "project",      "award",       "publication",   "file"};
  return kinds;
}

bool is_record_kind(std::string_view kind) {
  const auto& k = record_kinds();
  return std::find(k.begin(), k.end(), kind) != k.end();
}

std::string make_record_id(std::string_view platform, std::string_view kind, std::string_view key) {
  unsigned char md[32];
  const std::string_view nul("\0", 1);
  sha256_parts({platform, nul, kind, nul, key}, md);
  return to_hex(std::string_view(reinterpret_cast<const char*>(md), 16));
}

Record make_record(std::string_view kind, std::string_view platform, std::string_view key, std::string_view path,
                   std::string pointer) {
  Record r = unkeyed_record(kind, platform, path, std::move(pointer));
  r.id = make_record_id(platform, kind, key);
  return r;
}

Record unkeyed_record(std::string_view kind, std::string_view platform, std::string_view path, std::string pointer) {
  Record r;
  r.kind = kind;
  r.platform = platform;
  r.source.path = path;
  r.source.pointer = std::move(pointer);
  return r;
}

Record keyed_record(std::string_view kind, std::string_view platform, std::string key, std::string_view path,
                    std::string pointer) {
  Record r = unkeyed_record(kind, platform, path, std::move(pointer));
  r.id_key = std::move(key);
  return r;
}

void resolve_id(Record& r) {
  if (!r.id.empty() || r.id_key.empty()) return;
  r.id = make_record_id(r.platform, r.kind, r.id_key);
  r.id_key.clear();
}

void expand_data(Record& r) {
  if (r.data_object.empty()) return;
  r.data = json::parse(r.data_object.text());
  r.data_object = JsonObjectText();
}

void set_time(Record& r, const Timestamp& t) {
  r.time = t;
  if (t.precision != Precision::second) r.data["time_precision"] = precision_name(t.precision);
  else r.data.erase("time_precision");
}

std::string time_string(const Record& r) { return r.time ? format_record_time(*r.time) : ""; }

void put(json& data, const char* key, std::string_view value) {
  std::string_view v = trim(value);
  if (v.empty()) return;
  data[key] = repair_utf8(v);
}

void put(JsonObjectText& data, const char* key, std::string_view value) {
  std::string_view v = trim(value);
  if (v.empty()) return;
  if (valid_utf8(v)) data.string(key, v);  // nearly always: no copy
  else data.string(key, repair_utf8(v));
}

namespace {
// Every string under j, in order. With `rendered_too` false, an object's `html` is left out when
// the object also has `text`: the same words, rendered.
void collect(const json& j, std::string& out, bool rendered_too) {
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    if (!out.empty()) out += ' ';
    out += s;
  } else if (j.is_object()) {
    bool skip_html = !rendered_too && j.contains("html") && j.contains("text");
    for (auto it = j.begin(); it != j.end(); ++it)
      if (!(skip_html && it.key() == "html")) collect(it.value(), out, rendered_too);
  } else if (j.is_array()) {
    for (const auto& v : j) collect(v, out, rendered_too);
  }
}
}  // namespace

std::string record_text(const json& data) {
  std::string out;
  collect(data, out, true);
  return out;
}

std::string search_text(const json& data) {
  std::string out;
  collect(data, out, false);
  return out;
}

}  // namespace dataport
