// dataport audit: what the platforms hold about the person. The figures come from
// compute_audit() (lib/audit.cc); this file only picks the format and where it goes.

#include <sys/resource.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <optional>

#include "cli/commands.h"
#include "cli/output.h"
#include "exporters/output.h"
#include "lib/audit.h"
#include "lib/error.h"

namespace dataport {

namespace {

struct AuditArgs {
  std::string output, format;
  FilterArgs filter;  // --platform, --since, --until only
  int64_t max_items = 500;
};

// --format, else the output's extension, else HTML for a file, Markdown on a terminal, NDJSON on a pipe.
std::string pick_audit_format(const AuditArgs& a) {
  if (!a.format.empty()) {
    for (const char* f : {"html", "json", "md", "ndjson"})
      if (a.format == f) return a.format;
    if (a.format == "markdown") return "md";
    if (a.format == "jsonl") return "ndjson";
    throw CLI::ValidationError("--format", "must be html, json, md or ndjson, not '" + a.format + "'");
  }
  if (!a.output.empty() && a.output != "-") {
    std::string ext = a.output.substr(a.output.find_last_of('.') == std::string::npos ? a.output.size() : a.output.find_last_of('.') + 1);
    if (ext == "json") return "json";
    if (ext == "md" || ext == "markdown") return "md";
    if (ext == "ndjson" || ext == "jsonl") return "ndjson";
    return "html";
  }
  return is_terminal(1) ? "md" : "ndjson";
}

int run(const AuditArgs& a, const Context& ctx) {
  std::string format = pick_audit_format(a);
  // A bad platform or date is a usage error even before there is a store.
  if (!std::filesystem::exists(ctx.db_path())) make_filter(a.filter);
  Store store(ctx.db_path(), Store::Mode::read_only);
  AuditOptions opt;
  opt.filter = make_filter(a.filter, &store);
  opt.max_items = a.max_items;
  ctx.poll_interrupts();
  store.stop_when(ctx.interrupted);
  auto wall = std::chrono::steady_clock::now();
  std::clock_t cpu = std::clock();
  if (ctx.verbose) opt.timed = [](const char* section, double s) { std::fprintf(stderr, "audit: %-13s %7.3f s\n", section, s); };
  // Every item (--max-items 0): the long lists stream through a spool to the output, never held.
  std::optional<AuditSpool> spool;
  if (opt.max_items == 0) opt.spool = &spool.emplace();
  json figures = compute_audit(store, opt);
  std::optional<AtomicFile> file;
  if (!a.output.empty() && a.output != "-") file.emplace(a.output);
  auto write = [&](std::string_view s) {
    if (file) file->write(s);
    else std::fwrite(s.data(), 1, s.size(), stdout);
  };
  if (format == "json") write_audit_json(figures, opt.spool, write);
  else if (format == "html") write_audit_html(figures, opt.spool, write);
  else if (format == "md") write_audit_markdown(figures, opt.spool, write);
  else write_audit_ndjson(figures, opt.spool, write);
  if (file) file->commit();
  if (ctx.verbose) {
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    std::fprintf(stderr, "audit: %s records in %.2f s wall, %.2f s CPU, peak RSS %.0f MB\n",
                 with_commas(figures["totals"]["records"].get<int64_t>()).c_str(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count(),
                 static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC, static_cast<double>(ru.ru_maxrss) / 1024);
  }
  if (a.output.empty() || a.output == "-") return 0;
  if (!ctx.quiet) std::fprintf(stderr, "audit: %s (%s)\n", a.output.c_str(), format.c_str());
  return 0;
}

}  // namespace

void add_audit(CLI::App& app, Context& ctx, int* rc) {
  auto a = std::make_shared<AuditArgs>();
  CLI::App* cmd = app.add_subcommand("audit", "what the platforms hold about you: a report to read, or its figures");
  cmd->add_option("-o,--output", a->output, "write the report to FILE (format from its extension; - for stdout)");
  cmd->add_option("--format", a->format, "html, json, md or ndjson (default: from -o, else md on a terminal, ndjson on a pipe)");
  cmd->add_option("--platform", a->filter.platforms, "only records from this platform (repeatable, or comma-separated)")->delimiter(',');
  cmd->add_option("--since", a->filter.since, "only records at or after DATE (2024, 2024-03, 2024-03-01, RFC 3339); undated records are left out");
  cmd->add_option("--until", a->filter.until, "only records up to the end of DATE (same forms); undated records are left out");
  cmd->add_option("--max-items", a->max_items, "at most N items in each long list (default 500; 0 for all); counts stay whole")
      ->check(CLI::NonNegativeNumber);
  cmd->callback([a, &ctx, rc] { *rc = run(*a, ctx); });
}

}  // namespace dataport
