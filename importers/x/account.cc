// X account, people and advertising (see importers/x/x.cc for the checklist): account.js,
// profile.js, phone-number.js, screen-name-change.js, follower.js, following.js, block.js, mute.js,
// lists-*.js, personalization.js, ad-impressions.js, ad-engagements.js, ip-audit.js.

#include "importers/x/x.h"
#include "lib/html.h"
#include "lib/model.h"
#include "lib/text.h"

namespace dataport::x {
namespace {

void relation_item(ImportContext& c, const Entry& e, JsonElement item, const std::string& ptr, const char* relation) {
  JsonElement p;
  if (!json_any(item, {"follower", "following", "blocking", "muting"}, p)) p = item;
  std::string id = json_text_any(p, {"accountId"});
  if (id.empty()) return c.log.warn(where(c, e, ptr), "account without an accountId: skipped");
  Record r = make_record("contact", platform, std::string(relation) + ":" + id, e.path, ptr);
  r.data["relation"] = relation;
  std::string link = json_text_any(p, {"userLink"});
  r.data["url"] = link.empty() ? "https://twitter.com/intent/user?user_id=" + id : link;
  r.data["raw"] = {{"account_id", id}};
  c.out.add(std::move(r));
}

void list_item(ImportContext& c, const Entry& e, JsonElement item, const std::string& ptr, const char* role) {
  std::string url = json_path(item, {"userListInfo", "url"});
  if (url.empty()) return c.log.warn(where(c, e, ptr), "list without a url: skipped");
  Record r = make_record("group", platform, std::string("list:") + role + ":" + url, e.path, ptr);
  r.data["url"] = url;
  put(r.data, "name", basename(url));
  r.data["role"] = role;
  r.data["type"] = "list";
  c.out.add(std::move(r));
}

void account_item(ImportContext& c, const Entry& e, JsonElement item, const std::string&) {
  JsonElement a = item;
  json_member(item, "account", a);
  std::string id = json_text_any(a, {"accountId"}), user = json_text_any(a, {"username"});
  State& s = state(c);
  json& p = s.profile;
  if (!id.empty()) s.account_id = id;
  if (!user.empty()) s.username = user;
  put(p, "username", user);
  put(p, "name", json_text_any(a, {"accountDisplayName"}));
  std::string email = json_text_any(a, {"email"});
  if (!email.empty()) p["emails"] = json::array({{{"address", email}}});
  std::string phone = json_text_any(a, {"phoneNumber"});  // 2019 archives keep it here
  if (!phone.empty()) p["phones"] = json::array({{{"number", phone}}});
  if (auto t = x_time(json_text_any(a, {"createdAt"}))) p["registered_at"] = format_rfc3339(*t);
  put(p["raw"], "created_via", json_text_any(a, {"createdVia"}));
  put(p["raw"], "account_id", id);
  s.profile_path = e.path;
}

void profile_item(ImportContext& c, const Entry&, JsonElement item, const std::string&) {
  JsonElement p = item;
  json_member(item, "profile", p);
  put(state(c).profile, "summary", json_path(p, {"description", "bio"}));
  put(state(c).profile, "location", json_path(p, {"description", "location"}));
  std::string site = json_path(p, {"description", "website"});
  if (!site.empty()) state(c).profile["websites"] = json::array({site});
  // profile_media/<accountId>-<name>: the avatar's name ends its avatarMediaUrl.
  for (const char* key : {"avatarMediaUrl", "headerMediaUrl"}) {
    std::string url = json_text_any(p, {key});
    if (url.empty()) continue;
    const char* field = key[0] == 'a' ? "avatar" : "header";
    std::string_view name = basename(url);
    name = name.substr(0, name.rfind('.'));
    for (StoredMedia* m : state(c).profile_media) {
      std::string_view file = basename(m->entry->path);
      file = file.substr(file.find('-') + 1);
      if (file.substr(0, file.rfind('.')) == name) state(c).profile[field] = c.media.use(*m);
    }
    if (!state(c).profile.contains(field)) put(state(c).profile, (std::string(field) + "_url").c_str(), url);
  }
}

void phone_item(ImportContext& c, const Entry&, JsonElement item, const std::string&) {
  std::string number = json_path(item, {"device", "phoneNumber"});
  if (!number.empty()) state(c).profile["phones"] = json::array({{{"number", number}}});
}

void screen_name_change_item(ImportContext& c, const Entry& e, JsonElement item, const std::string& ptr) {
  JsonElement s = item, change;
  json_member(item, "screenNameChange", s);
  if (!json_member(s, "screenNameChange", change)) change = s;
  std::string from = json_text_any(change, {"changedFrom"}), to = json_text_any(change, {"changedTo"});
  std::string at = json_text_any(change, {"changedAt"});
  Record r = make_record("activity", platform, "screen_name_change:" + at + ":" + from + ":" + to, e.path, ptr);
  if (auto t = x_time(at)) set_time(r, *t);
  r.data["action"] = "username_change";
  put(r.data, "text", from + " -> " + to);
  r.data["raw"] = {{"changed_from", from}, {"changed_to", to}};
  if (!from.empty()) state(c).handles.push_back(json{{"username", from}});
  c.out.add(std::move(r));
}

void add_inference(ImportContext& c, const Entry& e, const std::string& ptr, const std::string& category, const std::string& value,
                   bool disabled = false) {
  if (value.empty()) return;
  Record r = make_record("inference", platform, "inference:" + category + ":" + value, e.path, ptr);
  r.data["category"] = category;
  r.data["value"] = value;
  if (disabled) r.data["disabled"] = true;
  c.out.add(std::move(r));
}

void add_advertiser(ImportContext& c, const Entry& e, const std::string& ptr, const std::string& name, const std::string& relation) {
  if (name.empty() || !state(c).advertisers.insert(relation + ":" + name).second) return;
  Record r = make_record("advertiser", platform, "advertiser:" + relation + ":" + name, e.path, ptr);
  r.data["name"] = name;
  r.data["relation"] = relation;
  c.out.add(std::move(r));
}

void personalization_item(ImportContext& c, const Entry& e, JsonElement item, const std::string& ptr) {
  JsonElement p = item, node, sub;
  json_member(item, "p13nData", p);
  simdjson::dom::array arr;
  if (json_member(p, "demographics", node)) {
    if (json_array(node, "languages", arr))
      for (JsonElement l : arr)
        add_inference(c, e, ptr, "language", json_text_any(l, {"language"}), json_path(l, {"isDisabled"}) == "true");
    add_inference(c, e, ptr, "gender", json_path(node, {"genderInfo", "gender"}));
  }
  if (json_member(p, "interests", node)) {
    if (json_array(node, "interests", arr))
      for (JsonElement i : arr)
        add_inference(c, e, ptr, "interest", json_text_any(i, {"name"}), json_path(i, {"isDisabled"}) == "true");
    if (json_array(node, "partnerInterests", arr))
      for (JsonElement i : arr) add_inference(c, e, ptr, "partner_interest", json_text(i).empty() ? json_text_any(i, {"name"}) : json_text(i));
    if (json_array(node, "shows", arr))
      for (JsonElement s : arr) add_inference(c, e, ptr, "show", json_text(s));
    if (json_member(node, "audienceAndAdvertisers", sub)) {
      add_inference(c, e, ptr, "audience_count", json_text_any(sub, {"numAudiences"}));
      static const std::pair<const char*, const char*> lists[] = {{"advertisers", "audience"},
                                                                  {"lookalikeAdvertisers", "lookalike_audience"},
                                                                  {"doNotReachAdvertisers", "do_not_reach"},
                                                                  {"catalogAudienceAdvertisers", "catalog_audience"}};
      for (auto [key, relation] : lists)
        if (json_array(sub, key, arr))
          for (JsonElement a : arr) add_advertiser(c, e, ptr, json_text(a), relation);
    }
  }
  if (json_array(p, "locationHistory", arr))
    for (JsonElement l : arr) add_inference(c, e, ptr, "location", json_text(l));
  if (json_member(p, "inferredAgeInfo", node)) {
    if (json_array(node, "age", arr))
      for (JsonElement a : arr) add_inference(c, e, ptr, "age", json_text(a));
    add_inference(c, e, ptr, "birth_date", json_text_any(node, {"birthDate"}));
  }
}

void add_ad(ImportContext& c, const Entry& e, const std::string& ptr, JsonElement imp, const char* action, const std::string& when,
            const std::string& engagement) {
  std::string advertiser = json_path(imp, {"advertiserInfo", "advertiserName"});
  std::string handle = json_path(imp, {"advertiserInfo", "screenName"});
  std::string tweet = json_path(imp, {"promotedTweetInfo", "tweetId"});
  Record r = make_record("activity", platform,
                         std::string(action) + ":" + when + ":" + tweet + ":" + advertiser + ":" + engagement, e.path, ptr);
  if (auto t = x_time(when)) set_time(r, *t);
  r.data["action"] = action;
  put(r.data, "organization", advertiser);
  put(r.data, "text", unescape(json_path(imp, {"promotedTweetInfo", "tweetText"})));
  if (!tweet.empty()) r.data["url"] = status_url("", tweet);
  simdjson::dom::array arr;
  JsonElement info;
  if (json_array(imp, "matchedTargetingCriteria", arr)) {
    json targeting = json::array();
    for (JsonElement m : arr) {
      json one = json::object();
      put(one, "type", json_text_any(m, {"targetingType"}));
      put(one, "value", json_text_any(m, {"targetingValue"}));
      targeting.push_back(std::move(one));
    }
    if (!targeting.empty()) r.data["targeting"] = std::move(targeting);
  }
  json raw = json::object();
  put(raw, "advertiser_screen_name", handle);
  put(raw, "display_location", json_text_any(imp, {"displayLocation"}));
  put(raw, "os_type", json_path(imp, {"deviceInfo", "osType"}));
  put(raw, "engagement_type", engagement);
  if (json_member(imp, "promotedTweetInfo", info) && json_array(info, "urls", arr) && arr.size() > 0)
    raw["urls"] = json_texts(arr);
  if (!raw.empty()) r.data["raw"] = std::move(raw);
  c.out.add(std::move(r));
  add_advertiser(c, e, ptr, advertiser.empty() ? handle : advertiser, "ads_shown");
}

void ads_item(ImportContext& c, const Entry& e, JsonElement item, const std::string& ptr) {
  JsonElement data, node;
  if (!json_member(item, "ad", data) || !json_member(data, "adsUserData", data))
    return c.log.warn(where(c, e, ptr), "ad item without adsUserData: skipped");
  simdjson::dom::array arr, eng;
  if (json_member(data, "adImpressions", node) && json_array(node, "impressions", arr))
    for (JsonElement imp : arr) add_ad(c, e, ptr, imp, "ad_impression", json_text_any(imp, {"impressionTime"}), "");
  if (json_member(data, "adEngagements", node) && json_array(node, "engagements", arr))
    for (JsonElement en : arr) {
      JsonElement imp;
      if (!json_member(en, "impressionAttributes", imp)) continue;
      if (json_array(en, "engagementAttributes", eng))
        for (JsonElement a : eng)
          add_ad(c, e, ptr, imp, "ad_engagement", json_text_any(a, {"engagementTime"}), json_text_any(a, {"engagementType"}));
    }
}

void ip_audit_item(ImportContext& c, const Entry& e, JsonElement item, const std::string& ptr) {
  JsonElement a = item;
  json_member(item, "ipAudit", a);
  std::string ip = json_text_any(a, {"loginIp"}), at = json_text_any(a, {"createdAt"});
  Record r = make_record("login", platform, "login:" + at + ":" + ip, e.path, ptr);
  if (auto t = x_time(at)) set_time(r, *t);
  put(r.data, "ip", ip);
  std::string port = json_text_any(a, {"loginPortNumber"});
  if (!port.empty()) r.data["raw"] = {{"port", port}};
  c.out.add(std::move(r));
}

}  // namespace

Verdict read_account(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "account", [&](JsonElement i, const std::string& p) { account_item(c, e, i, p); });
}
Verdict read_profile(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "profile", [&](JsonElement i, const std::string& p) { profile_item(c, e, i, p); });
}
Verdict read_phone(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "phone_number", [&](JsonElement i, const std::string& p) { phone_item(c, e, i, p); });
}
Verdict read_screen_name_changes(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "screen_name_change", [&](JsonElement i, const std::string& p) { screen_name_change_item(c, e, i, p); });
}
Verdict read_followers(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "follower", [&](JsonElement i, const std::string& p) { relation_item(c, e, i, p, "follower"); });
}
Verdict read_following(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "following", [&](JsonElement i, const std::string& p) { relation_item(c, e, i, p, "following"); });
}
Verdict read_blocks(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "block", [&](JsonElement i, const std::string& p) { relation_item(c, e, i, p, "blocked"); });
}
Verdict read_mutes(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "mute", [&](JsonElement i, const std::string& p) { relation_item(c, e, i, p, "muted"); });
}
Verdict read_lists_created(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "lists_created", [&](JsonElement i, const std::string& p) { list_item(c, e, i, p, "owner"); });
}
Verdict read_lists_member(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "lists_member", [&](JsonElement i, const std::string& p) { list_item(c, e, i, p, "member"); });
}
Verdict read_lists_subscribed(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "lists_subscribed", [&](JsonElement i, const std::string& p) { list_item(c, e, i, p, "subscriber"); });
}
Verdict read_personalization(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "personalization", [&](JsonElement i, const std::string& p) { personalization_item(c, e, i, p); });
}
Verdict read_ad_impressions(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "ad_impressions", [&](JsonElement i, const std::string& p) { ads_item(c, e, i, p); });
}
Verdict read_ad_engagements(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "ad_engagements", [&](JsonElement i, const std::string& p) { ads_item(c, e, i, p); });
}
Verdict read_ip_audit(ImportContext& c, const Entry& e) {
  return scan_ytd(c, e, "ip_audit", [&](JsonElement i, const std::string& p) { ip_audit_item(c, e, i, p); });
}

void emit_profile(ImportContext& c) {
  State& s = state(c);
  if (!s.handles.empty()) s.profile["handles"] = s.handles;
  if (s.profile.contains("raw") && s.profile["raw"].empty()) s.profile.erase("raw");
  if (s.profile.empty()) return;
  std::string key = "profile:" + (s.account_id.empty() ? s.username : s.account_id);
  Record r = make_record("profile", platform, key, s.profile_path, "");
  if (!s.username.empty()) s.profile["url"] = "https://x.com/" + s.username;
  r.data = std::move(s.profile);
  c.out.add(std::move(r));
}

}  // namespace dataport::x
