// The JSON layer: dump_compact against nlohmann's dump, parse_json against nlohmann's own parse (same acceptance, same tree), the depth check, simdjson, the streaming array
// scanner (top-level array, JavaScript prefix, array under a key), the streaming tree walker, and
// simdjson -> nlohmann.

#include <cstdint>
#include <optional>
#include <string>

#include "fuzz/fuzz.h"
#include "credentials/jcs.h"
#include "lib/json.h"
#include "lib/json_dump.h"

using namespace dataport;

namespace {
// The same JSON types at every place (nlohmann's unsigned 5 and signed -5 print alike).
bool same_types(const json& a, const json& b) {
  if (a.type() != b.type() || a.size() != b.size()) return false;
  if (a.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it)
      if (!b.contains(it.key()) || !same_types(it.value(), b.at(it.key()))) return false;
  } else if (a.is_array()) {
    for (size_t i = 0; i < a.size(); ++i)
      if (!same_types(a[i], b[i])) return false;
  }
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // parse_json (simdjson first) and nlohmann's own parse agree: the same acceptance, the same tree.
  {
    std::optional<json> fast, ref;
    try {
      fast = parse_json(text, "fuzz");
    } catch (const Error&) {
    }
    try {
      ref = parse_json_reference(text, "fuzz");
    } catch (const Error&) {
    }
    if (fast.has_value() != ref.has_value())
      fuzz::finding(std::string("parse_json ") + (fast ? "accepts" : "refuses") + " what nlohmann " + (ref ? "accepts" : "refuses"));
    if (fast && (fast->dump() != ref->dump() || !same_types(*fast, *ref)))
      fuzz::finding("parse_json and nlohmann read the text into different trees: " + fast->dump() + " vs " + ref->dump());
  }
  try {
    json j = parse_json(text, "fuzz");
    // What parse_json accepts, every writer must be able to write back (dump, JCS), and
    // dump_compact must write it as nlohmann does, byte for byte.
    std::string dumped = j.dump(-1, ' ', false, json::error_handler_t::replace);
    if (dump_compact(j) != dumped) fuzz::finding("dump_compact differs from nlohmann's dump: " + dumped);
    try {
      jcs(j);
    } catch (const Error&) {
    }
  } catch (const Error&) {
  }
  try {
    parse_json_strict(text, "fuzz");
  } catch (const Error&) {
  }
  static JsonParser parser;
  try {
    simdjson::dom::element e = parser.parse(text, "fuzz");
    json n = to_nlohmann(e);
    if (dump_compact(n) != n.dump(-1, ' ', false, json::error_handler_t::replace))
      fuzz::finding("dump_compact differs from nlohmann's dump of a converted tree");
    if (e.is_object()) {
      json_string(e, "id");
      json_int(e, "id");
      json_double(e, "id");
    }
  } catch (const Error&) {
  }
  // The scanner reads the same elements (and fails alike) from reads of a few bytes as from one
  // read: with a bound of 64 bytes, the walk without checks (taken where no bound can be reached
  // before a block ends) runs in the short reads, the checked walk in the one read.
  for (size_t bound : {size_t{64}, size_t{1} << 20}) {
    auto scan_all = [&](Stream& s) {
      JsonArrayScanner scan(s, "fuzz", "", bound);
      std::string out, element;
      try {
        while (scan.next(element)) out += std::to_string(scan.index()) + "/" + std::to_string(scan.truncated()) + ":" + element + '\n';
        out += "end";
      } catch (const Error& e) {
        out += std::string("error ") + e.what();
      }
      return out;
    };
    MemoryStream whole{std::string(text)};
    fuzz::ShortReads dribble{text};
    if (scan_all(whole) != scan_all(dribble)) fuzz::finding("the array scanner reads other elements from short reads");
  }
  // The scanner, first over the first array of the stream, then under a top-level key.
  for (const char* key : {"", "conversations"}) {
    MemoryStream s{std::string(text)};
    JsonArrayScanner scan(s, "fuzz", key, 1 << 20);
    std::string element;
    try {
      while (scan.next(element)) {
        try {
          parser.parse(element, "fuzz element");
        } catch (const Error&) {
        }
      }
    } catch (const Error&) {
    }
  }
  // The tree walker: once descending everywhere and taking every scalar, once as TikTok's walk
  // does (lists descended, their items taken and parsed, the rest skipped), with a small bound.
  for (int mode = 0; mode < 2; ++mode) {
    MemoryStream s{std::string(text)};
    JsonTreeWalker w(s, "fuzz", 1 << 16);
    if (mode == 1)
      w.visit = [&](const JsonTreeWalker::Path& p, char opens) {
        if (w.in_array()) return JsonTreeWalker::Visit::take;
        if (!p.empty() && p.back() == "skip") return JsonTreeWalker::Visit::skip;
        if (!p.empty() && p.back() == "stop") return JsonTreeWalker::Visit::stop;
        return opens == '{' || opens == '[' ? JsonTreeWalker::Visit::descend : JsonTreeWalker::Visit::skip;
      };
    w.take = [&](const JsonTreeWalker::Path& p, std::string_view v) {
      JsonTreeWalker::pointer(p);
      try {
        parser.parse(v, "fuzz value");
      } catch (const Error&) {
      }
    };
    try {
      w.run();
    } catch (const Error&) {
    }
  }
  return 0;
}
