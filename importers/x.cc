// X / Twitter archive (docs/formats/x.md): data/manifest.js and `window.YTD.<type>.partN = [...]` files.
// [x] data/manifest.js -> every part of every data type, account id and user name
// [x] *.js without a manifest (2019-20 archives, files at the root) -> type from the YTD header
// [x] tweets.js, tweets-partN.js, tweet.js (<= mid-2022, items with or without {"tweet":...}) -> post
// [x] note-tweet.js -> full text joined to its tweet (same second, same text prefix), else post
// [x] deleted-tweets.js, community-tweet.js -> post (deleted_at, community_id)
// [x] like.js -> reaction (the archive gives no time)
// [x] follower.js, following.js, block.js, mute.js -> contact (relation)
// [x] lists-created.js, lists-member.js, lists-subscribed.js -> group
// [x] direct-messages.js, direct-messages-group.js (and the old direct-message*.js) -> message;
//     events of an unknown type -> message with `event` (the type) and the event in raw
// [x] account.js, profile.js, phone-number.js, manifest userInfo -> profile (profile_media/ avatar, header)
// [x] screen-name-change.js -> activity
// [x] personalization.js -> inference (interests, languages, gender, age, shows), advertiser
// [x] ad-impressions.js, ad-engagements.js -> activity, advertiser
// [x] ip-audit.js -> login
// [x] grok-chat-item.js -> conversation, message
// [x] tweets_media/, tweet_media/, direct_messages(_group)_media/, community_tweet_media/,
//     deleted_tweets_media/, profile_media/ -> media store, linked from their records
// [ ] tweet-headers.js, deleted-tweet-headers.js, direct-message(-group)-headers.js: ignored (subsets)
// [ ] other data types (connected-application, device-token, periscope-*...): left unknown, kept as files
// [ ] the pre-2019 Grailbird format (tweets.csv, data/js/tweets/YYYY_MM.js)

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

#include "importers/json_walk.h"
#include "importers/media_index.h"
#include "ingest/importers.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/html.h"
#include "lib/json.h"
#include "lib/model.h"
#include "lib/text.h"

namespace dataport {
namespace {

constexpr const char* platform = "x";

// The type part of `window.YTD.<type>.partN = [` ("" when the text does not start so).
std::string ytd_type(std::string_view head) {
  head = strip_bom(head);
  head = trim(head);
  for (std::string_view prefix : {"window.YTD.", "YTD."}) {
    if (head.substr(0, prefix.size()) != prefix) continue;
    std::string_view rest = head.substr(prefix.size());
    size_t dot = rest.find(".part");
    if (dot == std::string_view::npos || dot == 0) return "";
    return std::string(rest.substr(0, dot));
  }
  return "";
}

// Old archives named some types in the singular (tweet.js, YTD.tweet, direct-message.js).
std::string normalise_type(std::string t) {
  if (t == "tweet") return "tweets";
  if (t == "direct_message") return "direct_messages";
  if (t == "direct_message_group") return "direct_messages_group";
  return t;
}

// "Wed Jan 24 14:02:11 +0000 2024" (tweets), else ISO 8601 ("2024-01-24T14:02:11.000Z", DMs).
std::optional<Timestamp> x_time(std::string_view s) {
  s = trim(s);
  if (s.size() > 4 && s[3] == ' ') {
    if (auto t = parse_time(s.substr(4), "%b %d %H:%M:%S %z %Y")) return t;
  }
  return parse_iso8601(s);
}

// full_text is HTML-escaped with exactly these three entities.
std::string unescape(std::string s) {
  s = replace_all(std::move(s), "&lt;", "<");
  s = replace_all(std::move(s), "&gt;", ">");
  return replace_all(std::move(s), "&amp;", "&");
}

std::string status_url(const std::string& user, const std::string& id) {
  return "https://x.com/" + (user.empty() ? std::string("i/web") : user) + "/status/" + id;
}

struct Note {
  std::string id, text, path, pointer;
  json links = json::array(), mentions = json::array(), hashtags = json::array();
  std::optional<Timestamp> time;
  bool used = false;
};

struct Grok {
  std::string title, path, pointer;
  std::optional<Timestamp> time;
};

struct Ctx {
  Ctx(const Archive& a, Sink& o, Log& l) : in(a), out(o), log(l) {}
  const Archive& in;
  Sink& out;
  Log& log;
  JsonParser parser;
  std::string account_id, username;
  MediaIndex media;
  std::unordered_map<std::string, std::vector<size_t>> media_by_id;  // tweet or DM id -> files
  std::vector<size_t> profile_media;
  std::map<int64_t, std::vector<Note>> notes;  // by createdAt second
  std::map<std::string, Grok> groks;
  std::set<std::string> advertisers;
  json profile = json::object();
  std::string profile_path;
  json handles = json::array();
};

json person(const Ctx& c, const std::string& id) {
  json p = json::object();
  if (id.empty() || id == "0") return p;
  p["url"] = "https://x.com/i/user/" + id;
  if (id == c.account_id && !c.username.empty()) p["username"] = c.username;
  return p;
}

void attach_media(Ctx& c, const std::string& id, json& data, const char* key) {
  auto it = c.media_by_id.find(id);
  if (it == c.media_by_id.end()) return;
  json arr = json::array();
  for (size_t i : it->second) arr.push_back(c.media.use(i));
  data[key] = std::move(arr);
}

// Replaces t.co links by their targets; returns the targets.
json expand_urls(JsonElement urls_owner, std::string& text, std::initializer_list<std::string_view> short_keys,
                 std::initializer_list<std::string_view> long_keys) {
  json links = json::array();
  simdjson::dom::array urls;
  if (!json_array(urls_owner, "urls", urls)) return links;
  for (JsonElement u : urls) {
    std::string shorty = json_text_any(u, short_keys), target = json_text_any(u, long_keys);
    if (target.empty()) continue;
    if (!shorty.empty()) text = replace_all(std::move(text), shorty, target);
    links.push_back(target);
  }
  return links;
}

// ---- tweets -------------------------------------------------------------------------------

void read_note_tweet(Ctx& c, const Entry& e, JsonElement item, const std::string& ptr) {
  JsonElement n = item, core;
  json_member(item, "noteTweet", n);
  Note note;
  note.id = json_text_any(n, {"noteTweetId", "id"});
  if (note.id.empty() || !json_member(n, "core", core)) {
    c.log.warn(c.in.where(e) + " " + ptr, "note tweet without an id or text: skipped");
    return;
  }
  note.text = unescape(json_path(core, {"text"}));
  note.links = expand_urls(core, note.text, {"shortUrl"}, {"expandedUrl"});
  simdjson::dom::array arr;
  if (json_array(core, "mentions", arr))
    for (JsonElement m : arr) note.mentions.push_back(json_text_any(m, {"screenName"}));
  if (json_array(core, "hashtags", arr))
    for (JsonElement h : arr) note.hashtags.push_back(json_text_any(h, {"text", "hashtag"}));
  note.time = x_time(json_text_any(n, {"createdAt"}));
  note.path = e.path;
  note.pointer = ptr;
  int64_t second = note.time ? note.time->seconds : 0;
  c.notes[second].push_back(std::move(note));
}

// The "@alice @bob " a reply's text starts with: the note of a long reply lacks it.
size_t reply_prefix(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && text[i] == '@') {
    size_t j = i + 1;
    while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) ++j;
    if (j == i + 1 || j >= text.size() || !std::isspace(static_cast<unsigned char>(text[j]))) break;
    while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    i = j;
  }
  return i;
}

