// Gmail: Mail/All mail Including Spam and Trash.mbox, read line by line (mboxrd: a line
// "From " after a blank line starts a message; ">From " in a body is unescaped). One message is
// held at a time, so memory follows the largest mail, never the mbox. Each mail becomes one
// `message` with its headers, a plain-text body (text/plain, else text/html made plain) and the
// list of its attachments, each copied into the media store while decoding.

#include "importers/google/google.h"
#include "lib/base.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/html.h"
#include "lib/media.h"
#include "lib/text.h"

namespace dataport::google {

namespace {

constexpr size_t max_message = size_t{64} << 20;  // beyond this a message body is cut (warned)

struct Header {
  std::string name;  // lower case
  std::string value;
};

std::string to_utf8(const std::string& bytes, const std::string& charset) {
  std::string cs = lower(charset);
  if (cs == "iso-8859-1" || cs == "latin1" || cs == "windows-1252" || cs == "cp1252" || cs == "iso-8859-15" ||
      cs == "us-ascii")
    return cs == "us-ascii" ? repair_utf8(bytes) : latin1_to_utf8(bytes);
  return repair_utf8(bytes);
}

}  // namespace

/// RFC 2047 encoded words ("=?UTF-8?B?...?=", "=?iso-8859-1?Q?...?=") to UTF-8.
std::string decode_header_words(std::string_view v) {
  std::string out;
  size_t i = 0;
  bool last_word = false;
  while (i < v.size()) {
    size_t start = v.find("=?", i);
    if (start == std::string_view::npos) {
      out += v.substr(i);
      break;
    }
    size_t q1 = v.find('?', start + 2);
    size_t q2 = q1 == std::string_view::npos ? q1 : v.find('?', q1 + 1);
    size_t end = q2 == std::string_view::npos ? q2 : v.find("?=", q2 + 1);
    if (end == std::string_view::npos) {
      out += v.substr(i);
      break;
    }
    std::string_view between = v.substr(i, start - i);
    if (!(last_word && trim(between).empty())) out += between;  // spaces between words vanish
    std::string charset(v.substr(start + 2, q1 - start - 2));
    char enc = static_cast<char>(std::toupper(static_cast<unsigned char>(v[q1 + 1])));
    std::string_view text = v.substr(q2 + 1, end - q2 - 1);
    std::string bytes = enc == 'B' ? mime_base64_decode(text) : quoted_printable_decode(text, true);
    out += to_utf8(bytes, charset);
    i = end + 2;
    last_word = true;
  }
  return repair_utf8(out);
}

namespace {

std::string header(const std::vector<Header>& hs, std::string_view name) {
  for (const Header& h : hs)
    if (h.name == name) return h.value;
  return "";
}

// A parameter of a structured header: boundary, charset, name, filename.
std::string param(const std::string& value, std::string_view name) {
  std::string l = lower(value);
  size_t at = 0;
  while ((at = l.find(std::string(name) + "=", at)) != std::string::npos) {
    if (at > 0 && l[at - 1] != ';' && l[at - 1] != ' ' && l[at - 1] != '\t') {
      ++at;
      continue;
    }
    size_t v = at + name.size() + 1;
    if (v < value.size() && value[v] == '"') {
      size_t close = value.find('"', v + 1);
      return value.substr(v + 1, close == std::string::npos ? std::string::npos : close - v - 1);
    }
    size_t end = value.find_first_of("; \t", v);
    return value.substr(v, end == std::string::npos ? std::string::npos : end - v);
  }
  return "";
}

// Splits "Name <a@b>, c@d" into persons.
json persons(const std::string& raw) {
  json out = json::array();
  std::string cur;
  bool quoted = false;
  int angle = 0;
  std::vector<std::string> items;
  for (char c : raw) {
    if (c == '"') quoted = !quoted;
    if (c == '<') ++angle;
    if (c == '>') --angle;
    if (c == ',' && !quoted && angle <= 0) {
      items.push_back(cur);
      cur.clear();
    } else cur += c;
  }
  items.push_back(cur);
  for (const std::string& item : items) {
    std::string s(trim(decode_header_words(item)));
    if (s.empty()) continue;
    json p = json::object();
    size_t lt = s.rfind('<'), gt = s.rfind('>');
    if (lt != std::string::npos && gt != std::string::npos && gt > lt) {
      put(p, "email", s.substr(lt + 1, gt - lt - 1));
      std::string name(trim(s.substr(0, lt)));
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
      put(p, "name", name);
    } else {
      put(p, "email", s);
    }
    if (!p.empty()) out.push_back(p);
  }
  return out;
}

std::vector<Header> parse_headers(std::string_view block) {
  std::vector<Header> out;
  for (const std::string& raw : split(block, '\n')) {
    std::string line = raw;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if ((line[0] == ' ' || line[0] == '\t') && !out.empty()) {
      out.back().value += " " + std::string(trim(line));
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    out.push_back({lower(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
  }
  return out;
}

std::optional<Timestamp> mail_date(std::string s) {
  s = std::string(trim(s));
  size_t comma = s.find(',');
  if (comma != std::string::npos && comma <= 4) s = std::string(trim(s.substr(comma + 1)));
  size_t paren = s.find('(');
  if (paren != std::string::npos) s = std::string(trim(s.substr(0, paren)));
  for (const char* zone : {" UT", " GMT"})
    if (s.size() > 4 && s.compare(s.size() - std::string_view(zone).size(), std::string_view(zone).size(), zone) == 0)
      s = s.substr(0, s.size() - std::string_view(zone).size()) + " +0000";
  return parse_any(s, {"%d %b %Y %H:%M:%S %z", "%d %b %Y %H:%M %z", "%d %b %y %H:%M:%S %z"});
}

struct Mail {
  std::string text, html;
  json attachments = json::array();
  Sink* sink = nullptr;  // where attachments are copied (the media store)
};

// Walks one MIME entity (headers + body), recursing into multiparts.
void walk(std::string_view entity, Mail& m, int depth) {
  size_t split_at = entity.find("\n\n");
  size_t crlf = entity.find("\r\n\r\n");
  size_t body_at;
  if (crlf != std::string_view::npos && (split_at == std::string_view::npos || crlf < split_at)) {
    split_at = crlf;
    body_at = crlf + 4;
  } else {
    body_at = split_at == std::string_view::npos ? entity.size() : split_at + 2;
  }
  std::vector<Header> hs = parse_headers(entity.substr(0, std::min(split_at, entity.size())));
  std::string_view body = entity.substr(std::min(body_at, entity.size()));
  std::string type = header(hs, "content-type");
  std::string ltype = lower(type);
  if (ltype.rfind("multipart/", 0) == 0 && depth < 16) {
    std::string boundary = param(type, "boundary");
    if (boundary.empty()) return;
    std::string delim = "--" + boundary;
    size_t pos = body.find(delim);
    while (pos != std::string_view::npos) {
      size_t start = body.find('\n', pos);
      if (start == std::string_view::npos) break;
      if (body.substr(pos + delim.size(), 2) == "--") break;  // the closing delimiter
      size_t next = body.find("\n" + delim, start);
      std::string_view part = body.substr(start + 1, next == std::string_view::npos ? std::string_view::npos
                                                                                    : next - start - 1);
      walk(part, m, depth + 1);
      pos = next == std::string_view::npos ? next : next + 1;
    }
    return;
  }
  std::string enc = lower(trim(header(hs, "content-transfer-encoding")));
  std::string bytes = enc == "base64" ? mime_base64_decode(body)
                      : enc == "quoted-printable" ? quoted_printable_decode(body, false) : std::string(body);
  std::string disposition = header(hs, "content-disposition");
  std::string name = decode_header_words(param(disposition, "filename"));
  if (name.empty()) name = decode_header_words(param(type, "name"));
  bool attachment = lower(disposition).rfind("attachment", 0) == 0 || !name.empty();
  if (!attachment && (ltype.empty() || ltype.rfind("text/plain", 0) == 0)) {
    if (m.text.empty()) m.text = to_utf8(bytes, param(type, "charset"));
    return;
  }
  if (!attachment && ltype.rfind("text/html", 0) == 0) {
    if (m.html.empty()) m.html = to_utf8(bytes, param(type, "charset"));
    return;
  }
  std::string mime(trim(ltype.substr(0, ltype.find(';'))));
  if (mime.empty() || mime == "application/octet-stream") mime = sniff_mime(std::string_view(bytes).substr(0, 512), name);
  MemoryStream data(std::move(bytes));
  MediaRef ref = m.sink->media_stream(data, name);
  json a = json{{"size", ref.size}, {"sha256", ref.sha256}};
  put(a, "name", name);
  put(a, "mime", mime);
  m.attachments.push_back(a);
}

void emit_message(ImportContext& cx, const File& f, const std::string& raw, const std::string& from_line, int64_t line) {
  size_t split_at = raw.find("\n\n");
  std::vector<Header> hs = parse_headers(std::string_view(raw).substr(0, split_at));
  Mail m;
  m.sink = &cx.out;
  walk(raw, m, 0);
  std::string id = header(hs, "message-id");
  std::string subject = decode_header_words(header(hs, "subject"));
  std::string date = header(hs, "date");
  std::string key = !id.empty() ? id : from_line + "|" + date + "|" + subject;
  Record r = make_record("message", "google", "gmail|" + key, f.entry->path, "line " + std::to_string(line));
  r.service = "gmail";
  auto t = mail_date(date);
  if (!t) {  // "From 1234@xxx Mon Jan 01 10:00:00 +0000 2024"
    std::vector<std::string> w;
    for (const std::string& word : split(from_line, ' '))
      if (!word.empty()) w.push_back(word);
    // The year is last; a "+0000" may stand before it.
    if (w.size() >= 7) t = parse_time(w[3] + " " + w[4] + " " + w.back() + " " + w[5], "%b %d %Y %H:%M:%S");
  }
  if (t) set_time(r, *t);
  else warn_once(cx, f.where, "messages without a readable Date; kept without a time");
  put(r.data, "thread_id", header(hs, "x-gm-thrid"));
  put(r.data, "subject", subject);
  json from = persons(header(hs, "from"));
  if (!from.empty()) r.data["from"] = from[0];
  json to = persons(header(hs, "to"));
  if (!to.empty()) r.data["to"] = to;
  std::string text = m.text.empty() && !m.html.empty() ? html_to_text(m.html) : m.text;
  put(r.data, "text", replace_all(text, "\r\n", "\n"));
  if (!m.attachments.empty()) r.data["attachments"] = m.attachments;
  std::string labels = decode_header_words(header(hs, "x-gmail-labels"));
  json lab = json::array();
  for (const std::string& l : split(labels, ','))
    if (!trim(l).empty()) lab.push_back(std::string(trim(l)));
  if (!lab.empty()) r.data["labels"] = lab;
  for (const auto& l : lab) {
    std::string s = lower(l.get<std::string>());
    if (s == "sent" || s == "gesendet") r.data["direction"] = "sent";
    if (s == "draft" || s == "entwürfe" || s == "entwurf") r.data["draft"] = true;
    if (s == "inbox" || s == "posteingang") r.data["folder"] = "inbox";
  }
  if (!r.data.contains("direction")) r.data["direction"] = "received";
  json raw_fields = json::object();
  json cc = persons(header(hs, "cc"));
  if (!cc.empty()) raw_fields["cc"] = cc;
  put(raw_fields, "message_id", id);
  put(raw_fields, "in_reply_to", header(hs, "in-reply-to"));
  if (!raw_fields.empty()) r.data["raw"] = raw_fields;
  cx.out.add(std::move(r));
}

}  // namespace

Verdict read_mbox(ImportContext& cx, const File& f) {
  auto s = cx.in.open(*f.entry);
  LineReader lines(*s);
  std::string line, msg, from_line;
  int64_t n = 0, start = 0;
  bool have = false, prev_blank = true, cut = false;
  auto flush = [&] {
    if (!have) return;
    if (cut) cx.log.warn(f.where + ": line " + std::to_string(start), "message longer than 64 MiB; its end was cut");
    emit_message(cx, f, msg, from_line, start);
    ++n;
  };
  while (lines.next(line)) {
    if (prev_blank && line.rfind("From ", 0) == 0) {
      flush();
      have = true;
      cut = false;
      msg.clear();
      from_line = line;
      start = lines.line_number();
      prev_blank = false;
      continue;
    }
    prev_blank = line.empty() || line == "\r";
    if (!have) continue;
    // mboxrd: ">From ", ">>From "... lost one '>' when written.
    size_t gt = line.find_first_not_of('>');
    if (gt != std::string::npos && gt > 0 && line.compare(gt, 5, "From ") == 0) line.erase(0, 1);
    if (msg.size() + line.size() > max_message) {
      cut = true;
      continue;
    }
    msg += line;
    msg += '\n';
  }
  flush();
  return {Fate::parsed, std::to_string(n) + " messages; attachments copied into the media store"};
}

}  // namespace dataport::google
