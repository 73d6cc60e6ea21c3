// LinkedIn importer: cell values (the date zoo), file names, and the older names of columns.

#include <algorithm>
#include <cctype>

#include "importers/linkedin/linkedin.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/text.h"

namespace dataport::linkedin {

// ---- values ---------------------------------------------------------------------------------

// The date formats LinkedIn uses, one per file family (linkedin.cc lists the files):
// "08 Feb 2026", "Jan 2024", "Jan 30, 2020", "Nov 14, 2024, 6:00 PM", "1/29/26, 2:37 PM", "12/26/24 10:14 PM UTC",
// "2024/02/01 15:02:55 UTC", "Wed Oct 01 16:02:32 UTC 2025", "Jul 08, 2020 01:00 PM",
// "2025-06-01 14:03:22 UTC", "2024-12-25 13:19 UTC", "2015".
std::optional<Timestamp> li_time(std::string_view raw) {
  std::string_view s = trim(raw);
  static const char* days[] = {"mon ", "tue ", "wed ", "thu ", "fri ", "sat ", "sun "};
  for (const char* d : days)
    if (s.size() > 4 && iequals(s.substr(0, 4), d)) s = trim(s.substr(4));
  // A pattern that opens with a month name (%b) reads letters, every other one digits: only the
  // patterns that can match the first character are tried, in the same order as all of them.
  // Four digits and a '-' (messages.csv's "2024-03-01 10:15:00 UTC") can only be the last digit
  // pattern, or ISO 8601: every other one wants a space or a '/' by then.
  unsigned char first = s.empty() ? 0 : static_cast<unsigned char>(s[0]);
  auto digit = [&](size_t i) { return s.size() > i && s[i] >= '0' && s[i] <= '9'; };
  if (digit(0) && digit(1) && digit(2) && digit(3) && s.size() > 4 && s[4] == '-')
    return parse_any(s, {"%Y-%m-%d %H:%M %Z"});
  if (first >= '0' && first <= '9')
    return parse_any(s, {"%d %b %Y", "%m/%d/%y, %I:%M %p", "%m/%d/%y %I:%M %p %Z", "%m/%d/%y %I:%M %p",
                         "%m/%d/%Y, %I:%M %p", "%m/%d/%Y %I:%M %p", "%m/%d/%y", "%m/%d/%Y", "%Y/%m/%d %H:%M:%S %Z",
                         "%Y/%m/%d %H:%M:%S", "%Y/%m/%d", "%Y-%m-%d %H:%M %Z"});
  if ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))
    return parse_any(s, {"%b %Y", "%b %d, %Y", "%b %d, %Y %I:%M %p", "%b %d, %Y, %I:%M %p", "%b %d %H:%M:%S %Z %Y",
                         "%b %d, %Y at %I:%M %p (%Z)", "%b %d, %Y at %I:%M %p"});
  return parse_iso8601(s);
}

// Email Addresses.csv says "Not Available" where it has no date.
bool no_value(std::string_view s) {
  std::string l = lower(trim(s));
  return l.empty() || l == "not available" || l == "n/a" || l == "-" || l == "null";
}

bool yes(std::string_view s) {
  std::string l = lower(trim(s));
  return l == "yes" || l == "true" || l == "y" || l == "1";
}

// Endorsements give "www.linkedin.com/in/x" without a scheme.
std::string full_url(std::string_view s) {
  std::string_view v = trim(s);
  if (v.empty() || v.find("://") != std::string_view::npos) return std::string(v);
  return "https://" + std::string(v);
}

// "https://www.linkedin.com/in/Tomas-Reyes/?x" -> "tomas-reyes": the stable key of a member.
std::string profile_slug(std::string_view url) {
  size_t p = url.find("/in/");
  if (p == std::string_view::npos) return "";
  std::string_view rest = url.substr(p + 4);
  size_t end = rest.find_first_of("/?#");
  return lower(trim(rest.substr(0, end)));
}

// Every http(s) URL in a cell ("url1, url2" or "url1 url2").
std::vector<std::string> find_urls(std::string_view s) {
  std::vector<std::string> out;
  size_t p = 0;
  while ((p = s.find("http", p)) != std::string_view::npos) {
    size_t e = s.find_first_of(" ,;\t\r\n", p);
    std::string_view u = s.substr(p, e == std::string_view::npos ? s.size() - p : e - p);
    if (u.rfind("http://", 0) == 0 || u.rfind("https://", 0) == 0) out.emplace_back(u);
    p += u.empty() ? 4 : u.size();
  }
  return out;
}

std::vector<std::string> split_trim(std::string_view s, char sep) {
  std::vector<std::string> out;
  for (const std::string& part : split(s, sep))
    if (!trim(part).empty()) out.emplace_back(trim(part));
  return out;
}

// data["person"]["name"] from "person.name".
void put_path(json& data, std::string_view path, const json& value) {
  size_t dot = path.find('.');
  if (dot == std::string_view::npos) {
    data[std::string(path)] = value;
    return;
  }
  put_path(data[std::string(path.substr(0, dot))], path.substr(dot + 1), value);
}

