// dataport ingest PATH...: read an export (several paths = parts of one export) into the store.

#include <chrono>
#include <cstdio>
#include <ctime>

#include "cli/commands.h"
#include "cli/output.h"
#include "lib/error.h"
#include "lib/ingest.h"
#include "lib/text.h"

namespace dataport {

namespace {

struct IngestArgs {
  std::vector<std::string> paths;
  std::string from;
  bool strict = false, dry_run = false, json_out = false;
};

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int run(const IngestArgs& a, const Context& ctx) {
  auto start = std::chrono::steady_clock::now();
  Log log(ctx.verbosity());
  Archive in(a.paths);
  Store store(ctx.db_path(), Store::Mode::read_write);
  IngestOptions opt;
  opt.from = a.from;
  opt.dry_run = a.dry_run;
  opt.strict = a.strict;
  opt.interrupted = ctx.interrupted;
  ctx.poll_interrupts();
  opt.now = utc_now();
  bool progress = is_terminal(2) && ctx.verbosity() != Verbosity::quiet;
  if (progress)
    opt.progress = [](int64_t n, const std::string& path) {
      std::fprintf(stderr, "\r\033[Kdataport: %s records... %s", with_commas(n).c_str(), path.c_str());
    };
  IngestResult r = run_ingest(in, &store, opt, log);
  if (progress) std::fprintf(stderr, "\r\033[K");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  int64_t counts[5] = {0, 0, 0, 0, 0};
  for (const FileReport& f : r.files) ++counts[static_cast<int>(f.fate)];
  if (a.json_out) {
    json kinds = json::object();
    for (const auto& [kind, c] : r.kinds) kinds[kind] = {{"new", c.added}, {"present", c.present}};
    json files = json::object();
    for (Fate f : {Fate::parsed, Fate::partial, Fate::failed, Fate::unknown, Fate::ignored})
      files[fate_name(f)] = counts[static_cast<int>(f)];
    json out = {{"archive", in.name()},
                {"sha256", r.archive_sha256},
                {"importer", r.importer},
                {"dry_run", a.dry_run},
                {"records", {{"new", r.added}, {"present", r.present}}},
                {"kinds", kinds},
                {"files", files},
                {"bytes_read", r.bytes_read},
                {"seconds", seconds},
                {"partial", r.partial},
                {"warnings", log.kept()}};
    std::printf("%s\n", out.dump(2, ' ', false, json::error_handler_t::replace).c_str());
  } else if (ctx.verbosity() != Verbosity::quiet) {
    std::printf("%s%s: %s export\n", a.dry_run ? "dry run, nothing written: " : "", in.name().c_str(),
                r.importer.c_str());
    RowPrinter table(Format::table, {"kind", "new", "present"});
    for (const auto& [kind, c] : r.kinds) table.add({kind, with_commas(c.added), with_commas(c.present)});
    table.finish();
    std::printf("records: %s new, %s already present\n", with_commas(r.added).c_str(), with_commas(r.present).c_str());
    std::printf("files: %s parsed, %s partial, %s failed, %s unknown (kept), %s ignored\n",
                with_commas(counts[0]).c_str(), with_commas(counts[1]).c_str(), with_commas(counts[2]).c_str(),
                with_commas(counts[3]).c_str(), with_commas(counts[4]).c_str());
    std::printf("read %s in %.2f s into %s\n", human_bytes(r.bytes_read).c_str(), seconds, store.path().c_str());
  }
  if (r.partial) {
    if (ctx.verbosity() != Verbosity::quiet)
      std::fprintf(stderr, "dataport: partial: some input could not be read (%lld warnings above)\n",
                   static_cast<long long>(log.warnings()));
    return exit_partial;
  }
  return exit_ok;
}

}  // namespace

void add_ingest(CLI::App& app, Context& ctx, int* rc) {
  auto a = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand("ingest", "read an export (zip, tar.gz, folder; several paths = parts of one export) into the store");
  cmd->add_option("paths", a->paths, "the archive, folder or parts of one export")->required();
  cmd->add_option("--from", a->from, "the platform, when detection cannot tell (see `dataport formats`)");
  cmd->add_flag("--strict", a->strict, "fail, writing nothing, if anything could not be read");
  cmd->add_flag("--dry-run", a->dry_run, "read everything, report, and write nothing");
  cmd->add_flag("--json", a->json_out, "print the summary as JSON on stdout");
  cmd->callback([a, &ctx, rc] { *rc = run(*a, ctx); });
}

}  // namespace dataport