// The long version of a tweet: a note created the same second whose text starts like the tweet
// (after the @mentions of a reply, which the note leaves out).
Note* find_note(Ctx& c, const std::optional<Timestamp>& t, const std::string& text) {
  if (!t) return nullptr;
  auto it = c.notes.find(t->seconds);
  if (it == c.notes.end()) return nullptr;
  std::string_view probe = trim(std::string_view(text).substr(reply_prefix(text)));
  if (probe.empty()) return nullptr;
  if (probe.size() > 40) probe = probe.substr(0, 40);
  for (Note& n : it->second)
    if (!n.used && n.text.compare(0, probe.size(), probe) == 0) return &n;
  return nullptr;
}

void read_tweet(Ctx& c, const Entry& e, JsonElement item, const std::string& ptr, std::string_view variant) {
  JsonElement t = item;
  json_member(item, "tweet", t);
  std::string id = json_text_any(t, {"id_str", "id"});
  if (id.empty()) {
    c.log.warn(c.in.where(e) + " " + ptr, "tweet without an id: skipped");
    return;
  }
  Record r = make_record("post", platform, "tweet:" + id, e.path, ptr);
  json& d = r.data;
  auto time = x_time(json_text_any(t, {"created_at"}));
  if (time) set_time(r, *time);
  else c.log.warn(c.in.where(e) + " " + ptr, "tweet " + id + " has no readable created_at");

  std::string text = json_text_any(t, {"full_text", "text"});
  JsonElement ent;
  json links = json::array(), mentions = json::array(), hashtags = json::array(), media_urls = json::array();
  if (json_member(t, "entities", ent)) {
    links = expand_urls(ent, text, {"url"}, {"expanded_url"});
    simdjson::dom::array arr;
    if (json_array(ent, "user_mentions", arr))
      for (JsonElement m : arr) mentions.push_back(json_text_any(m, {"screen_name"}));
    if (json_array(ent, "hashtags", arr))
      for (JsonElement h : arr) hashtags.push_back(json_text_any(h, {"text"}));
  }
  // Media: extended_entities has them all, entities only the first; the t.co link in the text
  // points at the media page, so it goes.
  JsonElement holder;
  simdjson::dom::array media;
  if ((json_member(t, "extended_entities", holder) && json_array(holder, "media", media)) ||
      (json_member(t, "entities", holder) && json_array(holder, "media", media))) {
    for (JsonElement m : media) {
      std::string shorty = json_text_any(m, {"url"});
      if (!shorty.empty()) text = replace_all(std::move(text), shorty, "");
      std::string u = json_text_any(m, {"media_url_https", "media_url"});
      simdjson::dom::array variants;
      JsonElement vi;
      int64_t best = -1;
      if (json_member(m, "video_info", vi) && json_array(vi, "variants", variants))
        for (JsonElement v : variants) {
          int64_t rate = json_int(v, "bitrate").value_or(0);
          if (rate > best && !json_text_any(v, {"url"}).empty()) best = rate, u = json_text_any(v, {"url"});
        }
      if (!u.empty() && std::find(media_urls.begin(), media_urls.end(), u) == media_urls.end()) media_urls.push_back(u);
    }
  }
  text = unescape(std::move(text));

  if (Note* n = find_note(c, time, text)) {
    n->used = true;
    text = text.substr(0, reply_prefix(text)) + n->text;
    d["note_tweet_id"] = n->id;
    for (auto& l : n->links)
      if (std::find(links.begin(), links.end(), l) == links.end()) links.push_back(l);
  }
  put(d, "text", text);
  d["url"] = status_url(c.username, id);
  std::string reply_id = json_text_any(t, {"in_reply_to_status_id_str", "in_reply_to_status_id"});
  std::string reply_user = json_text_any(t, {"in_reply_to_screen_name"});
  if (!reply_id.empty()) d["reply_to"] = status_url(reply_user, reply_id);
  if (text.rfind("RT @", 0) == 0) {  // a retweet: another account's words, not the person's
    d["type"] = "share";
    d["repost"] = true;
  }
  for (const auto& l : links) {
    const std::string& s = l.get_ref<const std::string&>();
    if ((s.find("://twitter.com/") != std::string::npos || s.find("://x.com/") != std::string::npos) &&
        s.find("/status/") != std::string::npos && !d.contains("type")) {
      d["type"] = "quote";
      d["quote_of"] = s;
    }
  }
  if (!links.empty()) d["links"] = links;
  if (!mentions.empty()) d["mentions"] = mentions;
  if (!hashtags.empty()) d["hashtags"] = hashtags;
  if (!media_urls.empty()) d["media_urls"] = media_urls;
  attach_media(c, id, d, "media");
  if (variant == "deleted") {
    d["deleted"] = true;
    if (auto del = x_time(json_text_any(t, {"deleted_at"}))) d["deleted_at"] = format_rfc3339(*del);
  }
  if (variant == "community") put(d, "community_id", json_text_any(t, {"community_id_str", "community_id"}));

  json raw = json::object();
  for (const char* k : {"favorite_count", "retweet_count", "in_reply_to_user_id_str", "in_reply_to_screen_name"})
    put(raw, k, json_text_any(t, {k}));
  put_language(d, json_text_any(t, {"lang"}));
  std::string source = json_text_any(t, {"source"});
  if (!source.empty()) put(raw, "source", html_to_text(source));
  JsonElement v;
  if (json_member(t, "possibly_sensitive", v) && v.is_bool()) raw["possibly_sensitive"] = bool(v.get_bool().value());
  if (json_member(t, "coordinates", v) && v.is_object()) raw["coordinates"] = to_nlohmann(v);
  JsonElement edit, initial;
  simdjson::dom::array ids;
  if (json_member(t, "edit_info", edit) && json_member(edit, "initial", initial) &&
      json_array(initial, "editTweetIds", ids) && ids.size() > 1) {
    raw["edit_tweet_ids"] = json_texts(ids);
  }
  if (!raw.empty()) d["raw"] = std::move(raw);
  c.out.add(std::move(r));
}

