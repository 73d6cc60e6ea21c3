// The audit as one HTML page a person reads in a browser, prints or opens on a phone: inline CSS
// and SVG only, no script, and a Content-Security-Policy that lets the page fetch nothing at all.
// Every chart has a table beside it (in a <details>), headings give the outline, and colours come
// from the Okabe-Ito palette, which stays distinct under the common colour-vision deficiencies.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "lib/audit.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport {

namespace {

// Okabe & Ito (2008), "Color Universal Design", without yellow (too faint on white).
// An eighth colour, Tol's wine, for an eighth platform.
constexpr const char* palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#882255"};
// Sequential, colour-blind safe (viridis, five stops): light for few records, dark for many.
constexpr const char* heat[] = {"#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"};

std::string esc(std::string_view raw) {
  std::string s = repair_utf8(raw), out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string text(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string out;
    for (const json& x : v) out += (out.empty() ? "" : ", ") + text(x);
    return out;
  }
  return v.dump();
}

std::string count(const json& v) {
  int64_t n = v.is_number() ? v.get<int64_t>() : 0;
  std::string d = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i && (d.size() - i) % 3 == 0) out += ',';
    out += d[i];
  }
  return n < 0 ? "-" + out : out;
}

// A date for people: the day of an RFC 3339 time ("2024-06-04T11:20:00Z" -> "2024-06-04").
std::string day(const json& v) {
  if (!v.is_string()) return "—";
  std::string d = esc(v.get<std::string>().substr(0, 10));
  return "<time datetime=\"" + d + "\">" + d + "</time>";
}

std::string fmt(const char* f, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, a);
  return buf;
}

struct Table {
  std::string html;
  explicit Table(std::initializer_list<const char*> heads, const char* caption = nullptr) {
    html = "<div class=\"scroll\"><table>";
    if (caption) html += std::string("<caption>") + caption + "</caption>";
    html += "<thead><tr>";
    for (const char* h : heads) html += std::string("<th scope=\"col\">") + h + "</th>";
    html += "</tr></thead><tbody>";
  }
  // Cells are HTML already (escape text with esc()); a cell starting with '#' is a number.
  void row(std::initializer_list<std::string> cells) { html += row_html(cells); }
  static std::string row_html(std::initializer_list<std::string> cells) {
    std::string out = "<tr>";
    for (const std::string& c : cells)
      out += c.size() && c[0] == '#' ? "<td class=\"n\">" + c.substr(1) + "</td>" : "<td>" + c + "</td>";
    return out + "</tr>";
  }
  std::string done() { return html + end; }
  static constexpr const char* end = "</tbody></table></div>";
};

// The rows of the two long lists, and their tables' heads, for the report and for its spooled form.
Table inference_table() { return Table({"platform", "platform's label", "value", "topic", "record"}); }
std::string inference_row(const json& i) {
  return Table::row_html({esc(text(i["platform"])), esc(text(i["label"])),
                          esc(text(i["value"])) + (i.contains("disabled") ? " <small>(turned off by you)</small>" : ""),
                          esc(text(i["topic"])), "<code>" + esc(text(i["record"]).substr(0, 12)) + "</code>"});
}
Table flag_table() { return Table({"category", "platform", "what the platform wrote", "why it is flagged", "record it came from"}); }
std::string flag_row(const json& s) {
  return Table::row_html({"<strong>" + esc(text(s["category"])) + "</strong>", esc(text(s["platform"])),
                          esc(text(s["label"])) + ": " + esc(text(s["value"])), esc(text(s["reason"])),
                          "<code>" + esc(text(s["record"])) + "</code><br><small>" + esc(text(s["path"])) + "</small>"});
}
// Where a spooled list goes: write_audit_html() streams its table there. Never in escaped text.
constexpr std::string_view spool_mark = "<!--spool:";

std::string section(const char* id, const char* title, const std::string& lead, const std::string& body) {
  return std::string("<section id=\"") + id + "\" aria-labelledby=\"h-" + id + "\"><h2 id=\"h-" + id + "\">" + title +
         "</h2>" + (lead.empty() ? "" : "<p class=\"lead\">" + lead + "</p>") + body + "</section>\n";
}

std::string details(const std::string& summary, const std::string& body) {
  return "<details><summary>" + summary + "</summary>" + body + "</details>";
}

std::string none(const char* what) { return std::string("<p class=\"none\">") + what + "</p>"; }

// "Showing 500 of 12,345 inferences (...)" under a list the report cut short, else nothing.
std::string shown(const json& a, const char* list, const std::string& what, const std::string& which) {
  const json& l = a["lists"].value(list, json::object());
  int64_t total = l.value("total", int64_t{0}), n = l.value("shown", int64_t{0});
  if (n >= total) return "";
  return "<p class=\"note cut\">Showing " + count(json(n)) + " of " + count(json(total)) + " " + what + " (" + which +
         "). <code>dataport audit --max-items 0</code> shows every one; <code>--format json</code> gives them to a script.</p>";
}

