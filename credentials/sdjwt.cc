#include "credentials/sdjwt.h"

#include <algorithm>
#include <map>
#include <set>

#include "credentials/jcs.h"
#include "lib/base.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/text.h"

namespace dataport {

namespace {

const char* const never_disclosed[] = {"iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "status", "aka_vcts"};

std::string random_b64(const Random& random, size_t n) {
  std::string buf(n, '\0');
  random(reinterpret_cast<unsigned char*>(buf.data()), n);
  return base64url_encode(buf);
}

int random_below(const Random& random, int n) {
  unsigned char b = 0;
  random(&b, 1);
  return n <= 0 ? 0 : b % n;
}

struct Issuer {
  const Random& random;
  int max_decoys;
  std::vector<std::string> disclosures;

  std::string disclose(const json& arr) {
    std::string d = base64url_encode(arr.dump());
    disclosures.push_back(d);
    return sd_digest(d);
  }
  // 128-bit salts (RFC 9901 section 9.3), one per claim.
  std::string salt() { return random_b64(random, 16); }

  json conceal(const json& v, bool top) {
    if (v.is_object()) {
      json out = json::object();
      json sd = json::array();
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (top && sd_never_disclosed(it.key())) {
          out[it.key()] = it.value();
          continue;
        }
        if (it.key() == "_sd" || it.key() == "...") throw Error("sd-jwt", "claim name \"" + it.key() + "\" is reserved");
        sd.push_back(disclose(json::array({salt(), it.key(), conceal(it.value(), false)})));
      }
      if (!sd.empty() || max_decoys > 0) {
        int decoys = max_decoys > 0 ? 1 + random_below(random, max_decoys) : 0;
        for (int i = 0; i < decoys; ++i) sd.push_back(base64url_encode(sha256_raw(random_b64(random, 16))));
        std::vector<std::string> sorted = sd.get<std::vector<std::string>>();
        std::sort(sorted.begin(), sorted.end());  // sorted, so the order says nothing
        if (!sorted.empty()) out["_sd"] = sorted;
      }
      return out;
    }
    if (v.is_array()) {
      json out = json::array();
      for (const auto& e : v) out.push_back(json{{"...", disclose(json::array({salt(), conceal(e, false)}))}});
      return out;
    }
    return v;
  }
};

// The payload walk of RFC 9901 section 7.1 step 3, shared by verify and present.
struct Processor {
  struct Disc {
    std::string encoded;
    json content;  // the decoded array
    int uses = 0;
  };
  std::map<std::string, Disc> by_digest;
  std::set<std::string> seen_digests;
  std::vector<DisclosureInfo> found;  // in walk order
  std::string error;
  bool vc = false;

  bool load(const std::vector<std::string>& disclosures) {
    for (const auto& d : disclosures) {
      auto raw = base64url_decode(d);
      if (!raw) return fail("a disclosure is not base64url: " + ellipsize(d, 40));
      json content;
      try {
        content = parse_json_strict(*raw, "disclosure");
      } catch (const Error& e) {
        return fail("a disclosure is not json: " + e.message());
      }
      if (!content.is_array() || (content.size() != 2 && content.size() != 3) || !content[0].is_string())
        return fail("a disclosure is not [salt, value] or [salt, name, value]: " + ellipsize(*raw, 60));
      if (content.size() == 3 && !content[1].is_string()) return fail("a disclosure's claim name is not a string");
      std::string digest = sd_digest(d);
      if (by_digest.count(digest)) return fail("the same disclosure is given twice");
      by_digest[digest] = Disc{d, content, 0};
    }
    return true;
  }

  bool fail(std::string why) {
    if (error.empty()) error = std::move(why);
    return false;
  }

  bool note_digest(const std::string& d) {
    if (!seen_digests.insert(d).second) return fail("digest " + d + " appears more than once");
    return true;
  }