void emit_unused_notes(Ctx& c) {
  for (auto& [second, list] : c.notes)
    for (Note& n : list) {
      if (n.used) continue;
      Record r = make_record("post", platform, "note:" + n.id, n.path, n.pointer);
      if (n.time) set_time(r, *n.time);
      put(r.data, "text", n.text);
      r.data["note_tweet_id"] = n.id;
      if (!n.links.empty()) r.data["links"] = n.links;
      if (!n.mentions.empty()) r.data["mentions"] = n.mentions;
      if (!n.hashtags.empty()) r.data["hashtags"] = n.hashtags;
      c.out.add(std::move(r));
    }
}

// ---- people ---------------------------------------------------------------------------------

void read_like(Ctx& c, const Entry& e, JsonElement item, const std::string& ptr) {
  JsonElement l = item;
  json_member(item, "like", l);
  std::string id = json_text_any(l, {"tweetId"});
  if (id.empty()) return c.log.warn(c.in.where(e) + " " + ptr, "like without a tweetId: skipped");
  Record r = make_record("reaction", platform, "like:" + id, e.path, ptr);
  r.data["reaction"] = "like";
  std::string url = json_text_any(l, {"expandedUrl"});
  r.data["url"] = url.empty() ? status_url("", id) : url;
  put(r.data, "text", unescape(json_text_any(l, {"fullText"})));
  r.data["note"] = "the X archive gives no time for likes";
  c.out.add(std::move(r));
}

void read_relation(Ctx& c, const Entry& e, JsonElement item, const std::string& ptr, const char* relation) {
  JsonElement p;
  if (!json_any(item, {"follower", "following", "blocking", "muting"}, p)) p = item;
  std::string id = json_text_any(p, {"accountId"});
  if (id.empty()) return c.log.warn(c.in.where(e) + " " + ptr, "account without an accountId: skipped");
  Record r = make_record("contact", platform, std::string(relation) + ":" + id, e.path, ptr);
  r.data["relation"] = relation;
  std::string link = json_text_any(p, {"userLink"});
  r.data["url"] = link.empty() ? "https://twitter.com/intent/user?user_id=" + id : link;
  r.data["raw"] = {{"account_id", id}};
  c.out.add(std::move(r));
}

void read_list(Ctx& c, const Entry& e, JsonElement item, const std::string& ptr, const char* role) {
  std::string url = json_path(item, {"userListInfo", "url"});
  if (url.empty()) return c.log.warn(c.in.where(e) + " " + ptr, "list without a url: skipped");
  Record r = make_record("group", platform, std::string("list:") + role + ":" + url, e.path, ptr);
  r.data["url"] = url;
  put(r.data, "name", basename(url));
  r.data["role"] = role;
  r.data["type"] = "list";
  c.out.add(std::move(r));
}

// ---- direct messages ------------------------------------------------------------------------

