#pragma once
// The audit's curated vocabularies (data/audit-terms.tsv, data/audit-topics.tsv, compiled in):
// which inferences touch a sensitive category, and which topic an interest means whatever the
// language the platform wrote it in. Matching is on whole words after case and accent folding,
// so "Diablo" never matches "diabetes" and "Birthday party" never matches "political party".

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dataport {

/// Lower case, accents removed (Latin, Greek and Cyrillic letters), every other character a
/// space, runs of spaces collapsed: "Santé Mentale!" -> "sante mentale".
std::string fold_words(std::string_view s);

/// One line of a vocabulary: `term` (folded words; a trailing `*` on the last word matches any
/// word it begins) means `meaning` in `lang`; `on_label` when it applies to the platform's label
/// of the inference (its category), not to the value.
struct Term {
  std::string meaning, lang, term;
  bool on_label = false;
  bool exclude = false;  ///< a phrase that is NOT `meaning` though it contains a term that is
};

/// A vocabulary parsed from its TSV text.
class Vocabulary {
 public:
  /// Parses `meaning<TAB>field<TAB>lang<TAB>term` lines (# comments, blank lines); throws Error naming the line.
  Vocabulary(std::string_view tsv, std::string_view name);
  /// The first term that `value` (or `label`) contains, after the exclusions; nullptr when none.
  const Term* match(std::string_view value, std::string_view label) const;
  /// Every meaning the text matches (one term each), for all categories at once.
  std::vector<const Term*> match_all(std::string_view value, std::string_view label) const;
  size_t size() const { return terms_.size(); }

 private:
  // Appends to `out` the terms whose first word can match one of `words` (a superset of the
  // terms that match): those indexed under a word, or under a start of it for a stem.
  void candidates(const std::vector<std::string>& words, std::vector<size_t>& out) const;
  std::vector<Term> terms_;
  std::vector<std::vector<std::string>> words_;  ///< each term's words, split once
  /// Terms by their first word: whole words, and stems (the first word without its `*`).
  std::unordered_map<std::string, std::vector<size_t>> by_first_, by_stem_;
};

/// The sensitive-category list (data/audit-terms.tsv).
const Vocabulary& sensitive_terms();
/// The interest topics (data/audit-topics.tsv).
const Vocabulary& topic_terms();
/// The two TSV texts as shipped (generated from data/ at build time).
const char* audit_terms_tsv();
const char* audit_topics_tsv();

}  // namespace dataport
