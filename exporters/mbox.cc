// mbox (RFC 4155, mboxrd quoting): every message of every platform as one mail, for Thunderbird,
// Apple Mail, mutt and any tool that reads mail.
// [x] message -> one mail: From/To (the platform's address when it has one, else a name at
//     <platform>.invalid), Date, Subject (the subject, else the thread title, else the first
//     words), Message-ID, In-Reply-To/References (the parent message when the export names it, else
//     the previous message of the thread), RFC 2047 encoded headers, UTF-8 8bit body,
//     X-Dataport-* headers with the platform, record id and thread
// [x] attachments in the media store -> base64 MIME parts (multipart/mixed)
// [ ] attachments the export did not include (only a URL): named in the body, reported

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

#include "exporters/common.h"
#include "lib/base.h"
#include "exporters/output.h"
#include "lib/html.h"
#include "lib/media.h"
#include "lib/text.h"

namespace fs = std::filesystem;

namespace dataport {

/// A header value as RFC 2047 encoded-words when it is not plain ASCII.
std::string encode_header(std::string_view s);

std::string encode_header(std::string_view s) {
  bool ascii = true;
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80 || c == '\n' || c == '\r') ascii = false;
  if (ascii) return std::string(s);
  // Encoded words of at most 75 characters: 45 bytes of UTF-8 give 60 of base64, never a split character.
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t end = std::min(s.size(), i + 45);
    while (end < s.size() && end > i && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    std::string chunk(s.substr(i, end - i));
    for (char& c : chunk)
      if (c == '\n' || c == '\r') c = ' ';
    if (!out.empty()) out += "\n ";
    out += "=?UTF-8?B?" + base64_encode(chunk) + "?=";
    i = end;
  }
  return out;
}

