// Facebook: posts, check-ins, albums, photos and videos, comments, reactions, pages, events,
// groups, saved items and notes. Shapes: docs/formats/facebook.md (all eras share the item shapes; only
// the top-level key changes, e.g. `comments` -> `comments_v2`).
#include <algorithm>

#include "importers/facebook/facebook.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/text.h"

namespace dataport::facebook {

using meta::element;
using meta::str;

namespace {

// EXIF-like metadata of a media item: media_metadata.{photo,video}_metadata.exif_data[0].
void add_exif(element m, json& d) {
  element md, pm;
  if (!json_object(m, "media_metadata", md)) return;
  if (!json_object(md, "photo_metadata", pm) && !json_object(md, "video_metadata", pm)) return;
  simdjson::dom::array exif;
  if (!json_array(pm, "exif_data", exif)) return;
  for (element x : exif) {
    if (auto t = meta::time_of(x, "taken_timestamp"); t && !d.contains("taken_at")) d["taken_at"] = format_rfc3339(*t);
    if (!d.contains("upload_ip")) put(d, "upload_ip", str(x, "upload_ip"));
    double lat = 0, lon = 0;
    if (!d.contains("lat") && meta::coordinates(x, lat, lon) && !(lat == 0 && lon == 0)) {
      d["lat"] = lat;
      d["lon"] = lon;
    }
    if (!d.contains("camera_make")) put(d, "camera_make", str(x, "camera_make"));
    if (!d.contains("camera_model")) put(d, "camera_model", str(x, "camera_model"));
  }
}

// One media item ({uri, creation_timestamp, title, description, media_metadata}) as an element
// of a `media` array; false when the file is not in the set (its uri goes to `unresolved`).
bool media_item(Context& c, element m, json& item, json& unresolved) {
  if (!meta::media_item_base(c, m, item, unresolved)) return false;
  put(item, "description", str(m, "description"));
  add_exif(m, item);
  element th;
  if (json_object(m, "thumbnail", th)) {
    std::string turi = str(th, "uri");
    if (auto tref = meta::use_media(c, turi)) item["thumbnail"] = *tref;
    else put(item, "thumbnail_url", turi);  // often a CDN URL (docs/formats/facebook.md)
  }
  return true;
}

json place_of(element p) {
  json pl = json::object();
  put(pl, "name", str(p, "name"));
  put(pl, "address", str(p, "address"));
  put(pl, "url", str(p, "url"));
  element co;
  double lat = 0, lon = 0;
  if (json_object(p, "coordinate", co) && meta::coordinates(co, lat, lon)) {
    pl["lat"] = lat;
    pl["lon"] = lon;
  }
  return pl;
}

// A place a post names: one `place` record per place (name and coordinates), without a time. The
// check-in's time is the post's: a second check-in at the same place is the same place, not a
// record that collides with the first (issue 12's safety net counted every repeat visit).
void add_place_record(Context& c, const Entry& e, const std::string& pointer, const json& pl) {
  if (!pl.contains("name") && !pl.contains("lat")) return;
  std::string key = pl.value("name", "") + '\n' + (pl.contains("lat") ? pl["lat"].dump() + "," + pl["lon"].dump() : "");
  Record r = rec(c, "place", key, e, pointer);
  r.data = pl;
  c.out.add(std::move(r));
}

std::string date_of(element d) {
  auto y = json_int(d, "year"), m = json_int(d, "month"), day = json_int(d, "day");
  if (!y || *y <= 0) return "";
  char buf[16];
  if (m && *m > 0 && day && *day > 0) std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", int(*y), int(*m), int(*day));
  else if (m && *m > 0) std::snprintf(buf, sizeof buf, "%04d-%02d", int(*y), int(*m));
  else std::snprintf(buf, sizeof buf, "%04d", int(*y));
  return buf;
}

json event_of(element ev) {
  json x = json::object();
  put(x, "name", str(ev, "name"));
  put(x, "description", str(ev, "description"));
  if (auto t = meta::time_of(ev, "start_timestamp")) x["start"] = format_rfc3339(*t);
  if (auto t = meta::time_of(ev, "end_timestamp")) x["end"] = format_rfc3339(*t);
  element p;
  if (json_object(ev, "place", p)) {
    json pl = place_of(p);
    if (pl.contains("name")) x["location"] = pl["name"];
    if (!pl.empty()) x["place"] = pl;
  }
  return x;
}

// Reads the attachments of a post or comment into `d`; returns the post type they suggest.
std::string read_attachments(Context& c, const Entry& e, const std::string& pointer, element item, json& d,
                             json& unresolved) {
  std::string type;
  simdjson::dom::array atts;
  if (!json_array(item, "attachments", atts)) return type;
  json media = json::array(), links = json::array();
  for (element a : atts) {
    simdjson::dom::array data;
    if (!json_array(a, "data", data)) continue;
    for (element x : data) {
      element v;
      json m;
      if (json_object(x, "media", v)) {
        if (media_item(c, v, m, unresolved)) media.push_back(std::move(m));
      } else if (json_object(x, "external_context", v)) {
        std::string url = str(v, "url");
        if (!url.empty()) links.push_back(url);
        put(d, "link_title", str(v, "name"));
        if (type.empty()) type = "share";
      } else if (json_object(x, "place", v)) {
        json pl = place_of(v);
        if (!pl.empty()) {
          d["place"] = pl;
          add_place_record(c, e, pointer, pl);
          type = "check_in";
        }
      } else if (json_object(x, "event", v)) {
        d["event"] = event_of(v);
        if (type.empty() || type == "share") type = "event";
      } else if (json_object(x, "life_event", v)) {
        json le = json::object();
        put(le, "title", str(v, "title"));
        element sd;
        if (json_object(v, "start_date", sd)) put(le, "date", date_of(sd));
        d["life_event"] = le;
        if (type != "check_in") type = "life_event";
      } else if (json_object(x, "note", v)) {
        json n = json::object();
        put(n, "title", str(v, "title"));
        put(n, "text", str(v, "text"));
        d["note"] = n;
        if (type.empty()) type = "note";
      } else if (json_object(x, "poll", v)) {
        json poll = json::object();
        put(poll, "question", str(v, "question"));
        d["poll"] = poll;
      } else if (!str(x, "text").empty()) {
        // A shared song comes as several {"text"} entries (artist, song, album): keep each.
        d["attachment_texts"].push_back(repair_utf8(trim(str(x, "text"))));
      } else if (!str(x, "name").empty()) {
        d["attachment_names"].push_back(repair_utf8(trim(str(x, "name"))));
      }
    }
  }
  if (!media.empty()) d["media"] = std::move(media);
  if (!links.empty()) d["links"] = std::move(links);
  return type;
}

// A post's title saying the person shared something that already existed on Facebook (another
// account's post, photo or video, or a memory of their own): a repost, not something they wrote.
// "shared a link." and "shared a song." are their own posts of outside content and stay posts.
// English titles are confirmed by real exports; the other languages follow Facebook's phrasing in
// those locales and are unconfirmed [U].
bool reshare_title(std::string_view title) {
  static const char* const phrases[] = {
      "'s post.", "\u2019s post.", "'s photo.", "\u2019s photo.", "'s video.", "\u2019s video.", "'s reel.",
      "\u2019s reel.", "'s album.", "\u2019s album.", "'s live video.", "\u2019s live video.",
      "shared a post", "shared a memory", "shared a photo", "shared a video", "shared a reel",
      "shared an album", "shared a live video",
      "compartió una publicación", "compartió la publicación", "compartió un recuerdo", "compartió una foto",
      "compartió la foto", "compartió un video", "compartió el video", "compartió un vídeo", "compartió el vídeo",
      "a partagé une publication", "a partagé la publication", "a partagé un souvenir", "a partagé une photo",
      "a partagé la photo", "a partagé une vidéo", "a partagé la vidéo",
      "einen beitrag geteilt", "den beitrag von", "eine erinnerung geteilt", "ein foto geteilt",
      "das foto von", "ein video geteilt", "das video von",
      "compartilhou uma publicação", "compartilhou a publicação", "compartilhou uma lembrança",
      "compartilhou uma foto", "compartilhou a foto", "compartilhou um vídeo", "compartilhou o vídeo",
      "ha condiviso un post", "ha condiviso il post", "ha condiviso un ricordo", "ha condiviso una foto",
      "ha condiviso la foto", "ha condiviso un video", "ha condiviso il video"};
  std::string t = lower(title);
  bool shared = t.find("shared") != std::string::npos || t.find("compart") != std::string::npos ||
                t.find("partag") != std::string::npos || t.find("geteilt") != std::string::npos ||
                t.find("condivis") != std::string::npos;
  if (!shared) return false;
  for (const char* p : phrases)
    if (t.find(p) != std::string::npos) return true;
  return false;
}

void warn_unresolved(Context& c, const Entry& e, const json& unresolved) {
  int64_t local = 0;
  for (const auto& u : unresolved)
    if (u.get_ref<const std::string&>().find("://") == std::string::npos) ++local;
  if (local > 0)
    c.log.warn(c.in.where(e), std::to_string(local) + " media file(s) named here are not in the archive set; "
                                                      "their uri is kept in media_urls");
}

}  // namespace

Verdict read_posts(Context& c, const Entry& e) {
  bool in_group = meta::has_dir(e.path, "groups");
  int64_t n = 0;
  json unresolved_all = json::array();
  ItemsRead items = meta::each(c, e, [&](element item, const std::string& pointer) {
    if (!item.is_object()) return;
    auto t = meta::time_of(item, "timestamp");
    json d = json::object();
    std::string body, updated;
    simdjson::dom::array data;
    if (json_array(item, "data", data))
      for (element x : data) {
        if (body.empty()) body = str(x, "post");
        if (auto u = meta::time_of(x, "update_timestamp")) updated = format_rfc3339(*u);
      }
    put(d, "text", body);
    put(d, "title", str(item, "title"));
    if (!updated.empty() && !(t && updated == format_rfc3339(*t))) d["updated_at"] = updated;
    json unresolved = json::array();
    std::string type = read_attachments(c, e, pointer, item, d, unresolved);
    if (!unresolved.empty()) {
      d["media_urls"] = unresolved;
      for (auto& u : unresolved) unresolved_all.push_back(u);
    }
    if (!type.empty()) d["type"] = type;
    simdjson::dom::array tags;
    if (json_array(item, "tags", tags)) {
      json ts = json::array();
      for (element tg : tags) {
        std::string name = tg.is_string() ? meta::text(tg) : str(tg, "name");
        if (!name.empty()) ts.push_back(json{{"name", name}});
      }
      if (!ts.empty()) d["tags"] = ts;
    }
    if (in_group && !d.contains("type")) d["type"] = "group_post";
    // Shared without a word of their own: a repost (exporters of the person's own posts leave it
    // out). A share with their own text stays their post.
    if (trim(body).empty() && reshare_title(d.value("title", ""))) d["repost"] = true;
    if (d.empty() || (d.size() == 1 && d.contains("title") && !t)) {
      c.log.warn(c.in.where(e) + " " + pointer, "post without content or time skipped");
      return;
    }
    std::string first = d.contains("links") ? d["links"][0].get<std::string>()
                        : d.contains("media") ? std::string(basename(d["media"][0].value("path", "")))
                        : d.contains("place") ? d["place"].value("name", "")
                                              : "";
    // Without a body, the title and attachments are what tell two posts of one second apart
    // ("… recomienda The Hobbit." / "… recomienda Bajo las Ruedas."): every field joins the key.
    std::string key = ts_key(t) + '\n' + std::string(trim(body)) + '\n' + first;
    if (trim(body).empty()) key += '\n' + d.dump();
    Record r = rec(c, "post", key, e, pointer);
    if (t) set_time(r, *t);
    r.data = std::move(d);
    c.out.add(std::move(r));
    ++n;
  });
  warn_unresolved(c, e, unresolved_all);
  return meta::verdict(items, std::to_string(n) + " posts");
}

namespace {

// One photo or video of an album or list -> a media record keyed by its file name, which is
// stable across eras and exports (the folder prefix of the uri is not).
bool media_record(Context& c, const Entry& e, element m, const std::string& pointer, const std::string& album,
                  json& unresolved) {
  std::string uri = str(m, "uri");
  if (uri.empty()) return false;
  json d = json::object();
  put(d, "title", str(m, "title"));
  put(d, "description", str(m, "description"));
  put(d, "album", album);
  json item;
  json unres = json::array();
  if (media_item(c, m, item, unres)) {
    for (const char* k : {"taken_at", "upload_ip", "lat", "lon", "camera_make", "camera_model"})
      if (item.contains(k)) {
        d[k] = item[k];
        item.erase(k);
      }
    for (const char* k : {"title", "description", "created_at"}) item.erase(k);
    d["media"] = json::array({item});
  } else {
    add_exif(m, d);
    d["media_urls"] = unres;
    unresolved.push_back(uri);
  }
  simdjson::dom::array comments;
  if (json_array(m, "comments", comments)) {
    json cs = json::array();
    for (element x : comments) {
      json cm = json::object();
      put(cm, "text", str(x, "comment"));
      std::string author = str(x, "author");
      if (!author.empty()) cm["author"] = json{{"name", author}};
      if (auto t = meta::time_of(x, "timestamp")) cm["time"] = format_rfc3339(*t);
      if (!cm.empty()) cs.push_back(std::move(cm));
    }
    if (!cs.empty()) d["comments"] = std::move(cs);
  }
  Record r = rec(c, "media", lower(basename(uri)), e, pointer);
  if (auto t = meta::time_of(m, "creation_timestamp")) set_time(r, *t);
  r.data = std::move(d);
  c.out.add(std::move(r));
  return true;
}

}  // namespace

Verdict read_album(Context& c, const Entry& e) {
  // {name, photos: [...], cover_photo, ...}: the name from the members beside the photos, which
  // are then streamed.
  meta::KeyedFile f;
  meta::open_keyed(c, e, "photos", f);
  std::string album = str(f.doc, "name");
  json unresolved = json::array();
  int64_t n = 0;
  ItemsRead items = meta::each_keyed(c, e, f, "photos", [&](element p, const std::string& pointer) {
    n += media_record(c, e, p, pointer, album, unresolved);
  });
  warn_unresolved(c, e, unresolved);
  return meta::verdict(items, "album \"" + album + "\": " + std::to_string(n) + " media");
}

Verdict read_photo_list(Context& c, const Entry& e) {
  json unresolved = json::array();
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element m, const std::string& pointer) {
    if (!m.is_object()) return;
    if (!media_record(c, e, m, pointer, "", unresolved)) c.log.warn(c.in.where(e) + " " + pointer, "media item without uri skipped");
    else ++n;
  });
  warn_unresolved(c, e, unresolved);
  return meta::verdict(items, std::to_string(n) + " media");
}

