// dataport export bundle: everything the store knows (or the part the filters select) as a
// BagIt 1.0 bag (RFC 8493) that any program can read without dataport and that proves it is
// complete and unchanged. Layout, under the bag's base folder:
//
//   bagit.txt, bag-info.txt                 the declaration and our metadata (platforms, counts,
//                                           source archives and their SHA-256)
//   manifest-sha256.txt, manifest-sha512.txt, tagmanifest-sha256.txt, tagmanifest-sha512.txt
//   provenance-credential.json              with --sign: a VC (eddsa-jcs-2022) over tagmanifest-sha256.txt
//   data/README.txt                         for a person who opens it without dataport
//   data/records/<kind>.ndjson              the dump format, ordered by time then id
//   data/schema/record.schema.json, schema.md
//   data/media/<sha256><ext>                every media file the records name (not with --no-media)
//   data/dataport.sqlite                    with --with-sqlite: a ready-to-query store of these records
//   data/policy/policy.json, summary.json   with --policy: the sharing policy as given and what it removed
//
// The store is read in one snapshot, twice: once to size and hash each records file (a tar
// header needs the size first), once to write it. Media stream from the media store. Nothing is
// held whole, and the output appears only when complete (exporters/output.h).

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>

#include "bagit/bagit.h"
#include "credentials/claims.h"
#include "credentials/keystore.h"
#include "credentials/vc.h"
#include "exporters/common.h"
#include "exporters/output.h"
#include "lib/buffer.h"
#include "lib/dump.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/json.h"
#include "lib/media.h"
#include "lib/model.h"
#include "lib/schema.h"
#include "lib/text.h"

namespace fs = std::filesystem;

namespace dataport {

namespace {

enum class BagFormat { dir, zip, tar_gz };

bool ends_with(const std::string& s, std::string_view x) { return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0; }

BagFormat bag_format(const std::string& flag, const std::string& output) {
  std::string f = lower(flag);
  if (f == "zip") return BagFormat::zip;
  if (f == "tar.gz" || f == "tgz") return BagFormat::tar_gz;
  if (f == "dir") return BagFormat::dir;
  if (!f.empty()) throw Error("--format", "must be zip, tar.gz or dir, not '" + flag + "'");
  std::string o = lower(output);
  if (ends_with(o, ".zip")) return BagFormat::zip;
  if (ends_with(o, ".tar.gz") || ends_with(o, ".tgz")) return BagFormat::tar_gz;
  if (output == "-") throw Error("-o -", "a bundle on stdout needs --format zip or --format tar.gz");
  return BagFormat::dir;
}

// The bag's base folder inside a zip or tar.gz: the output's file name without its extension,
// in plain ASCII (RFC 8493 section 4: "mybag.zip" holds "mybag/").
std::string base_folder(const std::string& output) {
  std::string name = output == "-" ? "" : fs::path(output).filename().string();
  std::string l = lower(name);
  for (std::string_view ext : {".tar.gz", ".tgz", ".zip"})
    if (ends_with(l, ext)) {
      name = name.substr(0, l.size() - ext.size());
      break;
    }
  std::string out;
  for (char c : name) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
  while (!out.empty() && out[0] == '.') out.erase(0, 1);
  return out.empty() ? "dataport-bundle" : out;
}

struct FileDigest {
  std::string sha256, sha512;
  int64_t size = 0;
};

// Where the bag's files go: a folder filled atomically, or the entries of a zip / tar.gz.
// Every file's SHA-256 and SHA-512 are computed as it is written, for the manifests.
class BagOut {
 public:
  BagOut(BagFormat format, const std::string& output, int64_t mtime, bool force) {
    if (format == BagFormat::dir) {
      dir_ = std::make_unique<AtomicDir>(output);
    } else {
      file_ = std::make_unique<AtomicFile>(output, force);
      zip_ = std::make_unique<ArchiveWriter>(*file_, format == BagFormat::zip ? ArchiveWriter::Kind::zip
                                                                                : ArchiveWriter::Kind::tar_gz, mtime);
      prefix_ = base_folder(output) + "/";
    }
  }
  ~BagOut() {
    if (f_) std::fclose(f_);
  }

