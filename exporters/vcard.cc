// vCard (RFC 2426 3.0 by default, the version Google, Apple and Outlook import; RFC 6350 4.0 with
// --vcard-version 4): the people the person knows, merged across platforms.
// [x] which contacts: by default the relations of people one knows (address_book, contact,
//     connection, friend, close_friend, family) and mutual follows (an account that is both a
//     follower and followed); --relation chooses others. Placeholders ("LinkedIn Member") and
//     accounts known only by a profile URL are not cards (reported)
// [x] contact -> one card per person; cards merge when they share an email, a phone or a profile
//     URL (never on the name alone)
// [x] structure kept: N with middle name, honorific prefix and suffix; ORG with its units
//     (company + departments); ADR components and types per address; TEL and EMAIL types;
//     CATEGORIES; NICKNAME; title, note, profile URLs, birthday
// [x] provenance in X-DATAPORT-SOURCE (platform and relation) and X-DATAPORT-ACCOUNT (usernames),
//     never in the person's NOTE
// [x] photos from the media store (data.avatar / data.photo / data.media), inlined as base64
// [x] -o FILE (one contacts.vcf), or --split: -o DIR with one .vcf per contact (Outlook reads one)

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_set>

#include "exporters/common.h"
#include "lib/base.h"
#include "exporters/output.h"
#include "lib/error.h"
#include "lib/media.h"
#include "lib/text.h"

namespace dataport {
namespace {

// The relations of people the person knows: the default of --relation.
const std::set<std::string> known_relations = {"address_book", "contact", "connection", "friend", "close_friend", "family"};
// Names a platform writes for an account it will not name (LinkedIn's Connections.csv).
bool placeholder_name(const std::string& n) { return n == "LinkedIn Member"; }

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

struct Typed {
  std::string value, types;  // types: lower case, comma-separated ("work,fax")
};

struct Card {
  std::vector<std::string> names, nicknames, urls, titles, notes, sources, accounts, categories;
  std::string first, last, middle, prefix, suffix, birthday, address, photo_sha, photo_mime;
  std::vector<std::string> org;  // company, then its units
  std::vector<Typed> emails, phones;
  std::vector<json> addresses;   // {type, po_box, extended, street, locality, region, postal_code, country}

  /// True the first time `value` comes for the list named by `list` (one letter). Thousands of
  /// records can merge into one card (a phone number they share), and comparing each value with
  /// every one kept took the square of their number: 6.5 s for 40,000.
  bool first_time(char list, std::string_view value) {
    std::string key(1, list);
    key += value;
    return held_.insert(std::move(key)).second;
  }
  /// Appends a non-empty value to one of the lists above unless that list holds it already.
  void add(std::vector<std::string>& v, char list, const std::string& s) {
    if (!s.empty() && first_time(list, s)) v.push_back(s);
  }

