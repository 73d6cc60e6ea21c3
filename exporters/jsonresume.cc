// JSON Resume (jsonresume.org, schema 1.3.1 of @jsonresume/schema): one document built from the
// profile and career records.
// [x] profile -> basics (name, label, email, phone, url, summary, location, profiles)
// [x] position (job) -> work; position (volunteer) -> volunteer
// [x] education -> education (courses of the same school -> courses[]; lone courses kept as entries)
// [x] skill -> skills; skill (language) -> languages
// [x] certification -> certificates; project -> projects; award -> awards; publication -> publications
// [x] recommendation (received, not hidden) -> references
// [ ] interests: no record kind carries them

#include <map>
#include <set>

#include "exporters/common.h"
#include "exporters/output.h"
#include "lib/text.h"

namespace dataport {
namespace {

// A date the schema accepts (YYYY, YYYY-MM, YYYY-MM-DD), or "" ("Present" and the like go).
std::string resume_date(const json& d, std::string_view key, Report& rep) {
  std::string v = field(d, key);
  if (v.empty()) return "";
  std::string s = short_date(v);
  if (s.empty()) rep.dropped("dates that are not YYYY[-MM[-DD]] (\"" + v + "\")");
  return s;
}

// The schema's `format: uri` wants a scheme; a bare "example.org" becomes https://example.org.
std::string resume_url(std::string v) {
  v = std::string(trim(v));
  if (v.empty() || v.find(' ') != std::string::npos) return "";
  if (v.find("://") == std::string::npos) v = "https://" + v;
  return v;
}

void put_str(json& o, const char* key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}

// The primary email of a profile: the one flagged primary, else the first.
std::string primary_email(const json& d) {
  std::string first;
  if (d.contains("emails") && d["emails"].is_array())
    for (const json& e : d["emails"]) {
      std::string a = e.is_string() ? e.get<std::string>() : field(e, "address");
      if (a.find('@') == std::string::npos) continue;
      if (e.is_object() && e.value("primary", false)) return a;
      if (first.empty()) first = a;
    }
  std::string e = field(d, "email");
  return first.empty() && e.find('@') != std::string::npos ? e : first;
}

std::string first_phone(const json& d) {
  if (d.contains("phones") && d["phones"].is_array())
    for (const json& p : d["phones"]) {
      std::string n = p.is_string() ? p.get<std::string>() : field(p, "number");
      if (!n.empty()) return n;
    }
  return "";
}

json basics_of(const std::vector<Record>& profiles) {
  json b = json::object();
  // The richest profile leads; the others fill what it lacks (never overwrite).
  std::vector<const Record*> order;
  for (const Record& r : profiles) order.push_back(&r);
  std::stable_sort(order.begin(), order.end(),
                   [](const Record* a, const Record* c) { return a->data.size() > c->data.size(); });
  json profiles_out = json::array();
  std::set<std::string> seen;
  std::vector<std::string> websites;
  for (const Record* r : order) {
    const json& d = r->data;
    auto fill = [&](const char* key, const std::string& v) {
      if (!v.empty() && !b.contains(key)) b[key] = v;
    };
    fill("name", person_name(d));
    fill("label", field(d, "headline"));
    fill("email", primary_email(d));
    fill("phone", first_phone(d));
    fill("summary", field(d, "summary"));
    if (d.contains("websites") && d["websites"].is_array())
      for (const json& w : d["websites"]) {
        std::string u = resume_url(w.is_string() ? w.get<std::string>() : field(w, "url"));
        if (!u.empty()) websites.push_back(u);
      }
    if (!b.contains("location")) {
      json loc = json::object();
      put_str(loc, "address", field(d, "address"));
      put_str(loc, "postalCode", field(d, "postal_code"));
      put_str(loc, "city", field(d, "location"));
      if (!loc.empty()) b["location"] = loc;
    }
    std::string user = field(d, "username"), url = resume_url(field(d, "url"));
    if (!user.empty() || !url.empty()) {
      json p = {{"network", r->platform}};
      put_str(p, "username", user);
      put_str(p, "url", url);
      if (seen.insert(p.dump()).second) profiles_out.push_back(p);
    }
  }
  if (!websites.empty()) {
    b["url"] = websites[0];
    for (size_t i = 1; i < websites.size(); ++i)
      if (seen.insert(websites[i]).second) profiles_out.push_back({{"network", "website"}, {"url", websites[i]}});
  }
  if (!profiles_out.empty()) b["profiles"] = profiles_out;
  return b;
}

// Each converter below fills `o`, one entry of a résumé section, from a record's data, and returns
// the section's key (also the name the report counts it under), or "" when the record is left out.
using Entry = std::string (*)(const json& d, json& o, Report& rep);

std::string position_entry(const json& d, json& o, Report& rep) {
  bool vol = field(d, "type") == "volunteer";
  put_str(o, vol ? "organization" : "name", field(d, "company"));
  put_str(o, "position", field(d, "title"));
  if (!vol) put_str(o, "location", field(d, "location"));
  put_str(o, "url", resume_url(field(d, "url")));
  put_str(o, "startDate", resume_date(d, "start", rep));
  put_str(o, "endDate", resume_date(d, "end", rep));
  put_str(o, "summary", field(d, "description"));
  if (vol && !field(d, "cause").empty()) o["highlights"] = json::array({"Cause: " + field(d, "cause")});
  return vol ? "volunteer" : "work";
}

std::string education_entry(const json& d, json& o, Report& rep) {
  if (field(d, "type") == "course") {
    // A course names no school: it is kept as its own entry so nothing is lost.
    put_str(o, "institution", field(d, "school"));
    put_str(o, "studyType", "Course");
    std::string course = field(d, "field");
    if (!field(d, "number").empty()) course += " (" + field(d, "number") + ")";
    o["courses"] = json::array({course});
  } else {
    put_str(o, "institution", field(d, "school"));
    put_str(o, "studyType", field(d, "degree"));
    put_str(o, "area", field(d, "field"));
    put_str(o, "startDate", resume_date(d, "start", rep));
    put_str(o, "endDate", resume_date(d, "end", rep));
    put_str(o, "url", resume_url(field(d, "url")));
    put_str(o, "score", field(d, "grade"));
  }
  return "education";
}

std::string skill_entry(const json& d, json& o, Report&) {
  if (field(d, "type") == "language") {
    put_str(o, "language", field(d, "name"));
    put_str(o, "fluency", field(d, "proficiency"));
    return "languages";
  }
  put_str(o, "name", field(d, "name"));
  put_str(o, "level", field(d, "proficiency"));
  return "skills";
}

std::string certificate_entry(const json& d, json& o, Report& rep) {
  put_str(o, "name", field(d, "name"));
  put_str(o, "issuer", field(d, "authority"));
  put_str(o, "date", resume_date(d, "start", rep));
  put_str(o, "url", resume_url(field(d, "url")));
  return "certificates";
}

std::string project_entry(const json& d, json& o, Report& rep) {
  put_str(o, "name", field(d, "title"));
  put_str(o, "description", field(d, "description"));
  put_str(o, "url", resume_url(field(d, "url")));
  put_str(o, "startDate", resume_date(d, "start", rep));
  put_str(o, "endDate", resume_date(d, "end", rep));
  return "projects";
}

std::string award_entry(const json& d, json& o, Report& rep) {
  put_str(o, "title", field(d, "title"));
  put_str(o, "awarder", field(d, "issuer"));
  put_str(o, "date", resume_date(d, "date", rep));
  put_str(o, "summary", field(d, "description"));
  return "awards";
}

std::string publication_entry(const json& d, json& o, Report& rep) {
  put_str(o, "name", field(d, "title"));
  put_str(o, "publisher", field(d, "publisher"));
  put_str(o, "releaseDate", resume_date(d, "date", rep));
  put_str(o, "url", resume_url(field(d, "url")));
  put_str(o, "summary", field(d, "description"));
  return "publications";
}

// Only what others wrote about the person, and not what they chose to hide on their profile.
std::string reference_entry(const json& d, json& o, Report& rep) {
  if (field(d, "direction") != "received") {
    rep.dropped("recommendations written by the person (a résumé lists received ones)");
    return "";
  }
  if (field(d, "status") == "hidden") {
    rep.dropped("received recommendations hidden on the profile");
    return "";
  }
  std::string name = d.contains("person") ? person_name(d["person"]) : "";
  std::string who = name;
  if (!field(d, "title").empty() || !field(d, "company").empty()) {
    std::string role = field(d, "title");
    if (!field(d, "company").empty()) role += (role.empty() ? "" : ", ") + field(d, "company");
    who += (who.empty() ? "" : " (") + role + (name.empty() ? "" : ")");
  }
  put_str(o, "name", who);
  put_str(o, "reference", field(d, "text"));
  return "references";
}

const std::map<std::string_view, Entry>& entries() {
  static const std::map<std::string_view, Entry> table = {
      {"position", position_entry},       {"education", education_entry}, {"skill", skill_entry},
      {"certification", certificate_entry}, {"project", project_entry},   {"award", award_entry},
      {"publication", publication_entry}, {"recommendation", reference_entry}};
  return table;
}

}  // namespace

void export_jsonresume(Store& store, const ExportOptions& opt, Log& log) {
  Report rep;
  std::vector<Record> recs = load_kinds(store, opt, {"profile", "position", "education", "skill", "certification",
                                                     "project", "award", "publication", "recommendation"});
  std::vector<Record> profiles;
  std::map<std::string, json> sections;  // key -> its entries
  // Newest first, as résumés read; the store gives oldest first.
  for (auto it = recs.rbegin(); it != recs.rend(); ++it) {
    const Record& r = *it;
    if (r.kind == "profile") {
      profiles.push_back(r);
      continue;
    }
    auto entry = entries().find(r.kind);
    if (entry == entries().end()) continue;
    json o = json::object();
    std::string section = entry->second(r.data, o, rep);
    if (section.empty()) continue;
    sections.try_emplace(section, json::array()).first->second.push_back(std::move(o));
    rep.wrote(section);
  }
  json doc = json::object();
  doc["$schema"] = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json";
  json basics = basics_of(profiles);
  if (!basics.empty()) {
    doc["basics"] = basics;
    rep.wrote("profile (basics)");
  }
  if (profiles.size() > 1) rep.dropped("profiles merged into one basics section (first value of each field kept)", static_cast<int64_t>(profiles.size()) - 1);
  for (const char* key : {"work", "volunteer", "education", "awards", "certificates", "publications", "skills",
                          "languages", "references", "projects"})
    if (auto s = sections.find(key); s != sections.end()) doc[key] = std::move(s->second);
  doc["meta"] = {{"version", "v1.0.0"}, {"canonical", "https://jsonresume.org/schema"}};
  if (opt.source_date_epoch) doc["meta"]["lastModified"] = format_rfc3339(from_unix_seconds(*opt.source_date_epoch));
  AtomicFile out(opt.output, opt.force);
  out.write(doc.dump(2, ' ', false, json::error_handler_t::replace));
  out.write("\n");
  out.commit();
  rep.print(log, "jsonresume", opt.output);
}

}  // namespace dataport
