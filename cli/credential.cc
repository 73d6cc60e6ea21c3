// dataport credential: issue W3C VCs (eddsa-jcs-2022) and SD-JWT VCs from the store, present an
// SD-JWT with chosen disclosures, verify either format, and list what was issued.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "cli/output.h"
#include "credentials/claims.h"
#include "credentials/jcs.h"
#include "credentials/keystore.h"
#include "credentials/sdjwt.h"
#include "credentials/vc.h"
#include "exporters/output.h"
#include "lib/error.h"
#include "lib/hash.h"
#include "lib/json.h"
#include "lib/store.h"
#include "lib/text.h"

namespace dataport {

namespace fs = std::filesystem;

namespace {

struct Args {
  std::string type, format = "vc", key = "default", holder_key, output, manifest, file, issuer_key;
  std::string valid_until, issued_at, now, aud, nonce;
  std::vector<std::string> select, claims, disclose;
  int valid_days = 0;
  bool require_kb = false, json_out = false, force = false;
  FormatArg list_format;
};

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(path, "cannot read the file");
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Whole or not at all, through a fresh temporary file; `replace` lets an existing regular file go.
void write_file(const std::string& path, const std::string& text, bool replace) {
  AtomicFile f(path, replace);
  f.write(text);
  f.commit();
}

// The clock: --issued-at / --now, else SOURCE_DATE_EPOCH (reproducible runs), else the system.
int64_t clock_now(const std::string& flag, const char* name) {
  if (!flag.empty()) {
    auto t = parse_date_time_stamp(flag);
    if (!t) throw CLI::ValidationError(name, "must be a date-time with a zone, e.g. 2026-01-01T00:00:00Z");
    return *t;
  }
  if (const char* sde = std::getenv("SOURCE_DATE_EPOCH"); sde && *sde) return std::strtoll(sde, nullptr, 10);
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string stamp(int64_t t) { return format_rfc3339(from_unix_seconds(t)); }

std::string issued_dir(const Context& ctx) {
  fs::path db(ctx.db_path());
  return ((db.parent_path().empty() ? fs::path(".") : db.parent_path()) / "credentials").string();
}

// Keeps a copy of each credential and a line in issued.ndjson, for `credential list`.
void remember(const Context& ctx, const json& entry, const std::string& text, const std::string& ext) {
  std::string dir = issued_dir(ctx);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(dir, "cannot create the folder of issued credentials: " + ec.message());
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  std::string file = (fs::path(dir) / (entry["id_hash"].get<std::string>() + ext)).string();
  write_file(file, text, true);  // dataport's own folder: the same credential again
  json line = entry;
  line["file"] = file;
  std::ofstream log((fs::path(dir) / "issued.ndjson").string(), std::ios::app);
  if (!log || !(log << line.dump() << "\n")) throw Error(dir, "cannot record the issued credential");
}

std::vector<ClaimSet> gather(const Args& a, const Context& ctx) {
  if (a.type == "bundle") {
    if (a.manifest.empty()) throw CLI::ValidationError("--manifest", "a bundle credential needs --manifest FILE");
    std::string text = read_file(a.manifest);
    json manifest = parse_json_strict(text, a.manifest);
    return {bundle_claims(manifest, sha256_hex(text))};
  }
  if (!a.manifest.empty()) throw CLI::ValidationError("--manifest", "only bundle credentials take a manifest");
  Store store(ctx.db_path(), Store::Mode::read_only);
  RecordFilter f;
  f.kinds = credential_kinds(a.type);
  std::vector<Record> records;
  store.each_record(f, [&](const Record& r) { records.push_back(r); });
  std::vector<std::string> skipped;
  auto sets = claims_from_records(a.type, records, &skipped);
  for (const auto& s : skipped) std::fprintf(stderr, "dataport: warning: skipped %s\n", s.c_str());
  if (!a.select.empty()) {
    std::vector<ClaimSet> kept;
    for (auto& c : sets) {
      for (const auto& want : a.select) {
        bool by_id = false;
        for (const auto& id : c.record_ids) by_id = by_id || id.rfind(want, 0) == 0;
        if (by_id || lower(c.label).find(lower(want)) != std::string::npos) {
          kept.push_back(std::move(c));
          break;
        }
      }
    }
    sets = std::move(kept);
  }
  if (sets.empty())
    throw Error("credential", "nothing to issue: no " + a.type + " records" + (a.select.empty() ? "" : " match --select") +
                " in " + ctx.db_path(), "ingest an export first, or see `dataport query --kind " + credential_kinds(a.type)[0] + "`");
  return sets;
}

int issue(const Args& a, const Context& ctx) {
  if (!is_credential_type(a.type))
    throw CLI::ValidationError("TYPE", "must be one of position, education, profile, account, verification, bundle");
  if (a.format != "vc" && a.format != "sd-jwt") throw CLI::ValidationError("--format", "must be vc or sd-jwt");
  KeyStore ks = KeyStore::for_user(ctx.db_path());
  StoredKey key = ks.load(a.key);
  if (a.format == "vc" && key.key.type != KeyType::ed25519)
    throw Error("credential", "key \"" + a.key + "\" is p256; W3C credentials (eddsa-jcs-2022) need an ed25519 key",
                "use --format sd-jwt, or `dataport key generate --type ed25519`");
  std::optional<StoredKey> holder;
  if (!a.holder_key.empty()) holder = ks.load(a.holder_key);

  int64_t now = clock_now(a.issued_at, "--issued-at");
  std::string valid_until = a.valid_until;
  if (valid_until.empty() && a.valid_days > 0) valid_until = stamp(now + int64_t(a.valid_days) * 86400);
  if (!valid_until.empty() && !parse_date_time_stamp(valid_until))
    throw CLI::ValidationError("--valid-until", "must be a date-time with a zone, e.g. 2027-01-01T00:00:00Z");

  auto sets = gather(a, ctx);
  if (!a.output.empty() && sets.size() > 1)
    throw Error("credential", std::to_string(sets.size()) + " " + a.type + " credentials match; -o takes one",
                "narrow with --select (a record id prefix or words of the label), or leave out -o for one per line");
  std::string out_all;
  for (const auto& c : sets) {
    json claims = select_claims(c.claims, a.claims);
    std::string text, id;
    if (a.format == "vc") {
      json subject = claims;
      if (holder && holder->key.type == KeyType::ed25519) subject["id"] = did_key(holder->key.pub);
      std::string issuer = did_key(key.key.pub);
      json vc = make_credential(vc_type_name(a.type), issuer, subject, stamp(now), valid_until,
                                takeout_evidence(c, DATAPORT_VERSION));
      vc = di_sign(vc, key.key, {stamp(now), did_key_method(key.key.pub)});
      id = vc["id"];
      text = a.output.empty() ? vc.dump() : vc.dump(2);
    } else {
      SdJwtIssueOptions o;
      o.vct = vct_for(a.type);
      if (key.key.type == KeyType::ed25519) o.iss = did_key(key.key.pub);
      o.kid = key_kid(key.key.pub);  // the kid `key export-public` gives
      o.iat = now;
      if (!valid_until.empty()) o.exp = *parse_date_time_stamp(valid_until);
      if (holder) o.holder = holder->key.pub;
      json body = claims;
      if (!c.archives.empty()) body["source_archives"] = c.archives;  // disclosable, like every claim
      text = sd_jwt_issue(body, key.key, o, system_random());
      id = "sd-jwt:" + sd_digest(text);
    }
    json entry{{"issued_at", stamp(now)}, {"type", a.type}, {"format", a.format}, {"label", c.label},
               {"key", a.key}, {"id", id}, {"id_hash", sha256_hex(text).substr(0, 16)}, {"platform", c.platform}};
    remember(ctx, entry, text + "\n", a.format == "vc" ? ".json" : ".sdjwt");
    if (!ctx.quiet) std::fprintf(stderr, "dataport: issued %s %s: %s\n", a.type.c_str(), a.format.c_str(), c.label.c_str());
    out_all += text + "\n";
  }
  if (!a.output.empty()) write_file(a.output, out_all, a.force);
  else std::fputs(out_all.c_str(), stdout);
  if (!ctx.quiet && a.format == "vc")
    std::fprintf(stderr, "dataport: note: the claims are self-asserted: they come from your export, signed by your own key\n");
  return exit_ok;
}

// An issuer key from a file: a JWK, a JWKS (first key, or the one whose kid matches), JWT VC
// issuer metadata {"issuer", "jwks"}, or a did:key.
std::optional<PublicKey> load_issuer_key(const std::string& path, const std::string& kid) {
  if (path.empty()) return std::nullopt;
  std::string text = std::string(trim(fs::exists(path) ? read_file(path) : path));
  if (text.rfind("did:key:", 0) == 0) {
    auto k = public_from_did_key(text);
    if (!k) throw Error(path, "not an ed25519 did:key");
    return k;
  }
  json j = parse_json_strict(text, path);
  if (j.contains("jwks")) j = j["jwks"];
  if (j.contains("keys")) {
    if (!j["keys"].is_array() || j["keys"].empty()) throw Error(path, "the jwks has no keys");
    for (const auto& k : j["keys"])
      if (!kid.empty() && string_member(k, "kid") == kid) return public_from_jwk(k, path);
    return public_from_jwk(j["keys"][0], path);
  }
  return public_from_jwk(j, path);
}

int verify_cmd(const Args& a, const Context& ctx) {
  std::string text = std::string(trim(read_file(a.file)));
  int64_t now = clock_now(a.now, "--now");
  VerifyResult v;
  std::string format;
  if (!text.empty() && text[0] == '{') {
    format = "vc";
    json doc;
    try {
      doc = parse_json_strict(text, a.file);
    } catch (const Error& e) {
      v.reason = e.message();
    }
    if (v.reason.empty()) {
      DiVerifyOptions o;
      o.now = now;
      o.vc = doc.contains("credentialSubject") || doc.contains("@context");
      if (!o.vc) format = "signed-json";
      o.issuer_key = load_issuer_key(a.issuer_key, "");
      v = di_verify(doc, o);
    }
  } else {
    format = "sd-jwt";
    std::optional<PublicKey> issuer;
    try {
      Jws jws = jws_decode(split_sd_jwt(text).jwt, "issuer-signed jwt");
      issuer = load_issuer_key(a.issuer_key, string_member(jws.header, "kid"));
      if (!issuer) {
        // A did:key issuer carries its own key; anything else needs --issuer-key.
        std::string iss = string_member(jws.payload, "iss");
        issuer = public_from_did_key(iss);
        if (!issuer) throw Error(a.file, "the issuer key is not in the credential (iss is \"" + iss + "\")", "pass --issuer-key FILE (a public JWK)");
      }
    } catch (const Error& e) {
      if (!e.hint().empty()) throw;
      v.reason = e.message();
    }
    if (issuer) {
      SdJwtVerifyOptions o;
      o.now = now;
      o.aud = a.aud;
      o.nonce = a.nonce;
      o.require_kb = a.require_kb;
      v = sd_jwt_verify(text, *issuer, o);
    }
  }
  if (a.json_out) {
    json out{{"file", a.file}, {"format", format}, {"valid", v.ok}, {"checks", v.checks}};
    if (!v.ok) out["reason"] = v.reason;
    else out["claims"] = v.claims;
    std::printf("%s\n", out.dump(2).c_str());
  } else if (v.ok) {
    std::printf("valid %s credential: %s\n", format.c_str(), a.file.c_str());
    for (const auto& c : v.checks) std::printf("  ok: %s\n", c.c_str());
    std::printf("%s\n", v.claims.dump(2).c_str());
  } else {
    std::printf("invalid %s credential: %s\n", format.c_str(), a.file.c_str());
    std::printf("  reason: %s\n", v.reason.c_str());
  }
  if (!v.ok && !ctx.quiet) std::fprintf(stderr, "dataport: error: %s: invalid credential: %s\n", a.file.c_str(), v.reason.c_str());
  return v.ok ? exit_ok : exit_error;
}

int present(const Args& a, const Context& ctx) {
  std::string token = std::string(trim(read_file(a.file)));
  if (token.empty() || token[0] == '{')
    throw Error(a.file, "not an sd-jwt: W3C credentials (eddsa-jcs-2022) cannot hide claims",
                "issue with --format sd-jwt for selective disclosure, or --claims to issue fewer claims");
  if (split_sd_jwt(token).kb_jwt.size()) throw Error(a.file, "this is already a presentation (it ends with a key binding jwt)");
  SdJwtPresentOptions o;
  for (const auto& d : a.disclose)
    for (const auto& part : split(d, ','))
      if (!trim(part).empty()) o.disclose.emplace_back(trim(part));
  if (!a.holder_key.empty()) {
    KeyStore ks = KeyStore::for_user(ctx.db_path());
    o.holder = ks.load(a.holder_key).key;
    if (a.aud.empty() || a.nonce.empty())
      throw CLI::ValidationError("--holder-key", "key binding needs the verifier's --aud and --nonce");
    o.aud = a.aud;
    o.nonce = a.nonce;
    o.iat = clock_now(a.now, "--now");
  }
  std::string out = sd_jwt_present(token, o) + "\n";
  if (!a.output.empty()) write_file(a.output, out, a.force);
  else std::fputs(out.c_str(), stdout);
  return exit_ok;
}

int list(const Args& a, const Context& ctx) {
  std::string path = (fs::path(issued_dir(ctx)) / "issued.ndjson").string();
  std::vector<json> rows;
  if (fs::exists(path)) {
    std::istringstream in(read_file(path));
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (trim(line).empty()) continue;
      try {
        rows.push_back(parse_json(line, path));
      } catch (const Error&) {
        std::fprintf(stderr, "dataport: warning: %s: line %d: not json, skipped\n", path.c_str(), n);
      }
    }
  }
  Format f = a.list_format.get();
  if (f == Format::json_doc || f == Format::ndjson) {
    print_objects(rows, f);
    return exit_ok;
  }
  RowPrinter t(f, {"issued_at", "type", "format", "key", "label", "file"});
  for (const auto& r : rows) t.add({r["issued_at"], r["type"], r["format"], r["key"], r["label"], r.value("file", "")});
  t.finish();
  if (rows.empty() && !ctx.quiet) std::fprintf(stderr, "dataport: no credentials issued yet\n");
  return exit_ok;
}

}  // namespace

void add_credential(CLI::App& app, Context& ctx, int* rc) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("credential", "issue, present and verify verifiable credentials from your data");
  cmd->require_subcommand(1);

