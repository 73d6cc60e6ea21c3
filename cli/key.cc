// dataport key: signing keys for credentials. Private keys live in the key folder beside the
// database (mode 0600) and are printed only with --private.

#include <chrono>
#include <cstdio>

#include "cli/commands.h"
#include "cli/output.h"
#include "credentials/keystore.h"
#include "lib/error.h"

namespace dataport {

namespace {

std::string now_rfc3339() {
  auto s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  return format_rfc3339(from_unix_seconds(s));
}

// What identifies a key publicly: its did:key (Ed25519) or its JWK thumbprint (P-256).
std::string key_id(const PublicKey& k) { return k.type == KeyType::ed25519 ? did_key(k) : "jwk:" + jwk_thumbprint(k); }

json public_info(const StoredKey& k) {
  json j{{"name", k.name}, {"type", key_type_name(k.key.type)}, {"created", k.created},
         {"public_jwk", public_jwk(k.key.pub)}, {"jwk_thumbprint", jwk_thumbprint(k.key.pub)},
         {"jws_alg", jws_alg(k.key.type)}};
  if (k.key.type == KeyType::ed25519) {
    j["did"] = did_key(k.key.pub);
    j["verification_method"] = did_key_method(k.key.pub);
    j["public_key_multibase"] = ed25519_multikey(k.key.pub);
  }
  return j;
}

struct Args {
  std::string type = "ed25519", name = "default", format = "jwk";
  bool json_out = false, show_private = false;
  FormatArg list_format;
};

int generate(const Args& a, const Context& ctx) {
  auto type = parse_key_type(a.type);
  if (!type) throw CLI::ValidationError("--type", "must be ed25519 or p256");
  KeyStore ks = KeyStore::for_user(ctx.db_path());
  StoredKey k;
  k.name = a.name;
  k.created = now_rfc3339();
  k.key = generate_key(*type, system_random());
  k.path = ks.save(a.name, k.key, k.created);
  if (a.json_out) {
    std::printf("%s\n", public_info(k).dump(2).c_str());
  } else {
    std::printf("%s\t%s\t%s\n", k.name.c_str(), key_type_name(k.key.type), key_id(k.key.pub).c_str());
  }
  if (!ctx.quiet) std::fprintf(stderr, "dataport: private key written to %s (mode 0600)\n", k.path.c_str());
  return exit_ok;
}

int list(const Args& a, const Context& ctx) {
  KeyStore ks = KeyStore::for_user(ctx.db_path());
  std::vector<std::string> problems;
  auto keys = ks.list(&problems);
  for (const auto& p : problems) std::fprintf(stderr, "dataport: warning: %s\n", p.c_str());
  Format f = a.list_format.get();
  if (f == Format::json_doc || f == Format::ndjson) {
    std::vector<json> out;
    for (const auto& k : keys) out.push_back(public_info(k));
    print_objects(out, f);
  } else {
    RowPrinter t(f, {"name", "type", "created", "id"});
    for (const auto& k : keys) t.add({k.name, key_type_name(k.key.type), k.created, key_id(k.key.pub)});
    t.finish();
  }
  if (keys.empty() && !ctx.quiet)
    std::fprintf(stderr, "dataport: no keys in %s; create one with `dataport key generate`\n", ks.dir().c_str());
  return problems.empty() ? exit_ok : exit_partial;
}

int show(const Args& a, const Context& ctx) {
  KeyStore ks = KeyStore::for_user(ctx.db_path());
  StoredKey k = ks.load(a.name);
  json j = public_info(k);
  if (a.show_private) {
    j["private_jwk"] = private_jwk(k.key);
    if (k.key.type == KeyType::ed25519) j["secret_key_multibase"] = ed25519_secret_multibase(k.key);
    if (!ctx.quiet) std::fprintf(stderr, "dataport: warning: printing the private key; anyone who sees it can sign as you\n");
  }
  std::printf("%s\n", j.dump(2).c_str());
  return exit_ok;
}

int export_public(const Args& a, const Context& ctx) {
  KeyStore ks = KeyStore::for_user(ctx.db_path());
  StoredKey k = ks.load(a.name);
  json jwk = public_jwk(k.key.pub);
  jwk["kid"] = key_kid(k.key.pub);  // the kid of the credentials it signs
  jwk["alg"] = jws_alg(k.key.type);
  jwk["use"] = "sig";
  if (a.format == "jwk") {
    std::printf("%s\n", jwk.dump(2).c_str());
  } else if (a.format == "jwks") {
    std::printf("%s\n", json{{"keys", json::array({jwk})}}.dump(2).c_str());
  } else if (a.format == "did") {
    std::printf("%s\n", did_key(k.key.pub).c_str());
  } else if (a.format == "multibase") {
    std::printf("%s\n", ed25519_multikey(k.key.pub).c_str());
  } else {
    throw CLI::ValidationError("--format", "must be jwk, jwks, did or multibase");
  }
  return exit_ok;
}

}  // namespace

void add_key(CLI::App& app, Context& ctx, int* rc) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("key", "create and show the keys that sign credentials");
  cmd->require_subcommand(1);

  CLI::App* gen = cmd->add_subcommand("generate", "create a key pair (private part stored with mode 0600)");
  gen->add_option("--type", a->type, "ed25519 (W3C credentials, did:key) or p256 (ES256 SD-JWT)")->capture_default_str();
  gen->add_option("--name", a->name, "name of the key")->capture_default_str();
  gen->add_flag("--json", a->json_out, "print the public key as JSON");
  gen->callback([a, &ctx, rc] { *rc = generate(*a, ctx); });

  CLI::App* ls = cmd->add_subcommand("list", "list the keys: name, type, created, did:key or JWK thumbprint");
  add_format_option(ls, a->list_format);
  ls->callback([a, &ctx, rc] { *rc = list(*a, ctx); });

  CLI::App* sh = cmd->add_subcommand("show", "show a key's public part (did:key, public JWK)");
  sh->add_option("name", a->name, "key name")->required();
  sh->add_flag("--private", a->show_private, "also print the private key (careful)");
  sh->callback([a, &ctx, rc] { *rc = show(*a, ctx); });

  CLI::App* ex = cmd->add_subcommand("export-public", "print a key's public part for verifiers");
  ex->add_option("name", a->name, "key name")->required();
  ex->add_option("--format", a->format, "jwk, jwks, did or multibase")->capture_default_str();
  ex->callback([a, &ctx, rc] { *rc = export_public(*a, ctx); });
}

}  // namespace dataport