  bool walk(json& v, const std::string& path, int depth) {
    if (depth > 64) return fail("claims nest too deeply");
    if (v.is_object()) {
      json sd = json::array();
      if (v.contains("_sd")) {
        sd = v["_sd"];
        v.erase("_sd");
        if (!sd.is_array()) return fail("_sd is not an array" + where(path));
      }
      // Plaintext members first, so each disclosed value is walked exactly once below.
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (vc && path.empty() && (it.key() == "cnf" || it.key() == "status") && it.value().is_object() &&
            it.value().contains("_sd"))
          return fail("claims inside \"" + it.key() + "\" must not be selectively disclosed");
        std::string child = path.empty() ? it.key() : path + "." + it.key();
        if (!walk(it.value(), child, depth + 1)) return false;
      }
      for (const auto& d : sd) {
        if (!d.is_string()) return fail("an _sd digest is not a string" + where(path));
        std::string digest = d.get<std::string>();
        if (!note_digest(digest)) return false;
        auto it = by_digest.find(digest);
        if (it == by_digest.end()) continue;  // a decoy or an undisclosed claim
        Disc& disc = it->second;
        ++disc.uses;
        if (disc.content.size() != 3) return fail("an _sd digest refers to an array-element disclosure" + where(path));
        std::string name = disc.content[1].get<std::string>();
        if (name == "_sd" || name == "...") return fail("a disclosure uses the reserved name \"" + name + "\"");
        if (v.contains(name)) return fail("disclosure of \"" + name + "\" would override a claim already present" + where(path));
        std::string child = path.empty() ? name : path + "." + name;
        if (vc && path.empty() && sd_never_disclosed(name))
          return fail("\"" + name + "\" must not be selectively disclosed in an SD-JWT VC");
        json value = disc.content[2];
        found.push_back({disc.encoded, child, value});
        if (!walk(value, child, depth + 1)) return false;
        v[name] = std::move(value);
      }
      return true;
    }
    if (v.is_array()) {
      json out = json::array();
      for (auto& e : v) {
        if (e.is_object() && e.size() == 1 && e.contains("...")) {
          if (!e["..."].is_string()) return fail("an array digest is not a string" + where(path));
          std::string digest = e["..."].get<std::string>();
          if (!note_digest(digest)) return false;
          auto it = by_digest.find(digest);
          if (it == by_digest.end()) continue;  // decoy or undisclosed element: dropped
          Disc& disc = it->second;
          ++disc.uses;
          if (disc.content.size() != 2) return fail("an array digest refers to a claim disclosure" + where(path));
          json value = disc.content[1];
          found.push_back({disc.encoded, path, value});
          if (!walk(value, path, depth + 1)) return false;
          out.push_back(std::move(value));
        } else {
          if (!walk(e, path, depth + 1)) return false;
          out.push_back(std::move(e));
        }
      }
      v = std::move(out);
    }
    return true;
  }

  static std::string where(const std::string& path) { return path.empty() ? "" : " (at " + path + ")"; }

  bool all_used() {
    for (const auto& [digest, disc] : by_digest)
      if (disc.uses == 0) {
        std::string raw = base64url_decode(disc.encoded).value_or("");
        return fail("a disclosure is not referenced by the signed payload (forged or from another credential): " +
                    ellipsize(raw, 60));
      }
    return true;
  }
};

VerifyResult failed(VerifyResult v, std::string reason) {
  v.ok = false;
  v.reason = repair_utf8(reason);  // it may quote a holder's bytes; --json output must stay JSON
  return v;
}

// A NumericDate (RFC 7519) in Unix seconds, held to the years 0000-9999 that a time can show:
// a huge or fractional value never overflows the window checks (exp + skew) nor the messages.
std::optional<int64_t> int_claim(const json& p, const char* name) {
  if (!p.is_object() || !p.contains(name) || !p[name].is_number()) return std::nullopt;
  constexpr int64_t lo = -62167219200, hi = 253402300799;  // 0000-01-01, 9999-12-31T23:59:59Z
  const json& n = p[name];
  if (n.is_number_unsigned()) return n.get<uint64_t>() > static_cast<uint64_t>(hi) ? hi : n.get<int64_t>();
  if (n.is_number_integer()) return std::clamp(n.get<int64_t>(), lo, hi);
  double d = n.get<double>();
  return d <= static_cast<double>(lo) ? lo : d >= static_cast<double>(hi) ? hi : static_cast<int64_t>(d);
}

}  // namespace

