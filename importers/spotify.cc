// Spotify data download (docs/formats/spotify.md): account data and extended streaming history.
// [x] StreamingHistory_music_N.json, StreamingHistoryN.json, StreamingHistory_podcast_N.json -> activity (listen)
// [x] Streaming_History_Audio_*.json, Streaming_History_Video_*.json, endsong_N.json (extended) ->
//     activity (listen: tracks, episodes, audiobook chapters); the IPs, platforms and countries of
//     the plays -> login (method stream), one per distinct triple
// [x] YourLibrary.json -> reaction (like, dislike), contact (following / blocked artists)
// [x] Playlist*.json -> post (type playlist, items in raw)
// [x] SearchQueries.json -> activity (search)
// [x] Inferences.json -> inference (ad_segment); Marquee.json -> inference (marquee)
// [x] Userdata.json, Identity.json, Follow.json, Payments.json -> profile; Follow.json's lists -> contact
// [ ] Wrapped, Sound Capsule, family plan, customer service, the technical log package: kept as files

#include <algorithm>
#include <map>
#include <tuple>

#include "importers/json_walk.h"
#include "ingest/importers.h"
#include "ingest/rules.h"
#include "lib/error.h"
#include "lib/json.h"
#include "lib/model.h"
#include "lib/text.h"