namespace {

const char* const days[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday
const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Parts {
  std::string day, mon;
  int mday, year;
  std::string hms;
};

Parts parts_of(int64_t t) {
  std::string s = format_rfc3339(from_unix_seconds(t));  // 2024-01-15T09:00:00Z
  int64_t d = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  return {days[((d % 7) + 7) % 7], months[std::stoi(s.substr(5, 2)) - 1], std::stoi(s.substr(8, 2)),
          std::stoi(s.substr(0, 4)), s.substr(11, 8)};
}

// "Mon, 15 Jan 2024 09:00:00 +0000"
std::string rfc5322_date(int64_t t) {
  Parts p = parts_of(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %s +0000", p.day.c_str(), p.mday, p.mon.c_str(), p.year, p.hms.c_str());
  return buf;
}

// "Mon Jan 15 09:00:00 2024" (asctime: the day padded with a space)
std::string asctime_date(int64_t t) {
  Parts p = parts_of(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %s %2d %s %04d", p.day.c_str(), p.mon.c_str(), p.mday, p.hms.c_str(), p.year);
  return buf;
}

std::string slug(std::string_view s) {
  std::string out;
  for (char c : lower(s)) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-') out += c;
    else if (!out.empty() && out.back() != '.') out += '.';
  }
  while (!out.empty() && (out.back() == '.' || out.back() == '-')) out.pop_back();
  while (!out.empty() && (out.front() == '.' || out.front() == '-')) out.erase(0, 1);
  return out.empty() ? "unknown" : out;
}

// "Name <address>" for a person object; the address is made up under <platform>.invalid when the
// platform gives none (RFC 2606 reserves .invalid, so it can never reach anyone).
std::string mailbox(const json& p, const std::string& platform) {
  std::string email = field(p, "email"), name = person_name(p);
  if (email.find('@') == std::string::npos || email.find(' ') != std::string::npos) {
    std::string user = field(p, "username");
    if (!user.empty() && user[0] == '@') user = user.substr(1);
    std::string local = slug(user.empty() ? (name.empty() ? field(p, "url") : name) : user.substr(0, user.find('@')));
    email = local + "@" + slug(platform) + ".invalid";
  }
  if (name.empty()) return "<" + email + ">";
  std::string shown = encode_header(name);
  if (shown == name) shown = "\"" + replace_all(replace_all(name, "\\", "\\\\"), "\"", "\\\"") + "\"";
  return shown + " <" + email + ">";
}

// mboxrd: one more '>' before every line that reads ">*From ", so readers can undo it exactly.
std::string quote_body(std::string text) {
  text = replace_all(text, "\r\n", "\n");
  std::string out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    size_t i = 0;
    while (i < line.size() && line[i] == '>') ++i;
    if (line.compare(i, 5, "From ") == 0) out += '>';
    out += line + "\n";
  }
  return out;
}

std::string wrap76(const std::string& b64) {
  std::string out;
  for (size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\n";
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// The last step of a source pointer ("/0/mapping/u1" -> "u1"): a message's id inside its thread.
std::string pointer_leaf(const std::string& p) {
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? "" : p.substr(slash + 1);
}

}  // namespace

void export_mbox(Store& store, const ExportOptions& opt, Log& log) {
  Report rep;
  MediaStore media(store.media_dir());
  AtomicFile out(opt.output, opt.force);
  std::unordered_map<std::string, std::string> last_in_thread, root_of_thread, by_leaf;
  // A message is remembered by its place in its file only on platforms whose messages name a
  // parent (ChatGPT, Claude, Reddit): remembering every message took 65 MB for 200k from Messenger.
  // Matching the key in the stored text may find more platforms than need it, never fewer.
  std::set<std::string> named_parents;
  store.select("SELECT DISTINCT platform FROM records WHERE kind = 'message' AND instr(data, '\"parent\":') > 0", {},
               [&](const Row& row) { named_parents.insert(row.values.at(0).get<std::string>()); });
  store.each_record(with_kinds(opt.filter, {"message"}), [&](const Record& r) {
    const json& d = r.data;
    std::string msgid = "<" + r.id + "@" + slug(r.platform) + ".dataport.invalid>";
    std::string thread = field(d, "thread_id");
    std::string tkey = r.platform + "\n" + thread;
    int64_t t = r.time ? r.time->seconds : 0;
    if (!r.time) rep.dropped("message dates (unknown; dated 1970-01-01)");
    std::string h;
    h += "From " + std::string(d.contains("from") && field(d["from"], "email").find('@') != std::string::npos
                                   ? field(d["from"], "email")
                                   : "MAILER-DAEMON") +
         " " + asctime_date(t) + "\n";
    h += "Message-ID: " + msgid + "\n";
    h += "Date: " + rfc5322_date(t) + "\n";
    h += "From: " + mailbox(d.contains("from") ? d["from"] : json::object(), r.platform) + "\n";
    std::vector<std::string> to;
    if (d.contains("to") && d["to"].is_array())
      for (const json& p : d["to"]) to.push_back(mailbox(p, r.platform));
    h += "To: " + (to.empty() ? std::string("undisclosed-recipients:;") : join(to, ",\n ")) + "\n";
    std::string text = field(d, "text");
    if (text.empty() && !field(d, "html").empty()) text = html_to_text(field(d, "html"));
    std::string subject = field(d, "subject");
    if (subject.empty()) subject = field(d, "thread_title");
    if (subject.empty()) {
      std::string first = text.substr(0, text.find('\n'));
      subject = first.empty() ? "(no subject)" : ellipsize(first, 60);
    }
    h += "Subject: " + encode_header(subject) + "\n";
    // The parent the export names (ChatGPT's tree), else the message before in the same thread.
    std::string parent;
    if (!thread.empty()) {
      std::string p = field(d, "parent");
      if (!p.empty() && by_leaf.count(tkey + "\n" + p)) parent = by_leaf[tkey + "\n" + p];
      else if (last_in_thread.count(tkey)) parent = last_in_thread[tkey];
      if (!root_of_thread.count(tkey)) root_of_thread[tkey] = msgid;
      if (!parent.empty()) {
        h += "In-Reply-To: " + parent + "\n";
        std::string root = root_of_thread[tkey];
        h += "References: " + (root == parent ? parent : root + " " + parent) + "\n";
      }
      last_in_thread[tkey] = msgid;
      std::string leaf = pointer_leaf(r.source.pointer);
      if (!leaf.empty() && named_parents.count(r.platform)) by_leaf[tkey + "\n" + leaf] = msgid;
    }
    h += "MIME-Version: 1.0\n";
    h += "X-Dataport-Platform: " + r.platform + "\n";
    h += "X-Dataport-Record: " + r.id + "\n";
    if (!thread.empty()) h += "X-Dataport-Thread: " + encode_header(thread) + "\n";
    // Attachments that are in the media store become parts; the others are named in the body.
    std::vector<std::pair<json, std::string>> files;
    std::vector<std::string> missing;
    for (const char* key : {"attachments", "media"})
      if (d.contains(key) && d[key].is_array())
        for (const json& a : d[key]) {
          std::string sha = field(a, "sha256");
          std::string path = sha.empty() ? "" : media.path_of(sha);
          if (!path.empty() && fs::exists(path)) files.emplace_back(a, path);
          else missing.push_back(field(a, "path").empty() ? field(a, "url") : field(a, "path"));
        }
    if (d.contains("media_urls") && d["media_urls"].is_array() && files.empty())
      for (const json& u : d["media_urls"])
        if (u.is_string()) missing.push_back(u.get<std::string>());
    if (!missing.empty()) {
      text += std::string(text.empty() ? "" : "\n\n") + "[attachments not in the export: " + join(missing, ", ") + "]";
      rep.dropped("attachments that the export did not include", static_cast<int64_t>(missing.size()));
    }
    std::string body = quote_body(text);
    if (files.empty()) {
      h += "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n" + body;
    } else {
      std::string boundary = "=_dataport_" + r.id;
      h += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\n\n";
      h += "--" + boundary + "\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n" + body;
      for (const auto& [a, path] : files) {
        std::string name = std::string(basename(field(a, "path").empty() ? field(a, "sha256") : field(a, "path")));
        std::string mime = field(a, "mime").empty() ? "application/octet-stream" : field(a, "mime");
        bool ascii_name = encode_header(name) == name && name.find('"') == std::string::npos;
        h += "--" + boundary + "\nContent-Type: " + mime + "\nContent-Transfer-Encoding: base64\n";
        h += "Content-Disposition: attachment; filename=\"" + (ascii_name ? name : r.id) + "\"\n\n";
        h += wrap76(base64_encode(slurp(path)));
        rep.wrote("attachments");
      }
      h += "--" + boundary + "--\n";
    }
    h += "\n";
    out.write(h);
    rep.wrote("messages");
  });
  out.commit();
  rep.print(log, "mbox", opt.output);
}

}  // namespace dataport