void read_dm_conversation(Ctx& c, const Entry& e, JsonElement item, const std::string& ptr, bool group) {
  JsonElement conv;
  if (!json_member(item, "dmConversation", conv)) conv = item;
  std::string thread = json_text_any(conv, {"conversationId"});
  simdjson::dom::array messages;
  if (thread.empty() || !json_array(conv, "messages", messages))
    return c.log.warn(c.in.where(e) + " " + ptr, "conversation without an id or messages: skipped");
  // Newest first in the file; walked oldest first so a renamed group titles what follows.
  std::vector<JsonElement> events(messages.begin(), messages.end());
  std::string title;
  for (size_t k = events.size(); k-- > 0;) {
    std::string mptr = ptr + "/dmConversation/messages/" + std::to_string(k);
    auto obj = events[k].get_object();
    if (obj.error() || obj.value().size() == 0) {
      c.log.warn(c.in.where(e) + " " + mptr, "unreadable message event: skipped");
      continue;
    }
    auto field = *obj.value().begin();
    std::string type(field.key);
    JsonElement ev = field.value;
    auto time = x_time(json_text_any(ev, {"createdAt"}));
    if (type == "messageCreate") {
      std::string id = json_text_any(ev, {"id"});
      if (id.empty()) {
        c.log.warn(c.in.where(e) + " " + mptr, "message without an id: skipped");
        continue;
      }
      Record r = make_record("message", platform, "dm:" + id, e.path, mptr);
      if (time) set_time(r, *time);
      json& d = r.data;
      d["thread_id"] = thread;
      put(d, "thread_title", title);
      std::string sender = json_text_any(ev, {"senderId"}), recipient = json_text_any(ev, {"recipientId"});
      d["from"] = person(c, sender);
      json to = person(c, recipient);
      if (!to.empty()) d["to"] = json::array({to});
      std::string text = json_text_any(ev, {"text"});
      json links = expand_urls(ev, text, {"url"}, {"expanded", "expandedUrl", "expanded_url"});
      put(d, "text", unescape(text));
      if (!links.empty()) d["links"] = links;
      if (!c.account_id.empty()) d["direction"] = sender == c.account_id ? "sent" : "received";
      simdjson::dom::array arr;
      if (json_array(ev, "mediaUrls", arr) && arr.size() > 0) d["media_urls"] = json_texts(arr);
      attach_media(c, id, d, "attachments");
      if (json_array(ev, "reactions", arr) && arr.size() > 0) {
        json reactions = json::array();
        for (JsonElement rx : arr) {
          json one = {{"reaction", json_text_any(rx, {"reactionKey"})}, {"from", person(c, json_text_any(rx, {"senderId"}))}};
          if (auto rt = x_time(json_text_any(rx, {"createdAt"}))) one["time"] = format_rfc3339(*rt);
          reactions.push_back(std::move(one));
        }
        d["reactions"] = std::move(reactions);
      }
      if (group) d["group_chat"] = true;
      c.out.add(std::move(r));
      continue;
    }
    // Membership and name changes: kept as messages of the thread, marked by `event`.
    static const std::map<std::string, std::string> events_named = {
        {"joinConversation", "join"},
        {"participantsJoin", "participants_join"},
        {"participantsLeave", "participants_leave"},
        {"conversationNameUpdate", "rename"}};
    auto named = events_named.find(type);
    if (named == events_named.end()) {
      // An event this importer does not know: kept in its thread with what it has.
      json whole = to_nlohmann(ev);
      Record r = make_record("message", platform, "dm-event:" + thread + ":" + type + ":" + whole.dump(), e.path, mptr);
      if (time) set_time(r, *time);
      r.data["thread_id"] = thread;
      r.data["event"] = snake_case(type);
      put(r.data, "thread_title", title);
      json from = person(c, json_text_any(ev, {"initiatingUserId", "senderId"}));
      if (!from.empty()) r.data["from"] = from;
      if (whole.is_object()) whole.erase("createdAt");
      if (!whole.empty()) r.data["raw"] = std::move(whole);
      if (group) r.data["group_chat"] = true;
      c.out.add(std::move(r));
      continue;
    }
    std::string users;
    simdjson::dom::array ids;
    if (json_array(ev, "userIds", ids) || json_array(ev, "participantsSnapshot", ids))
      for (JsonElement u : ids) users += (users.empty() ? "" : ",") + json_text(u);
    std::string by = json_text_any(ev, {"initiatingUserId"});
    std::string name = json_text_any(ev, {"name"});
    Record r = make_record("message", platform,
                           "dm-event:" + thread + ":" + type + ":" + json_text_any(ev, {"createdAt"}) + ":" + by + ":" + users +
                               (name.empty() ? "" : ":" + name),
                           e.path, mptr);
    if (time) set_time(r, *time);
    r.data["thread_id"] = thread;
    r.data["event"] = named->second;
    if (named->second == "rename") title = name;
    put(r.data, "thread_title", title);
    json from = person(c, by);
    if (!from.empty()) r.data["from"] = from;
    if (!users.empty()) {
      json people = json::array();
      for (const std::string& u : split(users, ',')) people.push_back(person(c, u));
      r.data["to"] = std::move(people);
    }
    std::string what = named->second == "rename" ? "renamed the conversation to " + name
                       : named->second == "participants_leave" ? "left the conversation"
                                                               : "joined the conversation";
    r.data["text"] = what;
    if (group) r.data["group_chat"] = true;
    c.out.add(std::move(r));
  }
}

// ---- account, profile, inferences -------------------------------------------------------------

void read_account(Ctx& c, const Entry& e, JsonElement item, const std::string&) {
  JsonElement a = item;
  json_member(item, "account", a);
  std::string id = json_text_any(a, {"accountId"}), user = json_text_any(a, {"username"});
  if (!id.empty()) c.account_id = id;
  if (!user.empty()) c.username = user;
  json& p = c.profile;
  put(p, "username", user);
  put(p, "name", json_text_any(a, {"accountDisplayName"}));
  std::string email = json_text_any(a, {"email"});
  if (!email.empty()) p["emails"] = json::array({{{"address", email}}});
  std::string phone = json_text_any(a, {"phoneNumber"});  // 2019 archives keep it here
  if (!phone.empty()) p["phones"] = json::array({{{"number", phone}}});
  if (auto t = x_time(json_text_any(a, {"createdAt"}))) p["registered_at"] = format_rfc3339(*t);
  put(p["raw"], "created_via", json_text_any(a, {"createdVia"}));
  put(p["raw"], "account_id", id);
  c.profile_path = e.path;
}