bool sd_never_disclosed(std::string_view name) {
  for (const char* n : never_disclosed)
    if (name == n) return true;
  return false;
}

std::string sd_digest(std::string_view s) { return base64url_encode(sha256_raw(s)); }

std::string jws_sign(json header, const json& payload, const KeyPair& key) {
  header["alg"] = jws_alg(key.type);
  std::string input = base64url_encode(header.dump()) + "." + base64url_encode(payload.dump());
  return input + "." + base64url_encode(sign(key, input));
}

Jws jws_decode(std::string_view compact, const std::string& where) {
  auto p1 = compact.find('.');
  auto p2 = p1 == std::string_view::npos ? p1 : compact.find('.', p1 + 1);
  if (p2 == std::string_view::npos || compact.find('.', p2 + 1) != std::string_view::npos)
    throw Error(where, "not a compact jws (three dot-separated parts expected)");
  auto h = base64url_decode(compact.substr(0, p1));
  auto p = base64url_decode(compact.substr(p1 + 1, p2 - p1 - 1));
  auto s = base64url_decode(compact.substr(p2 + 1));
  if (!h || !p || !s) throw Error(where, "a jws part is not base64url");
  Jws j;
  j.header = parse_json_strict(*h, where + " header");
  j.payload = parse_json_strict(*p, where + " payload");
  if (!j.header.is_object() || !j.payload.is_object()) throw Error(where, "jws header and payload must be json objects");
  j.signing_input = std::string(compact.substr(0, p2));
  j.signature = *s;
  return j;
}

bool jws_verify(const Jws& jws, const PublicKey& key) {
  std::string alg = string_member(jws.header, "alg");
  bool fits = (key.type == KeyType::ed25519 && (alg == "EdDSA" || alg == "Ed25519")) ||
              (key.type == KeyType::p256 && alg == "ES256");
  return fits && verify(key, jws.signing_input, jws.signature);
}

std::string SdJwtParts::hashed_part() const {
  std::string s = jwt + "~";
  for (const auto& d : disclosures) s += d + "~";
  return s;
}

SdJwtParts split_sd_jwt(std::string_view token) {
  std::string t(trim(token));
  auto parts = split(t, '~');
  if (parts.size() < 2) throw Error("sd-jwt", "not an sd-jwt: no \"~\" separator");
  if (parts[0].empty()) throw Error("sd-jwt", "not an sd-jwt: the issuer-signed jwt is empty");
  SdJwtParts out;
  out.jwt = parts[0];
  out.kb_jwt = parts.back();
  for (size_t i = 1; i + 1 < parts.size(); ++i) {
    if (parts[i].empty()) throw Error("sd-jwt", "empty disclosure between \"~~\"");
    out.disclosures.push_back(parts[i]);
  }
  return out;
}

std::string sd_jwt_issue(const json& claims, const KeyPair& issuer, const SdJwtIssueOptions& opts, const Random& random) {
  if (!claims.is_object()) throw Error("sd-jwt", "claims must be a json object");
  Issuer is{random, opts.max_decoys, {}};
  json body = claims;
  for (const char* n : never_disclosed) body.erase(n);
  body.erase("iat");
  json payload = is.conceal(body, true);
  if (!opts.iss.empty()) payload["iss"] = opts.iss;
  if (opts.iat) payload["iat"] = *opts.iat;
  if (opts.nbf) payload["nbf"] = *opts.nbf;
  if (opts.exp) payload["exp"] = *opts.exp;
  if (!opts.vct.empty()) payload["vct"] = opts.vct;
  if (opts.holder) payload["cnf"] = json{{"jwk", public_jwk(*opts.holder)}};
  if (payload.contains("_sd")) payload["_sd_alg"] = "sha-256";
  json header{{"typ", "dc+sd-jwt"}};
  if (!opts.kid.empty()) header["kid"] = opts.kid;
  std::string out = jws_sign(header, payload, issuer) + "~";
  for (const auto& d : is.disclosures) out += d + "~";
  return out;
}

