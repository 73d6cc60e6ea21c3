// WhatsApp chat exports (docs/formats/whatsapp.md): one text file per chat, alone or with the
// chat's files, many chats at once (a folder or a zip of them, zips inside opened).
// [x] WhatsApp Chat with NAME.txt (Android, every localised name), _chat.txt (iOS), any .txt whose
//     lines are WhatsApp's -> message: the header of Android and iOS in any locale (day/month order
//     decided from the whole file, said when assumed), multi-line messages, system lines (event),
//     placeholders for media left out, deleted and edited messages, calls, locations, polls
// [x] the chat's files (beside its text file) -> attachments of the messages that name them;
//     files no message names -> media
// [x] the other people who wrote -> contact; the exporter, found across all chats -> profile
// [ ] an empty (0-byte) chat file: ignored with a note

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "importers/whatsapp/lines.h"
#include "ingest/importers.h"
#include "ingest/rules.h"
#include "lib/error.h"
#include "lib/text.h"
#include "lib/time.h"

namespace dataport {
namespace {

using namespace whatsapp;

constexpr const char* platform = "whatsapp";

// One chat's first pass: what the second pass needs before it writes a record.
struct Scan {
  bool read = false;       ///< the pass ran to the end
  int64_t headers = 0;     ///< header lines
  Order order = Order::dmy;
  bool assumed = false;    ///< no number above 12 and time order undecided: the order is a guess
  int64_t against = 0;     ///< header lines whose date contradicts the chosen order
  std::string title;       ///< the chat's name from its file's name ("" when none)
  bool group = false;
  std::vector<std::string> senders;  ///< in the order they first wrote
  std::string you;                   ///< the sender of a "You deleted this message" line
};

// The run's state: the chats (found while the rules are matched, scanned before the first record),
// the exporter's name, the people met, the stored media by file name.
struct State {
  std::vector<const Entry*> chat_entries;
  bool scanned = false;
  std::unordered_map<std::string, Scan> chats;  ///< by entry_key
  std::string owner;
  std::vector<std::pair<std::string, std::string>> contacts;  ///< name, path of the chat first met in
  std::unordered_set<std::string> contact_seen;
  std::string first_chat_path;
  bool media_indexed = false;
  std::map<std::pair<int, std::string>, StoredMedia*> media_by_path;  ///< (part, path): parts may repeat paths
  std::map<std::pair<int, std::string>, std::vector<StoredMedia*>> media_by_name;  ///< (part, file name)
};

State& state(ImportContext& c) { return c.state<State>(); }

// A chat's key in State::chats: parts given together may each hold a `_chat.txt`.
std::string entry_key(const Entry& e) { return std::to_string(e.part) + ':' + e.path; }

bool ends_with_ci(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && iequals(s.substr(s.size() - tail.size()), tail);
}

// Header lines with something after them among the first lines of `head` (probe and sniff).
int header_lines(std::string_view head) {
  int found = 0, seen = 0;
  size_t at = 0;
  while (at < head.size() && seen < 12) {
    size_t nl = head.find('\n', at);
    std::string_view line = head.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
    if (nl == std::string_view::npos && head.size() >= 4096) break;  // a line cut by the head's end
    at = nl == std::string_view::npos ? head.size() : nl + 1;
    ++seen;
    if (auto h = parse_header(line)) {
      std::string_view rest = line.substr(h->rest);
      if (!trim(rest).empty()) ++found;
    }
  }
  return found;
}

bool is_chat(const Archive& in, const Entry& e) {
  std::string_view base = basename(e.path);
  if (!ends_with_ci(base, ".txt")) return false;
  return chat_file_name(base) || header_lines(in.head(e, 4096)) >= 2;
}

// The rules' name for an entry: "chat" for a chat's text file. The chats are noted in listing
// order here, so the first reader can scan them all before any record is written.
std::string chat_name(ImportContext& c, const Entry& e) {
  if (!is_chat(c.in, e)) return "";
  state(c).chat_entries.push_back(&e);
  return "chat";
}

// The chat's name: from its text file's name, its folder or nested zip, or (a `_chat.txt` at the
// top of a zip given as it came: `WhatsApp Chat - Ana.zip`) the part it is in.
std::string title_of(ImportContext& c, const Entry& e) {
  std::string title = chat_title(e.path);
  if (!title.empty() || e.path.find('/') != std::string::npos) return title;
  std::string where = c.in.where(e);
  if (where.size() < e.path.size() + 2) return title;
  return chat_title(where.substr(0, where.size() - e.path.size() - 2) + "/" + e.path);
}

// The first pass over a chat: date order, senders, group or not, who "You" is.
Scan scan_chat(ImportContext& c, const Entry& e) {
  Scan s;
  s.title = title_of(c, e);
  auto stream = c.in.open(e);
  LineReader lines(*stream);
  std::string line;
  bool year_first = true, differ = false, ampm = false, group_signal = false;
  int64_t first_big = 0, second_big = 0;
  int64_t inversions[2] = {0, 0}, prev[2] = {0, 0};
  bool have_prev[2] = {false, false};
  std::unordered_set<std::string> known;
  while (lines.next(line)) {
    auto h = parse_header(line);
    if (!h) continue;
    ++s.headers;
    if (year_index(*h) != 0) {
      year_first = false;
      auto [p, q] = day_month_numbers(*h);
      if (p > 12 && p <= 31) ++first_big;
      if (q > 12 && q <= 31) ++second_big;
      if (p != q) differ = true;
    }
    if (h->period) ampm = true;
    // Exports are in time order: the reading that keeps it wins when no number is above 12.
    for (int o = 0; o < 2; ++o)
      if (auto t = wall_clock(*h, o == 0 ? Order::dmy : Order::mdy)) {
        if (have_prev[o] && *t < prev[o]) ++inversions[o];
        prev[o] = *t;
        have_prev[o] = true;
      }
    Head hd = split_head(std::string_view(line).substr(h->rest), h->dash);
    if (hd.system) {
      if (group_event(hd.event)) group_signal = true;
      continue;
    }
    // A chat has a few hundred people at most; a hostile file cannot make this list grow without end.
    if (known.size() < 4096 && known.insert(hd.sender).second) s.senders.push_back(hd.sender);
    if (hd.body.size() < 80 && classify(hd.body).you_deleted) s.you = hd.sender;
  }
  if (year_first && s.headers) {
    s.order = Order::ymd;
  } else if (first_big || second_big) {
    s.order = first_big >= second_big ? Order::dmy : Order::mdy;
    s.against = std::min(first_big, second_big);
  } else if (inversions[0] != inversions[1]) {
    s.order = inversions[0] < inversions[1] ? Order::dmy : Order::mdy;
  } else {
    // Nothing in the file tells: a 12-hour clock is en-US's habit (month first), day first is everyone else's.
    s.order = ampm ? Order::mdy : Order::dmy;
    s.assumed = differ;
  }
  s.group = group_signal || s.senders.size() > 2 ||
            (s.senders.size() == 2 && !s.title.empty() && s.senders[0] != s.title && s.senders[1] != s.title);
  s.read = true;
  return s;
}

// Scans every chat of the set, then names the exporter: the sender of "You deleted this message",
// else the one sender of a one-to-one chat who is not the chat's name; the most common wins.
void scan_all(ImportContext& c) {
  State& st = state(c);
  st.scanned = true;
  std::map<std::string, int64_t> votes_you, votes_other;
  for (const Entry* e : st.chat_entries) {
    Scan s;
    try {
      s = scan_chat(c, *e);
    } catch (const Error&) {
      // Its own reader reads it again and fails it alone.
    }
    if (!s.you.empty()) ++votes_you[s.you];
    if (s.read && !s.group && !s.title.empty()) {
      std::vector<std::string> others;
      for (const std::string& name : s.senders)
        if (name != s.title) others.push_back(name);
      if (others.size() == 1) ++votes_other[others[0]];
    }
    st.chats[entry_key(*e)] = std::move(s);
  }
  auto best = [](const std::map<std::string, int64_t>& votes) {
    std::string name;
    int64_t n = 0;
    for (const auto& [k, v] : votes)
      if (v > n) name = k, n = v;
    return name;
  };
  st.owner = !votes_you.empty() ? best(votes_you) : best(votes_other);
  if (votes_you.empty() && votes_other.size() > 1)
    c.log.warn(c.in.name(), "the exporter's name differs between chats; taken as \"" + st.owner + "\" (the most common)");
}

// The file a message names: beside the chat's text file in the same part (several iOS zips all
// hold a 00000001-PHOTO-... of their own), else the one file of that name in the part.
StoredMedia* find_media(ImportContext& c, const Entry& chat, const std::string& name) {
  State& st = state(c);
  if (!st.media_indexed) {
    for (StoredMedia& m : c.media.all()) {
      st.media_by_path[{m.entry->part, m.entry->path}] = &m;
      st.media_by_name[{m.entry->part, std::string(basename(m.entry->path))}].push_back(&m);
    }
    st.media_indexed = true;
  }
  std::string_view base = basename(chat.path);
  std::string dir = chat.path.substr(0, chat.path.size() - base.size());
  auto at = st.media_by_path.find({chat.part, dir + name});
  if (at != st.media_by_path.end()) return at->second;
  auto it = st.media_by_name.find({chat.part, name});
  return it != st.media_by_name.end() && it->second.size() == 1 ? it->second[0] : nullptr;
}

std::optional<double> number_of(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

json person_of(const std::string& name) {
  json p = {{"name", name}};
  std::string phone = phone_of(name);
  if (!phone.empty()) p["username"] = phone;
  return p;
}

// One message of the chat being read: its header line and the lines that continue it.
struct Pending {
  bool open = false;
  Header h;
  int64_t time = 0;
  int64_t line = 0;
  std::string first;  ///< what follows the header
  std::string more;   ///< continuation lines
  bool cut = false;
};

struct Chat {
  const Entry& e;
  const Scan& s;
  std::string thread;
  int64_t index = 0;
  int64_t last_time = INT64_MIN;
  std::unordered_map<size_t, int> repeats;  ///< hashes of identical lines within one time
  std::string preamble;
};

void emit(ImportContext& c, Chat& chat, Pending& p) {
  State& st = state(c);
  const Scan& s = chat.s;
  Head hd = split_head(p.first, p.h.dash);
  std::string body = hd.body + p.more;
  std::string cleaned = strip_marks(body);
  // Bounded: lines of one minute are few; a file of millions of lines at one time starts again.
  if (p.time != chat.last_time || chat.repeats.size() > 1'000'000) chat.repeats.clear(), chat.last_time = p.time;
  std::string key = chat.thread + '\n' + format_rfc3339(from_unix_seconds(p.time)) + '\n' +
                    (hd.system ? "\x01system" : hd.sender) + '\n' + cleaned;
  int n = chat.repeats[std::hash<std::string>()(key)]++;
  Record r = make_record("message", platform, key + '\n' + std::to_string(n), chat.e.path, "line " + std::to_string(p.line));
  set_time(r, from_unix_seconds(p.time));
  json& d = r.data;
  d["thread_id"] = chat.thread;
  put(d, "thread_title", s.title);
  if (s.group) d["group_chat"] = true;
  d["index"] = chat.index++;
  json raw = json::object();
  if (!chat.preamble.empty()) raw["preamble"] = std::move(chat.preamble), chat.preamble.clear();
  if (p.cut) raw["truncated"] = true;
  if (hd.system) {
    d["event"] = hd.event;
    put(d, "text", cleaned);
    Body b = classify(body);
    if (b.call) d["call"] = b.missed ? json{{"missed", true}} : json::object();
  } else {
    d["from"] = person_of(hd.sender);
    if (hd.not_a_contact) raw["not_a_contact"] = true;
    const std::string& me = st.owner;
    if (!me.empty()) d["direction"] = hd.sender == me ? "sent" : "received";
    if (!s.group) {
      std::string other = s.title;
      for (const std::string& name : s.senders)
        if (name != me && other.empty()) other = name;
      if (!me.empty() && hd.sender == me && !other.empty() && other != me) d["to"] = json::array({person_of(other)});
      else if (!me.empty() && hd.sender != me) d["to"] = json::array({person_of(me)});
    }
    if (hd.sender != me && st.contact_seen.insert(hd.sender).second) st.contacts.emplace_back(hd.sender, chat.e.path);
    Body b = classify(body);
    StoredMedia* m = nullptr;
    if (!b.attachment.empty()) {
      m = find_media(c, chat.e, b.attachment);
      // "notes.txt (draft)" is words, unless the export holds that file or the phrase is WhatsApp's.
      if (!m && !b.attachment_phrase) {
        b = Body();
        b.text = std::string(trim(cleaned));
        b.content_type = "text";
      }
    }
    if (!b.attachment.empty()) {
      if (m) {
        d["attachments"] = json::array({c.media.use(*m)});
      } else {
        std::string_view base = basename(chat.e.path);
        std::string path = chat.e.path.substr(0, chat.e.path.size() - base.size()) + b.attachment;
        d["attachments"] = json::array({{{"uri", path}, {"type", b.content_type}}});
        c.out.missing(path, "attached to a message of " + chat.e.path + "; the export does not hold it");
      }
    }
    put(d, "content_type", b.content_type);
    put(d, "text", b.text);
    if (b.unsent) d["unsent"] = true;
    if (b.call) d["call"] = b.missed ? json{{"missed", true}} : json::object();
    put(raw, "placeholder", b.placeholder);
    if (b.edited) raw["edited"] = true;
    // A shared location is its coordinates (what sharing policies coarsen); the maps link WhatsApp
    // writes around them is kept only when they cannot be read from it.
    auto lat = number_of(b.lat), lon = number_of(b.lon);
    if (lat && lon) raw["lat"] = *lat, raw["lon"] = *lon;
    else if (!b.link.empty()) d["links"] = json::array({b.link});
    if (!b.poll_question.empty() || !b.poll_options.empty()) {
      json options = json::array();
      for (const auto& [title, votes] : b.poll_options) options.push_back({{"title", title}, {"votes", votes}});
      raw["poll"] = {{"question", b.poll_question}, {"options", std::move(options)}};
    }
  }
  if (!raw.empty()) d["raw"] = std::move(raw);
  c.out.add(std::move(r));
}

Verdict read_chat(ImportContext& c, const Entry& e) {
  State& st = state(c);
  if (!st.scanned) scan_all(c);
  if (st.first_chat_path.empty()) st.first_chat_path = e.path;
  Scan& s = st.chats[entry_key(e)];
  if (!s.read) s = scan_chat(c, e);  // failed in the first pass: fails here, inside this file's boundary
  if (s.headers == 0) {
    if (e.size == 0) return {Fate::ignored, "an empty chat file"};
    throw Error(c.in.where(e), "no line starts with a WhatsApp date and time: not a chat export this version can read");
  }
  const char* order = s.order == Order::ymd ? "year/month/day" : s.order == Order::dmy ? "day/month" : "month/day";
  if (s.assumed)
    c.log.warn(c.in.where(e), std::string("the date order is ambiguous (no day above 12, and either order keeps the "
                                          "messages in time order): read as ") + order);
  if (s.against)
    c.log.warn(c.in.where(e), std::to_string(s.against) + " dates contradict the file's " + order +
                                  " order: their lines are kept in the message above");

  Chat chat{e, s, s.title.empty() ? e.path : s.title, 0, INT64_MIN, {}, ""};
  auto stream = c.in.open(e);
  LineReader lines(*stream);
  std::string line;
  Pending p;
  int64_t messages = 0, impossible = 0;
  auto add_line = [&](const std::string& text) {
    if (!p.open) {
      if (chat.preamble.size() + text.size() < max_kept_string) chat.preamble += (chat.preamble.empty() ? "" : "\n") + text;
      return;
    }
    if (p.more.size() + p.first.size() + text.size() + 1 > max_kept_string) {
      p.cut = true;
      return;
    }
    p.more += '\n';
    p.more += text;
  };
  while (lines.next(line)) {
    auto h = parse_header(line);
    std::optional<int64_t> t = h ? wall_clock(*h, s.order) : std::nullopt;
    if (h && !t) {
      if (impossible++ < 5)
        c.log.warn(c.in.where(e) + " line " + std::to_string(lines.line_number()),
                   "its date is impossible in the file's order: kept as a line of the message above");
    }
    if (!t) {
      add_line(line);
      continue;
    }
    if (p.open) emit(c, chat, p), ++messages;
    p = Pending{true, *h, *t, lines.line_number(), line.substr(h->rest), "", lines.truncated()};
  }
  if (p.open) emit(c, chat, p), ++messages;
  if (!chat.preamble.empty())
    c.log.warn(c.in.where(e), "lines before the first message" +
                                  std::string(messages ? " are kept in its raw.preamble" : ": no message to keep them"));
  std::string note = std::to_string(messages) + " messages, " + order + (s.assumed ? " (assumed)" : "") + " dates";
  if (s.group) note += ", a group";
  return {messages ? Fate::parsed : Fate::partial, note};
}

void finish(ImportContext& c) {
  State& st = state(c);
  if (!st.owner.empty()) {
    Record r = make_record("profile", platform, "profile:" + st.owner, st.first_chat_path, "");
    r.data["name"] = st.owner;
    std::string phone = phone_of(st.owner);
    if (!phone.empty()) r.data["phones"] = json::array({{{"number", phone}}});
    c.out.add(std::move(r));
  }
  for (const auto& [name, path] : st.contacts) {
    Record r = make_record("contact", platform, "contact:" + name, path, "");
    r.data["relation"] = "contact";
    std::string phone = phone_of(name);
    r.data["name"] = name;
    if (!phone.empty()) r.data["phones"] = json::array({{{"number", phone}}});
    c.out.add(std::move(r));
  }
  // Files no message names, keyed by their content: the same photo in two exports is one record,
  // and two parts that both hold a 00000009-PHOTO-... are two.
  for (StoredMedia& m : c.media.all()) {
    if (m.used) continue;
    Record r = make_record("media", platform, "media:" + m.sha256(), m.entry->path, "");
    put(r.data, "title", basename(m.entry->path));
    r.data["media"] = json::array({c.media.use(m)});
    c.out.add(std::move(r));
  }
}

const RuleSet rules = {
    .platform = platform,
    .rules =
        {
            {.match = "chat", .name = chat_name, .read = read_chat, .kinds = "message, contact, profile"},
            {.match = "**/*", .kinds = "media", .media = true, .note = "whatsapp chat file"},
        },
    .finish = finish,
};

}  // namespace

int probe_whatsapp(const Archive& in) {
  int score = 0, unnamed = 0;
  for (const Entry& e : in.entries()) {
    if (e.junk || e.link || e.container) continue;
    std::string_view base = basename(e.path);
    if (!ends_with_ci(base, ".txt")) continue;
    bool named = chat_file_name(base);
    if (!named && unnamed++ >= 8) continue;
    if (named && e.size == 0) {
      score = std::max(score, 60);
      continue;
    }
    int found = header_lines(in.head(e, 4096));
    if (named && found >= 1) return 95;
    if (found >= 3) score = std::max(score, 70);
  }
  return score;
}

void read_whatsapp(const Archive& in, Sink& out, Log& log) { run_rules(rules, in, out, log); }

}  // namespace dataport
