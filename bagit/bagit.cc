#include "bagit/bagit.h"

#include <cctype>
#include <map>
#include <set>

#include "credentials/jcs.h"
#include "credentials/vc.h"
#include "lib/archive.h"
#include "lib/buffer.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/text.h"

namespace dataport {

std::string bag_encode_path(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string bag_decode_path(std::string_view path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size()) {
      std::string code = lower(path.substr(i + 1, 2));
      if (code == "25" || code == "0d" || code == "0a") {
        out += code == "25" ? '%' : code == "0d" ? '\r' : '\n';
        i += 2;
        continue;
      }
    }
    out += path[i];
  }
  return out;
}

namespace {

// Lines ending in LF, CRLF or CR (RFC 8493 allows all three in tag files).
std::vector<std::string> text_lines(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r' || c == '\n') {
      out.push_back(cur);
      cur.clear();
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

bool is_hex(std::string_view s) {
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return !s.empty();
}

// The hex length of a supported algorithm's digest, or 0.
size_t hex_length(std::string_view alg) { return alg == "sha256" ? 64 : alg == "sha512" ? 128 : 0; }

// "manifest-sha256.txt" -> "sha256" (or "" when the name is not a manifest of that prefix).
std::string manifest_alg(std::string_view rel, std::string_view prefix) {
  if (rel.rfind(prefix, 0) != 0 || rel.size() < prefix.size() + 5 || rel.substr(rel.size() - 4) != ".txt") return "";
  std::string alg(rel.substr(prefix.size(), rel.size() - prefix.size() - 4));
  return alg.find('/') == std::string::npos ? alg : "";
}

}  // namespace

std::vector<ManifestLine> parse_bag_manifest(std::string_view text, const std::string& name, size_t hex_len,
                                             std::vector<std::string>& problems) {
  std::vector<ManifestLine> out;
  std::set<std::string> seen;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) problems.push_back(name + ": starts with a byte order mark");
  int n = 0;
  for (const std::string& raw : text_lines(strip_bom(text))) {
    ++n;
    std::string where = name + " line " + std::to_string(n);
    if (trim(raw).empty()) continue;
    size_t sep = raw.find_first_of(" \t");
    if (sep == std::string::npos) {
      problems.push_back(where + ": no space between checksum and path");
      continue;
    }
    ManifestLine m;
    m.line = n;
    m.digest = lower(raw.substr(0, sep));
    size_t start = raw.find_first_not_of(" \t", sep);
    std::string_view rest = start == std::string::npos ? std::string_view() : std::string_view(raw).substr(start);
    if (!rest.empty() && rest[0] == '*') rest.remove_prefix(1);  // md5sum's binary marker
    if (!is_hex(m.digest) || (hex_len && m.digest.size() != hex_len)) {
      problems.push_back(where + ": \"" + ellipsize(m.digest, 20) + "\" is not a checksum of this algorithm");
      continue;
    }
    if (rest.empty()) {
      problems.push_back(where + ": no path after the checksum");
      continue;
    }
    std::string decoded = bag_decode_path(rest);
    try {
      m.path = normalise_entry_path(decoded, where);
    } catch (const Error& e) {
      problems.push_back(where + ": unsafe path \"" + repair_utf8(decoded) + "\": " + e.message());
      continue;
    }
    if (m.path.empty() || decoded[0] == '/' || decoded[0] == '~') {
      problems.push_back(where + ": unsafe path \"" + repair_utf8(decoded) + "\"");
      continue;
    }
    if (!seen.insert(m.path).second) {
      problems.push_back(where + ": " + m.path + " is listed twice");
      continue;
    }
    out.push_back(std::move(m));
  }
  return out;
}

