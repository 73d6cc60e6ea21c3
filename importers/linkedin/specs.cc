// LinkedIn importer: the files that are one record per row, described by a table (file names,
// kind, the column for each data field, the time column, the natural key) instead of code.

#include <cctype>

#include "importers/linkedin/linkedin.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/html.h"
#include "lib/json_dump.h"
#include "lib/text.h"

namespace dataport::linkedin {

namespace {

// ---- the generic, table-driven files ---------------------------------------------------------

// How a cell becomes a data field.
enum class As {
  text,   // trimmed string
  html,   // plain text; the HTML is kept in data.html when the target is "text"
  date,   // ISO 8601 cut to its precision
  lower,  // lower-case text ("LIKE" -> "like")
  url,    // a URL, scheme added when missing
  list,   // appended to an array
  flag,   // Yes/No -> bool
  used,   // read by the file's hook, not written here (and kept out of raw)
};

struct Field {
  const char* headers;  // variants, '|'-separated; the first non-empty cell wins
  const char* target;   // data path ("person.url")
  As as = As::text;
};

using Hook = void (*)(const CsvHeader&, const Row&, Record&, CsvRows&);

struct Spec {
  const char* files;     // normalised base names, '|'-separated
  const char* kind;
  const char* fixed;     // "type=job;action=follow"
  const char* service;
  const char* required;  // headers that identify the header row, '|'-separated
  const char* time;      // envelope time: header variants, first parseable non-empty wins
  const char* key;       // data fields forming the natural key ("" = hash of the row's content)
  const char* need;      // data fields of which at least one must be present
  std::vector<Field> fields;
  Hook hook = nullptr;
};

// Positions/Volunteering: an empty "Finished On" is a current role.
void hook_current(const CsvHeader& h, const Row& row, Record& r, CsvRows&) {
  r.data["current"] = h.get(row, "Finished On").empty();
}

// Events.csv "Event Time": "Jul 08, 2020 01:00 PM - Jul 08, 2020 03:00 PM".
void hook_event(const CsvHeader& h, const Row& row, Record& r, CsvRows& t) {
  std::string v = h.get(row, "Event Time");
  if (v.empty()) return;
  size_t dash = v.find(" - ");
  auto start = li_time(v.substr(0, dash));
  if (!start) {
    r.data["raw"]["event_time"] = v;
    t.log.warn(t.where(), "unreadable event time \"" + v + "\"");
    return;
  }
  set_time(r, *start);
  r.data["start"] = format_iso_precision(*start);
  if (dash != std::string::npos)
    if (auto end = li_time(v.substr(dash + 3))) r.data["end"] = format_iso_precision(*end);
}

// Rich_Media.csv "Date/Time": "You uploaded a feed photo on March 2, 2024 at 12:29 PM (GMT)".
void hook_rich_media(const CsvHeader& h, const Row& row, Record& r, CsvRows& t) {
  std::string v = h.get(row, "Date/Time");
  if (r.data.value("description", "") == "-") r.data.erase("description");
  size_t on = v.rfind(" on ");
  std::optional<Timestamp> ts = on == std::string::npos ? std::nullopt : li_time(v.substr(on + 4));
  if (!v.empty()) put(r.data, "title", on == std::string::npos ? v : v.substr(0, on));
  if (ts) {
    set_time(r, *ts);
    r.data["taken_at"] = format_iso_precision(*ts);
  } else if (!v.empty()) {
    r.data["raw"]["date_time"] = v;
    t.log.warn(t.where(), "unreadable upload date \"" + v + "\"");
  }
}

// Shares.csv writes each line of ShareCommentary as its own quoted piece: `a"\n""\n"b`.
void hook_share(const CsvHeader&, const Row&, Record& r, CsvRows&) {
  if (!r.data.contains("text")) return;
  std::string s = replace_all(r.data["text"].get<std::string>(), "\"\n\"", "\n");
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  put(r.data, "text", s);
}

// Invitations.csv: the other side of an invitation is the person.
void hook_invitation(const CsvHeader& h, const Row& row, Record& r, CsvRows&) {
  std::string dir = lower(h.get(row, "Direction"));
  bool sent = dir == "outgoing" || dir == "sent";
  if (!dir.empty()) r.data["direction"] = sent ? "sent" : "received";
  json person = json::object();
  put(person, "name", h.get(row, sent ? "To" : "From"));
  put(person, "url", full_url(h.get(row, sent ? "inviteeProfileUrl" : "inviterProfileUrl")));
  if (!person.empty()) r.data["person"] = person;
  json& raw = r.data["raw"];
  put(raw, sent ? "from" : "to", h.get(row, sent ? "From" : "To"));
  put(raw, sent ? "inviter_profile_url" : "invitee_profile_url",
      h.get(row, sent ? "inviterProfileUrl" : "inviteeProfileUrl"));
  if (raw.empty()) r.data.erase("raw");
}

// "data%20engineer+berlin" -> "data engineer berlin".
std::string url_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return repair_utf8(out);
}

// Saved Job Alerts: the search words sit inside QUERY_CONTEXT as "{keywords=..., ...}"; the 2018
// SavedJobAlerts.csv has only the search URL ("Jobs Search Url": ...?keywords=data%20engineer&...).
void hook_job_alert(const CsvHeader& h, const Row& row, Record& r, CsvRows&) {
  std::string q = h.get(row, "QUERY_CONTEXT");
  size_t p = q.find("keywords=");
  if (p != std::string::npos) {
    size_t e = q.find_first_of(",}", p);
    put(r.data, "query", q.substr(p + 9, e == std::string::npos ? std::string::npos : e - p - 9));
    return;
  }
  std::string url = h.get(row, "Search Url");
  size_t k = url.find("keywords=");
  if (k != std::string::npos && k > 0 && (url[k - 1] == '?' || url[k - 1] == '&')) {
    size_t e = url.find_first_of("&#", k);
    put(r.data, "query", url_decode(url.substr(k + 9, e == std::string::npos ? std::string::npos : e - k - 9)));
  }
}

// One table, one row per LinkedIn file family (its name, kind, key columns and reader): it is
// ~120 lines because it lists every file; cutting it into pieces would only scatter the table.
const std::vector<Spec>& specs() {
  static const std::vector<Spec> table = {
      {"positions", "position", "type=job", "", "Company Name|Title", "Started On", "company,title,start",
       "company,title",
       {{"Company Name", "company"}, {"Title", "title"}, {"Description", "description"}, {"Location", "location"},
        {"Started On", "start", As::date}, {"Finished On", "end", As::date}},
       hook_current},
      {"volunteering|volunteeringexperiences", "position", "type=volunteer", "", "Company Name|Role", "Started On",
       "company,title,start", "company,title",
       {{"Company Name", "company"}, {"Role", "title"}, {"Cause", "cause"}, {"Description", "description"},
        {"Started On", "start", As::date}, {"Finished On", "end", As::date}},
       hook_current},
      {"education", "education", "type=school", "", "School Name", "Start Date", "school,degree,start", "school",
       {{"School Name", "school"}, {"Degree Name", "degree"}, {"Notes", "notes"}, {"Activities", "activities"},
        {"Start Date", "start", As::date}, {"End Date", "end", As::date}}},
      {"courses", "education", "type=course", "", "Name", "", "field,number", "field",
       {{"Name", "field"}, {"Number", "number"}}},
      {"skills", "skill", "type=skill", "", "Name", "", "name", "name", {{"Name", "name"}}},
      {"languages", "skill", "type=language", "", "Name", "", "name", "name",
       {{"Name", "name"}, {"Proficiency", "proficiency"}}},
      {"certifications", "certification", "", "", "Name|Authority", "Started On", "name,authority,start", "name",
       {{"Name", "name"}, {"Url", "url", As::url}, {"Authority", "authority"}, {"License Number", "license_number"},
        {"Started On", "start", As::date}, {"Finished On", "end", As::date}}},
      {"projects", "project", "", "", "Title", "Started On", "title,start", "title",
       {{"Title", "title"}, {"Description", "description"}, {"Url", "url", As::url},
        {"Started On", "start", As::date}, {"Finished On", "end", As::date}}},
      {"honors", "award", "", "", "Title", "Issued On", "title,date", "title",
       {{"Title", "title"}, {"Issuer", "issuer"}, {"Description", "description"}, {"Issued On", "date", As::date}}},
      {"publications", "publication", "", "", "Name", "Published On", "title,date", "title",
       {{"Name", "title"}, {"Publisher", "publisher"}, {"Published On", "date", As::date}, {"Url", "url", As::url},
        {"Description", "description"}}},
      {"endorsementreceivedinfo", "endorsement", "direction=received", "", "Skill Name", "Endorsement Date", "", "skill",
       {{"Skill Name", "skill"}, {"Endorser First Name", "person.first_name"},
        {"Endorser Last Name", "person.last_name"}, {"Endorser Public Url", "person.url", As::url},
        {"Endorsement Status", "status", As::lower}}},
      {"endorsementgiveninfo", "endorsement", "direction=given", "", "Skill Name", "Endorsement Date", "", "skill",
       {{"Skill Name", "skill"}, {"Endorsee First Name", "person.first_name"},
        {"Endorsee Last Name", "person.last_name"}, {"Endorsee Public Url", "person.url", As::url},
        {"Endorsement Status", "status", As::lower}}},
      {"recommendationsreceived", "recommendation", "direction=received", "", "Text", "Creation Date", "", "text",
       {{"First Name", "person.first_name"}, {"Last Name", "person.last_name"}, {"Company", "company"},
        {"Job Title", "title"}, {"Text", "text"}, {"Status", "status", As::lower}}},
      {"recommendationsgiven", "recommendation", "direction=given", "", "Text", "Creation Date", "", "text",
       {{"First Name", "person.first_name"}, {"Last Name", "person.last_name"}, {"Company", "company"},
        {"Job Title", "title"}, {"Text", "text"}, {"Status", "status", As::lower}}},
      {"shares", "post", "type=share", "", "ShareLink|Date", "Date", "url", "",
       {{"ShareLink", "url"}, {"ShareCommentary", "text"}, {"SharedUrl", "links", As::list},
        {"MediaUrl", "media_urls", As::list}, {"Visibility", "visibility", As::lower}},
       hook_share},
      {"instantreposts", "post", "type=repost", "", "Link|Date", "Date", "url", "url", {{"Link", "url"}}},
      {"comments", "comment", "", "", "Message|Date", "Date", "", "text", {{"Link", "url"}, {"Message", "text"}}},
      {"reactions", "reaction", "", "", "Type|Link", "Date", "", "url",
       {{"Type", "reaction", As::lower}, {"Link", "url"}}},
      {"votes", "activity", "action=vote", "", "OptionText|Link", "Date", "", "url",
       {{"Link", "url"}, {"OptionText", "text"}}},
      {"searchqueries", "activity", "action=search", "", "Search Query", "Time", "", "query",
       {{"Search Query", "query"}}},
      {"saveditems", "activity", "action=save", "", "savedItem", "CreatedTime|createdTime", "", "url",
       {{"savedItem", "url"}}},
      {"invitations", "activity", "action=invitation", "", "Direction|Sent At", "Sent At", "", "person",
       {{"Message", "text"}, {"Direction", "-", As::used}, {"From", "-", As::used}, {"To", "-", As::used},
        {"inviterProfileUrl", "-", As::used}, {"inviteeProfileUrl", "-", As::used}},
       hook_invitation},
      {"memberfollows", "activity", "action=follow", "", "FullName", "Date", "", "person",
       {{"FullName", "person.name"}, {"Status", "status", As::lower}}},
      {"companyfollows", "activity", "action=follow", "", "Organization", "Followed On", "", "organization",
       {{"Organization", "organization"}}},
      {"hashtagfollows", "activity", "action=follow", "", "", "Followed On|Date|CreatedTime", "", "title",
       {{"Hashtag|Name|Hashtag Name", "title"}}},
      {"jobapplications", "activity", "action=job_application", "jobs", "Job Title|Company Name", "Application Date",
       "", "title,organization",
       {{"Job Title", "title"}, {"Company Name", "organization"}, {"Job Url", "url"}}},
      {"savedjobs", "activity", "action=job_saved", "jobs", "Job Title|Company Name", "Saved Date", "", "title,url",
       {{"Job Title", "title"}, {"Company Name", "organization"}, {"Job Url", "url"}}},
      {"savedjobalerts", "activity", "action=job_alert", "jobs", "", "Alert Date", "", "",
       {{"Search Url", "url"}}, hook_job_alert},
      // A question is asked again with another answer (a cover letter per application): the
      // answer is part of what tells two rows apart.
      {"jobapplicantsavedanswers|jobapplicantsavedscreeningquestionresponses", "note", "", "jobs", "Question", "",
       "title,text", "title", {{"Question", "title"}, {"Answer", "text"}}},
      {"learning", "activity", "action=learning", "learning", "Content Title",
       "Content Completed At (if completed)|Content Last Watched Date (if viewed)", "title", "title",
       {{"Content Title", "title"}, {"Content Description", "text", As::html}}},
      {"reviews", "activity", "action=review", "", "Reviewee|Review Text", "Creation Date", "", "",
       {{"Reviewee", "title"}, {"Review Text", "text"}}},
      {"receipts|receiptsv2", "activity", "action=purchase", "", "Transaction Made At", "Transaction Made At", "", "",
       {{"Description", "title"}}},
      {"adsclicked", "activity", "action=ad_click", "", "Ad Title/Id", "Ad clicked Date", "", "title",
       {{"Ad Title/Id", "title"}}},
      {"lanadsengagement", "activity", "action=ad_engagement", "", "Ad Title/Id", "Date", "", "title",
       {{"Ad Title/Id", "title"}, {"Action", "text"}}},
      {"engagements", "activity", "action=service_engagement", "services", "Marketplace Type", "Creation Time", "", "",
       {{"Body", "text"}}},
      {"opprtunities|opportunities", "activity", "action=service_request", "services", "Marketplace Type",
       "Creation Time", "", "", {{"Service Category", "title"}}},
      // Account Status History.csv (UTF-16LE, TAB, in 2018 and 2022 exports): columns [U], so the
      // first row is the header and every column not named here is kept in raw.
      {"accountstatushistory", "activity", "action=account_status", "", "", "Time|Date|Event Date|Status Date", "",
       "", {{"Event|Status|Account Status", "title"}}},
      {"logins", "login", "", "", "Login Date", "Login Date", "", "",
       {{"IP Address", "ip"}, {"User Agent", "user_agent"}, {"Login Type", "method", As::lower}}},
      {"securitychallenges", "login", "", "", "Challenge Date", "Challenge Date", "", "",
       {{"IP Address", "ip"}, {"User Agent", "user_agent"}, {"Challenge Type", "method", As::lower},
        {"Country", "location"}}},
      {"inferencesaboutyou", "inference", "", "", "Type of inference|Inference", "", "", "category,value",
       {{"Type of inference", "category"}, {"Inference", "value"}, {"Description", "description"}}},
      {"events", "event", "", "", "Event Name", "", "", "name",
       {{"Event Name", "name"}, {"Event Time", "-", As::used}, {"Status", "status", As::lower},
        {"External Url", "url"}},
       hook_event},
      {"richmedia", "media", "", "", "Media Link", "", "url", "url",
       {{"Media Link", "url"}, {"Media Description", "description"}, {"Media Type", "title"},
        {"Date/Time", "-", As::used}},
       hook_rich_media},
      {"privateidentityasset", "media", "type=identity_asset", "", "Private Identity Asset Name", "", "title", "title",
       {{"Private Identity Asset Name", "title"}}},
      {"verifications", "verification", "", "", "Verification type", "Verified date", "", "",
       {{"Verification type", "type"}, {"Verification service provider", "provider"},
        {"Document type", "document_type"}, {"Verified date", "verified_at", As::date},
        {"Expiry date", "expires", As::date}, {"Status|Verification status", "status", As::lower}}},
  };
  return table;
}

// Turns one row into one record following its Spec.
void spec_row(const Spec& spec, const CsvHeader& h, const Row& row, CsvRows& t) {
  Record r = unkeyed_record(spec.kind, platform, t.entry.path, t.pointer());
  r.service = spec.service;
  std::vector<bool> used(row.size(), false);
  auto mark = [&](std::string_view name) {
    for (int n = 0, i; (i = h.find(name, n)) >= 0; ++n) used[static_cast<size_t>(i)] = true;
  };
  auto bad_date = [&](std::string_view header, const std::string& v) {
    r.data["raw"][snake_case(header)] = v;
    t.log.warn(t.where(), "unreadable date \"" + v + "\" in column \"" + std::string(header) + "\"");
  };
  each_field(spec.fixed, ';', [&](std::string_view kv) {
    if (size_t eq = kv.find('='); eq != std::string_view::npos) r.data[std::string(kv.substr(0, eq))] = kv.substr(eq + 1);
  });
  for (const Field& f : spec.fields) {
    std::string v, header;
    each_field(f.headers, '|', [&](std::string_view name) {
      mark(name);
      if (v.empty() && !(v = h.get(row, name)).empty()) header = name;
    });
    if (v.empty() || f.as == As::used) continue;
    switch (f.as) {
      case As::date:
        if (no_value(v)) break;
        if (auto ts = li_time(v)) put_path(r.data, f.target, format_iso_precision(*ts));
        else bad_date(header, v);
        break;
      case As::html:
        put_path(r.data, f.target, looks_like_html(v) ? html_to_text(v) : v);
        if (looks_like_html(v) && std::string_view(f.target) == "text") r.data["html"] = v;
        break;
      case As::lower: put_path(r.data, f.target, lower(v)); break;
      case As::url: put_path(r.data, f.target, full_url(v)); break;
      case As::list: r.data[f.target].push_back(v); break;
      case As::flag: put_path(r.data, f.target, yes(v)); break;
      default: put_path(r.data, f.target, repair_utf8(v)); break;
    }
  }
  for (const std::string& name : split(spec.time, '|')) {
    if (name.empty() || h.get(row, name).empty()) continue;
    std::string v = h.get(row, name);
    mark(name);
    if (no_value(v)) continue;
    if (auto ts = li_time(v)) set_time(r, *ts);
    else bad_date(name, v);
    break;
  }
  if (spec.hook) spec.hook(h, row, r, t);
  for (size_t i = 0; i < row.size(); ++i) {
    if (used[i] || trim(row[i]).empty()) continue;
    std::string name = i < h.names().size() ? snake_case(strip_bom(h.names()[i])) : "";
    if (name.empty()) name = "column_" + std::to_string(i + 1);
    json& raw = r.data["raw"];
    std::string k = name;
    for (int n = 2; raw.contains(k); ++n) k = name + "_" + std::to_string(n);
    raw[k] = repair_utf8(trim(row[i]));
  }
  if (r.data.contains("person")) complete_person(r.data["person"]);
  bool has_need = std::string_view(spec.need).empty();
  each_field(spec.need, ',', [&](std::string_view f) { has_need = has_need || r.data.contains(f); });
  if (!has_need) {
    t.skip("no " + replace_all(spec.need, ",", " or "));
    return;
  }
  std::string key;
  if (std::string_view(spec.key).empty()) {
    key = content_hash(h, row);
  } else {
    each_field(spec.key, ',', [&](std::string_view f) {
      if (auto it = r.data.find(f); it != r.data.end()) dump_compact(*it, key);  // what dump() writes: data is valid UTF-8
      key += '|';
    });
  }
  std::string_view files = spec.files;
  std::string file(files.substr(0, files.find('|')));
  r.id_key = t.unique(file + ":" + key);  // the sink makes the id from it (Record::id_key)
  t.add(std::move(r));
}

const Spec* find_spec(const std::string& name) {
  for (const Spec& s : specs())
    for (const std::string& f : split(s.files, '|'))
      if (f == name) return &s;
  return nullptr;
}

std::vector<std::string_view> required_of(const char* s) {
  std::vector<std::string_view> out;
  std::string_view v = s;
  while (!v.empty()) {
    size_t bar = v.find('|');
    out.push_back(v.substr(0, bar));
    v = bar == std::string_view::npos ? "" : v.substr(bar + 1);
  }
  return out;
}

}  // namespace

bool has_spec(const std::string& name) { return find_spec(name) != nullptr; }

const char* spec_names() {
  static const std::string names = [] {
    std::vector<std::string> all;
    for (const Spec& s : specs()) all.emplace_back(s.files);
    return join(all, "|");
  }();
  return names.c_str();
}

Verdict read_spec_file(ImportContext& c, const Entry& e) {
  std::string name = file_key(e.path);
  const Spec* s = find_spec(name);
  if (!s) throw Error(c.in.where(e), "not a LinkedIn table file");  // the rule matched spec_names()
  ++c.state<State>().claimed;
  return read_csv_table(c, e, table_for(name, required_of(s->required)),
                        [s](const CsvHeader& h, const Row& row, CsvRows& t) { spec_row(*s, h, row, t); });
}

}  // namespace dataport::linkedin
