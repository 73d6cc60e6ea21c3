#pragma once
// A small DAG-CBOR and CAR writer for tests (lib/car.h reads them): JSON in, with atproto's
// {"$link": cid} and {"$bytes": base64} forms, map keys in DAG-CBOR order. repo_car() makes a
// whole repository with its records under one tree node, enough for the reader's tests.

#include <map>
#include <string>
#include <vector>

#include "lib/base.h"
#include "lib/car.h"

namespace dataport::test {

inline std::string cbor_head(int major, uint64_t n) {
  std::string out;
  auto m = static_cast<char>(major << 5);
  if (n < 24) return std::string(1, static_cast<char>(m | static_cast<char>(n)));
  int info = n < 0x100 ? 24 : n < 0x10000 ? 25 : n < 0x100000000ull ? 26 : 27;
  out += static_cast<char>(m | info);
  for (int i = (1 << (info - 24)) - 1; i >= 0; --i) out += static_cast<char>((n >> (8 * i)) & 0xff);
  return out;
}

/// DAG-CBOR of a JSON value ("$link" objects become tag 42; "$bytes" takes raw bytes as a string
/// under "$raw" to keep the test short).
inline std::string cbor(const json& v) {
  if (v.is_null()) return "\xf6";
  if (v.is_boolean()) return v.get<bool>() ? "\xf5" : "\xf4";
  if (v.is_number_unsigned()) return cbor_head(0, v.get<uint64_t>());
  if (v.is_number_integer()) {
    auto i = v.get<int64_t>();
    return i >= 0 ? cbor_head(0, static_cast<uint64_t>(i)) : cbor_head(1, static_cast<uint64_t>(-1 - i));
  }
  if (v.is_string()) return cbor_head(3, v.get_ref<const std::string&>().size()) + v.get<std::string>();
  if (v.is_array()) {
    std::string out = cbor_head(4, v.size());
    for (const json& x : v) out += cbor(x);
    return out;
  }
  if (v.is_object() && v.size() == 1 && v.contains("$link") && v["$link"].is_string())
    if (auto cid = cid_from_text(v["$link"].get<std::string>())) {  // else: a plain map, as hostile input has
      std::string raw = std::string(1, '\0') + *cid;
      return "\xd8\x2a" + cbor_head(2, raw.size()) + raw;
    }
  if (v.is_object() && v.size() == 1 && v.contains("$raw"))
    return cbor_head(2, v["$raw"].get_ref<const std::string&>().size()) + v["$raw"].get<std::string>();
  std::vector<std::string> keys;
  for (auto& [k, x] : v.items()) keys.push_back(k);
  std::sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  std::string out = cbor_head(5, keys.size());
  for (const std::string& k : keys) out += cbor(json(k)) + cbor(v[k]);
  return out;
}

inline std::string uvarint(uint64_t n) {
  std::string out;
  do {
    auto b = static_cast<char>(n & 0x7f);
    n >>= 7;
    out += static_cast<char>(b | (n ? 0x80 : 0));
  } while (n);
  return out;
}

inline json link(const std::string& binary_cid) { return {{"$link", cid_text(binary_cid)}}; }

/// One CAR block: length, CID, bytes.
inline std::string car_block(const std::string& cid, const std::string& data) { return uvarint(cid.size() + data.size()) + cid + data; }

/// A repository CAR: the records (key "collection/rkey" -> record) in one tree node, the commit
/// first. `tamper` is called on each record block's bytes after its CID is made (to break one).
inline std::string repo_car(const std::string& did, const std::map<std::string, json>& records,
                            std::function<void(const std::string&, std::string&)> tamper = nullptr) {
  std::string blocks;
  json entries = json::array();
  for (const auto& [key, rec] : records) {
    std::string data = cbor(rec), cid = cid_of(data);
    entries.push_back({{"p", 0}, {"k", {{"$raw", key}}}, {"v", link(cid)}, {"t", nullptr}});
    if (tamper) tamper(key, data);
    blocks += car_block(cid, data);
  }
  std::string node = cbor({{"e", entries}, {"l", nullptr}}), node_cid = cid_of(node);
  std::string commit = cbor({{"did", did}, {"version", 3}, {"rev", "3laaaaaaaaa22"}, {"data", link(node_cid)},
                             {"prev", nullptr}, {"sig", {{"$raw", std::string(64, 'S')}}}});
  std::string commit_cid = cid_of(commit);
  std::string header = cbor({{"version", 1}, {"roots", json::array({link(commit_cid)})}});
  return uvarint(header.size()) + header + car_block(commit_cid, commit) + car_block(node_cid, node) + blocks;
}

}  // namespace dataport::test
