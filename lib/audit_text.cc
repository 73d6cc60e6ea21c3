// The audit as Markdown (for a terminal or an editor) and as NDJSON (for a pipe): the same
// figures as compute_audit() returns, only formatted.

#include <cstdio>
#include <functional>
#include <string>

#include "lib/audit.h"
#include "lib/text.h"

namespace dataport {

namespace {

std::string cell(const json& v) {
  std::string s;
  if (v.is_null()) return "";
  if (v.is_string()) s = v.get<std::string>();
  else if (v.is_array()) {
    for (const json& x : v) s += (s.empty() ? "" : ", ") + cell(x);
  } else s = v.dump();
  return replace_all(replace_all(replace_all(repair_utf8(s), "|", "\\|"), "\n", " "), "\r", "");
}

using Write = std::function<void(std::string_view)>;

// Each row of a list: from the figures, or from its spool when the list was spooled.
void each_row(const json& rows, std::FILE* spool, const std::function<void(const json&)>& fn) {
  if (spool) each_spooled(spool, [&](json row) { fn(row); });
  else
    for (const json& row : rows) fn(row);
}

// Markdown written piece by piece: what is made is handed to `write` a table at a time, and every
// 64 KiB inside a long one.
struct Md {
  const Write& write;
  std::string out;
  void flush() {
    write(out);
    out.clear();
  }
  void table(std::initializer_list<const char*> heads, const json& rows, std::initializer_list<const char*> keys,
             std::FILE* spool = nullptr) {
    bool any = false;
    each_row(rows, spool, [&](const json& row) {
      if (!any) {
        std::string h = "|", r = "|";
        for (const char* x : heads) {
          h += std::string(" ") + x + " |";
          r += " --- |";
        }
        out += h + "\n" + r + "\n";
        any = true;
      }
      std::string line = "|";
      for (const char* k : keys) line += " " + cell(row.value(k, json(nullptr))) + " |";
      out += line + "\n";
      if (out.size() > (64 << 10)) flush();
    });
    out += any ? "\n" : "_none_\n\n";
    flush();
  }
};

// "_Showing 500 of 12,345 ..._" under a list the report cut short, else nothing.
std::string shown(const json& a, const char* list, const char* what) {
  const json& l = a["lists"].value(list, json::object());
  int64_t total = l.value("total", int64_t{0}), n = l.value("shown", int64_t{0});
  if (n >= total) return "";
  return "_Showing " + std::to_string(n) + " of " + std::to_string(total) + " " + what +
         "; `dataport audit --max-items 0` shows every one._\n\n";
}

}  // namespace

std::string render_audit_markdown(const json& a) {
  std::string out;
  write_audit_markdown(a, nullptr, [&](std::string_view s) { out += s; });
  return out;
}

void write_audit_markdown(const json& a, AuditSpool* spool, const Write& write) {
  Md m{write, ""};
  const json& t = a["totals"];
  m.out = "# What the platforms hold about you\n\n" + cell(t["records"]) + " records from " + cell(t["platforms"]) +
          " platforms, " + (t["first"].is_string() ? cell(t["first"]) + " to " + cell(t["last"]) : "undated") + " (" +
          cell(t["undated"]) + " undated).\n\n";
  const json& f = a["filter"];
  if (!f["platforms"].empty() || f["since"].is_string() || f["until"].is_string()) {
    m.out += "**Filtered:** only records";
    if (!f["platforms"].empty()) m.out += " from " + cell(f["platforms"]);
    if (f["since"].is_string()) m.out += " at or after " + cell(f["since"]);
    if (f["until"].is_string()) m.out += " before " + cell(f["until"]);
    m.out += ".";
    if (f["since"].is_string() || f["until"].is_string())
      m.out += " " + cell(f["undated_left_out"]) + " records without a date are outside any date range and left out.";
    m.out += "\n\n";
  }
  m.out += "## Volume and span\n\n";
  json rows = json::array();
  for (const json& p : a["platforms"]) {
    std::string kinds;
    for (auto& [k, n] : p["records"].items()) kinds += (kinds.empty() ? "" : ", ") + k + " " + n.dump();
    rows.push_back({{"platform", p["platform"]}, {"total", p["total"]}, {"first", p["first"]}, {"last", p["last"]}, {"kinds", kinds}});
  }
  m.table({"platform", "records", "first", "last", "kinds"}, rows, {"platform", "total", "first", "last", "kinds"});
  m.out += "### Archives\n\n";
  m.table({"archive", "platform", "status", "records new", "sha256"}, a["archives"], {"name", "platform", "status", "records_new", "sha256"});
  m.out += "## Inferences\n\n" + cell(a["inference_summary"]["total"]) + " inferences.\n\n" + shown(a, "inferences", "inferences");
  m.table({"platform", "category", "platform's label", "value", "topic", "record"}, a["inferences"],
          {"platform", "category", "label", "value", "topic", "record"}, spool ? spool->inferences : nullptr);
  m.out += "## Sensitive categories\n\nFlags from a curated term list: a prompt to look, not a diagnosis. " +
           cell(a["sensitive_summary"]["flags"]) + " flags on " + cell(a["sensitive_summary"]["inferences"]) + " inferences.\n\n" +
           shown(a, "sensitive", "flags");
  m.table({"category", "platform", "value", "reason", "record"}, a["sensitive"], {"category", "platform", "value", "reason", "record"},
          spool ? spool->sensitive : nullptr);
  m.out += "## Advertisers\n\n" + cell(a["advertisers"]["on_list"]) + " hold a list with you on it; " +
           cell(a["advertisers"]["interacted"]) + " interacted with or shown.\n\n" + shown(a, "advertisers", "advertisers");
  m.table({"advertiser", "platform", "how", "first", "last"}, a["advertisers"]["items"], {"name", "platform", "relations", "first", "last"});
  m.out += "## Tracking off the platform\n\n" + shown(a, "off_platform", "apps and websites");
  m.table({"app or website", "platform", "events", "first", "last"}, a["off_platform"]["items"], {"app", "platform", "events", "first", "last"});
  m.out += "## Sign-ins and devices\n\n";
  m.table({"platform", "events", "first", "last", "IPs", "networks", "devices"}, a["logins"],
          {"platform", "events", "first", "last", "distinct_ips", "distinct_networks", "distinct_devices"});
  m.out += "## Where\n\n" + cell(a["locations"]["records"]) + " location records, " + cell(a["locations"]["with_coordinates"]) +
           " with usable coordinates.\n\n";
  m.table({"place", "address", "records", "first", "last"}, a["locations"]["places"], {"name", "address", "records", "first", "last"});
  m.out += "## People\n\n" + cell(a["people"]["people"]) + " people, " + cell(a["people"]["on_several_platforms"]) +
           " on more than one platform.\n\n";
  m.table({"platform", "people", "contact records"}, a["people"]["by_platform"], {"platform", "people", "contacts"});
  m.out += shown(a, "shared_people", "people on several platforms");
  m.table({"person", "platforms", "matched by"}, a["people"]["shared"], {"name", "platforms", "matched_by"});
  m.out += "## What was not read\n\n" + shown(a, "unread_files", "files not read");
  m.table({"archive", "path", "fate", "note"}, a["unread_files"]["files"], {"archive", "path", "fate", "note"});
}

std::string render_audit_ndjson(const json& a) {
  std::string out;
  write_audit_ndjson(a, nullptr, [&](std::string_view s) { out += s; });
  return out;
}

void write_audit_ndjson(const json& a, AuditSpool* spool, const Write& write) {
  std::string out;
  auto line = [&](const char* section, const json& item) {
    json o = {{"section", section}};
    for (auto& [k, v] : item.items()) o[k] = v;
    out += o.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    if (out.size() > (64 << 10)) write(out), out.clear();
  };
  json totals = a["totals"];
  totals["audit_version"] = a["audit_version"];
  line("totals", totals);
  line("filter", a["filter"]);
  line("inference_summary", a["inference_summary"]);
  line("sensitive_summary", a["sensitive_summary"]);
  for (auto& [name, l] : a["lists"].items()) {
    json x = l;
    x["list"] = name;
    line("list", x);
  }
  for (const json& x : a["platforms"]) line("platform", x);
  for (const json& x : a["archives"]) line("archive", x);
  for (const json& x : a["timeline"]) line("timeline", x);
  each_row(a["inferences"], spool ? spool->inferences : nullptr, [&](const json& x) { line("inference", x); });
  each_row(a["sensitive"], spool ? spool->sensitive : nullptr, [&](const json& x) { line("sensitive", x); });
  for (const json& x : a["advertisers"]["items"]) line("advertiser", x);
  for (const json& x : a["off_platform"]["items"]) line("off_platform", x);
  for (const json& x : a["logins"]) line("login", x);
  json loc = a["locations"];
  for (const json& x : loc["cells"]) line("location_cell", x);
  for (const json& x : loc["places"]) line("place", x);
  loc.erase("cells");
  loc.erase("places");
  line("locations", loc);
  for (const json& x : a["people"]["by_platform"]) line("people", x);
  for (const json& x : a["people"]["overlap"]) line("people_overlap", x);
  for (const json& x : a["people"]["shared"]) line("shared_person", x);
  for (const json& x : a["unread_files"]["files"]) line("unread_file", x);
  write(out);
}

}  // namespace dataport