  CLI::App* is = cmd->add_subcommand("issue", "sign claims from the store as a W3C VC or an SD-JWT VC");
  is->add_option("TYPE", a->type, "position, education, profile, account, verification or bundle")->required();
  is->add_option("--format", a->format, "vc (W3C VC 2.0, eddsa-jcs-2022) or sd-jwt (SD-JWT VC)")->capture_default_str();
  is->add_option("--key", a->key, "issuer key name")->capture_default_str();
  is->add_option("--holder-key", a->holder_key, "bind the credential to this key (cnf.jwk; VC subject id)");
  is->add_option("--select", a->select, "only records whose id starts with, or whose label contains, this (repeatable)");
  is->add_option("--claims", a->claims, "only these claims (comma-separated)")->delimiter(',');
  is->add_option("--valid-until", a->valid_until, "expiry, a date-time with zone");
  is->add_option("--valid-days", a->valid_days, "expiry, in days from issuance");
  is->add_option("--issued-at", a->issued_at, "issuance time (default: now, or $SOURCE_DATE_EPOCH)");
  is->add_option("--manifest", a->manifest, "the bundle manifest (for TYPE bundle)");
  is->add_option("-o,--output", a->output, "write to FILE instead of stdout (one credential)");
  is->add_flag("--force", a->force, "replace an existing file at -o");
  is->callback([a, &ctx, rc] { *rc = issue(*a, ctx); });

