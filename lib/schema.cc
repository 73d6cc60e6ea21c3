#include "lib/schema.h"

#include <cctype>

#include "lib/error.h"
#include "lib/model.h"
#include "lib/store.h"
#include "lib/text.h"

namespace dataport {

namespace {

struct KindName {
  std::string_view name, description;
};

// The kinds in the order of docs/schema.md; their fields are lib/model_table.cc's.
const KindName kind_names[] = {
    {"profile", "the account holder"},
    {"contact", "another person or account"},
    {"post", "something the person published"},
    {"comment", "a comment by the person"},
    {"reaction", "a like or other reaction"},
    {"message", "one message of a thread"},
    {"media", "a photo, video or other shared file"},
    {"event", "an event"},
    {"place", "a named place"},
    {"location", "a position fix or a visit"},
    {"activity", "something the person did on the platform"},
    {"inference", "what the platform inferred or targets"},
    {"advertiser", "an advertiser holding or using the person's data"},
    {"off_platform", "activity reported by other sites and apps"},
    {"login", "a session, device or sign-in"},
    {"position", "a job or volunteer role"},
    {"education", "a school or course"},
    {"skill", "a skill or language"},
    {"certification", "a certificate or licence"},
    {"endorsement", "a skill endorsement"},
    {"recommendation", "a written recommendation"},
    {"group", "a group the person belongs to"},
    {"note", "a note"},
    {"conversation", "an AI chat; its turns are message records"},
    {"verification", "an identity check the platform made"},
    {"project", "a project the person lists"},
    {"award", "an honour or award"},
    {"publication", "a publication"},
    {"file", "a file no importer understands, kept so nothing is lost"},
};

json string_list(const std::vector<std::string>& v) { return json(v); }

// One field as JSON Schema: its shape, meaning and example.
json field_schema(const FieldInfo& f) {
  static const json file = {{"type", "object"},
                            {"properties",
                             {{"sha256", {{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}}},
                              {"path", {{"type", "string"}}},
                              {"mime", {{"type", "string"}}},
                              {"size", {{"type", "integer"}}}}}};
  json s;
  switch (f.type) {
    case FieldType::string:
    case FieldType::date:
    case FieldType::time: s = {{"type", "string"}}; break;
    case FieldType::integer: s = {{"type", "integer"}}; break;
    case FieldType::number: s = {{"type", "number"}}; break;
    case FieldType::boolean: s = {{"type", "boolean"}}; break;
    case FieldType::object:
    case FieldType::person: s = {{"type", "object"}}; break;
    case FieldType::file: s = file; break;
    case FieldType::files: s = {{"type", "array"}, {"items", {{"type", "object"}}}}; break;
    case FieldType::persons:
    case FieldType::objects: s = {{"type", "array"}, {"items", {{"type", "object"}}}}; break;
    case FieldType::strings: s = {{"type", "array"}, {"items", {{"type", "string"}}}}; break;
  }
  if (f.name == "time_precision") s = {{"enum", {"year", "month", "day"}}};
  s["description"] = std::string(f.meaning);
  if (!f.example.empty()) s["examples"] = json::array({json::parse(f.example)});
  return s;
}

// The schema of one kind's `data`: its fields, the required ones, nothing else.
json data_schema(std::string_view kind) {
  json props = json::object();
  std::vector<std::string> required;
  for (const FieldInfo* f : fields_of(kind)) {
    props[std::string(f->name)] = field_schema(*f);
    if (f->required) required.push_back(std::string(f->name));
  }
  json s = {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
  if (!required.empty()) s["required"] = string_list(required);
  return s;
}

json envelope_schema(const json& kind_schema, const json& data) {
  return {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
          {"type", "object"},
          {"required", {"id", "kind", "platform", "service", "time", "source", "data"}},
          {"additionalProperties", false},
          {"properties",
           {{"id", {{"type", "string"}, {"pattern", "^[0-9a-f]{32}$"}}},
            {"kind", kind_schema},
            {"platform", {{"type", "string"}, {"minLength", 1}}},
            {"service", {{"type", {"string", "null"}}}},
            {"time",
             {{"type", {"string", "null"}},
              {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$"}}},
            {"source",
             {{"type", "object"},
              {"required", {"archive", "path", "pointer"}},
              {"properties",
               {{"archive", {{"type", "string"}}}, {"path", {{"type", "string"}}}, {"pointer", {{"type", "string"}}}}}}},
            {"data", data}}}};
}

// A Markdown table cell: no line breaks, no bare |.
std::string cell(std::string_view s) { return replace_all(replace_all(std::string(s), "|", "\\|"), "\n", " "); }

}  // namespace

const std::vector<KindInfo>& kind_infos() {
  static const std::vector<KindInfo> kinds = [] {
    std::vector<KindInfo> out;
    for (const KindName& k : kind_names) {
      KindInfo info{k.name, k.description, {}};
      for (const FieldInfo* f : fields_of(k.name))
        if (f->column) info.fields.push_back(f->name);
      out.push_back(std::move(info));
    }
    return out;
  }();
  return kinds;
}

json record_json_schema() {
  json kinds = json::array(), defs = json::object(), cases = json::array();
  for (const KindInfo& k : kind_infos()) {
    std::string name(k.name);
    kinds.push_back(name);
    defs[name] = data_schema(k.name);
    defs[name]["description"] = std::string(k.description);
    cases.push_back({{"if", {{"properties", {{"kind", {{"const", name}}}}}}},
                     {"then", {{"properties", {{"data", {{"$ref", "#/$defs/" + name}}}}}}}});
  }
  json schema = envelope_schema({{"enum", kinds}}, {{"type", "object"}});
  schema["$id"] = "https://dataport.invalid/schema/record-v" + std::to_string(record_model_version) + ".json";
  schema["title"] = "dataport record, model version " + std::to_string(record_model_version);
  schema["description"] =
      "One line of a dataport dump: the envelope of docs/schema.md; kind-specific fields in data, as $defs gives "
      "them for each kind.";
  schema["allOf"] = cases;
  schema["$defs"] = defs;
  return schema;
}

json kind_json_schema(std::string_view kind) {
  if (!is_record_kind(kind)) throw Error("formats --schema", "unknown kind \"" + std::string(kind) + "\" (formats lists them)");
  json schema = envelope_schema({{"const", std::string(kind)}}, data_schema(kind));
  schema["$id"] = "https://dataport.invalid/schema/record-v" + std::to_string(record_model_version) + "/" + std::string(kind) + ".json";
  schema["title"] = "dataport " + std::string(kind) + " record, model version " + std::to_string(record_model_version);
  for (const KindInfo& k : kind_infos())
    if (k.name == kind) schema["description"] = std::string(k.description);
  return schema;
}

std::string model_markdown() {
  std::string out = "| kind | what | required `data` fields | view |\n|---|---|---|---|\n";
  for (const KindInfo& k : kind_infos()) {
    std::vector<std::string> req;
    for (const FieldInfo* f : fields_of(k.name))
      if (f->required) req.push_back("`" + std::string(f->name) + "`");
    out += "| [`" + std::string(k.name) + "`](#" + std::string(k.name) + ") | " + cell(k.description) + " | " +
           (req.empty() ? "none" : join(req, ", ")) + " | `" + kind_view_name(k.name) + "` |\n";
  }
  for (const KindInfo& k : kind_infos()) {
    out += "\n### " + std::string(k.name) + "\n\n" + std::string(k.description.substr(0, 1)) ;
    out.back() = static_cast<char>(std::toupper(static_cast<unsigned char>(out.back())));
    out += std::string(k.description.substr(1)) + ".\n\n| field | type | meaning | example |\n|---|---|---|---|\n";
    for (const FieldInfo* f : fields_of(k.name)) {
      if (f->kind == "*") continue;  // raw and time_precision: the conventions above
      std::string name = "`" + std::string(f->name) + "`" + (f->required ? " (required)" : "") + (f->column ? " ◆" : "");
      out += "| " + name + " | " + std::string(type_name(f->type)) + " | " + cell(f->meaning) + " | " +
             (f->example.empty() ? "" : "`" + cell(f->example) + "`") + " |\n";
    }
  }
  return out;
}

std::string record_summary(const json& data) {
  for (const char* key : {"text", "title", "name", "query", "value", "company", "school", "skill", "path", "url",
                          "action", "ip"}) {
    auto it = data.find(key);
    if (it != data.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
      std::string s = it->get<std::string>();
      return replace_all(replace_all(s, "\n", " "), "\r", " ");
    }
  }
  return "";
}

}  // namespace dataport
