#pragma once
// Reading platform JSON: simdjson with one parser and one padded buffer reused for the whole
// run, and a streaming splitter that cuts a huge array into its elements over a bounded window,
// so memory does not grow with the file (Records.json, conversations.json, tweets.js).

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/archive.h"

namespace dataport {

/// The deepest nesting of arrays and objects any JSON text may have, for every parse in dataport
/// (simdjson's own default, so importers and verifiers agree): deeper input is an error, never a
/// stack overflow in a recursive walker (dump, JCS, SD-JWT digests).
inline constexpr size_t max_json_depth = 1024;
/// Throws Error(where, ...) when `text` nests deeper than max_json_depth. One string-aware pass.
void check_json_depth(std::string_view text, const std::string& where);
/// Parses JSON text into nlohmann's tree; throws Error(where, "not valid json: ...") when it is
/// not JSON. The result and errors are parse_json_reference()'s; simdjson reads the text first
/// (several times faster), nlohmann where simdjson refuses it or the text is over 1 MiB.
nlohmann::json parse_json(std::string_view text, const std::string& where);
/// nlohmann's parse behind check_json_depth: what parse_json() returns, the slow way (kept for
/// the tests and the fuzz target that hold the two to the same result).
nlohmann::json parse_json_reference(std::string_view text, const std::string& where);

/// simdjson DOM parser with a reused padded buffer. An element stays valid until the next parse.
/// Beware: `elem.get_object().value()` on a temporary result dangles; use `.get(local)`.
class JsonParser {
 public:
  /// Parses text; throws Error(where, "invalid JSON: ...") when it is not JSON.
  simdjson::dom::element parse(std::string_view text, const std::string& where);
  /// The same without an exception: simdjson's error code (0 when `out` is set).
  simdjson::error_code try_parse(std::string_view text, simdjson::dom::element& out);

 private:
  simdjson::dom::parser parser_;
  std::string buffer_;
};

/// Streams the elements of one JSON array out of a Stream without holding the file.
/// The array is either the top-level value (skipping any JavaScript prefix such as
/// `window.YTD.tweets.part0 = `), or the value of a key of the top-level object.
class JsonArrayScanner {
 public:
  /// `key` empty: the first array in the stream; otherwise the array under that top-level key.
  JsonArrayScanner(Stream& s, std::string where, std::string key = "", size_t max_element = size_t{64} << 20);
  /// The next element's JSON text; false after the array ends. Throws Error on malformed input
  /// or an element larger than max_element.
  bool next(std::string& element);
  /// 0-based index of the element last returned.
  int64_t index() const { return index_ - 1; }
  /// True once the array was found (false when the key never appeared).
  bool found() const { return (in_array_ || done_) && !missing_; }
  /// How many strings of the element last returned were longer than max_kept_string and cut.
  int64_t truncated() const { return truncated_; }

 private:
  bool get(char& c);
  bool find_start();
  Stream& s_;
  std::string where_, key_;
  size_t max_element_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false, in_array_ = false, done_ = false, missing_ = false;
  int64_t index_ = 0, truncated_ = 0;
};

/// Walks the JSON value of a Stream depth-first without holding it (a file that is one tree of
/// any size: TikTok's user_data.json, Instagram's 2018-20 root files). At each value `visit` says
/// what to do with it: descend into it (an object's members or an array's elements are visited in
/// turn, each with its path), take it (its JSON text goes to `take`), skip it (read past without
/// allocating) or stop the walk. Bounded: nesting deeper than max_json_depth, and a taken value
/// larger than max_value, are errors; a string longer than max_kept_string keeps its first 16 MiB
/// (cut where a character begins) and is counted in truncated(). Reads the stream in blocks.
/// Malformed or truncated input throws Error(where, "... at <JSON pointer>").
class JsonTreeWalker {
 public:
  enum class Visit { descend, take, skip, stop };
  /// The keys (and, for array elements, the indices in decimal) from the root to a value.
  using Path = std::vector<std::string>;
  JsonTreeWalker(Stream& s, std::string where, size_t max_value = size_t{64} << 20);
  /// What to do with the value at `path`; `opens` is its first byte ('{', '[', '"', a digit,
  /// '-', 't', 'f', 'n'). Unset: descend into everything and take every scalar. Descending into
  /// a scalar takes it.
  std::function<Visit(const Path& path, char opens)> visit;
  /// The JSON text of a value visit took (whitespace outside strings dropped).
  std::function<void(const Path& path, std::string_view text)> take;
  /// After an object or array walked into closes: its path, whether it is an array, its count.
  std::function<void(const Path& path, bool array, int64_t count)> closed;
  /// Walks the stream to the end of its value (or to a stop). Throws Error on malformed input.
  void run();
  /// True when the value being visited is an element of an array (its last step is an index).
  bool in_array() const { return in_array_; }
  /// How many strings of the value last taken were longer than max_kept_string and cut.
  int64_t truncated() const { return truncated_; }
  /// A path as a JSON pointer ("/Activity/Like List/ItemFavoriteList/0"; "~" and "/" escaped).
  static std::string pointer(const Path& path);

 private:
  bool fill();
  int peek();
  void skip_space();
  void expect(char c, const char* what);
  void value();
  void members(bool array);  // an object's members or an array's elements
  std::string key();
  void scan(std::string* out);
  void string_rest(std::string* out);
  void keep(std::string* out, const char* p, size_t n);
  [[noreturn]] void fail(const std::string& what);
  Stream& s_;
  std::string where_;
  size_t max_value_;
  std::string buf_, value_;
  std::vector<char> open_;  // the brackets open inside a value being scanned
  size_t pos_ = 0, end_ = 0;
  int64_t offset_ = 0;  // bytes of the stream before buf_
  Path path_;
  bool eof_ = false, in_array_ = false, stopped_ = false;
  int64_t truncated_ = 0;
};

/// A string member of an object, or "" (numbers are given as their JSON text: ids stay exact).
std::string json_string(simdjson::dom::element obj, std::string_view key);
/// A member as int64 (integers, or strings of digits), or nullopt.
std::optional<int64_t> json_int(simdjson::dom::element obj, std::string_view key);
/// A member as double (numbers or numeric strings), or nullopt.
std::optional<double> json_double(simdjson::dom::element obj, std::string_view key);
/// Converts a simdjson element into nlohmann json (for keeping raw fields); big integers kept as strings.
nlohmann::json to_nlohmann(simdjson::dom::element e);

}  // namespace dataport
