#pragma once
// Writing nlohmann json as compact text, fast: every record's `data` is serialised on its way into
// the store, and nlohmann's serializer (a virtual call per character, a digit-by-digit integer
// path) was a tenth of an ingest.

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace dataport {

/// Appends exactly what j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) returns:
/// keys in the object's order, nlohmann's number forms, its escapes, and U+FFFD for invalid UTF-8
/// (a string that is not valid UTF-8, and a binary value, are written by nlohmann itself).
void dump_compact(const nlohmann::json& j, std::string& out);
std::string dump_compact(const nlohmann::json& j);
/// Appends what dump_compact() writes for a copy of `object` with the keys in `skip` erased,
/// without copying it. Any other value is written whole.
void dump_compact_without(const nlohmann::json& object, std::initializer_list<std::string_view> skip, std::string& out);

/// Appends s as a JSON string, escaped as nlohmann and RFC 8785 (JCS) both escape it: `"`, `\`,
/// \b \t \n \f \r, other C0 controls as \u00xx; every other byte as it is. The caller makes
/// sure s is valid UTF-8. True when s has a byte of 0x80 or more (then it is worth checking).
bool append_json_string(std::string& out, std::string_view s);

/// An object written as text member by member, for an importer's hot path (a Location History
/// fix): text() is what dump_compact writes for the same object built as a tree, keys sorted as
/// nlohmann sorts them (byte order); a key given twice keeps its last value. The members are kept
/// as given, in one string (members()): a number as its 8 bytes, a string as its JSON text. Only
/// text() (or text_of() of that string, on another thread) sorts them and writes the numbers'
/// digits, so a bulk load does that on the thread that writes the store, not the one that reads.
class JsonObjectText {
 public:
  void number(std::string_view key, double v);
  /// A string value; invalid UTF-8 becomes U+FFFD as nlohmann's dump makes it.
  void string(std::string_view key, std::string_view v);
  /// A value already written as JSON text.
  void value_text(std::string_view key, std::string_view text);
  /// An object given member by member too: written with this one's text.
  void object(std::string_view key, const JsonObjectText& members);
  bool empty() const { return members_.empty(); }
  std::string text() const { return text_of(members_); }
  /// What text() returns for this object without the members of the keys in `skip`.
  std::string text_without(std::initializer_list<std::string_view> skip) const;
  /// The members as given (what text_of() reads).
  const std::string& members() const { return members_; }
  /// The text of an object from its members(): what text() of that object returns.
  static std::string text_of(std::string_view members);

 private:
  // Appends a member's key and tag and returns where its value starts: the caller appends the
  // value, then calls end_value() with that place.
  size_t start(std::string_view key, char tag);
  void end_value(size_t value_at);
  std::string members_;  // each member: key size (4 bytes), key, tag, value size (4 bytes), value
};

}  // namespace dataport