std::string bar(int64_t n, int64_t max, const std::string& colour = palette[0]) {
  double w = max > 0 ? 100.0 * static_cast<double>(n) / static_cast<double>(max) : 0;
  return "<span class=\"bar\" aria-hidden=\"true\"><span style=\"width:" + fmt("%.1f", w) + "%;background:" + colour +
         "\"></span></span>";
}

std::map<std::string, std::string> platform_colours(const json& a) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  for (const json& p : a["platforms"]) out[p["platform"].get<std::string>()] = palette[i++ % 8];
  return out;
}

// ---- sections -------------------------------------------------------------------------------

int64_t month_index(const std::string& m) { return std::stoll(m.substr(0, 4)) * 12 + std::stoll(m.substr(5, 2)) - 1; }

std::string timeline_svg(const json& a, const std::map<std::string, std::string>& colours) {
  const json& tl = a["timeline"];
  if (tl.empty()) return none("No record has a date.");
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  std::map<std::string, std::map<int64_t, int64_t>> rows;
  for (const json& t : tl) {
    int64_t m = month_index(t["month"].get<std::string>());
    lo = std::min(lo, m);
    hi = std::max(hi, m);
    rows[t["platform"].get<std::string>()][m] += t["records"].get<int64_t>();
  }
  const double left = 110, width = 860, row_h = 34, top = 8;
  double span = static_cast<double>(hi - lo + 1), step = (width - left - 10) / span;
  double height = top + row_h * static_cast<double>(rows.size()) + 24;
  std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + fmt("%.0f", width) + " " + fmt("%.0f", height) +
                    "\" role=\"img\" aria-labelledby=\"tl-title\"><title id=\"tl-title\">Records per month and platform, " +
                    std::to_string(lo / 12) + " to " + std::to_string(hi / 12) + "; the table below has the numbers</title>";
  // Year ticks: every year when few, else every 2, 5 or 10.
  int64_t years = hi / 12 - lo / 12 + 1, every = years <= 12 ? 1 : years <= 24 ? 2 : years <= 60 ? 5 : 10;
  for (int64_t y = lo / 12; y <= hi / 12; ++y) {
    if (y % every) continue;
    double x = left + static_cast<double>(std::max<int64_t>(y * 12, lo) - lo) * step;
    svg += "<line x1=\"" + fmt("%.1f", x) + "\" y1=\"" + fmt("%.0f", top) + "\" x2=\"" + fmt("%.1f", x) + "\" y2=\"" +
           fmt("%.0f", height - 18) + "\" class=\"grid\"/><text x=\"" + fmt("%.1f", x + 2) + "\" y=\"" +
           fmt("%.0f", height - 5) + "\" class=\"tick\">" + std::to_string(y) + "</text>";
  }
  double y = top;
  for (auto& [platform, months] : rows) {
    int64_t peak = 0;
    for (auto& [m, n] : months) peak = std::max(peak, n);
    svg += "<text x=\"0\" y=\"" + fmt("%.1f", y + row_h * 0.55) + "\" class=\"label\">" + esc(platform) + "</text>";
    svg += "<text x=\"0\" y=\"" + fmt("%.1f", y + row_h * 0.55 + 11) + "\" class=\"tick\">peak " + count(peak) + "/month</text>";
    svg += "<line x1=\"" + fmt("%.0f", left) + "\" y1=\"" + fmt("%.1f", y + row_h - 4) + "\" x2=\"" + fmt("%.0f", width - 10) +
           "\" y2=\"" + fmt("%.1f", y + row_h - 4) + "\" class=\"axis\"/>";
    for (auto& [m, n] : months) {
      // Square-root scale, so a quiet month still shows beside a busy one.
      double h = std::max(1.5, (row_h - 8) * std::sqrt(static_cast<double>(n) / static_cast<double>(peak)));
      svg += "<rect x=\"" + fmt("%.2f", left + static_cast<double>(m - lo) * step) + "\" y=\"" + fmt("%.2f", y + row_h - 4 - h) +
             "\" width=\"" + fmt("%.2f", std::max(step * 0.85, 1.0)) + "\" height=\"" + fmt("%.2f", h) + "\" fill=\"" +
             colours.at(platform) + "\"/>";
    }
    y += row_h;
  }
  return svg + "</svg>";
}

