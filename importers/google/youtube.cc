// YouTube beyond watch and search history (which are My Activity, activity.cc): subscriptions,
// comments and live chat (2023 and June-2024 CSV columns, both comment-text encodings, and the
// old HTML lists), likes (old playlistItems JSON) and playlist CSVs.

#include "importers/google/dom.h"
#include "importers/google/google.h"
#include "ingest/csv_table.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport::google {

namespace {

using Row = std::vector<std::string>;
constexpr const char* service = "youtube";

std::string watch_url(const std::string& video) {
  return video.empty() ? "" : "https://www.youtube.com/watch?v=" + video;
}

// Every YouTube CSV: the first non-blank row is the header, its names in the account's language
// translated ("ID do canal" -> "Channel Id").
CsvTable youtube_table(const char* what) { return {.translate = english_column, .what = what}; }

std::string file_stem(const std::string& canon) {
  std::string name(basename(canon));
  size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(0, dot);
}

}  // namespace

// subscriptions/subscriptions.csv: Channel Id,Channel Url,Channel Title.
Verdict read_youtube_subscriptions(ImportContext& cx, const File& f) {
  return read_csv_table(cx, *f.entry, youtube_table("subscriptions"), [&](const CsvHeader& h, const Row& row, CsvRows& t) {
    std::string id = h.get(row, "Channel Id");
    std::string url = h.get(row, "Channel Url");
    std::string title = h.get(row, "Channel Title");
    if (id.empty() && url.empty() && row.size() == 3 && row[1].find("youtube.com/channel/") != std::string::npos) {
      // Columns in a language the table lacks (sniff_reader routed it by its content): the
      // order is Takeout's, Channel Id,Channel Url,Channel Title.
      id = trim(row[0]);
      url = trim(row[1]);
      title = trim(row[2]);
    }
    if (id.empty() && url.empty()) return t.skip("row without a channel");
    Record r = make_record("contact", "google", "youtube-subscription|" + (id.empty() ? url : id), f.entry->path,
                           t.pointer());
    r.service = service;
    r.data["relation"] = "following";
    put(r.data, "name", title);
    put(r.data, "url", url.empty() ? "https://www.youtube.com/channel/" + id : url);
    if (!id.empty()) r.data["raw"] = json{{"channel_id", id}};
    t.add(std::move(r));
  });
}

namespace {

// comments.csv and live chats.csv share a shape; columns are mapped by name because the June
// 2024 export reordered them (Channel ID,Comment Create Timestamp,Price,Comment ID,...).
Verdict read_comment_csv(ImportContext& cx, const File& f, bool live) {
  CsvTable table = youtube_table(live ? "live chat messages" : "comments");
  return read_csv_table(cx, *f.entry, table, [&](const CsvHeader& h, const Row& row, CsvRows& t) {
    std::string id = live ? h.any(row, {"Live Chat ID", "Live chat ID"}) : h.get(row, "Comment ID");
    std::string when = live ? h.any(row, {"Live Chat Create Timestamp", "Live chat create timestamp"})
                            : h.get(row, "Comment Create Timestamp");
    std::string cell = live ? h.any(row, {"Live Chat Text", "Live chat text"}) : h.get(row, "Comment Text");
    std::string video = h.get(row, "Video ID"), post = h.get(row, "Post ID");
    if (id.empty()) return t.skip("row without an id");
    std::vector<std::string> links;
    std::string text = youtube_comment_text(cx.parser, cell, t.where(), &links);
    Record r = make_record("comment", "google", std::string(live ? "youtube-live-chat|" : "youtube-comment|") + id,
                           f.entry->path, t.pointer());
    r.service = service;
    if (auto time = parse_iso8601(when)) set_time(r, *time);
    else warn_once(cx, f.where, "unreadable timestamps; comments kept without a time");
    put(r.data, "text", text);
    put(r.data, "url", !video.empty() ? watch_url(video) : (!post.empty() ? "https://www.youtube.com/post/" + post : ""));
    put(r.data, "parent", h.get(row, "Parent Comment ID"));
    if (live) r.data["type"] = "live_chat";
    if (!links.empty()) r.data["links"] = links;
    json raw = json{{"id", id}};
    put(raw, "channel_id", h.get(row, "Channel ID"));
    put(raw, "price", h.get(row, "Price"));
    put(raw, "video_id", video);
    put(raw, "post_id", post);
    r.data["raw"] = std::move(raw);
    t.add(std::move(r));
  });
}

// "2020-05-06 19:32:44 UTC" (2019+) or "2016-06-15T08:50:49Z" anywhere in the line.
std::optional<Timestamp> find_date(const std::string& s) {
  for (size_t i = 0; i + 19 <= s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i])) || (i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1]))))
      continue;
    if (s[i + 4] != '-' || s[i + 7] != '-') continue;
    std::string cand = s.substr(i, 19);
    if (auto t = parse_iso8601(cand)) return t;
  }
  return std::nullopt;
}

}  // namespace

