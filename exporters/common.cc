#include "exporters/common.h"

#include <algorithm>

#include "lib/text.h"

namespace dataport {

RecordFilter with_kinds(const RecordFilter& f, const std::vector<std::string>& kinds) {
  RecordFilter out = f;
  out.kinds.clear();
  for (const std::string& k : kinds)
    if (f.kinds.empty() || std::find(f.kinds.begin(), f.kinds.end(), k) != f.kinds.end()) out.kinds.push_back(k);
  // Nothing asked for is exported by this format: a kind that matches no record keeps it empty.
  if (out.kinds.empty()) out.kinds.push_back("-none-");
  return out;
}

std::vector<Record> load_kinds(Store& store, const ExportOptions& opt, const std::vector<std::string>& kinds) {
  std::vector<Record> out;
  store.each_record(with_kinds(opt.filter, kinds), [&](const Record& r) { out.push_back(r); });
  return out;
}

std::string field(const json& data, std::string_view key) {
  if (!data.is_object()) return "";
  auto it = data.find(std::string(key));
  if (it == data.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  if (it->is_boolean()) return it->get<bool>() ? "true" : "false";
  if (it->is_number()) return it->dump();
  return "";
}

std::string person_name(const json& p) {
  std::string n = field(p, "name");
  if (!n.empty()) return n;
  std::string f = field(p, "first_name"), l = field(p, "last_name");
  n = std::string(trim(f + " " + l));
  if (!n.empty()) return n;
  return field(p, "username");
}

int64_t export_epoch(const ExportOptions& opt, int64_t fallback) {
  return opt.source_date_epoch ? *opt.source_date_epoch : fallback;
}

int64_t newest_time(const std::vector<Record>& records) {
  int64_t t = 0;
  for (const Record& r : records)
    if (r.time) t = std::max(t, r.time->seconds);
  return t;
}

std::string escape_text(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\') out += "\\\\";
    else if (c == ',') out += "\\,";
    else if (c == ';') out += "\\;";
    else if (c == '\r') {
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
      out += "\\n";
    } else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string fold_line(std::string_view line) {
  std::string out;
  size_t width = 0;
  for (size_t i = 0; i < line.size();) {
    size_t len = 1;
    unsigned char c = static_cast<unsigned char>(line[i]);
    // A content line holds no control character but the tab (RFC 5545 3.1 and 3.3.11, RFC 6350
    // 3.3): one in the data (a DEL in a contact's note, found by fuzzing) is left out.
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      ++i;
      continue;
    }
    size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    // A sequence is its lead byte and the continuation bytes after it (a byte that is none, a
    // control character among them, starts anew: bytes that are not UTF-8 are kept as given).
    while (len < want && i + len < line.size() && (static_cast<unsigned char>(line[i + len]) & 0xC0) == 0x80) ++len;
    // A continuation line starts with one space, which counts towards its 75 octets.
    if (width + len > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line.substr(i, len));
    width += len;
    i += len;
  }
  out += "\r\n";
  return out;
}

std::string short_date(std::string_view s) {
  auto digits = [&](size_t from, size_t n) {
    if (s.size() < from + n) return false;
    for (size_t i = from; i < from + n; ++i)
      if (s[i] < '0' || s[i] > '9') return false;
    return true;
  };
  if (!digits(0, 4)) return "";
  if (s.size() >= 10 && s[4] == '-' && digits(5, 2) && s[7] == '-' && digits(8, 2)) return std::string(s.substr(0, 10));
  if (s.size() >= 7 && s[4] == '-' && digits(5, 2)) return std::string(s.substr(0, 7));
  if (s.size() == 4) return std::string(s);
  return "";
}

void Report::print(Log& log, const std::string& format, const std::string& path) const {
  std::vector<std::string> parts;
  for (const auto& [what, n] : wrote_)
    if (n > 0) parts.push_back(std::to_string(n) + " " + what);
  log.note(format + ": wrote " + (parts.empty() ? std::string("nothing") : join(parts, ", ")) + " to " + path);
  for (const auto& [why, n] : dropped_) log.note(format + ": not carried over: " + std::to_string(n) + " " + why);
}

int64_t Report::written(const std::string& what) const {
  auto it = wrote_.find(what);
  return it == wrote_.end() ? 0 : it->second;
}

}  // namespace dataport
