// LinkedIn importer: the files with a shape of their own: Connections, the address book, the
// message files, Ad_Targeting, the profile that several files make together, and Articles.

#include <set>

#include "importers/linkedin/linkedin.h"
#include "lib/hash.h"
#include "lib/html.h"
#include "lib/json_dump.h"
#include "lib/text.h"

namespace dataport::linkedin {

// ---- files with their own shape ------------------------------------------------------------

// Connections.csv: "First Name,Last Name,URL,Email Address,Company,Position,Connected On".
void connection_row(const CsvHeader& h, const Row& row, CsvRows& t) {
  Record r = unkeyed_record("contact", platform, t.entry.path, t.pointer());
  json& d = r.data;
  d["relation"] = "connection";
  put(d, "first_name", h.get(row, "First Name"));
  put(d, "last_name", h.get(row, "Last Name"));
  complete_person(d);
  put(d, "url", h.get(row, "URL"));
  put(d, "email", h.any(row, {"Email Address", "Email"}));
  put(d, "company", h.get(row, "Company"));
  put(d, "title", h.get(row, "Position"));
  std::string on = h.get(row, "Connected On");
  if (!on.empty()) {
    if (auto ts = li_time(on)) set_time(r, *ts);
    else {
      d["raw"]["connected_on"] = on;
      t.log.warn(t.where(), "unreadable date \"" + on + "\" in column \"Connected On\"");
    }
  }
  if (!d.contains("name") && !d.contains("url")) return t.skip("connection without a name or URL");
  // Deleted members come as "LinkedIn Member" with no URL: names and date are all there is.
  std::string slug = profile_slug(d.value("url", ""));
  std::string key = !slug.empty() ? "in/" + slug
                                  : d.value("name", "") + "|" + on + "|" + d.value("company", "") + "|" +
                                        d.value("title", "") + "|" + d.value("email", "");
  r.id_key = t.unique("connection:" + key);  // the sink makes the id from it (Record::id_key)
  t.add(std::move(r));
}

// Contacts.csv (older) and ImportedContacts.csv: the address book the member uploaded.
void address_book_row(const CsvHeader& h, const Row& row, CsvRows& t) {
  Record r = unkeyed_record("contact", platform, t.entry.path, t.pointer());
  json& d = r.data;
  d["relation"] = "address_book";
  put(d, "first_name", h.get(row, "FirstName"));
  put(d, "last_name", h.get(row, "LastName"));
  put(d, "name", h.get(row, "FullName"));
  complete_person(d);
  for (const std::string& e : split_trim(replace_all(h.get(row, "Emails"), ";", ","), ',')) d["emails"].push_back(json{{"address", e}});
  if (d.contains("emails")) d["email"] = d["emails"][0]["address"];
  for (const std::string& p : split_trim(replace_all(h.get(row, "PhoneNumbers"), ";", ","), ','))
    d["phones"].push_back({{"number", p}});
  put(d, "company", h.get(row, "Companies"));
  put(d, "title", h.get(row, "Title"));
  std::set<std::string> known = {"firstname", "lastname", "fullname", "emails", "phonenumbers", "companies",
                                 "title", "createdat"};
  for (size_t i = 0; i < row.size() && i < h.names().size(); ++i) {
    std::string name = lower(trim(strip_bom(h.names()[i])));
    if (!known.count(name) && !trim(row[i]).empty()) d["raw"][snake_case(h.names()[i])] = repair_utf8(trim(row[i]));
  }
  std::string created = h.get(row, "CreatedAt");
  if (!no_value(created)) {
    if (auto ts = li_time(created)) set_time(r, *ts);
    else d["raw"]["created_at"] = created;
  }
  if (!d.contains("name") && !d.contains("emails") && !d.contains("phones"))
    return t.skip("address book entry without a name, email or phone");
  r.id_key = t.unique("address_book:" + content_hash(h, row));  // the sink makes the id from it (Record::id_key)
  t.add(std::move(r));
}

// messages.csv and its siblings. Group rows list several TO names and RECIPIENT PROFILE URLS.
void message_row(const std::string& service, const CsvHeader& h, const Row& row, CsvRows& t) {
  Record r = unkeyed_record("message", platform, t.entry.path, t.pointer());
  r.service = service;
  json& d = r.data;
  put(d, "thread_id", h.get(row, "CONVERSATION ID"));
  put(d, "thread_title", h.get(row, "CONVERSATION TITLE"));
  json from = json::object();
  put(from, "name", h.get(row, "FROM"));
  put(from, "url", h.get(row, "SENDER PROFILE URL"));
  if (!from.empty()) d["from"] = from;
  std::vector<std::string> names = split_trim(h.get(row, "TO"), ',');
  std::vector<std::string> urls = find_urls(h.get(row, "RECIPIENT PROFILE URLS"));
  if (urls.size() == 1 && names.size() > 1) names = {h.get(row, "TO")};  // one person: "Reyes, Tomás"
  bool paired = names.size() == urls.size();
  for (size_t i = 0; i < std::max(names.size(), paired ? urls.size() : 0); ++i) {
    json p = json::object();
    if (i < names.size()) put(p, "name", names[i]);
    if (paired) put(p, "url", urls[i]);
    d["to"].push_back(p);
  }
  if (!paired && !urls.empty()) d["raw"]["recipient_profile_urls"] = urls;
  put(d, "subject", h.get(row, "SUBJECT"));
  std::string content = h.get(row, "CONTENT");
  if (looks_like_html(content)) {
    put(d, "text", html_to_text(content));
    put(d, "html", content);
  } else {
    put(d, "text", content);
  }
  put(d, "folder", lower(h.get(row, "FOLDER")));
  std::string direction = lower(h.get(row, "DIRECTION"));  // 2018 Messages.csv: INCOMING / OUTGOING
  if (direction == "outgoing" || direction == "sent") d["direction"] = "sent";
  else if (direction == "incoming" || direction == "received") d["direction"] = "received";
  else put(d, "direction", direction);
  std::string att = h.get(row, "ATTACHMENTS");
  std::vector<std::string> files = find_urls(att);
  if (files.empty() && !att.empty()) files.push_back(att);
  for (const std::string& f : files) d["attachments"].push_back(json{{f.rfind("http", 0) == 0 ? "url" : "name", f}});
  if (std::string v = h.get(row, "IS MESSAGE DRAFT"); !v.empty()) d["draft"] = yes(v);
  put(d["raw"], "is_conversation_draft", h.get(row, "IS CONVERSATION DRAFT"));
  if (d["raw"].empty()) d.erase("raw");
  std::string date = h.get(row, "DATE");
  if (auto ts = li_time(date)) set_time(r, *ts);
  else if (!date.empty()) t.log.warn(t.where(), "unreadable date \"" + date + "\" in column \"DATE\"");
  if (!date.empty() && !r.time) d["raw"]["date"] = date;
  if (!d.contains("thread_id") && !d.contains("text") && !d.contains("from"))
    return t.skip("message without a conversation, sender or content");
  // dump_compact writes what dump() does (the strings were repaired to valid UTF-8 as they came).
  std::string key = d.value("thread_id", "") + "|" + date + "|" + dump_compact(from) + "|" + sha256_hex(content);
  // Without a conversation id (the 2018 layout), the thread is told by its recipients and subject.
  if (!d.contains("thread_id")) key += "|" + dump_compact(d.value("to", json::array())) + "|" + d.value("subject", "");
  r.id_key = t.unique(service + ":" + key);  // the sink makes the id from it (Record::id_key)
  t.add(std::move(r));
}

// Ad_Targeting.csv: one row, many columns, some headers repeated ("Company Names" x3, "Job Titles"
// x3); each column holds values separated by "; ". One inference per distinct (column, value).
void ad_targeting_row(const CsvHeader& h, const Row& row, CsvRows& t) {
  for (size_t i = 0; i < row.size() && i < h.names().size(); ++i) {
    std::string category(trim(strip_bom(h.names()[i])));
    for (const std::string& value : split_trim(row[i], ';')) {
      std::string key = "ad_targeting:" + lower(category) + "|" + value;
      if (t.met(key) > 1) continue;  // repeated columns often repeat their values
      Record r = make_record("inference", platform, key, t.entry.path, t.pointer());
      r.data["category"] = category.empty() ? "column " + std::to_string(i + 1) : category;
      put(r.data, "value", value);
      r.data["description"] = "ad targeting";
      t.add(std::move(r));
    }
  }
}

// ---- the profile: several files, one record --------------------------------------------------

namespace {

void add_unique(json& arr, const json& item, const char* by) {
  for (const json& x : arr)
    if (x.value(by, "") == item.value(by, "")) return;
  arr.push_back(item);
}

// "[PERSONAL:https://x.org,COMPANY:https://y.com]" -> urls; "[SKYPE:ana]" -> {service, username}.
std::vector<std::pair<std::string, std::string>> bracket_list(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& item : split_trim(s, ',')) {
    size_t colon = item.find(':');
    bool typed = colon != std::string::npos && colon > 0 && item.compare(colon, 3, "://") != 0;
    for (size_t i = 0; typed && i < colon; ++i) typed = std::isupper(static_cast<unsigned char>(item[i])) || item[i] == '_';
    if (typed) out.emplace_back(lower(item.substr(0, colon)), std::string(trim(item.substr(colon + 1))));
    else out.emplace_back("", item);
  }
  return out;
}

}  // namespace

