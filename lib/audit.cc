// The figures of `dataport audit`. Volume and the timeline come from `record_months` (counts per
// platform, kind and month that the store keeps at ingest), so they cost the same for a thousand
// records or ten million; each other section is one or two GROUP BY queries over its own kind
// (the kind-and-time index narrows them, and serves --since/--until too). Memory grows with the
// number of distinct values counted (platforms, months, advertisers, addresses, places, contact
// keys), never with the records' data, and long lists keep only their first --max-items items.

#include "lib/audit.h"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <numeric>
#include <set>

#include "lib/audit_internal.h"
#include "lib/error.h"
#include "lib/stopwatch.h"
#include "lib/terms.h"
#include "lib/text.h"
#include "lib/time.h"

namespace dataport {

using namespace audit_internal;

namespace {


// "YYYY-MM" of a Unix time, and the first second of its month and of the next.
std::string month_of(int64_t t) { return format_rfc3339(from_unix_seconds(t)).substr(0, 7); }
int64_t month_start(int64_t t, int add) {
  std::string m = month_of(t);
  int64_t y = std::stoll(m.substr(0, 4)), mo = std::stoll(m.substr(5, 2)) - 1 + add;
  y += mo / 12;
  return days_from_civil(y, static_cast<unsigned>(mo % 12 + 1), 1) * 86400;
}


json volume(Store& store, const Scope& scope, json& timeline, int64_t& undated_left_out) {
  // Counts per platform, kind and month, with the span of each group: from `record_months`
  // (kept by the store at ingest) for every whole month the report covers, and from `records`
  // itself only for the part-months at the edges of --since/--until (or for a store whose
  // record_months is not kept: written before it existed, or its triggers lost, opened read-only).
  struct Platform {
    json first, last;
    int64_t total = 0, undated = 0;
    std::map<std::string, int64_t> by_kind, by_year;
    std::map<std::pair<std::string, std::string>, int64_t> kind_year;
  };
  std::map<std::string, Platform> platforms;
  std::map<std::pair<std::string, std::string>, int64_t> months;
  auto add = [&](const Row& r) {
    Platform& p = platforms[str(r.values[0])];
    std::string kind = str(r.values[1]);
    int64_t n = num(r.values[3]);
    p.total += n;
    p.by_kind[kind] += n;
    if (!r.values[2].is_string() || str(r.values[2]).empty()) {
      p.undated += n;
      return;
    }
    std::string month = str(r.values[2]), year = month.substr(0, 4);
    p.by_year[year] += n;
    p.kind_year[{kind, year}] += n;
    months[{str(r.values[0]), month}] += n;
    widen(p.first, p.last, r.values[4], r.values[5]);
  };
  auto scan = [&](std::optional<int64_t> from, std::optional<int64_t> to) {
    std::vector<json> params;
    std::string sql = "SELECT platform, kind, substr(time, 1, 7), count(*), min(time), max(time) FROM records WHERE 1" +
                      scope.where(params, false);
    if (from || to) sql += std::string(" AND ") + any_kind_sql;
    if (from) sql += " AND time_unix >= " + std::to_string(*from);
    if (to) sql += " AND time_unix < " + std::to_string(*to);
    store.select(sql + " GROUP BY 1, 2, 3", params, add);
  };
  const RecordFilter& f = scope.opt.filter;
  undated_left_out = 0;
  if (!store.months_kept()) {
    scan(f.since, f.until);
    if (scope.dated_only()) {
      std::vector<json> params;
      store.select(std::string("SELECT count(*) FROM records WHERE ") + any_kind_sql + " AND time_unix IS NULL" +
                       scope.where(params, false),
                   params,
                   [&](const Row& r) { undated_left_out = num(r.values[0]); });
    }
  } else {
    std::vector<json> params;
    std::string sql = "SELECT platform, kind, month, records, first, last FROM record_months WHERE 1" + scope.where(params, false);
    if (!scope.dated_only()) {
      store.select(sql, params, add);
    } else {
      // Whole months: from the first month that starts at or after --since to the month --until falls in.
      std::optional<int64_t> lo, hi;
      if (f.since) lo = month_start(*f.since, 0) == *f.since ? *f.since : month_start(*f.since, 1);
      if (f.until) hi = month_start(*f.until, 0);
      if (lo && hi && *lo >= *hi) {
        scan(f.since, f.until);  // --since and --until in one month
      } else {
        sql += " AND month <> ''";
        if (lo) {
          sql += " AND month >= ?";
          params.push_back(month_of(*lo));
        }
        if (hi) {
          sql += " AND month < ?";
          params.push_back(month_of(*hi));
        }
        store.select(sql, params, add);
        if (f.since && *lo > *f.since) scan(f.since, lo);
        if (f.until && *hi < *f.until) scan(hi, f.until);
      }
      std::vector<json> p2;
      store.select("SELECT sum(records) FROM record_months WHERE month = ''" + scope.where(p2, false), p2,
                   [&](const Row& r) { undated_left_out = num(r.values[0]); });
    }
  }
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

json archives(Store& store, const Scope& scope) {
  // Archives have no date; --platform keeps those read by the named platforms' importers.
  json out = json::array();
  const std::vector<std::string>& only = scope.opt.filter.platforms;
  for (const ArchiveRow& a : store.archives())
    if (only.empty() || std::find(only.begin(), only.end(), a.platform) != only.end())
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

// Every inference is read once, in order, and counted; only the first cap() of them, and of
// their flags, are kept as items, so memory stays flat however many there are.
// An item of a long list: into the list, or as one line into the spool when there is one.
void keep(json& list, std::FILE* spool, json item) {
  if (!spool) {
    list.push_back(std::move(item));
    return;
  }
  std::string line = item.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
  if (std::fwrite(line.data(), 1, line.size(), spool) != line.size())
    throw Error("audit", std::string("cannot write the temporary list: ") + std::strerror(errno));
}

void inferences(Store& store, const Scope& scope, json& a, AuditSpool* spool) {
  json items = json::array(), sensitive = json::array();
  size_t shown_items = 0, shown_flags = 0;
  int64_t total = 0, flags = 0, flagged = 0;
  std::map<std::string, int64_t> by_category, by_platform, flag_category, flag_platform;
  struct Topic {
    int64_t inferences = 0;
    std::set<std::string> platforms;
    std::set<std::pair<std::string, std::string>> examples;  // (platform, value), the first few
  };
  std::map<std::string, Topic> topics;
  constexpr size_t examples_per_topic = 12;
  std::map<std::pair<std::string, std::string>, std::string> class_of;  // (label, group) -> class; labels repeat
  std::vector<json> params;
  store.select(
      "SELECT id, platform, json_extract(data, '$.category'), json_extract(data, '$.value'), "
      "json_extract(data, '$.description'), json_extract(data, '$.raw.category'), json_extract(data, '$.disabled'), "
      "source_path, source_pointer, time FROM records WHERE kind = 'inference'" + scope.where(params) +
      " ORDER BY platform, json_extract(data, '$.category'), json_extract(data, '$.value'), id",
      params, [&](const Row& r) {
        std::string label = str(r.values[2]), value = str(r.values[3]), group = str(r.values[5]), platform = str(r.values[1]);
        if (value.empty() || is_flag_value(value)) value = value.empty() ? label : label + ": " + value;
        auto known = class_of.find({label, group});
        std::string cls = known != class_of.end() ? known->second : inference_class(label, group);
        if (known == class_of.end() && class_of.size() < 4096) class_of.emplace(std::make_pair(label, group), cls);
        // The interest's topic: a yes/no inference is about its label, others about their value.
        const Term* topic = topic_terms().match(value, "");
        ++total;
        by_category[cls]++;
        by_platform[platform]++;
        if (topic) {
          Topic& t = topics[topic->meaning];
          t.inferences++;
          t.platforms.insert(platform);
          if (t.examples.size() < examples_per_topic) t.examples.emplace(platform, value);
        }
        if (shown_items < scope.cap()) {
          json item = {{"platform", r.values[1]}, {"value", value}, {"label", label}, {"category", cls},
                       {"topic", topic ? json(topic->meaning) : json(nullptr)}, {"record", r.values[0]},
                       {"path", r.values[7]}, {"time", r.values[9]}};
          if (!group.empty()) item["group"] = group;
          if (r.values[4].is_string()) item["description"] = r.values[4];
          if (r.values[6] == json(1) || r.values[6] == json(true)) item["disabled"] = true;
          keep(items, spool ? spool->inferences : nullptr, std::move(item));
          ++shown_items;
        }
        std::vector<const Term*> matched = sensitive_terms().match_all(value, label);
        flagged += !matched.empty();
        for (const Term* t : matched) {
          ++flags;
          flag_category[t->meaning]++;
          flag_platform[platform]++;
          if (shown_flags >= scope.cap()) continue;
          std::string where = t->on_label ? "the platform's label \"" + label + "\"" : "\"" + value + "\"";
          keep(sensitive, spool ? spool->sensitive : nullptr,
               {{"platform", r.values[1]}, {"value", value}, {"label", label}, {"category", t->meaning},
                {"reason", where + " contains the " + t->lang + " term \"" + t->term + "\""},
                {"term", t->term}, {"lang", t->lang}, {"record", r.values[0]}, {"path", r.values[7]},
                {"pointer", r.values[8]}});
          ++shown_flags;
        }
      });
  json topic_list = json::array();
  for (auto& [name, t] : topics) {
    json examples = json::array();
    for (auto& [p, v] : t.examples) examples.push_back({{"platform", p}, {"value", v}});
    topic_list.push_back({{"topic", name}, {"inferences", t.inferences}, {"platforms", t.platforms}, {"examples", examples}});
  }
  a["inferences"] = items;
  a["inference_summary"] = {{"total", total}, {"by_category", by_category}, {"by_platform", by_platform}, {"topics", topic_list}};
  a["sensitive"] = sensitive;
  a["sensitive_summary"] = {{"flags", flags}, {"inferences", flagged}, {"by_category", flag_category}, {"by_platform", flag_platform}};
  a["lists"]["inferences"] = {{"total", total}, {"shown", shown_items}};
  a["lists"]["sensitive"] = {{"total", flags}, {"shown", shown_flags}};
}

json advertisers(Store& store, const Scope& scope, json& shown) {
  struct Adv {
    std::set<std::string> relations;
    int64_t records = 0;
    json first, last;
  };
  std::map<std::pair<std::string, std::string>, Adv> all;
  std::vector<json> params;
  store.select(
      "SELECT platform, json_extract(data, '$.name'), json_extract(data, '$.relation'), count(*), min(time), max(time) "
      "FROM records WHERE kind = 'advertiser'" + scope.where(params) + " GROUP BY 1, 2, 3",
      params, [&](const Row& r) {
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
    if (items.size() < scope.cap())
      items.push_back({{"platform", key.first}, {"name", key.second}, {"relations", a.relations}, {"on_list", on_list},
                       {"interacted", other}, {"records", a.records}, {"first", a.first}, {"last", a.last}});
  }
  shown["advertisers"] = {{"total", all.size()}, {"shown", items.size()}};
  json by_platform = json::array();
  for (auto& [p, c] : per_platform) by_platform.push_back({{"platform", p}, {"on_list", c.first}, {"interacted", c.second}});
  return {{"on_list", lists}, {"interacted", interacted}, {"by_platform", by_platform}, {"items", items}};
}

json off_platform(Store& store, const Scope& scope, json& lists) {
  struct Company {
    int64_t events = 0;
    json first, last;
    std::map<std::string, int64_t> by_year, event_types;
  };
  std::map<std::pair<std::string, std::string>, Company> all;
  int64_t total = 0;
  std::vector<json> params;
  store.select(
      "SELECT platform, json_extract(data, '$.app'), json_extract(data, '$.event'), substr(time, 1, 4), count(*), "
      "min(time), max(time) FROM records WHERE kind = 'off_platform'" + scope.where(params) + " GROUP BY 1, 2, 3, 4",
      params, [&](const Row& r) {
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
  size_t companies = items.size();
  scope.cap_list(items, "off_platform", lists);
  return {{"events", total}, {"companies", companies}, {"items", items}};
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

json logins(Store& store, const Scope& scope) {
  struct Platform {
    int64_t events = 0;
    json first, last;
    std::map<std::string, int64_t> by_year, ips, networks, devices, countries;
  };
  std::map<std::string, Platform> all;
  std::vector<json> params;
  store.select(
      "SELECT platform, json_extract(data, '$.ip'), coalesce(json_extract(data, '$.device'), json_extract(data, '$.user_agent')), "
      "json_extract(data, '$.location'), substr(time, 1, 4), count(*), min(time), max(time) "
      "FROM records WHERE kind = 'login'" + scope.where(params) + " GROUP BY 1, 2, 3, 4, 5",
      params, [&](const Row& r) {
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
  // The busiest values first, at most cap() of them (distinct_* say how many there are).
  auto top = [&](const std::map<std::string, int64_t>& m) {
    std::vector<std::pair<std::string, int64_t>> v(m.begin(), m.end());
    std::stable_sort(v.begin(), v.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    json a = json::array();
    for (size_t i = 0; i < v.size() && i < scope.cap(); ++i) a.push_back({{"value", v[i].first}, {"events", v[i].second}});
    return a;
  };
  for (auto& [name, p] : all)
    out.push_back({{"platform", name}, {"events", p.events}, {"first", p.first}, {"last", p.last}, {"by_year", p.by_year},
                   {"distinct_ips", p.ips.size()}, {"distinct_networks", p.networks.size()},
                   {"distinct_devices", p.devices.size()}, {"distinct_countries", p.countries.size()}, {"ips", top(p.ips)}, {"networks", top(p.networks)},
                   {"devices", top(p.devices)}, {"countries", top(p.countries)}});
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

// The keys a contact can be matched by: its emails, phone numbers and profile URL, normalised.
std::vector<std::string> contact_keys(const Row& r) {
  std::vector<std::string> mine;
  auto add = [&](const std::string& k) {
    if (!k.empty() && std::find(mine.begin(), mine.end(), k) == mine.end()) mine.push_back(k);
  };
  if (r.values[3].is_string()) add(email_key(str(r.values[3])));
  // emails[] are strings or {address}; phones[] are {number} (docs/schema.md).
  for (int col : {4, 5}) {
    if (!r.values[col].is_string()) continue;
    json list = json::parse(str(r.values[col]), nullptr, false);
    if (!list.is_array()) continue;
    for (const json& e : list) {
      std::string v = e.is_string() ? e.get<std::string>() : e.is_object() ? str(e.value(col == 4 ? "address" : "number", json(nullptr))) : "";
      add(col == 4 ? email_key(v) : phone_key(v));
    }
  }
  if (r.values[6].is_string()) add(url_key(str(r.values[6])));
  return mine;
}

// Contacts, streamed: per contact only its platform, its place in the union-find and, when it has
// a key to match by, its name; keys map to the first contact that had them. Memory grows with the
// number of contacts (a few bytes each) and of distinct keys, never with their records' data.
struct Contacts {
  std::vector<std::string> platform_names;
  std::map<std::string, uint16_t> platform_index;
  std::vector<uint16_t> platform_of;
  std::vector<std::string> name_of;
  std::vector<bool> has_keys;  // a contact without keys can match no one: a person of its own
  struct Key {
    size_t first;
    std::set<uint16_t> platforms;
  };
  std::map<std::string, Key> keys;
  std::map<std::string, std::map<std::string, int64_t>> relations;
  std::map<std::string, int64_t> records_of;
  UnionFind uf;

  void add(const Row& r) {
    std::string platform = str(r.values[0]);
    auto [pit, fresh_platform] = platform_index.emplace(platform, static_cast<uint16_t>(platform_names.size()));
    if (fresh_platform) platform_names.push_back(platform);
    size_t i = uf.add();
    platform_of.push_back(pit->second);
    relations[platform][r.values[1].is_string() ? str(r.values[1]) : "contact"]++;
    records_of[platform]++;
    std::vector<std::string> mine = contact_keys(r);
    name_of.push_back(mine.empty() ? std::string() : str(r.values[2]));
    has_keys.push_back(!mine.empty());
    for (const std::string& k : mine) {
      auto [it, fresh] = keys.emplace(k, Key{i, {}});
      it->second.platforms.insert(pit->second);
      if (!fresh) uf.join(i, it->second.first);
    }
  }
};

// People per platform: distinct (platform, person) pairs, counted after one sort.
std::map<std::string, int64_t> people_per_platform(Contacts& c, size_t& persons) {
  std::vector<std::pair<uint16_t, size_t>> platform_root;
  persons = 0;
  for (size_t i = 0; i < c.platform_of.size(); ++i) {
    size_t root = c.uf.find(i);
    persons += root == i;
    platform_root.emplace_back(c.platform_of[i], root);
  }
  std::sort(platform_root.begin(), platform_root.end());
  platform_root.erase(std::unique(platform_root.begin(), platform_root.end()), platform_root.end());
  std::map<std::string, int64_t> people_of;
  for (auto& [p, root] : platform_root) people_of[c.platform_names[p]]++;
  return people_of;
}

struct SharedPerson {
  std::set<std::string> platforms;
  std::vector<std::string> matched;
  std::string name;
};

// The people known to more than one platform (by their union-find root), with the keys that
// matched them: those that appear on more than one platform.
std::map<size_t, SharedPerson> shared_people(Contacts& c) {
  std::map<size_t, std::set<uint16_t>> platforms_of_root;
  for (size_t i = 0; i < c.platform_of.size(); ++i)
    if (c.has_keys[i]) platforms_of_root[c.uf.find(i)].insert(c.platform_of[i]);
  std::map<size_t, SharedPerson> several;
  for (size_t i = 0; i < c.platform_of.size(); ++i) {
    if (!c.has_keys[i]) continue;
    size_t root = c.uf.find(i);
    const std::set<uint16_t>& ps = platforms_of_root[root];
    if (ps.size() < 2) continue;
    SharedPerson& p = several[root];
    for (uint16_t x : ps) p.platforms.insert(c.platform_names[x]);
    if (p.name.empty()) p.name = c.name_of[i];  // the first name, in platform and id order
  }
  for (auto& [k, key] : c.keys)
    if (key.platforms.size() > 1) several[c.uf.find(key.first)].matched.push_back(k);
  return several;
}

json people(Store& store, const Scope& scope, json& lists) {
  Contacts c;
  std::vector<json> params;
  store.select(
      "SELECT platform, json_extract(data, '$.relation'), coalesce(json_extract(data, '$.name'), json_extract(data, '$.username')), "
      "json_extract(data, '$.email'), json_extract(data, '$.emails'), json_extract(data, '$.phones'), json_extract(data, '$.url') "
      "FROM records WHERE kind = 'contact'" + scope.where(params) + " ORDER BY platform, id",
      params, [&](const Row& r) { c.add(r); });
  size_t persons = 0;
  json by_platform = json::array();
  for (auto& [platform, n] : people_per_platform(c, persons))
    by_platform.push_back({{"platform", platform}, {"contacts", c.records_of[platform]}, {"people", n},
                           {"by_relation", c.relations[platform]}});
  std::map<std::pair<std::string, std::string>, int64_t> pairs;
  json shared = json::array();
  for (auto& [root, p] : shared_people(c)) {
    for (auto a = p.platforms.begin(); a != p.platforms.end(); ++a)
      for (auto b = std::next(a); b != p.platforms.end(); ++b) pairs[{*a, *b}]++;
    shared.push_back({{"name", p.name}, {"platforms", p.platforms}, {"matched_by", p.matched}});
  }
  json overlap = json::array();
  for (auto& [ab, n] : pairs) overlap.push_back({{"platforms", {ab.first, ab.second}}, {"people", n}});
  std::stable_sort(shared.begin(), shared.end(), [](const json& a, const json& b) { return a["name"] < b["name"]; });
  size_t on_several = shared.size();
  scope.cap_list(shared, "shared_people", lists);
  return {{"contacts", c.platform_of.size()}, {"people", persons}, {"on_several_platforms", on_several},
          {"by_platform", by_platform}, {"overlap", overlap}, {"shared", shared}};
}

json unread_files(Store& store, const Scope& scope, json& lists) {
  // Files have no date; --platform keeps the files of the named platforms' archives.
  std::vector<json> params;
  std::string only;
  if (!scope.opt.filter.platforms.empty()) {
    only = " AND a.platform IN (";
    for (size_t i = 0; i < scope.opt.filter.platforms.size(); ++i) {
      only += i ? ",?" : "?";
      params.push_back(scope.opt.filter.platforms[i]);
    }
    only += ")";
  }
  json by_fate = json::object();
  int64_t unread = 0;
  store.select("SELECT f.fate, count(*), sum(f.size) FROM files f JOIN archives a ON a.rowid = f.archive WHERE 1" + only +
                   " GROUP BY f.fate ORDER BY f.fate",
               params, [&](const Row& r) {
                 by_fate[str(r.values[0])] = {{"files", r.values[1]}, {"bytes", r.values[2]}};
                 std::string fate = str(r.values[0]);
                 if (fate == "unknown" || fate == "failed" || fate == "partial") unread += num(r.values[1]);
               });
  json files = json::array();
  store.select(
      "SELECT a.name, a.platform, f.part, f.path, f.size, f.fate, f.note FROM files f JOIN archives a ON a.rowid = f.archive "
      "WHERE f.fate IN ('unknown', 'failed', 'partial')" + only + " ORDER BY a.name, f.part, f.path" +
          (scope.cap() == SIZE_MAX ? "" : " LIMIT " + std::to_string(scope.cap())),
      params, [&](const Row& r) {
        files.push_back({{"archive", r.values[0]}, {"platform", r.values[1]}, {"part", r.values[2]}, {"path", r.values[3]},
                         {"size", r.values[4]}, {"fate", r.values[5]}, {"note", r.values[6]}});
      });
  lists["unread_files"] = {{"total", unread}, {"shown", files.size()}};
  return {{"by_fate", by_fate}, {"files", files}};
}

}  // namespace

AuditSpool::AuditSpool() : inferences(std::tmpfile()), sensitive(std::tmpfile()) {
  if (!inferences || !sensitive) throw Error("audit", std::string("cannot make a temporary file: ") + std::strerror(errno));
}
AuditSpool::~AuditSpool() {
  if (inferences) std::fclose(inferences);
  if (sensitive) std::fclose(sensitive);
}

void each_spooled(std::FILE* file, const std::function<void(json)>& fn) {
  std::fflush(file);
  std::rewind(file);
  std::string line;
  char buf[1 << 16];
  while (std::fgets(buf, sizeof buf, file)) {
    line += buf;
    if (line.back() != '\n') continue;
    fn(json::parse(line));
    line.clear();
  }
  if (std::ferror(file)) throw Error("audit", std::string("cannot read the temporary list: ") + std::strerror(errno));
  if (!line.empty()) fn(json::parse(line));
}

void write_audit_json(const json& audit, AuditSpool* spool, const std::function<void(std::string_view)>& write) {
  std::string doc = audit.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  if (!spool) return write(doc);
  // The top-level keys are indented by exactly two spaces: the empty lists are found by their key.
  size_t at = 0;
  for (auto [key, file] : {std::pair{"\n  \"inferences\": []", spool->inferences}, std::pair{"\n  \"sensitive\": []", spool->sensitive}}) {
    size_t found = doc.find(key, at);
    if (found == std::string::npos) throw Error("audit", "internal: no place for a spooled list");
    std::string_view k(key);
    write(std::string_view(doc).substr(at, found - at + k.size() - 1));  // up to and with "["
    bool first = true;
    each_spooled(file, [&](json v) {  // one item, indented as an element of a top-level list
      write(first ? "\n    " : ",\n    ");
      write(replace_all(v.dump(2, ' ', false, json::error_handler_t::replace), "\n", "\n    "));
      first = false;
    });
    write(first ? "]" : "\n  ]");
    at = found + k.size();
  }
  write(std::string_view(doc).substr(at));
}

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

json compute_audit(Store& store, const AuditOptions& options) {
  Scope scope{options};
  const RecordFilter& f = options.filter;
  store.begin_read();
  json a = json::object();
  a["audit_version"] = audit_version;
  Stopwatch clock;
  auto lap = [&](const char* section) {
    double seconds = clock.lap();
    if (options.timed) options.timed(section, seconds);
  };
  json filter = {{"platforms", f.platforms},
                 {"since", f.since ? json(format_rfc3339(from_unix_seconds(*f.since))) : json(nullptr)},
                 {"until", f.until ? json(format_rfc3339(from_unix_seconds(*f.until))) : json(nullptr)},
                 {"undated_left_out", 0}, {"max_items", options.max_items}};
  a["filter"] = filter;
  a["lists"] = json::object();
  json totals = {{"records", 0}, {"first", nullptr}, {"last", nullptr}, {"undated", 0}};
  json timeline;
  int64_t undated_left_out = 0;
  a["platforms"] = volume(store, scope, timeline, undated_left_out);
  a["filter"]["undated_left_out"] = undated_left_out;
  for (const json& p : a["platforms"]) {
    totals["records"] = totals["records"].get<int64_t>() + p["total"].get<int64_t>();
    totals["undated"] = totals["undated"].get<int64_t>() + p["undated"].get<int64_t>();
    widen(totals["first"], totals["last"], p["first"], p["last"]);
  }
  lap("volume");
  a["archives"] = archives(store, scope);
  std::string as_of;
  for (const json& ar : a["archives"]) as_of = std::max(as_of, ar["last_ingested"].get<std::string>());
  totals["as_of"] = as_of.empty() ? json(nullptr) : json(as_of);
  totals["platforms"] = a["platforms"].size();
  a["totals"] = totals;
  a["timeline"] = timeline;
  lap("archives");
  inferences(store, scope, a, options.max_items == 0 ? options.spool : nullptr);
  lap("inferences");
  a["advertisers"] = advertisers(store, scope, a["lists"]);
  lap("advertisers");
  a["off_platform"] = off_platform(store, scope, a["lists"]);
  lap("off_platform");
  a["logins"] = logins(store, scope);
  lap("logins");
  a["locations"] = locations(store, scope);
  lap("locations");
  a["people"] = people(store, scope, a["lists"]);
  lap("people");
  a["unread_files"] = unread_files(store, scope, a["lists"]);
  lap("unread_files");
  store.commit();
  return a;
}

}  // namespace dataport
