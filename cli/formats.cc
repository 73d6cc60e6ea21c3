// dataport formats: the importers and exporters, one line each.

#include "cli/commands.h"
#include "cli/output.h"
#include "exporters/exporters.h"
#include "ingest/importers.h"
#include "lib/schema.h"

namespace dataport {

namespace {

int run(const FormatArg& fa, bool schema) {
  Format format = fa.get();
  if (schema) {
    std::printf("%s\n", record_json_schema().dump(2).c_str());
    return 0;
  }
  if (format == Format::json_doc || format == Format::ndjson) {
    json out = {{"importers", json::array()}, {"exporters", json::array()}, {"kinds", json::array()}};
    for (const Importer& i : importers()) out["importers"].push_back({{"name", i.name}, {"description", i.description}});
    for (const Exporter& e : exporters()) out["exporters"].push_back({{"name", e.name}, {"description", e.description}});
    for (const KindInfo& k : kind_infos()) out["kinds"].push_back({{"name", k.name}, {"description", k.description}});
    print_document(out, format);
    return 0;
  }
  if (format == Format::csv) {
    RowPrinter t(Format::csv, {"type", "name", "description"});
    for (const Importer& i : importers()) t.add({"importer", i.name, i.description});
    for (const Exporter& e : exporters()) t.add({"exporter", e.name, e.description});
    for (const KindInfo& k : kind_infos()) t.add({"kind", std::string(k.name), std::string(k.description)});
    t.finish();
    return 0;
  }
  std::printf("importers (dataport ingest --from NAME):\n");
  for (const Importer& i : importers()) std::printf("  %-12s %s\n", i.name, i.description);
  std::printf("\nexporters (dataport export NAME -o PATH):\n");
  for (const Exporter& e : exporters()) std::printf("  %-12s %s\n", e.name, e.description);
  std::printf("\nrecord kinds (query --kind KIND):\n");
  for (const KindInfo& k : kind_infos())
    std::printf("  %-15s %s\n", std::string(k.name).c_str(), std::string(k.description).c_str());
  return 0;
}

}  // namespace

void add_formats(CLI::App& app, Context&, int* rc) {
  auto fa = std::make_shared<FormatArg>();
  auto schema = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("formats", "list the importers, exporters and record kinds");
  add_format_option(cmd, *fa);
  cmd->add_flag("--schema", *schema, "print the JSON Schema of a record");
  cmd->callback([fa, schema, rc] { *rc = run(*fa, *schema); });
}

}  // namespace dataport