Verdict read_comments(Context& c, const Entry& e) {
  int64_t n = 0;
  json unresolved_all = json::array();
  ItemsRead items = meta::each(c, e, [&](element item, const std::string& pointer) {
    if (!item.is_object()) return;
    auto t = meta::time_of(item, "timestamp");
    json d = json::object();
    simdjson::dom::array data;
    if (json_array(item, "data", data))
      for (element x : data) {
        element cm;
        if (!json_object(x, "comment", cm)) continue;
        if (!t) t = meta::time_of(cm, "timestamp");
        put(d, "text", str(cm, "comment"));
        put(d, "group", str(cm, "group"));
        std::string author = str(cm, "author");
        if (!author.empty()) d["author"] = json{{"name", author}};
      }
    auto lv = meta::read_label_values(item);
    if (!lv.empty()) {  // 2024+ generic comment records
      put(d, "text", meta::label_text(lv, "comment"));
      if (!d.contains("text")) put(d, "text", meta::label_text(lv, "text"));
      put(d, "url", meta::label_text(lv, "url"));
    }
    put(d, "title", str(item, "title"));
    json unresolved = json::array();
    read_attachments(c, e, pointer, item, d, unresolved);
    if (!unresolved.empty()) {
      d["media_urls"] = unresolved;
      for (auto& u : unresolved) unresolved_all.push_back(u);
    }
    if (!d.contains("text") && !d.contains("media") && !d.contains("title")) {
      c.log.warn(c.in.where(e) + " " + pointer, "comment without text skipped");
      return;
    }
    std::string key = ts_key(t) + '\n' + d.value("text", "") + '\n' + d.value("url", "");
    if (!d.contains("text")) key += '\n' + d.dump();  // a photo or title only: every field tells them apart
    Record r = rec(c, "comment", key, e, pointer);
    if (t) set_time(r, *t);
    r.data = std::move(d);
    c.out.add(std::move(r));
    ++n;
  });
  warn_unresolved(c, e, unresolved_all);
  return meta::verdict(items, std::to_string(n) + " comments");
}

