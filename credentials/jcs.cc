#include "credentials/jcs.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <vector>

#include "lib/error.h"
#include "lib/json.h"
#include "lib/json_dump.h"
#include "lib/text.h"

namespace dataport {

namespace {

// UTF-16 code units of a UTF-8 string: RFC 8785 section 3.2.3 sorts member names by them, so
// U+1F602 (D83D DE02) sorts before U+FB33 although its UTF-8 bytes are larger.
std::u16string utf16_units(std::string_view s) {
  std::u16string out;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp;
    size_t len;
    if (c < 0x80) { cp = c; len = 1; }
    else if ((c >> 5) == 6) { cp = c & 0x1f; len = 2; }
    else if ((c >> 4) == 14) { cp = c & 0x0f; len = 3; }
    else { cp = c & 0x07; len = 4; }
    for (size_t k = 1; k < len && i + k < s.size(); ++k) cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xd800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xdc00 + (cp & 0x3ff)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

void put_string(std::string& out, std::string_view s) {
  if (!valid_utf8(s)) throw Error("jcs", "string is not valid utf-8");
  append_json_string(out, s);  // RFC 8785 3.2.2.2: the same escapes as nlohmann's
}

void put_value(std::string& out, const json& v) {
  switch (v.type()) {
    case json::value_t::null: out += "null"; break;
    case json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; break;
    case json::value_t::number_integer: out += jcs_number(static_cast<double>(v.get<int64_t>())); break;
    case json::value_t::number_unsigned: out += jcs_number(static_cast<double>(v.get<uint64_t>())); break;
    case json::value_t::number_float: out += jcs_number(v.get<double>()); break;
    case json::value_t::string: put_string(out, v.get_ref<const std::string&>()); break;
    case json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v) {
        if (!first) out.push_back(',');
        first = false;
        put_value(out, e);
      }
      out.push_back(']');
      break;
    }
    case json::value_t::object: {
      std::vector<std::pair<std::u16string, json::const_iterator>> members;
      members.reserve(v.size());
      for (auto it = v.begin(); it != v.end(); ++it) members.emplace_back(utf16_units(it.key()), it);
      std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      out.push_back('{');
      bool first = true;
      for (const auto& [units, it] : members) {
        if (!first) out.push_back(',');
        first = false;
        put_string(out, it.key());
        out.push_back(':');
        put_value(out, it.value());
      }
      out.push_back('}');
      break;
    }
    default: throw Error("jcs", "value cannot be canonicalised (binary or discarded)");
  }
}

// Rejects duplicate names while nlohmann's own parser checks the rest of the grammar.
class DuplicateCheck : public nlohmann::json_sax<json> {
 public:
  std::string duplicate;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    names_.emplace_back();
    return true;
  }
  bool key(string_t& k) override {
    if (!names_.back().insert(k).second) {
      duplicate = k;
      return false;
    }
    return true;
  }
  bool end_object() override {
    names_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    error = e.what();
    return false;
  }
  std::string error;

 private:
  std::vector<std::set<std::string>> names_;
};

}  // namespace

std::string jcs_number(double d) {
  if (!std::isfinite(d)) throw Error("jcs", "nan and infinity have no json form");
  if (d == 0) return "0";  // also -0
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));  // "-1.2345e+02": shortest digits
  std::string out;
  if (sci[0] == '-') {
    out.push_back('-');
    sci.remove_prefix(1);
  }
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e))
    if (c != '.') digits.push_back(c);
  int exp10 = 0;
  std::from_chars(sci.data() + e + (sci[e + 1] == '+' ? 2 : 1), sci.data() + sci.size(), exp10);
  int k = static_cast<int>(digits.size());
  int n = exp10 + 1;  // value = 0.digits * 10^n (ES2015 7.1.12.1)
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<size_t>(n));
    out.push_back('.');
    out += digits.substr(static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-n), '0');
    out += digits;
  } else {
    out.push_back(digits[0]);
    if (k > 1) {
      out.push_back('.');
      out += digits.substr(1);
    }
    out.push_back('e');
    out.push_back(n - 1 < 0 ? '-' : '+');
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

std::string jcs(const json& v) {
  std::string out;
  put_value(out, v);
  return out;
}

std::string string_member(const json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

json parse_json_strict(std::string_view text, const std::string& where) {
  check_json_depth(text, where);  // before any walker (sax, dump, jcs) can recurse
  DuplicateCheck check;
  bool ok = json::sax_parse(text.begin(), text.end(), &check);
  if (!check.duplicate.empty()) throw Error(where, "duplicate member name \"" + check.duplicate + "\"");
  if (!ok) throw Error(where, "not valid json: " + check.error);
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    throw Error(where, std::string("not valid json: ") + e.what());
  }
}

}  // namespace dataport
