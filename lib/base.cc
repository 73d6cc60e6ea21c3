#include "lib/base.h"

#include <array>
#include <vector>

namespace dataport {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

const char b64_std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const char b64_url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const char b58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

std::string base64_with(std::string_view bytes, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = uint32_t(uint8_t(bytes[i])) << 16 | uint32_t(uint8_t(bytes[i + 1])) << 8 | uint8_t(bytes[i + 2]);
    out.push_back(alphabet[v >> 18 & 63]);
    out.push_back(alphabet[v >> 12 & 63]);
    out.push_back(alphabet[v >> 6 & 63]);
    out.push_back(alphabet[v & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t v = uint32_t(uint8_t(bytes[i])) << 16;
    out.push_back(alphabet[v >> 18 & 63]);
    out.push_back(alphabet[v >> 12 & 63]);
    if (pad) out += "==";
  } else if (rest == 2) {
    uint32_t v = uint32_t(uint8_t(bytes[i])) << 16 | uint32_t(uint8_t(bytes[i + 1])) << 8;
    out.push_back(alphabet[v >> 18 & 63]);
    out.push_back(alphabet[v >> 12 & 63]);
    out.push_back(alphabet[v >> 6 & 63]);
    if (pad) out.push_back('=');
  }
  return out;
}

int b64url_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

}  // namespace

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = hex_value(hex[i]), lo = hex_value(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

std::string base64_encode(std::string_view bytes) { return base64_with(bytes, b64_std, true); }

std::string base64url_encode(std::string_view bytes) { return base64_with(bytes, b64_url, false); }

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = b64url_value(c);
    if (v < 0) return std::nullopt;
    acc = acc << 6 | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>(acc >> bits & 0xff));
    }
  }
  // Leftover bits must be zero: "QQ" is "A", "QR" is not a canonical encoding of anything.
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::string mime_base64_decode(std::string_view text) {
  // The value of each byte: 0-63 for the alphabet, -1 for a byte to skip, -2 for '='.
  static const std::array<int8_t, 256> value = [] {
    std::array<int8_t, 256> t{};
    t.fill(-1);
    for (int i = 0; i < 64; ++i) t[static_cast<uint8_t>(b64_std[i])] = static_cast<int8_t>(i);
    t['='] = -2;
    return t;
  }();
  auto at = [&](size_t i) { return value[static_cast<uint8_t>(text[i])]; };
  std::string out(text.size() / 4 * 3 + 3, '\0');
  char* o = out.data();
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < text.size();) {
    // Four characters of the alphabet at a byte boundary (nearly all of a body): three bytes.
    if (bits == 0 && i + 4 <= text.size()) {
      int a = at(i), b = at(i + 1), c = at(i + 2), d = at(i + 3);
      if ((a | b | c | d) >= 0) {
        uint32_t v = uint32_t(a) << 18 | uint32_t(b) << 12 | uint32_t(c) << 6 | uint32_t(d);
        *o++ = static_cast<char>(v >> 16);
        *o++ = static_cast<char>(v >> 8 & 0xff);
        *o++ = static_cast<char>(v & 0xff);
        i += 4;
        continue;
      }
    }
    int v = at(i++);
    if (v == -2) break;
    if (v < 0) continue;
    acc = acc << 6 | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      *o++ = static_cast<char>(acc >> bits & 0xff);
    }
  }
  out.resize(static_cast<size_t>(o - out.data()));
  return out;
}

std::string quoted_printable_decode(std::string_view text, bool header) {
  std::string out;
  out.reserve(text.size());
  const size_t n = text.size();
  size_t run = 0;  // where the bytes not yet copied begin
  for (size_t i = 0; i < n; ++i) {
    char c = text[i];
    if (c != '=' && !(header && c == '_')) continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    if (c == '_') {
      out += ' ';
    } else if (i + 2 < n && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) << 4 | hex_value(text[i + 2]));
      i += 2;
      run = i + 1;
    } else if (i + 1 < n && (text[i + 1] == '\n' || text[i + 1] == '\r')) {
      while (i + 1 < n && (text[i + 1] == '\n' || text[i + 1] == '\r')) ++i;  // a soft line break
      run = i + 1;
    } else {
      out += '=';
    }
  }
  out.append(text.data() + run, n - run);
  return out;
}

std::string base58btc_encode(std::string_view bytes) {
  size_t zeros = 0;
  while (zeros < bytes.size() && bytes[zeros] == 0) ++zeros;
  // Big-number base conversion, base 256 -> base 58, digits little-endian.
  std::vector<uint8_t> digits;
  digits.reserve(bytes.size() * 138 / 100 + 1);
  for (size_t i = zeros; i < bytes.size(); ++i) {
    uint32_t carry = uint8_t(bytes[i]);
    for (auto& d : digits) {
      carry += uint32_t(d) << 8;
      d = static_cast<uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry) {
      digits.push_back(static_cast<uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::string out(zeros, '1');
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) out.push_back(b58[*it]);
  return out;
}

std::optional<std::string> base58btc_decode(std::string_view text) {
  static const std::array<int8_t, 128> table = [] {
    std::array<int8_t, 128> t{};
    t.fill(-1);
    for (int i = 0; i < 58; ++i) t[static_cast<size_t>(b58[i])] = static_cast<int8_t>(i);
    return t;
  }();
  size_t ones = 0;
  while (ones < text.size() && text[ones] == '1') ++ones;
  std::vector<uint8_t> bytes;  // little-endian
  for (size_t i = ones; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 128 || table[c] < 0) return std::nullopt;
    uint32_t carry = static_cast<uint32_t>(table[c]);
    for (auto& b : bytes) {
      carry += uint32_t(b) * 58;
      b = static_cast<uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    while (carry) {
      bytes.push_back(static_cast<uint8_t>(carry & 0xff));
      carry >>= 8;
    }
  }
  std::string out(ones, '\0');
  for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) out.push_back(static_cast<char>(*it));
  return out;
}

std::string multibase_encode(std::string_view bytes) { return "z" + base58btc_encode(bytes); }

std::optional<std::string> multibase_decode(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text[0] == 'z') return base58btc_decode(text.substr(1));
  if (text[0] == 'u') return base64url_decode(text.substr(1));
  return std::nullopt;
}

std::string multicodec_wrap(uint64_t code, std::string_view payload) {
  std::string out;
  do {
    auto byte = static_cast<uint8_t>(code & 0x7f);
    code >>= 7;
    if (code) byte |= 0x80;
    out.push_back(static_cast<char>(byte));
  } while (code);
  out.append(payload);
  return out;
}

std::optional<Multicodec> multicodec_unwrap(std::string_view bytes) {
  uint64_t code = 0;
  for (size_t i = 0; i < bytes.size() && i < 9; ++i) {
    auto b = static_cast<uint8_t>(bytes[i]);
    code |= uint64_t(b & 0x7f) << (7 * i);
    if (!(b & 0x80)) {
      if (i > 0 && b == 0) return std::nullopt;  // not minimal ("\x80\x00" for 0)
      return Multicodec{code, std::string(bytes.substr(i + 1))};
    }
  }
  return std::nullopt;
}

}  // namespace dataport
