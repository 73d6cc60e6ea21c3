// X tweets (see importers/x/x.cc for the checklist): tweets.js and its parts, note-tweet.js,
// deleted-tweets.js, community-tweet.js, like.js.

#include <algorithm>
#include <cctype>

#include "importers/x/x.h"
#include "lib/html.h"
#include "lib/model.h"
#include "lib/text.h"

namespace dataport::x {
namespace {

void note_item(ImportContext& c, const Entry& e, JsonElement item, const std::string& ptr) {
  JsonElement n = item, core;
  json_member(item, "noteTweet", n);
  Note note;
  note.id = json_text_any(n, {"noteTweetId", "id"});
  if (note.id.empty() || !json_member(n, "core", core)) {
    c.log.warn(where(c, e, ptr), "note tweet without an id or text: skipped");
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
  state(c).notes[second].push_back(std::move(note));
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
Note* find_note(ImportContext& c, const std::optional<Timestamp>& t, const std::string& text) {
  if (!t) return nullptr;
  auto it = state(c).notes.find(t->seconds);
  if (it == state(c).notes.end()) return nullptr;
  std::string_view probe = trim(std::string_view(text).substr(reply_prefix(text)));
  if (probe.empty()) return nullptr;
  if (probe.size() > 40) probe = probe.substr(0, 40);
  for (Note& n : it->second)
    if (!n.used && n.text.compare(0, probe.size(), probe) == 0) return &n;
  return nullptr;
}

// The media of a tweet, best video variant first chosen: extended_entities has them all, entities
// only the first. The t.co link in the text points at the media page, so it goes from `text`.
json media_urls_of(JsonElement t, std::string& text) {
  json media_urls = json::array();
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
  return media_urls;
}

void tweet_item(ImportContext& c, const Entry& e, JsonElement item, const std::string& ptr, std::string_view variant) {
  JsonElement t = item;
  json_member(item, "tweet", t);
  std::string id = json_text_any(t, {"id_str", "id"});
  if (id.empty()) {
    c.log.warn(where(c, e, ptr), "tweet without an id: skipped");
    return;
  }
  Record r = make_record("post", platform, "tweet:" + id, e.path, ptr);
  json& d = r.data;
  auto time = x_time(json_text_any(t, {"created_at"}));
  if (time) set_time(r, *time);
  else c.log.warn(where(c, e, ptr), "tweet " + id + " has no readable created_at");

  std::string text = json_text_any(t, {"full_text", "text"});
  JsonElement ent;
  json links = json::array(), mentions = json::array(), hashtags = json::array();
  if (json_member(t, "entities", ent)) {
    links = expand_urls(ent, text, {"url"}, {"expanded_url"});
    simdjson::dom::array arr;
    if (json_array(ent, "user_mentions", arr))
      for (JsonElement m : arr) mentions.push_back(json_text_any(m, {"screen_name"}));
    if (json_array(ent, "hashtags", arr))
      for (JsonElement h : arr) hashtags.push_back(json_text_any(h, {"text"}));
  }
  json media_urls = media_urls_of(t, text);
  text = unescape(std::move(text));

  if (Note* n = find_note(c, time, text)) {
    n->used = true;
    text = text.substr(0, reply_prefix(text)) + n->text;
    d["note_tweet_id"] = n->id;
    for (auto& l : n->links)
      if (std::find(links.begin(), links.end(), l) == links.end()) links.push_back(l);
  }
  put(d, "text", text);
  d["url"] = status_url(state(c).username, id);
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
  if (!links.empty()) d["links"] = std::move(links);
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

void like_item(ImportContext& c, const Entry& e, JsonElement item, const std::string& ptr) {
  JsonElement l = item;
  json_member(item, "like", l);
  std::string id = json_text_any(l, {"tweetId"});
  if (id.empty()) return c.log.warn(where(c, e, ptr), "like without a tweetId: skipped");
  Record r = make_record("reaction", platform, "like:" + id, e.path, ptr);
  r.data["reaction"] = "like";
  std::string url = json_text_any(l, {"expandedUrl"});
  r.data["url"] = url.empty() ? status_url("", id) : url;
  put(r.data, "text", unescape(json_text_any(l, {"fullText"})));
  r.data["note"] = "the X archive gives no time for likes";
  c.out.add(std::move(r));
}

}  // namespace

Verdict read_notes(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "note_tweet", [&](JsonElement i, const std::string& p) { note_item(c, e, i, p); });
}
Verdict read_tweets(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "tweets", [&](JsonElement i, const std::string& p) { tweet_item(c, e, i, p, ""); });
}
Verdict read_deleted_tweets(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "deleted_tweets", [&](JsonElement i, const std::string& p) { tweet_item(c, e, i, p, "deleted"); });
}
Verdict read_community_tweets(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "community_tweet", [&](JsonElement i, const std::string& p) { tweet_item(c, e, i, p, "community"); });
}
Verdict read_likes(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "like", [&](JsonElement i, const std::string& p) { like_item(c, e, i, p); });
}

void emit_unused_notes(ImportContext& c) {
  for (auto& [second, list] : state(c).notes)
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

}  // namespace dataport::x
