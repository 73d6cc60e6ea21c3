// dataport formats: the importers and exporters, one line each.

#include "cli/commands.h"
#include "cli/output.h"
#include "exporters/exporters.h"
#include "importers/importers.h"
#include "lib/schema.h"

namespace dataport {

namespace {

int run(bool json_out, bool schema) {
  if (schema) {
    std::printf("%s\n", record_json_schema().dump(2).c_str());
    return 0;
  }
  if (json_out) {
    json out = {{"importers", json::array()}, {"exporters", json::array()}, {"kinds", json::array()}};
    for (const Importer& i : importers()) out["importers"].push_back({{"name", i.name}, {"description", i.description}});
    for (const Exporter& e : exporters()) out["exporters"].push_back({{"name", e.name}, {"description", e.description}});
    for (const KindInfo& k : kind_infos()) out["kinds"].push_back({{"name", k.name}, {"description", k.description}});
    std::printf("%s\n", out.dump(2).c_str());
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
  auto json_out = std::make_shared<bool>(false);
  auto schema = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("formats", "list the importers, exporters and record kinds");
  cmd->add_flag("--json", *json_out, "print the lists as JSON");
  cmd->add_flag("--schema", *schema, "print the JSON Schema of a record");
  cmd->callback([json_out, schema, rc] { *rc = run(*json_out, *schema); });
}

}  // namespace dataport
