#include "credentials/claims.h"

#include <algorithm>
#include <map>
#include <set>

#include "lib/base.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport {

namespace {

const std::vector<std::string_view> types = {"position", "education", "profile", "account", "verification", "bundle"};

// Copies string fields that are present and not empty; `rename` maps a data field to a claim
// name where the field name would clash with JSON-LD ("type" is @type in every VC).
void copy(json& out, const json& data, std::initializer_list<const char*> fields) {
  for (const char* f : fields) {
    if (!data.contains(f)) continue;
    const json& v = data[f];
    if (v.is_string() && !trim(v.get<std::string>()).empty()) out[f] = std::string(trim(v.get<std::string>()));
    else if (v.is_boolean() || v.is_number()) out[f] = v;
  }
}

void copy_as(json& out, const json& data, const char* field, const char* claim) {
  if (data.contains(field) && data[field].is_string() && !data[field].get<std::string>().empty()) out[claim] = data[field];
}

// An array of objects or strings reduced to strings: emails by address, phones by number.
json strings_of(const json& v, std::initializer_list<const char*> keys, bool confirmed_only = false) {
  json out = json::array();
  if (!v.is_array()) return out;
  for (const auto& e : v) {
    if (e.is_string() && !e.get<std::string>().empty()) {
      out.push_back(e);
    } else if (e.is_object()) {
      if (confirmed_only && e.contains("confirmed") && e["confirmed"] == false) continue;
      for (const char* k : keys)
        if (e.contains(k) && e[k].is_string() && !e[k].get<std::string>().empty()) {
          out.push_back(e[k]);
          break;
        }
    }
  }
  return out;
}

void put_array(json& out, const char* name, json arr) {
  if (!arr.empty()) out[name] = std::move(arr);
}

std::string years(const json& c) {
  std::string s = c.value("start", "");
  std::string e = c.value("end", "");
  if (s.empty() && e.empty()) return "";
  return ", " + (s.empty() ? std::string("?") : s) + " to " + (e.empty() ? std::string("present") : e);
}

ClaimSet start(std::string_view type, const Record& r) {
  ClaimSet c;
  c.type = std::string(type);
  c.platform = r.platform;
  c.record_ids.push_back(r.id);
  if (!r.source.archive.empty()) c.archives.push_back(r.source.archive);
  c.claims["platform"] = r.platform;
  return c;
}

std::optional<ClaimSet> one(std::string_view type, const Record& r, std::string* why) {
  const json& d = r.data;
  ClaimSet c = start(type, r);
  json& k = c.claims;
  if (type == "position") {
    copy(k, d, {"company", "title", "description", "location", "start", "end", "current", "cause"});
    copy_as(k, d, "type", "position_type");
    if (!k.contains("company") || !k.contains("title")) {
      *why = "a position needs a company and a title";
      return std::nullopt;
    }
    c.label = k["title"].get<std::string>() + " at " + k["company"].get<std::string>() + years(k);
  } else if (type == "education") {
    copy(k, d, {"school", "degree", "field", "number", "start", "end", "activities", "notes"});
    copy_as(k, d, "type", "education_type");
    // A course (LinkedIn Courses.csv) has a name (field) and maybe a number, but no school.
    if (!k.contains("school") && !k.contains("field")) {
      *why = "an education record needs a school or a course name";
      return std::nullopt;
    }
    std::string where = k.contains("school") ? k["school"].get<std::string>() : "course " + k["field"].get<std::string>();
    c.label = (k.contains("degree") ? k["degree"].get<std::string>() + ", " : "") + where + years(k);
  } else if (type == "profile") {
    copy(k, d, {"name", "first_name", "last_name", "maiden_name", "headline", "summary", "industry", "location", "birthday"});
    if (!k.contains("name") && (k.contains("first_name") || k.contains("last_name")))
      k["name"] = std::string(trim(k.value("first_name", "") + " " + k.value("last_name", "")));
    put_array(k, "emails", strings_of(d.value("emails", json()), {"address"}));
    put_array(k, "phones", strings_of(d.value("phones", json()), {"number"}));
    put_array(k, "websites", strings_of(d.value("websites", json()), {"url", "address"}));
    if (d.contains("handles") && d["handles"].is_array()) {
      json h = json::array();
      for (const auto& e : d["handles"]) {
        if (e.is_string()) h.push_back(json{{"username", e}});
        else if (e.is_object() && e.contains("username")) {
          json x = json::object();
          copy(x, e, {"service", "username", "url"});
          h.push_back(x);
        }
      }
      put_array(k, "handles", h);
    }
    if (k.size() <= 1) {
      *why = "the profile has no name, headline or contact details";
      return std::nullopt;
    }
    c.label = k.value("name", r.platform + " profile");
  } else if (type == "account") {
    copy(k, d, {"username", "url", "name", "registered_at"});
    if (!k.contains("name") && (d.contains("first_name") || d.contains("last_name")))
      k["name"] = std::string(trim(d.value("first_name", "") + " " + d.value("last_name", "")));
    put_array(k, "emails", strings_of(d.value("emails", json()), {"address"}, true));
    if (!k.contains("username") && !k.contains("url") && !k.contains("emails")) {
      *why = "the profile names no username, url or confirmed email for the account";
      return std::nullopt;
    }
    std::string who = k.value("username", k.contains("emails") ? k["emails"][0].get<std::string>() : k.value("url", ""));
    c.label = r.platform + " account " + who;
  } else if (type == "verification") {
    copy(k, d, {"provider", "status", "document_type", "verified_at", "expires"});
    copy_as(k, d, "type", "verification_type");
    if (!k.contains("verified_at") && r.time) k["verified_at"] = format_iso_precision(*r.time);
    if (!k.contains("verification_type") && !k.contains("provider") && !k.contains("verified_at")) {
      *why = "the verification record says neither what was verified nor when";
      return std::nullopt;
    }
    c.label = r.platform + " verified " + k.value("verification_type", std::string("identity")) +
              (k.contains("verified_at") ? " on " + k["verified_at"].get<std::string>() : "");
  } else {
    throw Error("credential", "unknown credential type \"" + std::string(type) + "\"");
  }
  return c;
}

}  // namespace