BagInfo parse_bag_info(std::string_view text, std::vector<std::string>& problems) {
  BagInfo out;
  int n = 0;
  for (const std::string& line : text_lines(strip_bom(text))) {
    ++n;
    if (line.empty()) continue;
    if (line[0] == ' ' || line[0] == '\t') {
      if (out.empty()) problems.push_back("bag-info.txt line " + std::to_string(n) + ": a continuation with no label before it");
      else out.back().second += " " + std::string(trim(line));
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0 || trim(line.substr(0, colon)).empty()) {
      problems.push_back("bag-info.txt line " + std::to_string(n) + ": not a \"Label: value\" line");
      continue;
    }
    out.emplace_back(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
  }
  return out;
}

std::string bag_info_value(const BagInfo& info, std::string_view label) {
  for (const auto& [k, v] : info)
    if (iequals(k, label)) return v;
  return "";
}

std::string bag_info_line(std::string_view label, std::string_view value) {
  std::string out(label);
  out += ": ";
  for (char c : value) {
    if (c == '\r') continue;
    out += c;
    if (c == '\n') out += "  ";
  }
  return out + "\n";
}

namespace {

struct Digests {
  std::string sha256, sha512;
  int64_t size = 0;
};

// Hashes a whole entry with both algorithms; `keep` also returns its bytes (tag files).
// `on_read` (when set) hears of each chunk's size.
Digests hash_entry(const Archive& arc, const Entry& e, std::string* keep, int64_t keep_limit,
                   const std::function<void(size_t)>& on_read = nullptr) {
  Hasher h256(Hasher::Alg::sha256), h512(Hasher::Alg::sha512);
  auto s = arc.open(e);
  ChunkBuffer buf;
  Digests d;
  while (size_t n = s->read(buf.data(), buf.size())) {
    h256.update(buf.data(), n);
    h512.update(buf.data(), n);
    d.size += static_cast<int64_t>(n);
    if (keep && d.size <= keep_limit) keep->append(buf.data(), n);
    if (on_read) on_read(n);
  }
  d.sha256 = h256.hex();
  d.sha512 = h512.hex();
  return d;
}

const std::string& digest_of(const Digests& d, std::string_view alg) { return alg == "sha256" ? d.sha256 : d.sha512; }

void check_bagit_txt(const std::string& text, std::vector<std::string>& problems) {
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) problems.push_back("bagit.txt: starts with a byte order mark (RFC 8493 forbids it)");
  auto lines = text_lines(strip_bom(text));
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.size() != 2) {
    problems.push_back("bagit.txt: must hold exactly two lines, has " + std::to_string(lines.size()));
    if (lines.size() < 2) return;
  }
  const std::string v = "BagIt-Version: ", enc = "Tag-File-Character-Encoding: ";
  if (lines[0].rfind(v, 0) != 0) {
    problems.push_back("bagit.txt: the first line must be \"BagIt-Version: M.N\"");
  } else {
    std::string ver = lines[0].substr(v.size());
    size_t dot = ver.find('.');
    bool ok = dot != std::string::npos && dot > 0 && dot + 1 < ver.size();
    for (char c : ver) ok = ok && (std::isdigit(static_cast<unsigned char>(c)) || c == '.');
    if (!ok || (ver[0] != '1' && ver.rfind("0.9", 0) != 0)) problems.push_back("bagit.txt: unsupported BagIt-Version \"" + ver + "\"");
  }
  if (lines[1].rfind(enc, 0) != 0) problems.push_back("bagit.txt: the second line must be \"Tag-File-Character-Encoding: UTF-8\"");
  else if (!iequals(lines[1].substr(enc.size()), "UTF-8")) problems.push_back("bagit.txt: tag files encoded as " + lines[1].substr(enc.size()) + " are not supported (UTF-8 only)");
}

void check_provenance(const std::string& text, const std::map<std::string, std::string>& tags, const BagVerifyOptions& opt,
                      BagReport& rep) {
  const std::string name = bag_provenance_file;
  json doc;
  try {
    doc = parse_json_strict(text, name);
  } catch (const Error& e) {
    rep.problems.push_back(name + ": " + e.message());
    return;
  }
  DiVerifyOptions o;
  o.now = opt.now;
  VerifyResult v = di_verify(doc, o);
  if (!v.ok) {
    rep.problems.push_back(name + ": the credential does not verify: " + v.reason);
    return;
  }
  const json& subject = doc.contains("credentialSubject") ? doc["credentialSubject"] : json();
  std::string covered = string_member(subject, "manifest_sha256");
  auto it = tags.find("tagmanifest-sha256.txt");
  if (it == tags.end()) {
    rep.problems.push_back(name + ": the credential must cover tagmanifest-sha256.txt, which the bag must hold");
    return;
  }
  if (covered != sha256_hex(it->second)) {
    rep.problems.push_back(name + ": the credential covers another tagmanifest-sha256.txt (the bag's tag files changed after signing)");
    return;
  }
  rep.signer = doc["issuer"].is_object() ? string_member(doc["issuer"], "id") : string_member(doc, "issuer");
  rep.signed_at = string_member(doc, "validFrom");
  if (!opt.issuer.empty() && opt.issuer != rep.signer) {
    rep.problems.push_back(name + ": signed by " + rep.signer + ", not by the expected " + opt.issuer);
    return;
  }
  rep.signed_ = true;
  // The signature reaches a file only through tagmanifest-sha256.txt: a tag file it does not list
  // (added after signing, say) is not covered, and the verdict must say so.
  std::vector<std::string> ignored;
  std::set<std::string> listed;
  for (const ManifestLine& m : parse_bag_manifest(it->second, it->first, 64, ignored)) listed.insert(m.path);
  for (const auto& [rel, bytes] : tags) {
    if (rel == name || rel.rfind("tagmanifest-", 0) == 0 || listed.count(rel)) continue;
    rep.unsigned_files.push_back(rel);
    if (opt.require_signature) rep.problems.push_back(rel + ": not covered by the signature (tagmanifest-sha256.txt does not list it)");
  }
}

