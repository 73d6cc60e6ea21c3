// dataport formats: the importers and exporters, one line each.

#include "cli/commands.h"
#include "cli/output.h"
#include "exporters/exporters.h"
#include "ingest/importers.h"
#include "lib/model.h"
#include "lib/schema.h"

namespace dataport {

namespace {

struct FormatsArgs {
  FormatArg format;
  bool schema = false;    ///< --schema given
  std::string kind;       ///< its KIND, or "" for every kind
  bool markdown = false;  ///< --markdown
};

int run(const FormatsArgs& a) {
  Format format = a.format.get();
  if (a.schema) {
    std::printf("%s\n", (a.kind.empty() ? record_json_schema() : kind_json_schema(a.kind)).dump(2).c_str());
    return 0;
  }
  if (a.markdown) {
    std::printf("%s", model_markdown().c_str());
    return 0;
  }
  if (format == Format::json_doc || format == Format::ndjson) {
    json out = {{"importers", json::array()}, {"exporters", json::array()}, {"kinds", json::array()}};
    for (const Importer& i : importers()) out["importers"].push_back({{"name", i.name}, {"description", i.description}});
    for (const Exporter& e : exporters()) out["exporters"].push_back({{"name", e.name}, {"description", e.description}});
    for (const KindInfo& k : kind_infos()) {
      json fields = json::array();
      for (const FieldInfo* f : fields_of(k.name))
        fields.push_back({{"name", f->name}, {"type", type_name(f->type)}, {"required", f->required}, {"meaning", f->meaning}});
      out["kinds"].push_back({{"name", k.name}, {"description", k.description}, {"fields", fields}});
    }
    out["model_version"] = record_model_version;
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
  std::printf("\nrecord kinds, model version %d (query --kind KIND; formats --schema KIND gives the fields):\n",
              record_model_version);
  for (const KindInfo& k : kind_infos())
    std::printf("  %-15s %s\n", std::string(k.name).c_str(), std::string(k.description).c_str());
  return 0;
}

}  // namespace

void add_formats(CLI::App& app, Context&, int* rc) {
  auto a = std::make_shared<FormatsArgs>();
  CLI::App* cmd = app.add_subcommand("formats", "list the importers, exporters and record kinds");
  add_format_option(cmd, a->format);
  CLI::Option* schema =
      cmd->add_option("--schema", a->kind, "print the JSON Schema of a record, or of a record of KIND")
          ->expected(0, 1)
          ->type_name("[KIND]");
  cmd->add_flag("--markdown", a->markdown, "print the record model's field tables (the generated part of docs/schema.md)");
  cmd->callback([a, schema, rc] {
    a->schema = schema->count() > 0;
    *rc = run(*a);
  });
}

}  // namespace dataport
