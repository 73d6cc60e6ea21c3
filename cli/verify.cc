// dataport verify BUNDLE: checks a BagIt bag (a folder, a zip or a tar.gz, from dataport or any
// other tool): every checksum, Payload-Oxum, no file missing or extra, the tag manifests, and the
// provenance credential of a signed bundle. The verdict and each problem, with its path, go to
// stdout; the exit code is 0 only when everything holds.

#include <chrono>

#include "bagit/bagit.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport {

namespace {

struct VerifyArgs {
  std::vector<std::string> paths;
  std::string issuer;
  bool require_signed = false;
  FormatArg format;
};

int run(const VerifyArgs& a, const Context& ctx) {
  Format format = a.format.get();
  BagVerifyOptions opt;
  opt.issuer = a.issuer;
  opt.require_signature = a.require_signed;
  opt.now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::string name = a.paths.size() == 1 ? a.paths[0] : a.paths[0] + " (+" + std::to_string(a.paths.size() - 1) + " parts)";
  Progress progress(ctx, "verify", 0);
  if (progress.shown())
    opt.progress = [&](int64_t done, int64_t total, const std::string& path) {
      progress.set_total(total);
      progress.update(done, path);
    };
  BagReport r = verify_bag(a.paths, opt);
  progress.finish();
  if (format == Format::json_doc || format == Format::ndjson) {
    json info = json::array();
    for (const auto& [k, v] : r.info) info.push_back({k, v});
    json out = {{"bag", name},
                {"valid", r.valid()},
                {"problems", r.problems},
                {"payload_files", r.payload_files},
                {"payload_bytes", r.payload_bytes},
                {"algorithms", r.algorithms},
                {"signed", r.signed_},
                {"bag_info", info}};
    if (r.signed_) out["signer"] = r.signer, out["signed_at"] = r.signed_at, out["unsigned_files"] = r.unsigned_files;
    print_document(out, format);
  } else if (format == Format::csv) {
    RowPrinter t(Format::csv, {"bag", "problem"});
    for (const std::string& p : r.problems) t.add({name, p});
    t.finish();
  } else if (r.valid()) {
    name = terminal_safe(name);
    std::printf("%s: valid BagIt bag: %s payload files, %s, checksums %s all match\n", name.c_str(),
                with_commas(r.payload_files).c_str(), human_bytes(r.payload_bytes).c_str(), join(r.algorithms, " and ").c_str());
    if (r.signed_ && r.unsigned_files.empty())
      std::printf("%s: signed by %s at %s; the signature covers every file\n", name.c_str(), terminal_safe(r.signer).c_str(),
                  terminal_safe(r.signed_at).c_str());
    else if (r.signed_)
      std::printf("%s: signed by %s at %s; the signature does NOT cover: %s\n", name.c_str(), terminal_safe(r.signer).c_str(),
                  terminal_safe(r.signed_at).c_str(), terminal_safe(join(r.unsigned_files, ", ")).c_str());
    else std::printf("%s: not signed\n", name.c_str());
  } else {
    name = terminal_safe(name);
    for (const std::string& p : r.problems) std::printf("%s: %s\n", name.c_str(), terminal_safe(p).c_str());
    std::printf("%s: NOT VALID: %zu problem%s\n", name.c_str(), r.problems.size(), r.problems.size() == 1 ? "" : "s");
  }
  return r.valid() ? exit_ok : exit_error;
}

}  // namespace

void add_verify(CLI::App& app, Context& ctx, int* rc) {
  auto a = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app.add_subcommand("verify", "check a bundle (any BagIt bag): checksums, completeness, signature");
  cmd->add_option("BUNDLE", a->paths, "the bag: a folder, a .zip or a .tar.gz (several paths: parts of one)")->required();
  cmd->add_option("--issuer", a->issuer, "require a provenance credential signed by this did:key");
  cmd->add_flag("--signed", a->require_signed, "fail when the bag carries no valid provenance credential");
  add_format_option(cmd, a->format);
  cmd->callback([a, &ctx, rc] { *rc = run(*a, ctx); });
}

}  // namespace dataport