// The bag's files read and hashed: payload (data/...) digests; tag files' digests and bytes.
struct BagFiles {
  std::map<std::string, Digests> payload, tag_digests;
  std::map<std::string, std::string> tags;  // tag file -> bytes
};

// Entries inside a zip that is itself a payload file are not files of the bag.
struct Containers {
  explicit Containers(const Archive& arc) {
    for (const Entry& e : arc.entries())
      if (e.container) prefixes.insert(e.path + "/");
  }
  // Each folder p is in, looked up (not each container compared: thousands of zips in a bag).
  bool inside(const std::string& p) const {
    for (size_t slash = p.find('/'); slash != std::string::npos; slash = p.find('/', slash + 1))
      if (prefixes.count(p.substr(0, slash + 1))) return true;
    return false;
  }
  std::set<std::string> prefixes;
};

// Reads every file of the bag under rep.base once, hashing it (tag files are kept, up to 256 MiB);
// files outside the base and links are problems.
BagFiles read_bag(Archive& arc, const BagVerifyOptions& opt, BagReport& rep) {
  BagFiles f;
  Containers containers(arc);
  const int64_t tag_limit = int64_t{256} << 20;
  int64_t total = 0, done = 0;
  for (const Entry& e : arc.entries())
    if (!e.link && !e.container && e.size > 0 && !containers.inside(e.path)) total += e.size;
  std::function<void(size_t)> on_read;
  for (const Entry& e : arc.entries()) {
    if (containers.inside(e.path)) continue;
    if (opt.progress)
      on_read = [&](size_t n) {
        done += static_cast<int64_t>(n);
        opt.progress(done, total, e.path);
      };
    if (e.path.rfind(rep.base, 0) != 0) {
      if (!e.junk) rep.problems.push_back(e.path + ": outside the bag's base folder " + rep.base);
      continue;
    }
    std::string rel = e.path.substr(rep.base.size());
    if (e.link) {
      rep.problems.push_back(rel + ": a link or special file; a bag holds regular files only");
      continue;
    }
    if (rel.rfind("data/", 0) == 0) {
      f.payload[rel] = hash_entry(arc, e, nullptr, 0, on_read);
    } else {
      std::string bytes;
      Digests d = hash_entry(arc, e, &bytes, tag_limit, on_read);
      if (d.size > tag_limit) rep.problems.push_back(rel + ": a tag file of " + std::to_string(d.size) + " bytes is too big to check");
      f.tag_digests[rel] = d;
      f.tags[rel] = std::move(bytes);
    }
  }
  for (const auto& [rel, d] : f.payload) {
    ++rep.payload_files;
    rep.payload_bytes += d.size;
  }
  return f;
}

// bag-info.txt parsed into rep.info, its Payload-Oxum checked against the payload read.
void check_bag_info(const BagFiles& f, BagReport& rep) {
  auto it = f.tags.find("bag-info.txt");
  if (it == f.tags.end()) return;
  rep.info = parse_bag_info(it->second, rep.problems);
  std::string oxum = bag_info_value(rep.info, "Payload-Oxum");
  if (oxum.empty()) return;
  std::string want = std::to_string(rep.payload_bytes) + "." + std::to_string(rep.payload_files);
  if (oxum != want) rep.problems.push_back("bag-info.txt: Payload-Oxum says " + oxum + " (bytes.files) but the payload is " + want);
}