void read_profile(Ctx& c, const Entry&, JsonElement item, const std::string&) {
  JsonElement p = item;
  json_member(item, "profile", p);
  put(c.profile, "summary", json_path(p, {"description", "bio"}));
  put(c.profile, "location", json_path(p, {"description", "location"}));
  std::string site = json_path(p, {"description", "website"});
  if (!site.empty()) c.profile["websites"] = json::array({site});
  // profile_media/<accountId>-<name>: the avatar's name ends its avatarMediaUrl.
  for (const char* key : {"avatarMediaUrl", "headerMediaUrl"}) {
    std::string url = json_text_any(p, {key});
    if (url.empty()) continue;
    const char* field = key[0] == 'a' ? "avatar" : "header";
    std::string_view name = basename(url);
    name = name.substr(0, name.rfind('.'));
    for (size_t i : c.profile_media) {
      std::string_view file = basename(c.media.entry(i).path);
      file = file.substr(file.find('-') + 1);
      if (file.substr(0, file.rfind('.')) == name) c.profile[field] = c.media.use(i);
    }
    if (!c.profile.contains(field)) put(c.profile, (std::string(field) + "_url").c_str(), url);
  }
}

void read_phone(Ctx& c, const Entry&, JsonElement item, const std::string&) {
  std::string number = json_path(item, {"device", "phoneNumber"});
  if (!number.empty()) c.profile["phones"] = json::array({{{"number", number}}});
}

void read_screen_name_change(Ctx& c, const Entry& e, JsonElement item, const std::string& ptr) {
  JsonElement s = item, change;
  json_member(item, "screenNameChange", s);
  if (!json_member(s, "screenNameChange", change)) change = s;
  std::string from = json_text_any(change, {"changedFrom"}), to = json_text_any(change, {"changedTo"});
  std::string at = json_text_any(change, {"changedAt"});
  Record r = make_record("activity", platform, "screen_name_change:" + at + ":" + from + ":" + to, e.path, ptr);
  if (auto t = x_time(at)) set_time(r, *t);
  r.data["action"] = "username_change";
  put(r.data, "text", from + " -> " + to);
  r.data["raw"] = {{"changed_from", from}, {"changed_to", to}};
  if (!from.empty()) c.handles.push_back(json{{"username", from}});
  c.out.add(std::move(r));
}

void add_inference(Ctx& c, const Entry& e, const std::string& ptr, const std::string& category, const std::string& value,
                   bool disabled = false) {
  if (value.empty()) return;
  Record r = make_record("inference", platform, "inference:" + category + ":" + value, e.path, ptr);
  r.data["category"] = category;
  r.data["value"] = value;
  if (disabled) r.data["disabled"] = true;
  c.out.add(std::move(r));
}

void add_advertiser(Ctx& c, const Entry& e, const std::string& ptr, const std::string& name, const std::string& relation) {
  if (name.empty() || !c.advertisers.insert(relation + ":" + name).second) return;
  Record r = make_record("advertiser", platform, "advertiser:" + relation + ":" + name, e.path, ptr);
  r.data["name"] = name;
  r.data["relation"] = relation;
  c.out.add(std::move(r));
}

void read_personalization(Ctx& c, const Entry& e, JsonElement item, const std::string& ptr) {
  JsonElement p = item, node, sub;
  json_member(item, "p13nData", p);
  simdjson::dom::array arr;
  if (json_member(p, "demographics", node)) {
    if (json_array(node, "languages", arr))
      for (JsonElement l : arr)
        add_inference(c, e, ptr, "language", json_text_any(l, {"language"}), json_path(l, {"isDisabled"}) == "true");
    add_inference(c, e, ptr, "gender", json_path(node, {"genderInfo", "gender"}));
  }
  if (json_member(p, "interests", node)) {
    if (json_array(node, "interests", arr))
      for (JsonElement i : arr)
        add_inference(c, e, ptr, "interest", json_text_any(i, {"name"}), json_path(i, {"isDisabled"}) == "true");
    if (json_array(node, "partnerInterests", arr))
      for (JsonElement i : arr) add_inference(c, e, ptr, "partner_interest", json_text(i).empty() ? json_text_any(i, {"name"}) : json_text(i));
    if (json_array(node, "shows", arr))
      for (JsonElement s : arr) add_inference(c, e, ptr, "show", json_text(s));
    if (json_member(node, "audienceAndAdvertisers", sub)) {
      add_inference(c, e, ptr, "audience_count", json_text_any(sub, {"numAudiences"}));
      static const std::pair<const char*, const char*> lists[] = {{"advertisers", "audience"},
                                                                  {"lookalikeAdvertisers", "lookalike_audience"},
                                                                  {"doNotReachAdvertisers", "do_not_reach"},
                                                                  {"catalogAudienceAdvertisers", "catalog_audience"}};
      for (auto [key, relation] : lists)
        if (json_array(sub, key, arr))
          for (JsonElement a : arr) add_advertiser(c, e, ptr, json_text(a), relation);
    }
  }
  if (json_array(p, "locationHistory", arr))
    for (JsonElement l : arr) add_inference(c, e, ptr, "location", json_text(l));
  if (json_member(p, "inferredAgeInfo", node)) {
    if (json_array(node, "age", arr))
      for (JsonElement a : arr) add_inference(c, e, ptr, "age", json_text(a));
    add_inference(c, e, ptr, "birth_date", json_text_any(node, {"birthDate"}));
  }
}

