#pragma once
// The Discord importer's internal header (docs/formats/discord.md): the state its readers share
// and the helpers of more than one file. Readers: account.cc (user.json, ads traits, support
// tickets), messages.cc (channels, messages, servers), events.cc (the activity NDJSON files);
// the rule table and the probe are in discord.cc.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "importers/json_walk.h"
#include "ingest/rules.h"
#include "lib/record.h"
#include "lib/time.h"

namespace dataport::discord {

inline constexpr const char* platform = "discord";

/// What channel.json says of a channel.
struct Channel {
  std::string type;  ///< DM, GROUP_DM, GUILD_TEXT... (numbers named)
  std::string name, guild_id, guild_name;
  std::vector<std::string> recipients;  ///< user ids
};

/// The run's state (ImportContext::state<State>(); one struct for the whole importer).
struct State {
  std::string user_id, username, name;                  ///< the account holder (user.json)
  std::map<std::string, std::string> user_names;        ///< user id -> handle, from relationships
  std::map<std::string, std::string> channel_titles;    ///< messages/index.json
  std::map<std::string, Channel> channels;              ///< channel id -> channel.json
  std::vector<std::pair<std::string, std::string>> servers;  ///< servers/index.json, in its order
  std::string servers_index;                            ///< the path of servers/index.json
  std::set<std::string> servers_read;                   ///< guild ids a guild.json gave a record
};

/// The creation time a Discord snowflake id holds (ms since 2015-01-01 in its top 42 bits).
std::optional<Timestamp> snowflake_time(std::string_view id);
/// "https://discord.com/users/<id>".
std::string user_url(const std::string& id);
/// A user as a person: the profile URL and the handle when the run knows it.
json user_person(ImportContext& c, const std::string& id);
/// A handle from a user object: "name#1234", or "name" when the tag is "0" (2023 on).
std::string handle(JsonElement user);
/// Discord's times: ISO 8601 with a space or a T, with or without a zone (UTC), and the events'
/// quoted form "\"2021-03-01T12:34:56.789Z\"".
std::optional<Timestamp> parse_discord_time(std::string_view s);
/// The id a folder of the package is named after: "c123" -> "123", "123" -> "123"; the name of
/// the folder holding `path`.
std::string folder_id(std::string_view path);

Verdict read_user(ImportContext& c, const Entry& e);
Verdict read_traits(ImportContext& c, const Entry& e);
Verdict read_ticket(ImportContext& c, const Entry& e);
Verdict read_channel_index(ImportContext& c, const Entry& e);
Verdict read_channel(ImportContext& c, const Entry& e);
Verdict read_messages_json(ImportContext& c, const Entry& e);
Verdict read_messages_csv(ImportContext& c, const Entry& e);
Verdict read_server_index(ImportContext& c, const Entry& e);
Verdict read_guild(ImportContext& c, const Entry& e);
Verdict read_audit_log(ImportContext& c, const Entry& e);
Verdict read_events(ImportContext& c, const Entry& e);
/// Group records for the servers only servers/index.json names.
void finish_servers(ImportContext& c);

}  // namespace dataport::discord
