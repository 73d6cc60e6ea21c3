#pragma once
// Keyed pseudonyms for people (issue 18): HMAC-SHA256 under a secret kept in the person's key
// folder, over a normalised identifier, so one person gets one pseudonym across platforms, runs
// and donations by the same person, and nobody without the key can reverse it or recompute it.
// Also finds people inside free text: emails, @handles, phone numbers, profile URLs, and the
// names, usernames and addresses the store's own records hold (learn()).

#include <openssl/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lib/record.h"

namespace dataport {

/// A word's hash and equality without regard to ASCII case (a learnt name's lower-case words are
/// looked up as the text has them, without a lower-case copy of every word of every text).
struct FoldHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept {
    uint64_t h = 14695981039346656037ULL;  // FNV-1a
    for (char c : s) h = (h ^ static_cast<unsigned char>((c >= 'A' && c <= 'Z') ? c + 32 : c)) * 1099511628211ULL;
    return static_cast<size_t>(h);
  }
};
struct FoldEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const noexcept {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      char x = a[i], y = b[i];
      if (x != y && ((x | 0x20) != (y | 0x20) || static_cast<unsigned char>((x | 0x20) - 'a') > 25)) return false;
    }
    return true;
  }
};

/// Pseudonyms under one key. Not thread-safe (it caches).
class Pseudonymiser {
 public:
  /// `secret`: the raw key bytes (at least 16).
  explicit Pseudonymiser(std::string secret);
  ~Pseudonymiser();
  Pseudonymiser(const Pseudonymiser&) = delete;
  Pseudonymiser& operator=(const Pseudonymiser&) = delete;

  /// A person's display name -> "person-<10 hex>" (case and spacing do not matter).
  std::string name(std::string_view s);
  /// A username or handle (with or without '@') -> "user-<10 hex>".
  std::string username(std::string_view s);
  /// An email address -> "<10 hex>@pseudonym.invalid".
  std::string email(std::string_view s);
  /// A phone number (only its digits count) -> "phone-<10 hex>".
  std::string phone(std::string_view s);
  /// A profile or web address -> "https://pseudonym.invalid/<10 hex>".
  std::string url(std::string_view s);
  /// A place name or address -> "place-<10 hex>".
  std::string place(std::string_view s);
  /// A record id or platform id -> 32 hex (the form of record ids).
  std::string id(std::string_view s);

  /// Remembers the identifiers of a person (an object {name, first_name, last_name, username,
  /// email, emails[], phones[], url, handles[], websites[]}, or a string), so scrub() finds them in text.
  void learn(const json& person);
  /// Remembers one name or username (found in text as its words, in any case and separator).
  void learn_name(std::string_view s, bool username);
  /// A person value (string, object or array of either) with every identifier pseudonymised.
  json person(const json& v);
  /// Free text with people replaced: emails, @handles, phone numbers, profile URLs on social
  /// platforms and the fediverse, every learnt name, username and phone number; IPv4 addresses
  /// are cut to their /24, IPv6 addresses to their /48.
  std::string scrub(std::string_view text);
  /// Number of identifiers learnt.
  size_t learnt() const { return entries_; }

 private:
  std::string hex(std::string_view type, std::string_view normalised, size_t n);
  std::string hmac_hex(std::string_view msg);
  std::string url_of_key(std::string_view key);
  std::string scrub_words(std::string_view text);
  // scrub()'s steps: each reads the item at `i` of `t` and gives its end and its replacement.
  bool url_at(std::string_view t, size_t i, size_t& end, std::string& rep);
  bool email_at(std::string_view t, size_t i, size_t& end, std::string& rep);
  bool handle_at(std::string_view t, size_t i, size_t& end, std::string& rep);
  bool phone_at(std::string_view t, size_t i, size_t& end, std::string& rep);
  std::string secret_;
  // HMAC-SHA256 (RFC 2104) with the key's inner and outer pads hashed once: each pseudonym then
  // costs two SHA-256 blocks, not a MAC set up from the key (a record id each, millions of them).
  struct MdFree {
    void operator()(EVP_MD_CTX* c) const;
  };
  std::unique_ptr<EVP_MD_CTX, MdFree> inner_, outer_, work_;
  std::unordered_map<std::string, std::string> cache_;
  /// The learnt names as a tree of their lower-case words: a name ends at a node with its
  /// replacement. A word of a text is looked up once, however many names start with it.
  struct NameNode {
    std::unordered_map<std::string, std::unique_ptr<NameNode>, FoldHash, FoldEq> next;
    std::optional<std::string> replacement;
  };
  NameNode names_;
  std::set<std::string> phones_;  ///< digits of known phone numbers
  std::set<std::string> urls_;    ///< known profile and personal web addresses, normalised as url() compares them
  size_t entries_ = 0;
};

/// The words of `s` as scrub() sees them: runs of ASCII letters and digits and of non-ASCII
/// bytes, lower-cased ("Alice.Martin_2" -> alice, martin, 2).
std::vector<std::string> name_words(std::string_view s);

}  // namespace dataport