Verdict read_reactions(Context& c, const Entry& e) {
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element item, const std::string& pointer) {
    if (!item.is_object()) return;
    auto t = meta::time_of(item, "timestamp");
    json d = json::object();
    simdjson::dom::array data;
    if (json_array(item, "data", data))
      for (element x : data) {
        element rx;
        if (!json_object(x, "reaction", rx)) continue;
        put(d, "reaction", meta::canonical_reaction(str(rx, "reaction")));
      }
    put(d, "title", str(item, "title"));
    auto lv = meta::read_label_values(item);
    if (!lv.empty()) {
      if (!d.contains("reaction")) put(d, "reaction", meta::canonical_reaction(meta::label_text(lv, "reaction")));
      if (std::string owner = meta::label_text(lv, "name"); !owner.empty()) d["owner"] = json{{"name", owner}};
      put(d, "url", meta::label_text(lv, "url"));
    }
    put(d, "fbid", str(item, "fbid"));
    if (!d.contains("reaction")) {
      c.log.warn(c.in.where(e) + " " + pointer, "reaction without a reaction type skipped");
      return;
    }
    std::string key = ts_key(t) + '\n' + d.value("title", "") + '\n' + d.value("url", "") + '\n' + d.value("fbid", "");
    if (!d.contains("title") && !d.contains("url") && !d.contains("fbid")) key += '\n' + d.dump();
    Record r = rec(c, "reaction", key, e, pointer);
    if (t) set_time(r, *t);
    r.data = std::move(d);
    c.out.add(std::move(r));
    ++n;
  });
  return meta::verdict(items, std::to_string(n) + " reactions");
}

