// dataport export FORMAT -o PATH [filters] [format options]: one subcommand per exporter.

#include <cstdlib>

#include <ctime>
#include <filesystem>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "exporters/exporters.h"
#include "exporters/minimise.h"
#include "credentials/keystore.h"
#include "lib/error.h"

namespace dataport {

namespace {

struct ExportArgs {
  FilterArgs filter;
  std::string output;
  bool force = false;
  std::map<std::string, std::string> values;
  std::map<std::string, bool> flags;
  // Sharing policies (issue 18, man dataport-policy).
  std::string policy, pseudonym_key = "pseudonyms", preview_format;
  bool preview = false, keep_media = false;
};

// The person's pseudonym key, made on first use (its date is the only clock read, and it is the
// key's, not the export's).
std::string pseudonym_secret(const std::string& db, const std::string& name, Log& log) {
  KeyStore ks = KeyStore::for_user(db);
  char when[32];
  std::time_t now = std::time(nullptr);
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  bool made = false;
  std::string secret = ks.pseudonym_secret(name, true, when, &made);
  if (made)
    log.note("made the pseudonym key \"" + name + "\" in " + ks.dir() +
             ": keep it to give the same people the same pseudonyms in later exports; without it nobody can link them");
  return secret;
}

// export ... --policy P: the records go through the policy into a scratch store, which the exporter
// then reads as it would the person's own (exporters/minimise.h); --preview writes nothing.
int run_policy(const Exporter& e, ExportArgs& a, ExportOptions& opt, Store& store, Log& log, const std::atomic<bool>* interrupted) {
  Policy policy = load_policy(a.policy);
  MinimiseOptions mo;
  mo.filter = opt.filter;
  mo.keep_media = a.keep_media;
  Pseudonymiser ps(pseudonym_secret(store.path(), a.pseudonym_key, log));
  if (a.preview) {
    std::string f = a.preview_format.empty() ? (is_terminal(1) ? "table" : "json") : a.preview_format;
    if (f != "json" && f != "table" && f != "text")
      throw CLI::ValidationError("--format", "with --preview: json or table, not '" + f + "'");
    PolicyReport r = preview_policy(store, policy, ps, mo);
    std::string text = f == "json" ? preview_json(policy, r).dump(2) + "\n" : preview_text(policy, r, 160);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return exit_ok;
  }
  ScratchDir scratch(opt.output);
  std::string db = scratch.path + "/minimised.db";
  PolicyReport r = minimise_store(store, db, policy, ps, mo, log);
  int64_t out = 0;
  for (const auto& [kind, k] : r.kinds) out += k.out;
  if (!out)
    throw Error("--policy " + policy.name, "lets no record of this store out",
                "`--preview` shows what it keeps and why the rest stays");
  Store minimised(db, Store::Mode::read_only);
  minimised.stop_when(interrupted);
  opt.policy_name = policy.name;
  opt.policy_text = policy.text;
  opt.policy_summary = r.to_json(policy);
  opt.filter = RecordFilter{};  // applied with the policy, before times were coarsened
  e.write(minimised, opt, log);
  return exit_ok;
}

int run(const Exporter& e, ExportArgs& a, const Context& ctx) {
  if (a.output.empty() && !a.preview) throw CLI::RequiredError("--output");
  if (a.preview && a.policy.empty()) throw CLI::ValidationError("--preview", "shows what a --policy lets out: give --policy NAME");
  if (a.keep_media && a.policy.empty()) throw CLI::ValidationError("--keep-media", "goes with --policy (without one, media are kept as they are)");
  ExportOptions opt;
  opt.output = a.output;
  opt.force = a.force;
  // A bad kind, platform or date is a usage error even before there is a store.
  if (!std::filesystem::exists(ctx.db_path())) make_filter(a.filter);
  Store store(ctx.db_path(), Store::Mode::read_only);
  opt.filter = make_filter(a.filter, &store);
  for (const ExporterOption& o : e.options) {
    if (o.flag) {
      if (a.flags[o.name]) opt.params[o.name] = "1";
    } else if (!a.values[o.name].empty()) {
      opt.params[o.name] = a.values[o.name];
    }
  }
  // With --preview, --format is the preview's (bundle's own --format says how to pack a bag).
  if (a.preview && a.preview_format.empty()) a.preview_format = opt.param("format");
  if (!a.preview && !a.preview_format.empty() && opt.param("format").empty())
    throw CLI::ValidationError("--format", "is for --preview (json or table) with this format");
  if (const char* sde = std::getenv("SOURCE_DATE_EPOCH"); sde && *sde) {
    try {
      opt.source_date_epoch = std::stoll(sde);
    } catch (...) {
      throw Error("SOURCE_DATE_EPOCH", "must be a number of seconds, not '" + std::string(sde) + "'");
    }
  }
  Log log(ctx.verbosity());
  // Progress goes to the terminal on stderr, never into an export written to stdout.
  Progress progress(ctx, std::string("export ") + e.name, 0);
  if (progress.shown())
    opt.progress = [&](int64_t done, int64_t total, const std::string& path) {
      progress.set_total(total);
      progress.update(done, path);
    };
  ctx.poll_interrupts();  // statements stop on a signal; the output's temporary files are removed
  store.stop_when(ctx.interrupted);
  if (!a.policy.empty()) {
    int rc = run_policy(e, a, opt, store, log, ctx.interrupted);
    progress.finish();
    return rc == exit_ok && log.is_partial() ? exit_partial : rc;
  }
  e.write(store, opt, log);
  progress.finish();
  return log.is_partial() ? exit_partial : exit_ok;
}

}  // namespace

void add_export(CLI::App& app, Context& ctx, int* rc) {
  CLI::App* cmd = app.add_subcommand("export", "write records in a format other tools and services accept");
  cmd->require_subcommand(1);
  for (const Exporter& e : exporters()) {
    auto a = std::make_shared<ExportArgs>();
    CLI::App* sub = cmd->add_subcommand(e.name, e.description);
    sub->add_option("-o,--output", a->output, "where to write (a file, a folder, or - for stdout where it fits)");
    sub->add_flag("--force", a->force, "replace an existing file at -o (never a folder, device, fifo or link)");
    add_filter_options(sub, a->filter);
    sub->add_option("--policy", a->policy,
                    "share less: apply a sharing policy, a shipped one by name (donation-minimal, research-messages-metadata, "
                    "ai-assistant, share-cv) or a policy file (man dataport-policy)");
    sub->add_flag("--preview", a->preview,
                  "with --policy: write nothing; show per kind the fields kept, dropped and transformed, the counts and 5 "
                  "records before and after");
    sub->add_flag("--keep-media", a->keep_media,
                  "with --policy: keep photos where the policy drops media, with their GPS, camera serials, names and "
                  "captions stripped (videos and other files stay out)");
    sub->add_option("--pseudonym-key", a->pseudonym_key,
                    "with --policy: the key (in the key folder, made on first use) pseudonyms are derived from (default "
                    "pseudonyms); another key gives other pseudonyms");
    bool has_format = false;
    for (const ExporterOption& o : e.options) has_format = has_format || std::string(o.name) == "format";
    if (!has_format) sub->add_option("--format", a->preview_format, "with --preview: json or table (default: table on a terminal)");
    for (const ExporterOption& o : e.options) {
      if (o.flag) sub->add_flag(std::string("--") + o.name, a->flags[o.name], o.help);
      else sub->add_option(std::string("--") + o.name, a->values[o.name], o.help);
    }
    const Exporter* ep = &e;
    sub->callback([ep, a, &ctx, rc] { *rc = run(*ep, *a, ctx); });
  }
}

}  // namespace dataport