Verdict read_youtube_comments_csv(ImportContext& cx, const File& f) { return read_comment_csv(cx, f, false); }
Verdict read_youtube_live_chat_csv(ImportContext& cx, const File& f) { return read_comment_csv(cx, f, true); }

// my-comments/my-comments.html and my-live-chat-messages/*.html (before 2023): one <li> each,
// "Sent at 2020-04-27 23:18:23 UTC while watching <a>a video</a>.<br/>the text".
Verdict read_youtube_comments_html(ImportContext& cx, const File& f) {
  bool live = f.canon.find("live-chat") != std::string::npos;
  HtmlDoc doc(cx.in.read(*f.entry));
  auto items = find_all(doc.root(), [](const GumboNode* n) { return tag_of(n) == GUMBO_TAG_LI; });
  int64_t n = 0, i = 0;
  for (const GumboNode* li : items) {
    std::string pointer = "li " + std::to_string(++i);
    std::string meta, text;
    bool after_br = false;
    std::vector<std::string> links;
    for (const GumboNode* c : children(li)) {
      if (tag_of(c) == GUMBO_TAG_BR && !after_br) {
        after_br = true;
        continue;
      }
      (after_br ? text : meta) += tag_of(c) == GUMBO_TAG_BR ? "\n" : node_text(c);
      if (!after_br && tag_of(c) == GUMBO_TAG_A) links.push_back(attr(c, "href"));
    }
    meta = clean_space(meta);
    text = std::string(trim(replace_all(text, "\xC2\xA0", " ")));
    auto t = find_date(meta);
    if (!t) {
      cx.log.warn(f.where + ": " + pointer, "no date in \"" + ellipsize(meta, 60) + "\"; kept without a time");
    }
    Record r = make_record("comment", "google",
                           std::string(live ? "youtube-live-chat-html|" : "youtube-comment-html|") +
                               (t ? format_rfc3339(*t) : meta) + "|" + text +
                               (links.empty() ? "" : "|" + links.back()),  // the video it was said on
                           f.entry->path, pointer);
    r.service = service;
    if (t) set_time(r, *t);
    put(r.data, "text", text);
    if (!links.empty()) put(r.data, "url", links.back());
    if (live) r.data["type"] = "live_chat";
    r.data["raw"] = json{{"context", meta}};
    cx.out.add(std::move(r));
    ++n;
  }
  return {Fate::parsed, std::to_string(n) + (live ? " live chat messages" : " comments")};
}

