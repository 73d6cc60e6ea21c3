#include "lib/model.h"

#include <algorithm>
#include <map>
#include <optional>

#include "lib/text.h"

namespace dataport {

namespace {

// kind -> field name -> the table's row; "*" holds the fields every kind may carry.
const std::map<std::string, std::map<std::string, const FieldInfo*, std::less<>>, std::less<>>& field_index() {
  static const auto index = [] {
    std::map<std::string, std::map<std::string, const FieldInfo*, std::less<>>, std::less<>> m;
    for (const FieldInfo& f : model_fields()) m[std::string(f.kind)][std::string(f.name)] = &f;
    return m;
  }();
  return index;
}

bool all_of(const json& v, bool (json::*test)() const noexcept) {
  if (!v.is_array()) return false;
  for (const json& x : v)
    if (!(x.*test)()) return false;
  return true;
}

// Only the JSON shape is checked: a date's form is the importer's business (lib/time.h), and
// files[] items are objects ({sha256...} for a stored file, {uri}/{url} for one left out).
bool has_type(const json& v, FieldType t) {
  switch (t) {
    case FieldType::string:
    case FieldType::date:
    case FieldType::time: return v.is_string();
    case FieldType::integer: return v.is_number_integer();
    case FieldType::number: return v.is_number();
    case FieldType::boolean: return v.is_boolean();
    case FieldType::object:
    case FieldType::person:
    case FieldType::file: return v.is_object();
    case FieldType::persons:
    case FieldType::files:
    case FieldType::objects: return all_of(v, &json::is_object);
    case FieldType::strings: return all_of(v, &json::is_string);
  }
  return false;
}

}  // namespace

std::vector<const FieldInfo*> fields_of(std::string_view kind) {
  std::vector<const FieldInfo*> out;
  for (const FieldInfo& f : model_fields())
    if (f.kind == kind) out.push_back(&f);
  for (const FieldInfo& f : model_fields())
    if (f.kind == "*") out.push_back(&f);
  return out;
}

const FieldInfo* find_field(std::string_view kind, std::string_view name) {
  for (std::string_view k : {kind, std::string_view("*")}) {
    auto it = field_index().find(k);
    if (it == field_index().end()) continue;
    auto f = it->second.find(name);
    if (f != it->second.end()) return f->second;
  }
  return nullptr;
}

std::string_view type_name(FieldType t) {
  switch (t) {
    case FieldType::string: return "string";
    case FieldType::date: return "date";
    case FieldType::time: return "time";
    case FieldType::integer: return "integer";
    case FieldType::number: return "number";
    case FieldType::boolean: return "boolean";
    case FieldType::object: return "object";
    case FieldType::person: return "person";
    case FieldType::persons: return "persons";
    case FieldType::file: return "file";
    case FieldType::files: return "files";
    case FieldType::strings: return "strings";
    case FieldType::objects: return "objects";
  }
  return "";
}

std::vector<std::string> check_data(std::string_view kind, const json& data) {
  std::vector<std::string> problems;
  if (!is_record_kind(kind)) return {"unknown kind \"" + std::string(kind) + "\""};
  if (!data.is_object()) return {"data is not an object"};
  for (auto it = data.begin(); it != data.end(); ++it) {
    const FieldInfo* f = find_field(kind, it.key());
    if (!f) {
      problems.push_back(std::string(kind) + " has no field \"" + it.key() + "\" in the record model");
      continue;
    }
    if (!has_type(it.value(), f->type))
      problems.push_back(std::string(kind) + "." + it.key() + " must be " + std::string(type_name(f->type)) + ", not " +
                         it.value().dump(-1, ' ', false, json::error_handler_t::replace).substr(0, 60));
    else if (f->name == "time_precision" && it.value() != "year" && it.value() != "month" && it.value() != "day")
      problems.push_back("time_precision must be year, month or day");
  }
  for (const FieldInfo* f : fields_of(kind))
    if (f->required && !data.contains(f->name))
      problems.push_back(std::string(kind) + " lacks its required field \"" + std::string(f->name) + "\"");
  return problems;
}

void put_flag(json& data, const char* key, std::string_view value) {
  std::string v = lower(trim(value));
  if (v == "true" || v == "false") data[key] = v == "true";
}

void put_list(json& data, const char* key, std::string_view value) {
  json items = json::array();
  size_t from = 0;
  while (from <= value.size()) {
    size_t comma = std::min(value.find(',', from), value.size());
    std::string_view item = trim(value.substr(from, comma - from));
    if (!item.empty()) items.push_back(repair_utf8(item));
    from = comma + 1;
  }
  if (!items.empty()) data[key] = std::move(items);
}

void put_language(json& data, std::string_view tag) {
  std::string t(trim(tag));
  // und: undetermined; zxx: no linguistic content; qaa-qtz: private use (X: qme media only,
  // qht hashtags only, qam mentions only).
  if (t.empty() || t == "und" || t == "zxx" || (t.size() == 3 && t[0] == 'q')) return;
  data["language"] = t;
}

namespace {

// Takes data.raw[from] out of raw (dropping raw when it empties).
std::optional<json> take_raw(json& data, const char* from) {
  auto raw = data.find("raw");
  if (raw == data.end() || !raw->is_object() || !raw->contains(from)) return std::nullopt;
  json v = std::move((*raw)[from]);
  raw->erase(from);
  if (raw->empty()) data.erase("raw");
  return v;
}

// Moves data.raw[from] to data[to] (unless data[to] is set); a string goes through put_string
// when one is given (it may drop it), anything else is kept as it is.
bool lift_raw(json& data, const char* from, const char* to,
              void (*put_string)(json&, const char*, std::string_view) = nullptr) {
  if (data.contains(to)) return false;
  std::optional<json> v = take_raw(data, from);
  if (!v) return false;
  if (put_string && v->is_string()) put_string(data, to, v->get<std::string>());
  else data[to] = std::move(*v);
  return true;
}

void put_language_as(json& data, const char*, std::string_view tag) { put_language(data, tag); }

// Turns the bare strings of data[list] into objects {key: string}.
bool objects_of_strings(json& data, const char* list, const char* key) {
  auto it = data.find(list);
  if (it == data.end() || !it->is_array()) return false;
  bool changed = false;
  for (json& x : *it)
    if (x.is_string()) {
      x = json{{key, x.get<std::string>()}};
      changed = true;
    }
  return changed;
}

bool rename(json& data, const char* from, const char* to) {
  if (!data.contains(from) || data.contains(to)) return false;
  data[to] = std::move(data[from]);
  data.erase(from);
  return true;
}

}  // namespace

bool upgrade_data(std::string_view kind, json& data) {
  if (!data.is_object()) return false;
  bool c = false;
  // Model version 2 (issue 20): one name per meaning, and what exporters read out of raw.
  if (kind == "conversation") c |= rename(data, "updated", "updated_at");
  if (kind == "reaction" && data.contains("name") && data["name"].is_string() && !data.contains("owner")) {
    data["owner"] = json{{"name", data["name"]}};
    data.erase("name");
    c = true;
  }
  if (kind == "post") {
    c |= lift_raw(data, "lang", "language", put_language_as);  // X
    c |= lift_raw(data, "language", "language", put_language_as);  // Mastodon
  }
  if (kind == "contact") {
    c |= lift_raw(data, "show_boosts", "show_boosts", put_flag);
    c |= lift_raw(data, "notify", "notify", put_flag);
    c |= lift_raw(data, "hide_notifications", "hide_notifications", put_flag);
    c |= lift_raw(data, "languages", "languages", put_list);
    c |= objects_of_strings(data, "emails", "address");
  }
  if (kind == "event") c |= lift_raw(data, "uid", "uid");
  if (kind == "message") c |= objects_of_strings(data, "attachments", "url");
  if (kind == "profile") c |= objects_of_strings(data, "handles", "username");
  return c;
}

std::vector<std::string> check_record(const Record& r) { return check_data(r.kind, r.data); }

}  // namespace dataport