void profile_row(State& st, const std::string& file, const CsvHeader& h, const Row& row, CsvRows& t) {
  json& p = st.profile;
  std::set<std::string> used;
  auto get = [&](std::string_view name) {
    used.insert(lower(name));
    return h.get(row, name);
  };
  auto date = [&](std::string_view name, const char* target) {
    std::string v = get(name);
    if (no_value(v)) return;
    if (auto ts = li_time(v)) p[target] = format_iso_precision(*ts);
    else p["raw"][snake_case(name)] = v;
  };
  if (st.profile_path.empty() || file == "profile") {
    st.profile_path = t.entry.path;
    st.profile_pointer = t.pointer();
  }
  if (file == "profile") {
    put(p, "first_name", get("First Name"));
    put(p, "last_name", get("Last Name"));
    complete_person(p);
    put(p, "maiden_name", get("Maiden Name"));
    put(p, "address", get("Address"));
    put(p, "headline", get("Headline"));
    put(p, "summary", get("Summary"));
    put(p, "industry", get("Industry"));
    put(p, "postal_code", get("Zip Code"));
    put(p, "location", get("Geo Location"));
    // "Dec 4": LinkedIn often has no birth year; ISO 8601 writes that "--12-04".
    std::string birth = get("Birth Date");
    if (auto ts = li_time(birth)) p["birthday"] = format_iso_precision(*ts);
    else if (auto md = parse_time(birth + " 2000", "%b %d %Y")) p["birthday"] = "--" + format_iso_precision(*md).substr(5);
    else put(p["raw"], "birth_date", birth);
    for (const auto& site : bracket_list(get("Websites"))) p["websites"].push_back(site.second);
    for (const auto& tw : bracket_list(get("Twitter Handles")))
      p["handles"].push_back({{"service", "twitter"}, {"username", tw.second}});
    for (const auto& im : bracket_list(get("Instant Messengers")))
      p["handles"].push_back({{"service", im.first.empty() ? "im" : im.first}, {"username", im.second}});
  } else if (file == "emailaddresses") {
    json e = json::object();
    put(e, "address", get("Email Address"));
    if (!e.contains("address")) return t.skip("email row without an address");
    e["primary"] = yes(get("Primary"));
    e["confirmed"] = yes(get("Confirmed"));
    std::string up = get("Updated On");
    if (auto ts = no_value(up) ? std::nullopt : li_time(up)) e["updated"] = format_iso_precision(*ts);
    add_unique(p["emails"], e, "address");
  } else if (file == "phonenumbers" || file == "whatsappphonenumbers") {
    json ph = json::object();
    put(ph, "number", get("Number"));
    if (!ph.contains("number")) return t.skip("phone row without a number");
    put(ph, "type", lower(get("Type")));
    put(ph, "extension", get("Extension"));
    if (file == "whatsappphonenumbers" && yes(get("Is_WhatsApp_Number"))) ph["type"] = "whatsapp";
    add_unique(p["phones"], ph, "number");
  } else if (file == "registration") {
    date("Registered At", "registered_at");
    put(p, "registration_ip", get("Registration Ip"));
  } else if (file == "profilesummary") {
    std::string s = get("Profile Summary");
    if (!p.contains("summary")) put(p, "summary", s);
    else if (p["summary"] != s) put(p["raw"], "profile_summary", s);
  } else if (file == "causesyoucareabout") {
    for (size_t i = 0; i < row.size(); ++i)
      if (!trim(row[i]).empty()) p["raw"]["causes_you_care_about"].push_back(std::string(trim(row[i])));
    used.insert("*");
  } else if (file == "jobseekerpreferences") {
    for (size_t i = 0; i < row.size() && i < h.names().size(); ++i)
      if (!trim(row[i]).empty()) p["raw"]["job_seeker_preferences"][snake_case(h.names()[i])] = std::string(trim(row[i]));
    used.insert("*");
  }
  for (size_t i = 0; !used.count("*") && i < row.size() && i < h.names().size(); ++i)
    if (!used.count(lower(trim(strip_bom(h.names()[i])))) && !trim(row[i]).empty())
      p["raw"][snake_case(h.names()[i])] = repair_utf8(trim(row[i]));
  ++t.records;
}

