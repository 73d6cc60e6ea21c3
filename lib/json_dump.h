#pragma once
// Writing nlohmann json as compact text, fast: every record's `data` is serialised on its way into
// the store, and nlohmann's serializer (a virtual call per character, a digit-by-digit integer
// path) was a tenth of an ingest.

#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dataport {

/// Appends exactly what j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) returns:
/// keys in the object's order, nlohmann's number forms, its escapes, and U+FFFD for invalid UTF-8
/// (a string that is not valid UTF-8, and a binary value, are written by nlohmann itself).
void dump_compact(const nlohmann::json& j, std::string& out);
std::string dump_compact(const nlohmann::json& j);

/// Appends s as a JSON string, escaped as nlohmann and RFC 8785 (JCS) both escape it: `"`, `\`,
/// \b \t \n \f \r, other C0 controls as \u00xx; every other byte as it is. The caller makes
/// sure s is valid UTF-8. True when s has a byte of 0x80 or more (then it is worth checking).
bool append_json_string(std::string& out, std::string_view s);

/// An object written as text member by member, for an importer's hot path (a Location History
/// fix): text() is what dump_compact writes for the same object built as a tree, keys sorted as
/// nlohmann sorts them (byte order); a key given twice keeps its last value. Keys and values are
/// kept back to back in one buffer, so an object of a few members costs one allocation.
class JsonObjectText {
 public:
  void number(std::string_view key, double v);
  /// A string value; invalid UTF-8 becomes U+FFFD as nlohmann's dump makes it.
  void string(std::string_view key, std::string_view v);
  /// A value already written as JSON text (an object from another JsonObjectText).
  void value_text(std::string_view key, std::string_view text);
  bool empty() const { return members_ == 0; }
  std::string text() const;

 private:
  struct Member {
    size_t key_at, key_size, value_at, value_size;
  };
  // Appends the key, and a member whose value is what the caller appends to buf_ next.
  void start(std::string_view key);
  void end_value() { member(members_ - 1).value_size = buf_.size() - member(members_ - 1).value_at; }
  Member& member(size_t i) { return i < std::size(few_) ? few_[i] : many_[i - std::size(few_)]; }
  const Member& member(size_t i) const { return i < std::size(few_) ? few_[i] : many_[i - std::size(few_)]; }
  std::string buf_;
  Member few_[12]{};  // zeroed: a moved or copied object copies no indeterminate values
  std::vector<Member> many_;  // members past the first 12
  size_t members_ = 0;
  bool plain_keys_ = true;  // no key needs escaping (a control, a quote, a backslash, or 0x80 up)
};

}  // namespace dataport
