#pragma once
// The one JSON accessor set of the importers, over simdjson DOM elements (X, Mastodon, ChatGPT,
// TikTok, Facebook, Instagram): a missing key or a value of the wrong type reads as absent,
// because every field of these exports is optional somewhere. And the one item walk, each_item:
// it streams the records of a data file, warns per bad item and goes on.

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

#include "ingest/rules.h"
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

/// The object under `key`, or false when absent or not an object.
inline bool json_object(JsonElement e, std::string_view key, JsonElement& out) {
  return json_member(e, key, out) && out.is_object();
}

/// A member as bool: true only for a JSON `true`.
inline bool json_flag(JsonElement e, std::string_view key) {
  JsonElement v;
  bool b = false;
  return json_member(e, key, v) && !v.get_bool().get(b) && b;
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

/// The largest file read_one_record reads whole (64 MiB): a profile, an account, a settings file
/// is a few KiB; a file this big is not one record, and is refused rather than held in memory.
inline constexpr int64_t max_one_record = int64_t{64} << 20;

/// The text of a file that is one record (read_one_record; X's manifest.js, whose JSON follows a
/// JavaScript prefix): refused over max_one_record with an Error naming the archive and the path.
inline std::string read_one_record_text(const Archive& in, const Entry& e) {
  auto too_big = [&] {
    return Error(in.where(e), "too large for a file of one record (over " + std::to_string(max_one_record >> 20) +
                                  " MiB): not read");
  };
  if (e.size > max_one_record) throw too_big();
  std::string body = in.read(e);
  if (static_cast<int64_t>(body.size()) > max_one_record) throw too_big();
  return body;
}

/// A JSON file that is ONE record (a profile, an account, user.json, actor.json), read and parsed
/// whole: the one way the importers read a file whole. `c` is the run (ImportContext: its `in`
/// and `parser`); the element lives until the parser's next parse. Refuses a file over
/// max_one_record, and one that is not JSON, with an Error naming the archive and the path.
/// Everything else streams (each_item, each_keyed_item, JsonTreeWalker).
template <class Context>
JsonElement read_one_record(Context& c, const Entry& e) {
  std::string body = read_one_record_text(c.in, e);
  return c.parser.parse(strip_bom(body), c.in.where(e));
}

/// What each_item read from one file.
struct ItemsRead {
  std::string key;     ///< the top-level key that held the array ("" for a top-level array or a bare record)
  int64_t items = 0;   ///< items met (the bad ones included)
  int64_t bad = 0;     ///< items that could not be read, each warned
  bool found = false;  ///< the array (or the bare record) was there
  std::string broken;  ///< why the rest of the file was not read ("" when it was read to its end)
};

namespace json_walk_detail {

// Keys that belong to a record itself: a Meta-style file whose first key is one of them holds one
// bare record, not a list under that key.
inline bool record_key(std::string_view k) {
  static constexpr std::string_view keys[] = {"label_values", "timestamp", "media", "fbid", "title", "data",
                                              "attachments", "string_map_data", "string_list_data",
                                              "media_list_data", "participants", "messages", "name", "uri"};
  for (std::string_view x : keys)
    if (k == x) return true;
  return false;
}

// The first key of a top-level object and the character that opens its value.
inline bool first_key(std::string_view s, std::string& key, char& opens) {
  size_t i = s.find('{');
  if (i == std::string_view::npos) return false;
  i = s.find('"', i);
  if (i == std::string_view::npos) return false;
  size_t j = s.find('"', i + 1);
  if (j == std::string_view::npos) return false;
  key = std::string(s.substr(i + 1, j - i - 1));
  size_t k = s.find(':', j);
  if (k == std::string_view::npos) return false;
  k = s.find_first_not_of(" \t\r\n", k + 1);
  if (k == std::string_view::npos) return false;
  opens = s[k];
  return true;
}

}  // namespace json_walk_detail

/// Where each_item finds a file's items: the array under a top-level key ("" for the first array
/// of the file), or, by_shape(), where Meta's data files hold them.
struct ItemsAt {
  ItemsAt(std::string k) : key(std::move(k)) {}  // NOLINT: a key is where the items are
  static ItemsAt by_shape() {
    ItemsAt a("");
    a.shape = true;
    return a;
  }
  std::string key;
  bool shape = false;
};

/// each_item's walk over an array already parsed (a file read whole): fn(item, prefix + index)
/// for each element; an item for which fn throws Error is warned and counted in `bad`, and the
/// walk goes on.
template <class Fn>
ItemsRead each_parsed(Log& log, const std::string& where, simdjson::dom::array a, const std::string& prefix, Fn& fn) {
  ItemsRead r;
  r.found = true;
  for (JsonElement x : a) {
    std::string ptr = prefix + std::to_string(r.items++);
    try {
      fn(x, ptr);
    } catch (const Error& err) {
      ++r.bad;
      log.warn(where + " " + ptr, err.message());
    }
  }
  if (r.bad) log.partial(where, std::to_string(r.bad) + " items could not be read");
  return r;
}

/// The one item walk. Calls fn(item, pointer) for each record of the JSON file `e`, streaming
/// (JsonArrayScanner: one item parsed at a time, memory flat however big the file):
///  - `at` a key: the elements of the array under that top-level key, or with key "" the first
///    array of the file (a top-level array, also after a JavaScript prefix such as X's
///    `window.YTD.tweets.part0 = `);
///  - `at` ItemsAt::by_shape() (the shapes of Meta's data files): the elements of a top-level array, of the
///    array under the first top-level key (`{"friends_v2": [...]}`), or the object itself when the
///    file is one bare record (its first key belongs to a record: `label_values`, `timestamp`...;
///    such a file is parsed whole, as one item).
/// An item that is not valid JSON, or for which fn throws Error, is warned (archive, path and
/// pointer) and counted in `bad`, and the walk goes on; a string cut at 16 MiB is warned as
/// partial. A file that breaks off stops the walk: the reason is in `broken`, warned as partial.
/// Gives no verdict: the caller makes one from the counts (scan_json_items does).
/// With `whole_below`, a JSON file smaller than that many bytes is read and parsed whole (one
/// simdjson parse is faster than an item at a time; memory stays bounded by the limit), the same
/// items with the same pointers; one that does not parse whole is streamed, so its good items are
/// still read. fn must not parse with `parser` then (the items live in its document).
template <class Fn>
ItemsRead each_item(const Archive& in, Log& log, JsonParser& parser, const Entry& e,
                    const ItemsAt& at, Fn fn, int64_t whole_below = 0) {
  ItemsRead r;
  std::string where = in.where(e);
  bool bare = false;
  if (!at.shape) {
    r.key = at.key;
  } else {
    std::string head = in.head(e, 4096);
    std::string_view h = trim(strip_bom(head));
    if (h.empty()) return r;
    std::string first;
    char opens = 0;
    if (h.front() != '[' && json_walk_detail::first_key(h, first, opens) && opens == '[' &&
        !json_walk_detail::record_key(first))
      r.key = first;
    bare = h.front() != '[' && r.key.empty();
  }
  auto one = [&](std::string_view text, const std::string& ptr) {
    ++r.items;
    try {
      fn(parser.parse(text, where + (ptr.empty() ? "" : " " + ptr)), ptr);
    } catch (const Error& err) {
      ++r.bad;
      log.warn(where + (ptr.empty() ? "" : " " + ptr), err.message());
    }
  };
  if (bare) {  // one record: its failure is the file's (thrown to the caller's error boundary)
    std::string body = in.read(e);
    JsonElement doc = parser.parse(strip_bom(body), where);
    r.found = true;
    r.items = 1;
    fn(doc, std::string());
    return r;
  }
  if (e.size >= 0 && e.size < whole_below) {
    std::string body = in.read(e);
    std::string_view text = trim(strip_bom(body));
    if (!text.empty() && (text.front() == '[' || text.front() == '{')) {
      JsonElement doc;
      bool parsed = true;
      try {
        doc = parser.parse(text, where);
      } catch (const Error&) {
        parsed = false;  // streamed below, item by item
      }
      simdjson::dom::array arr;
      if (parsed && (r.key.empty() ? !doc.get_array().get(arr) : json_array(doc, r.key, arr))) {
        std::string k = r.key;
        r = each_parsed(log, where, arr, k.empty() ? "/" : "/" + k + "/", fn);
        r.key = k;
        return r;
      }
    }
  }
  try {
    auto stream = in.open(e);
    JsonArrayScanner scan(*stream, where, r.key);
    std::string text;
    std::string prefix = r.key.empty() ? "/" : "/" + r.key + "/";
    while (scan.next(text)) {
      std::string ptr = prefix + std::to_string(scan.index());
      if (scan.truncated())
        log.partial(where + " " + ptr, std::to_string(scan.truncated()) + " strings longer than 16 MiB kept only their first 16 MiB");
      one(text, ptr);
    }
    r.found = scan.found();
  } catch (const Error& err) {
    r.found = true;
    r.broken = err.message();
    log.partial(describe(err), "the rest of the file is not read");
    return r;
  }
  if (r.bad) log.partial(where, std::to_string(r.bad) + " items could not be read");
  return r;
}

/// The values of a JSON file that `visit` takes, streamed with JsonTreeWalker and each parsed on
/// its own: visit(path, opens, in_array) says, at each value, whether to descend into it, take it
/// (fn(path, item, pointer) gets it parsed), skip it or stop (JsonTreeWalker::Visit). An item
/// that is not valid JSON, or for which fn throws Error, is warned (archive, path and pointer)
/// and counted in `bad`, and the walk goes on; a string cut at 16 MiB is warned as partial; a
/// file that breaks off stops the walk (the reason in `broken`, warned as partial).
template <class Visit, class Fn>
ItemsRead walk_items(const Archive& in, Log& log, JsonParser& parser, const Entry& e, Visit visit, Fn fn) {
  using Path = JsonTreeWalker::Path;
  ItemsRead r;
  std::string where = in.where(e);
  try {
    auto stream = in.open(e);
    JsonTreeWalker w(*stream, where);
    w.visit = [&](const Path& p, char opens) { return visit(p, opens, w.in_array()); };
    w.take = [&](const Path& p, std::string_view text) {
      std::string ptr = JsonTreeWalker::pointer(p);
      if (w.truncated())
        log.partial(where + " " + ptr, std::to_string(w.truncated()) + " strings longer than 16 MiB kept only their first 16 MiB");
      ++r.items;
      try {
        fn(p, parser.parse(text, where + " " + ptr), ptr);
      } catch (const Error& err) {
        ++r.bad;
        log.warn(where + " " + ptr, err.message());
      }
    };
    w.run();
  } catch (const Error& err) {
    r.broken = err.message();
    log.partial(describe(err), "the rest of the file is not read");
    return r;
  }
  if (r.bad) log.partial(where, std::to_string(r.bad) + " items could not be read");
  return r;
}

/// The items of the lists and maps under a JSON file's top-level keys (walk_items: a file of
/// several lists, such as Instagram's 2018-20 comments.json or connections.json, read in one
/// pass whatever its size): fn(key, name, item, pointer) for each element of an array (`name`
/// its index) or member of an object (`name` its key) that is the value of a top-level key among
/// `keys`; key "" stands for a top-level array. Everything else is read past without being kept.
/// `found` says whether any of the keys was there.
template <class Fn>
ItemsRead each_keyed_item(const Archive& in, Log& log, JsonParser& parser, const Entry& e,
                          std::initializer_list<std::string_view> keys, Fn fn) {
  using Path = JsonTreeWalker::Path;
  using Visit = JsonTreeWalker::Visit;
  bool found = false;
  auto wanted = [&](std::string_view k) { return std::find(keys.begin(), keys.end(), k) != keys.end(); };
  auto visit = [&](const Path& p, char opens, bool in_array) {
    if (p.empty()) {
      if (opens == '[' && wanted("")) found = true;
      return opens == '{' || found ? Visit::descend : Visit::skip;
    }
    if (p.size() > 1 || in_array) return Visit::take;  // an item
    if (p[0].empty() || !wanted(p[0]) || (opens != '[' && opens != '{')) return Visit::skip;
    found = true;
    return Visit::descend;
  };
  ItemsRead r = walk_items(in, log, parser, e, visit, [&](const Path& p, JsonElement item, const std::string& ptr) {
    fn(p.size() == 1 ? std::string() : p[0], p.back(), item, ptr);
  });
  r.found = found;
  return r;
}

/// Streams the array of a JSON file that may be huge (the first array, skipping a JavaScript
/// prefix, or the array under a top-level `key`) with each_item, and gives the entry its verdict,
/// noted with `what`: partial when items were bad or the file breaks off, failed when nothing
/// could be read or the array is missing.
template <class Fn>
void scan_json_items(const Archive& in, Sink& out, Log& log, JsonParser& parser, const Entry& e,
                     const std::string& key, const std::string& what, Fn fn) {
  ItemsRead r = each_item(in, log, parser, e, key, fn);
  if (!r.broken.empty()) return out.file(e, r.items ? Fate::partial : Fate::failed, r.broken);
  if (!r.found) {
    log.partial(in.where(e), "no " + key + " array");
    return out.file(e, Fate::failed, "no " + key + " array");
  }
  out.file(e, r.bad ? Fate::partial : Fate::parsed, what + ", " + std::to_string(r.items) + " items");
}

/// A rule's reader whose file is one streamed array: scan_json_items over the context's archive,
/// sink, log and parser. The scan gives the entry its verdict, so the reader's is Fate::unknown.
template <class Fn>
Verdict scan_items(ImportContext& c, const Entry& e, const std::string& key, const std::string& what, Fn fn) {
  scan_json_items(c.in, c.out, c.log, c.parser, e, key, what, fn);
  return {Fate::unknown, ""};
}

}  // namespace dataport
