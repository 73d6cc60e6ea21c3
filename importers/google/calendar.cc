// Contacts (vCard 3.0, Contacts/<group>/<group>.vcf) and Calendar (iCalendar, Calendar/<name>.ics),
// both read line by line with RFC folding undone. A recurring event stays one record carrying its
// RRULE; times with a TZID are resolved through the file's own VTIMEZONE rules.

#include <climits>
#include <cstdlib>
#include <map>

#include "importers/google/google.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/text.h"
#include "lib/zone.h"

namespace dataport::google {

namespace {

/// One content line: NAME;PARAM=V;PARAM=V:value.
struct Prop {
  std::string name;                         // upper case, group dropped ("item1.EMAIL" -> EMAIL)
  std::multimap<std::string, std::string> params;  // upper-case keys
  std::string value;
};

Prop parse_prop(const std::string& line) {
  Prop p;
  // The value starts at the first ':' outside a quoted parameter value.
  bool quoted = false;
  size_t colon = std::string::npos;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    else if (line[i] == ':' && !quoted) {
      colon = i;
      break;
    }
  }
  std::string head = colon == std::string::npos ? line : line.substr(0, colon);
  p.value = colon == std::string::npos ? "" : line.substr(colon + 1);
  std::vector<std::string> parts = split(head, ';');
  std::string name = parts.empty() ? "" : parts[0];
  size_t dot = name.find('.');
  if (dot != std::string::npos) name = name.substr(dot + 1);
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  p.name = name;
  for (size_t i = 1; i < parts.size(); ++i) {
    size_t eq = parts[i].find('=');
    std::string k = parts[i].substr(0, eq), v = eq == std::string::npos ? "" : parts[i].substr(eq + 1);
    for (char& c : k) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (eq == std::string::npos) {  // vCard 2.1 bare types: "TEL;CELL:..."
      v = k;
      k = "TYPE";
    }
    for (const std::string& one : split(v, ',')) p.params.emplace(k, std::string(trim(one)));
  }
  return p;
}

std::string unescape(std::string_view v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      char n = v[++i];
      out += (n == 'n' || n == 'N') ? '\n' : n;
    } else {
      out += v[i];
    }
  }
  return out;
}

// Splits a structured value on unescaped ';'.
std::vector<std::string> components(const std::string& v) {
  std::vector<std::string> out(1);
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      out.back() += v.substr(i, 2);
      ++i;
    } else if (v[i] == ';') {
      out.emplace_back();
    } else {
      out.back() += v[i];
    }
  }
  for (std::string& c : out) c = unescape(c);
  return out;
}

std::string file_stem_of(const std::string& path) {
  std::string name(basename(path));
  size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(0, dot);
}

std::string types_of(const Prop& p) {
  std::vector<std::string> t;
  auto range = p.params.equal_range("TYPE");
  for (auto it = range.first; it != range.second; ++it) {
    std::string v = lower(it->second);
    if (v != "internet" && v != "pref" && v != "voice") t.push_back(v);
  }
  return join(t, ",");
}

// Reads unfolded lines: a line starting with a space or tab continues the one before.
class Unfolder {
 public:
  explicit Unfolder(Stream& s) : lines_(s) {}
  bool next(std::string& out) {
    if (!have_ && !lines_.next(pending_)) return false;
    have_ = false;
    out = pending_;
    line_ = lines_.line_number();
    std::string more;
    while (lines_.next(more)) {
      if (!more.empty() && (more[0] == ' ' || more[0] == '\t')) {
        out += more.substr(1);
        continue;
      }
      pending_ = more;
      have_ = true;
      break;
    }
    if (line_ == 1) out = std::string(strip_bom(out));
    return true;
  }
  int64_t line() const { return line_; }

 private:
  LineReader lines_;
  std::string pending_;
  bool have_ = false;
  int64_t line_ = 0;
};

// --- time zones from VTIMEZONE -----------------------------------------------------------

