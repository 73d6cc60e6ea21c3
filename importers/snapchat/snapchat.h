#pragma once
// Snapchat "My Data" download (docs/formats/snapchat.md): what the files of the importer share.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "importers/json_walk.h"
#include "ingest/rules.h"
#include "lib/json.h"
#include "lib/model.h"
#include "lib/time.h"

namespace dataport::snapchat {

inline constexpr const char* platform = "snapchat";

// What the run shares: the profile several files fill, the account's username, the media index.
struct State {
  PendingRecord profile{"profile", "profile"};
  std::string me;  // the account's username (account.json, read first)
  bool indexed = false;
  std::map<std::string, std::vector<StoredMedia*>> chat_media, memories;  // media id / mid -> files
  int json_files = -1;                                                     // json/*.json entries (-1: not counted)
};

inline State& state(ImportContext& c) { return c.state<State>(); }
/// The account holder's record, made on first use; emitted by `finish`.
Record& profile(ImportContext& c, const Entry& e);

// Values (snapchat.cc).
/// "2024-03-04 12:34:56 UTC", older "2019/06/01 08:15:00 UTC", a bare date, or ISO 8601.
std::optional<Timestamp> snap_time(std::string s);
/// HTML entities decoded (Snapchat writes `&#39;` into some texts), nothing else touched.
std::string unescape(std::string_view s);
std::string text_of(JsonElement x, std::initializer_list<std::string_view> keys);
/// The keys that hold an item's time.
extern const std::initializer_list<std::string_view> time_keys;
/// An item's words as one line: a string, or the non-empty scalar values of an object (its time
/// left out) or array.
std::string item_text(JsonElement x);
/// The record's time from the item's first time key; false when it has none.
bool set_snap_time(Record& r, JsonElement x);
/// The item as raw: an object as it is, anything else as {value}.
json raw_of(JsonElement x);
std::string key_of(JsonElement x);
json person(const std::string& username);
/// "52.52 ± 14.05 meters, 13.40 ± 14.05 meters", "52.52, 13.40", "Latitude, Longitude: 52.52, 13.40".
bool lat_lon(std::string_view s, double& lat, double& lon, double& accuracy);
/// The query parameter `name` of a link ("" when absent).
std::string query_param(std::string_view url, std::string_view name);
/// The chat_media/ and memories/ files by media id and mid, made on first use.
void index_media(ImportContext& c);

/// What a reader does with one item of a section ("" for the items of a file that is one list).
using ItemFn = void (*)(ImportContext& c, const Entry& e, const std::string& section, JsonElement item,
                        const std::string& ptr);
/// Any item no reader knows: an activity named after its section, the item whole in raw.
void add_generic(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr);

// The item readers: messages.cc (chats, snaps, calls, friends, subscriptions) and account.cc.
void add_chat(ImportContext&, const Entry&, const std::string&, JsonElement, const std::string&);
void add_snap(ImportContext&, const Entry&, const std::string&, JsonElement, const std::string&);
void add_call(ImportContext&, const Entry&, const std::string&, JsonElement, const std::string&);
void add_friend(ImportContext&, const Entry&, const std::string&, JsonElement, const std::string&);
void add_subscription(ImportContext&, const Entry&, const std::string&, JsonElement, const std::string&);
void add_location(ImportContext&, const Entry&, const std::string&, JsonElement, const std::string&);
void add_account(ImportContext&, const Entry&, const std::string&, JsonElement, const std::string&);
void add_bitmoji(ImportContext&, const Entry&, const std::string&, JsonElement, const std::string&);
void add_profile_section(ImportContext&, const Entry&, const std::string&, JsonElement, const std::string&);
void add_memory(ImportContext&, const Entry&, const std::string&, JsonElement, const std::string&);
void add_search(ImportContext&, const Entry&, const std::string&, JsonElement, const std::string&);
void add_story(ImportContext&, const Entry&, const std::string&, JsonElement, const std::string&);

}  // namespace dataport::snapchat