std::vector<DisclosureInfo> sd_jwt_disclosures(std::string_view token) {
  SdJwtParts parts = split_sd_jwt(token);
  Jws jws = jws_decode(parts.jwt, "sd-jwt");
  Processor pr;
  if (!pr.load(parts.disclosures) || !pr.walk(jws.payload, "", 0) || !pr.all_used())
    throw Error("sd-jwt", pr.error);
  return pr.found;
}

std::string sd_jwt_present(std::string_view token, const SdJwtPresentOptions& opts) {
  SdJwtParts parts = split_sd_jwt(token);
  auto infos = sd_jwt_disclosures(token);
  std::set<std::string> keep;
  for (const auto& want : opts.disclose) {
    bool any = false;
    for (const auto& d : infos) {
      // The claim itself, everything under it, and every parent it needs to be reachable.
      bool self_or_below = d.path == want || d.path.rfind(want + ".", 0) == 0;
      bool parent = want.rfind(d.path + ".", 0) == 0;
      if (self_or_below) any = true;
      if (self_or_below || parent) keep.insert(d.encoded);
    }
    if (!any) {
      std::set<std::string> names;
      for (const auto& d : infos) names.insert(d.path);
      throw Error("sd-jwt", "no disclosable claim \"" + want + "\"", "claims: " + join({names.begin(), names.end()}, ", "));
    }
  }
  SdJwtParts out;
  out.jwt = parts.jwt;
  for (const auto& d : parts.disclosures)
    if (keep.count(d)) out.disclosures.push_back(d);
  std::string presented = out.hashed_part();
  if (!opts.holder) return presented;
  Jws issued = jws_decode(parts.jwt, "sd-jwt");
  if (!issued.payload.contains("cnf") || !issued.payload["cnf"].contains("jwk"))
    throw Error("sd-jwt", "the credential has no holder key (cnf.jwk): it cannot carry key binding");
  PublicKey bound = public_from_jwk(issued.payload["cnf"]["jwk"], "cnf.jwk");
  if (bound.type != opts.holder->type || bound.bytes != opts.holder->pub.bytes)
    throw Error("sd-jwt", "the holder key is not the key the credential is bound to (cnf.jwk)");
  json kb{{"iat", opts.iat}, {"aud", opts.aud}, {"nonce", opts.nonce}, {"sd_hash", sd_digest(presented)}};
  return presented + jws_sign(json{{"typ", "kb+jwt"}}, kb, *opts.holder);
}