Verdict read_pages(Context& c, const Entry& e) {
  // pages_you've_liked / likes_and_reactions/pages.json: {name, timestamp, url?} -> a like;
  // pages_you_follow / pages_and_profiles_you_follow: {timestamp, data:[{name}], title} -> following.
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element item, const std::string& pointer) {
    if (!item.is_object()) return;
    auto t = meta::time_of(item, "timestamp");
    std::string name = str(item, "name");
    simdjson::dom::array data;
    if (name.empty() && json_array(item, "data", data))
      for (element x : data)
        if (name.empty()) name = str(x, "name");
    auto lv = meta::read_label_values(item);
    if (name.empty()) name = meta::label_text(lv, "name");
    std::string url = str(item, "url");
    if (url.empty()) url = meta::label_text(lv, "url");
    if (name.empty()) name = str(item, "title");
    if (name.empty()) {
      c.log.warn(c.in.where(e) + " " + pointer, "page without a name skipped");
      return;
    }
    bool follow = stem(e.path).find("follow") != std::string::npos;
    // Two pages may share a name; their URLs tell them apart.
    std::string page_key = name + (url.empty() ? "" : '\n' + url);
    Record r = follow ? rec(c, "contact", "following\n" + page_key, e, pointer)
                      : rec(c, "reaction", "page\n" + page_key, e, pointer);
    if (t) set_time(r, *t);
    if (follow) {
      r.data["relation"] = "following";
      put(r.data, "name", name);
      r.data["type"] = "page";
    } else {
      r.data["reaction"] = "like";
      r.data["owner"] = json{{"name", name}};  // the page liked is its own owner
      r.data["type"] = "page";
    }
    put(r.data, "url", url);
    c.out.add(std::move(r));
    ++n;
  });
  return meta::verdict(items, std::to_string(n) + " pages");
}