void add_ad(Ctx& c, const Entry& e, const std::string& ptr, JsonElement imp, const char* action, const std::string& when,
            const std::string& engagement) {
  std::string advertiser = json_path(imp, {"advertiserInfo", "advertiserName"});
  std::string handle = json_path(imp, {"advertiserInfo", "screenName"});
  std::string tweet = json_path(imp, {"promotedTweetInfo", "tweetId"});
  Record r = make_record("activity", platform,
                         std::string(action) + ":" + when + ":" + tweet + ":" + advertiser + ":" + engagement, e.path, ptr);
  if (auto t = x_time(when)) set_time(r, *t);
  r.data["action"] = action;
  put(r.data, "organization", advertiser);
  put(r.data, "text", unescape(json_path(imp, {"promotedTweetInfo", "tweetText"})));
  if (!tweet.empty()) r.data["url"] = status_url("", tweet);
  simdjson::dom::array arr;
  JsonElement info;
  if (json_array(imp, "matchedTargetingCriteria", arr)) {
    json targeting = json::array();
    for (JsonElement m : arr) {
      json one = json::object();
      put(one, "type", json_text_any(m, {"targetingType"}));
      put(one, "value", json_text_any(m, {"targetingValue"}));
      targeting.push_back(std::move(one));
    }
    if (!targeting.empty()) r.data["targeting"] = std::move(targeting);
  }
  json raw = json::object();
  put(raw, "advertiser_screen_name", handle);
  put(raw, "display_location", json_text_any(imp, {"displayLocation"}));
  put(raw, "os_type", json_path(imp, {"deviceInfo", "osType"}));
  put(raw, "engagement_type", engagement);
  if (json_member(imp, "promotedTweetInfo", info) && json_array(info, "urls", arr) && arr.size() > 0)
    raw["urls"] = json_texts(arr);
  if (!raw.empty()) r.data["raw"] = std::move(raw);
  c.out.add(std::move(r));
  add_advertiser(c, e, ptr, advertiser.empty() ? handle : advertiser, "ads_shown");
}

void read_ads(Ctx& c, const Entry& e, JsonElement item, const std::string& ptr) {
  JsonElement data, node;
  if (!json_member(item, "ad", data) || !json_member(data, "adsUserData", data))
    return c.log.warn(c.in.where(e) + " " + ptr, "ad item without adsUserData: skipped");
  simdjson::dom::array arr, eng;
  if (json_member(data, "adImpressions", node) && json_array(node, "impressions", arr))
    for (JsonElement imp : arr) add_ad(c, e, ptr, imp, "ad_impression", json_text_any(imp, {"impressionTime"}), "");
  if (json_member(data, "adEngagements", node) && json_array(node, "engagements", arr))
    for (JsonElement en : arr) {
      JsonElement imp;
      if (!json_member(en, "impressionAttributes", imp)) continue;
      if (json_array(en, "engagementAttributes", eng))
        for (JsonElement a : eng)
          add_ad(c, e, ptr, imp, "ad_engagement", json_text_any(a, {"engagementTime"}), json_text_any(a, {"engagementType"}));
    }
}

void read_ip_audit(Ctx& c, const Entry& e, JsonElement item, const std::string& ptr) {
  JsonElement a = item;
  json_member(item, "ipAudit", a);
  std::string ip = json_text_any(a, {"loginIp"}), at = json_text_any(a, {"createdAt"});
  Record r = make_record("login", platform, "login:" + at + ":" + ip, e.path, ptr);
  if (auto t = x_time(at)) set_time(r, *t);
  put(r.data, "ip", ip);
  std::string port = json_text_any(a, {"loginPortNumber"});
  if (!port.empty()) r.data["raw"] = {{"port", port}};
  c.out.add(std::move(r));
}

void read_grok(Ctx& c, const Entry& e, JsonElement item, const std::string& ptr) {
  JsonElement g = item;
  json_member(item, "grokChatItem", g);
  std::string chat = json_text_any(g, {"chatId"}), at = json_text_any(g, {"createdAt"});
  std::string sender = json_path(g, {"sender", "name"}), text = json_text_any(g, {"message"});
  if (chat.empty()) return c.log.warn(c.in.where(e) + " " + ptr, "grok item without a chatId: skipped");
  bool user = lower(sender) == "user";
  Record r = make_record("message", platform, "grok:" + chat + ":" + at + ":" + sender + ":" + sha256_hex(text), e.path, ptr);
  r.service = "grok";
  auto t = x_time(at);
  if (t) set_time(r, *t);
  r.data["thread_id"] = chat;
  r.data["role"] = user ? "user" : "assistant";
  r.data["from"] = user ? person(c, c.account_id) : json{{"name", "Grok"}};
  r.data["direction"] = user ? "sent" : "received";
  put(r.data, "text", text);
  put(r.data, "model", json_path(g, {"grokMode", "name"}));
  simdjson::dom::array ids;
  if (json_array(g, "postIds", ids)) {
    json links = json::array();
    for (JsonElement id : ids) {
      std::string url = status_url("", json_text(id));
      if (std::find(links.begin(), links.end(), url) == links.end()) links.push_back(url);
    }
    if (!links.empty()) r.data["links"] = std::move(links);
  }
  Grok& conv = c.groks[chat];
  if (conv.path.empty()) conv.path = e.path, conv.pointer = ptr;
  if (t && (!conv.time || t->seconds < conv.time->seconds)) conv.time = t;
  if (user && conv.title.empty()) conv.title = ellipsize(text, 80);
  c.out.add(std::move(r));
}

// ---- driving ----------------------------------------------------------------------------------

using Handler = void (*)(Ctx&, const Entry&, JsonElement, const std::string&);

