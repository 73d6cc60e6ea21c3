#include "lib/terms.h"

#include <algorithm>
#include <cstdint>

#include "lib/error.h"
#include "lib/text.h"

namespace dataport {

namespace {

// Latin Extended-A (U+0100..U+017F) folded to its base letter; U+0152/U+0153 (œ) are "oe".
constexpr std::string_view latin_ext_a =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooo"
    "OOrrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
// Latin-1 Supplement U+00C0..U+00FF; '_' is not a letter, upper-case letters expand.
constexpr std::string_view latin_1 = "aaaaaaAceeeeiiiidnooooo_ouuuuyTSaaaaaaAceeeeiiiidnooooo_ouuuuyTy";
static_assert(latin_ext_a.size() == 128 && latin_1.size() == 64);

// Decodes one code point at s[i], advancing i; a malformed byte is U+FFFD.
uint32_t next_code_point(std::string_view s, size_t& i) {
  auto b = static_cast<unsigned char>(s[i++]);
  if (b < 0x80) return b;
  int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : -1;
  if (extra < 0 || i + static_cast<size_t>(extra) > s.size()) return 0xFFFD;
  uint32_t c = b & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) {
    auto cb = static_cast<unsigned char>(s[i]);
    if ((cb & 0xC0) != 0x80) return 0xFFFD;
    c = (c << 6) | (cb & 0x3F);
    ++i;
  }
  return c;
}

// Appends the folded form of one code point; returns false when it separates words.
bool fold_one(std::string& out, uint32_t c) {
  if (c >= 'A' && c <= 'Z') c += 32;
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
    out += static_cast<char>(c);
    return true;
  }
  if (c >= 0xC0 && c <= 0xFF) {
    char f = latin_1[c - 0xC0];
    if (f == '_') return false;
    if (f == 'A') out += "ae";
    else if (f == 'T') out += "th";
    else if (f == 'S') out += "ss";
    else out += f;
    return true;
  }
  if (c >= 0x100 && c <= 0x17F) {
    char f = latin_ext_a[c - 0x100];
    out += f == 'O' ? std::string("oe") : std::string(1, f);
    return true;
  }
  if (c >= 0x300 && c <= 0x36F) return true;  // a combining accent (NFD text): dropped, word goes on
  // Greek: upper to lower, accents and final sigma folded.
  if (c >= 0x391 && c <= 0x3A9) c += 0x20;
  switch (c) {
    case 0x386: case 0x3AC: c = 0x3B1; break;
    case 0x388: case 0x3AD: c = 0x3B5; break;
    case 0x389: case 0x3AE: c = 0x3B7; break;
    case 0x38A: case 0x3AF: case 0x3CA: case 0x390: c = 0x3B9; break;
    case 0x38C: case 0x3CC: c = 0x3BF; break;
    case 0x38E: case 0x3CD: case 0x3CB: case 0x3B0: c = 0x3C5; break;
    case 0x38F: case 0x3CE: c = 0x3C9; break;
    case 0x3C2: c = 0x3C3; break;
    default: break;
  }
  // Cyrillic: upper to lower, ё to е.
  if (c >= 0x410 && c <= 0x42F) c += 0x20;
  else if (c >= 0x400 && c <= 0x40F) c += 0x50;
  if (c == 0x451) c = 0x435;
  if ((c >= 0x3B1 && c <= 0x3C9) || (c >= 0x430 && c <= 0x45F)) {
    append_utf8(out, c);
    return true;
  }
  // Other scripts (CJK, Arabic, Hebrew...): kept as they are, as letters; punctuation and symbols
  // of the general blocks separate words.
  if (c < 0x250 || (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) || c == 0xFFFD ||
      (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F) || c >= 0x1F000)
    return false;
  append_utf8(out, c);
  return true;
}

std::vector<std::string> words_of(std::string_view folded) {
  std::vector<std::string> out;
  for (const std::string& w : split(std::string(folded), ' '))
    if (!w.empty()) out.push_back(w);
  return out;
}