  /// The folder for scratch files built before they are copied in: beside the output (the temp
  /// folder for stdout).
  std::string scratch_folder() const {
    if (dir_) return fs::absolute(dir_->path()).parent_path().string();
    if (file_->path() == "-") return fs::temp_directory_path().string();
    return fs::absolute(file_->path()).parent_path().string();
  }

  void begin(const std::string& rel, int64_t size, bool stored = false) {
    rel_ = rel;
    h256_ = std::make_unique<Hasher>(Hasher::Alg::sha256);
    h512_ = std::make_unique<Hasher>(Hasher::Alg::sha512);
    size_ = 0;
    if (dir_) {
      std::string path = dir_->file(rel);
      f_ = std::fopen(path.c_str(), "wb");
      if (!f_) throw Error(dir_->path() + "/" + rel, std::string("cannot write: ") + std::strerror(errno));
    } else {
      zip_->begin(prefix_ + rel, size, stored);
    }
  }
  void write(const char* p, size_t n) {
    h256_->update(p, n);
    h512_->update(p, n);
    size_ += static_cast<int64_t>(n);
    if (f_) {
      if (std::fwrite(p, 1, n, f_) != n) throw Error(dir_->path() + "/" + rel_, std::string("write failed: ") + std::strerror(errno));
    } else {
      zip_->write(p, n);
    }
  }
  void write(std::string_view s) { write(s.data(), s.size()); }
  FileDigest end() {
    if (f_) {
      bool bad = std::fclose(f_) != 0;
      f_ = nullptr;
      if (bad) throw Error(dir_->path() + "/" + rel_, "write failed (disk full?)");
    }
    FileDigest d{h256_->hex(), h512_->hex(), size_};
    digests_[rel_] = d;
    return d;
  }
  FileDigest add(const std::string& rel, std::string_view bytes) {
    begin(rel, static_cast<int64_t>(bytes.size()));
    write(bytes);
    return end();
  }
  /// Copies a file in, streaming; returns its digests.
  FileDigest copy(const std::string& rel, const std::string& from, bool stored) {
    std::FILE* in = std::fopen(from.c_str(), "rb");
    if (!in) throw Error(from, std::string("cannot read: ") + std::strerror(errno));
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> guard(in, std::fclose);
    std::error_code ec;
    auto size = static_cast<int64_t>(fs::file_size(from, ec));
    if (ec) throw Error(from, "cannot read: " + ec.message());
    begin(rel, size, stored);
    ChunkBuffer buf;
    int64_t copied = 0;
    while (size_t n = std::fread(buf.data(), 1, buf.size(), in)) {
      if (copied + static_cast<int64_t>(n) > size) throw Error(from, "changed while it was being copied");
      write(buf.data(), n);
      copied += static_cast<int64_t>(n);
    }
    if (std::ferror(in)) throw Error(from, "read failed");
    if (copied != size) throw Error(from, "changed while it was being copied");
    return end();
  }

  const std::map<std::string, FileDigest>& digests() const { return digests_; }

  void commit() {
    if (dir_) {
      dir_->commit();
    } else {
      zip_->finish();
      file_->commit();
    }
  }
  std::string path() const { return dir_ ? dir_->path() : file_->path(); }