  CLI::App* pr = cmd->add_subcommand("present", "make an SD-JWT presentation that shows only chosen claims");
  pr->add_option("FILE", a->file, "the SD-JWT as issued")->required();
  pr->add_option("--disclose", a->disclose, "claims to show, comma-separated (a.b for nested)")->required();
  pr->add_option("--holder-key", a->holder_key, "sign a key binding JWT with this key");
  pr->add_option("--aud", a->aud, "the verifier (key binding audience)");
  pr->add_option("--nonce", a->nonce, "the verifier's nonce");
  pr->add_option("--now", a->now, "key binding time (default: now)");
  pr->add_option("-o,--output", a->output, "write to FILE instead of stdout");
  pr->add_flag("--force", a->force, "replace an existing file at -o");
  pr->callback([a, &ctx, rc] { *rc = present(*a, ctx); });

  CLI::App* ve = cmd->add_subcommand("verify", "check a credential or presentation; exit 0 only when valid");
  ve->add_option("FILE", a->file, "a W3C VC (.json) or an SD-JWT")->required();
  ve->add_option("--issuer-key", a->issuer_key, "expected issuer: a public JWK/JWKS file or a did:key");
  ve->add_option("--aud", a->aud, "expected key binding audience");
  ve->add_option("--nonce", a->nonce, "expected key binding nonce");
  ve->add_flag("--require-kb", a->require_kb, "fail without a key binding JWT");
  ve->add_option("--now", a->now, "check validity at this time (default: now)");
  ve->add_flag("--json", a->json_out, "print the verdict as JSON");
  ve->callback([a, &ctx, rc] { *rc = verify_cmd(*a, ctx); });

  CLI::App* cx = cmd->add_subcommand("context", "print dataport's JSON-LD context, for verifiers to bundle");
  cx->callback([rc] {
    std::printf("%s\n", dataport_context_document().dump(2).c_str());
    *rc = exit_ok;
  });

  CLI::App* ls = cmd->add_subcommand("list", "list the credentials issued");
  add_format_option(ls, a->list_format);
  ls->callback([a, &ctx, rc] { *rc = list(*a, ctx); });
}

}  // namespace dataport
