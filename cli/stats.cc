// dataport stats: records per platform and kind, the time span, the archives ingested.

#include "cli/commands.h"
#include "cli/output.h"
#include "lib/store.h"

namespace dataport {

namespace {

int run(const FormatArg& fa, bool utc, const Context& ctx) {
  Format format = fa.get();
  Store store(ctx.db_path(), Store::Mode::read_only);
  json counts = json::array();
  store.select(
      "SELECT platform, kind, count(*), min(time), max(time) FROM records GROUP BY platform, kind ORDER BY platform, kind",
      {}, [&](const Row& r) {
        counts.push_back({{"platform", r.values[0]}, {"kind", r.values[1]}, {"records", r.values[2]},
                          {"first", r.values[3]}, {"last", r.values[4]}});
      });
  json span = {{"first", nullptr}, {"last", nullptr}, {"records", 0}, {"undated", 0}};
  store.select("SELECT min(time), max(time), count(*), count(*) - count(time) FROM records", {}, [&](const Row& r) {
    span = {{"first", r.values[0]}, {"last", r.values[1]}, {"records", r.values[2]}, {"undated", r.values[3]}};
  });
  json archives = json::array();
  for (const ArchiveRow& a : store.archives())
    archives.push_back({{"name", a.name}, {"sha256", a.sha256}, {"platform", a.platform}, {"status", a.status},
                        {"first_ingested", a.first_ingested}, {"last_ingested", a.last_ingested},
                        {"records_new", a.records_new}, {"records_seen", a.records_seen}, {"files", a.files}});
  if (format == Format::json_doc || format == Format::ndjson) {
    print_document({{"database", store.path()}, {"records", span}, {"by_kind", counts}, {"archives", archives}}, format);
    return 0;
  }
  if (format == Format::csv) {
    RowPrinter t(Format::csv, {"platform", "kind", "records", "first", "last"});
    for (const json& c : counts) t.add({c["platform"], c["kind"], c["records"], c["first"], c["last"]});
    t.finish();
    return 0;
  }
  std::printf("%s: %s records", terminal_safe(store.path()).c_str(), with_commas(span["records"].get<int64_t>()).c_str());
  if (span["first"].is_string())
    std::printf(", %s to %s (%s undated)", display_time(span["first"], utc).c_str(),
                display_time(span["last"], utc).c_str(), with_commas(span["undated"].get<int64_t>()).c_str());
  std::printf("\n\n");
  RowPrinter t(Format::table, {"platform", "kind", "records", "first", "last"});
  for (const json& c : counts)
    t.add({c["platform"], c["kind"], with_commas(c["records"].get<int64_t>()), display_time(c["first"], utc),
           display_time(c["last"], utc)});
  t.finish();
  std::printf("\n");
  RowPrinter a(Format::table, {"archive", "platform", "status", "new", "seen", "last ingested"});
  for (const json& x : archives)
    a.add({x["name"], x["platform"], x["status"], with_commas(x["records_new"].get<int64_t>()),
           with_commas(x["records_seen"].get<int64_t>()), display_time(x["last_ingested"], utc)});
  a.finish();
  return 0;
}

}  // namespace

void add_stats(CLI::App& app, Context& ctx, int* rc) {
  auto fa = std::make_shared<FormatArg>();
  auto utc = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("stats", "records per platform and kind, time span, archives ingested");
  add_format_option(cmd, *fa);
  cmd->add_flag("--utc", *utc, "show times in UTC (tables show the local zone)");
  cmd->callback([fa, utc, &ctx, rc] { *rc = run(*fa, *utc, ctx); });
}

}  // namespace dataport
