// dataport query: records out, filtered. NDJSON (the dump format) when piped, a table on a terminal.

#include <filesystem>

#include "cli/commands.h"
#include "cli/output.h"
#include "lib/dump.h"
#include "lib/schema.h"
#include "lib/store.h"

namespace dataport {

namespace {

struct QueryArgs {
  FilterArgs filter;
  FormatArg format;
  bool utc = false;
};

int run(const QueryArgs& a, const Context& ctx) {
  Format format = a.format.get();
  // A bad kind, platform or date is a usage error even before there is a store.
  if (!std::filesystem::exists(ctx.db_path())) make_filter(a.filter);
  Store store(ctx.db_path(), Store::Mode::read_only);
  RecordFilter f = make_filter(a.filter, &store);
  ctx.poll_interrupts();
  store.stop_when(ctx.interrupted);
  if (format == Format::ndjson) {
    store.each_record(f, [](const Record& r) {
      std::printf("%s\n", dump_line(r).c_str());
      check_stdout();
    });
    return 0;
  }
  if (format == Format::json_doc) {
    bool first = true;
    std::printf("[");
    store.each_record(f, [&](const Record& r) {
      std::printf("%s\n%s", first ? "" : ",", dump_line(r).c_str());
      first = false;
      check_stdout();
    });
    std::printf(first ? "]\n" : "\n]\n");
    return 0;
  }
  if (format == Format::csv) {
    RowPrinter p(Format::csv, {"id", "kind", "platform", "service", "time", "source_archive", "source_path",
                               "source_pointer", "summary", "data"});
    store.each_record(f, [&](const Record& r) {
      p.add({r.id, r.kind, r.platform, r.service, time_string(r), r.source.archive, r.source.path, r.source.pointer,
             record_summary(r.data), r.data.dump(-1, ' ', false, json::error_handler_t::replace)});
    });
    p.finish();
    return 0;
  }
  RowPrinter p(Format::table, {a.utc ? "time (UTC)" : "time", "kind", "platform", "summary"});
  store.each_record(f, [&](const Record& r) {
    std::string t = time_string(r);
    p.add({display_time(t.empty() ? json() : json(t), a.utc), r.kind, r.platform, record_summary(r.data)});
  });
  p.finish();
  return 0;
}

}  // namespace

void add_query(CLI::App& app, Context& ctx, int* rc) {
  auto a = std::make_shared<QueryArgs>();
  CLI::App* cmd = app.add_subcommand("query", "print records, filtered (NDJSON when piped, a table on a terminal)");
  add_filter_options(cmd, a->filter);
  add_format_option(cmd, a->format);
  cmd->add_flag("--utc", a->utc, "show times in UTC in the table (it shows the local zone; data formats are always UTC)");
  cmd->add_option("--limit", a->filter.limit, "at most N records")->check(CLI::NonNegativeNumber);
  cmd->callback([a, &ctx, rc] { *rc = run(*a, ctx); });
}

}  // namespace dataport
