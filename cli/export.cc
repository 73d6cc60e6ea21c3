// dataport export FORMAT -o PATH [filters] [format options]: one subcommand per exporter.

#include <cstdlib>

#include <filesystem>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "exporters/exporters.h"
#include "lib/error.h"

namespace dataport {

namespace {

struct ExportArgs {
  FilterArgs filter;
  std::string output;
  bool force = false;
  std::map<std::string, std::string> values;
  std::map<std::string, bool> flags;
};

int run(const Exporter& e, ExportArgs& a, const Context& ctx) {
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
    sub->add_option("-o,--output", a->output, "where to write (a file, a folder, or - for stdout where it fits)")->required();
    sub->add_flag("--force", a->force, "replace an existing file at -o (never a folder, device, fifo or link)");
    add_filter_options(sub, a->filter);
    for (const ExporterOption& o : e.options) {
      if (o.flag) sub->add_flag(std::string("--") + o.name, a->flags[o.name], o.help);
      else sub->add_option(std::string("--") + o.name, a->values[o.name], o.help);
    }
    const Exporter* ep = &e;
    sub->callback([ep, a, &ctx, rc] { *rc = run(*ep, *a, ctx); });
  }
}

}  // namespace dataport
