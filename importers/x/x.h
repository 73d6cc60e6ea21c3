#pragma once
// Internals of the X importer (importers/x/*.cc), shared by its files only: the public pair
// probe_x/read_x is declared in ingest/importers.h. x.cc holds the probe, the manifest, the rule
// table and what runs after the last reader; tweets.cc, messages.cc and account.cc the readers
// by family. docs/formats/x.md describes the archive.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "importers/json_walk.h"
#include "ingest/rules.h"
#include "lib/json.h"
#include "lib/time.h"

namespace dataport::x {

inline constexpr const char* platform = "x";

/// A note tweet (the long text of a tweet over 280 characters), waiting for its tweet.
struct Note {
  std::string id, text, path, pointer;
  json links = json::array(), mentions = json::array(), hashtags = json::array();
  std::optional<Timestamp> time;
  bool used = false;
};

/// A Grok conversation, made from its messages at the end.
struct Grok {
  std::string title, path, pointer;
  std::optional<Timestamp> time;
};

/// What the readers of one run share (ImportContext::state<State>(); use state() below).
struct State {
  std::string account_id, username;  ///< from the manifest and account.js, read in earlier passes
  bool media_indexed = false;
  std::unordered_map<std::string, std::vector<StoredMedia*>> media_by_id;  ///< tweet or DM id -> files
  std::vector<StoredMedia*> profile_media;
  std::map<int64_t, std::vector<Note>> notes;  ///< by createdAt second; filled before the tweets
  std::map<std::string, Grok> groks;
  std::set<std::string> advertisers;  ///< relation:name already given
  json profile = json::object();      ///< filled by the manifest, account.js, profile.js...
  std::string profile_path;
  json handles = json::array();
};

/// The run's state, its media indexed by the id they are named after on first use.
State& state(ImportContext& c);

// ---- values (x.cc) ----

/// "Wed Jan 24 14:02:11 +0000 2024" (tweets), else ISO 8601 ("2024-01-24T14:02:11.000Z", DMs).
std::optional<Timestamp> x_time(std::string_view s);
/// full_text is HTML-escaped with exactly three entities: &lt; &gt; &amp;.
std::string unescape(std::string s);
/// https://x.com/<user>/status/<id> (i/web when the user is unknown).
std::string status_url(const std::string& user, const std::string& id);
/// An account as a person object (`url`; `username` for the account holder); empty for id 0.
json person(ImportContext& c, const std::string& id);
/// Links the media files named after `id` (tweets_media/<id>-<name>) under data[key].
void attach_media(ImportContext& c, const std::string& id, json& data, const char* key);
/// Replaces t.co links by their targets in `text`; returns the targets.
json expand_urls(JsonElement urls_owner, std::string& text, std::initializer_list<std::string_view> short_keys,
                 std::initializer_list<std::string_view> long_keys);
/// "<archive>: <path> <pointer>", for warnings about one item.
std::string where(ImportContext& c, const Entry& e, const std::string& ptr);

/// Streams the items of a `window.YTD.<type>.partN = [...]` file one by one (scan_json_items
/// skips the JavaScript prefix); the verdict is "x <type>, N items", or ignored for 0 bytes.
template <class Fn>
Verdict scan_ytd(ImportContext& c, const Entry& e, const char* type, Fn fn) {
  if (e.size == 0) return {Fate::ignored, "empty file"};
  state(c);  // index the media before the stream is open
  return scan_items(c, e, "", std::string("x ") + type, fn);
}

// ---- readers (one per file family) ----

// tweets.cc
Verdict read_notes(ImportContext& c, const Entry& e);
Verdict read_tweets(ImportContext& c, const Entry& e);
Verdict read_deleted_tweets(ImportContext& c, const Entry& e);
Verdict read_community_tweets(ImportContext& c, const Entry& e);
Verdict read_likes(ImportContext& c, const Entry& e);
/// Note tweets no tweet took, as posts of their own.
void emit_unused_notes(ImportContext& c);

// messages.cc
Verdict read_dms(ImportContext& c, const Entry& e);
Verdict read_group_dms(ImportContext& c, const Entry& e);
Verdict read_grok(ImportContext& c, const Entry& e);
/// One conversation per Grok chat seen.
void emit_groks(ImportContext& c);

// account.cc
Verdict read_account(ImportContext& c, const Entry& e);
Verdict read_profile(ImportContext& c, const Entry& e);
Verdict read_phone(ImportContext& c, const Entry& e);
Verdict read_screen_name_changes(ImportContext& c, const Entry& e);
Verdict read_followers(ImportContext& c, const Entry& e);
Verdict read_following(ImportContext& c, const Entry& e);
Verdict read_blocks(ImportContext& c, const Entry& e);
Verdict read_mutes(ImportContext& c, const Entry& e);
Verdict read_lists_created(ImportContext& c, const Entry& e);
Verdict read_lists_member(ImportContext& c, const Entry& e);
Verdict read_lists_subscribed(ImportContext& c, const Entry& e);
Verdict read_personalization(ImportContext& c, const Entry& e);
Verdict read_ad_impressions(ImportContext& c, const Entry& e);
Verdict read_ad_engagements(ImportContext& c, const Entry& e);
Verdict read_ip_audit(ImportContext& c, const Entry& e);
/// The profile record several files filled.
void emit_profile(ImportContext& c);

}  // namespace dataport::x