Handler handler_for(const std::string& type) {
  static const std::map<std::string, Handler> table = {
      {"tweets", [](Ctx& c, const Entry& e, JsonElement i, const std::string& p) { read_tweet(c, e, i, p, ""); }},
      {"deleted_tweets", [](Ctx& c, const Entry& e, JsonElement i, const std::string& p) { read_tweet(c, e, i, p, "deleted"); }},
      {"community_tweet", [](Ctx& c, const Entry& e, JsonElement i, const std::string& p) { read_tweet(c, e, i, p, "community"); }},
      {"note_tweet", read_note_tweet},
      {"like", read_like},
      {"follower", [](Ctx& c, const Entry& e, JsonElement i, const std::string& p) { read_relation(c, e, i, p, "follower"); }},
      {"following", [](Ctx& c, const Entry& e, JsonElement i, const std::string& p) { read_relation(c, e, i, p, "following"); }},
      {"block", [](Ctx& c, const Entry& e, JsonElement i, const std::string& p) { read_relation(c, e, i, p, "blocked"); }},
      {"mute", [](Ctx& c, const Entry& e, JsonElement i, const std::string& p) { read_relation(c, e, i, p, "muted"); }},
      {"lists_created", [](Ctx& c, const Entry& e, JsonElement i, const std::string& p) { read_list(c, e, i, p, "owner"); }},
      {"lists_member", [](Ctx& c, const Entry& e, JsonElement i, const std::string& p) { read_list(c, e, i, p, "member"); }},
      {"lists_subscribed", [](Ctx& c, const Entry& e, JsonElement i, const std::string& p) { read_list(c, e, i, p, "subscriber"); }},
      {"direct_messages", [](Ctx& c, const Entry& e, JsonElement i, const std::string& p) { read_dm_conversation(c, e, i, p, false); }},
      {"direct_messages_group", [](Ctx& c, const Entry& e, JsonElement i, const std::string& p) { read_dm_conversation(c, e, i, p, true); }},
      {"account", read_account},
      {"profile", read_profile},
      {"phone_number", read_phone},
      {"screen_name_change", read_screen_name_change},
      {"personalization", read_personalization},
      {"ad_impressions", read_ads},
      {"ad_engagements", read_ads},
      {"ip_audit", read_ip_audit},
      {"grok_chat_item", read_grok},
  };
  auto it = table.find(type);
  return it == table.end() ? nullptr : it->second;
}

// Types whose content is a subset of another file: nothing to add.
const char* subset_note(const std::string& type) {
  if (type == "tweet_headers" || type == "deleted_tweet_headers") return "ids and times of the tweets in tweets.js";
  if (type == "direct_message_headers" || type == "direct_message_group_headers")
    return "ids and times of the messages in direct-messages.js";
  return nullptr;
}

struct DataFile {
  const Entry* entry;
  std::string type;
  int order;  // account first (user name for urls), notes before tweets, the rest in listing order
};

void read_data_file(Ctx& c, const DataFile& f) {
  const Entry& e = *f.entry;
  if (e.size == 0) return c.out.file(e, Fate::ignored, "empty file");
  Handler h = handler_for(f.type);
  scan_json_items(c.in, c.out, c.log, c.parser, e, "", "x " + f.type,
                  [&](JsonElement item, const std::string& ptr) { h(c, e, item, ptr); });
}

// `window.__THAR_CONFIG = {...}`: the files of every data type. Returns the archive root prefix.
std::string read_manifest(Ctx& c, const Entry& m, std::vector<std::pair<std::string, std::string>>& files) {
  std::string text = c.in.read(m);
  size_t eq = text.find('=');
  if (eq == std::string::npos) throw Error(c.in.where(m), "manifest.js has no '='");
  std::string_view body = trim(std::string_view(text).substr(eq + 1));
  if (!body.empty() && body.back() == ';') body.remove_suffix(1);
  JsonElement root = c.parser.parse(body, c.in.where(m));
  c.account_id = json_path(root, {"userInfo", "accountId"});
  c.username = json_path(root, {"userInfo", "userName"});
  put(c.profile, "username", c.username);
  put(c.profile, "name", json_path(root, {"userInfo", "displayName"}));
  if (!c.account_id.empty()) c.profile["raw"]["account_id"] = c.account_id;
  c.profile_path = m.path;
  JsonElement types;
  simdjson::dom::object type_map;
  if (json_member(root, "dataTypes", types) && !types.get_object().get(type_map))
    for (auto t : type_map) {
      simdjson::dom::array arr;
      if (!json_array(t.value, "files", arr)) continue;
      for (JsonElement f : arr) {
        std::string name = json_text_any(f, {"fileName"});
        std::string type = ytd_type(json_text_any(f, {"globalName"}));
        if (!name.empty()) files.emplace_back(name, normalise_type(type));
      }
    }
  c.out.file(m, Fate::parsed, "x archive manifest");
  std::string_view p = m.path;
  p.remove_suffix(std::string_view("manifest.js").size());
  if (p.size() >= 5 && p.substr(p.size() - 5) == "data/") p.remove_suffix(5);
  return std::string(p);
}

bool is_media_dir(std::string_view path) {
  for (std::string_view dir : {"tweets_media/", "tweet_media/", "direct_messages_media/", "direct_message_media/",
                               "direct_messages_group_media/", "direct_message_group_media/", "community_tweet_media/",
                               "deleted_tweets_media/", "profile_media/", "moments_media/", "moments_tweets_media/"})
    if (path.find(dir) != std::string_view::npos) return true;
  return false;
}

}  // namespace

namespace {

// The data file names of X archives (2019 to now), for archives whose files say nothing.
const std::set<std::string>& data_file_names() {
  static const std::set<std::string> names = {
      "tweets.js", "tweet.js", "tweet-headers.js", "note-tweet.js", "account.js", "profile.js", "follower.js",
      "following.js", "like.js", "block.js", "mute.js", "direct-messages.js", "direct-messages-group.js",
      "direct-message-headers.js", "ad-impressions.js", "ad-engagements.js", "ip-audit.js", "personalization.js",
      "ageinfo.js", "account-creation-ip.js", "screen-name-change.js", "email-address-change.js", "phone-number.js",
      "lists-created.js", "lists-member.js", "connected-application.js", "device-token.js", "verified.js",
      "deleted-tweets.js", "community-tweet.js", "periscope-account-information.js", "manifest.js"};
  return names;
}

}  // namespace

