#pragma once
// A streaming walk over a JSON document of any size whose data sits in nested arrays (Telegram's
// result.json: {"chats": {"list": [{"name": ..., "messages": [...]}]}}), where JsonArrayScanner
// finds only a top-level array. The caller says which containers to walk into; every other value
// is handed whole, as its JSON text, with its path. Memory holds one value at a time.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/archive.h"

namespace dataport {

/// Walks a JSON stream: into the objects and arrays `descend` selects, handing every other value
/// to `on_value` as its JSON text.
class JsonTreeScanner {
 public:
  /// A value's place: object keys, and array indices as decimal text.
  using Path = std::vector<std::string>;
  /// `max_value`: the largest value handed whole; a longer one is an Error (the walk stops).
  JsonTreeScanner(Stream& s, std::string where, size_t max_value = size_t{64} << 20);
  /// Walks the document. descend(path, '{' or '[') is asked for each container: true walks into
  /// it, false hands it whole. on_value(path, text) gets every value not walked into (scalars
  /// too, strings with their quotes). Throws Error on malformed JSON or a value over max_value,
  /// after handing every value before the fault. The walk is only as deep as descend allows.
  void walk(const std::function<bool(const Path&, char)>& descend,
            const std::function<void(const Path&, std::string_view)>& on_value);
  /// JSON pointer of a path ("/chats/list/3/messages/17"), with ~ and / escaped.
  static std::string pointer(const Path& p);

 private:
  bool peek(char& c);
  char take();
  void skip_space();
  void expect(char c);
  std::string key();
  void value(Path& p);
  void capture(Path& p);
  Stream& s_;
  std::string where_;
  size_t max_value_;
  std::string buf_, text_;
  size_t pos_ = 0;
  int64_t offset_ = 0;  // bytes consumed before buf_
  bool eof_ = false;
  const std::function<bool(const Path&, char)>* descend_ = nullptr;
  const std::function<void(const Path&, std::string_view)>* on_value_ = nullptr;
};

}  // namespace dataport
