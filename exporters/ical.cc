// iCalendar (RFC 5545): the events of every platform in one calendar.
// [x] event -> VEVENT: UID (the platform's when known, else the record id), DTSTAMP, DTSTART/DTEND
//     in UTC, all-day events as VALUE=DATE with an exclusive end, SUMMARY, LOCATION, DESCRIPTION,
//     URL, STATUS, RRULE/EXDATE kept, the person's response as an ATTENDEE PARTSTAT
// [ ] events with no start time: iCalendar needs DTSTART (reported)

#include "exporters/common.h"
#include "exporters/output.h"
#include "lib/text.h"

namespace dataport {
namespace {

// "2024-01-15T09:00:00Z" -> "20240115T090000Z"; a date alone -> "20240115".
std::string ics_utc(const Timestamp& t) {
  std::string s = format_rfc3339(Timestamp{t.seconds, 0, 0, Precision::second});
  return s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2) + "T" + s.substr(11, 2) + s.substr(14, 2) + s.substr(17, 2) + "Z";
}

std::string ics_date(std::string_view d) { return std::string(d.substr(0, 4)) + std::string(d.substr(5, 2)) + std::string(d.substr(8, 2)); }

bool date_only(std::string_view s) { return s.size() == 10 && s[4] == '-' && s[7] == '-'; }

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

}  // namespace

void export_ical(Store& store, const ExportOptions& opt, Log& log) {
  Report rep;
  std::vector<Record> recs = load_kinds(store, opt, {"event"});
  std::string stamp = ics_utc(from_unix_seconds(export_epoch(opt, newest_time(recs))));
  std::string body;
  auto line = [&](const std::string& l) { body += fold_line(l); };
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line("PRODID:-//dataport//dataport " DATAPORT_VERSION "//EN");
  line("CALSCALE:GREGORIAN");
  for (const Record& r : recs) {
    const json& d = r.data;
    std::string start = field(d, "start"), end = field(d, "end");
    std::optional<Timestamp> ts = start.empty() ? std::nullopt : parse_iso8601(start);
    if (!ts && r.time) ts = r.time, start = time_string(r);
    if (!ts) {
      rep.dropped("events without a start time (" + (field(d, "name").empty() ? r.id : field(d, "name")) + ")");
      continue;
    }
    line("BEGIN:VEVENT");
    std::string uid = d.contains("raw") ? field(d["raw"], "uid") : "";
    line("UID:" + escape_text(uid.empty() ? r.id + "@" + r.platform + ".dataport.invalid" : uid));
    line("DTSTAMP:" + stamp);
    if (date_only(start)) {
      line("DTSTART;VALUE=DATE:" + ics_date(start));
      // The end of an all-day event is exclusive: the day after the last day.
      std::optional<Timestamp> e = date_only(end) ? parse_iso8601(end) : std::nullopt;
      int64_t last = e ? e->seconds : ts->seconds;
      if (last < ts->seconds) last = ts->seconds;
      std::string next = format_rfc3339(from_unix_seconds(last + 86400));
      line("DTEND;VALUE=DATE:" + ics_date(next));
    } else {
      line("DTSTART:" + ics_utc(*ts));
      if (auto e = end.empty() ? std::nullopt : parse_iso8601(end); e && e->seconds >= ts->seconds)
        line("DTEND:" + ics_utc(*e));
      else if (!end.empty()) rep.dropped("event ends that are unreadable or before the start");
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
      for (const json& x : d["exdates"])
        if (x.is_string()) line("EXDATE:" + x.get<std::string>());
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
  }
  line("END:VCALENDAR");
  AtomicFile out(opt.output, opt.force);
  out.write(body);
  out.commit();
  rep.print(log, "ical", opt.output);
}

}  // namespace dataport