/// One STANDARD or DAYLIGHT block: from its yearly rule's month and nth weekday at a local time.
struct Transition {
  int offset_to = 0;  // minutes
  int month = 0, nth = 0, weekday = 0, hour = 0, minute = 0;  // nth -1 = last
};

struct TimeZone {
  std::vector<Transition> rules;
};

int parse_offset(const std::string& v) {  // "+0100", "-0430"
  if (v.size() < 5) return 0;
  int sign = v[0] == '-' ? -1 : 1;
  return sign * (std::atoi(v.substr(1, 2).c_str()) * 60 + std::atoi(v.substr(3, 2).c_str()));
}

int64_t nth_weekday(int64_t year, int month, int nth, int weekday) {
  static const auto wd_of = [](int64_t day) {
    int64_t w = (day + 4) % 7;  // 0 = Sunday
    return w < 0 ? w + 7 : w;
  };
  if (nth > 0) {
    int64_t first = days_from_civil(year, static_cast<unsigned>(month), 1);
    return first + (weekday - wd_of(first) + 7) % 7 + 7 * (nth - 1);
  }
  int64_t last = days_from_civil(month == 12 ? year + 1 : year, month == 12 ? 1u : static_cast<unsigned>(month + 1), 1) - 1;
  return last - (wd_of(last) - weekday + 7) % 7;
}

// UTC offset of a local time in a zone: the rule whose last transition came latest wins.
int zone_offset(const TimeZone& z, int64_t local) {
  if (z.rules.empty()) return 0;
  if (z.rules.size() == 1 || z.rules[0].month == 0) return z.rules[0].offset_to;
  int64_t year = 1970 + local / 86400 / 366;
  while (days_from_civil(year + 1, 1, 1) * 86400 <= local) ++year;
  int best = z.rules[0].offset_to;
  int64_t best_at = INT64_MIN;
  for (int64_t y : {year - 1, year})
    for (const Transition& t : z.rules) {
      if (t.month == 0) continue;
      int64_t at = nth_weekday(y, t.month, t.nth, t.weekday) * 86400 + t.hour * 3600 + t.minute * 60;
      if (at <= local && at > best_at) {
        best_at = at;
        best = t.offset_to;
      }
    }
  return best;
}

struct When {
  std::optional<Timestamp> utc;  // when it can be placed on the time line
  std::string text;              // for data.start/end: ISO, cut to a date for all-day events
};

// Zones the file names without defining them, read from the system tz database (once each).
using SystemZones = std::map<std::string, std::optional<Zone>>;

When ics_time(const Prop& p, const std::map<std::string, TimeZone>& zones, SystemZones& system) {
  When w;
  std::string v(trim(p.value));
  if (v.size() == 8) {  // VALUE=DATE: an all-day event
    if (auto t = parse_time(v, "%Y%m%d")) {
      t->precision = Precision::day;
      w.utc = t;
      w.text = format_iso_precision(*t);
    }
    return w;
  }
  bool z = !v.empty() && (v.back() == 'Z' || v.back() == 'z');
  auto t = parse_time(z ? v.substr(0, v.size() - 1) : v, "%Y%m%dT%H%M%S");
  if (!t) return w;
  auto tzid = p.params.find("TZID");
  if (!z) {
    auto zone = tzid == p.params.end() ? zones.end() : zones.find(tzid->second);
    std::optional<Zone>* sys = nullptr;
    if (tzid != p.params.end() && zone == zones.end()) {
      auto [it, fresh] = system.try_emplace(tzid->second);
      if (fresh) it->second = Zone::load(tzid->second);
      sys = &it->second;
    }
    if (zone != zones.end()) t->seconds -= zone_offset(zone->second, t->seconds) * 60;
    else if (sys && *sys) t->seconds = (*sys)->to_utc(t->seconds);
    else {
      // No TZID (RFC 5545 floating time), or a zone neither the file nor the system defines.
      w.text = format_rfc3339(*t);
      w.text.pop_back();  // a floating local time: no Z
      return w;
    }
  }
  w.utc = t;
  w.text = format_rfc3339(*t);
  return w;
}

