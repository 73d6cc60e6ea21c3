// iCalendar (RFC 5545): the events of every platform in one calendar.
// [x] event -> VEVENT: UID (the platform's when known, else the record id), DTSTAMP, SUMMARY,
//     LOCATION, DESCRIPTION, URL, STATUS, the person's response as an ATTENDEE PARTSTAT
// [x] times as the source meant them: in the event's zone (DTSTART;TZID= with a VTIMEZONE built
//     from the system tz database) when data.timezone is set, floating local time when the source
//     was floating, else UTC; all-day events as VALUE=DATE with the exclusive end of the model
// [x] RRULE and EXDATE kept, in the same zone as DTSTART (UTC + RRULE would shift every occurrence
//     after a daylight-saving change)
// [ ] events with no start time: iCalendar needs DTSTART (reported)
// [ ] a zone the system tz database does not know: written in UTC (reported)

#include <climits>
#include <map>

#include "exporters/common.h"
#include "exporters/output.h"
#include "lib/text.h"
#include "lib/zone.h"

namespace dataport {
namespace {

// Seconds (UTC or local wall time read as UTC) -> "20240115T090000", with "Z" when `utc`.
std::string ics_stamp(int64_t seconds, bool utc) {
  std::string s = format_rfc3339(from_unix_seconds(seconds));
  return s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2) + "T" + s.substr(11, 2) + s.substr(14, 2) + s.substr(17, 2) + (utc ? "Z" : "");
}

std::string ics_date(std::string_view d) { return std::string(d.substr(0, 4)) + std::string(d.substr(5, 2)) + std::string(d.substr(8, 2)); }

bool date_only(std::string_view s) { return s.size() == 10 && s[4] == '-' && s[7] == '-'; }
// "2024-07-01T09:00:00" with no zone: a floating local time.
bool floating(std::string_view s) { return s.size() >= 19 && s[10] == 'T' && s.find_first_of("Zz+", 19) == std::string_view::npos && s.find('-', 19) == std::string_view::npos; }

// The response of the person: Facebook's going/interested/declined, LinkedIn's approved/relinquished.
const char* partstat(const std::string& r) {
  if (r == "going" || r == "accepted" || r == "approved" || r == "yes" || r == "attending") return "ACCEPTED";
  if (r == "interested" || r == "maybe" || r == "tentative") return "TENTATIVE";
  if (r == "declined" || r == "not_going" || r == "no" || r == "relinquished" || r == "cancelled") return "DECLINED";
  if (r == "invited" || r == "needs-action" || r == "needs_action") return "NEEDS-ACTION";
  return nullptr;
}

const char* ics_status(const std::string& s) {
  if (s == "confirmed") return "CONFIRMED";
  if (s == "tentative") return "TENTATIVE";
  if (s == "cancelled" || s == "canceled") return "CANCELLED";
  return nullptr;
}

// "+0100", "-0330", "+005328" (LMT offsets keep their seconds).
std::string ics_offset(int32_t off) {
  char sign = off < 0 ? '-' : '+';
  int32_t a = off < 0 ? -off : off;
  char buf[16];
  if (a % 60) std::snprintf(buf, sizeof buf, "%c%02d%02d%02d", sign, a / 3600, a / 60 % 60, a % 60);
  else std::snprintf(buf, sizeof buf, "%c%02d%02d", sign, a / 3600, a / 60 % 60);
  return buf;
}

std::string byday(const ZoneRule& r) {
  static const char* days[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
  return "FREQ=YEARLY;BYMONTH=" + std::to_string(r.month) + ";BYDAY=" + (r.week == 5 ? "-1" : std::to_string(r.week)) + days[r.weekday];
}

int64_t jan1(int64_t year) { return days_from_civil(year, 1, 1) * 86400; }

// A VTIMEZONE that gives the zone's offsets from a year before `from` on: the explicit changes
// of the tz database up to the year its yearly rules took over, then those rules as RRULEs (so a
// recurring event without an end is right in every year).
std::string vtimezone(const Zone& z, int64_t from) {
  std::string out;
  auto line = [&](const std::string& l) { out += fold_line(l); };
  auto component = [&](bool dst, int32_t before, int32_t after, const std::string& abbr, int64_t at, const std::string& rrule) {
    line(dst ? "BEGIN:DAYLIGHT" : "BEGIN:STANDARD");
    line("TZOFFSETFROM:" + ics_offset(before));
    line("TZOFFSETTO:" + ics_offset(after));
    if (!abbr.empty() && abbr[0] != '+' && abbr[0] != '-') line("TZNAME:" + escape_text(abbr));
    line("DTSTART:" + ics_stamp(at + before, false));
    if (!rrule.empty()) line("RRULE:" + rrule);
    line(dst ? "END:DAYLIGHT" : "END:STANDARD");
  };
  std::string from_s = format_rfc3339(from_unix_seconds(from));
  int64_t start_year = std::stoll(from_s.substr(0, 4)) - 1;
  // The first year from which every explicit change is one the yearly rules make.
  bool rules = z.has_rules() && z.dst_start().time >= 0 && z.dst_start().time < 86400 && z.std_start().time >= 0 &&
               z.std_start().time < 86400;
  int64_t rule_year = LLONG_MAX;
  if (rules) {
    int64_t last = z.last_explicit();
    rule_year = last == INT64_MIN ? start_year : std::stoll(format_rfc3339(from_unix_seconds(last)).substr(0, 4)) + 1;
    // Walk back while the explicit changes agree with the rules.
    std::vector<ZoneChange> all = z.changes(jan1(1900), last == INT64_MIN ? jan1(1900) : last + 1);
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
      int64_t y = std::stoll(format_rfc3339(from_unix_seconds(it->at)).substr(0, 4));
      auto [a, b] = z.rule_changes(y);
      bool agrees = (it->at == a && it->after == z.dst_offset()) || (it->at == b && it->after == z.std_offset());
      if (!agrees) break;
      rule_year = y;
    }
  }
  int64_t explicit_until = rules ? jan1(std::max(rule_year, start_year)) : LLONG_MAX / 2;
  std::vector<ZoneChange> listed = z.changes(jan1(start_year), explicit_until);
  line("BEGIN:VTIMEZONE");
  line("TZID:" + z.name());
  bool covered = !listed.empty() && listed.front().at <= jan1(start_year + 1);
  if (rules) covered = covered || rule_year <= start_year;
  if (!covered) {
    // Nothing changes around the events: one observance from the start of the range.
    int32_t off = z.offset_at(jan1(start_year));
    component(false, off, off, off == z.dst_offset() && z.has_rules() ? z.dst_abbrev() : z.std_abbrev(), jan1(start_year) - off, "");
  }
  for (const ZoneChange& ch : listed) component(ch.dst, ch.before, ch.after, ch.abbrev, ch.at, "");
  if (rules) {
    int64_t y = std::max(rule_year, start_year);
    auto [a, b] = z.rule_changes(y);
    component(true, z.std_offset(), z.dst_offset(), z.dst_abbrev(), a, byday(z.dst_start()));
    component(false, z.dst_offset(), z.std_offset(), z.std_abbrev(), b, byday(z.std_start()));
  }
  line("END:VTIMEZONE");
  return out;
}

// How the times of one event are written: in its zone when known, else floating or UTC as given.
struct Clock {
  const Zone* zone = nullptr;
  // "DTSTART" + params + value for a start-form string; "" when unreadable.
  std::string prop(const std::string& name, const std::string& when) const {
    if (date_only(when)) return name + ";VALUE=DATE:" + ics_date(when);
    auto t = parse_iso8601(when);
    if (!t) return "";
    if (zone) {
      int64_t local = floating_text(when) ? t->seconds : t->seconds + zone->offset_at(t->seconds);
      return name + ";TZID=" + zone->name() + ":" + ics_stamp(local, false);
    }
    if (floating_text(when)) return name + ":" + ics_stamp(t->seconds, false);  // floating stays floating
    return name + ":" + ics_stamp(t->seconds, true);
  }
  static bool floating_text(std::string_view s) { return ::dataport::floating(s); }
};

}  // namespace