 private:
  std::unordered_set<std::string> held_;
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

// Emails or phones with their types: data.emails[{address,type}] / data.phones[{number,type}], or a bare data.email.
std::vector<Typed> typed_of(const json& d, const char* list, const char* inner, const char* single) {
  std::vector<Typed> out;
  auto add = [&](const std::string& v, const std::string& t) {
    if (trim(v).empty()) return;
    for (const Typed& x : out)
      if (x.value == trim(v)) return;
    out.push_back({std::string(trim(v)), lower(t)});
  };
  if (d.contains(list) && d[list].is_array())
    for (const json& x : d[list]) x.is_string() ? add(x.get<std::string>(), "") : add(field(x, inner), field(x, "type"));
  add(field(d, single), "");
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

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& ch : out)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  return out;
}

// The non-empty parts joined by spaces.
std::string words(const std::vector<std::string>& parts) {
  std::vector<std::string> w;
  for (const std::string& p : parts)
    if (!trim(p).empty()) w.push_back(std::string(trim(p)));
  return join(w, " ");
}

// ";TYPE=WORK,FAX" (3.0) or ";TYPE=work,fax" (4.0) from lower-case types; `extra` first (INTERNET).
std::string type_param(const std::string& types, bool v4, const std::string& extra = "") {
  std::vector<std::string> t;
  if (!extra.empty()) t.push_back(extra);
  for (const std::string& x : split(types, ','))
    if (!trim(x).empty()) t.push_back(v4 ? lower(trim(x)) : upper(trim(x)));
  return t.empty() ? "" : ";TYPE=" + join(t, ",");
}

std::string render(const Card& c, bool v4, const std::string& photo) {
  std::string out;
  auto line = [&](const std::string& l) { out += fold_line(l); };
  line("BEGIN:VCARD");
  line(v4 ? "VERSION:4.0" : "VERSION:3.0");
  std::string fn = !c.names.empty() ? c.names[0] : "";
  std::string first = c.first, last = c.last;
  if (fn.empty()) fn = words({c.prefix, first, c.middle, last, c.suffix});
  if (fn.empty() && !c.emails.empty()) fn = c.emails[0].value;
  if (fn.empty() && !c.phones.empty()) fn = c.phones[0].value;
  if (fn.empty()) fn = "Unnamed contact";  // FN is required in 3.0 and 4.0
  if (first.empty() && last.empty() && c.middle.empty()) first = fn;  // 3.0 requires N; the display name as the given name
  line("N:" + escape_text(last) + ";" + escape_text(first) + ";" + escape_text(c.middle) + ";" + escape_text(c.prefix) + ";" +
       escape_text(c.suffix));
  line("FN:" + escape_text(fn));
  std::vector<std::string> nick = c.nicknames;
  std::unordered_set<std::string_view> in_nick(c.nicknames.begin(), c.nicknames.end());
  for (size_t i = 1; i < c.names.size(); ++i)
    if (in_nick.insert(c.names[i]).second) nick.push_back(c.names[i]);
  for (const std::string& n : nick) line("NICKNAME:" + escape_text(n));
  for (size_t i = 0; i < c.emails.size(); ++i) {
    std::string t = type_param(c.emails[i].types, v4, v4 ? "" : "INTERNET");
    if (i == 0) t += v4 ? ";PREF=1" : (t.empty() ? ";TYPE=pref" : ",pref");
    line("EMAIL" + t + ":" + escape_text(c.emails[i].value));
  }
  for (const Typed& p : c.phones)
    line(v4 ? "TEL;VALUE=uri" + type_param(p.types, true) + ":tel:" + replace_all(p.value, " ", "-")
            : "TEL" + type_param(p.types, false) + ":" + escape_text(p.value));
  if (!c.org.empty()) {
    std::vector<std::string> units;
    for (const std::string& u : c.org) units.push_back(escape_text(u));
    line("ORG:" + join(units, ";"));
  }
  if (!c.titles.empty()) line("TITLE:" + escape_text(c.titles[0]));
  for (const std::string& u : c.urls) line("URL:" + u);
  if (!c.birthday.empty()) line("BDAY:" + c.birthday);
  for (const json& a : c.addresses) {
    std::vector<std::string> parts;
    for (const char* k : {"po_box", "extended", "street", "locality", "region", "postal_code", "country"}) parts.push_back(escape_text(field(a, k)));
    line("ADR" + type_param(field(a, "type"), v4) + ":" + join(parts, ";"));
  }
  if (c.addresses.empty() && !c.address.empty()) line("ADR:;;" + escape_text(c.address) + ";;;;");  // only a one-line address is known
  if (!c.categories.empty()) {
    std::vector<std::string> cats;
    for (const std::string& x : c.categories) cats.push_back(escape_text(x));
    line("CATEGORIES:" + join(cats, ","));
  }
  if (!c.notes.empty()) line("NOTE:" + escape_text(join(c.notes, "\n")));
  if (!photo.empty()) {
    std::string type = c.photo_mime.size() > 6 ? lower(c.photo_mime.substr(6)) : "jpeg";
    if (v4) line("PHOTO:data:" + c.photo_mime + ";base64," + base64_encode(photo));
    else line("PHOTO;ENCODING=b;TYPE=" + std::string(type == "jpeg" ? "JPEG" : type == "png" ? "PNG" : type == "gif" ? "GIF" : type) + ":" + base64_encode(photo));
  }
  // Where the card came from, for the person and for a later merge; not part of their notes.
  for (const std::string& a : c.accounts) line("X-DATAPORT-ACCOUNT:" + escape_text(a));
  line("X-DATAPORT-SOURCE:" + escape_text(join(c.sources, ", ")));
  line("END:VCARD");
  return out;
}

// The people key of a follow: profile URL, else platform + username.
std::string follow_key(const Record& r) {
  std::string k = url_key(field(r.data, "url"));
  if (!k.empty()) return k;
  std::string u = lower(field(r.data, "username"));
  return u.empty() ? "" : r.platform + ":" + (u[0] == '@' ? u.substr(1) : u);
}

// The contacts --relation chooses (by default the known relations and mutual follows) that name
// a person or give a way to reach them; the rest are reported.
std::vector<Record> chosen_contacts(std::vector<Record> every, const ExportOptions& opt, Report& rep) {
  std::set<std::string> wanted;
  for (const std::string& x : split(opt.param("relation"), ','))
    if (!trim(x).empty()) wanted.insert(lower(trim(x)));
  bool all = wanted.count("all") > 0, by_default = wanted.empty();
  if (by_default) wanted = known_relations;
  // Mutual follows: followed accounts that also follow the person, on the same platform.
  std::set<std::string> followers, followed;
  for (const Record& r : every) {
    std::string rel = field(r.data, "relation"), k = follow_key(r);
    if (k.empty()) continue;
    if (rel == "follower") followers.insert(k);
    if (rel == "following") followed.insert(k);
  }
  std::vector<Record> recs;
  for (Record& r : every) {
    std::string rel = field(r.data, "relation");
    bool mutual = (rel == "follower" || rel == "following") && followers.count(follow_key(r)) && followed.count(follow_key(r));
    if (!(all || wanted.count(rel) || (by_default && mutual))) {
      rep.dropped("contacts with relation " + (rel.empty() ? std::string("(none)") : rel) + " (not chosen; see --relation)");
      continue;
    }
    const json& d = r.data;
    bool named = !person_name(d).empty() && !placeholder_name(person_name(d));
    if (!named && typed_of(d, "emails", "address", "email").empty() && typed_of(d, "phones", "number", "phone").empty()) {
      rep.dropped(placeholder_name(person_name(d)) ? "placeholder contacts without a name (" + person_name(d) + ")"
                                                    : "accounts known only by a profile URL or id");
      continue;
    }
    recs.push_back(std::move(r));
  }
  return recs;
}

// The records of one person: union-find over shared email, phone and URL keys; each record's
// group is find_root(parent, i).
std::vector<int> group_people(const std::vector<Record>& recs) {
  std::vector<int> parent(recs.size());
  std::iota(parent.begin(), parent.end(), 0);
  std::map<std::string, int> owner;
  for (size_t i = 0; i < recs.size(); ++i) {
    const json& d = recs[i].data;
    std::vector<std::string> keys;
    for (const Typed& e : typed_of(d, "emails", "address", "email")) keys.push_back(email_key(e.value));
    for (const Typed& p : typed_of(d, "phones", "number", "phone")) keys.push_back(phone_key(p.value));
    for (const std::string& u : strings_of(d, "urls", "url", "url")) keys.push_back(url_key(u));
    for (const std::string& k : keys) {
      if (k.empty()) continue;
      auto [it, fresh] = owner.emplace(k, static_cast<int>(i));
      if (!fresh) parent[find_root(parent, static_cast<int>(i))] = find_root(parent, it->second);
    }
  }
  return parent;
}

// Adds what one contact record knows to the card of its person, never repeating a value.
void merge_into(Card& c, const Record& r) {
  const json& d = r.data;
  if (!placeholder_name(field(d, "name"))) c.add(c.names, 'n', field(d, "name"));
  c.add(c.nicknames, 'k', field(d, "nickname"));
  // The parts of the name come from one record: the first that has any.
  if (c.first.empty() && c.last.empty() && !placeholder_name(field(d, "first_name"))) {
    c.first = field(d, "first_name"), c.last = field(d, "last_name"), c.middle = field(d, "middle_name");
    c.prefix = field(d, "name_prefix"), c.suffix = field(d, "name_suffix");
  }
  for (const Typed& e : typed_of(d, "emails", "address", "email"))  // one address whatever its case
    if (e.value.find('@') != std::string::npos && c.first_time('e', lower(e.value))) c.emails.push_back(e);
  for (const Typed& p : typed_of(d, "phones", "number", "phone"))
    if (c.first_time('p', p.value)) c.phones.push_back(p);
  for (const std::string& u : strings_of(d, "urls", "url", "url"))
    if (u.find("://") != std::string::npos) c.add(c.urls, 'u', u);
  if (c.org.empty() && !field(d, "company").empty()) {
    c.org.push_back(field(d, "company"));
    if (d.contains("departments") && d["departments"].is_array())
      for (const json& u : d["departments"])
        if (u.is_string()) c.org.push_back(u.get<std::string>());
  }
  c.add(c.titles, 't', field(d, "title"));
  c.add(c.notes, 'o', field(d, "note"));
  if (d.contains("categories") && d["categories"].is_array())
    for (const json& x : d["categories"])
      if (x.is_string()) c.add(c.categories, 'c', x.get<std::string>());
  std::string user = field(d, "username");
  if (!user.empty() && c.names.empty() && person_name(d) == user) c.add(c.names, 'n', user);
  if (!user.empty()) c.add(c.accounts, 's', r.platform + ":" + user);
  c.add(c.sources, 'r', r.platform + " " + field(d, "relation"));
  if (c.birthday.empty()) c.birthday = short_date(field(d, "birthday"));
  if (d.contains("addresses") && d["addresses"].is_array())
    for (const json& a : d["addresses"])
      if (a.is_object() && c.first_time('a', a.dump())) c.addresses.push_back(a);
  if (c.address.empty()) c.address = field(d, "address");
  if (c.photo_sha.empty()) std::tie(c.photo_sha, c.photo_mime) = photo_of(d);
}

// Every card rendered and handed to `out` with a file name of its own (the person's name,
// numbered when taken), one at a time: with their photos, all the cards at once took 1.8 GB for 8k.
void render_cards(const std::map<int, Card>& cards, const std::vector<Record>& recs, bool v4, Store& store, Report& rep,
                  const std::function<void(const std::string& name, const std::string& card)>& out) {
  MediaStore media(store.media_dir());
  std::set<std::string> names;
  std::map<std::string, int> next_number;  // a name -> the first number not yet tried for it
  for (const auto& [first, c] : cards) {
    std::string photo;
    if (!c.photo_sha.empty()) {
      photo = slurp(media.path_of(c.photo_sha));
      if (photo.empty()) rep.dropped("photos missing from the media store");
      else rep.wrote("photos");
    }
    std::string card = render(c, v4, photo);
    std::string base = safe_component(c.names.empty() ? recs[static_cast<size_t>(first)].id : c.names[0], "contact");
    std::string name = base + ".vcf";
    if (!names.insert(name).second) {
      // From the first number not yet tried for this name (those tried are taken for good): m
      // cards of one name ("Facebook User") cost m tries, not m x m.
      int& n = next_number[base];
      for (n = std::max(n, 2);; ++n)
        if (names.insert(name = base + "-" + std::to_string(n) + ".vcf").second) break;
      ++n;
    }
    out(name, card);
    rep.wrote("contacts");
  }
}

}  // namespace

void export_vcard(Store& store, const ExportOptions& opt, Log& log) {
  Report rep;
  std::string version = opt.param("vcard-version", "3");
  if (version != "3" && version != "4" && version != "3.0" && version != "4.0")
    throw Error("--vcard-version", "must be 3 or 4, not '" + version + "'");
  bool v4 = version[0] == '4';
  std::vector<Record> recs = chosen_contacts(load_kinds(store, opt, {"contact"}), opt, rep);
  std::vector<int> parent = group_people(recs);
  std::map<int, Card> cards;  // by the first record of the group, so the order follows the store
  std::map<int, int> first_of;
  for (size_t i = 0; i < recs.size(); ++i) {
    int root = find_root(parent, static_cast<int>(i));
    if (!first_of.count(root)) first_of[root] = static_cast<int>(i);
    merge_into(cards[first_of[root]], recs[i]);
  }
  if (recs.size() > cards.size())
    rep.dropped("contact records merged into a card of the same person (shared email, phone or profile URL)",
                static_cast<int64_t>(recs.size() - cards.size()));
  if (!opt.param("split").empty()) {
    AtomicDir dir(opt.output);
    render_cards(cards, recs, v4, store, rep, [&](const std::string& name, const std::string& card) {
      std::ofstream f(dir.file(name), std::ios::binary);
      f << card;
      if (!f) throw Error(opt.output + "/" + name, "write failed");
    });
    dir.commit();
  } else {
    AtomicFile out(opt.output, opt.force);
    render_cards(cards, recs, v4, store, rep, [&](const std::string&, const std::string& card) { out.write(card); });
    out.commit();
  }
  rep.print(log, "vcard", opt.output);
}

}  // namespace dataport