// A person object gets "name" from its first and last names when it has none.
void complete_person(json& p) {
  if (!p.is_object() || p.contains("name")) return;
  std::string full = p.value("first_name", "") + " " + p.value("last_name", "");
  std::string n(trim(full));
  if (!n.empty()) p["name"] = n;
}

std::string content_hash(const CsvHeader& h, const Row& row) {
  // "name=value" of each cell with a value (the header's key, or "#" and the column's number past
  // it), sorted, joined by newlines and hashed: laid out in buffers this thread reuses, one row
  // after another (a file of them has millions).
  thread_local std::string cells, joined;
  thread_local std::vector<std::string_view> parts;
  thread_local std::vector<std::pair<size_t, size_t>> spans;  // in cells, which may move while it grows
  cells.clear();
  joined.clear();
  parts.clear();
  spans.clear();
  for (size_t i = 0; i < row.size(); ++i) {
    std::string_view v = trim(row[i]);
    if (v.empty()) continue;
    size_t at = cells.size();
    if (i < h.keys().size()) cells += h.keys()[i];
    else {
      cells += '#';
      append_int(cells, static_cast<int64_t>(i));
    }
    cells += '=';
    cells += v;
    spans.emplace_back(at, cells.size() - at);
  }
  for (const auto& [at, size] : spans) parts.emplace_back(cells.data() + at, size);
  std::sort(parts.begin(), parts.end());
  for (std::string_view p : parts) {
    if (!joined.empty()) joined += '\n';
    joined += p;
  }
  unsigned char md[32];
  sha256_parts({joined}, md);
  return to_hex(std::string_view(reinterpret_cast<const char*>(md), 16));
}

// ---- file names and column aliases -----------------------------------------------------------

std::string file_key(std::string_view path) {
  std::string base = lower(basename(path));
  if (base.size() > 4 && base.substr(base.size() - 4) == ".csv") base.resize(base.size() - 4);
  size_t d = base.size();
  while (d > 0 && std::isdigit(static_cast<unsigned char>(base[d - 1]))) --d;
  if (d < base.size() && d > 0 && (base[d - 1] == '_' || base[d - 1] == ' ')) base.resize(d - 1);
  std::string out;
  for (char c : base)
    if (c != '_' && c != ' ' && c != '-') out += c;
  return out;
}

namespace {

struct Alias {
  const char* files;  // file keys, '|'-separated
  CsvAlias names;     // the header the readers ask for (today's export), and its older names
};

// The one table of column names that changed between LinkedIn's export layouts, handed to the
// shared CSV reader (ingest/csv_table.h), which renames a column to its canonical header only
// when the file does not also carry the canonical one, so the readers and the specs (specs.cc)
// name each column once. 2018 layouts from a real 2018
// export's file list; headers not seen in a real file are marked [U].
constexpr Alias column_aliases[] = {
    // Imported Contacts.csv / Contacts.csv, 2018: "First Name,Last Name,Companies,Title,Email Address,
    // Phone Numbers,Created At,Addresses,Sites,Instant Message Handles,Full Name,Birthday,Location,..."
    {"importedcontacts|contacts", {"FirstName", "First Name"}},
    {"importedcontacts|contacts", {"LastName", "Last Name"}},
    {"importedcontacts|contacts", {"FullName", "Full Name"}},
    {"importedcontacts|contacts", {"Emails", "Email Address|Email Addresses|Email"}},
    {"importedcontacts|contacts", {"PhoneNumbers", "Phone Numbers|Phone Number"}},
    {"importedcontacts|contacts", {"CreatedAt", "Created At"}},
    {"importedcontacts|contacts", {"Companies", "Company"}},
    // Registration.csv, 2018: "Registration Date,Registration Ip,Subscription Types".
    {"registration", {"Registered At", "Registration Date"}},
    // SavedJobAlerts.csv, 2018: "Saved Search Date,Jobs Search Url".
    {"savedjobalerts", {"Alert Date", "Saved Search Date"}},
    {"savedjobalerts", {"Search Url", "Jobs Search Url"}},
    // Rich Media.csv, 2018: "Type,Link".
    {"richmedia", {"Media Link", "Link"}},
    {"richmedia", {"Media Type", "Type"}},
    // Messages.csv, 2018: "From,To,Date,Subject,Content,Direction,Folder" (same names, no conversation
    // columns); the 2018 SearchQueries/Logins/Shares headers match today's.
    {"searchqueries", {"Time", "Search Date|Date"}},  // [U]
};

bool listed(const char* bar_list, std::string_view key) {
  for (const std::string& f : split(bar_list, '|'))
    if (iequals(trim(f), trim(key))) return true;
  return false;
}

}  // namespace

CsvTable table_for(const std::string& file, std::vector<std::string_view> required, const char* what) {
  CsvTable t{.required = std::move(required), .what = what, .join_extra = true};
  for (const Alias& a : column_aliases)
    if (listed(a.files, file)) t.aliases.push_back(a.names);
  return t;
}

}  // namespace dataport::linkedin
