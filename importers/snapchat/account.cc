// Snapchat: locations, the account, the profile Snapchat made, memories, searches, stories
// (docs/formats/snapchat.md).

#include <algorithm>

#include "importers/snapchat/snapchat.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport::snapchat {

// ---- where the person was ----------------------------------------------------------------------

namespace {

void add_inference(ImportContext& c, const Entry& e, const std::string& category, const std::string& value,
                   const std::string& description, JsonElement x, const std::string& ptr) {
  Record r = c.record("inference", category + ":" + description + "\n" + value, e, ptr);
  set_snap_time(r, x);
  r.data["category"] = category;
  r.data["value"] = value;
  r.data["description"] = description;
  if (x.is_object() || x.is_array()) r.data["raw"] = raw_of(x);
  c.out.add(std::move(r));
}

}  // namespace

void add_location(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  if (section == "Location History") {
    std::string when, where;
    if (x.is_array()) {
      simdjson::dom::array a = x.get_array().value();
      if (a.size() >= 2) when = json_text(a.at(0).value()), where = json_text(a.at(1).value());
    } else if (x.is_object()) {
      when = json_text_any(x, {"Time", "Date", "Created"});
      where = json_text_any(x, {"Latitude, Longitude", "Location", "Coordinates"});
    }
    double lat = 0, lon = 0, accuracy = -1;
    auto t = snap_time(when);
    if (!t || !lat_lon(where, lat, lon, accuracy))
      throw Error(c.in.where(e) + " " + ptr, "a location without a readable time and position ('" + when + "', '" + where + "')");
    Record r = c.record("location", "fix:" + when + "\n" + where, e, ptr);
    set_time(r, *t);
    r.data["lat"] = lat;
    r.data["lon"] = lon;
    if (accuracy >= 0) r.data["accuracy"] = accuracy;
    r.data["type"] = "fix";
    c.out.add(std::move(r));
    return;
  }
  std::string desc = "Snapchat's \"" + section + "\"";
  if (x.is_object() && (section.find("Home") == 0 || section.find("Businesses") == 0)) {
    // {Home: "...", Work: "..."} or {<business id>: [...]}: one inference per member.
    simdjson::dom::object obj = x.get_object().value();
    for (auto [k, v] : obj) {
      std::string value = item_text(v);
      if (value.empty()) continue;
      add_inference(c, e, "location", section.find("Home") == 0 ? std::string(k) + ": " + value : value, desc, v,
                    ptr + "/" + std::string(k));
    }
    return;
  }
  std::string value = item_text(x);
  if (value.empty()) return add_generic(c, e, section, x, ptr);
  add_inference(c, e, "location", value, desc, x, ptr);
}

// ---- the account -------------------------------------------------------------------------------

namespace {

void add_login(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  Record r = c.record("login", section + "\n" + key_of(x), e, ptr);
  json& d = r.data;
  if (section == "Login History") {
    set_snap_time(r, x);
    d["method"] = "login";
    put(d, "ip", json_text_any(x, {"IP", "IP Address"}));
    put(d, "location", json_text_any(x, {"Country", "Location"}));
    put(d, "device", text_of(x, {"Device"}));
  } else if (section == "Password Change") {
    set_snap_time(r, x);
    d["method"] = "password_change";
  } else {  // Device History, Device Information
    if (auto t = snap_time(json_text_any(x, {"Start Time", "Date", "Created"}))) set_time(r, *t);
    d["method"] = "device";
    std::vector<std::string> name;
    for (const char* k : {"Make", "Model Name", "Model"}) {
      std::string v = text_of(x, {k});
      if (!v.empty() && std::find(name.begin(), name.end(), v) == name.end()) name.push_back(v);
    }
    put(d, "device", join(name, " "));
  }
  d["raw"] = raw_of(x);
  c.out.add(std::move(r));
}

}  // namespace