 private:
  std::unique_ptr<AtomicDir> dir_;
  std::unique_ptr<AtomicFile> file_;
  std::unique_ptr<ArchiveWriter> zip_;
  std::string prefix_, rel_;
  std::FILE* f_ = nullptr;
  std::unique_ptr<Hasher> h256_, h512_;
  int64_t size_ = 0;
  std::map<std::string, FileDigest> digests_;
};

// A scratch file in a fresh private folder (mkdtemp: nothing planted there can be followed),
// removed with its SQLite companions on every way out.
struct ScratchFile {
  ScratchFile(const std::string& folder, const std::string& name) {
    std::string t = (fs::path(folder) / ".dataport-scratch.XXXXXX").string();
    std::vector<char> buf(t.begin(), t.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) throw Error(folder, std::string("cannot create a scratch folder: ") + std::strerror(errno));
    dir = buf.data();
    path = dir + "/" + name;
  }
  ~ScratchFile() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  std::string dir, path;
};

bool is_sha256(const json& v) {
  if (!v.is_string()) return false;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// Every media file a record names: any object with a "sha256" (its data itself for kept files),
// with the name it was known by, for the file extension when the bytes do not say.
void media_refs(const json& v, std::map<std::string, std::string>& out) {
  if (v.is_object()) {
    auto it = v.find("sha256");
    if (it != v.end() && is_sha256(*it)) {
      std::string name;
      for (const char* k : {"path", "name", "filename", "uri"})
        if (v.contains(k) && v[k].is_string()) {
          name = std::string(basename(v[k].get<std::string>()));
          break;
        }
      out.emplace(it->get<std::string>(), name);
    }
    for (const auto& x : v) media_refs(x, out);
  } else if (v.is_array()) {
    for (const auto& x : v) media_refs(x, out);
  }
}

struct KindFile {
  std::string kind;
  int64_t records = 0, bytes = 0;
  std::string sha256;
};

std::string date_of(int64_t epoch) { return format_rfc3339(from_unix_seconds(epoch)).substr(0, 10); }

// The filters as a command line, so a minimal bundle says what it was cut to.
std::string describe_filter(const RecordFilter& f) {
  std::string out;
  for (const auto& k : f.kinds) out += " --kind " + k;
  for (const auto& k : f.exclude_kinds) out += " --exclude-kind " + k;
  for (const auto& p : f.platforms) out += " --platform " + p;
  if (f.since) out += " --since " + format_rfc3339(from_unix_seconds(*f.since));
  if (f.until) out += " --until " + format_rfc3339(from_unix_seconds(*f.until));
  if (!f.search.empty()) out += " --search '" + f.search + "'";
  if (f.limit >= 0) out += " --limit " + std::to_string(f.limit);
  return out.empty() ? "" : out.substr(1);
}

std::string readme(const std::vector<KindFile>& kinds, int64_t records, size_t media, bool no_media, bool sqlite,
                   bool signed_, const std::string& filter, const std::string& policy) {
  std::string s =
      "Your data, exported by dataport " DATAPORT_VERSION "\n"
      "==========================================\n\n"
      "This folder is a BagIt bag (RFC 8493): a standard package whose manifests give the SHA-256\n"
      "and SHA-512 checksum of every file, so anyone can check it is complete and unchanged.\n"
      "Nothing in it needs dataport to be read.\n\n"
      "What is here (data/ is the payload):\n"
      "  records/KIND.ndjson   one record per line, as JSON: id, kind, platform, service, time\n"
      "                        (RFC 3339, UTC), source (archive SHA-256, path, pointer) and data\n"
      "  schema/               record.schema.json (JSON Schema of a line) and schema.md (what each\n"
      "                        kind and field means)\n";
  if (!no_media)
    s += "  media/                photos, videos and other files the records name, each called by\n"
         "                        the SHA-256 of its bytes (records point at them by \"sha256\")\n";
  if (sqlite) s += "  dataport.sqlite       the same records in an SQLite database, one view per kind\n";
  s += "\nRecords (" + std::to_string(records) + " in all):\n";
  for (const auto& k : kinds) s += "  " + k.kind + std::string(k.kind.size() < 22 ? 22 - k.kind.size() : 1, ' ') + std::to_string(k.records) + "\n";
  if (no_media) s += "\nMedia files were left out (--no-media): records still name them by SHA-256.\n";
  else s += "\nMedia files: " + std::to_string(media) + "\n";
  if (!filter.empty()) s += "\nThis is a partial bundle, cut to: " + filter + "\n";
  if (!policy.empty())
    s += "\nThis bundle was minimised under the sharing policy \"" + policy + "\" before it left its owner's\n"
         "machine: policy/policy.json is the policy as given (man dataport-policy), policy/summary.json\n"
         "counts per kind the records and fields it kept, dropped and transformed. People appear as\n"
         "keyed pseudonyms (person-..., user-..., ...@pseudonym.invalid) that only the owner's key can make.\n";
  s += "\nTo check it: `dataport verify` on the bag, or any BagIt validator (bagit-python:\n"
       "`bagit.py --validate DIR`). Without either: `sha256sum -c manifest-sha256.txt` in the\n"
       "bag's folder checks the payload.\n";
  if (signed_)
    s += "provenance-credential.json is a W3C verifiable credential (Data Integrity, eddsa-jcs-2022,\n"
         "did:key issuer) over tagmanifest-sha256.txt: who exported the bag, when, from which archives.\n";
  s += "\nTo read records: one JSON object per line, e.g. `jq -c 'select(.kind == \"post\")' records/post.ndjson`.\n"
       "To load them back into dataport: `dataport ingest` on the bag.\n";
  return s;
}

// A fresh store holding exactly the bundled records, with their archives (names without local folders).
void build_sqlite(Store& src, const RecordFilter& filter, const std::set<std::string>& archives, const std::string& path) {
  Store copy(path, Store::Mode::read_write);
  copy.make_scratch(true);  // a fresh file copied into the bag once written (its indexes built once, at commit)
  copy.begin(true);
  std::map<std::string, int64_t> rowid;
  for (const ArchiveRow& a : src.archives()) {
    if (!archives.count(a.sha256)) continue;
    json parts = json::array();
    if (a.parts.is_array())
      for (json p : a.parts) {
        if (p.is_object() && p.contains("path") && p["path"].is_string()) p["path"] = std::string(basename(p["path"].get<std::string>()));
        parts.push_back(p);
      }
    int64_t id = copy.upsert_archive(a.sha256, std::string(basename(a.name)), parts, a.platform, a.importer, a.first_ingested);
    copy.finish_archive(id, a.records_new, a.records_seen, a.files, a.status);
    rowid[a.sha256] = id;
  }
  src.each_record(filter, [&](const Record& r) {
    auto it = rowid.find(r.source.archive);
    if (it == rowid.end()) {
      int64_t id = copy.upsert_archive(r.source.archive, "", json::array(), r.platform, "", "");
      it = rowid.emplace(r.source.archive, id).first;
    }
    copy.insert_record(r, it->second);
  });
  copy.commit();
  char* err = nullptr;
  if (sqlite3_exec(copy.handle(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw Error(path, "sqlite: " + msg);
  }
}

std::string manifest_text(const std::map<std::string, FileDigest>& digests, bool tags, bool sha512) {
  std::string out;
  for (const auto& [rel, d] : digests) {
    bool payload = rel.rfind("data/", 0) == 0;
    if (payload == tags) continue;
    out += (sha512 ? d.sha512 : d.sha256) + "  " + bag_encode_path(rel) + "\n";
  }
  return out;
}

// The signing key --sign names (ed25519 only), or none.
std::optional<StoredKey> signing_key(Store& store, const std::string& sign) {
  if (sign.empty()) return std::nullopt;
  KeyStore ks = KeyStore::for_user(store.path());
  std::optional<StoredKey> key = ks.load(sign);
  if (key->key.type != KeyType::ed25519)
    throw Error("--sign " + sign, "is a p256 key; the provenance credential (eddsa-jcs-2022) needs an ed25519 key",
                "`dataport key generate NAME --type ed25519`");
  return key;
}

// One bundle being written: what pass 1 planned, then each part of the bag in turn.
struct Bundle {
  Bundle(Store& s, const ExportOptions& o, Log& l)
      : store(s), opt(o), log(l), no_media(!o.param("no-media").empty()), with_sqlite(!o.param("with-sqlite").empty()),
        key(signing_key(s, o.param("sign"))) {}
  Store& store;
  const ExportOptions& opt;
  Log& log;
  bool no_media, with_sqlite;
  std::optional<StoredKey> key;
  std::vector<ArchiveRow> archive_rows;
  int64_t epoch = 0;
  std::vector<KindFile> kinds;
  std::map<std::string, std::string> media;  // sha256 -> a name it was known by
  std::set<std::string> archives, platforms;
  int64_t records = 0;
  Report rep;
  std::string policy_summary;
  int64_t missing = 0, media_files = 0;
  int64_t total = 0, done = 0;  // progress, in bytes of the records files and media files

  // The bag's date: the newest ingest of any archive, or SOURCE_DATE_EPOCH.
  void date() {
    archive_rows = store.archives();
    for (const ArchiveRow& a : archive_rows)
      if (auto t = parse_iso8601(a.last_ingested)) epoch = std::max(epoch, t->seconds);
    epoch = export_epoch(opt, epoch);
  }

  // Pass 1: what each records file will hold, its size and checksum; the media and archives named.
  void plan() {
    for (std::string_view k : record_kinds()) {
      KindFile kf;
      kf.kind = k;
      Hasher h;
      store.each_dump_row(with_kinds(opt.filter, {kf.kind}), [&](const DumpRow& r) {
        std::string line = dump_line(r) + "\n";
        h.update(line);
        kf.bytes += static_cast<int64_t>(line.size());
        ++kf.records;
        // Only data that names a file is parsed.
        if (!no_media && r.data.find("\"sha256\":\"") != std::string_view::npos) media_refs(parse_json(r.data, "record " + std::string(r.id)), media);
        if (!r.archive.empty()) archives.emplace(r.archive);
        platforms.emplace(r.platform);
      });
      if (!kf.records) continue;
      kf.sha256 = h.hex();
      records += kf.records;
      kinds.push_back(std::move(kf));
    }
    if (!records)
      throw Error("export bundle", "no records to bundle" + std::string(describe_filter(opt.filter).empty() ? "" : " match the filters"),
                  "ingest an export first, or widen the filters");
  }

  // The bytes progress counts to: the records files (from pass 1) and the media files.
  void size_progress(const MediaStore& ms) {
    if (!opt.progress) return;
    for (const KindFile& kf : kinds) total += kf.bytes;
    for (const auto& m : media) {
      std::error_code ec;
      auto size = fs::file_size(ms.path_of(m.first), ec);
      if (!ec) total += static_cast<int64_t>(size);
    }
  }

  void tick(int64_t n, const std::string& rel) {
    done += n;
    if (opt.progress) opt.progress(done, total, rel);
  }

  // Pass 2: the records files, checked against pass 1.
  void write_records(BagOut& out) {
    for (const KindFile& kf : kinds) {
      std::string rel = "data/records/" + kf.kind + ".ndjson";
      out.begin(rel, kf.bytes);
      int64_t n = 0;
      store.each_dump_row(with_kinds(opt.filter, {kf.kind}), [&](const DumpRow& r) {
        std::string line = dump_line(r) + "\n";
        ++n;
        if (n > kf.records) throw Error(out.path() + ": " + rel, "the store changed while the bundle was written; run it again");
        out.write(line);
      });
      FileDigest d = out.end();
      if (d.sha256 != kf.sha256 || d.size != kf.bytes)
        throw Error(out.path() + ": " + rel, "the store changed while the bundle was written; run it again");
      rep.wrote("records", kf.records);
      tick(kf.bytes, rel);
    }
  }

  void write_schema_and_policy(BagOut& out) {
    out.add("data/schema/record.schema.json", record_json_schema().dump(2) + "\n");
    if (!opt.policy_name.empty()) {
      out.add("data/policy/policy.json", opt.policy_text);
      policy_summary = opt.policy_summary.dump(2) + "\n";
      out.add("data/policy/summary.json", policy_summary);
    }
    out.add("data/schema/schema.md", schema_markdown());
  }

  // Media, by SHA-256, each checked against its name while it is copied.
  void write_media(BagOut& out, const MediaStore& ms) {
    for (const auto& [sha, name] : media) {
      std::string from = ms.path_of(sha);
      std::error_code ec;
      if (!fs::is_regular_file(from, ec)) {
        ++missing;
        continue;
      }
      std::string head;
      if (std::FILE* f = std::fopen(from.c_str(), "rb")) {
        head.resize(4096);
        head.resize(std::fread(head.data(), 1, head.size(), f));
        std::fclose(f);
      }
      std::string mime = sniff_mime(head, name);
      bool compressed = mime.rfind("image/", 0) == 0 || mime.rfind("video/", 0) == 0 || mime.rfind("audio/", 0) == 0 ||
                        mime == "application/zip" || mime == "application/pdf";
      std::string rel = "data/media/" + sha + mime_extension(mime);
      FileDigest d = out.copy(rel, from, compressed);
      if (d.sha256 != sha)
        throw Error(from, "the media store's copy is damaged: its SHA-256 is " + d.sha256,
                    "ingest the export that holds this file again to restore it");
      ++media_files;
      tick(d.size, rel);
    }
    if (missing) {
      log.warn(store.media_dir(), std::to_string(missing) + " media files named by records are not in the media store; the bundle lists them as missing");
      rep.dropped("media files: not in the media store", missing);
    }
    if (media_files) rep.wrote("media files", media_files);
  }

  // bag-info.txt's text; `claims` gets the model version, the record count and the source archives.
  std::string bag_info(const BagOut& out, json& claims) const {
    int64_t oxum_bytes = 0, oxum_files = 0;
    for (const auto& [rel, d] : out.digests()) {
      oxum_bytes += d.size;
      ++oxum_files;
    }
    std::string info;
    info += bag_info_line("Bagging-Date", date_of(epoch));
    info += bag_info_line("Bag-Software-Agent", "dataport " DATAPORT_VERSION);
    info += bag_info_line("Payload-Oxum", std::to_string(oxum_bytes) + "." + std::to_string(oxum_files));
    info += bag_info_line("Bag-Size", human_bytes(oxum_bytes));
    info += bag_info_line("External-Description",
                          "Personal data exported by dataport from platform archives: " + std::to_string(records) +
                              " records of " + std::to_string(kinds.size()) + " kinds in open formats (see data/README.txt).");
    info += bag_info_line("Dataport-Model-Version", std::to_string(record_model_version));
    info += bag_info_line("Dataport-Platforms", join(std::vector<std::string>(platforms.begin(), platforms.end()), ", "));
    info += bag_info_line("Dataport-Records", std::to_string(records));
    for (const KindFile& kf : kinds) info += bag_info_line("Dataport-Kind-Count", kf.kind + " " + std::to_string(kf.records));
    claims = {{"model_version", record_model_version}, {"records", records}, {"archives", json::array()}};
    for (const ArchiveRow& a : archive_rows) {
      if (!archives.count(a.sha256)) continue;
      info += bag_info_line("Dataport-Source-Archive", a.sha256 + " " + a.platform + " " + std::string(basename(a.name)));
      claims["archives"].push_back({{"sha256", a.sha256}, {"platform", a.platform}});
    }
    info += bag_info_line("Dataport-Media", no_media ? "omitted (--no-media)" : std::to_string(media_files) + " files");
    if (missing) info += bag_info_line("Dataport-Media-Missing", std::to_string(missing) + " files named by records were not in the media store");
    if (std::string f = describe_filter(opt.filter); !f.empty()) info += bag_info_line("Dataport-Filter", f);
    if (!opt.policy_name.empty()) {
      info += bag_info_line("Dataport-Policy", opt.policy_name + " sha256:" + sha256_hex(opt.policy_text));
      info += bag_info_line("Dataport-Policy-Summary", "data/policy/summary.json sha256:" + sha256_hex(policy_summary));
    }
    if (key) info += bag_info_line("Dataport-Signed-By", did_key(key->key.pub));
    return info;
  }

  // The tag files: bagit.txt, bag-info.txt, the manifests and tag manifests; the SHA-256 tag
  // manifest's text (what the provenance credential signs).
  std::string write_tags(BagOut& out, json& claims) const {
    std::string info = bag_info(out, claims);  // its Payload-Oxum counts the payload alone
    out.add("bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
    out.add("bag-info.txt", info);
    std::map<std::string, FileDigest> payload = out.digests();
    out.add("manifest-sha256.txt", manifest_text(payload, false, false));
    out.add("manifest-sha512.txt", manifest_text(payload, false, true));
    std::map<std::string, FileDigest> tags = out.digests();
    std::string tag256 = manifest_text(tags, true, false);
    out.add("tagmanifest-sha256.txt", tag256);
    out.add("tagmanifest-sha512.txt", manifest_text(tags, true, true));
    return tag256;
  }

  // The provenance credential, signed with --sign's key over the tag manifest.
  void write_provenance(BagOut& out, const json& manifest_claims, const std::string& tag256) const {
    ClaimSet c = bundle_claims(manifest_claims, sha256_hex(tag256));
    // The policy and what it removed are in the payload the manifest covers; named here as well, so
    // a researcher sees from the credential alone what kind of minimised data they received.
    if (!opt.policy_name.empty()) {
      c.claims["policy"] = opt.policy_name;
      c.claims["policy_sha256"] = sha256_hex(opt.policy_text);
      c.claims["policy_summary_sha256"] = sha256_hex(policy_summary);
    }
    std::string when = format_rfc3339(from_unix_seconds(epoch));
    json vc = make_credential(vc_type_name("bundle"), did_key(key->key.pub), c.claims, when, "",
                              takeout_evidence(c, DATAPORT_VERSION));
    vc = di_sign(vc, key->key, {when, did_key_method(key->key.pub)});
    out.add(bag_provenance_file, vc.dump(2) + "\n");
  }
};

}  // namespace

void export_bundle(Store& store, const ExportOptions& opt, Log& log) {
  BagFormat format = bag_format(opt.param("format"), opt.output);
  Bundle b(store, opt, log);
  store.begin_read();  // one snapshot for both passes
  b.date();
  b.plan();

  BagOut out(format, opt.output, b.epoch, opt.force);
  out.add("data/README.txt", readme(b.kinds, b.records, b.media.size(), b.no_media, b.with_sqlite, b.key.has_value(),
                                    describe_filter(opt.filter), opt.policy_name));
  MediaStore ms(store.media_dir());
  b.size_progress(ms);
  b.write_records(out);
  b.write_schema_and_policy(out);
  b.write_media(out, ms);
  if (b.with_sqlite) {
    ScratchFile tmp(out.scratch_folder(), "dataport.sqlite");
    build_sqlite(store, opt.filter, b.archives, tmp.path);
    out.copy("data/dataport.sqlite", tmp.path, false);
  }
  store.commit();

  json manifest_claims;
  std::string tag256 = b.write_tags(out, manifest_claims);
  if (b.key) b.write_provenance(out, manifest_claims, tag256);
  out.commit();
  b.rep.print(log, "bundle", opt.output);
}

}  // namespace dataport
