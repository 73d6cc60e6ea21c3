#include <catch2/catch.hpp>

#include <set>

#include "credentials/claims.h"
#include "credentials/vc.h"
#include "lib/error.h"

using namespace dataport;

namespace {

Record rec(const char* kind, const char* platform, const char* key, json data) {
  Record r = make_record(kind, platform, key, "x.csv", "line 2");
  r.source.archive = std::string(64, 'b');
  r.data = std::move(data);
  return r;
}

// Every property name used in a credential (outside @context), at any depth.
void names(const json& v, std::set<std::string>& out) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (it.key() == "@context") continue;
      out.insert(it.key());
      names(it.value(), out);
    }
  } else if (v.is_array()) {
    for (const auto& e : v) names(e, out);
  }
}

}  // namespace

TEST_CASE("claims come from records, under schema names, type renamed away from JSON-LD's @type", "[claims]") {
  std::vector<Record> rs = {
      rec("position", "linkedin", "p1", {{"company", "Acme Ltd"}, {"title", "Engineer"}, {"start", "2019-03"},
                                         {"end", "2023-06"}, {"type", "job"}, {"description", ""}}),
      rec("position", "linkedin", "p2", {{"company", "No Title Inc"}}),
      rec("education", "linkedin", "e1", {{"school", "Université de Lyon"}, {"degree", "MSc"}, {"start", "2014"}}),
      rec("education", "linkedin", "c1", {{"field", "Compilers"}, {"number", "CS-451"}, {"type", "course"}}),
      rec("education", "linkedin", "c2", {{"notes", "neither school nor course name"}}),
      rec("verification", "linkedin", "v1", {{"type", "identity"}, {"provider", "CLEAR"}, {"verified_at", "2024-02-03"}}),
  };
  std::vector<std::string> skipped;
  auto pos = claims_from_records("position", rs, &skipped);
  REQUIRE(pos.size() == 1);
  CHECK(pos[0].claims == json{{"platform", "linkedin"}, {"company", "Acme Ltd"}, {"title", "Engineer"},
                              {"start", "2019-03"}, {"end", "2023-06"}, {"position_type", "job"}});
  CHECK(pos[0].label == "Engineer at Acme Ltd, 2019-03 to 2023-06");
  CHECK(pos[0].archives == std::vector<std::string>{std::string(64, 'b')});
  REQUIRE(skipped.size() == 1);
  CHECK_THAT(skipped[0], Catch::Contains("company and a title"));

  skipped.clear();
  auto edu = claims_from_records("education", rs, &skipped);
  REQUIRE(edu.size() == 2);
  CHECK(edu[0].claims["school"] == "Université de Lyon");
  CHECK(edu[1].claims == json{{"platform", "linkedin"}, {"field", "Compilers"}, {"number", "CS-451"}, {"education_type", "course"}});
  CHECK(edu[1].label == "course Compilers");
  CHECK(skipped.size() == 1);
  auto ver = claims_from_records("verification", rs);
  REQUIRE(ver.size() == 1);
  CHECK(ver[0].claims["verification_type"] == "identity");
  CHECK_FALSE(ver[0].claims.contains("type"));
  CHECK_THROWS_AS(claims_from_records("bundle", rs), Error);
}

TEST_CASE("one account credential per platform, from confirmed emails and usernames", "[claims]") {
  std::vector<Record> rs = {
      rec("profile", "linkedin", "self", {{"first_name", "Ada"}, {"last_name", "Example"},
                                          {"emails", json::array({json{{"address", "ada@example.com"}, {"confirmed", true}},
                                                                  json{{"address", "old@example.com"}, {"confirmed", false}}})},
                                          {"registered_at", "2011-05-04T10:00:00Z"}}),
      rec("profile", "x", "self", {{"username", "ada_x"}, {"name", "Ada"}}),
      rec("profile", "x", "self2", {{"username", "ada_x"}, {"registered_at", "2012-01-01T00:00:00Z"}}),
      rec("profile", "facebook", "self", {{"headline", "nothing to identify the account"}}),
  };
  std::vector<std::string> skipped;
  auto acc = claims_from_records("account", rs, &skipped);
  REQUIRE(acc.size() == 2);
  CHECK(acc[0].claims["emails"] == json::array({"ada@example.com"}));
  CHECK(acc[0].claims["name"] == "Ada Example");
  CHECK(acc[1].claims["username"] == "ada_x");
  CHECK(acc[1].claims["registered_at"] == "2012-01-01T00:00:00Z");  // merged from the second export
  CHECK(acc[1].record_ids.size() == 2);
  CHECK(skipped.size() == 1);

  auto prof = claims_from_records("profile", rs);
  REQUIRE(prof.size() >= 1);
  CHECK(prof[0].claims["emails"] == json::array({"ada@example.com", "old@example.com"}));
}