std::string volume(const json& a, const std::map<std::string, std::string>& colours) {
  std::string body;
  Table t({"platform", "records", "first", "last", "undated", "kinds"});
  int64_t max = 0;
  for (const json& p : a["platforms"]) max = std::max(max, p["total"].get<int64_t>());
  for (const json& p : a["platforms"]) {
    std::string kinds;
    for (auto& [k, n] : p["records"].items()) kinds += (kinds.empty() ? "" : ", ") + esc(k) + " " + count(n);
    t.row({esc(text(p["platform"])), "#" + count(p["total"]) + " " + bar(p["total"].get<int64_t>(), max, colours.at(text(p["platform"]))),
           day(p["first"]), day(p["last"]), "#" + count(p["undated"]), "<small>" + kinds + "</small>"});
  }
  body += t.done();
  body += "<h3>Activity per month</h3><figure>" + timeline_svg(a, colours) +
          "<figcaption>Each row is one platform, scaled to its own busiest month (square-root scale).</figcaption></figure>";
  Table ty({"platform", "year", "kind", "records"});
  for (const json& p : a["platforms"])
    for (const json& ky : p["kinds_by_year"]) ty.row({esc(text(p["platform"])), esc(text(ky["year"])), esc(text(ky["kind"])), "#" + count(ky["records"])});
  Table tm({"platform", "month", "records"});
  for (const json& m : a["timeline"]) tm.row({esc(text(m["platform"])), esc(text(m["month"])), "#" + count(m["records"])});
  body += details("The chart as a table: records per platform and month", tm.done());
  body += details("Records per platform, year and kind", ty.done());
  body += "<h3>Archives read</h3><p>" + count(json(a["archives"].size())) + " archives, each named by the SHA-256 of its bytes.</p>";
  Table ta({"archive", "platform", "status", "records new", "files", "first ingested", "SHA-256"});
  for (const json& ar : a["archives"])
    ta.row({esc(text(ar["name"])), esc(text(ar["platform"])), esc(text(ar["status"])), "#" + count(ar["records_new"]),
            "#" + count(ar["files"]), day(ar["first_ingested"]), "<code class=\"hash\">" + esc(text(ar["sha256"])) + "</code>"});
  body += a["archives"].empty() ? none("No archive has been ingested.") : details("The archives, their status and SHA-256", ta.done());
  const json& tot = a["totals"];
  std::string lead = count(tot["records"]) + " records from " + count(tot["platforms"]) + " platforms";
  if (tot["first"].is_string()) lead += ", dated from " + day(tot["first"]) + " to " + day(tot["last"]);
  lead += " (" + count(tot["undated"]) + " without a date).";
  return section("volume", "Volume and span", lead, body);
}

std::string inferences(const json& a, bool spooled) {
  const json& items = a["inferences"];
  const json& sum = a["inference_summary"];
  if (sum["total"].get<int64_t>() == 0)
    return section("inferences", "What the platforms inferred", "", none("No platform in this store exported inferences."));
  std::string body = "<p>Each row keeps the platform's own label; the category and topic are dataport's harmonised "
                     "vocabulary, the same for every platform and language.</p>";
  Table tc({"category", "inferences"}, "Inferences per harmonised category");
  for (auto& [cls, n] : sum["by_category"].items()) tc.row({esc(cls), "#" + count(n)});
  Table tp({"platform", "inferences"}, "Inferences per platform");
  for (auto& [p, n] : sum["by_platform"].items()) tp.row({esc(p), "#" + count(n)});
  body += tc.done() + tp.done();
  // Topics several platforms inferred, whatever words they used.
  if (!sum["topics"].empty()) {
    Table tt({"topic", "platforms", "inferences", "as the platforms wrote it"}, "Interests in one vocabulary");
    for (const json& t : sum["topics"]) {
      std::string labels;
      for (const json& e : t["examples"])
        labels += (labels.empty() ? "" : "; ") + esc(text(e["value"])) + " <small>(" + esc(text(e["platform"])) + ")</small>";
      if (t["inferences"].get<int64_t>() > static_cast<int64_t>(t["examples"].size())) labels += "; …";
      tt.row({"<strong>" + esc(text(t["topic"])) + "</strong>", esc(text(t["platforms"])), "#" + count(t["inferences"]), labels});
    }
    body += tt.done();
  }
  body += shown(a, "inferences", "inferences", "the first by platform, label and value");
  if (spooled) {  // every item, in the spool: a table per category, streamed in place
    for (auto& [cls, n] : sum["by_category"].items())
      body += "<h3>" + esc(cls) + " <small>(" + count(n) + ")</small></h3>" + std::string(spool_mark) + "inferences:" + esc(cls) + "-->";
  }
  std::map<std::string, std::vector<const json*>> by_class;
  for (const json& i : items) by_class[text(i["category"])].push_back(&i);
  for (auto& [cls, list] : by_class) {
    Table t = inference_table();
    for (const json* i : list) t.html += inference_row(*i);
    int64_t all = sum["by_category"].value(cls, int64_t{0});
    body += "<h3>" + esc(cls) + " <small>(" + (static_cast<int64_t>(list.size()) < all ? count(json(list.size())) + " shown of " : "") +
            count(json(all)) + ")</small></h3>" + t.done();
  }
  return section("inferences", "What the platforms inferred", count(sum["total"]) + " inferences.", body);
}

