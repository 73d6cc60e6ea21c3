// dataport sql "SELECT ...": read-only SQL over the store, in the same output formats as query.

#include <filesystem>

#include "cli/commands.h"
#include "cli/output.h"
#include "lib/schema.h"
#include "lib/store.h"

namespace dataport {

namespace {

struct SqlArgs {
  std::string statement;
  FormatArg format;
  bool datasette = false;
  double timeout = 0;
};

// Datasette's metadata.json for the store: what each table, view and column means, and which
// FTS table searches the records (`datasette dataport.db -m metadata.json`).
json datasette_metadata(const std::string& db_path) {
  json tables = json::object();
  tables["records"] = {
      {"description", "every record: the envelope as columns, the kind-specific fields in data (JSON)"},
      {"fts_table", "records_fts"},
      {"fts_pk", "rowid"},
      {"columns",
       {{"id", "deterministic id: a hash of platform, kind and natural key"},
        {"kind", "the record kind (docs/schema.md)"},
        {"platform", "where it came from: facebook, google, linkedin, x, ..."},
        {"service", "a sub-product: youtube, gmail, messenger, ..."},
        {"time", "UTC, always YYYY-MM-DDTHH:MM:SS.sssZ (text order is time order); null when unknown"},
        {"time_unix", "the same time in Unix seconds"},
        {"archive", "rowid of the archive it was read from"},
        {"source_archive", "SHA-256 of the archive set"},
        {"source_path", "the file inside the archive"},
        {"source_pointer", "where in that file: a JSON pointer or a CSV line"},
        {"data", "the kind-specific fields, JSON"}}}};
  tables["archives"] = {{"description", "each archive set ingested, with its counts and status"}};
  tables["files"] = {{"description", "every entry of every archive and what happened to it (fate)"}};
  tables["records_fts"] = {{"description", "full-text index of the records' text (FTS5; content: records)"},
                           {"hidden", true}};
  for (const KindInfo& k : kind_infos()) {
    json cols = {{"id", "the record id"}, {"platform", "platform"}, {"service", "sub-product"},
                 {"time", "UTC, YYYY-MM-DDTHH:MM:SS.sssZ"}, {"source_path", "file inside the archive"},
                 {"data", "all the kind's fields, JSON"}};
    for (std::string_view f : k.fields) cols[std::string(f)] = "data." + std::string(f) + " (docs/schema.md)";
    tables[kind_view_name(k.name)] = {{"description", std::string(k.description)}, {"columns", cols}};
  }
  std::string name = std::filesystem::path(db_path).stem().string();
  return {{"title", "dataport"},
          {"description", "records read from platform data exports by dataport; docs/schema.md describes the model"},
          {"databases", {{name, {{"tables", tables}}}}}};
}

int run(const SqlArgs& a, const Context& ctx) {
  if (a.datasette) {
    if (!a.statement.empty()) throw CLI::ValidationError("--datasette", "takes no statement");
    std::printf("%s\n", datasette_metadata(ctx.db_path()).dump(2).c_str());
    return 0;
  }
  if (a.statement.empty()) throw CLI::ValidationError("statement", "give a statement (or --datasette)");
  Format format = a.format.get();
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
  cmd->add_option("statement", a->statement, "a SELECT (or other read-only) statement");
  cmd->add_flag("--datasette", a->datasette, "print a Datasette metadata.json describing the tables, views and columns");
  add_format_option(cmd, a->format);
  cmd->add_option("--timeout", a->timeout, "stop the statement after this many seconds (default: no limit)")
      ->check(CLI::NonNegativeNumber);
  cmd->callback([a, &ctx, rc] { *rc = run(*a, ctx); });
}

}  // namespace dataport
