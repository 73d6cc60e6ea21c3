#include "lib/schema.h"

#include "lib/text.h"

namespace dataport {

const std::vector<KindInfo>& kind_infos() {
  static const std::vector<KindInfo> kinds = {
      {"profile", "the account holder", {"name", "username", "headline", "location", "birthday", "registered_at"}},
      {"contact", "another person or account", {"relation", "name", "username", "url", "email", "company", "title"}},
      {"post", "something the person published", {"type", "title", "text", "url", "visibility"}},
      {"comment", "a comment by the person", {"text", "url", "parent"}},
      {"reaction", "a like or other reaction", {"reaction", "url", "title"}},
      {"message", "one message of a thread", {"thread_id", "thread_title", "subject", "text", "folder"}},
      {"media", "a photo, video or other shared file", {"title", "description", "url", "taken_at"}},
      {"event", "an event", {"name", "start", "end", "location", "response", "url"}},
      {"place", "a named place", {"name", "address", "lat", "lon", "url"}},
      {"location", "a position fix or a visit", {"lat", "lon", "accuracy", "start", "end", "name"}},
      {"activity", "something the person did on the platform", {"action", "title", "query", "url", "organization"}},
      {"inference", "what the platform inferred or targets", {"category", "value", "description"}},
      {"advertiser", "an advertiser holding or using the person's data", {"name", "relation"}},
      {"off_platform", "activity reported by other sites and apps", {"app", "event", "url"}},
      {"login", "a session, device or sign-in", {"ip", "user_agent", "method", "device", "location"}},
      {"position", "a job or volunteer role", {"type", "company", "title", "location", "start", "end", "current"}},
      {"education", "a school or course", {"type", "school", "degree", "field", "start", "end"}},
      {"skill", "a skill or language", {"type", "name", "proficiency"}},
      {"certification", "a certificate or licence", {"name", "authority", "license_number", "start", "end", "url"}},
      {"endorsement", "a skill endorsement", {"direction", "skill", "status"}},
      {"recommendation", "a written recommendation", {"direction", "company", "title", "text", "status"}},
      {"group", "a group the person belongs to", {"name", "url", "role"}},
      {"note", "a note", {"title", "text"}},
      {"conversation", "an AI chat; its turns are message records", {"title", "model"}},
      {"verification", "an identity check the platform made", {"type", "provider", "status", "verified_at"}},
      {"project", "a project the person lists", {"title", "description", "url", "start", "end"}},
      {"award", "an honour or award", {"title", "issuer", "date", "description"}},
      {"publication", "a publication", {"title", "publisher", "date", "url"}},
      {"file", "a file no importer understands, kept so nothing is lost", {"path", "size", "sha256", "mime", "reason"}},
  };
  return kinds;
}

json record_json_schema() {
  json kinds = json::array();
  for (const KindInfo& k : kind_infos()) kinds.push_back(std::string(k.name));
  json schema = {
      {"$schema", "https://json-schema.org/draft/2020-12/schema"},
      {"$id", "https://dataport.invalid/schema/record-v" + std::to_string(model_version) + ".json"},
      {"title", "dataport record, model version " + std::to_string(model_version)},
      {"description", "One line of a dataport dump: the envelope of docs/schema.md; kind-specific fields in data."},
      {"type", "object"},
      {"required", {"id", "kind", "platform", "service", "time", "source", "data"}},
      {"additionalProperties", false},
      {"properties",
       {{"id", {{"type", "string"}, {"pattern", "^[0-9a-f]{32}$"}}},
        {"kind", {{"enum", kinds}}},
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
        {"data",
         {{"type", "object"},
          {"properties", {{"time_precision", {{"enum", {"year", "month", "week", "day", "hour"}}}}}}}}}}};
  return schema;
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
