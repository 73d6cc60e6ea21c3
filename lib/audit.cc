// The figures of `dataport audit`. Every section is one or two GROUP BY queries over `records`
// (the kind index narrows each to its kind; volume is a single scan), so memory grows with the
// number of distinct values shown (platforms, months, advertisers, places), not with records.
// The people section is the exception: it reads contacts one by one to match them.

#include "lib/audit.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "lib/terms.h"
#include "lib/text.h"

namespace dataport {

namespace {

std::string str(const json& v) { return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump(); }
int64_t num(const json& v) { return v.is_number() ? v.get<int64_t>() : 0; }

// Keeps the earlier (first) or later (last) of two RFC 3339 UTC times; null never wins.
void widen(json& first, json& last, const json& lo, const json& hi) {
  if (lo.is_string() && (!first.is_string() || lo.get<std::string>() < first.get<std::string>())) first = lo;
  if (hi.is_string() && (!last.is_string() || hi.get<std::string>() > last.get<std::string>())) last = hi;
}

json volume(Store& store, json& timeline) {
  // One pass over the records: counts per platform, kind and month, with the span of each group.
  struct Platform {
    json first, last;
    int64_t total = 0, undated = 0;
    std::map<std::string, int64_t> by_kind, by_year;
    std::map<std::pair<std::string, std::string>, int64_t> kind_year;
  };
  std::map<std::string, Platform> platforms;
  std::map<std::pair<std::string, std::string>, int64_t> months;
  store.select(
      "SELECT platform, kind, substr(time, 1, 7), count(*), min(time), max(time) FROM records "
      "GROUP BY platform, kind, substr(time, 1, 7)",
      {}, [&](const Row& r) {
        Platform& p = platforms[str(r.values[0])];
        std::string kind = str(r.values[1]);
        int64_t n = num(r.values[3]);
        p.total += n;
        p.by_kind[kind] += n;
        if (!r.values[2].is_string()) {
          p.undated += n;
          return;
        }
        std::string month = str(r.values[2]), year = month.substr(0, 4);
        p.by_year[year] += n;
        p.kind_year[{kind, year}] += n;
        months[{str(r.values[0]), month}] += n;
        widen(p.first, p.last, r.values[4], r.values[5]);
      });
  json out = json::array();
  for (auto& [name, p] : platforms) {
    json kinds_by_year = json::array();
    for (auto& [ky, n] : p.kind_year) kinds_by_year.push_back({{"kind", ky.first}, {"year", ky.second}, {"records", n}});
    out.push_back({{"platform", name}, {"total", p.total}, {"records", p.by_kind}, {"first", p.first}, {"last", p.last},
                   {"undated", p.undated}, {"by_year", p.by_year}, {"kinds_by_year", kinds_by_year}});
  }
  timeline = json::array();
  for (auto& [pm, n] : months) timeline.push_back({{"platform", pm.first}, {"month", pm.second}, {"records", n}});
  return out;
}

json archives(Store& store) {
  json out = json::array();
  for (const ArchiveRow& a : store.archives())
    out.push_back({{"name", a.name}, {"platform", a.platform}, {"importer", a.importer}, {"sha256", a.sha256},
                   {"first_ingested", a.first_ingested}, {"last_ingested", a.last_ingested}, {"status", a.status},
                   {"records_new", a.records_new}, {"records_seen", a.records_seen}, {"files", a.files}});
  return out;
}

// A value that only says yes or no ("Affinity for Open Source": "true"): the label is the inference.
bool is_flag_value(const std::string& v) {
  std::string l = lower(v);
  return l == "true" || l == "yes" || l == "false" || l == "no" || l == "1" || l == "0";
}

void inferences(Store& store, json& items, json& sensitive) {
  items = json::array();
  sensitive = json::array();
  store.select(
      "SELECT id, platform, json_extract(data, '$.category'), json_extract(data, '$.value'), "
      "json_extract(data, '$.description'), json_extract(data, '$.raw.category'), json_extract(data, '$.disabled'), "
      "source_path, source_pointer, time FROM records WHERE kind = 'inference' "
      "ORDER BY platform, json_extract(data, '$.category'), json_extract(data, '$.value'), id",
      {}, [&](const Row& r) {
        std::string label = str(r.values[2]), value = str(r.values[3]), group = str(r.values[5]);
        if (value.empty() || is_flag_value(value)) value = value.empty() ? label : label + ": " + value;
        std::string cls = inference_class(label, group);
        // The interest's topic: a yes/no inference is about its label, others about their value.
        const Term* topic = topic_terms().match(value, "");
        json item = {{"platform", r.values[1]}, {"value", value}, {"label", label}, {"category", cls},
                     {"topic", topic ? json(topic->meaning) : json(nullptr)}, {"record", r.values[0]},
                     {"path", r.values[7]}, {"time", r.values[9]}};
        if (!group.empty()) item["group"] = group;
        if (r.values[4].is_string()) item["description"] = r.values[4];
        if (r.values[6] == json(1) || r.values[6] == json(true)) item["disabled"] = true;
        for (const Term* t : sensitive_terms().match_all(value, label)) {
          std::string where = t->on_label ? "the platform's label \"" + label + "\"" : "\"" + value + "\"";
          sensitive.push_back({{"platform", r.values[1]}, {"value", value}, {"label", label}, {"category", t->meaning},
                               {"reason", where + " contains the " + t->lang + " term \"" + t->term + "\""},
                               {"term", t->term}, {"lang", t->lang}, {"record", r.values[0]}, {"path", r.values[7]},
                               {"pointer", r.values[8]}});
        }
        items.push_back(std::move(item));
      });
}

json advertisers(Store& store) {
  struct Adv {
    std::set<std::string> relations;
    int64_t records = 0;
    json first, last;
  };
  std::map<std::pair<std::string, std::string>, Adv> all;
  store.select(
      "SELECT platform, json_extract(data, '$.name'), json_extract(data, '$.relation'), count(*), min(time), max(time) "
      "FROM records WHERE kind = 'advertiser' GROUP BY 1, 2, 3",
      {}, [&](const Row& r) {
        Adv& a = all[{str(r.values[0]), str(r.values[1])}];
        if (r.values[2].is_string()) a.relations.insert(str(r.values[2]));
        a.records += num(r.values[3]);
        widen(a.first, a.last, r.values[4], r.values[5]);
      });
  json items = json::array();
  std::map<std::string, std::pair<int64_t, int64_t>> per_platform;  // lists, interacted
  int64_t lists = 0, interacted = 0;
  for (auto& [key, a] : all) {
    bool on_list = false;
    for (const std::string& rel : a.relations) on_list = on_list || rel.find("audience") != std::string::npos || rel.find("list") != std::string::npos;
    bool other = std::any_of(a.relations.begin(), a.relations.end(), [](const std::string& rel) {
      return rel.find("audience") == std::string::npos && rel.find("list") == std::string::npos;
    });
    lists += on_list;
    interacted += other;
    per_platform[key.first].first += on_list;
    per_platform[key.first].second += other;
    items.push_back({{"platform", key.first}, {"name", key.second}, {"relations", a.relations}, {"on_list", on_list},
                     {"interacted", other}, {"records", a.records}, {"first", a.first}, {"last", a.last}});
  }
  json by_platform = json::array();
  for (auto& [p, c] : per_platform) by_platform.push_back({{"platform", p}, {"on_list", c.first}, {"interacted", c.second}});
  return {{"on_list", lists}, {"interacted", interacted}, {"by_platform", by_platform}, {"items", items}};
}

json off_platform(Store& store) {
  struct Company {
    int64_t events = 0;
    json first, last;
    std::map<std::string, int64_t> by_year, event_types;
  };
  std::map<std::pair<std::string, std::string>, Company> all;
  int64_t total = 0;
  store.select(
      "SELECT platform, json_extract(data, '$.app'), json_extract(data, '$.event'), substr(time, 1, 4), count(*), "
      "min(time), max(time) FROM records WHERE kind = 'off_platform' GROUP BY 1, 2, 3, 4",
      {}, [&](const Row& r) {
        Company& c = all[{str(r.values[0]), str(r.values[1])}];
        int64_t n = num(r.values[4]);
        c.events += n;
        total += n;
        c.by_year[r.values[3].is_string() ? str(r.values[3]) : "undated"] += n;
        c.event_types[r.values[2].is_string() ? str(r.values[2]) : "unnamed"] += n;
        widen(c.first, c.last, r.values[5], r.values[6]);
      });
  json items = json::array();
  for (auto& [key, c] : all)
    items.push_back({{"platform", key.first}, {"app", key.second}, {"events", c.events}, {"first", c.first},
                     {"last", c.last}, {"by_year", c.by_year}, {"event_types", c.event_types}});
  std::stable_sort(items.begin(), items.end(), [](const json& a, const json& b) { return a["events"].get<int64_t>() > b["events"].get<int64_t>(); });
  return {{"events", total}, {"companies", items.size()}, {"items", items}};
}

// The network an address belongs to: IPv4 /24, IPv6 /48 ("203.0.113.0/24", "2001:db8:0::/48").
std::string network_of(const std::string& ip) {
  if (ip.find(':') == std::string::npos) {
    size_t dot = ip.rfind('.');
    return dot == std::string::npos ? ip : ip.substr(0, dot) + ".0/24";
  }
  // Expand "::" enough to take the first three groups.
  std::vector<std::string> groups;
  size_t gap = ip.find("::");
  std::string head = gap == std::string::npos ? ip : ip.substr(0, gap);
  for (const std::string& g : split(head, ':'))
    if (!g.empty()) groups.push_back(lower(g));
  while (groups.size() < 3) groups.push_back("0");
  return groups[0] + ":" + groups[1] + ":" + groups[2] + "::/48";
}

// The country a login's location names, as written: its last comma-separated part ("Lyon, FR" -> "FR").
std::string country_of(const std::string& location) {
  size_t comma = location.rfind(',');
  return std::string(trim(comma == std::string::npos ? location : location.substr(comma + 1)));
}

json logins(Store& store) {
  struct Platform {
    int64_t events = 0;
    json first, last;
    std::map<std::string, int64_t> by_year, ips, networks, devices, countries;
  };
  std::map<std::string, Platform> all;
  store.select(
      "SELECT platform, json_extract(data, '$.ip'), coalesce(json_extract(data, '$.device'), json_extract(data, '$.user_agent')), "
      "json_extract(data, '$.location'), substr(time, 1, 4), count(*), min(time), max(time) "
      "FROM records WHERE kind = 'login' GROUP BY 1, 2, 3, 4, 5",
      {}, [&](const Row& r) {
        Platform& p = all[str(r.values[0])];
        int64_t n = num(r.values[5]);
        p.events += n;
        p.by_year[r.values[4].is_string() ? str(r.values[4]) : "undated"] += n;
        if (r.values[1].is_string()) {
          p.ips[str(r.values[1])] += n;
          p.networks[network_of(str(r.values[1]))] += n;
        }
        if (r.values[2].is_string()) p.devices[str(r.values[2])] += n;
        if (r.values[3].is_string() && !country_of(str(r.values[3])).empty()) p.countries[country_of(str(r.values[3]))] += n;
        widen(p.first, p.last, r.values[6], r.values[7]);
      });
  json out = json::array();
  auto top = [](const std::map<std::string, int64_t>& m) {
    json a = json::array();
    for (auto& [k, n] : m) a.push_back({{"value", k}, {"events", n}});
    std::stable_sort(a.begin(), a.end(), [](const json& x, const json& y) { return x["events"].get<int64_t>() > y["events"].get<int64_t>(); });
    return a;
  };
  for (auto& [name, p] : all)
    out.push_back({{"platform", name}, {"events", p.events}, {"first", p.first}, {"last", p.last}, {"by_year", p.by_year},
                   {"distinct_ips", p.ips.size()}, {"distinct_networks", p.networks.size()},
                   {"distinct_devices", p.devices.size()}, {"ips", top(p.ips)}, {"networks", top(p.networks)},
                   {"devices", top(p.devices)}, {"countries", top(p.countries)}});
  return out;
}

json locations(Store& store) {
  const char* coords =
      "SELECT platform, json_extract(data, '$.lat') AS lat, json_extract(data, '$.lon') AS lon FROM records WHERE kind = 'location'";
  const std::string valid = " WHERE typeof(lat) IN ('integer', 'real') AND typeof(lon) IN ('integer', 'real') AND "
                            "lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180";
  json out = {{"records", 0}, {"with_coordinates", 0}, {"out_of_range", 0}};
  json box = nullptr;
  store.select(std::string("SELECT count(*), count(lat), sum(lat IS NOT NULL AND NOT (lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180)) FROM (") +
                   coords + ")",
               {}, [&](const Row& r) {
                 out["records"] = num(r.values[0]);
                 out["out_of_range"] = num(r.values[2]);
               });
  store.select(std::string("SELECT count(*), min(lat), max(lat), min(lon), max(lon) FROM (") + coords + ")" + valid, {},
               [&](const Row& r) {
                 out["with_coordinates"] = num(r.values[0]);
                 if (num(r.values[0]) > 0) box = {{"south", r.values[1]}, {"north", r.values[2]}, {"west", r.values[3]}, {"east", r.values[4]}};
               });
  out["bounds"] = box;
  // Cells of a size that gives the box about 60 columns, rounded to a readable step.
  double cell = 1;
  if (box.is_object()) {
    double span = std::max(box["east"].get<double>() - box["west"].get<double>(), box["north"].get<double>() - box["south"].get<double>());
    for (double step : {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0})
      if (span / step <= 60) {
        cell = step;
        break;
      }
    if (span / 5.0 > 60) cell = 5;
  }
  out["cell_degrees"] = cell;
  json cells = json::array();
  store.select(std::string("SELECT CAST((lat + 90) / ?1 AS INTEGER), CAST((lon + 180) / ?1 AS INTEGER), count(*), "
                           "group_concat(DISTINCT platform) FROM (") + coords + ")" + valid + " GROUP BY 1, 2 ORDER BY 1, 2",
               {cell}, [&](const Row& r) {
                 double south = num(r.values[0]) * cell - 90, west = num(r.values[1]) * cell - 180;
                 cells.push_back({{"south", std::round(south * 1e6) / 1e6}, {"west", std::round(west * 1e6) / 1e6},
                                  {"records", r.values[2]}, {"platforms", split(str(r.values[3]), ',')}});
               });
  out["cells"] = cells;
  json places = json::array();
  store.select(
      "SELECT json_extract(data, '$.name') AS name, json_extract(data, '$.address'), count(*), min(time), max(time), "
      "avg(json_extract(data, '$.lat')), avg(json_extract(data, '$.lon')), group_concat(DISTINCT platform), "
      "sum(CASE WHEN json_extract(data, '$.end') IS NOT NULL THEN unixepoch(json_extract(data, '$.end')) - "
      "unixepoch(json_extract(data, '$.start')) END) "
      "FROM records WHERE kind = 'location' AND name IS NOT NULL GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT 25",
      {}, [&](const Row& r) {
        places.push_back({{"name", r.values[0]}, {"address", r.values[1]}, {"records", r.values[2]}, {"first", r.values[3]},
                          {"last", r.values[4]}, {"lat", r.values[5]}, {"lon", r.values[6]},
                          {"platforms", split(str(r.values[7]), ',')}, {"seconds", r.values[8]}});
      });
  out["places"] = places;
  return out;
}

// ---- people: the same person known to several platforms --------------------------------------

std::string email_key(std::string e) {
  e = lower(std::string(trim(e)));
  if (e.rfind("mailto:", 0) == 0) e = e.substr(7);
  return e.find('@') == std::string::npos ? "" : "email:" + e;
}

// Digits only, international prefix and trunk zeros dropped; the last nine digits identify a
// number across "+49 30 000000" and "030 000000". Fewer than seven digits is no key.
std::string phone_key(const std::string& p) {
  std::string d;
  for (char c : p)
    if (c >= '0' && c <= '9') d += c;
  while (!d.empty() && d[0] == '0') d.erase(0, 1);
  if (d.size() < 7) return "";
  return "phone:" + (d.size() > 9 ? d.substr(d.size() - 9) : d);
}

// host + path, lower case, without scheme, www./m., query, trailing slash or Instagram's /_u/.
std::string url_key(std::string u) {
  u = lower(std::string(trim(u)));
  size_t scheme = u.find("://");
  if (scheme != std::string::npos) u = u.substr(scheme + 3);
  else if (u.find('.') == std::string::npos) return "";
  for (const char* pre : {"www.", "m.", "mobile."})
    if (u.rfind(pre, 0) == 0) u = u.substr(std::string(pre).size());
  u = u.substr(0, u.find_first_of("?#"));
  u = replace_all(u, "/_u/", "/");
  while (!u.empty() && u.back() == '/') u.pop_back();
  return u.find('/') == std::string::npos ? "" : "url:" + u;
}

struct UnionFind {
  std::vector<size_t> parent;
  size_t add() {
    parent.push_back(parent.size());
    return parent.size() - 1;
  }
  size_t find(size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void join(size_t a, size_t b) { parent[find(a)] = find(b); }
};

json people(Store& store) {
  struct Contact {
    std::string platform, relation, name;
    std::vector<std::string> keys;
  };
  std::vector<Contact> contacts;
  store.select(
      "SELECT platform, json_extract(data, '$.relation'), coalesce(json_extract(data, '$.name'), json_extract(data, '$.username')), "
      "json_extract(data, '$.email'), json_extract(data, '$.emails'), json_extract(data, '$.phones'), json_extract(data, '$.url') "
      "FROM records WHERE kind = 'contact' ORDER BY platform, id",
      {}, [&](const Row& r) {
        Contact c{str(r.values[0]), r.values[1].is_string() ? str(r.values[1]) : "contact", str(r.values[2]), {}};
        auto add = [&](const std::string& k) {
          if (!k.empty() && std::find(c.keys.begin(), c.keys.end(), k) == c.keys.end()) c.keys.push_back(k);
        };
        if (r.values[3].is_string()) add(email_key(str(r.values[3])));
        // emails[] are strings or {address}; phones[] are {number} (docs/schema.md).
        for (int col : {4, 5}) {
          if (!r.values[col].is_string()) continue;
          json list = json::parse(str(r.values[col]), nullptr, false);
          if (!list.is_array()) continue;
          for (const json& e : list) {
            std::string v = e.is_string() ? e.get<std::string>()
                            : e.is_object() ? str(e.value(col == 4 ? "address" : "number", json(nullptr))) : "";
            add(col == 4 ? email_key(v) : phone_key(v));
          }
        }
        if (r.values[6].is_string()) add(url_key(str(r.values[6])));
        contacts.push_back(std::move(c));
      });
  UnionFind uf;
  std::map<std::string, size_t> first_with_key;
  std::map<std::string, std::set<std::string>> key_platforms;
  for (size_t i = 0; i < contacts.size(); ++i) {
    uf.add();
    for (const std::string& k : contacts[i].keys) {
      key_platforms[k].insert(contacts[i].platform);
      auto [it, fresh] = first_with_key.emplace(k, i);
      if (!fresh) uf.join(i, it->second);
    }
  }
  struct Person {
    std::set<std::string> platforms, keys;
    std::string name;
  };
  std::map<size_t, Person> persons;
  std::map<std::string, std::set<size_t>> people_of;
  std::map<std::string, std::map<std::string, int64_t>> relations;
  std::map<std::string, int64_t> records_of;
  for (size_t i = 0; i < contacts.size(); ++i) {
    size_t root = uf.find(i);
    Person& p = persons[root];
    p.platforms.insert(contacts[i].platform);
    p.keys.insert(contacts[i].keys.begin(), contacts[i].keys.end());
    if (p.name.empty()) p.name = contacts[i].name;
    people_of[contacts[i].platform].insert(root);
    relations[contacts[i].platform][contacts[i].relation]++;
    records_of[contacts[i].platform]++;
  }
  json by_platform = json::array();
  for (auto& [platform, roots] : people_of)
    by_platform.push_back({{"platform", platform}, {"contacts", records_of[platform]}, {"people", roots.size()},
                           {"by_relation", relations[platform]}});
  std::map<std::pair<std::string, std::string>, int64_t> pairs;
  json shared = json::array();
  for (auto& [root, p] : persons) {
    if (p.platforms.size() < 2) continue;
    for (auto a = p.platforms.begin(); a != p.platforms.end(); ++a)
      for (auto b = std::next(a); b != p.platforms.end(); ++b) pairs[{*a, *b}]++;
    // The keys that appear on more than one platform are what matched.
    std::vector<std::string> matched;
    for (const std::string& k : p.keys)
      if (key_platforms[k].size() > 1) matched.push_back(k);
    shared.push_back({{"name", p.name}, {"platforms", p.platforms}, {"matched_by", matched}});
  }
  json overlap = json::array();
  for (auto& [ab, n] : pairs) overlap.push_back({{"platforms", {ab.first, ab.second}}, {"people", n}});
  std::stable_sort(shared.begin(), shared.end(), [](const json& a, const json& b) { return a["name"] < b["name"]; });
  return {{"contacts", contacts.size()}, {"people", persons.size()}, {"on_several_platforms", shared.size()},
          {"by_platform", by_platform}, {"overlap", overlap}, {"shared", shared}};
}

json unread_files(Store& store) {
  json by_fate = json::object();
  store.select("SELECT fate, count(*), sum(size) FROM files GROUP BY fate ORDER BY fate", {}, [&](const Row& r) {
    by_fate[str(r.values[0])] = {{"files", r.values[1]}, {"bytes", r.values[2]}};
  });
  json files = json::array();
  store.select(
      "SELECT a.name, a.platform, f.part, f.path, f.size, f.fate, f.note FROM files f JOIN archives a ON a.rowid = f.archive "
      "WHERE f.fate IN ('unknown', 'failed', 'partial') ORDER BY a.name, f.part, f.path",
      {}, [&](const Row& r) {
        files.push_back({{"archive", r.values[0]}, {"platform", r.values[1]}, {"part", r.values[2]}, {"path", r.values[3]},
                         {"size", r.values[4]}, {"fate", r.values[5]}, {"note", r.values[6]}});
      });
  return {{"by_fate", by_fate}, {"files", files}};
}

}  // namespace

std::string inference_class(const std::string& label, const std::string& group) {
  std::string l = fold_words(label), g = fold_words(group);
  auto has = [&](const char* w) { return (" " + l + " ").find(std::string(" ") + w + " ") != std::string::npos; };
  if (has("age")) return "age";
  if (has("gender") || has("sex")) return "gender";
  if (has("language") || has("locale") || l == "interfacelocale") return "language";
  if (has("location") || has("timezone") || has("country") || has("city")) return "location";
  if (has("audience") || has("lookalike") || has("lookalikes")) return "audience";
  if (has("show") || has("shows") || has("movie") || has("tv")) return "media";
  if (has("job") || has("skills") || has("degrees") || has("company") || has("companies") || has("experience") ||
      has("seniority") || has("industry") || has("industries") || has("employer") || has("study") || g == "career inferences")
    return "professional";
  if (has("interest") || has("interests") || has("topic") || has("topics") || has("affinity") || has("category") ||
      g == "inferred interests")
    return "interest";
  if (g == "inferred personal characteristics") return "demographic";
  return "other";
}

json compute_audit(Store& store) {
  store.begin_read();
  json a = json::object();
  a["audit_version"] = audit_version;
  json totals = {{"records", 0}, {"first", nullptr}, {"last", nullptr}, {"undated", 0}};
  json timeline;
  a["platforms"] = volume(store, timeline);
  for (const json& p : a["platforms"]) {
    totals["records"] = totals["records"].get<int64_t>() + p["total"].get<int64_t>();
    totals["undated"] = totals["undated"].get<int64_t>() + p["undated"].get<int64_t>();
    widen(totals["first"], totals["last"], p["first"], p["last"]);
  }
  a["archives"] = archives(store);
  std::string as_of;
  for (const json& ar : a["archives"]) as_of = std::max(as_of, ar["last_ingested"].get<std::string>());
  totals["as_of"] = as_of.empty() ? json(nullptr) : json(as_of);
  totals["platforms"] = a["platforms"].size();
  a["totals"] = totals;
  a["timeline"] = timeline;
  json items, sensitive;
  inferences(store, items, sensitive);
  a["inferences"] = items;
  a["sensitive"] = sensitive;
  a["advertisers"] = advertisers(store);
  a["off_platform"] = off_platform(store);
  a["logins"] = logins(store);
  a["locations"] = locations(store);
  a["people"] = people(store);
  a["unread_files"] = unread_files(store);
  store.commit();
  return a;
}

}  // namespace dataport
