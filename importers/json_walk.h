#pragma once
// Small accessors over simdjson DOM elements for importers that walk nested platform JSON
// (X, Mastodon, ChatGPT, TikTok): a missing key or a value of the wrong type reads as absent,
// because every field of these exports is optional somewhere.

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "lib/archive.h"
#include "lib/error.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/sink.h"
#include "lib/text.h"

namespace dataport {

using JsonElement = simdjson::dom::element;

/// True when `e` is an object holding `key`; the value goes to `out`.
inline bool json_member(JsonElement e, std::string_view key, JsonElement& out) {
  return e.type() == simdjson::dom::element_type::OBJECT && !e.at_key(key).get(out);
}

/// The value of a string, number or bool element as text (numbers as their JSON text, so ids
/// stay exact); "" for null, arrays and objects.
inline std::string json_text(JsonElement e) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::STRING: return repair_utf8(std::string_view(e.get_string().value()));
    case element_type::INT64: return std::to_string(e.get_int64().value());
    case element_type::UINT64: return std::to_string(e.get_uint64().value());
    case element_type::DOUBLE: return std::string(simdjson::minify(e));
    case element_type::BOOL: return e.get_bool().value() ? "true" : "false";
    default: return "";
  }
}

/// The text at a path of object keys ("" when any step is missing).
inline std::string json_path(JsonElement e, std::initializer_list<std::string_view> path) {
  for (std::string_view k : path)
    if (!json_member(e, k, e)) return "";
  return json_text(e);
}

/// The array under `key`, or false when absent or not an array.
inline bool json_array(JsonElement e, std::string_view key, simdjson::dom::array& out) {
  JsonElement v;
  return json_member(e, key, v) && !v.get_array().get(out);
}

/// The first present key among variants (key names drift between export generations).
inline bool json_any(JsonElement e, std::initializer_list<std::string_view> keys, JsonElement& out) {
  for (std::string_view k : keys)
    if (json_member(e, k, out)) return true;
  return false;
}

/// The text of the first present, non-empty key among variants.
inline std::string json_text_any(JsonElement e, std::initializer_list<std::string_view> keys) {
  JsonElement v;
  for (std::string_view k : keys)
    if (json_member(e, k, v)) {
      std::string s = json_text(v);
      if (!s.empty()) return s;
    }
  return "";
}

/// The non-empty texts of an array's elements, as a JSON array.
inline nlohmann::json json_texts(simdjson::dom::array a) {
  nlohmann::json out = nlohmann::json::array();
  for (JsonElement v : a) {
    std::string s = json_text(v);
    if (!s.empty()) out.push_back(std::move(s));
  }
  return out;
}

/// Streams the array of a JSON file that may be huge (the first array, skipping a JavaScript
/// prefix, or the array under a top-level `key`), parsing one element at a time and calling
/// fn(element, pointer). An unreadable element is a warning; a file that breaks off, or whose
/// array is missing, makes the run partial. Gives the entry its verdict, noted with `what`.
template <class Fn>
void scan_json_items(const Archive& in, Sink& out, Log& log, JsonParser& parser, const Entry& e,
                     const std::string& key, const std::string& what, Fn fn) {
  auto stream = in.open(e);
  JsonArrayScanner scan(*stream, in.where(e), key);
  std::string text;
  int64_t items = 0, bad = 0;
  std::string prefix = key.empty() ? "/" : "/" + key + "/";
  try {
    while (scan.next(text)) {
      ++items;
      std::string ptr = prefix + std::to_string(scan.index());
      if (scan.truncated()) log.partial(in.where(e) + " " + ptr, std::to_string(scan.truncated()) + " strings longer than 16 MiB kept only their first 16 MiB");
      try {
        fn(parser.parse(text, in.where(e) + " " + ptr), ptr);
      } catch (const Error& err) {
        ++bad;
        log.warn(in.where(e) + " " + ptr, err.message());
      }
    }
  } catch (const Error& err) {
    log.partial(describe(err), "the rest of the file is not read");
    return out.file(e, items ? Fate::partial : Fate::failed, err.message());
  }
  if (!scan.found()) {
    log.partial(in.where(e), "no " + key + " array");
    return out.file(e, Fate::failed, "no " + key + " array");
  }
  if (bad) log.partial(in.where(e), std::to_string(bad) + " items could not be read");
  out.file(e, bad ? Fate::partial : Fate::parsed, what + ", " + std::to_string(items) + " items");
}

}  // namespace dataport