// Where the term's words occur in a row inside `words`; -1 when they do not.
int find_words(const std::vector<std::string>& words, const std::vector<std::string>& term) {
  if (term.empty() || term.size() > words.size()) return -1;
  for (size_t i = 0; i + term.size() <= words.size(); ++i) {
    bool ok = true;
    for (size_t k = 0; k < term.size() && ok; ++k) {
      const std::string& t = term[k];
      if (!t.empty() && t.back() == '*') ok = words[i + k].rfind(t.substr(0, t.size() - 1), 0) == 0;
      else ok = words[i + k] == t;
    }
    if (ok) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

std::string fold_words(std::string_view s) {
  std::string out;
  bool space = true;
  size_t i = 0;
  while (i < s.size()) {
    uint32_t c = next_code_point(s, i);
    if (c == '*') {  // kept: the stem marker of the vocabularies (never in a folded value's meaning)
      out += '*';
      space = false;
      continue;
    }
    size_t before = out.size();
    if (fold_one(out, c)) {
      space = false;
      continue;
    }
    out.resize(before);
    if (!space) out += ' ';
    space = true;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

Vocabulary::Vocabulary(std::string_view tsv, std::string_view name) {
  int line_no = 0;
  for (const std::string& raw : split(std::string(tsv), '\n')) {
    ++line_no;
    std::string line(trim(raw));
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = split(raw, '\t');
    std::string where = std::string(name) + ": line " + std::to_string(line_no);
    if (f.size() != 4) throw Error(where, "expected 4 tab-separated fields (meaning, field, lang, term)");
    Term t;
    t.meaning = std::string(trim(f[0]));
    std::string field(trim(f[1]));
    if (field == "label") t.on_label = true;
    else if (field == "not") t.exclude = true;
    else if (field != "value") throw Error(where, "field must be value, label or not, not '" + field + "'");
    t.lang = std::string(trim(f[2]));
    t.term = fold_words(trim(f[3]));
    if (t.meaning.empty() || t.term.empty() || t.term == "*") throw Error(where, "empty meaning or term");
    std::vector<std::string> words = words_of(t.term);
    const std::string& first = words.front();
    if (first.back() == '*') by_stem_[first.substr(0, first.size() - 1)].push_back(terms_.size());
    else by_first_[first].push_back(terms_.size());
    words_.push_back(std::move(words));
    terms_.push_back(std::move(t));
  }
}

void Vocabulary::candidates(const std::vector<std::string>& words, std::vector<size_t>& out) const {
  for (const std::string& w : words) {
    if (auto it = by_first_.find(w); it != by_first_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
    for (size_t n = 0; n <= w.size(); ++n)
      if (auto it = by_stem_.find(w.substr(0, n)); it != by_stem_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
  }
}

std::vector<const Term*> Vocabulary::match_all(std::string_view value, std::string_view label) const {
  std::vector<std::string> vw = words_of(fold_words(value)), lw = words_of(fold_words(label));
  // Only the terms whose first word is there can match: looked up, not tried one by one (the
  // audit of a big store matches hundreds of thousands of inferences), then taken in file
  // order, as the list is written.
  std::vector<size_t> maybe;
  candidates(vw, maybe);
  candidates(lw, maybe);
  std::sort(maybe.begin(), maybe.end());
  maybe.erase(std::unique(maybe.begin(), maybe.end()), maybe.end());
  std::vector<std::string> excluded;
  for (size_t i : maybe)
    if (terms_[i].exclude && find_words(vw, words_[i]) >= 0) excluded.push_back(terms_[i].meaning);
  std::vector<const Term*> out;
  for (size_t i : maybe) {
    const Term& t = terms_[i];
    if (t.exclude) continue;
    bool seen = false;
    for (const Term* o : out) seen = seen || o->meaning == t.meaning;
    for (const std::string& e : excluded) seen = seen || e == t.meaning;
    if (seen) continue;
    if (find_words(t.on_label ? lw : vw, words_[i]) >= 0) out.push_back(&t);
  }
  return out;
}

const Term* Vocabulary::match(std::string_view value, std::string_view label) const {
  std::vector<const Term*> all = match_all(value, label);
  return all.empty() ? nullptr : all.front();
}

const Vocabulary& sensitive_terms() {
  static const Vocabulary v(audit_terms_tsv(), "data/audit-terms.tsv");
  return v;
}

const Vocabulary& topic_terms() {
  static const Vocabulary v(audit_topics_tsv(), "data/audit-topics.tsv");
  return v;
}

}  // namespace dataport