// The events of an events file, streamed (walk_items): {event_responses_v2: {events_joined:
// [...], events_declined, events_interested}}, {your_events_v2: [...]} (or events_invited_v2, or
// either without _v2), or a top-level list. The first of these shapes met in the file is read;
// another one after it is read past.
Verdict read_events(Context& c, const Entry& e) {
  using Path = JsonTreeWalker::Path;
  using Visit = JsonTreeWalker::Visit;
  static const std::pair<const char*, const char*> responses[] = {
      {"events_joined", "going"}, {"events_declined", "declined"}, {"events_interested", "interested"}};
  auto is_any = [](const std::string& k, std::initializer_list<const char*> names) {
    for (const char* n : names)
      if (k == n) return true;
    return false;
  };
  std::string own = stem(e.path).find("invitation") != std::string::npos ? "invited" : "host";
  std::string chosen;  // the top-level key read ("" for a top-level list), once one is met
  bool found = false, by_response = false;
  int64_t n = 0;
  auto visit = [&](const Path& p, char opens, bool in_array) {
    if (p.empty()) {
      if (opens == '[') found = true;
      return opens == '{' || opens == '[' ? Visit::descend : Visit::skip;
    }
    if (in_array) return Visit::take;  // an event
    if (p.size() == 1) {
      bool resp = is_any(p[0], {"event_responses_v2", "event_responses"});
      bool list = is_any(p[0], {"your_events_v2", "events_invited_v2", "your_events", "events_invited"});
      if (found || !(resp ? opens == '{' : list && opens == '[')) return Visit::skip;
      found = true;
      by_response = resp;
      chosen = p[0];
      return Visit::descend;
    }
    bool known = std::any_of(std::begin(responses), std::end(responses), [&](auto& r) { return p[1] == r.first; });
    return p.size() == 2 && opens == '[' && known ? Visit::descend : Visit::skip;
  };
  ItemsRead items = walk_items(c.in, c.log, c.parser, e, visit, [&](const Path& p, element ev, const std::string& pointer) {
    std::string response = own;
    if (p.size() == 3)
      for (auto [key, r] : responses)
        if (p[1] == key) response = r;
    json d = event_of(ev);
    if (!d.contains("name")) {
      auto lv = meta::read_label_values(ev);
      if (lv.empty()) return c.log.warn(c.in.where(e) + " " + pointer, "event without a name skipped");
      json x = meta::labels_to_json(lv);
      for (auto& [k, v] : x.items()) d[k] = v;
    }
    d["response"] = response;
    auto start = meta::time_of(ev, "start_timestamp");
    Record r = rec(c, "event", d.value("name", "") + '\n' + ts_key(start) + '\n' + response, e, pointer);
    if (start) set_time(r, *start);
    else if (auto t = meta::first_time(ev, {"create_timestamp", "timestamp"})) set_time(r, *t);
    r.data = std::move(d);
    c.out.add(std::move(r));
    ++n;
  });
  if (!found && items.broken.empty()) throw Error(c.in.where(e), "unknown event file shape");
  return meta::verdict(items, std::to_string(n) + (by_response ? " event responses" : " events"));
}

