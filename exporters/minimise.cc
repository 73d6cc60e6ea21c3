#include "exporters/minimise.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "lib/dump.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/json.h"
#include "lib/media.h"
#include "lib/text.h"

namespace fs = std::filesystem;

namespace dataport {

namespace {

bool listed(const std::vector<std::string>& xs, std::string_view x) { return std::find(xs.begin(), xs.end(), x) != xs.end(); }

// The kinds whose records are people in full (their name, username, emails... are one person).
bool person_kind(std::string_view kind) { return kind == "profile" || kind == "contact"; }

std::string precision_of(const json& data) {
  auto it = data.find("time_precision");
  return it != data.end() && it->is_string() ? it->get<std::string>() : "";
}

int precision_rank(std::string_view p) {
  if (p == "year") return 5;
  if (p == "month") return 4;
  if (p == "week") return 3;
  if (p == "day") return 2;
  if (p == "hour") return 1;
  return 0;
}

std::optional<double> number(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (!s.empty() && end && *end == '\0' && std::isfinite(d)) return d;
  }
  return std::nullopt;
}

// A coarsened time value: a date string cut, a list of them, or nothing (dropped) when not a date.
std::optional<json> coarsen_time_value(const json& v, const std::string& precision) {
  if (v.is_string()) {
    std::string c = coarsen_date(v.get<std::string>(), precision);
    if (c.empty()) return std::nullopt;
    return json(c);
  }
  if (v.is_array()) {
    json out = json::array();
    for (const json& x : v)
      if (auto c = coarsen_time_value(x, precision)) out.push_back(*c);
    return out;
  }
  if (v.is_number_integer()) return json(coarsen_seconds(v.get<int64_t>(), precision));
  return std::nullopt;
}

std::optional<json> coarsen_age_value(const json& v) {
  if (v.is_number_integer()) return json(age_range(v.get<int64_t>()));
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (auto n = number(v)) return json(age_range(static_cast<int64_t>(*n)));
    // A birthday becomes the decade of its year: "1990-05-04" -> "1990-1999".
    if (s.size() >= 4 && std::all_of(s.begin(), s.begin() + 4, ::isdigit) && (s.size() == 4 || s[4] == '-')) {
      int y = std::stoi(s.substr(0, 4)) / 10 * 10;
      return json(std::to_string(y) + "-" + std::to_string(y + 9));
    }
  }
  return std::nullopt;
}

// A column's text as Store::each_record gives it: valid UTF-8 (repaired in the rare store that is not).
std::string text_of(std::string_view s) { return valid_utf8(s) ? std::string(s) : repair_utf8(s); }

// A record from its row, as Store::each_record builds it, without a JSON value made of every column
// on the way (the policy pass reads every record of the store).
void record_of(const DumpRow& row, const std::string& store, Record& r) {
  r.id = text_of(row.id);
  r.kind = text_of(row.kind);
  r.platform = text_of(row.platform);
  r.service = text_of(row.service);
  r.time = row.time.data() ? parse_iso8601(text_of(row.time)) : std::nullopt;
  r.source.archive = text_of(row.archive);
  r.source.path = text_of(row.path);
  r.source.pointer = text_of(row.pointer);
  std::string where = store + ": record " + r.id;
  r.data = valid_utf8(row.data) ? parse_json(row.data, where) : parse_json(repair_utf8(row.data), where);
  if (r.time && r.data.contains("time_precision")) {
    std::string p = r.data["time_precision"].get<std::string>();
    r.time->precision = p == "year" ? Precision::year : p == "month" ? Precision::month : Precision::day;
  }
}

// Every record of `src` under `f`, each built once into the same Record (its buffers reused).
void each_record(Store& src, const RecordFilter& f, const std::function<void(const Record&)>& fn) {
  Record r;
  src.each_dump_row(f, [&](const DumpRow& row) {
    record_of(row, src.path(), r);
    fn(r);
  });
}

// The record as a dump line's JSON (what a preview shows).
json as_dump(const Record& r) { return parse_json(dump_line(r), "record " + r.id); }

}  // namespace

