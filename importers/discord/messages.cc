// Discord: channels, messages and servers (docs/formats/discord.md).

#include "importers/discord/discord.h"
#include "ingest/csv_table.h"
#include "lib/error.h"
#include "lib/json.h"
#include "lib/text.h"

namespace dataport::discord {
namespace {

// channel.json's `type`: a number until 2023, its name since.
std::string channel_type(const std::string& t) {
  static const std::map<std::string, std::string, std::less<>> names = {
      {"0", "GUILD_TEXT"},          {"1", "DM"},
      {"2", "GUILD_VOICE"},         {"3", "GROUP_DM"},
      {"4", "GUILD_CATEGORY"},      {"5", "GUILD_ANNOUNCEMENT"},
      {"10", "ANNOUNCEMENT_THREAD"}, {"11", "PUBLIC_THREAD"},
      {"12", "PRIVATE_THREAD"},     {"13", "GUILD_STAGE_VOICE"},
      {"14", "GUILD_DIRECTORY"},    {"15", "GUILD_FORUM"},
      {"16", "GUILD_MEDIA"}};
  auto it = names.find(t);
  return it == names.end() ? t : it->second;
}

// Audit log action types (Discord API), the common ones; others keep their number.
std::string audit_action(const std::string& t) {
  static const std::map<std::string, std::string, std::less<>> names = {
      {"1", "guild_update"},        {"10", "channel_create"},       {"11", "channel_update"},
      {"12", "channel_delete"},     {"13", "channel_overwrite_create"}, {"14", "channel_overwrite_update"},
      {"15", "channel_overwrite_delete"}, {"20", "member_kick"},   {"21", "member_prune"},
      {"22", "member_ban_add"},     {"23", "member_ban_remove"},    {"24", "member_update"},
      {"25", "member_role_update"}, {"26", "member_move"},          {"27", "member_disconnect"},
      {"28", "bot_add"},            {"30", "role_create"},          {"31", "role_update"},
      {"32", "role_delete"},        {"40", "invite_create"},        {"41", "invite_update"},
      {"42", "invite_delete"},      {"50", "webhook_create"},       {"51", "webhook_update"},
      {"52", "webhook_delete"},     {"60", "emoji_create"},         {"61", "emoji_update"},
      {"62", "emoji_delete"},       {"72", "message_delete"},       {"73", "message_bulk_delete"},
      {"74", "message_pin"},        {"75", "message_unpin"},        {"80", "integration_create"},
      {"81", "integration_update"}, {"82", "integration_delete"},   {"90", "sticker_create"},
      {"100", "guild_scheduled_event_create"}, {"110", "thread_create"}, {"111", "thread_update"},
      {"112", "thread_delete"},     {"140", "auto_moderation_rule_create"},
      {"143", "auto_moderation_block_message"}};
  auto it = names.find(t);
  return it == names.end() ? "action_" + t : it->second;
}

// One message the person sent, from messages.json or messages.csv.
bool add_message(ImportContext& c, const Entry& e, const std::string& ptr, const std::string& id, const std::string& when,
                 const std::string& contents, const std::string& attachments) {
  if (id.empty()) {
    c.log.warn(c.in.where(e) + " " + ptr, "message without an ID: skipped");
    return false;
  }
  State& s = c.state<State>();
  std::string channel_id = folder_id(e.path);
  Record r = c.record("message", "message:" + id, e, ptr);
  if (auto t = parse_discord_time(when)) set_time(r, *t);
  else if (auto t2 = snowflake_time(id)) set_time(r, *t2);  // the id holds the time to the millisecond
  json& d = r.data;
  d["thread_id"] = channel_id;
  auto ch = s.channels.find(channel_id);
  const Channel* channel = ch == s.channels.end() ? nullptr : &ch->second;
  auto title = s.channel_titles.find(channel_id);
  if (title != s.channel_titles.end()) put(d, "thread_title", title->second);
  else if (channel) put(d, "thread_title", channel->name);
  json from = json::object();
  if (!s.username.empty()) from["username"] = s.username;
  if (!s.name.empty()) from["name"] = s.name;
  if (!s.user_id.empty()) from["url"] = user_url(s.user_id);
  if (!from.empty()) d["from"] = std::move(from);
  d["direction"] = "sent";  // the package holds only what the person sent
  put(d, "text", contents);
  json raw = {{"id", id}};
  std::string guild = "@me";
  if (channel) {
    put(d, "thread_type", channel->type);
    if (!channel->type.empty()) d["group_chat"] = channel->type != "DM";
    if (!channel->guild_id.empty()) {
      guild = channel->guild_id;
      raw["guild_id"] = channel->guild_id;
      put(raw, "guild", channel->guild_name);
    }
    put(raw, "channel", channel->name);
    json to = json::array();
    for (const std::string& u : channel->recipients)
      if (u != s.user_id) to.push_back(user_person(c, u));
    if (!to.empty() && channel->guild_id.empty()) d["to"] = std::move(to);
  }
  raw["url"] = "https://discord.com/channels/" + guild + "/" + channel_id + "/" + id;
  json files = json::array();
  for (const std::string& u : split(attachments, ' '))
    if (!trim(u).empty()) files.push_back({{"url", std::string(trim(u))}});
  if (!files.empty()) d["attachments"] = std::move(files);
  d["raw"] = std::move(raw);
  c.out.add(std::move(r));
  return true;
}

}  // namespace

Verdict read_channel_index(ImportContext& c, const Entry& e) {
  JsonElement doc = c.parser.parse(c.in.read(e), c.in.where(e));
  simdjson::dom::object obj;
  if (doc.get_object().get(obj)) throw Error(c.in.where(e), "index.json is not an object");
  State& s = c.state<State>();
  int64_t n = 0;
  for (auto [key, value] : obj) {
    std::string title = json_text(value);
    if (title == "None") title.clear();  // Discord's placeholder for a channel without a name
    if (!title.empty()) s.channel_titles[std::string(key)] = title;
    ++n;
  }
  return {Fate::parsed, std::to_string(n) + " channel titles"};
}

Verdict read_channel(ImportContext& c, const Entry& e) {
  JsonElement doc = c.parser.parse(c.in.read(e), c.in.where(e));
  if (!doc.is_object()) throw Error(c.in.where(e), "channel.json is not an object");
  std::string id = json_text_any(doc, {"id"});
  if (id.empty()) id = folder_id(e.path);
  Channel ch;
  ch.type = channel_type(json_text_any(doc, {"type"}));
  ch.name = json_text_any(doc, {"name"});
  ch.guild_id = json_path(doc, {"guild", "id"});
  ch.guild_name = json_path(doc, {"guild", "name"});
  simdjson::dom::array arr;
  if (json_array(doc, "recipients", arr))
    for (JsonElement r : arr) {
      std::string u = json_text(r);
      if (u.empty()) u = json_text_any(r, {"id"});
      if (!u.empty()) ch.recipients.push_back(u);
    }
  std::string note = "channel " + id + (ch.type.empty() ? "" : " (" + ch.type + ")");
  // The messages of the folder are read under the folder's id.
  c.state<State>().channels[folder_id(e.path)] = std::move(ch);
  return {Fate::parsed, note};
}

Verdict read_messages_json(ImportContext& c, const Entry& e) {
  if (trim(strip_bom(c.in.head(e, 64))).empty()) return {Fate::parsed, "0 messages (empty file)"};
  int64_t kept = 0;
  ItemsRead r = each_item(
      c.in, c.log, c.parser, e, std::string(),
      [&](JsonElement m, const std::string& ptr) {
        if (!m.is_object()) throw Error(c.in.where(e) + " " + ptr, "a message is not an object");
        kept += add_message(c, e, ptr, json_text_any(m, {"ID", "id"}), json_text_any(m, {"Timestamp", "timestamp"}),
                            json_text_any(m, {"Contents", "contents", "content"}),
                            json_text_any(m, {"Attachments", "attachments"}));
      },
      int64_t{16} << 20);
  if (!r.broken.empty()) return {r.items ? Fate::partial : Fate::failed, r.broken};
  if (!r.found) throw Error(c.in.where(e), "messages.json holds no array of messages");
  int64_t skipped = r.items - kept;
  std::string note = std::to_string(kept) + " messages" + (skipped ? ", " + std::to_string(skipped) + " skipped" : "");
  return {skipped ? Fate::partial : Fate::parsed, note};
}

Verdict read_messages_csv(ImportContext& c, const Entry& e) {
  static const CsvTable table{.required = {"ID", "Timestamp"}, .what = "messages"};
  return read_csv_table(c, e, table, [&](const CsvHeader& h, const std::vector<std::string>& row, CsvRows& t) {
    if (add_message(c, e, t.pointer(), h.get(row, "ID"), h.get(row, "Timestamp"), h.get(row, "Contents"),
                    h.get(row, "Attachments")))
      ++t.records;
    else
      ++t.skipped;
  });
}

Verdict read_server_index(ImportContext& c, const Entry& e) {
  JsonElement doc = c.parser.parse(c.in.read(e), c.in.where(e));
  simdjson::dom::object obj;
  if (doc.get_object().get(obj)) throw Error(c.in.where(e), "servers/index.json is not an object");
  State& s = c.state<State>();
  s.servers_index = e.path;
  for (auto [key, value] : obj) s.servers.emplace_back(std::string(key), json_text(value));
  return {Fate::parsed, std::to_string(s.servers.size()) + " servers"};
}

namespace {
void add_server(ImportContext& c, const std::string& path, const std::string& pointer, const std::string& id,
                const std::string& name) {
  Record r = make_record("group", platform, "server:" + id, path, pointer);
  r.data["name"] = name.empty() ? "server " + id : name;
  r.data["type"] = "server";
  r.data["role"] = "member";
  r.data["url"] = "https://discord.com/channels/" + id;
  r.data["raw"] = {{"id", id}};
  c.out.add(std::move(r));
}
}  // namespace

Verdict read_guild(ImportContext& c, const Entry& e) {
  JsonElement doc = c.parser.parse(c.in.read(e), c.in.where(e));
  if (!doc.is_object()) throw Error(c.in.where(e), "guild.json is not an object");
  State& s = c.state<State>();
  std::string id = json_text_any(doc, {"id"});
  if (id.empty()) id = folder_id(e.path);
  std::string name = json_text_any(doc, {"name"});
  if (name.empty())
    for (auto& [sid, sname] : s.servers)
      if (sid == id) name = sname;
  add_server(c, e.path, "", id, name);
  s.servers_read.insert(id);
  return {Fate::parsed, "server " + id};
}

void finish_servers(ImportContext& c) {
  State& s = c.state<State>();
  for (auto& [id, name] : s.servers)
    if (!s.servers_read.count(id)) add_server(c, s.servers_index, "/" + id, id, name);
}

Verdict read_audit_log(ImportContext& c, const Entry& e) {
  State& s = c.state<State>();
  std::string guild = folder_id(e.path), guild_name;
  for (auto& [sid, sname] : s.servers)
    if (sid == guild) guild_name = sname;
  if (trim(strip_bom(c.in.head(e, 64))).empty()) return {Fate::parsed, "0 audit log entries (empty file)"};
  int64_t kept = 0;
  ItemsRead r = each_item(c.in, c.log, c.parser, e, std::string(), [&](JsonElement a, const std::string& ptr) {
    std::string id = json_text_any(a, {"id"});
    if (id.empty()) throw Error(c.in.where(e) + " " + ptr, "audit log entry without an id");
    Record rec = c.record("activity", "audit:" + id, e, ptr);
    if (auto t = snowflake_time(id)) set_time(rec, *t);
    json& d = rec.data;
    d["action"] = "audit_log";
    d["type"] = audit_action(json_text_any(a, {"action_type"}));
    put(d, "text", json_text_any(a, {"reason"}));
    std::string who = json_text_any(a, {"user_id"});
    if (!who.empty()) d["person"] = user_person(c, who);
    put(d, "name", guild_name);
    d["raw"] = to_nlohmann(a);
    d["raw"]["guild_id"] = guild;
    c.out.add(std::move(rec));
    ++kept;
  });
  if (!r.broken.empty()) return {r.items ? Fate::partial : Fate::failed, r.broken};
  if (!r.found) throw Error(c.in.where(e), "audit-log.json holds no array");
  return {r.bad ? Fate::partial : Fate::parsed, std::to_string(kept) + " audit log entries"};
}

}  // namespace dataport::discord