// What one vCard says, filled property by property.
struct Card {
  json d = json::object(), emails = json::array(), phones = json::array(), addresses = json::array(), raw = json::object();
  std::string uid;
};

// CATEGORIES: a list split at the commas that are not escaped.
json categories_of(const std::string& value) {
  json cats = json::array();
  std::string cur;
  for (size_t i = 0; i <= value.size(); ++i) {
    if (i == value.size() || value[i] == ',') {
      if (!trim(unescape(cur)).empty()) cats.push_back(std::string(trim(unescape(cur))));
      cur.clear();
    } else if (value[i] == '\\' && i + 1 < value.size()) {
      cur += value.substr(i, 2);
      ++i;
    } else cur += value[i];
  }
  return cats;
}

// One property of a vCard into the card.
void card_prop(Card& card, const Prop& q) {
  std::string v = unescape(q.value);
  if (q.name == "FN") put(card.d, "name", v);
  else if (q.name == "N") {  // family;given;additional;prefix;suffix
    auto c = components(q.value);
    put(card.d, "last_name", c.size() > 0 ? c[0] : "");
    put(card.d, "first_name", c.size() > 1 ? c[1] : "");
    put(card.d, "middle_name", c.size() > 2 ? c[2] : "");
    put(card.d, "name_prefix", c.size() > 3 ? c[3] : "");
    put(card.d, "name_suffix", c.size() > 4 ? c[4] : "");
  } else if (q.name == "EMAIL" && !trim(v).empty()) {
    json em = json{{"address", std::string(trim(v))}};
    put(em, "type", types_of(q));
    card.emails.push_back(em);
  } else if (q.name == "TEL" && !trim(v).empty()) {
    json t = json{{"number", std::string(trim(v))}};
    put(t, "type", types_of(q));
    card.phones.push_back(t);
  } else if (q.name == "ORG") {  // organisation;unit;unit...
    auto c = components(q.value);
    put(card.d, "company", c.empty() ? "" : c[0]);
    json units = json::array();
    for (size_t i = 1; i < c.size(); ++i)
      if (!trim(c[i]).empty()) units.push_back(c[i]);
    if (!units.empty()) card.d["departments"] = units;
  }
  else if (q.name == "TITLE") put(card.d, "title", v);
  else if (q.name == "NOTE") put(card.d, "note", v);
  else if (q.name == "URL") put(card.d, "url", v);
  else if (q.name == "BDAY") put(card.d, "birthday", v);
  else if (q.name == "NICKNAME") put(card.d, "nickname", v);
  else if (q.name == "ADR") {  // po box;extended;street;locality;region;postal code;country
    auto c = components(q.value);
    static const char* keys[] = {"po_box", "extended", "street", "locality", "region", "postal_code", "country"};
    json a = json::object();
    std::vector<std::string> parts;
    for (size_t i = 0; i < c.size() && i < 7; ++i) {
      put(a, keys[i], std::string(trim(c[i])));
      if (!trim(c[i]).empty()) parts.push_back(std::string(trim(c[i])));
    }
    if (!a.empty()) {
      put(a, "type", types_of(q));
      card.addresses.push_back(a);
    }
    if (!card.d.contains("address")) put(card.d, "address", join(parts, ", "));
  } else if (q.name == "UID") card.uid = v;
  else if (q.name == "CATEGORIES") {
    json cats = categories_of(q.value);
    if (!cats.empty()) card.d["categories"] = cats;
  }
  else if (q.name == "PHOTO" || q.name == "VERSION" || q.name == "PRODID") return;
  else if (q.name.rfind("X-", 0) != 0) put(card.raw, snake_case(q.name).c_str(), v);
}