void export_ical(Store& store, const ExportOptions& opt, Log& log) {
  Report rep;
  // Read twice, not kept: every event's DTSTAMP is the newest event's time, and the calendar's
  // head names the zones the events use, so the events are written to a spill first (200k events
  // held as records and one text took 636 MB).
  int64_t newest = 0;
  store.each_record(with_kinds(opt.filter, {"event"}), [&](const Record& r) {
    if (r.time) newest = std::max(newest, r.time->seconds);
  });
  std::string stamp = ics_stamp(export_epoch(opt, newest), true);
  std::map<std::string, std::optional<Zone>> zones;  // by name, loaded once
  std::map<std::string, int64_t> zone_from;          // earliest instant written in each zone
  Spill body;
  auto line = [&](const std::string& l) { body.add(fold_line(l)); };
  store.each_record(with_kinds(opt.filter, {"event"}), [&](const Record& r) {
    const json& d = r.data;
    std::string start = field(d, "start"), end = field(d, "end");
    std::optional<Timestamp> ts = start.empty() ? std::nullopt : parse_iso8601(start);
    if (!ts && r.time) ts = r.time, start = time_string(r);
    if (!ts) {
      rep.dropped("events without a start time (" + (field(d, "name").empty() ? r.id : field(d, "name")) + ")");
      return;
    }
    Clock clock;
    std::string tz = field(d, "timezone");
    if (!tz.empty() && !date_only(start)) {
      auto [it, fresh] = zones.try_emplace(tz);
      if (fresh) it->second = Zone::load(tz);
      if (it->second) {
        clock.zone = &*it->second;
        int64_t at = Clock::floating_text(start) ? clock.zone->to_utc(ts->seconds) : ts->seconds;
        auto [f, none] = zone_from.try_emplace(tz, at);
        if (!none) f->second = std::min(f->second, at);
      } else if (!Clock::floating_text(start)) {
        rep.dropped("events in zone " + tz + ", unknown to this system's tz database: written in UTC" +
                    (field(d, "rrule").empty() ? "" : ", repeats may be an hour off after a daylight-saving change"));
      } else {
        rep.dropped("events in zone " + tz + ", unknown to this system's tz database: written as floating local time");
      }
    }
    line("BEGIN:VEVENT");
    std::string uid = field(d, "uid");
    line("UID:" + escape_text(uid.empty() ? r.id + "@" + r.platform + ".dataport.invalid" : uid));
    line("DTSTAMP:" + stamp);
    if (date_only(start)) {
      line("DTSTART;VALUE=DATE:" + ics_date(start));
      // The model's end of an all-day event is exclusive, as in iCalendar: the day after the last day.
      int64_t next = ts->seconds + 86400;
      if (auto e = date_only(end) ? parse_iso8601(end) : std::nullopt; e && e->seconds > ts->seconds) next = e->seconds;
      else if (!end.empty()) rep.dropped("all-day event ends that are unreadable or not after the start (one day written)");
      line("DTEND;VALUE=DATE:" + ics_date(format_rfc3339(from_unix_seconds(next))));
    } else {
      line(clock.prop("DTSTART", start));
      auto e = end.empty() ? std::nullopt : parse_iso8601(end);
      bool same_form = e && Clock::floating_text(end) == Clock::floating_text(start);
      if (same_form && e->seconds >= ts->seconds) line(clock.prop("DTEND", end));
      else if (!end.empty()) rep.dropped("event ends that are unreadable or before the start");
      if (clock.zone) rep.wrote("events in their own time zone");
      else if (Clock::floating_text(start)) rep.wrote("events in floating local time");
    }
    std::string name = field(d, "name");
    line("SUMMARY:" + escape_text(name.empty() ? "(untitled event)" : name));
    if (!field(d, "location").empty()) line("LOCATION:" + escape_text(field(d, "location")));
    else if (d.contains("place") && d["place"].is_object() && !field(d["place"], "name").empty())
      line("LOCATION:" + escape_text(field(d["place"], "name")));
    if (!field(d, "description").empty()) line("DESCRIPTION:" + escape_text(field(d, "description")));
    std::string url = field(d, "url");
    if (url.find("://") != std::string::npos && url.find(' ') == std::string::npos) line("URL:" + url);
    if (const char* st = ics_status(field(d, "status"))) line(std::string("STATUS:") + st);
    std::string rrule = field(d, "rrule");
    if (!rrule.empty()) {
      line("RRULE:" + (rrule.rfind("RRULE:", 0) == 0 ? rrule.substr(6) : rrule));
      rep.wrote("recurring events");
    }
    if (d.contains("exdates") && d["exdates"].is_array())
      for (const json& x : d["exdates"]) {
        std::string p = x.is_string() ? clock.prop("EXDATE", x.get<std::string>()) : "";
        if (p.empty()) rep.dropped("unreadable excluded dates of recurring events");
        else line(p);
      }
    // The person's answer: the response field, else a LinkedIn-style status (approved/relinquished).
    std::string resp = field(d, "response");
    if (resp.empty() && !ics_status(field(d, "status"))) resp = field(d, "status");
    if (const char* ps = partstat(lower(resp))) {
      line(std::string("ATTENDEE;CN=me;PARTSTAT=") + ps + ":mailto:me@dataport.invalid");
      rep.wrote("responses");
    }
    line("X-DATAPORT-SOURCE:" + escape_text(r.platform + " " + r.id));
    line("END:VEVENT");
    rep.wrote("events");
  });
  std::string head = fold_line("BEGIN:VCALENDAR") + fold_line("VERSION:2.0") +
                     fold_line("PRODID:-//dataport//dataport " DATAPORT_VERSION "//EN") + fold_line("CALSCALE:GREGORIAN");
  for (const auto& [name, from] : zone_from) head += vtimezone(*zones[name], from);
  AtomicFile out(opt.output, opt.force);
  out.write(head);
  body.copy(0, body.size(), [&](std::string_view s) { out.write(s); });
  out.write(fold_line("END:VCALENDAR"));
  out.commit();
  rep.print(log, "ical", opt.output);
}

}  // namespace dataport