std::string sensitive(const json& a, bool spooled) {
  const json& items = a["sensitive"];
  std::string lead =
      "Inferences that touch a special category of personal data (GDPR Art. 9: health, religion or belief, political "
      "opinion, sexual orientation or sex life, racial or ethnic origin, trade-union membership, biometric or genetic "
      "data) or age, gender and financial status. A flag says a word matched; it is a prompt to look, not a diagnosis.";
  const json& sum = a["sensitive_summary"];
  if (sum["flags"].get<int64_t>() == 0)
    return section("sensitive", "Sensitive categories", lead, none("Nothing in the inferences matched the term list."));
  std::string summary = "<p>" + count(sum["flags"]) + " flags on " + count(sum["inferences"]) + " inferences.</p><ul class=\"chips\">";
  for (auto& [c, n] : sum["by_category"].items()) summary += "<li><strong>" + esc(c) + "</strong> " + count(n) + "</li>";
  summary += "</ul>" + shown(a, "sensitive", "flags", "the first by platform, label and value");
  if (spooled) return section("sensitive", "Sensitive categories", lead, summary + std::string(spool_mark) + "sensitive-->");
  Table t = flag_table();
  for (const json& s : items) t.html += flag_row(s);
  return section("sensitive", "Sensitive categories", lead, summary + t.done());
}

std::string advertisers(const json& a) {
  const json& adv = a["advertisers"];
  std::string lead = count(adv["on_list"]) + " advertisers hold a list with you on it (custom or lookalike audiences); " +
                     count(adv["interacted"]) + " you interacted with or were shown ads by.";
  if (adv["items"].empty()) return section("advertisers", "Advertisers", "", none("No platform in this store exported advertisers."));
  Table t({"advertiser", "platform", "how", "since", "until", "records"});
  for (const json& i : adv["items"])
    t.row({esc(text(i["name"])), esc(text(i["platform"])), esc(text(i["relations"])), day(i["first"]), day(i["last"]), "#" + count(i["records"])});
  return section("advertisers", "Advertisers", lead, shown(a, "advertisers", "advertisers", "by platform and name") + t.done());
}

std::string off_platform(const json& a) {
  const json& off = a["off_platform"];
  if (off["items"].empty()) return section("off-platform", "Tracking off the platform", "", none("No off-platform activity was exported."));
  std::string lead = count(off["events"]) + " events reported by " + count(off["companies"]) + " apps and websites.";
  int64_t max = off["items"][0]["events"].get<int64_t>();
  Table t({"app or website", "platform", "events", "first", "last", "per year", "event types"});
  for (const json& i : off["items"]) {
    std::string years, types;
    for (auto& [y, n] : i["by_year"].items()) years += (years.empty() ? "" : ", ") + esc(y) + ": " + count(n);
    for (auto& [e, n] : i["event_types"].items()) types += (types.empty() ? "" : ", ") + esc(e) + " " + count(n);
    t.row({esc(text(i["app"])), esc(text(i["platform"])), "#" + count(i["events"]) + " " + bar(i["events"].get<int64_t>(), max),
           day(i["first"]), day(i["last"]), "<small>" + years + "</small>", "<small>" + types + "</small>"});
  }
  return section("off-platform", "Tracking off the platform", lead,
                 shown(a, "off_platform", "apps and websites", "the busiest first") + t.done());
}

