// dataport query: records out, filtered. NDJSON (the dump format) when piped, a table on a terminal.

#include "cli/commands.h"
#include "cli/output.h"
#include "lib/dump.h"
#include "lib/schema.h"
#include "lib/store.h"

namespace dataport {

namespace {

struct QueryArgs {
  FilterArgs filter;
  std::string format;
};

int run(const QueryArgs& a, const Context& ctx) {
  RecordFilter f = make_filter(a.filter);
  Format format = pick_format(a.format);
  Store store(ctx.db_path(), Store::Mode::read_only);
  ctx.poll_interrupts();
  store.stop_when(ctx.interrupted);
  if (format == Format::ndjson) {
    store.each_record(f, [](const Record& r) { std::printf("%s\n", dump_line(r).c_str()); });
    return 0;
  }
  if (format == Format::json_doc) {
    bool first = true;
    std::printf("[");
    store.each_record(f, [&](const Record& r) {
      std::printf("%s\n%s", first ? "" : ",", dump_line(r).c_str());
      first = false;
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
  RowPrinter p(Format::table, {"time", "kind", "platform", "summary"});
  store.each_record(f, [&](const Record& r) {
    std::string t = time_string(r);
    p.add({t.empty() ? "-" : t.substr(0, 19), r.kind, r.platform, record_summary(r.data)});
  });
  p.finish();
  return 0;
}

}  // namespace

void add_query(CLI::App& app, Context& ctx, int* rc) {
  auto a = std::make_shared<QueryArgs>();
  CLI::App* cmd = app.add_subcommand("query", "print records, filtered (NDJSON when piped, a table on a terminal)");
  add_filter_options(cmd, a->filter);
  cmd->add_option("--format", a->format, "ndjson, json, csv or table");
  cmd->add_option("--limit", a->filter.limit, "at most N records")->check(CLI::NonNegativeNumber);
  cmd->callback([a, &ctx, rc] { *rc = run(*a, ctx); });
}

}  // namespace dataport