const std::vector<std::string_view>& credential_types() { return types; }

bool is_credential_type(std::string_view type) {
  for (auto t : types)
    if (t == type) return true;
  return false;
}

std::vector<std::string> credential_kinds(std::string_view type) {
  if (type == "account") return {"profile"};
  if (type == "bundle") return {};
  return {std::string(type)};
}

std::string vc_type_name(std::string_view type) {
  std::string s(type);
  if (!s.empty()) s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s + "Credential";
}

std::string vct_for(std::string_view type) { return "urn:dataport:vct:" + std::string(type) + ":1"; }

std::vector<ClaimSet> claims_from_records(std::string_view type, const std::vector<Record>& records,
                                          std::vector<std::string>* skipped) {
  if (!is_credential_type(type) || type == "bundle")
    throw Error("credential", "\"" + std::string(type) + "\" credentials are not built from records");
  auto kinds = credential_kinds(type);
  std::vector<ClaimSet> out;
  std::map<std::string, size_t> account_of;  // platform -> index in out (one account per platform)
  for (const Record& r : records) {
    if (r.kind != kinds[0]) continue;
    std::string why;
    auto c = one(type, r, &why);
    if (!c) {
      if (skipped) skipped->push_back(r.platform + " " + r.kind + " " + r.id + ": " + why);
      continue;
    }
    if (type == "account" && account_of.count(r.platform)) {
      // Two exports of one account: merge what the newer one adds.
      ClaimSet& prev = out[account_of[r.platform]];
      for (auto it = c->claims.begin(); it != c->claims.end(); ++it)
        if (!prev.claims.contains(it.key())) prev.claims[it.key()] = it.value();
      prev.record_ids.insert(prev.record_ids.end(), c->record_ids.begin(), c->record_ids.end());
      for (const auto& a : c->archives)
        if (std::find(prev.archives.begin(), prev.archives.end(), a) == prev.archives.end()) prev.archives.push_back(a);
      continue;
    }
    if (type == "account") account_of[r.platform] = out.size();
    out.push_back(std::move(*c));
  }
  return out;
}

ClaimSet bundle_claims(const json& manifest, const std::string& manifest_sha256) {
  ClaimSet c;
  c.type = "bundle";
  c.claims["manifest_sha256"] = manifest_sha256;
  if (manifest.is_object()) {
    if (manifest.contains("model_version") && manifest["model_version"].is_number_integer())
      c.claims["model_version"] = manifest["model_version"];
    if (manifest.contains("records") && manifest["records"].is_number_integer())
      c.claims["record_count"] = manifest["records"];
    else if (manifest.contains("record_count") && manifest["record_count"].is_number_integer())
      c.claims["record_count"] = manifest["record_count"];
    json archives = json::array();
    if (manifest.contains("archives") && manifest["archives"].is_array()) {
      for (const auto& a : manifest["archives"]) {
        json x = json::object();
        std::string sha = a.is_string() ? a.get<std::string>() : a.value("sha256", a.value("archive_sha256", ""));
        if (sha.size() != 64) continue;
        x["archive_sha256"] = sha;
        if (a.is_object()) copy(x, a, {"platform"});
        archives.push_back(x);
        c.archives.push_back(sha);
        if (c.platform.empty() && x.contains("platform")) c.platform = x["platform"];
      }
    }
    put_array(c.claims, "archives", archives);
  }
  c.label = "bundle manifest " + manifest_sha256.substr(0, 12) + "…";
  return c;
}

json takeout_evidence(const ClaimSet& c, const std::string& tool_version) {
  json out = json::array();
  for (const auto& sha : c.archives) {
    json e = json::object();
    e["type"] = json::array({"TakeoutEvidence"});
    if (!c.platform.empty()) e["platform"] = c.platform;
    e["archive_sha256"] = sha;
    if (auto raw = from_hex(sha)) e["digestSRI"] = "sha256-" + base64_encode(*raw);
    e["exported_with"] = "dataport " + tool_version;
    e["statement"] = "Extracted from the holder's own data export (takeout) of " +
                     (c.platform.empty() ? std::string("the platform") : c.platform) +
                     ", identified by its SHA-256. The platform did not sign these claims: they are as "
                     "trustworthy as the export, and the issuer is the holder's own key.";
    out.push_back(e);
  }
  return out;
}

json select_claims(const json& claims, const std::vector<std::string>& select) {
  if (select.empty()) return claims;
  json out = json::object();
  for (const auto& name : select) {
    if (!claims.contains(name)) {
      std::vector<std::string> names;
      for (auto it = claims.begin(); it != claims.end(); ++it) names.push_back(it.key());
      throw Error("credential", "no claim \"" + name + "\" in this credential", "claims: " + join(names, ", "));
    }
    out[name] = claims[name];
  }
  if (claims.contains("platform")) out["platform"] = claims["platform"];
  return out;
}

}  // namespace dataport