void add_account(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  if (section == "Login History" || section == "Device History" || section == "Password Change" ||
      (section == "Device Information" && x.is_object()))
    return add_login(c, e, section, x, ptr);
  if (section == "Basic Information" && x.is_object()) {
    json& d = profile(c, e).data;
    std::string user = json_text_any(x, {"Username"});
    put(d, "username", user);
    if (!user.empty()) {
      d["url"] = "https://www.snapchat.com/add/" + user;
      state(c).me = user;
    }
    put(d, "name", text_of(x, {"Name", "Display Name"}));
    if (auto t = snap_time(json_text_any(x, {"Creation Date", "Creation Time"}))) d["registered_at"] = format_rfc3339(*t);
    put(d, "registration_ip", json_text_any(x, {"Registration IP"}));
    put(d, "location", json_text_any(x, {"Country"}));
    if (auto t = snap_time(json_text_any(x, {"Last Active"}))) d["raw"]["last_active"] = format_rfc3339(*t);
    return;
  }
  add_generic(c, e, section, x, ptr);
}

void add_bitmoji(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  if (section == "Basic Information" && x.is_object()) {
    json& d = profile(c, e).data;
    put(d, "first_name", text_of(x, {"First Name"}));
    put(d, "last_name", text_of(x, {"Last Name"}));
    std::string email = json_text_any(x, {"Email"}), phone = json_text_any(x, {"Phone Number"});
    if (!email.empty() && !d.contains("emails")) d["emails"] = json::array({{{"address", email}}});
    if (!phone.empty() && !d.contains("phones")) d["phones"] = json::array({{{"number", phone}}});
    d["raw"]["bitmoji"] = raw_of(x);
    return;
  }
  if (section == "Analytics" && x.is_object()) {
    profile(c, e).data["raw"]["bitmoji_analytics"] = raw_of(x);
    return;
  }
  add_generic(c, e, section, x, ptr);
}

// ---- what Snapchat made of the person ----------------------------------------------------------

void add_profile_section(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  static const std::map<std::string, std::string, std::less<>> lists = {
      {"Interest Categories", "interest"},          {"Content Categories", "content_interest"},
      {"Content Interests", "content_interest"},    {"Breakdown of Time Spent on App", "time_spent"},
      {"Geographic Information", "location"},       {"Lifestyle Categories", "interest"},
  };
  json& raw = profile(c, e).data["raw"];
  if (section == "App Profile" && x.is_object()) {
    json& d = profile(c, e).data;
    if (!d.contains("location")) put(d, "location", json_text_any(x, {"Country"}));
    if (auto t = snap_time(json_text_any(x, {"Creation Time"})); t && !d.contains("registered_at"))
      d["registered_at"] = format_rfc3339(*t);
    raw["app_profile"] = raw_of(x);
    return;
  }
  if ((section == "Demographics" || section == "Interactions") && x.is_object()) {
    simdjson::dom::object obj = x.get_object().value();
    for (auto [k, v] : obj) {
      std::string key(k);
      std::string category = section == "Demographics" ? "demographic" : snake_case(key.substr(0, key.find(' '))) + "_interaction";
      if (v.is_array()) {
        int64_t i = 0;
        simdjson::dom::array arr = v.get_array().value();
        for (JsonElement one : arr) {
          std::string value = item_text(one);
          if (!value.empty()) add_inference(c, e, category, value, "Snapchat's \"" + key + "\"", one, ptr + "/" + key + "/" + std::to_string(i));
          ++i;
        }
      } else if (std::string value = item_text(v); !value.empty()) {
        add_inference(c, e, category, value, "Snapchat's \"" + key + "\"", v, ptr + "/" + key);
      }
    }
    return;
  }
  if (section == "Statistics" && x.is_object()) {
    raw["statistics"] = raw_of(x);
    return;
  }
  if (section == "Mobile Ad Id") {
    put(raw, "mobile_ad_id", json_text(x));
    return;
  }
  if (section == "Engagement" && x.is_object()) {
    std::string event = text_of(x, {"Event"}), n = json_text_any(x, {"Occurrences"});
    if (!event.empty())
      return add_inference(c, e, "engagement", event + ": " + n, "how many times Snapchat counted this event", x, ptr);
  }
  if (section == "Discover Channels Viewed") {
    std::string name = x.is_object() ? text_of(x, {"Channel Name", "Name"}) : item_text(x);
    if (!name.empty()) {
      Record r = c.record("activity", "discover:" + name + "\n" + key_of(x), e, ptr);
      set_snap_time(r, x);
      r.data["action"] = "view";
      r.data["type"] = "channel";
      r.data["name"] = name;
      if (x.is_object()) r.data["raw"] = raw_of(x);
      c.out.add(std::move(r));
      return;
    }
  }
  if (section == "Ads You Interacted With") {
    std::string name = x.is_object() ? text_of(x, {"Advertiser Name", "Advertiser", "Name"}) : item_text(x);
    if (!name.empty()) {
      Record r = c.record("advertiser", "ad:" + name + "\n" + key_of(x), e, ptr);
      set_snap_time(r, x);
      r.data["name"] = name;
      r.data["relation"] = "interacted";
      put(r.data, "action", x.is_object() ? text_of(x, {"Action", "Interaction"}) : "");
      if (x.is_object()) r.data["raw"] = raw_of(x);
      c.out.add(std::move(r));
      return;
    }
  }
  if (auto l = lists.find(section); l != lists.end()) {
    std::string value = item_text(x);
    if (!value.empty()) return add_inference(c, e, l->second, value, "Snapchat's \"" + section + "\"", x, ptr);
  }
  if (section == "Subscriptions") return add_subscription(c, e, section, x, ptr);
  add_generic(c, e, section, x, ptr);
}