int probe_x(const Archive& in) {
  if (const Entry* m = in.first_suffix("manifest.js"))
    if (in.head(*m, 64).find("__THAR_CONFIG") != std::string::npos) return 100;
  for (const char* name : {"tweets.js", "tweet.js", "account.js", "like.js", "follower.js"})
    if (const Entry* e = in.first_suffix(name))
      if (!ytd_type(in.head(*e, 128)).empty()) return 90;
  // A real 2022 tree can hold only empty data files (an account with nothing in it, or a
  // download cut short): the names are the evidence then. `Your archive.html` beside
  // data/manifest.js or data files with X's names; or many of those names on their own.
  const std::set<std::string>& names = data_file_names();
  bool viewer = false, manifest = false;
  int known = 0;
  for (const Entry& e : in.entries()) {
    if (e.junk || e.link || e.container) continue;
    std::string base = lower(basename(e.path));
    bool in_data = e.path == "data/" + std::string(basename(e.path)) || e.path.find("/data/") != std::string::npos;
    if (base == "your archive.html") viewer = true;
    else if (in_data && base == "manifest.js") manifest = true;
    else if (in_data && names.count(base)) ++known;
  }
  if (viewer && (manifest || known >= 2)) return 90;
  if (manifest && known >= 2) return 85;
  if (known >= 5) return 70;
  return 0;
}

void read_x(const Archive& in, Sink& out, Log& log) {
  Ctx c(in, out, log);
  std::vector<std::pair<std::string, std::string>> listed;
  std::string root;
  const Entry* manifest = nullptr;
  if (const Entry* m = in.first_suffix("manifest.js"))
    if (in.head(*m, 64).find("__THAR_CONFIG") != std::string::npos) {
      manifest = m;
      root = read_manifest(c, *m, listed);
    }

  std::unordered_map<std::string, const Entry*> by_path;
  for (const Entry& e : in.entries()) by_path.emplace(e.path, &e);
  std::vector<DataFile> files;
  std::set<const Entry*> seen;
  auto add_file = [&](const Entry* e, std::string type) {
    if (!seen.insert(e).second) return;
    int order = (type == "account" || type == "profile" || type == "phone_number") ? 0 : type == "note_tweet" ? 1 : 2;
    files.push_back({e, std::move(type), order});
  };
  for (auto& [name, type] : listed) {
    auto it = by_path.find(root + name);
    if (it == by_path.end()) {
      log.warn(in.name(), "the manifest lists " + name + " but the archive does not hold it");
      out.missing(root + name, "listed in data/manifest.js; the archive does not hold it");
      continue;
    }
    add_file(it->second, type.empty() ? normalise_type(ytd_type(in.head(*it->second, 128))) : type);
  }
  for (const Entry& e : in.entries()) {
    if (e.junk || e.link || e.container || &e == manifest) continue;
    std::string_view path = e.path;
    if (is_media_dir(path)) continue;
    if (path.size() > 3 && path.substr(path.size() - 3) == ".js" && !seen.count(&e) &&
        path.find("assets/") == std::string_view::npos) {
      std::string type = normalise_type(ytd_type(in.head(e, 128)));
      if (!type.empty()) add_file(&e, type);
      else if (e.size == 0 && data_file_names().count(lower(basename(path))))
        out.file(e, Fate::ignored, "empty x data file");  // a real 2022 tree has whole archives of these
      continue;
    }
    if (seen.count(&e)) continue;
    std::string base = lower(basename(path));
    if (base == "your archive.html") out.file(e, Fate::ignored, "the archive's HTML viewer of the same data");
    else if (path.find("assets/") != std::string_view::npos) out.file(e, Fate::ignored, "assets of the archive viewer");
    else if (base == "readme.txt") out.file(e, Fate::ignored, "X's description of the archive files");
  }

  // Media first: copying one ends any stream open on the same part.
  for (const Entry& e : in.entries()) {
    if (e.junk || e.link || e.container || !is_media_dir(e.path)) continue;
    std::string_view name = basename(e.path);
    size_t dash = name.find('-');
    std::string id(name.substr(0, dash == std::string_view::npos ? name.find('.') : dash));
    size_t i = c.media.add(in, out, e, "x media file");
    if (e.path.find("profile_media/") != std::string::npos) c.profile_media.push_back(i);
    else c.media_by_id[id].push_back(i);
  }

  std::stable_sort(files.begin(), files.end(), [](const DataFile& a, const DataFile& b) { return a.order < b.order; });
  for (const DataFile& f : files) {
    if (const char* note = subset_note(f.type)) {
      out.file(*f.entry, Fate::ignored, note);
      continue;
    }
    if (!handler_for(f.type)) {
      std::string head = in.head(*f.entry, 256);
      size_t eq = head.find('=');
      std::string_view body = eq == std::string::npos ? std::string_view() : trim(std::string_view(head).substr(eq + 1));
      if (body == "[ ]" || body == "[]" || f.entry->size == 0) out.file(*f.entry, Fate::ignored, "empty x " + f.type);
      else log.debug("x: data type " + f.type + " is not imported (" + f.entry->path + " kept as a file)");
      continue;
    }
    read_data_file(c, f);
  }
  emit_unused_notes(c);

  for (auto& [chat, g] : c.groks) {
    Record r = make_record("conversation", platform, "grok:" + chat, g.path, g.pointer);
    r.service = "grok";
    if (g.time) set_time(r, *g.time);
    put(r.data, "title", g.title);
    r.data["thread_id"] = chat;
    out.add(std::move(r));
  }
  if (!c.handles.empty()) c.profile["handles"] = c.handles;
  if (c.profile.contains("raw") && c.profile["raw"].empty()) c.profile.erase("raw");
  if (!c.profile.empty()) {
    std::string key = "profile:" + (c.account_id.empty() ? c.username : c.account_id);
    Record r = make_record("profile", platform, key, c.profile_path, "");
    if (!c.username.empty()) c.profile["url"] = "https://x.com/" + c.username;
    r.data = std::move(c.profile);
    out.add(std::move(r));
  }
  c.media.emit_unused(out, platform);
}

}  // namespace dataport