json PolicyReport::to_json(const Policy& p) const {
  json kinds_j = json::array();
  int64_t in = 0, out = 0;
  for (const auto& [kind, k] : kinds) {
    if (!k.in) continue;
    in += k.in;
    out += k.out;
    json fields = json::object();
    for (const auto& [f, c] : k.fields)
      fields[f] = {{"rule", c.rule}, {"kept", c.kept}, {"dropped", c.dropped}, {"transformed", c.transformed}};
    kinds_j.push_back({{"kind", kind}, {"mode", k.mode}, {"records_in", k.in}, {"records_out", k.out},
                       {"records_removed", k.removed}, {"fields", fields}});
  }
  return {{"policy", p.name},
          {"policy_sha256", sha256_hex(p.text)},
          {"records_in", in},
          {"records_out", out},
          {"kinds", kinds_j},
          {"media", {{"kept_stripped", media_kept}, {"dropped", media_dropped}, {"removed", media_removed}}}};
}

Minimiser::Minimiser(const Policy& p, Pseudonymiser& ps, const MinimiseOptions& o, MediaHook media)
    : p_(p), ps_(ps), o_(o), media_(std::move(media)) {}

void Minimiser::learn(Store& src) {
  RecordFilter people, every;
  people.kinds = {"profile", "contact"};
  people.stored_order = every.stored_order = true;  // what is learnt does not depend on the order
  each_record(src, people, [&](const Record& r) { ps_.learn(r.data); });
  // People named inside other records (senders, recipients, endorsers...): the store read once
  // without building records, simdjson on the records that name one, each distinct person parsed once.
  static const std::vector<std::string> keys = {"from", "to", "cc", "person", "endorser", "author", "sender",
                                                "participants", "members", "mentions", "people"};
  std::vector<std::string> needles;
  for (const std::string& k : keys) needles.push_back("\"" + k + "\":");
  JsonParser parser;
  std::unordered_set<std::string> seen;
  src.each_dump_row(every, [&](const DumpRow& r) {
    if (r.kind == "profile" || r.kind == "contact" || r.kind == "location") return;
    bool any = false;
    for (const std::string& n : needles) any = any || r.data.find(n) != std::string_view::npos;
    if (!any) return;
    simdjson::dom::object o;
    if (parser.parse(r.data, "record " + std::string(r.id)).get(o)) return;
    for (const std::string& k : keys) {
      simdjson::dom::element v;
      if (o[k].get(v)) continue;
      std::string text = simdjson::minify(v);
      if (seen.size() > 500000) seen.clear();  // bounded; learning one again is harmless
      if (seen.insert(text).second) ps_.learn(parse_json(text, src.path() + ": record " + std::string(r.id)));
    }
  });
}

json Minimiser::scrub(const json& v) {
  if (v.is_string()) return ps_.scrub(v.get_ref<const std::string&>());
  if (v.is_array()) {
    json out = json::array();
    for (const json& x : v) out.push_back(scrub(x));
    return out;
  }
  if (v.is_object()) {
    json out = json::object();
    for (const auto& [k, x] : v.items()) {
      FieldClass c = field_class("", k);
      if (c == FieldClass::person || k == "username" || k == "email") out[k] = ps_.person(x);
      else if (c == FieldClass::ip) {
        if (x.is_string() && !coarsen_ip(x.get<std::string>()).empty()) out[k] = coarsen_ip(x.get<std::string>());
      } else if (c == FieldClass::coordinate || c == FieldClass::media || k == "sha256") {
        continue;  // nested coordinates and files are not carried inside other fields
      } else {
        out[k] = scrub(x);
      }
    }
    return out;
  }
  return v;
}

// Media files a dropped field named, each counted once (the run says how many photos stayed behind).
void Minimiser::count_dropped_media(const json& v) {
  if (v.is_array()) {
    for (const json& x : v) count_dropped_media(x);
  } else if (v.is_object()) {
    auto it = v.find("sha256");
    if (it != v.end() && it->is_string() && dropped_media_.insert(it->get<std::string>()).second) ++report_.media_dropped;
  }
}

// A kept media reference: its file stripped (or the reference dropped when it cannot be).
std::optional<json> Minimiser::media(const json& v) {
  if (v.is_array()) {
    json out = json::array();
    for (const json& x : v)
      if (auto m = media(x)) out.push_back(*m);
    if (out.empty()) return std::nullopt;
    return out;
  }
  if (!v.is_object()) return std::nullopt;  // a bare URL of a platform's CDN names the account
  auto it = v.find("sha256");
  if (it == v.end() || !it->is_string()) return std::nullopt;
  std::string sha = it->get<std::string>();
  auto done = media_done_.find(sha);
  if (done == media_done_.end()) {
    std::string mime = v.contains("mime") && v["mime"].is_string() ? v["mime"].get<std::string>() : "";
    done = media_done_.emplace(sha, media_(sha, mime)).first;
    if (done->second) ++report_.media_kept;
    else ++report_.media_dropped;
  }
  return done->second;
}

