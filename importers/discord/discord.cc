// Discord data package (docs/formats/discord.md): package.zip, lower-case folders (2018-2023) or
// capitalised ones (2024 on), messages as CSV (older) or JSON (newer).
// [x] account/user.json -> profile (connections as handles, the rest in raw), contact per
//     relationship, activity (purchase) per payment, note per user note, login per session,
//     activity (play) per application statistic
// [x] account/avatar.*, account/recent_avatars/*, other images under account/ -> media store
// [x] messages/index.json, messages/c<id>/channel.json (and messages/<id>/) -> thread titles and types
// [x] messages/c<id>/messages.json, messages.csv -> message (sent by the person)
// [x] servers/index.json, servers/<id>/guild.json -> group (server)
// [x] servers/<id>/audit-log.json -> activity (audit_log)
// [x] activity/{analytics,modeling,reporting,tns}/events-*.json, NDJSON streamed line by line ->
//     login (sign-ins, sessions, app starts), off_platform (games and programs Discord detected),
//     inference (its age and gender models), activity (every other event, fields in raw)
// [x] ads/traits.json -> inference (the ad targeting traits)
// [x] support_tickets/**/*.json -> message (the ticket's description and comments)
// [ ] README.txt: ignored (Discord's explanation of the package)
// [ ] account/applications/, account/user_data_exports/, activities*/, programs/,
//     ads/quests_user_status.json, support tickets of an unknown shape: kept as files

#include "importers/discord/discord.h"

#include <algorithm>

#include "ingest/importers.h"
#include "lib/text.h"

namespace dataport {
namespace discord {

std::optional<Timestamp> snowflake_time(std::string_view id) {
  if (id.empty() || id.size() > 20 || !std::all_of(id.begin(), id.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    return std::nullopt;
  uint64_t v = std::stoull(std::string(id));
  if (v < (uint64_t{1} << 22)) return std::nullopt;
  return from_unix_millis(static_cast<int64_t>(v >> 22) + 1420070400000);
}

std::string user_url(const std::string& id) { return "https://discord.com/users/" + id; }

json user_person(ImportContext& c, const std::string& id) {
  json p = {{"url", user_url(id)}};
  const State& s = c.state<State>();
  if (id == s.user_id && !s.username.empty()) p["username"] = s.username;
  auto it = s.user_names.find(id);
  if (it != s.user_names.end()) p["username"] = it->second;
  return p;
}

std::string handle(JsonElement user) {
  std::string name = json_text_any(user, {"username"}), tag = json_text_any(user, {"discriminator"});
  if (name.empty()) return "";
  if (tag.empty() || std::all_of(tag.begin(), tag.end(), [](char ch) { return ch == '0'; })) return name;
  return name + "#" + tag;
}

std::optional<Timestamp> parse_discord_time(std::string_view s) {
  s = trim(s);
  while (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = trim(s.substr(1, s.size() - 2));
  if (s.empty()) return std::nullopt;
  return parse_iso8601(s);
}

std::string folder_id(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return "";
  std::string_view dir = path.substr(0, slash);
  dir = dir.substr(dir.rfind('/') == std::string_view::npos ? 0 : dir.rfind('/') + 1);
  if (dir.size() > 1 && (dir[0] == 'c' || dir[0] == 'C') && dir[1] >= '0' && dir[1] <= '9') dir.remove_prefix(1);
  return std::string(dir);
}

namespace {

void finish(ImportContext& c) {
  finish_servers(c);
  c.media.emit_unused(c.out, platform);
}

// First match wins. user.json and the two index files are read first (the account names the
// sender of every message, the indexes name channels and servers), then every channel.json, then
// the rest in listing order.
const RuleSet rules = {
    .platform = platform,
    .rules =
        {
            {.match = "**/account/user.json", .read = read_user, .kinds = "profile, contact, activity, note, login", .pass = -2},
            {.match = "**/messages/index.json", .read = read_channel_index, .kinds = "(thread titles)", .pass = -2},
            {.match = "**/servers/index.json", .read = read_server_index, .kinds = "group", .pass = -2},
            {.match = "**/messages/*/channel.json", .read = read_channel, .kinds = "(thread types)", .pass = -1},
            {.match = "**/messages/*/messages.json", .read = read_messages_json, .kinds = "message"},
            {.match = "**/messages/*/messages.csv", .read = read_messages_csv, .kinds = "message"},
            {.match = "**/servers/*/guild.json", .read = read_guild, .kinds = "group"},
            {.match = "**/servers/*/audit-log.json", .read = read_audit_log, .kinds = "activity"},
            {.match = "**/activity/*/events-*.json|**/activity/*/*.json", .read = read_events,
             .kinds = "login, off_platform, inference, activity"},
            {.match = "**/ads/traits.json", .read = read_traits, .kinds = "inference"},
            {.match = "**/support_tickets/**/*.json", .read = read_ticket, .kinds = "message"},
            {.match = "**/readme.txt", .note = "Discord's explanation of the package", .fate = Fate::ignored},
            {.match = "**/account/**/*.png|**/account/**/*.jpg|**/account/**/*.jpeg|**/account/**/*.gif|"
                      "**/account/**/*.webp",
             .kinds = "media",
             .media = true,
             .note = "discord account image"},
        },
    .finish = finish,
};

}  // namespace
}  // namespace discord

// A package names its account file account/user.json (any case, any wrapping folder) beside
// messages/index.json or an activity folder; the README names the package.
int probe_discord(const Archive& in) {
  bool user = in.first_suffix("account/user.json") != nullptr;
  bool index = in.first_suffix("messages/index.json") != nullptr;
  bool servers = in.first_suffix("servers/index.json") != nullptr;
  if (const Entry* r = in.first_suffix("README.txt"))
    if (in.head(*r, 2048).find("Discord Data Package") != std::string::npos) return 100;
  if (user && (index || servers)) return 95;
  if (index && servers) return 85;
  if (user) {
    const Entry* u = in.first_suffix("account/user.json");
    std::string head = in.head(*u, 4096);
    if (head.find("\"discriminator\"") != std::string::npos || head.find("\"relationships\"") != std::string::npos) return 80;
  }
  if (index) return 60;
  return 0;
}

void read_discord(const Archive& in, Sink& out, Log& log) { run_rules(discord::rules, in, out, log); }

}  // namespace dataport