// playlists/likes.json (until about 2019): the Data API's playlistItems, one per liked video.
Verdict read_youtube_likes_json(ImportContext& cx, const File& f) {
  auto s = cx.in.open(*f.entry);
  JsonArrayScanner scan(*s, f.where);
  std::string text;
  int64_t n = 0, bad = 0;
  while (scan.next(text)) {
    std::string pointer = "/" + std::to_string(scan.index());
    try {
      simdjson::dom::element e = cx.parser.parse(text, f.where + ": " + pointer), sn, rid, cd;
      std::string video, title, when;
      if (!e.at_key("snippet").get(sn)) {
        title = json_string(sn, "title");
        when = json_string(sn, "publishedAt");
        if (!sn.at_key("resourceId").get(rid)) video = json_string(rid, "videoId");
      }
      if (video.empty() && !e.at_key("contentDetails").get(cd)) video = json_string(cd, "videoId");
      if (video.empty()) throw Error(f.where + ": " + pointer, "liked item without a video id");
      Record r = make_record("reaction", "google", "youtube-like|" + video, f.entry->path, pointer);
      r.service = service;
      if (auto t = parse_iso8601(when)) set_time(r, *t);
      r.data["reaction"] = "like";
      put(r.data, "url", watch_url(video));
      put(r.data, "title", title);
      cx.out.add(std::move(r));
      ++n;
    } catch (const Error& err) {
      ++bad;
      cx.log.warn(err.where(), err.message() + "; skipped");
    }
  }
  CsvVerdict v = csv_verdict(n, bad, "likes");
  return {v.fate, v.note};
}

// playlists/*.csv. 2022+: "<name>-videos.csv" = Video ID,Playlist Video Creation Timestamp, and
// playlists.csv listing every playlist. Before: a metadata block (Playlist ID,...,Title,...), a
// blank line, then Video ID,Time Added. The liked-videos list becomes reactions.
Verdict read_youtube_playlist_csv(ImportContext& cx, const File& f) {
  std::string playlist = file_stem(f.canon);
  bool listing = lower(playlist) == "playlists";
  if (playlist.size() > 7 && playlist.compare(playlist.size() - 7, 7, "-videos") == 0)
    playlist = playlist.substr(0, playlist.size() - 7);
  CsvTable table = youtube_table("playlist rows");
  table.sections = true;
  return read_csv_table(cx, *f.entry, table, [&](const CsvHeader& h, const Row& row, CsvRows& t) {
    if (!h.has("Video ID") && !h.has("Video Id")) {
      std::string title = h.any(row, {"Playlist Title (Original)", "Title", "Playlist title"});
      std::string id = h.any(row, {"Playlist ID", "Playlist Id"});
      if (!listing) {  // the old per-playlist metadata block
        if (!title.empty()) playlist = title;
        return t.pass();
      }
      Record r = make_record("activity", "google", "youtube-playlist|" + id + "|" + title, f.entry->path, t.pointer());
      r.service = service;
      if (auto time = parse_iso8601(h.any(row, {"Playlist Create Timestamp", "Time Created"}))) set_time(r, *time);
      r.data["action"] = "playlist_create";
      put(r.data, "title", title);
      if (!id.empty()) r.data["url"] = "https://www.youtube.com/playlist?list=" + id;
      put(r.data, "text", h.get(row, "Playlist Visibility"));
      return t.add(std::move(r));
    }
    std::string video = h.any(row, {"Video ID", "Video Id"});
    if (video.empty()) return t.skip("row without a video id");
    auto time = parse_iso8601(h.any(row, {"Playlist Video Creation Timestamp", "Time Added"}));
    std::string pl = lower(playlist);
    bool likes = pl == "liked videos" || pl == "likes" || pl == "mag ich" || pl == "videos, die ich mag";
    Record r = likes ? make_record("reaction", "google", "youtube-like|" + video, f.entry->path, t.pointer())
                     : make_record("activity", "google", "youtube-playlist-item|" + playlist + "|" + video,
                                   f.entry->path, t.pointer());
    r.service = service;
    if (time) set_time(r, *time);
    if (likes) r.data["reaction"] = "like";
    else {
      r.data["action"] = "playlist_add";
      put(r.data, "title", playlist);
    }
    put(r.data, "url", watch_url(video));
    t.add(std::move(r));
  });
}

}  // namespace dataport::google