std::optional<json> Minimiser::field(std::string_view kind, const std::string& key, const json& v, const FieldRule& rule, FieldClass c) {
  switch (rule.action) {
    case Action::keep:
      if (c == FieldClass::media) {
        if (kind == "file") return std::nullopt;  // its bytes are unknown: never carried under a policy
        return media(v);
      }
      return v;
    case Action::drop: return std::nullopt;
    case Action::pseudonymise:
      switch (c) {
        case FieldClass::person: return ps_.person(v);
        case FieldClass::place: {
          if (v.is_string()) return json(ps_.place(v.get<std::string>()));
          return std::nullopt;  // structured addresses are left out whole
        }
        case FieldClass::id: {
          if (v.is_string()) return json(ps_.id(v.get<std::string>()));
          return std::nullopt;
        }
        case FieldClass::coordinate:
        case FieldClass::ip:
        case FieldClass::media: return std::nullopt;
        default: return scrub(v);
      }
    case Action::coarsen:
      if (rule.coarse.time != "keep") return coarsen_time_value(v, rule.coarse.time);
      if (rule.coarse.ip_prefix) {
        if (v.is_string() && !coarsen_ip(v.get<std::string>()).empty()) return json(coarsen_ip(v.get<std::string>()));
        return std::nullopt;
      }
      if (rule.coarse.age_range) return coarsen_age_value(v);
      return std::nullopt;  // coordinates are coarsened in pairs by apply()
  }
  (void)key;
  return std::nullopt;
}

const Minimiser::FieldPlan& Minimiser::plan(const std::string& kind, const std::string& key) {
  std::string k = kind;
  k += '\0';
  k += key;
  auto it = plans_.find(k);
  if (it != plans_.end()) return it->second;
  FieldPlan fp{field_class(kind, key), p_.rule_for(kind, key)};
  // --keep-media: photos the policy would leave out are kept, stripped (never a file record's bytes).
  if (fp.cls == FieldClass::media && o_.keep_media && fp.rule.action == Action::drop && kind != "file")
    fp.rule = FieldRule{Action::keep, {}, "strip (--keep-media)"};
  if (plans_.size() > 100000) plans_.clear();  // bounded, whatever keys a store's records hold
  return plans_.emplace(std::move(k), std::move(fp)).first->second;
}

