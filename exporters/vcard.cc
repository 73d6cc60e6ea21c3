// vCard (RFC 2426 3.0 by default, the version Google, Apple and Outlook import; RFC 6350 4.0 with
// --vcard-version 4): the people in the person's contact lists, merged across platforms.
// [x] contact -> one card per person; cards merge when they share an email, a phone or a profile
//     URL (never on the name alone)
// [x] name, first/last name, emails, phones, company, title, note, profile URLs, birthday, address
// [x] photos from the media store (data.avatar / data.photo / data.media), inlined as base64
// [x] -o FILE (one contacts.vcf), or --split: -o DIR with one .vcf per contact (Outlook reads one)
// [ ] blocked, muted and blocked-domain entries: not people to keep in an address book

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>
#include <sstream>

#include "exporters/common.h"
#include "exporters/output.h"
#include "lib/error.h"
#include "lib/media.h"
#include "lib/text.h"

namespace dataport {
namespace {

bool left_out(const std::string& relation) {
  return relation == "blocked" || relation == "muted" || relation == "blocked_domain";
}

// The keys two cards of the same person share.
std::string email_key(std::string_view e) { return "e:" + lower(trim(e)); }
std::string phone_key(std::string_view p) {
  std::string digits;
  for (char c : p)
    if (c >= '0' && c <= '9') digits += c;
  return digits.size() >= 6 ? "p:" + digits : "";
}
// https://www.linkedin.com/in/x/ and http://linkedin.com/in/x are the same profile.
std::string url_key(std::string_view u) {
  std::string s = lower(trim(u));
  for (const char* pre : {"https://", "http://"})
    if (s.rfind(pre, 0) == 0) s = s.substr(std::string_view(pre).size());
  if (s.rfind("www.", 0) == 0) s = s.substr(4);
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s.find('/') == std::string::npos ? "" : "u:" + s;  // a bare domain is not a person
}

struct Card {
  std::vector<std::string> names, first, last, emails, phones, urls, orgs, titles, notes, sources;
  std::string birthday, address, photo_sha, photo_mime;
};

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

std::vector<std::string> strings_of(const json& d, const char* list, const char* inner, const char* single) {
  std::vector<std::string> out;
  if (d.contains(list) && d[list].is_array())
    for (const json& x : d[list]) add_unique(out, x.is_string() ? x.get<std::string>() : field(x, inner));
  add_unique(out, field(d, single));
  return out;
}

// A photo in the media store: data.avatar / data.photo ({sha256, mime}) or the first image of data.media.
std::pair<std::string, std::string> photo_of(const json& d) {
  for (const char* k : {"avatar", "photo"})
    if (d.contains(k) && d[k].is_object() && !field(d[k], "sha256").empty()) return {field(d[k], "sha256"), field(d[k], "mime")};
  if (d.contains("media") && d["media"].is_array())
    for (const json& m : d["media"])
      if (field(m, "mime").rfind("image/", 0) == 0 && !field(m, "sha256").empty()) return {field(m, "sha256"), field(m, "mime")};
  return {};
}

int find_root(std::vector<int>& parent, int i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return "";
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string render(const Card& c, bool v4, const std::string& photo) {
  std::string out;
  auto line = [&](const std::string& l) { out += fold_line(l); };
  line("BEGIN:VCARD");
  line(v4 ? "VERSION:4.0" : "VERSION:3.0");
  std::string fn = !c.names.empty() ? c.names[0] : "";
  std::string first = c.first.empty() ? "" : c.first[0], last = c.last.empty() ? "" : c.last[0];
  if (fn.empty()) fn = std::string(trim(first + " " + last));
  if (fn.empty() && !c.emails.empty()) fn = c.emails[0];
  if (fn.empty() && !c.urls.empty()) fn = c.urls[0];
  if (fn.empty() && !c.phones.empty()) fn = c.phones[0];
  if (fn.empty()) fn = "Unnamed contact";  // FN is required in 3.0 and 4.0
  if (first.empty() && last.empty()) {
    // Without a split name, N carries the display name as the given name (3.0 requires N).
    first = fn;
  }
  line("N:" + escape_text(last) + ";" + escape_text(first) + ";;;");
  line("FN:" + escape_text(fn));
  for (size_t i = 1; i < c.names.size(); ++i) line("NICKNAME:" + escape_text(c.names[i]));
  for (size_t i = 0; i < c.emails.size(); ++i)
    line(std::string(v4 ? "EMAIL" : "EMAIL;TYPE=INTERNET") + (i == 0 ? (v4 ? ";PREF=1" : ",pref") : "") + ":" + escape_text(c.emails[i]));
  for (const std::string& p : c.phones)
    line(v4 ? "TEL;VALUE=uri:tel:" + replace_all(p, " ", "-") : "TEL;TYPE=VOICE:" + escape_text(p));
  if (!c.orgs.empty()) line("ORG:" + escape_text(c.orgs[0]));
  if (!c.titles.empty()) line("TITLE:" + escape_text(c.titles[0]));
  for (const std::string& u : c.urls) line("URL:" + u);
  if (!c.birthday.empty()) line("BDAY:" + c.birthday);
  if (!c.address.empty()) line("ADR:;;" + escape_text(c.address) + ";;;;");
  std::vector<std::string> notes = c.notes;
  notes.push_back("From: " + join(c.sources, ", "));
  line("NOTE:" + escape_text(join(notes, "\n")));
  if (!photo.empty()) {
    std::string type = c.photo_mime.size() > 6 ? lower(c.photo_mime.substr(6)) : "jpeg";
    if (v4) line("PHOTO:data:" + c.photo_mime + ";base64," + base64(photo));
    else line("PHOTO;ENCODING=b;TYPE=" + std::string(type == "jpeg" ? "JPEG" : type == "png" ? "PNG" : type == "gif" ? "GIF" : type) + ":" + base64(photo));
  }
  line("END:VCARD");
  return out;
}

}  // namespace

void export_vcard(Store& store, const ExportOptions& opt, Log& log) {
  Report rep;
  std::string version = opt.param("vcard-version", "3");
  if (version != "3" && version != "4" && version != "3.0" && version != "4.0")
    throw Error("--vcard-version", "must be 3 or 4, not '" + version + "'");
  bool v4 = version[0] == '4';
  std::vector<Record> all = load_kinds(store, opt, {"contact"});
  std::vector<Record> recs;
  for (Record& r : all) {
    std::string rel = field(r.data, "relation");
    if (left_out(rel)) rep.dropped("contacts with relation " + rel + " (not address-book entries)");
    else recs.push_back(std::move(r));
  }
  // Union-find over shared keys.
  std::vector<int> parent(recs.size());
  std::iota(parent.begin(), parent.end(), 0);
  std::map<std::string, int> owner;
  for (size_t i = 0; i < recs.size(); ++i) {
    const json& d = recs[i].data;
    std::vector<std::string> keys;
    for (const std::string& e : strings_of(d, "emails", "address", "email")) keys.push_back(email_key(e));
    for (const std::string& p : strings_of(d, "phones", "number", "phone")) keys.push_back(phone_key(p));
    for (const std::string& u : strings_of(d, "urls", "url", "url")) keys.push_back(url_key(u));
    for (const std::string& k : keys) {
      if (k.empty()) continue;
      auto [it, fresh] = owner.emplace(k, static_cast<int>(i));
      if (!fresh) parent[find_root(parent, static_cast<int>(i))] = find_root(parent, it->second);
    }
  }
  std::map<int, Card> cards;  // by the first record of the group, so the order follows the store
  std::map<int, int> first_of;
  for (size_t i = 0; i < recs.size(); ++i) {
    int root = find_root(parent, static_cast<int>(i));
    if (!first_of.count(root)) first_of[root] = static_cast<int>(i);
    Card& c = cards[first_of[root]];
    const json& d = recs[i].data;
    add_unique(c.names, field(d, "name"));
    add_unique(c.first, field(d, "first_name"));
    add_unique(c.last, field(d, "last_name"));
    for (const std::string& e : strings_of(d, "emails", "address", "email")) {
      bool known = false;
      for (const std::string& k : c.emails) known = known || iequals(k, trim(e));
      if (e.find('@') != std::string::npos && !known) c.emails.push_back(std::string(trim(e)));
    }
    for (const std::string& p : strings_of(d, "phones", "number", "phone")) add_unique(c.phones, std::string(trim(p)));
    for (const std::string& u : strings_of(d, "urls", "url", "url"))
      if (u.find("://") != std::string::npos) add_unique(c.urls, u);
    add_unique(c.orgs, field(d, "company"));
    add_unique(c.titles, field(d, "title"));
    add_unique(c.notes, field(d, "note"));
    std::string user = field(d, "username");
    if (!user.empty() && c.names.empty()) add_unique(c.names, user);
    else if (!user.empty()) add_unique(c.notes, recs[i].platform + ": " + user);
    add_unique(c.sources, recs[i].platform + " " + field(d, "relation"));
    if (c.birthday.empty()) c.birthday = short_date(field(d, "birthday"));
    if (c.address.empty()) c.address = field(d, "address");
    if (c.photo_sha.empty()) std::tie(c.photo_sha, c.photo_mime) = photo_of(d);
  }
  if (recs.size() > cards.size())
    rep.dropped("contact records merged into a card of the same person (shared email, phone or profile URL)",
                static_cast<int64_t>(recs.size() - cards.size()));
  MediaStore media(store.media_dir());
  std::vector<std::pair<std::string, std::string>> rendered;  // file name, card
  std::set<std::string> names;
  for (auto& [first, c] : cards) {
    std::string photo;
    if (!c.photo_sha.empty()) {
      photo = slurp(media.path_of(c.photo_sha));
      if (photo.empty()) rep.dropped("photos missing from the media store");
      else rep.wrote("photos");
    }
    std::string card = render(c, v4, photo);
    std::string base = safe_component(c.names.empty() ? recs[static_cast<size_t>(first)].id : c.names[0], "contact");
    std::string name = base + ".vcf";
    for (int n = 2; !names.insert(name).second; ++n) name = base + "-" + std::to_string(n) + ".vcf";
    rendered.emplace_back(name, std::move(card));
    rep.wrote("contacts");
  }
  if (!opt.param("split").empty()) {
    AtomicDir dir(opt.output);
    for (const auto& [name, card] : rendered) {
      std::ofstream f(dir.file(name), std::ios::binary);
      f << card;
      if (!f) throw Error(opt.output + "/" + name, "write failed");
    }
    dir.commit();
  } else {
    AtomicFile out(opt.output, opt.force);
    for (const auto& [name, card] : rendered) out.write(card);
    out.commit();
  }
  rep.print(log, "vcard", opt.output);
}

}  // namespace dataport