Verdict read_groups(Context& c, const Entry& e) {
  bool admin = stem(e.path).find("your_groups") != std::string::npos;
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element item, const std::string& pointer) {
    if (!item.is_object()) return;
    std::string name = str(item, "name");
    simdjson::dom::array data;
    if (name.empty() && json_array(item, "data", data))
      for (element x : data)
        if (name.empty()) name = str(x, "name");
    auto lv = meta::read_label_values(item);
    if (name.empty()) name = meta::label_text(lv, "name");
    if (name.empty()) {
      c.log.warn(c.in.where(e) + " " + pointer, "group without a name skipped");
      return;
    }
    Record r = rec(c, "group", name, e, pointer);
    if (auto t = meta::time_of(item, "timestamp")) set_time(r, *t);
    put(r.data, "name", name);
    r.data["role"] = admin ? "admin" : "member";
    put(r.data, "title", str(item, "title"));
    put(r.data, "url", meta::label_text(lv, "url"));
    c.out.add(std::move(r));
    ++n;
  });
  return meta::verdict(items, std::to_string(n) + " groups");
}

Verdict read_saved(Context& c, const Entry& e) {
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element item, const std::string& pointer) {
    if (!item.is_object()) return;
    auto t = meta::time_of(item, "timestamp");
    json d = {{"action", "save"}};
    put(d, "title", str(item, "title"));
    simdjson::dom::array atts;
    if (json_array(item, "attachments", atts))
      for (element a : atts) {
        simdjson::dom::array data;
        if (!json_array(a, "data", data)) continue;
        for (element x : data) {
          element ec;
          if (!json_object(x, "external_context", ec)) continue;
          put(d, "url", str(ec, "url"));
          put(d, "text", str(ec, "name"));
          put(d, "source", str(ec, "source"));
        }
      }
    auto lv = meta::read_label_values(item);
    if (!lv.empty()) {
      if (!d.contains("url")) put(d, "url", meta::label_text(lv, "url"));
      if (!d.contains("text")) put(d, "text", meta::label_text(lv, "name"));
    }
    if (d.size() == 1) {
      c.log.warn(c.in.where(e) + " " + pointer, "saved item without content skipped");
      return;
    }
    std::string key = "save\n" + ts_key(t) + '\n' + d.value("url", "") + '\n' + d.value("title", "");
    if (!d.contains("url") && !d.contains("title")) key += '\n' + d.dump();
    Record r = rec(c, "activity", key, e, pointer);
    if (t) set_time(r, *t);
    r.data = std::move(d);
    c.out.add(std::move(r));
    ++n;
  });
  return meta::verdict(items, std::to_string(n) + " saved items");
}

Verdict read_notes(Context& c, const Entry& e) {
  int64_t n = 0;
  ItemsRead items = meta::each(c, e, [&](element item, const std::string& pointer) {
    if (!item.is_object()) return;
    json d = json::object();
    put(d, "title", str(item, "title"));
    put(d, "text", str(item, "text"));
    if (d.empty()) {
      c.log.warn(c.in.where(e) + " " + pointer, "note without title or text skipped");
      return;
    }
    auto t = meta::first_time(item, {"created_timestamp", "timestamp"});
    if (auto u = meta::time_of(item, "updated_timestamp")) d["updated_at"] = format_rfc3339(*u);
    Record r = rec(c, "note", ts_key(t) + '\n' + d.value("title", "") + '\n' + sha256_hex(d.value("text", "")), e, pointer);
    if (t) set_time(r, *t);
    r.data = std::move(d);
    c.out.add(std::move(r));
    ++n;
  });
  return meta::verdict(items, std::to_string(n) + " notes");
}

}  // namespace dataport::facebook