// The event record of one VEVENT's properties (`calendar`: the file's X-WR-CALNAME).
Record event_record(const std::vector<Prop>& event, const std::map<std::string, TimeZone>& zones, SystemZones& system,
                    const std::string& calendar, const File& f, int64_t start_line) {
  std::map<std::string, const Prop*> one;
  json raw = json::object();
  json exdates = json::array();  // in the form of data.start: UTC when the zone is known
  for (const Prop& q : event) {
    if (q.name != "EXDATE") {
      if (!one.count(q.name)) one[q.name] = &q;
      continue;
    }
    for (const std::string& x : split(q.value, ',')) {
      Prop item = q;
      item.value = x;
      When w = ics_time(item, zones, system);
      if (!w.text.empty()) exdates.push_back(w.text);
    }
  }
  auto get = [&](const char* k) { return one.count(k) ? unescape(one[k]->value) : std::string(); };
  std::string uid = get("UID");
  std::string rid = one.count("RECURRENCE-ID") ? one["RECURRENCE-ID"]->value : "";
  When start = one.count("DTSTART") ? ics_time(*one["DTSTART"], zones, system) : When{};
  When end = one.count("DTEND") ? ics_time(*one["DTEND"], zones, system) : When{};
  Record r = make_record("event", "google", "ics|" + uid + "|" + rid + (uid.empty() ? get("SUMMARY") + start.text : ""),
                         f.entry->path, "line " + std::to_string(start_line));
  r.service = "calendar";
  if (start.utc) set_time(r, *start.utc);
  put(r.data, "name", get("SUMMARY"));
  put(r.data, "start", start.text);
  put(r.data, "end", end.text);
  put(r.data, "location", get("LOCATION"));
  put(r.data, "description", get("DESCRIPTION"));
  put(r.data, "status", lower(get("STATUS")));
  put(r.data, "url", get("URL"));
  put(r.data, "rrule", one.count("RRULE") ? one["RRULE"]->value : "");
  if (!exdates.empty()) r.data["exdates"] = exdates;
  put(raw, "recurrence_id", rid);
  put(r.data, "uid", uid);
  put(raw, "calendar", calendar);
  if (one.count("DTSTART") && one["DTSTART"]->params.count("TZID")) put(r.data, "timezone", one["DTSTART"]->params.find("TZID")->second);
  if (one.count("ORGANIZER")) put(raw, "organizer", replace_all(one["ORGANIZER"]->value, "mailto:", ""));
  json attendees = json::array();
  for (const Prop& q : event)
    if (q.name == "ATTENDEE") {
      json a = json{{"email", replace_all(q.value, "mailto:", "")}};
      if (q.params.count("CN")) put(a, "name", q.params.find("CN")->second);
      if (q.params.count("PARTSTAT")) put(a, "response", lower(q.params.find("PARTSTAT")->second));
      attendees.push_back(a);
    }
  if (!attendees.empty()) raw["attendees"] = attendees;
  if (!raw.empty()) r.data["raw"] = std::move(raw);
  return r;
}

// A property of a VTIMEZONE's STANDARD or DAYLIGHT block into its transition.
void transition_prop(Transition& tr, const Prop& p, const std::string& v) {
  if (p.name == "TZOFFSETTO") tr.offset_to = parse_offset(v);
  else if (p.name == "DTSTART" && v.size() >= 15) {
    tr.hour = std::atoi(v.substr(9, 2).c_str());
    tr.minute = std::atoi(v.substr(11, 2).c_str());
  } else if (p.name == "RRULE") {
    for (const std::string& part : split(v, ';')) {
      if (part.rfind("BYMONTH=", 0) == 0) tr.month = std::atoi(part.c_str() + 8);
      if (part.rfind("BYDAY=", 0) == 0) {
        std::string d = part.substr(6);  // "-1SU", "2SU"
        static const char* days[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
        if (d.size() >= 2)
          for (int k = 0; k < 7; ++k)
            if (d.compare(d.size() - 2, 2, days[k]) == 0) tr.weekday = k;
        tr.nth = d.size() > 2 ? std::atoi(d.substr(0, d.size() - 2).c_str()) : 1;
      }
    }
  }
}

}  // namespace