std::string logins(const json& a) {
  const json& l = a["logins"];
  if (l.empty()) return section("logins", "Sign-ins and devices", "", none("No sign-in records were exported."));
  Table t({"platform", "events", "first", "last", "IP addresses", "networks", "devices", "countries named", "per year"});
  for (const json& p : l) {
    std::string countries, years;
    for (const json& c : p["countries"]) countries += (countries.empty() ? "" : ", ") + esc(text(c["value"])) + " " + count(c["events"]);
    for (auto& [y, n] : p["by_year"].items()) years += (years.empty() ? "" : ", ") + esc(y) + ": " + count(n);
    t.row({esc(text(p["platform"])), "#" + count(p["events"]), day(p["first"]), day(p["last"]), "#" + count(p["distinct_ips"]),
           "#" + count(p["distinct_networks"]), "#" + count(p["distinct_devices"]), countries, "<small>" + years + "</small>"});
  }
  std::string body = t.done();
  Table d({"platform", "device or browser", "events"});
  Table ip({"platform", "IP address", "events"});
  for (const json& p : l) {
    for (const json& x : p["devices"]) d.row({esc(text(p["platform"])), esc(ellipsize(text(x["value"]), 90)), "#" + count(x["events"])});
    for (const json& x : p["ips"]) ip.row({esc(text(p["platform"])), "<code>" + esc(text(x["value"])) + "</code>", "#" + count(x["events"])});
  }
  // Each platform's busiest devices and addresses, at most --max-items of each.
  auto of = [&](const char* list, const char* distinct, const char* what) {
    int64_t n = 0, all = 0;
    for (const json& p : l) {
      n += static_cast<int64_t>(p[list].size());
      all += p[distinct].get<int64_t>();
    }
    return std::string(what) + (n < all ? " (the busiest " + count(json(n)) + " of " + count(json(all)) + ")" : "");
  };
  body += details(of("devices", "distinct_devices", "Devices and browsers"), d.done()) +
          details(of("ips", "distinct_ips", "IP addresses"), ip.done());
  body += "<p class=\"note\">Networks are IPv4 /24 and IPv6 /48 blocks. Countries are as the platform wrote them, where it did.</p>";
  return section("logins", "Sign-ins and devices", "", body);
}

std::string map_svg(const json& loc) {
  const json& b = loc["bounds"];
  double cell = loc["cell_degrees"].get<double>();
  double south = b["south"].get<double>() - cell, north = b["north"].get<double>() + cell;
  double west = b["west"].get<double>() - cell, east = b["east"].get<double>() + cell;
  // Equirectangular, with longitude shrunk by cos(mid-latitude) so shapes look right away from the equator.
  double k = std::max(0.2, std::cos((south + north) / 2 * M_PI / 180));
  double w = 860, h = std::clamp(w * (north - south) / ((east - west) * k), 220.0, 560.0);
  auto X = [&](double lon) { return (lon - west) / (east - west) * w; };
  auto Y = [&](double lat) { return (north - lat) / (north - south) * h; };
  int64_t max = 1;
  for (const json& c : loc["cells"]) max = std::max(max, c["records"].get<int64_t>());
  std::string svg = "<svg class=\"chart map\" viewBox=\"0 0 " + fmt("%.0f", w) + " " + fmt("%.0f", h) +
                    "\" role=\"img\" aria-labelledby=\"map-title\"><title id=\"map-title\">Where the location records are: " +
                    count(loc["with_coordinates"]) + " positions in cells of " + fmt("%g", cell) +
                    " degrees; the tables below list the places and cells</title><rect width=\"100%\" height=\"100%\" class=\"sea\"/>";
  // Graticule every 1, 5, 10 or 30 degrees, with labels.
  double span = std::max(east - west, north - south), g = span > 120 ? 30 : span > 40 ? 10 : span > 8 ? 5 : span > 2 ? 1 : 0.1;
  for (double lon = std::ceil(west / g) * g; lon <= east; lon += g)
    svg += "<line x1=\"" + fmt("%.1f", X(lon)) + "\" y1=\"0\" x2=\"" + fmt("%.1f", X(lon)) + "\" y2=\"" + fmt("%.0f", h) +
           "\" class=\"grid\"/><text x=\"" + fmt("%.1f", X(lon) + 2) + "\" y=\"" + fmt("%.0f", h - 4) + "\" class=\"tick\">" +
           fmt("%g°", lon) + "</text>";
  for (double lat = std::ceil(south / g) * g; lat <= north; lat += g)
    svg += "<line x1=\"0\" y1=\"" + fmt("%.1f", Y(lat)) + "\" x2=\"" + fmt("%.0f", w) + "\" y2=\"" + fmt("%.1f", Y(lat)) +
           "\" class=\"grid\"/><text x=\"2\" y=\"" + fmt("%.1f", Y(lat) - 2) + "\" class=\"tick\">" + fmt("%g°", lat) + "</text>";
  for (const json& c : loc["cells"]) {
    double s = c["south"].get<double>(), wl = c["west"].get<double>();
    int64_t n = c["records"].get<int64_t>();
    size_t shade = max > 1 ? static_cast<size_t>(std::floor(4.0 * std::log(static_cast<double>(n)) / std::log(static_cast<double>(max)))) : 4;
    double cx = X(wl), cy = Y(s + cell), cw = std::max(X(wl + cell) - cx, 4.0), ch = std::max(Y(s) - cy, 4.0);
    svg += "<rect x=\"" + fmt("%.1f", cx) + "\" y=\"" + fmt("%.1f", cy) + "\" width=\"" + fmt("%.1f", cw) + "\" height=\"" +
           fmt("%.1f", ch) + "\" fill=\"" + heat[std::min<size_t>(shade, 4)] + "\" stroke=\"#333\" stroke-width=\"0.4\"><title>" +
           count(n) + " positions</title></rect>";
  }
  // The busiest places get a pin and a name; a name that would cover another is left to the table.
  std::vector<std::pair<double, double>> placed;
  for (const json& p : loc["places"]) {
    if (!p["lat"].is_number() || placed.size() >= 8) continue;
    double lat = p["lat"].get<double>(), lon = p["lon"].get<double>();
    if (lat < south || lat > north || lon < west || lon > east) continue;
    double px = X(lon), py = Y(lat);
    bool crowded = std::any_of(placed.begin(), placed.end(), [&](const auto& q) { return std::abs(q.first - px) < 90 && std::abs(q.second - py) < 16; });
    svg += "<circle cx=\"" + fmt("%.1f", px) + "\" cy=\"" + fmt("%.1f", py) + "\" r=\"3\" class=\"pin\"/>";
    if (crowded) continue;
    placed.emplace_back(px, py);
    bool right = px > w - 150;
    svg += "<text x=\"" + fmt("%.1f", right ? px - 5 : px + 5) + "\" y=\"" + fmt("%.1f", py - 4) + "\" class=\"place\"" +
           (right ? " text-anchor=\"end\"" : "") + ">" + esc(ellipsize(text(p["name"]), 24)) + "</text>";
  }
  svg += "</svg><p class=\"legend\" aria-hidden=\"true\">fewer ";
  for (const char* c : heat) svg += std::string("<span class=\"swatch\" style=\"background:") + c + "\"></span>";
  return svg + " more positions per cell (log scale)</p>";
}