bool Minimiser::apply(const Record& in, Record& out) {
  PolicyReport::KindCounts& kc = report_.kinds[in.kind];
  ++kc.in;
  std::string mode = p_.kind_mode(in.kind);
  kc.mode = mode;
  auto removed = [&](const std::string& why) {
    ++kc.removed[why];
    return false;
  };
  if (!p_.platforms.empty() && !listed(p_.platforms, in.platform)) return removed("platform not in the policy's filter");
  if (!p_.kinds.empty() && !listed(p_.kinds, in.kind)) return removed("kind not in the policy's filter");
  if (listed(p_.exclude_kinds, in.kind)) return removed("kind excluded by the policy's filter");
  if (mode == "drop") return removed("kind dropped by the policy");
  if ((p_.since || p_.until) && !in.time) return removed("no time, outside the policy's time window");
  if (p_.since && in.time->seconds < *p_.since) return removed("before the policy's time window");
  if (p_.until && in.time->seconds >= *p_.until) return removed("after the policy's time window");
  if (!p_.exclude_terms.empty()) {
    std::string text = lower(record_text(in.data));
    for (const std::string& t : p_.exclude_terms)
      if (text.find(t) != std::string::npos) return removed("holds an excluded term");
  }
  out = Record{};
  out.kind = in.kind;
  out.platform = in.platform;
  out.service = in.service;
  out.source.archive = in.source.archive;
  if (p_.keep_source_path) out.source = in.source;
  out.id = p_.ids.action == Action::keep ? in.id : ps_.id(in.id);
  // The envelope time.
  std::string precision = precision_of(in.data);
  if (in.time && p_.time.action == Action::keep) out.time = in.time;
  else if (in.time && p_.time.action == Action::coarsen) {
    out.time = from_unix_seconds(coarsen_seconds(in.time->seconds, p_.time.coarse.time));
    if (precision_rank(p_.time.coarse.time) > precision_rank(precision)) precision = p_.time.coarse.time;
  }
  if (!out.time) precision.clear();
  auto count = [&](const std::string& key, const FieldRule& rule, const char* what) {
    PolicyReport::FieldCounts& fc = kc.fields[key];
    if (fc.rule != rule.text) fc.rule = rule.text;
    if (what[0] == 'k') ++fc.kept;
    else if (what[0] == 'd') ++fc.dropped;
    else ++fc.transformed;
  };
  if (mode == "count") {
    static const FieldRule counted{Action::drop, {}, "count"};
    for (const auto& [k, v] : in.data.items())
      if (k != "time_precision") count(k, counted, "dropped");
    if (!precision.empty()) out.data["time_precision"] = precision;
    ++kc.out;
    return true;
  }
  const json& d = in.data;
  // Coordinates go in pairs: both cut to the same cell.
  std::optional<std::pair<double, double>> point;
  const FieldRule& coord = plan(in.kind, "lat").rule;
  if (coord.action == Action::coarsen && d.contains("lat") && d.contains("lon"))
    if (auto la = number(d["lat"]), lo = number(d["lon"]); la && lo) point = coarsen_point(*la, *lo, coord.coarse);
  // A profile's or contact's own fields are one person: pseudonymised together, so a name made
  // of first and last names gets one pseudonym.
  json person_out;
  if (person_kind(in.kind)) {
    json who = json::object();
    for (const auto& [k, v] : d.items())
      if (const FieldPlan& fp = plan(in.kind, k); fp.cls == FieldClass::person && fp.rule.action == Action::pseudonymise) who[k] = v;
    if (!who.empty()) person_out = ps_.person(who);
  }
  for (const auto& [k, v] : d.items()) {
    if (k == "time_precision") continue;
    const FieldPlan& fp = plan(in.kind, k);
    const FieldRule& rule = fp.rule;
    FieldClass c = fp.cls;
    std::optional<json> r;
    if (c == FieldClass::coordinate && rule.action == Action::coarsen) {
      if (point && (k == "lat" || k == "lon")) r = json(k == "lat" ? point->first : point->second);
    } else if (person_out.is_object() && c == FieldClass::person && rule.action == Action::pseudonymise) {
      if (person_out.contains(k)) r = person_out[k];
    } else {
      r = field(in.kind, k, v, rule, c);
    }
    if (!r || (r->is_array() && r->empty() && !v.empty()) || (r->is_object() && r->empty() && !v.empty())) {
      if (c == FieldClass::media && rule.action == Action::drop) count_dropped_media(v);
      count(k, rule, "dropped");
      continue;
    }
    count(k, rule, *r == v ? "kept" : "transformed");
    out.data[k] = std::move(*r);
  }
  // A name built from first and last names only.
  if (person_out.is_object() && person_out.contains("name") && !d.contains("name")) out.data["name"] = person_out["name"];
  if (!precision.empty()) out.data["time_precision"] = precision;
  ++kc.out;
  return true;
}

void Minimiser::run(Store& src, const std::function<void(const Record&)>& fn) {
  Record out;
  std::map<std::string, int> shown;
  each_record(src, o_.filter, [&](const Record& r) {
    if (!apply(r, out)) return;
    if (o_.examples > 0 && shown[r.kind] == 0 && report_.examples.size() < 64) {
      ++shown[r.kind];
      report_.examples.emplace_back(as_dump(r), as_dump(out));
    }
    fn(out);
  });
  // Five examples from the kinds a reader cares most about, then the others.
  static const std::vector<std::string> first = {"message", "post", "contact", "location", "login", "profile",
                                                 "comment", "activity", "event", "position"};
  auto rank = [&](const json& before) {
    std::string k = before.value("kind", "");
    auto it = std::find(first.begin(), first.end(), k);
    return it == first.end() ? first.size() : static_cast<size_t>(it - first.begin());
  };
  std::stable_sort(report_.examples.begin(), report_.examples.end(),
                   [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
  if (report_.examples.size() > static_cast<size_t>(std::max(0, o_.examples))) report_.examples.resize(static_cast<size_t>(std::max(0, o_.examples)));
}

ScratchDir::ScratchDir(const std::string& near) {
  std::string folder = near == "-" || near.empty() ? fs::temp_directory_path().string() : fs::absolute(near).parent_path().string();
  std::string t = (fs::path(folder) / ".dataport-policy.XXXXXX").string();
  std::vector<char> buf(t.begin(), t.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data())) throw Error(folder, std::string("cannot create a scratch folder: ") + std::strerror(errno));
  path = buf.data();
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path, ec);
}