// ---- memories, searches, stories ---------------------------------------------------------------

void add_memory(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  std::string link = json_text_any(x, {"Download Link", "Media Download Url"});
  std::string date = json_text_any(x, {"Date"});
  if (!x.is_object() || (link.empty() && date.empty())) return add_generic(c, e, section, x, ptr);
  std::string mid = query_param(link, "mid");
  if (mid.empty()) mid = query_param(json_text_any(x, {"Media Download Url"}), "mid");
  Record r = c.record("media", "memory:" + (mid.empty() ? date + "\n" + link : mid), e, ptr);
  auto t = snap_time(date);
  if (t) set_time(r, *t);
  json& d = r.data;
  std::string type = lower(json_text_any(x, {"Media Type"}));
  d["type"] = type == "image" || type == "photo" ? "photo" : type;
  d["album"] = "Memories";
  if (t) d["taken_at"] = format_rfc3339(*t);
  double lat = 0, lon = 0, accuracy = -1;
  std::string where = json_text_any(x, {"Location"});
  if (lat_lon(where, lat, lon, accuracy) && !(lat == 0 && lon == 0)) d["lat"] = lat, d["lon"] = lon;
  json files = json::array();
  if (!mid.empty()) {
    index_media(c);
    auto m = state(c).memories.find(mid);
    if (m != state(c).memories.end())
      for (StoredMedia* f : m->second) files.push_back(c.media.use(*f));
  }
  if (files.empty() && !link.empty()) files.push_back({{"url", link}});  // the file was not downloaded
  if (!files.empty()) d["media"] = std::move(files);
  json raw = json::object();
  put(raw, "mid", mid);
  put(raw, "download_link", json_text_any(x, {"Download Link"}));
  put(raw, "media_download_url", json_text_any(x, {"Media Download Url"}));
  put(raw, "location", where);
  if (!raw.empty()) d["raw"] = std::move(raw);
  c.out.add(std::move(r));
}

void add_search(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  std::string query = x.is_object() ? text_of(x, {"Search Term", "Search Query", "Query", "Term"}) : "";
  if (query.empty()) return add_generic(c, e, section, x, ptr);
  Record r = c.record("activity", "search:" + key_of(x), e, ptr);
  set_snap_time(r, x);
  r.data["action"] = "search";
  r.data["query"] = query;
  r.data["raw"] = raw_of(x);
  c.out.add(std::move(r));
}

void add_story(ImportContext& c, const Entry& e, const std::string& section, JsonElement x, const std::string& ptr) {
  std::string who = x.is_object() ? json_text_any(x, {"View", "Story Owner", "Username"}) : "";
  if (section != "Friend and Public Story Views" || who.empty()) return add_generic(c, e, section, x, ptr);
  Record r = c.record("activity", "story_view:" + key_of(x), e, ptr);
  set_snap_time(r, x);
  r.data["action"] = "view";
  r.data["type"] = "story";
  r.data["person"] = person(who);
  r.data["raw"] = raw_of(x);
  c.out.add(std::move(r));
}

}  // namespace dataport::snapchat
