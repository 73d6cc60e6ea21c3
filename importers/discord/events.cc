// Discord: the activity files, activity/{analytics,modeling,reporting,tns}/events-*.json: what
// Discord tracks, one JSON event a line, hundreds of MB to GB, streamed line by line
// (docs/formats/discord.md says which events become which kind, and why).

#include <map>
#include <set>

#include "importers/discord/discord.h"
#include "lib/error.h"
#include "lib/json.h"
#include "lib/text.h"

namespace dataport::discord {
namespace {

// Sign-ins, sessions, registrations and app starts: the events that say from where and on what
// the account was used.
bool is_login(std::string_view type) {
  static const std::set<std::string, std::less<>> types = {
      "login_successful", "login_success", "login_succeeded", "login_attempted", "login_failed", "user_login",
      "login", "logout", "register", "register_attempted", "register_succeeded", "session_start",
      "session_start_success", "session_start_client", "session_end", "app_opened", "app_launched",
      "mfa_login_successful", "authorized_app_login"};
  return types.count(type) > 0;
}

// Programs Discord saw running on the person's device (its game and activity detection).
bool is_detection(std::string_view type) {
  return type.find("game") != std::string_view::npos || type == "application_opened" || type == "activity_updated" ||
         type == "launch_application";
}

// "Lyon, ARA, FR" from the event's city, region and country.
std::string location_of(JsonElement ev) {
  std::string out;
  for (std::string_view k : {"city", "region_code", "country_code"}) {
    std::string v = json_text_any(ev, {k});
    if (!v.empty()) out += (out.empty() ? "" : ", ") + v;
  }
  return out;
}

struct Counts {
  int64_t lines = 0, bad = 0;
  std::map<std::string, int64_t> by_kind;
};

void add_event(ImportContext& c, const Entry& e, JsonElement ev, std::string_view line, int64_t line_no, Counts& n) {
  if (!ev.is_object()) throw Error(c.in.where(e) + " line " + std::to_string(line_no), "an event is not a JSON object");
  std::string ptr = "line " + std::to_string(line_no);
  std::string type = json_text_any(ev, {"event_type"}), id = json_text_any(ev, {"event_id"});
  std::optional<Timestamp> when = parse_discord_time(json_text_any(ev, {"timestamp"}));
  if (!when) when = parse_discord_time(json_text_any(ev, {"day", "day_pt"}));
  std::string key = id.empty() ? "line:" + std::string(line) : id;

  // The output of Discord's age and gender models: one inference per predicted_* member.
  simdjson::dom::object obj = ev.get_object().value();
  bool predicted = false;
  for (auto [k, v] : obj) {
    std::string_view name = k;
    if (!name.starts_with("predicted_")) continue;
    std::string value = json_text(v);
    if (value.empty()) continue;
    predicted = true;
    Record r = c.record("inference", "model:" + std::string(name) + ":" + key, e, ptr);
    if (when) set_time(r, *when);
    r.data["category"] = std::string(name);
    r.data["value"] = value;
    std::string p = json_text_any(ev, {"probability"});
    r.data["description"] = "estimated by a Discord model" + (p.empty() ? "" : " (probability " + p + ")");
    r.data["raw"] = to_nlohmann(ev);
    r.data["raw"]["category"] = "discord models";
    c.out.add(std::move(r));
    ++n.by_kind["inference"];
  }
  if (predicted) return;

  std::string app = json_text_any(ev, {"game", "game_name", "application_name", "activity_name"});
  if (is_login(type)) {
    Record r = c.record("login", "event:" + key, e, ptr);
    if (when) set_time(r, *when);
    json& d = r.data;
    d["method"] = type;
    put(d, "ip", json_text_any(ev, {"ip"}));
    put(d, "user_agent", json_text_any(ev, {"browser_user_agent"}));
    std::string device = json_text_any(ev, {"device"});
    if (device.empty()) device = std::string(trim(json_text_any(ev, {"os"}) + " " + json_text_any(ev, {"os_version"})));
    put(d, "device", device);
    put(d, "location", location_of(ev));
    put(d, "app", json_text_any(ev, {"browser"}));
    d["raw"] = to_nlohmann(ev);
    c.out.add(std::move(r));
    ++n.by_kind["login"];
  } else if (!app.empty() && is_detection(type)) {
    Record r = c.record("off_platform", "event:" + key, e, ptr);
    if (when) set_time(r, *when);
    r.data["app"] = app;
    r.data["event"] = type;
    r.data["raw"] = to_nlohmann(ev);
    c.out.add(std::move(r));
    ++n.by_kind["off_platform"];
  } else {
    Record r = c.record("activity", "event:" + key, e, ptr);
    if (when) set_time(r, *when);
    r.data["action"] = type.empty() ? "unknown" : type;
    put(r.data, "name", app);
    r.data["raw"] = to_nlohmann(ev);
    c.out.add(std::move(r));
    ++n.by_kind["activity"];
  }
}

}  // namespace

Verdict read_events(ImportContext& c, const Entry& e) {
  Counts n;
  std::string where = c.in.where(e);
  auto stream = c.in.open(e);
  LineReader lines(*stream);
  std::string line;
  while (lines.next(line)) {
    std::string_view text = trim(n.lines == 0 ? strip_bom(line) : std::string_view(line));
    if (text.empty()) continue;
    ++n.lines;
    int64_t no = lines.line_number();
    try {
      if (lines.truncated()) throw Error(where + " line " + std::to_string(no), "an event longer than the line limit");
      add_event(c, e, c.parser.parse(text, where + " line " + std::to_string(no)), text, no, n);
    } catch (const Error& err) {
      ++n.bad;
      c.log.warn(where + " line " + std::to_string(no), err.message());
    }
  }
  if (n.lines && n.bad == n.lines) throw Error(where, "no line is a JSON event");
  std::string note = std::to_string(n.lines) + " events";
  for (auto& [kind, count] : n.by_kind) note += ", " + std::to_string(count) + " " + kind;
  if (n.bad) {
    note += ", " + std::to_string(n.bad) + " lines unreadable";
    c.log.partial(where, std::to_string(n.bad) + " lines could not be read");
  }
  return {n.bad ? Fate::partial : Fate::parsed, note};
}

}  // namespace dataport::discord