void emit_profile(ImportContext& c) {
  State& s = c.state<State>();
  if (s.profile.empty()) return;
  Record r = make_record("profile", platform, "self", s.profile_path, s.profile_pointer);
  r.data = s.profile;
  if (r.data.contains("raw") && r.data["raw"].empty()) r.data.erase("raw");
  if (r.data.contains("registered_at"))
    if (auto at = parse_iso8601(r.data["registered_at"].get<std::string>())) set_time(r, *at);
  c.out.add(std::move(r));
}

// ---- Articles/Articles/*.html ---------------------------------------------------------------

// LinkedIn writes "Created on 2024-03-01 10:00" / "Published on ..." lines under the title.
namespace {

std::optional<Timestamp> article_date(const std::string& text, std::string_view label) {
  size_t p = text.find(label);
  if (p == std::string::npos) return std::nullopt;
  std::string rest = text.substr(p + label.size(), 19);
  for (size_t n = rest.size(); n >= 4; --n)
    if (auto ts = parse_iso8601(rest.substr(0, n))) return ts;
  return std::nullopt;
}

}  // namespace

Verdict read_article(ImportContext& c, const Entry& e) {
  ++c.state<State>().claimed;
  std::string html = c.in.read(e);
  std::string text = html_to_text(html);
  if (trim(text).empty()) {
    c.log.partial(c.in.where(e), "article has no text");
    return {Fate::failed, "no text"};
  }
  Record r = make_record("post", platform, "article:" + std::string(basename(e.path)), e.path, "");
  r.data["type"] = "article";
  put(r.data, "title", html_title(html));
  put(r.data, "text", text);
  r.data["html"] = repair_utf8(html);
  size_t a = html.find("href=\"https://www.linkedin.com/pulse/");
  if (a != std::string::npos) put(r.data, "url", html.substr(a + 6, html.find('"', a + 6) - a - 6));
  auto published = article_date(text, "Published on ");
  auto created = article_date(text, "Created on ");
  if (published || created) set_time(r, published ? *published : *created);
  if (created) r.data["raw"]["created_on"] = format_iso_precision(*created);
  c.out.add(std::move(r));
  return {Fate::parsed, "1 article"};
}

}  // namespace dataport::linkedin