std::string locations(const json& a) {
  const json& loc = a["locations"];
  if (loc["records"].get<int64_t>() == 0) return section("where", "Where", "", none("No location records were exported."));
  std::string lead = count(loc["records"]) + " location records, " + count(loc["with_coordinates"]) + " with usable coordinates";
  if (loc["out_of_range"].get<int64_t>() > 0) lead += " (" + count(loc["out_of_range"]) + " out of range, left out)";
  lead += ".";
  std::string body;
  if (loc["bounds"].is_object()) body += "<figure>" + map_svg(loc) + "<figcaption>Drawn from the coordinates alone: no map tiles, nothing fetched.</figcaption></figure>";
  Table t({"place", "address", "records", "first", "last", "time there", "platforms"});
  for (const json& p : loc["places"]) {
    std::string there = p["seconds"].is_number() ? fmt("%.1f h", p["seconds"].get<double>() / 3600) : "";
    t.row({esc(text(p["name"])), esc(text(p["address"])), "#" + count(p["records"]), day(p["first"]), day(p["last"]), there,
           esc(text(p["platforms"]))});
  }
  body += "<h3>Most visited places</h3>" + (loc["places"].empty() ? none("No location record names a place.") : t.done());
  Table c({"south-west corner (lat, lon)", "positions", "platforms"});
  for (const json& x : loc["cells"])
    c.row({fmt("%.3f", x["south"].get<double>()) + ", " + fmt("%.3f", x["west"].get<double>()), "#" + count(x["records"]), esc(text(x["platforms"]))});
  body += details("The map as a table: positions per cell of " + fmt("%g", loc["cell_degrees"].get<double>()) + " degrees", c.done());
  return section("where", "Where", lead, body);
}

std::string people(const json& a) {
  const json& p = a["people"];
  if (p["contacts"].get<int64_t>() == 0) return section("people", "People", "", none("No contacts were exported."));
  std::string lead = count(p["people"]) + " people in " + count(p["contacts"]) + " contact records; " + count(p["on_several_platforms"]) +
                     " of them known to more than one platform (matched by e-mail address, phone number or profile URL).";
  Table t({"platform", "people", "contact records", "relations"});
  for (const json& x : p["by_platform"]) {
    std::string rel;
    for (auto& [r, n] : x["by_relation"].items()) rel += (rel.empty() ? "" : ", ") + esc(r) + " " + count(n);
    t.row({esc(text(x["platform"])), "#" + count(x["people"]), "#" + count(x["contacts"]), "<small>" + rel + "</small>"});
  }
  std::string body = t.done();
  if (!p["overlap"].empty()) {
    Table o({"platforms", "people known to both"});
    for (const json& x : p["overlap"]) o.row({esc(text(x["platforms"][0])) + " &amp; " + esc(text(x["platforms"][1])), "#" + count(x["people"])});
    Table s({"person", "platforms", "matched by"});
    for (const json& x : p["shared"]) s.row({esc(text(x["name"])), esc(text(x["platforms"])), "<small>" + esc(text(x["matched_by"])) + "</small>"});
    const json& cut = a["lists"].value("shared_people", json::object());
    std::string who = "Who is on several platforms";
    if (cut.value("shown", int64_t{0}) < cut.value("total", int64_t{0}))
      who += " (the first " + count(cut["shown"]) + " of " + count(cut["total"]) + " by name)";
    body += "<h3>Overlap</h3>" + o.done() + details(who, s.done());
  }
  return section("people", "People", lead, body);
}