VerifyResult sd_jwt_verify(std::string_view token, const PublicKey& issuer, const SdJwtVerifyOptions& opts) {
  VerifyResult v;
  SdJwtParts parts;
  Jws jws;
  try {
    parts = split_sd_jwt(token);
    jws = jws_decode(parts.jwt, "issuer-signed jwt");
  } catch (const Error& e) {
    return failed(v, e.message());
  }
  std::string alg = string_member(jws.header, "alg");
  if (alg.empty() || alg == "none") return failed(v, "the issuer jwt is unsigned (alg \"" + alg + "\")");
  if (opts.vc) {
    std::string typ = string_member(jws.header, "typ");
    if (typ == "vc+sd-jwt") return failed(v, "typ \"vc+sd-jwt\" is the pre-2024 value; an sd-jwt vc needs \"dc+sd-jwt\"");
    if (typ != "dc+sd-jwt") return failed(v, "typ is \"" + typ + "\", not \"dc+sd-jwt\"");
  }
  if (!jws_verify(jws, issuer)) return failed(v, "the issuer signature does not match: the jwt was changed or signed by another key");
  v.checks.push_back(std::string("issuer signature valid (") + alg + ")");
  json payload = jws.payload;
  if (payload.contains("_sd_alg") && payload["_sd_alg"] != "sha-256")
    return failed(v, "unsupported _sd_alg " + payload["_sd_alg"].dump());

  Processor pr;
  pr.vc = opts.vc;
  if (!pr.load(parts.disclosures) || !pr.walk(payload, "", 0) || !pr.all_used()) return failed(v, pr.error);
  payload.erase("_sd_alg");
  v.checks.push_back(std::to_string(parts.disclosures.size()) + " disclosures, each referenced once, digests unique");

  auto exp = int_claim(payload, "exp"), nbf = int_claim(payload, "nbf");
  if (payload.contains("exp") && !exp) return failed(v, "exp is not a number");
  if (payload.contains("nbf") && !nbf) return failed(v, "nbf is not a number");
  if (exp && opts.now > *exp + opts.skew) return failed(v, "expired at " + format_rfc3339(from_unix_seconds(*exp)));
  if (nbf && opts.now + opts.skew < *nbf) return failed(v, "not valid before " + format_rfc3339(from_unix_seconds(*nbf)));
  if (opts.vc) {
    if (!payload.contains("vct") || !payload["vct"].is_string() || payload["vct"].get<std::string>().empty())
      return failed(v, "vct is missing");
  }
  v.checks.push_back("time window holds");

  bool need_kb = opts.require_kb || !opts.nonce.empty() || !opts.aud.empty();
  if (parts.kb_jwt.empty()) {
    if (need_kb) return failed(v, "a key binding jwt is required but the presentation has none");
  } else {
    if (!payload.contains("cnf") || !payload["cnf"].is_object() || !payload["cnf"].contains("jwk"))
      return failed(v, "a key binding jwt is present but the credential has no cnf.jwk");
    PublicKey holder;
    Jws kb;
    try {
      holder = public_from_jwk(payload["cnf"]["jwk"], "cnf.jwk");
      kb = jws_decode(parts.kb_jwt, "key binding jwt");
    } catch (const Error& e) {
      return failed(v, describe(e));
    }
    if (string_member(kb.header, "typ") != "kb+jwt") return failed(v, "the key binding jwt typ is not \"kb+jwt\"");
    if (!jws_verify(kb, holder)) return failed(v, "the key binding jwt is not signed by the holder key in cnf.jwk");
    auto iat = int_claim(kb.payload, "iat");
    if (!iat) return failed(v, "the key binding jwt has no iat");
    if (!kb.payload.contains("sd_hash") || kb.payload["sd_hash"] != sd_digest(parts.hashed_part()))
      return failed(v, "the key binding jwt sd_hash does not match the presented disclosures");
    if (!kb.payload.contains("aud") || !kb.payload.contains("nonce")) return failed(v, "the key binding jwt lacks aud or nonce");
    if (!opts.aud.empty() && kb.payload["aud"] != opts.aud)
      return failed(v, "the key binding jwt is for audience " + kb.payload["aud"].dump() + ", not \"" + opts.aud + "\"");
    if (!opts.nonce.empty() && kb.payload["nonce"] != opts.nonce) return failed(v, "the key binding jwt nonce does not match");
    if (*iat > opts.now + opts.skew) return failed(v, "the key binding jwt is issued in the future");
    if (*iat < opts.now - opts.kb_max_age - opts.skew) return failed(v, "the key binding jwt is too old (iat " + format_rfc3339(from_unix_seconds(*iat)) + ")");
    v.checks.push_back("key binding: holder signature, sd_hash, aud, nonce and iat valid");
  }
  v.claims = payload;
  v.ok = true;
  return v;
}

}  // namespace dataport