Verdict read_vcards(ImportContext& cx, const File& f) {
  auto s = cx.in.open(*f.entry);
  Unfolder lines(*s);
  std::string line;
  std::vector<Prop> card;
  int64_t start_line = 0, n = 0;
  bool in_card = false;
  std::string group = file_stem_of(f.canon);
  while (lines.next(line)) {
    if (trim(line).empty()) continue;
    Prop p = parse_prop(line);
    if (p.name == "BEGIN" && iequals(trim(p.value), "VCARD")) {
      in_card = true;
      card.clear();
      start_line = lines.line();
      continue;
    }
    if (!in_card) continue;
    if (!(p.name == "END" && iequals(trim(p.value), "VCARD"))) {
      card.push_back(std::move(p));
      continue;
    }
    in_card = false;
    Card parsed;
    for (const Prop& q : card) card_prop(parsed, q);
    json& d = parsed.d;
    json &emails = parsed.emails, &phones = parsed.phones, &addresses = parsed.addresses, &raw = parsed.raw;
    const std::string& uid = parsed.uid;
    if (!emails.empty()) {
      d["emails"] = emails;
      d["email"] = emails[0]["address"];
    }
    if (!phones.empty()) d["phones"] = phones;
    if (!addresses.empty()) d["addresses"] = addresses;
    if (d.empty()) {
      cx.log.warn(f.where + ": line " + std::to_string(start_line), "empty vCard; skipped");
      continue;
    }
    // Without a UID, every field tells two cards apart (two "Mom" with different addresses).
    std::string key = !uid.empty() ? uid : d.value("name", "") + "|" + d.value("email", "") + "|" +
                                               (phones.empty() ? "" : phones[0]["number"].get<std::string>()) + "|" +
                                               sha256_hex(d.dump()).substr(0, 32);
    Record r = make_record("contact", "google", "vcard|" + key, f.entry->path, "line " + std::to_string(start_line));
    r.service = "contacts";
    r.data = d;
    r.data["relation"] = "address_book";
    put(raw, "group", group);
    if (!raw.empty()) r.data["raw"] = raw;
    cx.out.add(std::move(r));
    ++n;
  }
  if (in_card) cx.log.partial(f.where, "the last vCard never ends");
  return {in_card ? Fate::partial : Fate::parsed, std::to_string(n) + " contacts"};
}

Verdict read_calendar(ImportContext& cx, const File& f) {
  // VTIMEZONE blocks come first in Google's exports; a zone the file does not define (Kalender/
  // Arbeit.ics names Europe/Berlin only) is read from the system tz database, and a time with no
  // TZID and no Z stays floating local time.
  auto s = cx.in.open(*f.entry);
  Unfolder lines(*s);
  std::string line, calendar, tzid;
  std::map<std::string, TimeZone> zones;
  SystemZones system;
  std::vector<std::string> stack;
  std::vector<Prop> event;
  Transition tr;
  int64_t start_line = 0, n = 0;
  while (lines.next(line)) {
    if (trim(line).empty()) continue;
    Prop p = parse_prop(line);
    std::string v(trim(p.value));
    if (p.name == "BEGIN") {
      stack.push_back(v);
      if (v == "VEVENT") {
        event.clear();
        start_line = lines.line();
      } else if (v == "STANDARD" || v == "DAYLIGHT") tr = Transition{};
      continue;
    }
    if (p.name == "END") {
      if (!stack.empty()) stack.pop_back();
      if ((v == "STANDARD" || v == "DAYLIGHT") && !tzid.empty()) zones[tzid].rules.push_back(tr);
      if (v != "VEVENT") continue;
      cx.out.add(event_record(event, zones, system, calendar, f, start_line));
      ++n;
      continue;
    }
    std::string in = stack.empty() ? "" : stack.back();
    if (in == "VCALENDAR" && p.name == "X-WR-CALNAME") calendar = unescape(v);
    else if (in == "VTIMEZONE" && p.name == "TZID") tzid = v;
    else if (in == "STANDARD" || in == "DAYLIGHT") transition_prop(tr, p, v);
    else if (in == "VEVENT") event.push_back(std::move(p));
  }
  return {Fate::parsed, std::to_string(n) + " events"};
}

}  // namespace dataport::google