std::string unread(const json& a) {
  const json& u = a["unread_files"];
  std::string fates;
  for (auto& [f, x] : u["by_fate"].items()) fates += (fates.empty() ? "" : ", ") + count(x["files"]) + " " + esc(f);
  std::string lead = "Files of the archives: " + (fates.empty() ? std::string("none recorded") : fates) + ".";
  if (u["files"].empty()) return section("unread", "What was not read", lead, "<p>Every file was read or deliberately ignored.</p>");
  Table t({"archive", "path", "fate", "size", "note"});
  for (const json& f : u["files"])
    t.row({esc(text(f["archive"])), "<code>" + esc(text(f["path"])) + "</code>", esc(text(f["fate"])),
           f["size"].is_number() ? "#" + esc(human_bytes(f["size"].get<int64_t>())) : "", esc(text(f["note"]))});
  return section("unread", "What was not read", lead + " This report cannot show what these files hold.",
                 shown(a, "unread_files", "files not read", "by archive and path") + t.done());
}

// What the report covers, said before any figure: the platforms, the dates, what a date range
// leaves out, and that long lists are cut.
std::string scope_note(const json& a) {
  const json& f = a["filter"];
  std::string what;
  if (!f["platforms"].empty()) what += " from " + esc(text(f["platforms"]));
  if (f["since"].is_string()) what += " at or after " + esc(text(f["since"]));
  if (f["until"].is_string()) what += " before " + esc(text(f["until"]));
  std::string out;
  if (!what.empty()) {
    out = "<p class=\"scope\"><strong>Filtered:</strong> only records" + what + ".";
    if (f["since"].is_string() || f["until"].is_string())
      out += " Records without a date (" + count(f["undated_left_out"]) + " here, such as most inferences and advertiser "
             "lists) are outside any date range and are left out.";
    if (!f["platforms"].empty()) out += " Archives and unread files are those of the platforms named.";
    out += "</p>";
  }
  if (f["max_items"].get<int64_t>() > 0)
    out += "<p class=\"note\">Long lists show at most " + count(f["max_items"]) + " items each; every count is whole.</p>";
  return out;
}

