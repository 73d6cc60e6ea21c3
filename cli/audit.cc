// dataport audit: what the platforms hold about the person. The figures come from
// compute_audit() (lib/audit.cc); this file only picks the format and where it goes.

#include "cli/commands.h"
#include "cli/output.h"
#include "exporters/output.h"
#include "lib/audit.h"
#include "lib/error.h"

namespace dataport {

namespace {

struct AuditArgs {
  std::string output, format;
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
  Store store(ctx.db_path(), Store::Mode::read_only);
  json figures = compute_audit(store);
  std::string out = format == "html"   ? render_audit_html(figures)
                    : format == "md"   ? render_audit_markdown(figures)
                    : format == "json" ? figures.dump(2, ' ', false, json::error_handler_t::replace) + "\n"
                                       : render_audit_ndjson(figures);
  if (a.output.empty() || a.output == "-") {
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
  }
  AtomicFile f(a.output);
  f.write(out);
  f.commit();
  if (!ctx.quiet) std::fprintf(stderr, "audit: %s (%s)\n", a.output.c_str(), format.c_str());
  return 0;
}

}  // namespace

void add_audit(CLI::App& app, Context& ctx, int* rc) {
  auto a = std::make_shared<AuditArgs>();
  CLI::App* cmd = app.add_subcommand("audit", "what the platforms hold about you: a report to read, or its figures");
  cmd->add_option("-o,--output", a->output, "write the report to FILE (format from its extension; - for stdout)");
  cmd->add_option("--format", a->format, "html, json, md or ndjson (default: from -o, else md on a terminal, ndjson on a pipe)");
  cmd->callback([a, &ctx, rc] { *rc = run(*a, ctx); });
}

}  // namespace dataport