// Payload manifests: every line present and matching, every payload file in every manifest.
void check_payload_manifests(const BagFiles& f, BagReport& rep) {
  auto& problems = rep.problems;
  for (const auto& [rel, text] : f.tags) {
    std::string alg = manifest_alg(rel, "manifest-");
    if (alg.empty()) continue;
    rep.algorithms.push_back(alg);
    if (!hex_length(alg)) {
      problems.push_back(rel + ": checksums of algorithm " + alg + " cannot be checked (dataport checks sha256 and sha512)");
      continue;
    }
    auto lines = parse_bag_manifest(text, rel, hex_length(alg), problems);
    std::set<std::string> listed;
    for (const ManifestLine& m : lines) {
      listed.insert(m.path);
      if (m.path.rfind("data/", 0) != 0) {
        problems.push_back(rel + " line " + std::to_string(m.line) + ": " + m.path + " is not under data/");
        continue;
      }
      auto p = f.payload.find(m.path);
      if (p == f.payload.end()) problems.push_back(m.path + ": listed in " + rel + " but missing from the bag");
      else if (digest_of(p->second, alg) != m.digest) problems.push_back(m.path + ": " + alg + " checksum does not match " + rel);
    }
    for (const auto& [path, d] : f.payload)
      if (!listed.count(path)) problems.push_back(path + ": a payload file " + rel + " does not list");
  }
  if (rep.algorithms.empty()) problems.push_back("manifest-sha512.txt: no payload manifest (manifest-ALG.txt) in the bag");
}

// Tag manifests: tag files only, each present and matching.
void check_tag_manifests(const BagFiles& f, std::vector<std::string>& problems) {
  for (const auto& [rel, text] : f.tags) {
    std::string alg = manifest_alg(rel, "tagmanifest-");
    if (alg.empty()) continue;
    if (!hex_length(alg)) {
      problems.push_back(rel + ": checksums of algorithm " + alg + " cannot be checked (dataport checks sha256 and sha512)");
      continue;
    }
    for (const ManifestLine& m : parse_bag_manifest(text, rel, hex_length(alg), problems)) {
      if (m.path.rfind("data/", 0) == 0) {
        problems.push_back(rel + " line " + std::to_string(m.line) + ": lists the payload file " + m.path + " (tag files only)");
        continue;
      }
      if (m.path.rfind("tagmanifest-", 0) == 0) {
        problems.push_back(rel + " line " + std::to_string(m.line) + ": lists a tag manifest, " + m.path);
        continue;
      }
      auto t = f.tag_digests.find(m.path);
      if (t == f.tag_digests.end()) problems.push_back(m.path + ": listed in " + rel + " but missing from the bag");
      else if (digest_of(t->second, alg) != m.digest) problems.push_back(m.path + ": " + alg + " checksum does not match " + rel);
    }
  }
}

}  // namespace

std::optional<std::string> bag_base(const Archive& arc, size_t* count) {
  std::vector<std::string> bases;
  for (const Entry& e : arc.entries()) {
    if (e.path == "bagit.txt") bases.push_back("");
    else if (e.path.size() > 10 && e.path.compare(e.path.size() - 10, 10, "/bagit.txt") == 0 &&
             e.path.find('/') == e.path.size() - 10)
      bases.push_back(e.path.substr(0, e.path.size() - 9));
  }
  if (count) *count = bases.size();
  if (bases.size() != 1) return std::nullopt;
  return bases[0];
}

BagReport verify_bag(const std::vector<std::string>& paths, const BagVerifyOptions& opt) {
  BagReport rep;
  Archive arc(paths);
  size_t count = 0;
  auto base = bag_base(arc, &count);
  if (!base) {
    if (count > 1) rep.problems.push_back(arc.name() + ": " + std::to_string(count) + " bags in one archive (one bag per archive)");
    else rep.problems.push_back(arc.name() + ": no bagit.txt at the top or in one top-level folder: not a BagIt bag");
    return rep;
  }
  rep.base = *base;
  BagFiles files = read_bag(arc, opt, rep);
  check_bagit_txt(files.tags["bagit.txt"], rep.problems);
  check_bag_info(files, rep);
  check_payload_manifests(files, rep);
  check_tag_manifests(files, rep.problems);
  if (auto it = files.tags.find(bag_provenance_file); it != files.tags.end()) check_provenance(it->second, files.tags, opt, rep);
  else if (opt.require_signature || !opt.issuer.empty())
    rep.problems.push_back(std::string(bag_provenance_file) + ": missing: the bag is not signed");
  return rep;
}

}  // namespace dataport