constexpr const char* css = R"css(
:root{--fg:#1a1a1a;--muted:#555;--line:#d0d0d0;--bg:#fff;--soft:#f4f6f8}
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg);margin:0}
main,header,footer{max-width:68rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.5rem}
h1{font-size:1.8rem;margin:.2rem 0}
h2{font-size:1.35rem;border-bottom:2px solid var(--fg);padding-bottom:.2rem;margin-top:2.2rem}
h3{font-size:1.05rem;margin:1.4rem 0 .4rem}
.lead{font-size:1.05rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.6rem;margin:1rem 0;padding:0;list-style:none}
.cards li{background:var(--soft);border-left:4px solid #0072B2;padding:.5rem .7rem}
.cards b{display:block;font-size:1.45rem}
.cards .warn{border-left-color:#D55E00}
nav ol{columns:2;padding-left:1.2rem}
.scroll{overflow-x:auto;margin:.4rem 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:var(--soft)}
td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
code{font-size:.85em;word-break:break-all}
time{white-space:nowrap}
.bar{display:inline-block;width:4rem;height:.6rem;background:var(--soft);margin-left:.3rem}
.bar span{display:block;height:100%}
.chips{display:flex;flex-wrap:wrap;gap:.4rem;padding:0;list-style:none}
.chips li{border:2px solid #D55E00;border-radius:1rem;padding:.1rem .7rem}
figure{margin:1rem 0}
figcaption,.note,.legend,small{color:var(--muted);font-size:.85rem}
.chart{width:100%;height:auto;display:block}
.chart text{font:11px system-ui,sans-serif;fill:var(--fg)}
.chart .label{font-weight:600;font-size:12px}
.chart .tick{fill:var(--muted);font-size:10px}
.chart .grid{stroke:#e2e2e2;stroke-width:1}
.chart .axis{stroke:#999;stroke-width:1}
.map .sea{fill:#f7f9fb}
.map .pin{fill:#D55E00;stroke:#fff;stroke-width:1}
.map .place{font-size:11px;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:3px}
.swatch{display:inline-block;width:1.2rem;height:.8rem;border:1px solid #333;vertical-align:middle}
details{margin:.5rem 0}
summary{cursor:pointer;color:#0072B2}
.none{color:var(--muted);font-style:italic}
.scope{background:#fff4e5;border-left:4px solid #D55E00;padding:.5rem .7rem}
footer{border-top:1px solid var(--line);margin-top:3rem;padding:1rem;color:var(--muted);font-size:.85rem}
@media (max-width:40rem){body{font-size:15px}nav ol{columns:1}th,td{padding:.25rem}}
@media print{body{font-size:10pt}nav,summary{display:none}details{display:block}h2{break-after:avoid}
 table,figure{break-inside:auto}tr{break-inside:avoid}a{color:inherit;text-decoration:none}}
)css";

}  // namespace

static std::string render_html(const json& a, bool spooled) {
  std::map<std::string, std::string> colours = platform_colours(a);
  const json& tot = a["totals"];
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
      "base-uri 'none'; form-action 'none'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<title>What the platforms hold about you: dataport audit</title>\n<style>" +
      std::string(css) + "</style>\n</head>\n<body>\n<header>\n<p><small>dataport audit";
  if (tot["as_of"].is_string()) h += " · store as of " + day(tot["as_of"]);
  h += "</small></p>\n<h1>What the platforms hold about you</h1>\n<ul class=\"cards\">";
  auto card = [&](const std::string& n, const char* what, bool warn = false) {
    h += std::string("<li") + (warn ? " class=\"warn\"" : "") + "><b>" + n + "</b>" + what + "</li>";
  };
  card(count(tot["records"]), "records");
  card(count(tot["platforms"]), "platforms");
  card(count(a["inference_summary"]["total"]), "inferences");
  card(count(a["sensitive_summary"]["flags"]), "sensitive flags", a["sensitive_summary"]["flags"].get<int64_t>() > 0);
  card(count(a["advertisers"]["on_list"]), "advertisers with a list", a["advertisers"]["on_list"].get<int64_t>() > 0);
  card(count(a["off_platform"]["events"]), "off-platform events", a["off_platform"]["events"].get<int64_t>() > 0);
  card(count(a["people"]["people"]), "people");
  card(count(a["lists"]["unread_files"]["total"]), "files not read", !a["unread_files"]["files"].empty());
  h += "</ul>" + scope_note(a) + "\n<nav aria-label=\"Contents\"><ol><li><a href=\"#volume\">Volume and span</a></li><li><a href=\"#inferences\">What the "
       "platforms inferred</a></li><li><a href=\"#sensitive\">Sensitive categories</a></li><li><a href=\"#advertisers\">Advertisers</a>"
       "</li><li><a href=\"#off-platform\">Tracking off the platform</a></li><li><a href=\"#logins\">Sign-ins and devices</a></li>"
       "<li><a href=\"#where\">Where</a></li><li><a href=\"#people\">People</a></li><li><a href=\"#unread\">What was not read</a></li>"
       "</ol></nav>\n</header>\n<main>\n";
  h += volume(a, colours) + inferences(a, spooled) + sensitive(a, spooled) + advertisers(a) + off_platform(a) + logins(a) + locations(a) +
       people(a) + unread(a);
  h += "</main>\n<footer><p>Made by <code>dataport audit</code> from the local store; nothing left this computer. The same "
       "figures are in <code>dataport audit --format json</code> (documented in docs/audit.md). Sensitive categories are "
       "flagged from a curated term list (data/audit-terms.tsv): it flags, it does not diagnose, and it can miss what it "
       "has no word for.</p></footer>\n</body>\n</html>\n";
  return h;
}

std::string render_audit_html(const json& a) { return render_html(a, false); }

void write_audit_html(const json& a, AuditSpool* spool, const std::function<void(std::string_view)>& write) {
  std::string page = render_html(a, spool != nullptr);
  if (!spool) return write(page);
  // Each mark: "<!--spool:inferences:CATEGORY-->" (that category's inferences) or "<!--spool:sensitive-->".
  size_t at = 0;
  for (size_t mark; (mark = page.find(spool_mark, at)) != std::string::npos;) {
    write(std::string_view(page).substr(at, mark - at));
    size_t close = page.find("-->", mark);
    std::string what = page.substr(mark + spool_mark.size(), close - mark - spool_mark.size());
    if (what == "sensitive") {
      write(flag_table().html);
      each_spooled(spool->sensitive, [&](const json& s) { write(flag_row(s)); });
    } else {
      std::string cls = what.substr(std::string_view("inferences:").size());
      write(inference_table().html);
      each_spooled(spool->inferences, [&](const json& i) {
        if (esc(text(i["category"])) == cls) write(inference_row(i));
      });
    }
    write(Table::end);
    at = close + 3;
  }
  write(std::string_view(page).substr(at));
}

}  // namespace dataport
