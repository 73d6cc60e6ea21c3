// Reddit data request (GDPR) export (docs/formats/reddit.md): a flat zip of CSV files.
// [x] posts.csv -> post (title, body, link target, subreddit; [deleted]/[removed] bodies marked)
// [x] comments.csv -> comment (body, the post it is on, the comment it answers, subreddit, media)
// [x] messages.csv, messages_archive.csv -> message (thread, subject, from/to, direction)
// [x] chat_history.csv -> message (channel as thread, channel name, the message it answers)
// [x] post_votes.csv, comment_votes.csv -> reaction (upvote, downvote; withdrawn votes counted, not kept)
// [x] saved_posts.csv, saved_comments.csv -> activity (save); hidden_posts.csv -> activity (hide)
// [x] subscribed_subreddits.csv, moderated_subreddits.csv, approved_submitter_subreddits.csv -> group
// [x] friends.csv -> contact (friend, with the note)
// [x] statistics.csv -> profile (account name, email, registration date, other statistics in raw)
// [x] ip_logs.csv -> login; its "registration ip" row -> profile registration_ip
// [x] any of these split as <name>_1.csv, <name>_2.csv...; a header repeated inside a file is skipped
// [ ] *_headers.csv (post_headers, comment_headers, message_headers...): ignored, subsets of the full files
// [ ] checkfile.csv: ignored (checksums of the export's files)
// [ ] the other files (announcements, drafts, gilded_content, gold_received, multireddits,
//     payouts, poll_votes, purchases, scheduled_posts, subscriptions, user_preferences,
//     sensitive_ads_preferences, linked_identities, linked_phone_number, stripe, persona,
//     account_gender, birthdate, twitter): kept as files

#include <functional>

#include "ingest/csv_table.h"
#include "ingest/importers.h"
#include "ingest/rules.h"
#include "lib/csv.h"
#include "lib/error.h"
#include "lib/model.h"
#include "lib/text.h"
#include "lib/time.h"