namespace {

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Media kept under a policy: each file read from the person's media store, stripped, and
// written to the minimised store's (when `to` is set) under the SHA-256 of its new bytes.
Minimiser::MediaHook media_hook(const std::string& from, const std::string* to, PolicyReport& report) {
  return [from, to, &report](const std::string& sha, const std::string& mime_hint) -> std::optional<json> {
    MediaStore ms(from);
    std::string path = ms.path_of(sha);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      ++report.media_removed["not in the media store"];
      return std::nullopt;
    }
    std::string bytes = read_file(path);
    std::string mime = sniff_mime(std::string_view(bytes).substr(0, 4096), mime_hint == "" ? "" : "x" + mime_extension(mime_hint));
    std::optional<std::string> clean = strip_photo_metadata(bytes, mime, path);
    if (!clean) {
      ++report.media_removed["metadata cannot be stripped (" + mime + ")"];
      return std::nullopt;
    }
    std::string nsha = sha256_hex(*clean);
    if (to) {
      MediaStore dst(*to);
      std::string p = dst.path_of(nsha);
      fs::create_directories(fs::path(p).parent_path(), ec);
      std::ofstream f(p, std::ios::binary);
      f.write(clean->data(), static_cast<std::streamsize>(clean->size()));
      if (!f) throw Error(p, "cannot write a stripped media file (disk full?)");
    }
    return json{{"sha256", nsha}, {"mime", mime}, {"size", static_cast<int64_t>(clean->size())}};
  };
}

}  // namespace

PolicyReport minimise_store(Store& src, const std::string& db_path, const Policy& p, Pseudonymiser& ps,
                            const MinimiseOptions& o, Log& log) {
  Store dst(db_path, Store::Mode::read_write);
  // Read by the exporter once, then removed: no full-text index, indexes built once at commit.
  dst.make_scratch(false);
  std::string media_to = dst.media_dir();
  PolicyReport hook_report;
  MinimiseOptions mo = o;
  mo.examples = 0;
  // The exporter reads the minimised store in its own order (with --limit, the first N by time still).
  mo.filter.stored_order = mo.filter.limit < 0;
  Minimiser m(p, ps, mo, media_hook(src.media_dir(), &media_to, hook_report));
  src.begin_read();
  if (p.may_pseudonymise_text()) m.learn(src);
  std::map<std::string, int64_t> rowid;
  std::map<std::string, ArchiveRow> archives;
  for (const ArchiveRow& a : src.archives()) archives[a.sha256] = a;
  dst.begin(true);  // a new store, and distinct ids in give distinct ids out
  m.run(src, [&](const Record& r) {
    auto it = rowid.find(r.source.archive);
    if (it == rowid.end()) {
      // The archive's file name stays behind: names like facebook-alice.martin-2024.zip name the person.
      const ArchiveRow* a = archives.count(r.source.archive) ? &archives[r.source.archive] : nullptr;
      int64_t id = dst.upsert_archive(r.source.archive, r.platform + " export", json::array(), r.platform,
                                      a ? a->importer : "", a ? a->first_ingested : "");
      if (a) dst.finish_archive(id, 0, 0, 0, a->status);
      it = rowid.emplace(r.source.archive, id).first;
    }
    dst.insert_record(r, it->second);
  });
  dst.commit();
  src.commit();
  PolicyReport rep = m.report();
  rep.media_removed = hook_report.media_removed;
  int64_t in = 0, out = 0;
  for (const auto& [k, c] : rep.kinds) {
    in += c.in;
    out += c.out;
  }
  log.note("policy " + p.name + ": " + std::to_string(out) + " of " + std::to_string(in) + " records go out; " +
           std::to_string(ps.learnt()) + " names and usernames known to pseudonymise in text");
  if (rep.media_dropped || rep.media_kept)
    log.note("policy " + p.name + ": media: " + std::to_string(rep.media_kept) + " kept with GPS, serials and names stripped, " +
             std::to_string(rep.media_dropped) + " left out" +
             (p.media != "strip" && !o.keep_media && (p.media == "drop" || p.pseudonymises_people())
                  ? " (the policy pseudonymises people: photos show faces and carry EXIF; --keep-media keeps photos, stripped)"
                  : ""));
  return rep;
}

