#include "lib/car.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "lib/base.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/text.h"

namespace dataport {
namespace {

constexpr std::string_view base32_alphabet = "abcdefghijklmnopqrstuvwxyz234567";

std::string base32_lower(std::string_view bytes) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char ch : bytes) {
    acc = (acc << 8) | ch;
    bits += 8;
    while (bits >= 5) {
      out += base32_alphabet[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += base32_alphabet[(acc << (5 - bits)) & 31];
  return out;
}

std::optional<std::string> base32_decode(std::string_view text) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char ch : text) {
    char l = ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
    size_t v = base32_alphabet.find(l);
    if (v == std::string_view::npos) return std::nullopt;
    acc = (acc << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((acc >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0) return std::nullopt;  // impossible length or stray bits
  return out;
}

// An unsigned LEB128 varint at bytes[pos]; advances pos. At most 9 bytes (63 bits), as multiformats allow.
std::optional<uint64_t> uvarint(std::string_view bytes, size_t& pos) {
  uint64_t v = 0;
  for (int i = 0; i < 9; ++i) {
    if (pos >= bytes.size()) return std::nullopt;
    auto b = static_cast<unsigned char>(bytes[pos++]);
    v |= uint64_t{b & 0x7fu} << (7 * i);
    if (!(b & 0x80)) return v;
  }
  return std::nullopt;
}

std::string put_uvarint(uint64_t v) {
  std::string out;
  do {
    auto b = static_cast<unsigned char>(v & 0x7f);
    v >>= 7;
    if (v) b |= 0x80;
    out += static_cast<char>(b);
  } while (v);
  return out;
}

class CborDecoder {
 public:
  CborDecoder(std::string_view b, const std::string& where, const DagCborLimits& l) : b_(b), where_(where), limits_(l) {}

  json value(int depth) {
    if (depth > limits_.max_depth) fail("nested deeper than " + std::to_string(limits_.max_depth) + " levels");
    unsigned char ib = byte();
    int major = ib >> 5, info = ib & 31;
    if (major == 7) return simple(info);
    uint64_t n = argument(info);
    switch (major) {
      case 0:
        return n;
      case 1:
        if (n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) fail("a negative integer below -2^63");
        return -1 - static_cast<int64_t>(n);
      case 2:
        return {{"$bytes", base64_encode(string(n))}};
      case 3: {
        std::string_view s = string(n);
        if (!valid_utf8(s)) fail("a text string that is not UTF-8");
        return std::string(s);
      }
      case 4: {
        count(n);
        json a = json::array();
        for (uint64_t i = 0; i < n; ++i) a.push_back(value(depth + 1));
        return a;
      }
      case 5: {
        count(n);
        json m = json::object();
        for (uint64_t i = 0; i < n; ++i) {
          unsigned char kb = byte();
          if ((kb >> 5) != 3) fail("a map key that is not a text string");
          std::string_view k = string(argument(kb & 31));
          if (!valid_utf8(k)) fail("a map key that is not UTF-8");
          std::string key(k);
          if (m.contains(key)) fail("the map key '" + key + "' twice");
          m[key] = value(depth + 1);
        }
        return m;
      }
      default: {  // 6: a tag
        if (n != 42) fail("tag " + std::to_string(n) + " (DAG-CBOR allows only tag 42, a link)");
        unsigned char lb = byte();
        if ((lb >> 5) != 2) fail("a link (tag 42) that is not a byte string");
        std::string_view raw = string(argument(lb & 31));
        if (raw.empty() || raw[0] != '\0') fail("a link (tag 42) without its 0x00 prefix");
        raw.remove_prefix(1);
        auto cid = parse_cid(raw);
        if (!cid || cid->size != raw.size()) fail("a link (tag 42) that is not a CID");
        return {{"$link", cid_text(raw)}};
      }
    }
  }

  void finish() {
    if (pos_ != b_.size()) fail(std::to_string(b_.size() - pos_) + " bytes after the value");
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw Error(where_, "DAG-CBOR: " + what + " (byte " + std::to_string(pos_) + ")");
  }
  unsigned char byte() {
    if (pos_ >= b_.size()) fail("the value ends early");
    return static_cast<unsigned char>(b_[pos_++]);
  }
  uint64_t argument(int info) {
    if (info < 24) return static_cast<uint64_t>(info);
    if (info == 31) fail("an indefinite length (DAG-CBOR allows definite lengths only)");
    if (info > 27) fail("a reserved additional information value " + std::to_string(info));
    int width = 1 << (info - 24);
    uint64_t v = 0;
    for (int i = 0; i < width; ++i) v = (v << 8) | byte();
    return v;
  }
  std::string_view string(uint64_t n) {
    if (n > limits_.max_string) fail("a string of " + std::to_string(n) + " bytes");
    if (n > b_.size() - pos_) fail("a string longer than the data left");
    std::string_view s = b_.substr(pos_, static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return s;
  }
  void count(uint64_t n) {
    // Every item takes a byte at least: a count past what is left is a lie, not an allocation.
    if (n > b_.size() - pos_) fail("more items than bytes left");
    items_ += static_cast<size_t>(n);
    if (items_ > limits_.max_items) fail("more than " + std::to_string(limits_.max_items) + " items");
  }
  json simple(int info) {
    switch (info) {
      case 20: return false;
      case 21: return true;
      case 22: return nullptr;
      case 23: fail("undefined (not in DAG-CBOR)");
      case 25: case 26: case 27: {
        double d = 0;
        if (info == 27) {
          uint64_t bits = argument(27);
          std::memcpy(&d, &bits, 8);
        } else if (info == 26) {
          auto bits = static_cast<uint32_t>(argument(26));
          float f = 0;
          std::memcpy(&f, &bits, 4);
          d = f;
        } else {  // half precision (RFC 8949 appendix D)
          auto h = static_cast<unsigned>(argument(25));
          unsigned exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
          d = exp == 0 ? std::ldexp(mant, -24) : exp == 31 ? NAN : std::ldexp(mant + 1024, static_cast<int>(exp) - 25);
          if (h & 0x8000) d = -d;
        }
        if (!std::isfinite(d)) fail("a NaN or infinite float");
        return d;
      }
      default:
        fail(info == 31 ? std::string("a break outside an indefinite item") : "the simple value " + std::to_string(info));
    }
  }

  std::string_view b_;
  const std::string& where_;
  const DagCborLimits& limits_;
  size_t pos_ = 0, items_ = 0;
};

}  // namespace

std::optional<CidInfo> parse_cid(std::string_view bytes) {
  CidInfo c;
  size_t pos = 0;
  if (bytes.size() >= 2 && bytes[0] == 0x12 && bytes[1] == 0x20) {  // CIDv0: a bare sha2-256 multihash
    if (bytes.size() < 34) return std::nullopt;
    c.version = 0, c.codec = 0x70, c.hash = 0x12, c.digest = std::string(bytes.substr(2, 32)), c.size = 34;
    return c;
  }
  auto version = uvarint(bytes, pos), codec = version ? uvarint(bytes, pos) : std::nullopt;
  auto hash = codec ? uvarint(bytes, pos) : std::nullopt, len = hash ? uvarint(bytes, pos) : std::nullopt;
  if (!len || *version != 1 || *len > 128 || *len > bytes.size() - pos) return std::nullopt;
  c.codec = *codec, c.hash = *hash, c.digest = std::string(bytes.substr(pos, static_cast<size_t>(*len)));
  c.size = pos + static_cast<size_t>(*len);
  return c;
}

std::string cid_text(std::string_view binary) {
  if (binary.size() == 34 && binary[0] == 0x12) return base58btc_encode(binary);
  return "b" + base32_lower(binary);
}

std::optional<std::string> cid_from_text(std::string_view text) {
  std::optional<std::string> raw;
  if (text.size() == 46 && text.substr(0, 2) == "Qm") raw = base58btc_decode(text);
  else if (text.size() > 8 && (text[0] == 'b' || text[0] == 'B')) raw = base32_decode(text.substr(1));
  if (!raw) return std::nullopt;
  auto c = parse_cid(*raw);
  if (!c || c->size != raw->size()) return std::nullopt;
  return raw;
}

std::string cid_of(std::string_view bytes, uint64_t codec) {
  return put_uvarint(1) + put_uvarint(codec) + put_uvarint(0x12) + put_uvarint(32) + sha256_raw(bytes);
}

json decode_dag_cbor(std::string_view bytes, const std::string& where, const DagCborLimits& limits) {
  CborDecoder d(bytes, where, limits);
  json v = d.value(0);
  d.finish();
  return v;
}

CarReader::CarReader(Stream& s, std::string where, CarLimits limits)
    : s_(s), where_(std::move(where)), limits_(limits), buf_(64 * 1024) {
  uint64_t len = 0;
  if (!read_varint(len, true)) throw Error(where_, "empty file: not a CAR file");
  if (len == 0 || len > limits_.max_header) throw Error(where_, "not a CAR file (a header of " + std::to_string(len) + " bytes)");
  std::string header;
  read_exact(header, static_cast<size_t>(len));
  json h = decode_dag_cbor(header, where_ + ": CAR header");
  if (!h.is_object() || !h.contains("version")) throw Error(where_, "not a CAR file (the header has no version)");
  if (h["version"] == 2)
    throw Error(where_, "a CAR v2 file (indexed): dataport reads CAR v1, as atproto writes it",
                "unwrap it with `car inspect`/`go-car` tools, or export the repository again");
  if (h["version"] != 1) throw Error(where_, "CAR version " + h["version"].dump() + ": dataport reads CAR v1");
  if (!h.contains("roots") || !h["roots"].is_array()) throw Error(where_, "the CAR header has no roots");
  for (const json& r : h["roots"]) {
    // A map that merely has a "$link" key is not a link: only tag 42 gives a CID that parses.
    auto raw = r.is_object() && r.size() == 1 && r.contains("$link") && r["$link"].is_string()
                   ? cid_from_text(r["$link"].get<std::string>())
                   : std::nullopt;
    if (!raw) throw Error(where_, "a CAR root that is not a link");
    roots_.push_back(*raw);
  }
}

int CarReader::get() {
  if (pos_ == end_) {
    end_ = s_.read(buf_.data(), buf_.size());
    pos_ = 0;
    if (end_ == 0) return -1;
  }
  ++offset_;
  return static_cast<unsigned char>(buf_[pos_++]);
}

bool CarReader::read_varint(uint64_t& v, bool eof_ok) {
  v = 0;
  for (int i = 0; i < 9; ++i) {
    int b = get();
    if (b < 0) {
      if (i == 0 && eof_ok) return false;
      throw Error(where_, "the CAR file ends inside a length (byte " + std::to_string(offset_) + ")");
    }
    v |= uint64_t{static_cast<unsigned>(b) & 0x7fu} << (7 * i);
    if (!(b & 0x80)) return true;
  }
  throw Error(where_, "a length varint longer than 9 bytes at byte " + std::to_string(offset_));
}

void CarReader::read_exact(std::string& out, size_t n) {
  out.clear();
  out.reserve(n);
  while (out.size() < n) {
    if (pos_ == end_) {
      end_ = s_.read(buf_.data(), buf_.size());
      pos_ = 0;
      if (end_ == 0)
        throw Error(where_, "the CAR file ends early (" + std::to_string(n - out.size()) + " bytes of a " +
                                std::to_string(n) + "-byte item missing at byte " + std::to_string(offset_) + ")");
    }
    size_t k = std::min(n - out.size(), end_ - pos_);
    out.append(buf_.data() + pos_, k);
    pos_ += k;
    offset_ += static_cast<int64_t>(k);
  }
}

bool CarReader::next(CarBlock& b) {
  int64_t at = offset_;
  uint64_t len = 0;
  if (!read_varint(len, true)) return false;
  b.number = ++blocks_;
  b.offset = at;
  b.bad.clear();
  std::string block_where = where_ + ": block " + std::to_string(b.number) + " at byte " + std::to_string(at);
  if (blocks_ > limits_.max_blocks) throw Error(where_, "more than " + std::to_string(limits_.max_blocks) + " blocks");
  if (len == 0 || len > limits_.max_block) throw Error(block_where, "a block of " + std::to_string(len) + " bytes");
  std::string all;
  read_exact(all, static_cast<size_t>(len));
  auto cid = parse_cid(all);
  if (!cid) throw Error(block_where, "the block does not start with a CID");
  b.cid = all.substr(0, cid->size);
  b.data = all.substr(cid->size);
  if (cid->hash == 0x12 && cid->digest.size() == 32) {
    if (sha256_raw(b.data) != cid->digest)
      b.bad = "its bytes hash to " + cid_text(cid_of(b.data, cid->codec)) + ", not to its CID";
  } else if (cid->hash == 0x00) {
    if (cid->digest != b.data) b.bad = "its bytes differ from its identity CID";
  } else {
    b.bad = "its CID uses hash function 0x" + to_hex(put_uvarint(cid->hash)) + ", which dataport cannot check";
  }
  return true;
}

std::string CarReader::where(const CarBlock& b) const {
  return where_ + ": block " + std::to_string(b.number) + " at byte " + std::to_string(b.offset) + " (" + cid_text(b.cid) + ")";
}

}  // namespace dataport
