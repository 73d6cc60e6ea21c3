// dataport verify BUNDLE: checks a BagIt bag (a folder, a zip or a tar.gz, from dataport or any
// other tool): every checksum, Payload-Oxum, no file missing or extra, the tag manifests, and the
// provenance credential of a signed bundle. The verdict and each problem, with its path, go to
// stdout; the exit code is 0 only when everything holds.

#include <chrono>

#include "cli/commands.h"
#include "cli/output.h"
#include "lib/bagit.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport {

namespace {

struct VerifyArgs {
  std::vector<std::string> paths;
  std::string issuer;
  bool require_signed = false, json_out = false;
};

int run(const VerifyArgs& a) {
  BagVerifyOptions opt;
  opt.issuer = a.issuer;
  opt.require_signature = a.require_signed;
  opt.now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::string name = a.paths.size() == 1 ? a.paths[0] : a.paths[0] + " (+" + std::to_string(a.paths.size() - 1) + " parts)";
  BagReport r = verify_bag(a.paths, opt);
  if (a.json_out) {
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
    std::printf("%s\n", out.dump(2).c_str());
  } else if (r.valid()) {
    std::printf("%s: valid BagIt bag: %s payload files, %s, checksums %s all match\n", name.c_str(),
                with_commas(r.payload_files).c_str(), human_bytes(r.payload_bytes).c_str(), join(r.algorithms, " and ").c_str());
    if (r.signed_ && r.unsigned_files.empty())
      std::printf("%s: signed by %s at %s; the signature covers every file\n", name.c_str(), r.signer.c_str(), r.signed_at.c_str());
    else if (r.signed_)
      std::printf("%s: signed by %s at %s; the signature does NOT cover: %s\n", name.c_str(), r.signer.c_str(),
                  r.signed_at.c_str(), join(r.unsigned_files, ", ").c_str());
    else std::printf("%s: not signed\n", name.c_str());
  } else {
    for (const std::string& p : r.problems) std::printf("%s: %s\n", name.c_str(), p.c_str());
    std::printf("%s: NOT VALID: %zu problem%s\n", name.c_str(), r.problems.size(), r.problems.size() == 1 ? "" : "s");
  }
  return r.valid() ? exit_ok : exit_error;
}

}  // namespace

void add_verify(CLI::App& app, Context&, int* rc) {
  auto a = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app.add_subcommand("verify", "check a bundle (any BagIt bag): checksums, completeness, signature");
  cmd->add_option("BUNDLE", a->paths, "the bag: a folder, a .zip or a .tar.gz (several paths: parts of one)")->required();
  cmd->add_option("--issuer", a->issuer, "require a provenance credential signed by this did:key");
  cmd->add_flag("--signed", a->require_signed, "fail when the bag carries no valid provenance credential");
  cmd->add_flag("--json", a->json_out, "print the report as JSON");
  cmd->callback([a, rc] { *rc = run(*a); });
}

}  // namespace dataport