PolicyReport preview_policy(Store& src, const Policy& p, Pseudonymiser& ps, const MinimiseOptions& o) {
  PolicyReport hook_report;
  Minimiser m(p, ps, o, media_hook(src.media_dir(), nullptr, hook_report));
  src.begin_read();
  if (p.may_pseudonymise_text()) m.learn(src);
  m.run(src, [](const Record&) {});
  src.commit();
  PolicyReport rep = m.report();
  rep.media_removed = hook_report.media_removed;
  return rep;
}

json preview_json(const Policy& p, const PolicyReport& r) {
  json j = r.to_json(p);
  j["description"] = p.description;
  for (json& k : j["kinds"]) {
    json kept = json::array(), dropped = json::array(), transformed = json::array();
    for (const auto& [f, c] : k["fields"].items()) {
      if (c["transformed"].get<int64_t>() > 0) transformed.push_back(f);
      else if (c["kept"].get<int64_t>() > 0) kept.push_back(f);
      else dropped.push_back(f);
    }
    k["kept"] = kept;
    k["dropped"] = dropped;
    k["transformed"] = transformed;
  }
  json ex = json::array();
  for (const auto& [b, a] : r.examples) ex.push_back({{"before", b}, {"after", a}});
  j["examples"] = ex;
  return j;
}

namespace {

// Pads or cuts a line to `w` display columns.
std::string column(const std::string& s, size_t w) {
  std::string c = utf8_length(s) > w ? ellipsize(s, w) : s;
  size_t n = utf8_length(c);
  return c + std::string(n < w ? w - n : 0, ' ');
}

std::vector<std::string> lines_of(const json& v) {
  std::vector<std::string> out = split(v.dump(2, ' ', false, json::error_handler_t::replace), '\n');
  return out;
}

}  // namespace

std::string preview_text(const Policy& p, const PolicyReport& r, int width) {
  std::string s = "Preview of policy " + p.name + (p.description.empty() ? "" : ": " + p.description) + "\nNothing was written.\n\n";
  int64_t in = 0, out = 0;
  for (const auto& [kind, k] : r.kinds) {
    if (!k.in) continue;
    in += k.in;
    out += k.out;
    s += kind + ": " + std::to_string(k.out) + " of " + std::to_string(k.in) + " records go out";
    if (k.mode == "count") s += " (envelope only: counts and time)";
    s += "\n";
    for (const auto& [why, n] : k.removed) s += "  removed: " + std::to_string(n) + " " + why + "\n";
    std::vector<std::string> kept, dropped, transformed;
    for (const auto& [f, c] : k.fields) {
      if (c.transformed) transformed.push_back(f + " (" + c.rule + ")");
      else if (c.kept) kept.push_back(f);
      else dropped.push_back(f);
    }
    if (!kept.empty()) s += "  kept:        " + join(kept, ", ") + "\n";
    if (!transformed.empty()) s += "  transformed: " + join(transformed, ", ") + "\n";
    if (!dropped.empty()) s += "  dropped:     " + join(dropped, ", ") + "\n";
  }
  s += "\nIn all: " + std::to_string(out) + " of " + std::to_string(in) + " records go out.\n";
  if (r.media_kept || r.media_dropped) {
    s += "Media: " + std::to_string(r.media_kept) + " files kept with GPS, serial numbers and names stripped, " +
         std::to_string(r.media_dropped) + " left out";
    for (const auto& [why, n] : r.media_removed) s += "; " + std::to_string(n) + " " + why;
    s += ".\n";
  }
  size_t half = static_cast<size_t>(std::max(30, (width - 3) / 2));
  for (size_t i = 0; i < r.examples.size(); ++i) {
    const auto& [b, a] = r.examples[i];
    s += "\nExample " + std::to_string(i + 1) + " (" + b.value("kind", "") + ")\n";
    s += column("before", half) + " | after\n" + std::string(half, '-') + "-+-" + std::string(half, '-') + "\n";
    std::vector<std::string> lb = lines_of(b), la = lines_of(a);
    for (size_t j = 0; j < std::max(lb.size(), la.size()); ++j)
      s += column(j < lb.size() ? lb[j] : "", half) + " | " + (j < la.size() ? ellipsize(la[j], half) : "") + "\n";
  }
  return s;
}

}  // namespace dataport
