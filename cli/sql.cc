// dataport sql "SELECT ...": read-only SQL over the store, in the same output formats as query.

#include "cli/commands.h"
#include "cli/output.h"
#include "lib/store.h"

namespace dataport {

namespace {

struct SqlArgs {
  std::string statement;
  std::string format;
  double timeout = 0;
};

int run(const SqlArgs& a, const Context& ctx) {
  Format format = pick_format(a.format);
  Store store(ctx.db_path(), Store::Mode::read_only);
  ctx.poll_interrupts();
  store.stop_when(ctx.interrupted, a.timeout);
  std::unique_ptr<RowPrinter> printer;
  store.select(
      a.statement, {},
      [&](const Row& r) {
        if (!printer) printer = std::make_unique<RowPrinter>(format, *r.names);
        printer->add(r.values);
      },
      true);
  if (printer) printer->finish();
  else if (format == Format::json_doc) std::printf("[]\n");
  return 0;
}

}  // namespace

void add_sql(CLI::App& app, Context& ctx, int* rc) {
  auto a = std::make_shared<SqlArgs>();
  CLI::App* cmd = app.add_subcommand("sql", "run one read-only SQL statement over the store");
  cmd->add_option("statement", a->statement, "a SELECT (or other read-only) statement")->required();
  cmd->add_option("--format", a->format, "ndjson, json, csv or table");
  cmd->add_option("--timeout", a->timeout, "stop the statement after this many seconds (default: no limit)")
      ->check(CLI::NonNegativeNumber);
  cmd->callback([a, &ctx, rc] { *rc = run(*a, ctx); });
}

}  // namespace dataport