TEST_CASE("every term in an issued credential is defined by a context", "[claims][vc]") {
  // Terms of the VC 2.0 context that dataport uses, plus the JSON-LD keywords' aliases.
  std::set<std::string> defined = {"id", "type", "name", "description", "digestSRI", "issuer", "validFrom",
                                   "validUntil", "credentialSubject", "evidence", "proof"};
  json ctx = dataport_context();
  for (auto it = ctx.begin(); it != ctx.end(); ++it) defined.insert(it.key());
  std::vector<Record> rs = {
      rec("position", "linkedin", "p", {{"company", "A"}, {"title", "B"}, {"location", "C"}, {"current", true},
                                        {"type", "volunteer"}, {"cause", "D"}, {"description", "E"}}),
      rec("education", "linkedin", "e", {{"school", "S"}, {"degree", "D"}, {"field", "F"}, {"activities", "A"},
                                         {"notes", "N"}, {"type", "course"}, {"end", "2020"}, {"number", "1"}}),
      rec("profile", "linkedin", "self", {{"name", "N"}, {"first_name", "F"}, {"last_name", "L"}, {"maiden_name", "M"},
                                          {"headline", "H"}, {"summary", "S"}, {"industry", "I"}, {"location", "L"},
                                          {"birthday", "1990-01-01"}, {"emails", json::array({json{{"address", "a@b"}}})},
                                          {"phones", json::array({json{{"number", "1"}}})}, {"websites", json::array({"w"})},
                                          {"handles", json::array({json{{"service", "twitter"}, {"username", "u"}}})},
                                          {"username", "u"}, {"url", "https://x"}, {"registered_at", "2020"}}),
      rec("verification", "linkedin", "v", {{"type", "t"}, {"provider", "p"}, {"status", "s"}, {"document_type", "d"},
                                            {"verified_at", "2024"}, {"expires", "2030"}}),
  };
  for (const char* type : {"position", "education", "profile", "account", "verification"}) {
    INFO(type);
    auto sets = claims_from_records(type, rs);
    REQUIRE(sets.size() == 1);
    json vc = make_credential(vc_type_name(type), "did:key:z6Mk", sets[0].claims, "2026-01-01T00:00:00Z", "",
                              takeout_evidence(sets[0], "0.1.0"));
    CHECK(defined.count(vc["type"][1].get<std::string>()));
    std::set<std::string> used;
    names(vc, used);
    for (const auto& n : used) {
      INFO(n);
      CHECK(defined.count(n));
    }
  }
  ClaimSet b = bundle_claims(json{{"model_version", 1}, {"records", 42},
                                  {"archives", json::array({json{{"sha256", std::string(64, 'c')}, {"platform", "x"}}})}},
                             std::string(64, 'd'));
  CHECK(b.claims["record_count"] == 42);
  CHECK(b.archives.size() == 1);
  std::set<std::string> used;
  names(make_credential("BundleCredential", "did:key:z6Mk", b.claims, "2026-01-01T00:00:00Z", "", takeout_evidence(b, "0")), used);
  for (const auto& n : used) {
    INFO(n);
    CHECK(defined.count(n));
  }
}

TEST_CASE("select_claims keeps the chosen claims and names the others when one is unknown", "[claims]") {
  json c{{"platform", "linkedin"}, {"company", "A"}, {"title", "B"}};
  CHECK(select_claims(c, {"title"}) == json{{"platform", "linkedin"}, {"title", "B"}});
  CHECK(select_claims(c, {}) == c);
  try {
    select_claims(c, {"salary"});
    FAIL("unknown claim accepted");
  } catch (const Error& e) {
    CHECK_THAT(e.hint(), Catch::Contains("company"));
  }
}