namespace dataport {
namespace {

constexpr const char* platform = "reddit";

// What several files fill (ImportContext::state<State>()): the account name from statistics.csv,
// read in an earlier pass, which tells sent from received; the profile, with ip_logs.csv's
// registration row.
struct State {
  std::string username;
  json profile = json::object();
  std::string profile_path;
};

// "2025-05-18 04:35:32 UTC"; older files write an ISO time.
std::optional<Timestamp> reddit_time(std::string_view s) {
  s = trim(s);
  if (auto t = parse_time(s, "%Y-%m-%d %H:%M:%S UTC")) return t;
  return parse_iso8601(s);
}

// "r/bridges" from "bridges", "r/bridges" or "/r/bridges".
std::string subreddit(std::string_view s) {
  s = trim(s);
  while (!s.empty() && s.front() == '/') s.remove_prefix(1);
  if (s.empty()) return "";
  return s.starts_with("r/") || s.starts_with("R/") ? "r/" + std::string(s.substr(2)) : "r/" + std::string(s);
}

// A user name without its "u/" prefix; "" for Reddit's placeholders of a deleted account.
std::string user(std::string_view s) {
  s = trim(s);
  while (!s.empty() && s.front() == '/') s.remove_prefix(1);
  if (s.starts_with("u/")) s.remove_prefix(2);
  if (s == "[deleted]" || s == "[removed]") return "";
  return std::string(s);
}

// One data row: the header, the row, where it is.
struct Row {
  const CsvHeader& header;
  const std::vector<std::string>& cells;
  const Entry& e;
  std::string ptr;
  std::string get(std::string_view name) const { return header.get(cells, name); }
};

// Reads a CSV file row by row through the shared CSV table reader (streamed, any encoding, a
// header repeated inside a file passed over): each data row goes to `fn`, which returns false for
// a row it skipped (it warned). A file whose header lacks a column the family needs fails.
Verdict each_row(ImportContext& c, const Entry& e, const char* what, std::initializer_list<std::string_view> required,
                 const std::function<bool(const Row&)>& fn) {
  CsvTable table{.required = std::vector<std::string_view>(required), .what = what};
  return read_csv_table(c, e, table, [&](const CsvHeader& h, const std::vector<std::string>& cells, CsvRows& t) {
    if (fn(Row{h, cells, e, t.pointer()})) ++t.records;
    else ++t.skipped;
  });
}

// A row without its id is a warning with its place, never a silent drop.
bool lacks(ImportContext& c, const Row& r, const std::string& value, const char* what) {
  if (!value.empty()) return false;
  c.log.warn(c.in.where(r.e) + " " + r.ptr, std::string("row without ") + what + ": skipped");
  return true;
}

// Body placeholders: "[deleted]" by the author, "[removed]" by moderators or Reddit, kept in raw
// (raw.deleted, raw.removed) instead of a text.
void put_body(json& d, const std::string& body) {
  if (body == "[deleted]" || body == "[removed]") d["raw"][body.substr(1, body.size() - 2)] = true;
  else put(d, "text", body);
}

Verdict read_posts(ImportContext& c, const Entry& e) {
  return each_row(c, e, "posts", {"id"}, [&](const Row& r) {
    std::string id = r.get("id");
    if (lacks(c, r, id, "an id")) return false;
    Record rec = c.record("post", "post:" + id, e, r.ptr);
    if (auto t = reddit_time(r.get("date"))) set_time(rec, *t);
    json& d = rec.data;
    put(d, "title", r.get("title"));
    put_body(d, r.get("body"));
    if (r.get("body") == "[deleted]") d["deleted"] = true;
    std::string permalink = r.get("permalink"), url = r.get("url");
    put(d, "url", permalink);
    if (!url.empty() && url != permalink) d["links"] = json::array({url});  // a link post's target
    put(d["raw"], "subreddit", subreddit(r.get("subreddit")));
    put(d["raw"], "gildings", r.get("gildings"));
    put(d["raw"], "ip", r.get("ip"));
    if (d["raw"].empty()) d.erase("raw");
    c.out.add(std::move(rec));
    return true;
  });
}

Verdict read_comments(ImportContext& c, const Entry& e) {
  return each_row(c, e, "comments", {"id"}, [&](const Row& r) {
    std::string id = r.get("id");
    if (lacks(c, r, id, "an id")) return false;
    Record rec = c.record("comment", "comment:" + id, e, r.ptr);
    if (auto t = reddit_time(r.get("date"))) set_time(rec, *t);
    json& d = rec.data;
    put_body(d, r.get("body"));
    std::string link = r.get("link");
    put(d, "url", link.empty() ? r.get("permalink") : link);  // the post it is on
    put(d, "parent", r.get("parent"));
    put(d, "group", subreddit(r.get("subreddit")));
    std::string media = r.get("media");
    if (!media.empty()) d["media_urls"] = json::array({media});
    put(d["raw"], "permalink", r.get("permalink"));
    put(d["raw"], "gildings", r.get("gildings"));
    put(d["raw"], "ip", r.get("ip"));
    if (d["raw"].empty()) d.erase("raw");
    c.out.add(std::move(rec));
    return true;
  });
}

Verdict read_messages(ImportContext& c, const Entry& e) {
  const std::string& me = c.state<State>().username;
  return each_row(c, e, "messages", {"id"}, [&](const Row& r) {
    std::string id = r.get("id");
    if (lacks(c, r, id, "an id")) return false;
    Record rec = c.record("message", "message:" + id, e, r.ptr);
    if (auto t = reddit_time(r.get("date"))) set_time(rec, *t);
    json& d = rec.data;
    std::string thread = r.get("thread_id");
    d["thread_id"] = thread.empty() ? id : thread;
    put(d, "subject", r.get("subject"));
    put(d, "text", r.get("body"));
    std::string from = user(r.get("from")), to = user(r.get("to"));
    if (!from.empty()) d["from"] = {{"username", from}};
    if (!to.empty()) d["to"] = json::array({{{"username", to}}});
    if (!me.empty() && (!from.empty() || !to.empty())) d["direction"] = lower(from) == lower(me) ? "sent" : "received";
    put(d["raw"], "permalink", r.get("permalink"));
    put(d["raw"], "ip", r.get("ip"));
    if (d["raw"].empty()) d.erase("raw");
    c.out.add(std::move(rec));
    return true;
  });
}

Verdict read_chat(ImportContext& c, const Entry& e) {
  const std::string& me = c.state<State>().username;
  return each_row(c, e, "chat messages", {"message_id"}, [&](const Row& r) {
    std::string id = r.get("message_id");
    if (lacks(c, r, id, "a message_id")) return false;
    Record rec = c.record("message", "chat:" + id, e, r.ptr);
    if (auto t = reddit_time(r.get("created_at"))) set_time(rec, *t);
    json& d = rec.data;
    std::string channel = r.get("channel_url");
    d["thread_id"] = channel.empty() ? id : channel;
    put(d, "thread_title", r.get("channel_name"));
    put(d, "thread_type", r.get("conversation_type"));
    put(d, "text", r.get("message"));
    put(d, "parent", r.get("thread_parent_message_id"));
    std::string from = user(r.get("username"));
    if (!from.empty()) d["from"] = {{"username", from}};
    if (!me.empty() && !from.empty()) d["direction"] = lower(from) == lower(me) ? "sent" : "received";
    put(d["raw"], "subreddit", subreddit(r.get("subreddit")));
    if (auto u = reddit_time(r.get("updated_at"))) d["raw"]["updated_at"] = format_rfc3339(*u);
    if (d["raw"].empty()) d.erase("raw");
    c.out.add(std::move(rec));
    return true;
  });
}

// post_votes.csv, comment_votes.csv: "up" and "down"; "none" is a vote taken back: counted, not kept.
Verdict read_votes(ImportContext& c, const Entry& e, const char* type) {
  int64_t withdrawn = 0;
  Verdict v = each_row(c, e, "votes", {"id", "direction"}, [&](const Row& r) {
    std::string id = r.get("id"), direction = lower(r.get("direction"));
    if (lacks(c, r, id, "an id")) return false;
    if (direction == "none") {
      ++withdrawn;
      return true;
    }
    if (direction != "up" && direction != "down") {
      c.log.warn(c.in.where(e) + " " + r.ptr, "vote of an unknown direction '" + direction + "': skipped");
      return false;
    }
    Record rec = c.record("reaction", std::string(type) + "_vote:" + id, e, r.ptr);
    rec.data["reaction"] = direction + "vote";
    rec.data["type"] = type;
    put(rec.data, "url", r.get("permalink"));
    rec.data["note"] = "the Reddit export gives no time for votes";
    c.out.add(std::move(rec));
    return true;
  });
  if (withdrawn && v.fate == Fate::parsed)
    v.note += " (" + std::to_string(withdrawn) + " withdrawn, direction none: not kept)";
  return v;
}

Verdict read_post_votes(ImportContext& c, const Entry& e) { return read_votes(c, e, "post"); }
Verdict read_comment_votes(ImportContext& c, const Entry& e) { return read_votes(c, e, "comment"); }

// saved_posts.csv, saved_comments.csv, hidden_posts.csv: id and permalink, no time.
Verdict read_marks(ImportContext& c, const Entry& e, const char* action, const char* type) {
  return each_row(c, e, "items", {"id"}, [&](const Row& r) {
    std::string id = r.get("id");
    if (lacks(c, r, id, "an id")) return false;
    Record rec = c.record("activity", std::string(action) + ":" + type + ":" + id, e, r.ptr);
    rec.data["action"] = action;
    rec.data["type"] = type;
    put(rec.data, "url", r.get("permalink"));
    c.out.add(std::move(rec));
    return true;
  });
}

Verdict read_saved_posts(ImportContext& c, const Entry& e) { return read_marks(c, e, "save", "post"); }
Verdict read_saved_comments(ImportContext& c, const Entry& e) { return read_marks(c, e, "save", "comment"); }
Verdict read_hidden_posts(ImportContext& c, const Entry& e) { return read_marks(c, e, "hide", "post"); }

Verdict read_subreddits(ImportContext& c, const Entry& e, const char* role) {
  return each_row(c, e, "subreddits", {"subreddit"}, [&](const Row& r) {
    std::string name = subreddit(r.get("subreddit"));
    if (lacks(c, r, name, "a subreddit")) return false;
    Record rec = c.record("group", std::string(role) + ":" + lower(name), e, r.ptr);
    rec.data["name"] = name;
    rec.data["url"] = "https://www.reddit.com/" + name + "/";
    rec.data["role"] = role;
    rec.data["type"] = "subreddit";
    c.out.add(std::move(rec));
    return true;
  });
}

Verdict read_subscribed(ImportContext& c, const Entry& e) { return read_subreddits(c, e, "subscriber"); }
Verdict read_moderated(ImportContext& c, const Entry& e) { return read_subreddits(c, e, "moderator"); }
Verdict read_approved(ImportContext& c, const Entry& e) { return read_subreddits(c, e, "approved_submitter"); }

Verdict read_friends(ImportContext& c, const Entry& e) {
  return each_row(c, e, "friends", {"username"}, [&](const Row& r) {
    std::string name = user(r.get("username"));
    if (lacks(c, r, name, "a username")) return false;
    Record rec = c.record("contact", "friend:" + lower(name), e, r.ptr);
    rec.data["relation"] = "friend";
    rec.data["username"] = name;
    rec.data["url"] = "https://www.reddit.com/user/" + name + "/";
    put(rec.data, "note", r.get("note"));
    c.out.add(std::move(rec));
    return true;
  });
}

// statistic,value rows: "account name", "email address", "registration date", karma...
Verdict read_statistics(ImportContext& c, const Entry& e) {
  State& s = c.state<State>();
  json& p = s.profile;
  s.profile_path = e.path;
  return each_row(c, e, "statistics", {"statistic", "value"}, [&](const Row& r) {
    std::string key = lower(r.get("statistic")), value = r.get("value");
    if (lacks(c, r, key, "a statistic")) return false;
    if (key == "account name") {
      s.username = user(value);
      put(p, "username", s.username);
      if (!s.username.empty()) p["url"] = "https://www.reddit.com/user/" + s.username + "/";
    } else if (key == "email address" || key == "email") {
      if (!value.empty()) p["emails"] = json::array({{{"address", value}}});
    } else if (key == "registration date" || key == "account created") {
      if (auto t = reddit_time(value)) p["registered_at"] = format_rfc3339(*t);
      else put(p["raw"], "registration_date", value);
    } else {
      put(p["raw"], snake_case(key).c_str(), value);
    }
    return true;
  });
}

// date,ip rows; the first is "registration ip" where the date would be.
Verdict read_ip_logs(ImportContext& c, const Entry& e) {
  State& s = c.state<State>();
  return each_row(c, e, "rows", {"date", "ip"}, [&](const Row& r) {
    std::string date = r.get("date"), ip = r.get("ip");
    if (lacks(c, r, ip, "an ip")) return false;
    if (lower(date) == "registration ip") {
      s.profile["registration_ip"] = ip;
      if (s.profile_path.empty()) s.profile_path = e.path;
      return true;
    }
    auto t = reddit_time(date);
    Record rec = c.record("login", "login:" + date + ":" + ip, e, r.ptr);
    if (t) set_time(rec, *t);
    else c.log.warn(c.in.where(e) + " " + r.ptr, "login without a readable date: kept without a time");
    rec.data["ip"] = ip;
    c.out.add(std::move(rec));
    return true;
  });
}

void finish(ImportContext& c) {
  State& s = c.state<State>();
  if (s.profile.contains("raw") && s.profile["raw"].empty()) s.profile.erase("raw");
  if (s.profile.empty()) return;
  std::string key = "profile:" + (s.username.empty() ? std::string("account") : lower(s.username));
  Record r = make_record("profile", platform, key, s.profile_path, "");
  r.data = std::move(s.profile);
  c.out.add(std::move(r));
}

// One family of a CSV name, whole or split in parts: "posts" -> posts.csv, posts_1.csv, posts_2.csv...
#define REDDIT_CSV(name) "re:(.*/)?" name "(_[0-9]+)?\\.csv"

// First match wins. statistics.csv is read first: its account name tells sent from received.
const RuleSet rules = {
    .platform = platform,
    .rules =
        {
            {.match = REDDIT_CSV("statistics"), .read = read_statistics, .kinds = "profile", .pass = -1},
            {.match = "re:(.*/)?[a-z_]+_headers(_[0-9]+)?\\.csv", .note = "a subset of the full file (no bodies)"},
            {.match = "**/checkfile.csv", .note = "checksums of the export's files"},
            {.match = REDDIT_CSV("posts"), .read = read_posts, .kinds = "post"},
            {.match = REDDIT_CSV("comments"), .read = read_comments, .kinds = "comment"},
            {.match = REDDIT_CSV("messages") "|" REDDIT_CSV("messages_archive"), .read = read_messages, .kinds = "message"},
            {.match = REDDIT_CSV("chat_history"), .read = read_chat, .kinds = "message"},
            {.match = REDDIT_CSV("post_votes"), .read = read_post_votes, .kinds = "reaction"},
            {.match = REDDIT_CSV("comment_votes"), .read = read_comment_votes, .kinds = "reaction"},
            {.match = REDDIT_CSV("saved_posts"), .read = read_saved_posts, .kinds = "activity"},
            {.match = REDDIT_CSV("saved_comments"), .read = read_saved_comments, .kinds = "activity"},
            {.match = REDDIT_CSV("hidden_posts"), .read = read_hidden_posts, .kinds = "activity"},
            {.match = REDDIT_CSV("subscribed_subreddits"), .read = read_subscribed, .kinds = "group"},
            {.match = REDDIT_CSV("moderated_subreddits"), .read = read_moderated, .kinds = "group"},
            {.match = REDDIT_CSV("approved_submitter_subreddits"), .read = read_approved, .kinds = "group"},
            {.match = REDDIT_CSV("friends"), .read = read_friends, .kinds = "contact"},
            {.match = REDDIT_CSV("ip_logs"), .read = read_ip_logs, .kinds = "login, profile"},
        },
    .finish = finish,
};

#undef REDDIT_CSV

}  // namespace

int probe_reddit(const Archive& in) {
  int known = 0;
  for (const char* name : {"statistics.csv", "post_votes.csv", "comment_votes.csv", "subscribed_subreddits.csv",
                           "saved_posts.csv", "checkfile.csv", "ip_logs.csv", "comment_headers.csv"})
    if (in.first_suffix(name)) ++known;
  const Entry* posts = in.first_suffix("posts.csv");
  bool posts_header = posts && lower(in.head(*posts, 256)).find("id,permalink,date") != std::string::npos;
  if (known >= 3 && posts_header) return 90;
  if (known >= 3) return 80;
  if (posts_header) return 50;
  return 0;
}

void read_reddit(const Archive& in, Sink& out, Log& log) { run_rules(rules, in, out, log); }

}  // namespace dataport
