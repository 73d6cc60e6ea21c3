#include "lib/pseudonym.h"

#include <openssl/evp.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>

#include "lib/error.h"
#include "lib/hash.h"
#include "lib/policy.h"
#include "lib/text.h"

namespace dataport {

namespace {

inline bool word_byte(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }
inline bool email_local(unsigned char c) { return word_byte(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; }
bool domain_byte(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-'; }
bool handle_byte(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string digits_of(std::string_view s) {
  std::string d;
  for (char c : s)
    if (is_digit(c)) d += c;
  return d;
}

std::string collapse(std::string_view s) {
  std::string out;
  for (const std::string& w : name_words(s)) out += (out.empty() ? "" : " ") + w;
  return out;
}

// Hosts whose URL paths name accounts: a link to them in kept text is a link to a person.
bool social_host(std::string_view host) {
  static const char* hosts[] = {"facebook.com", "fb.com", "instagram.com", "x.com", "twitter.com", "linkedin.com",
                                "tiktok.com", "youtube.com", "threads.net", "mastodon.social", "github.com",
                                "messenger.com", "m.me", "wa.me", "t.me", "snapchat.com", "reddit.com", "bsky.app"};
  std::string h = lower(host);
  for (const char* s : hosts) {
    std::string_view x(s);
    if (h == x || (h.size() > x.size() && h.compare(h.size() - x.size(), x.size(), x) == 0 && h[h.size() - x.size() - 1] == '.'))
      return true;
  }
  return false;
}

// An address as url() compares them: lower case, without scheme, "www." and trailing slashes.
std::string url_key(std::string_view s) {
  std::string u = lower(trim(s));
  for (std::string_view p : {"https://", "http://"})
    if (u.rfind(p, 0) == 0) u.erase(0, p.size());
  if (u.rfind("www.", 0) == 0) u.erase(0, 4);
  while (!u.empty() && u.back() == '/') u.pop_back();
  return u;
}

const std::set<std::string>& name_keys() {
  static const std::set<std::string> k = {"first_name", "last_name", "middle_name", "maiden_name", "nickname",
                                          "name_prefix", "name_suffix", "display_name", "full_name"};
  return k;
}

}  // namespace

std::vector<std::string> name_words(std::string_view s) {
  std::vector<std::string> out;
  std::string w;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (word_byte(c)) {
      w += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : ch;
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

void Pseudonymiser::MdFree::operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }

Pseudonymiser::Pseudonymiser(std::string secret)
    : secret_(std::move(secret)), inner_(EVP_MD_CTX_new()), outer_(EVP_MD_CTX_new()), work_(EVP_MD_CTX_new()) {
  if (secret_.size() < 16) throw Error("pseudonym key", "is too short (needs at least 16 bytes)");
  if (!inner_ || !outer_ || !work_) throw Error("openssl", "out of memory");
  // The key as one SHA-256 block (hashed first when longer), XORed with the pads.
  std::string block = secret_.size() > 64 ? sha256_raw(secret_) : secret_;
  block.resize(64, '\0');
  std::string ipad = block, opad = block;
  for (size_t i = 0; i < 64; ++i) {
    ipad[i] = static_cast<char>(ipad[i] ^ 0x36);
    opad[i] = static_cast<char>(opad[i] ^ 0x5c);
  }
  if (!EVP_DigestInit_ex(inner_.get(), EVP_sha256(), nullptr) || !EVP_DigestUpdate(inner_.get(), ipad.data(), 64) ||
      !EVP_DigestInit_ex(outer_.get(), EVP_sha256(), nullptr) || !EVP_DigestUpdate(outer_.get(), opad.data(), 64))
    throw Error("openssl", "SHA-256 failed");
  OPENSSL_cleanse(block.data(), block.size());
  OPENSSL_cleanse(ipad.data(), ipad.size());
  OPENSSL_cleanse(opad.data(), opad.size());
}

Pseudonymiser::~Pseudonymiser() = default;

// HMAC-SHA256(key, msg) in hex: SHA256(opad || SHA256(ipad || msg)), from the pads hashed once.
std::string Pseudonymiser::hmac_hex(std::string_view msg) {
  unsigned char in[EVP_MAX_MD_SIZE], out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_MD_CTX* w = work_.get();
  if (!EVP_MD_CTX_copy_ex(w, inner_.get()) || !EVP_DigestUpdate(w, msg.data(), msg.size()) || !EVP_DigestFinal_ex(w, in, &len) ||
      !EVP_MD_CTX_copy_ex(w, outer_.get()) || !EVP_DigestUpdate(w, in, len) || !EVP_DigestFinal_ex(w, out, &len))
    throw Error("openssl", "HMAC-SHA256 failed");
  return to_hex(std::string_view(reinterpret_cast<const char*>(out), len));
}

std::string Pseudonymiser::hex(std::string_view type, std::string_view normalised, size_t n) {
  std::string msg(type);
  msg += '\0';
  msg.append(normalised);
  // Record ids are seen once each: only people (seen again and again) are cached.
  bool cached = type != "id";
  if (cached)
    if (auto it = cache_.find(msg); it != cache_.end()) return it->second.substr(0, n);
  std::string h = hmac_hex(msg);
  if (cached) {
    if (cache_.size() > 200000) cache_.clear();  // bounded memory, whatever the store holds
    cache_.emplace(std::move(msg), h);
  }
  return h.substr(0, n);
}

std::string Pseudonymiser::name(std::string_view s) { return "person-" + hex("name", collapse(s), 10); }
std::string Pseudonymiser::username(std::string_view s) {
  std::string u = lower(trim(s));
  while (!u.empty() && u[0] == '@') u.erase(0, 1);
  return "user-" + hex("user", u, 10);
}
std::string Pseudonymiser::email(std::string_view s) { return hex("email", lower(trim(s)), 10) + "@pseudonym.invalid"; }
std::string Pseudonymiser::phone(std::string_view s) { return "phone-" + hex("phone", digits_of(s), 10); }
std::string Pseudonymiser::url(std::string_view s) { return url_of_key(url_key(s)); }
std::string Pseudonymiser::url_of_key(std::string_view key) { return "https://pseudonym.invalid/" + hex("url", key, 10); }
std::string Pseudonymiser::place(std::string_view s) { return "place-" + hex("place", collapse(s), 10); }
std::string Pseudonymiser::id(std::string_view s) { return hex("id", s, 32); }

void Pseudonymiser::learn_name(std::string_view s, bool is_username) {
  std::vector<std::string> w = name_words(s);
  if (w.empty()) return;
  // A one-word name shorter than 3 letters would replace ordinary words ("Al", "Jo") everywhere.
  if (w.size() == 1 && w[0].size() < 3) return;
  NameNode* node = &names_;
  for (const std::string& x : w) {
    auto& next = node->next[x];
    if (!next) next = std::make_unique<NameNode>();
    node = next.get();
  }
  if (node->replacement) return;  // these words were learnt already: the first name stays
  node->replacement = is_username ? username(s) : name(s);
  ++entries_;
}

void Pseudonymiser::learn(const json& p) {
  if (p.is_array()) {
    for (const json& x : p) learn(x);
    return;
  }
  if (p.is_string()) {
    const std::string& s = p.get_ref<const std::string&>();
    if (s.find('@') != std::string::npos && s.find('@') > 0) return;  // emails are found by their form
    if (digits_of(s).size() >= 7 && digits_of(s).size() * 2 > s.size()) {
      phones_.insert(digits_of(s));
      return;
    }
    learn_name(s, s[0] == '@');
    return;
  }
  if (!p.is_object()) return;
  for (const auto& [k, v] : p.items()) {
    if (k == "phones" || k == "phone" || k == "number") {
      if (v.is_string() && digits_of(v.get<std::string>()).size() >= 6) phones_.insert(digits_of(v.get<std::string>()));
      if (v.is_array())
        for (const json& x : v) {
          const json& n = x.is_object() && x.contains("number") ? x["number"] : x;
          if (n.is_string() && digits_of(n.get<std::string>()).size() >= 6) phones_.insert(digits_of(n.get<std::string>()));
        }
    } else if (v.is_string() && (k == "name" || name_keys().count(k))) {
      learn_name(v.get<std::string>(), false);
    } else if (v.is_string() && k == "username") {
      learn_name(v.get<std::string>(), true);
    } else if ((k == "url" || k == "profile_url") && v.is_string()) {
      urls_.insert(url_key(v.get<std::string>()));
    } else if (k == "websites" && v.is_array()) {
      for (const json& w : v)
        if (w.is_string()) urls_.insert(url_key(w.get<std::string>()));
    } else if (k == "handles" && v.is_array()) {
      for (const json& h : v) {  // strings before model version 2, {username} since
        if (h.is_string()) learn_name(h.get<std::string>(), true);
        else if (h.is_object() && h.contains("username") && h["username"].is_string())
          learn_name(h["username"].get<std::string>(), true);
      }
    }
  }
  std::string first = p.contains("first_name") && p["first_name"].is_string() ? p["first_name"].get<std::string>() : "";
  std::string last = p.contains("last_name") && p["last_name"].is_string() ? p["last_name"].get<std::string>() : "";
  if (!first.empty() && !last.empty()) learn_name(first + " " + last, false);
}

json Pseudonymiser::person(const json& v) {
  if (v.is_array()) {
    json out = json::array();
    for (const json& x : v) out.push_back(person(x));
    return out;
  }
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    size_t at = s.find('@');
    if (at != std::string::npos && at > 0 && s.find('.', at) != std::string::npos && s.find(' ') == std::string::npos) return email(s);
    if (s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0) return url(s);
    if (digits_of(s).size() >= 7 && digits_of(s).size() * 2 > s.size()) return phone(s);
    if (at == 0) return "@" + username(s);
    return name(s);
  }
  if (!v.is_object()) return v;
  json out = json::object();
  bool has_name = v.contains("name") && v["name"].is_string();
  for (const auto& [k, x] : v.items()) {
    if (k == "name" && x.is_string()) out[k] = name(x.get<std::string>());
    else if (name_keys().count(k)) continue;  // the pseudonymised name stands for the whole name
    else if ((k == "username" || k == "handle") && x.is_string()) out[k] = username(x.get<std::string>());
    else if ((k == "email" || k == "address") && x.is_string()) out[k] = email(x.get<std::string>());
    else if ((k == "phone" || k == "number") && x.is_string()) out[k] = phone(x.get<std::string>());
    else if ((k == "url" || k == "uri" || k == "profile_url") && x.is_string()) out[k] = url(x.get<std::string>());
    else if ((k == "handles" || k == "websites") && x.is_array()) {
      json a = json::array();
      for (const json& h : x)
        a.push_back(!h.is_string() ? person(h) : k == "handles" ? json(username(h.get<std::string>())) : json(url(h.get<std::string>())));
      out[k] = a;
    } else if (k == "emails" || k == "phones") {
      out[k] = person(x);
    } else if (x.is_string()) out[k] = scrub(x.get<std::string>());
    else if (x.is_object() || x.is_array()) out[k] = person(x);
    else out[k] = x;
  }
  if (!has_name) {
    std::string first = v.contains("first_name") && v["first_name"].is_string() ? v["first_name"].get<std::string>() : "";
    std::string last = v.contains("last_name") && v["last_name"].is_string() ? v["last_name"].get<std::string>() : "";
    std::string full(trim(first + " " + last));
    if (!full.empty()) out["name"] = name(full);
  }
  return out;
}

// The names learnt, found word by word: a learnt name's words in a row, separated by at most
// two of space . _ - ' # (so "Alice Martin", "alice.martin" and "ALICE_MARTIN" are one name, and
// Discord's "Jörg#0042" in "Direct Message with Jörg#0042" is its username).
std::string Pseudonymiser::scrub_words(std::string_view t) {
  std::string out;
  out.reserve(t.size());
  size_t i = 0;
  // The word at `p` as it stands in the text (names are looked up without regard to ASCII case).
  auto word_at = [&](size_t p) {
    size_t end = p;
    while (end < t.size() && word_byte(static_cast<unsigned char>(t[end]))) ++end;
    return t.substr(p, end - p);
  };
  while (i < t.size()) {
    if (!word_byte(static_cast<unsigned char>(t[i]))) {
      size_t e = i + 1;
      while (e < t.size() && !word_byte(static_cast<unsigned char>(t[e]))) ++e;
      out.append(t.substr(i, e - i));
      i = e;
      continue;
    }
    std::string_view w = word_at(i);
    size_t end = i + w.size();
    // Phone numbers the store knows, whatever their spacing: a run of digits and separators.
    if (!phones_.empty() && is_digit(t[i])) {
      size_t j = i;
      std::string d;
      size_t last_digit = i;
      while (j < t.size() && (is_digit(t[j]) || ((t[j] == ' ' || t[j] == '-' || t[j] == '.' || t[j] == ')' || t[j] == '(') && d.size() < 15))) {
        if (is_digit(t[j])) {
          d += t[j];
          last_digit = j;
          if (phones_.count(d)) break;
        }
        ++j;
      }
      if (phones_.count(d)) {
        bool plus = !out.empty() && out.back() == '+';
        if (plus) out.pop_back();
        out += phone(d);
        i = last_digit + 1;
        continue;
      }
    }
    auto it = names_.next.find(w);
    bool matched = false;
    if (it != names_.next.end()) {
      // The longest learnt name the words from here spell ("Ana Maria Lopez" before "Ana Maria"),
      // down the tree a word at a time: a word counts when one to three separators lead to it.
      const NameNode* node = it->second.get();
      const std::string* found = node->replacement ? &*node->replacement : nullptr;
      size_t found_end = end, p = end;
      while (!node->next.empty()) {
        size_t seps = 0;
        while (p < t.size() && seps < 3 && (t[p] == ' ' || t[p] == '.' || t[p] == '_' || t[p] == '-' || t[p] == '\'' || t[p] == '#')) {
          ++p;
          ++seps;
        }
        std::string_view next = seps ? word_at(p) : std::string_view();
        if (next.empty()) break;
        auto down = node->next.find(next);
        if (down == node->next.end()) break;
        node = down->second.get();
        p += next.size();
        if (node->replacement) {
          found = &*node->replacement;
          found_end = p;
        }
      }
      if (found) {
        out += *found;
        i = found_end;
        matched = true;
      }
    }
    if (!matched) {
      out.append(w);
      i = end;
    }
  }
  return out;
}

// A web address at `i`: a social profile link (or a fediverse one, or an address the store's
// people gave) becomes a pseudonym; another keeps its host, its path scrubbed.
bool Pseudonymiser::url_at(std::string_view t, size_t i, size_t& e, std::string& rep) {
  if (!(t.compare(i, 7, "http://") == 0 || t.compare(i, 8, "https://") == 0)) return false;
  e = i;
  while (e < t.size() && !std::isspace(static_cast<unsigned char>(t[e])) && t[e] != '"' && t[e] != '<' && t[e] != '>') ++e;
  while (e > i && std::string_view(".,;:!?)]}'").find(t[e - 1]) != std::string_view::npos) --e;
  std::string_view u = t.substr(i, e - i);
  size_t hs = u.find("://") + 3, he = u.find_first_of("/?#:", hs);
  std::string_view host = u.substr(hs, he == std::string_view::npos ? std::string_view::npos : he - hs);
  // Fediverse profiles live on any host: https://server/@name, https://server/users/name.
  std::string key = url_key(u);
  if (social_host(host) || u.find("/@") != std::string_view::npos || u.find("/users/") != std::string_view::npos ||
      urls_.count(key))
    rep = url_of_key(key);
  else rep = scrub_words(u);
  return true;
}

// An email address at `i` (a local part, '@', a domain with a dot).
bool Pseudonymiser::email_at(std::string_view t, size_t i, size_t& d, std::string& rep) {
  if (!email_local(static_cast<unsigned char>(t[i]))) return false;
  size_t e = i;
  while (e < t.size() && email_local(static_cast<unsigned char>(t[e]))) ++e;
  if (e >= t.size() || t[e] != '@' || e == i) return false;
  d = e + 1;
  while (d < t.size() && domain_byte(static_cast<unsigned char>(t[d]))) ++d;
  while (d > e + 1 && (t[d - 1] == '.' || t[d - 1] == '-')) --d;
  std::string_view dom = t.substr(e + 1, d - e - 1);
  if (dom.find('.') == std::string_view::npos || dom.front() == '.') return false;
  rep = email(t.substr(i, d - i));
  return true;
}

// An @handle at `i` (a fediverse one with its @server, which goes with it).
bool Pseudonymiser::handle_at(std::string_view t, size_t i, size_t& end, std::string& rep) {
  if (!(t[i] == '@' && (i == 0 || !handle_byte(static_cast<unsigned char>(t[i - 1]))) && i + 1 < t.size() &&
        handle_byte(static_cast<unsigned char>(t[i + 1]))))
    return false;
  size_t e = i + 1;
  while (e < t.size() && handle_byte(static_cast<unsigned char>(t[e]))) ++e;
  while (e > i + 1 && t[e - 1] == '.') --e;
  end = e;
  if (e + 1 < t.size() && t[e] == '@' && domain_byte(static_cast<unsigned char>(t[e + 1]))) {
    size_t d = e + 1;
    while (d < t.size() && domain_byte(static_cast<unsigned char>(t[d]))) ++d;
    while (d > e + 1 && t[d - 1] == '.') --d;
    if (t.substr(e + 1, d - e - 1).find('.') != std::string_view::npos) end = d;
  }
  rep = "@" + username(t.substr(i + 1, e - i - 1));
  return true;
}

namespace {

// An IPv6 address at `i`, cut to its /48 as `"ip": "prefix"` does: hex groups and colons (an
// IPv4-mapped tail with dots), three groups at least, so times (10:11:12 is no address) and
// "ab::cd" stay text. A zone ("%eth0") stays after the network.
bool ipv6_at(std::string_view t, size_t i, size_t& e, std::string& rep) {
  auto c = static_cast<unsigned char>(t[i]);
  if (!((std::isxdigit(c) || c == ':') && (i == 0 || (!word_byte(static_cast<unsigned char>(t[i - 1])) && t[i - 1] != ':'))))
    return false;
  e = i;
  while (e < t.size() && (std::isxdigit(static_cast<unsigned char>(t[e])) || t[e] == ':' || t[e] == '.')) ++e;
  while (e > i && (t[e - 1] == '.' || (t[e - 1] == ':' && (e - i < 2 || t[e - 2] != ':')))) --e;
  std::string_view run = t.substr(i, e - i);
  bool after_word = e < t.size() && word_byte(static_cast<unsigned char>(t[e]));
  size_t colons = static_cast<size_t>(std::count(run.begin(), run.end(), ':')), groups = 0;
  for (size_t k = 0; k < run.size(); ++k)
    if (run[k] != ':' && (k == 0 || run[k - 1] == ':')) ++groups;
  if (after_word || colons < 2 || groups < 3) return false;
  rep = coarsen_ip(run);
  return !rep.empty();
}

// An IPv4 address at `i` names a household or a device: cut to its network, as `"ip": "prefix"` does.
bool ipv4_at(std::string_view t, size_t i, size_t& e, std::string& rep) {
  if (!(is_digit(t[i]) && (i == 0 || !word_byte(static_cast<unsigned char>(t[i - 1]))))) return false;
  e = i;
  while (e < t.size() && (is_digit(t[e]) || t[e] == '.')) ++e;
  while (e > i && t[e - 1] == '.') --e;
  std::string_view run = t.substr(i, e - i);
  bool after_word = e < t.size() && word_byte(static_cast<unsigned char>(t[e]));
  if (after_word || std::count(run.begin(), run.end(), '.') != 3) return false;
  rep = coarsen_ip(run);
  return !rep.empty();
}

}  // namespace

// A phone number at `i`: + ( or 0 and then 7 to 15 digits with spaces, dots, dashes or brackets,
// or the North American 3-3-4 form, or the digits of a phone number the store knows. Dates
// (2024-01-31) and plain numbers are left alone.
bool Pseudonymiser::phone_at(std::string_view t, size_t i, size_t& e, std::string& rep) {
  auto c = static_cast<unsigned char>(t[i]);
  if (!((c == '+' || c == '(' || is_digit(t[i])) && (i == 0 || !word_byte(static_cast<unsigned char>(t[i - 1])))))
    return false;
  e = i + 1;
  int digits = is_digit(t[i]) ? 1 : 0, seps = 0;
  while (e < t.size()) {
    if (is_digit(t[e])) ++digits;
    else if ((t[e] == ' ' || t[e] == '-' || t[e] == '.' || t[e] == '(' || t[e] == ')') && e + 1 < t.size() &&
             (is_digit(t[e + 1]) || t[e + 1] == '(' || (t[e] == ')' && t[e + 1] == ' ')))
      ++seps;
    else break;
    ++e;
  }
  while (e > i && !is_digit(t[e - 1])) --e;
  std::string_view run = t.substr(i, e - i);
  bool after_word = e < t.size() && word_byte(static_cast<unsigned char>(t[e]));
  bool date_like = run.size() >= 10 && is_digit(run[0]) && run[4] == '-' && run[7] == '-';
  bool nanp = run.size() == 12 && (run[3] == '-' || run[3] == '.' || run[3] == ' ') && run[7] == run[3];
  bool phone_like = digits >= 7 && digits <= 15 && !after_word && !date_like &&
                    (c == '+' || c == '(' || t[i] == '0' || nanp || phones_.count(digits_of(run))) && (seps > 0 || c == '+' || digits <= 12);
  if (!phone_like) return false;
  rep = phone(run);
  return true;
}

// One left-to-right scan: at each byte, in this order (the order is the meaning: an email before
// an @handle, a phone after the addresses), a web address, an email address, an @handle, an IPv6
// and an IPv4 address and a phone number; the plain text between them goes through scrub_words().
// Each of them starts where no word byte precedes it, so the scan steps over words whole, and
// looks only for what the text can hold (no '@', no email address or handle).
std::string Pseudonymiser::scrub(std::string_view t) {
  std::string out;
  size_t plain = 0;  // start of text not yet handled
  std::string rep;
  const bool web = t.find("://") != std::string_view::npos, at = t.find('@') != std::string_view::npos,
             colon = t.find(':') != std::string_view::npos, dot = t.find('.') != std::string_view::npos,
             digit = t.find_first_of("0123456789") != std::string_view::npos;
  size_t i = 0;
  while (i < t.size()) {
    // Web and email addresses start a word (not inside one, nor after a '.' of an address).
    bool boundary = i == 0 || !email_local(static_cast<unsigned char>(t[i - 1]));
    size_t e = 0;
    if ((boundary && ((web && url_at(t, i, e, rep)) || (at && email_at(t, i, e, rep)))) || (at && handle_at(t, i, e, rep)) ||
        (colon && ipv6_at(t, i, e, rep)) || (dot && ipv4_at(t, i, e, rep)) || (digit && phone_at(t, i, e, rep))) {
      if (i > plain) out += scrub_words(t.substr(plain, i - plain));
      out += rep;
      i = plain = e;
      continue;
    }
    // Inside a word (a word byte before) nothing starts: on to the byte after it.
    if (word_byte(static_cast<unsigned char>(t[i++])))
      while (i < t.size() && word_byte(static_cast<unsigned char>(t[i]))) ++i;
  }
  if (t.size() > plain) out += scrub_words(t.substr(plain));
  return out;
}

}  // namespace dataport
