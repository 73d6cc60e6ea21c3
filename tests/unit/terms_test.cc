// The audit's vocabularies: folding, whole-word matching, planted sensitive terms in several
// languages, and near misses that must not be flagged.

#include <catch2/catch.hpp>

#include "lib/audit.h"
#include "lib/terms.h"

using namespace dataport;

namespace {
std::string flag(const std::string& value, const std::string& label = "ad_interest") {
  const Term* t = sensitive_terms().match(value, label);
  return t ? t->meaning : "";
}
}  // namespace

TEST_CASE("fold_words lowers, strips accents and splits on punctuation", "[terms]") {
  CHECK(fold_words("Santé Mentale!") == "sante mentale");
  CHECK(fold_words("Straße  GRÜNEN") == "strasse grunen");
  CHECK(fold_words("Œuvre, Łódź") == "oeuvre lodz");
  CHECK(fold_words("Ортодоксальная ЦЕРКОВЬ") == "ортодоксальная церковь");
  CHECK(fold_words("Ἑλλάς") != "");
  CHECK(fold_words("e\xcc\x81t\xc3\xa9") == "ete");  // NFD é then NFC é
  CHECK(fold_words("") == "");
  CHECK(fold_words("\xff\xfe bad") == "bad");
}

TEST_CASE("the shipped vocabularies parse", "[terms]") {
  CHECK(sensitive_terms().size() > 1000);
  CHECK(topic_terms().size() > 200);
  CHECK_THROWS(Vocabulary("health\tvalue\ten", "t.tsv"));
  CHECK_THROWS(Vocabulary("health\tsomewhere\ten\tx", "t.tsv"));
}

TEST_CASE("planted sensitive terms are flagged in several languages", "[terms]") {
  CHECK(flag("Diabetes awareness") == "health");
  CHECK(flag("Diabète") == "health");
  CHECK(flag("Diabetiker Tipps") == "health");
  CHECK(flag("Salud mental") == "health");
  CHECK(flag("Zwangerschap") == "health");
  CHECK(flag("Ciąża") == "health");
  CHECK(flag("Église catholique") == "religion");
  CHECK(flag("Islam") == "religion");
  CHECK(flag("Judentum") == "religion");
  CHECK(flag("Parti politique") == "politics");
  CHECK(flag("Die Grünen") == "politics");
  CHECK(flag("LGBTQ+ community") == "sexuality");
  CHECK(flag("Homohuwelijk") == "sexuality");
  CHECK(flag("Orientación sexual") == "sexuality");
  CHECK(flag("Afro-Brasileiros") == "ethnicity");
  CHECK(flag("Gewerkschaft ver.di") == "trade_union");
  CHECK(flag("Syndicalisme") == "trade_union");
  CHECK(flag("Test genetico") == "biometric_genetic");
  CHECK(flag("Payday loans") == "finance");
  CHECK(flag("Surendettement") == "finance");
  CHECK(flag("35 to 54", "Member Age") == "age");
  CHECK(flag("FEMALE", "Inferred gender") == "gender");
  CHECK(flag("female", "gender") == "gender");
  CHECK(flag("25-34", "age") == "age");
}

TEST_CASE("near misses are not flagged", "[terms]") {
  for (const char* v : {"Diablo", "Gaylord Opryland", "Birthday party", "Party supplies", "Pride and Prejudice",
                        "Christmas markets", "Age of Empires", "Ice Age", "Union Square", "European Union", "Transformers",
                        "Cancer (zodiac sign)", "Golf handicap", "Prêt-à-porter", "Massage", "Geneva", "Racing"})
    CHECK(flag(v) == "");
  CHECK(flag("Coffee") == "");
  CHECK(flag("Cyclisme") == "");
  CHECK(flag("Data Engineer", "Job Titles") == "");
  CHECK(flag("12+ years", "Years of Experience") == "");
}

TEST_CASE("interests in several languages meet in one topic", "[terms]") {
  for (const char* v : {"Fietsen", "Vélo", "Cyclisme", "Ciclismo", "Radfahren"}) {
    const Term* t = topic_terms().match(v, "");
    REQUIRE(t);
    CHECK(t->meaning == "cycling");
  }
  REQUIRE(topic_terms().match("Koffie", ""));
  CHECK(topic_terms().match("Café", "")->meaning == "coffee");
  CHECK(topic_terms().match("Quantum chromodynamics", "") == nullptr);
}

TEST_CASE("inference labels are harmonised into classes", "[terms]") {
  CHECK(inference_class("Member Age", "") == "age");
  CHECK(inference_class("Inferred gender", "Inferred personal characteristics") == "gender");
  CHECK(inference_class("ad_interest", "") == "interest");
  CHECK(inference_class("topic", "") == "interest");
  CHECK(inference_class("Job Titles", "") == "professional");
  CHECK(inference_class("primary_location", "") == "location");
  CHECK(inference_class("interfaceLocale", "") == "language");
  CHECK(inference_class("audience_count", "") == "audience");
  CHECK(inference_class("show", "") == "media");
  CHECK(inference_class("Affinity for Open Source", "Inferred interests") == "interest");
}
