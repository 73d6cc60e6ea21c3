// dataport inspect PATH...: detection scores, then every file with the importer's verdict and
// the coverage in files and bytes. Reads everything, writes nothing.

#include <algorithm>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "ingest/importers.h"
#include "ingest/pipeline.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport {

namespace {

struct InspectArgs {
  std::vector<std::string> paths;
  std::string from;
  FormatArg format;
};

int run(const InspectArgs& a, const Context& ctx) {
  Log log(ctx.verbosity());
  Archive in(a.paths);
  std::vector<std::pair<std::string, int>> scores;
  for (const Importer& i : importers()) scores.emplace_back(i.name, std::clamp(i.probe(in), 0, 100));
  std::stable_sort(scores.begin(), scores.end(), [](auto& x, auto& y) { return x.second > y.second; });

  IngestOptions opt;
  opt.from = a.from.empty() ? "" : importer_name(a.from, "--from");
  opt.interrupted = ctx.interrupted;
  Format format = a.format.get();
  int64_t total = 0;
  for (const Entry& e : in.entries())
    if (!e.junk && !e.link && !e.container && e.size > 0) total += e.size;
  Progress progress(ctx, "inspect", total);
  if (progress.shown())
    opt.progress = [&](int64_t n, const std::string& path) {
      progress.update(in.bytes_read(), with_commas(n) + " records  " + path);
    };
  ctx.poll_interrupts();
  std::optional<Error> failure;
  IngestResult r;
  try {
    r = run_ingest(in, nullptr, opt, log);
    progress.update(r.bytes_read);
    progress.finish();
  } catch (const Error& e) {
    failure = e;
    for (const Entry& e2 : in.entries()) r.files.push_back(FileReport::unread(e2, "not read: no importer chosen"));
  }
  int64_t data_files = 0, parsed_files = 0, data_bytes = 0, parsed_bytes = 0;
  for (const FileReport& f : r.files) {
    if (f.fate == Fate::ignored) continue;
    ++data_files;
    data_bytes += std::max<int64_t>(f.size, 0);
    if (f.fate == Fate::parsed) {
      ++parsed_files;
      parsed_bytes += std::max<int64_t>(f.size, 0);
    }
  }
  auto pct = [](int64_t part, int64_t whole) { return whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 100.0; };

  if (format == Format::json_doc || format == Format::ndjson) {
    json j_scores = json::array();
    for (const auto& [name, score] : scores) j_scores.push_back({{"importer", name}, {"score", score}});
    json files = json::array();
    for (const FileReport& f : r.files)
      files.push_back({{"path", f.path}, {"part", f.part}, {"size", f.size}, {"fate", fate_name(f.fate)},
                       {"records", f.records}, {"note", f.note}});
    json out = {{"archive", in.name()},
                {"scores", j_scores},
                {"importer", failure ? json(nullptr) : json(r.importer)},
                {"files", files},
                {"coverage",
                 {{"data_files", data_files}, {"parsed_files", parsed_files}, {"data_bytes", data_bytes},
                  {"parsed_bytes", parsed_bytes}}}};
    if (failure) out["error"] = describe(*failure);
    print_document(out, format);
  } else if (format == Format::csv) {
    RowPrinter files(Format::csv, {"part", "path", "size", "fate", "records", "note"});
    for (const FileReport& f : r.files) files.add({f.part, f.path, f.size, fate_name(f.fate), f.records, f.note});
    files.finish();
  } else {
    std::printf("%s\n\n", terminal_safe(in.name()).c_str());
    RowPrinter det(Format::table, {"importer", "score"});
    for (const auto& [name, score] : scores) det.add({name, score});
    det.finish();
    std::printf("\n");
    RowPrinter files(Format::table, {"fate", "size", "records", "path", "note"});
    for (const FileReport& f : r.files)
      files.add({fate_name(f.fate), f.size >= 0 ? human_bytes(f.size) : "?", f.records, f.path, f.note});
    files.finish();
    if (!failure)
      std::printf("\n%s: %lld of %lld data files parsed (%.1f%%), %s of %s (%.1f%%)\n", r.importer.c_str(),
                  static_cast<long long>(parsed_files), static_cast<long long>(data_files), pct(parsed_files, data_files),
                  human_bytes(parsed_bytes).c_str(), human_bytes(data_bytes).c_str(), pct(parsed_bytes, data_bytes));
  }
  if (failure) throw *failure;
  return r.partial ? exit_partial : exit_ok;
}

}  // namespace

void add_inspect(CLI::App& app, Context& ctx, int* rc) {
  auto a = std::make_shared<InspectArgs>();
  CLI::App* cmd = app.add_subcommand("inspect", "show what an export holds and what dataport understands of it; writes nothing");
  cmd->add_option("paths", a->paths, "the archive, folder or parts of one export")->required();
  cmd->add_option("--from", a->from, "read it as this platform instead of detecting");
  add_format_option(cmd, a->format);
  cmd->callback([a, &ctx, rc] { *rc = run(*a, ctx); });
}

}  // namespace dataport