namespace dataport {
namespace {

constexpr const char* platform = "spotify";

// What the run shares: the profile four files fill, and the places plays came from.
struct State {
  PendingRecord profile{"profile", "profile"};
  struct Seen {
    std::string first, last;
    int64_t plays = 0;
    std::string path, pointer;
  };
  std::map<std::tuple<std::string, std::string, std::string>, Seen> origins;  // (ip, platform, country)
};

State& state(ImportContext& c) { return c.state<State>(); }

Record& profile(ImportContext& c, const Entry& e) { return state(c).profile.get(c, e); }

// "spotify:track:4uLU6hMCjMI75M1A2tKUQC" -> "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC".
std::string web_url(std::string_view uri) {
  if (uri.substr(0, 8) != "spotify:") return std::string(uri);
  std::string rest(uri.substr(8));
  return "https://open.spotify.com/" + replace_all(rest, ":", "/");
}

json artist(const std::string& name) { return json{{"name", name}}; }

// ---- streaming history ------------------------------------------------------------------------

// Account data: {endTime "2023-12-05 16:52" (UTC, minute), artistName, trackName | podcastName,
// episodeName, msPlayed}.
void read_play(ImportContext& c, const Entry& e, JsonElement x, const std::string& ptr) {
  std::string end = json_text_any(x, {"endTime"});
  auto t = parse_time(end, "%Y-%m-%d %H:%M");
  if (!t) t = parse_iso8601(end);
  if (!t) throw Error(c.in.where(e) + " " + ptr, "a play without a readable endTime ('" + end + "')");
  std::string track = json_text_any(x, {"trackName"}), who = json_text_any(x, {"artistName"});
  std::string episode = json_text_any(x, {"episodeName"}), show = json_text_any(x, {"podcastName"});
  std::string ms = json_text_any(x, {"msPlayed"});
  bool is_episode = track.empty() && !episode.empty();
  Record r = c.record("activity", "listen:" + end + "\n" + (is_episode ? show + "\n" + episode : who + "\n" + track) + "\n" + ms, e, ptr);
  set_time(r, *t);
  json& d = r.data;
  d["action"] = "listen";
  d["type"] = is_episode ? "episode" : "track";
  put(d, "title", is_episode ? episode : track);
  std::string by = is_episode ? show : who;
  if (!by.empty()) d["person"] = artist(by);
  json raw = json::object();
  if (auto n = json_int(x, "msPlayed")) raw["ms_played"] = *n;
  d["raw"] = std::move(raw);
  c.out.add(std::move(r));
}

// Extended history: one play, its end at `ts`, with where it was played from.
void read_extended(ImportContext& c, const Entry& e, JsonElement x, const std::string& ptr) {
  std::string ts = json_text_any(x, {"ts"});
  auto t = parse_iso8601(ts);
  if (!t) throw Error(c.in.where(e) + " " + ptr, "a play without a readable ts ('" + ts + "')");
  std::string track = json_text_any(x, {"master_metadata_track_name"}), episode = json_text_any(x, {"episode_name"});
  std::string chapter = json_text_any(x, {"audiobook_chapter_title"});
  std::string uri = json_text_any(x, {"spotify_track_uri", "spotify_episode_uri", "audiobook_chapter_uri", "audiobook_uri"});
  std::string ms = json_text_any(x, {"ms_played"});
  std::string type = !track.empty() ? "track" : !episode.empty() ? "episode" : !chapter.empty() ? "audiobook_chapter" : "unknown";
  Record r = c.record("activity", "play:" + ts + "\n" + uri + "\n" + track + episode + chapter + "\n" + ms, e, ptr);
  set_time(r, *t);
  json& d = r.data;
  d["action"] = "listen";
  d["type"] = type;
  put(d, "title", type == "track" ? track : type == "episode" ? episode : chapter);
  std::string by = type == "track" ? json_text_any(x, {"master_metadata_album_artist_name"})
                   : type == "episode" ? json_text_any(x, {"episode_show_name"})
                                        : json_text_any(x, {"audiobook_title"});
  if (!by.empty()) d["person"] = artist(by);
  if (!uri.empty()) d["url"] = web_url(uri);
  std::string client = json_text_any(x, {"platform"});
  put(d, "source", client);
  json raw = json::object();
  put(raw, "album", json_text_any(x, {"master_metadata_album_album_name"}));
  put(raw, "uri", uri);
  if (auto n = json_int(x, "ms_played")) raw["ms_played"] = *n;
  for (const char* k : {"reason_start", "reason_end", "conn_country", "username"}) put(raw, k, json_text_any(x, {k}));
  for (const char* k : {"shuffle", "skipped", "offline", "incognito_mode"}) {
    JsonElement v;
    if (json_member(x, k, v) && v.is_bool()) raw[k] = v.get_bool().value();
  }
  std::string ip = json_text_any(x, {"ip_addr", "ip_addr_decrypted"});
  put(raw, "ip", ip);
  put(raw, "user_agent", json_text_any(x, {"user_agent_decrypted"}));
  if (auto off = json_int(x, "offline_timestamp"); off && *off > 0)
    raw["offline_at"] = format_rfc3339(*off > 100000000000 ? from_unix_millis(*off) : from_unix_seconds(*off));
  d["raw"] = std::move(raw);
  c.out.add(std::move(r));
  // Where the play came from, for the logins made at the end.
  std::string country = json_text_any(x, {"conn_country"});
  if (ip.empty() && client.empty()) return;
  State::Seen& seen = state(c).origins[{ip, client, country}];
  std::string at = format_rfc3339(*t);
  if (seen.plays++ == 0) seen.first = seen.last = at, seen.path = e.path, seen.pointer = ptr;
  if (at < seen.first) seen.first = at;
  if (at > seen.last) seen.last = at;
}

Verdict read_history(ImportContext& c, const Entry& e) {
  return scan_items(c, e, "", "spotify streaming history",
                    [&](JsonElement x, const std::string& ptr) { read_play(c, e, x, ptr); });
}

Verdict read_extended_history(ImportContext& c, const Entry& e) {
  return scan_items(c, e, "", "spotify extended streaming history",
                    [&](JsonElement x, const std::string& ptr) { read_extended(c, e, x, ptr); });
}

// ---- library, playlists, searches, inferences -------------------------------------------------

Verdict read_library(ImportContext& c, const Entry& e) {
  JsonElement doc = c.parser.parse(c.in.read(e), c.in.where(e));
  int64_t n = 0;
  // (list, what it is, reaction or relation, name keys, by keys)
  struct List {
    const char* key;
    const char* type;
    const char* reaction;  // "" for a contact
    const char* relation;
  };
  static constexpr List lists[] = {
      {"tracks", "track", "like", ""},        {"albums", "album", "like", ""},       {"shows", "show", "like", ""},
      {"episodes", "episode", "like", ""},    {"bannedTracks", "track", "dislike", ""}, {"audiobooks", "audiobook", "like", ""},
      {"artists", "artist", "", "following"}, {"bannedArtists", "artist", "", "blocked"},
  };
  for (const List& l : lists) {
    simdjson::dom::array arr;
    if (!json_array(doc, l.key, arr)) continue;
    int64_t i = 0;
    for (JsonElement x : arr) {
      std::string ptr = "/" + std::string(l.key) + "/" + std::to_string(i++);
      std::string uri = json_text_any(x, {"uri"});
      std::string name = json_text_any(x, {"track", "album", "name"});
      std::string by = json_text_any(x, {"artist", "publisher", "show"});
      if (name.empty() && uri.empty()) {
        c.log.warn(c.in.where(e) + " " + ptr, "a library item without a name or uri: skipped");
        continue;
      }
      std::string key = std::string(l.key) + ":" + (uri.empty() ? by + "\n" + name : uri);
      if (*l.reaction) {
        Record r = c.record("reaction", key, e, ptr);
        r.data["reaction"] = l.reaction;
        r.data["type"] = l.type;
        put(r.data, "title", name);
        if (!by.empty()) r.data["owner"] = artist(by);
        if (!uri.empty()) r.data["url"] = web_url(uri);
        r.data["note"] = "Spotify's library gives no time for saved items";
        json raw = json::object();
        put(raw, "album", std::string(l.type) == "track" ? json_text_any(x, {"album"}) : "");
        put(raw, "uri", uri);
        if (!raw.empty()) r.data["raw"] = std::move(raw);
        c.out.add(std::move(r));
      } else {
        Record r = c.record("contact", key, e, ptr);
        r.data["relation"] = l.relation;
        r.data["type"] = "artist";
        put(r.data, "name", name);
        if (!uri.empty()) r.data["url"] = web_url(uri);
        c.out.add(std::move(r));
      }
      ++n;
    }
  }
  simdjson::dom::array other;
  JsonElement other_el;
  if (json_array(doc, "other", other) && other.size() > 0 && json_member(doc, "other", other_el))
    profile(c, e).data["raw"]["library_other"] = to_nlohmann(other_el);
  return {Fate::parsed, "spotify library, " + std::to_string(n) + " items"};
}

Verdict read_playlists(ImportContext& c, const Entry& e) {
  return scan_items(c, e, "playlists", "spotify playlists", [&](JsonElement pl, const std::string& ptr) {
    std::string name = json_text_any(pl, {"name"});
    std::string modified = json_text_any(pl, {"lastModifiedDate"});
    Record r = c.record("post", "playlist:" + name + "\n" + modified, e, ptr);
    json& d = r.data;
    d["type"] = "playlist";
    put(d, "title", name);
    put(d, "text", json_text_any(pl, {"description"}));
    if (auto t = parse_iso8601(modified)) {
      set_time(r, *t);
      if (t->precision == Precision::day) d["time_precision"] = "day";
    }
    json items = json::array();
    simdjson::dom::array arr;
    if (json_array(pl, "items", arr))
      for (JsonElement it : arr) {
        json one = json::object();
        JsonElement v;
        if (json_object(it, "track", v)) {
          one = {{"type", "track"}, {"title", json_text_any(v, {"trackName"})}, {"artist", json_text_any(v, {"artistName"})},
                 {"album", json_text_any(v, {"albumName"})}, {"uri", json_text_any(v, {"trackUri"})}};
        } else if (json_object(it, "episode", v)) {
          one = {{"type", "episode"}, {"title", json_text_any(v, {"episodeName"})}, {"show", json_text_any(v, {"showName"})},
                 {"uri", json_text_any(v, {"episodeUri"})}};
        } else if (json_object(it, "audiobook", v)) {
          one = to_nlohmann(v);
          one["type"] = "audiobook";
        } else if (json_object(it, "localTrack", v)) {
          one = to_nlohmann(v);
          one["type"] = "local_track";
        }
        put(one, "added", json_text_any(it, {"addedDate"}));
        items.push_back(std::move(one));
      }
    json raw = {{"items", std::move(items)}};
    if (auto f = json_int(pl, "numberOfFollowers")) raw["followers"] = *f;
    simdjson::dom::array collab;
    if (json_array(pl, "collaborators", collab) && collab.size() > 0) raw["collaborators"] = json_texts(collab);
    d["raw"] = std::move(raw);
    c.out.add(std::move(r));
  });
}

Verdict read_searches(ImportContext& c, const Entry& e) {
  return scan_items(c, e, "", "spotify searches", [&](JsonElement x, const std::string& ptr) {
    std::string when = json_text_any(x, {"searchTime"}), query = json_text_any(x, {"searchQuery"});
    Record r = c.record("activity", "search:" + when + "\n" + query, e, ptr);
    if (auto t = parse_iso8601(when.substr(0, when.find('['))) ) set_time(r, *t);
    r.data["action"] = "search";
    put(r.data, "query", query);
    put(r.data, "source", json_text_any(x, {"platform"}));
    simdjson::dom::array uris;
    if (json_array(x, "searchInteractionURIs", uris) && uris.size() > 0) {
      json links = json::array();
      for (JsonElement u : uris) links.push_back(web_url(json_text(u)));
      r.data["raw"] = {{"clicked", std::move(links)}};
    }
    c.out.add(std::move(r));
  });
}

Verdict read_inferences(ImportContext& c, const Entry& e) {
  JsonElement doc = c.parser.parse(c.in.read(e), c.in.where(e));
  simdjson::dom::array arr;
  if (!json_array(doc, "inferences", arr)) throw Error(c.in.where(e), "no inferences array");
  int64_t i = 0;
  for (JsonElement x : arr) {
    std::string v = json_text(x);
    std::string ptr = "/inferences/" + std::to_string(i++);
    if (v.empty()) continue;
    Record r = c.record("inference", "segment:" + v, e, ptr);
    r.data["category"] = "ad_segment";
    r.data["value"] = v;
    r.data["description"] = v.rfind("1P_", 0) == 0   ? "a segment Spotify made of its own data, for advertising"
                            : v.rfind("3P_", 0) == 0 ? "a segment from a third party's data, for advertising"
                                                     : "a segment Spotify placed the person in, for advertising";
    c.out.add(std::move(r));
  }
  return {Fate::parsed, "spotify inferences, " + std::to_string(i) + " segments"};
}

Verdict read_marquee(ImportContext& c, const Entry& e) {
  return scan_items(c, e, "", "spotify marquee", [&](JsonElement x, const std::string& ptr) {
    std::string who = json_text_any(x, {"artistName"}), segment = json_text_any(x, {"segment"});
    if (who.empty()) throw Error(c.in.where(e) + " " + ptr, "a marquee entry without an artist");
    Record r = c.record("inference", "marquee:" + who, e, ptr);
    r.data["category"] = "marquee";
    r.data["value"] = who + (segment.empty() ? "" : ": " + segment);
    r.data["description"] = "how Spotify classes the person as a listener of this artist, for its Marquee promotions";
    c.out.add(std::move(r));
  });
}

// ---- the account ------------------------------------------------------------------------------

Verdict read_userdata(ImportContext& c, const Entry& e) {
  JsonElement u = c.parser.parse(c.in.read(e), c.in.where(e));
  Record& p = profile(c, e);
  json& d = p.data;
  put(d, "username", json_text_any(u, {"username"}));
  std::string email = json_text_any(u, {"email"});
  if (!email.empty()) d["emails"] = json::array({{{"address", email}}});
  put(d, "location", json_text_any(u, {"country"}));
  put(d, "postal_code", json_text_any(u, {"postalCode"}));
  std::string birth = json_text_any(u, {"birthdate"});
  put(d, "birthday", birth.substr(0, 10));
  put(d, "gender", lower(json_text_any(u, {"gender"})));
  std::string phone = json_text_any(u, {"mobileNumber"});
  if (!phone.empty()) d["phones"] = json::array({{{"number", phone}}});
  if (auto t = parse_iso8601(json_text_any(u, {"creationTime"}))) d["registered_at"] = format_rfc3339(*t);
  json& raw = d["raw"];
  for (auto [k, out] : {std::pair{"createdFromFacebook", "created_from_facebook"}, std::pair{"facebookUid", "facebook_uid"},
                        std::pair{"mobileOperator", "mobile_operator"}, std::pair{"mobileBrand", "mobile_brand"}})
    put(raw, out, json_text_any(u, {k}));
  return {Fate::parsed, "spotify user data"};
}

Verdict read_identity(ImportContext& c, const Entry& e) {
  JsonElement u = c.parser.parse(c.in.read(e), c.in.where(e));
  json& d = profile(c, e).data;
  put(d, "name", json_text_any(u, {"displayName"}));
  put(d, "first_name", json_text_any(u, {"firstName"}));
  put(d, "last_name", json_text_any(u, {"lastName"}));
  put(d, "photo_url", json_text_any(u, {"largeImageUrl", "imageUrl"}));
  for (const char* k : {"tasteMaker", "verified"}) put(d["raw"], snake_case(k).c_str(), json_text_any(u, {k}));
  return {Fate::parsed, "spotify identity"};
}

Verdict read_follow(ImportContext& c, const Entry& e) {
  JsonElement f = c.parser.parse(c.in.read(e), c.in.where(e));
  json& raw = profile(c, e).data["raw"];
  for (auto [k, out] : {std::pair{"followerCount", "followers"}, std::pair{"followingUsersCount", "following"},
                        std::pair{"dismissingUsersCount", "dismissing"}})
    if (auto n = json_int(f, k)) raw[out] = *n;
  int64_t n = 0;
  for (auto [k, relation] : {std::pair{"userIsFollowing", "following"}, std::pair{"userIsFollowedBy", "follower"},
                             std::pair{"userIsBlocking", "blocked"}}) {
    simdjson::dom::array arr;
    if (!json_array(f, k, arr)) continue;
    int64_t i = 0;
    for (JsonElement x : arr) {
      std::string user = json_text(x);
      std::string ptr = "/" + std::string(k) + "/" + std::to_string(i++);
      if (user.empty()) continue;
      Record r = c.record("contact", std::string(relation) + ":" + user, e, ptr);
      r.data["relation"] = relation;
      r.data["username"] = user;
      r.data["url"] = "https://open.spotify.com/user/" + user;
      c.out.add(std::move(r));
      ++n;
    }
  }
  return {Fate::parsed, "spotify follows, " + std::to_string(n) + " accounts"};
}

Verdict read_payments(ImportContext& c, const Entry& e) {
  JsonElement p = c.parser.parse(c.in.read(e), c.in.where(e));
  json pay = to_nlohmann(p);
  if (!pay.is_object()) throw Error(c.in.where(e), "expected an object");
  profile(c, e).data["raw"]["payment"] = std::move(pay);
  return {Fate::parsed, "spotify payment details"};
}

void finish(ImportContext& c) {
  State& s = state(c);
  s.profile.add_to(c.out);
  for (const auto& [key, seen] : s.origins) {
    const auto& [ip, client, country] = key;
    Record r = make_record("login", platform, "stream:" + ip + "\n" + client + "\n" + country, seen.path, seen.pointer);
    if (auto t = parse_iso8601(seen.first)) set_time(r, *t);
    r.data["method"] = "stream";
    put(r.data, "ip", ip);
    put(r.data, "device", client);
    put(r.data, "location", country);
    r.data["updated_at"] = seen.last;
    r.data["raw"] = {{"plays", seen.plays}};
    c.out.add(std::move(r));
  }
}

const RuleSet rules = {
    .platform = platform,
    .rules =
        {
            {.match = "**/StreamingHistory*.json", .read = read_history, .kinds = "activity"},
            {.match = "**/Streaming_History_*.json|**/endsong_*.json", .read = read_extended_history, .kinds = "activity, login"},
            {.match = "**/YourLibrary.json", .read = read_library, .kinds = "reaction, contact"},
            {.match = "**/Playlist*.json", .read = read_playlists, .kinds = "post"},
            {.match = "**/SearchQueries.json", .read = read_searches, .kinds = "activity"},
            {.match = "**/Inferences.json", .read = read_inferences, .kinds = "inference"},
            {.match = "**/Marquee.json", .read = read_marquee, .kinds = "inference"},
            {.match = "**/Userdata.json", .read = read_userdata, .kinds = "profile"},
            {.match = "**/Identity.json", .read = read_identity, .kinds = "profile"},
            {.match = "**/Follow.json", .read = read_follow, .kinds = "profile, contact"},
            {.match = "**/Payments.json", .read = read_payments, .kinds = "profile"},
        },
    .finish = finish,
};

}  // namespace

int probe_spotify(const Archive& in) {
  int score = 0;
  for (const Entry& e : in.entries()) {
    if (e.junk) continue;
    std::string base(basename(e.path));
    bool history = base.rfind("StreamingHistory", 0) == 0 || base.rfind("Streaming_History_", 0) == 0 || base.rfind("endsong_", 0) == 0;
    if (history && base.size() > 5 && base.substr(base.size() - 5) == ".json") {
      std::string h = in.head(e, 1024);
      if (h.find("\"msPlayed\"") != std::string::npos || h.find("\"ms_played\"") != std::string::npos) return 95;
      score = std::max(score, 50);
    }
    if (base == "YourLibrary.json" || base == "Userdata.json" || base == "Inferences.json") score = std::max(score, 60);
  }
  return score;
}

void read_spotify(const Archive& in, Sink& out, Log& log) { run_rules(rules, in, out, log); }

}  // namespace dataport
