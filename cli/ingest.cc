// dataport ingest PATH...: read an export (several paths = parts of one export) into the store.

#include <sqlite3.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "ingest/pipeline.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport {

namespace {

struct IngestArgs {
  std::vector<std::string> paths;
  std::string from;
  bool strict = false, dry_run = false, force = false;
  FormatArg format;
};

namespace fs = std::filesystem;

// A run that writes nothing leaves no trace: the database, its WAL and media folder (and the
// folders made for them) are removed again when this run created them and nothing was committed.
class NewStoreGuard {
  // True when the database holds no archive and no other process is writing it: another
  // ingest that created it meanwhile keeps it (it holds the write lock, or has committed).
  static bool abandoned(const std::string& db) {
    sqlite3* h = nullptr;
    bool empty = false;
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK &&
        sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK) {
      sqlite3_stmt* st = nullptr;
      const char* sql = "SELECT count(*) = 0 FROM sqlite_master WHERE name = 'archives'";
      if (sqlite3_prepare_v2(h, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        empty = sqlite3_column_int(st, 0) != 0;
      sqlite3_finalize(st);
      st = nullptr;  // finalized: the next finalize must not see it again (no archives table: no second statement)
      if (!empty && sqlite3_prepare_v2(h, "SELECT count(*) FROM archives", -1, &st, nullptr) == SQLITE_OK &&
          sqlite3_step(st) == SQLITE_ROW)
        empty = sqlite3_column_int64(st, 0) == 0;
      sqlite3_finalize(st);
      sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    sqlite3_close(h);
    return empty;
  }

 public:
  explicit NewStoreGuard(const std::string& db) : db_(db) {
    std::error_code ec;
    existed_ = fs::exists(db_, ec);
    for (fs::path p = fs::absolute(db_, ec).parent_path(); !p.empty() && !fs::exists(p, ec); p = p.parent_path())
      made_dirs_.push_back(p);
  }
  bool existed() const { return existed_; }
  void keep() { keep_ = true; }
  ~NewStoreGuard() {
    if (existed_ || keep_ || !abandoned(db_)) return;
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db_ + suffix, ec);
    fs::path media = fs::path(db_).parent_path() / (fs::path(db_).stem().string() + "-media");
    if (fs::is_directory(media, ec) && fs::is_empty(media, ec)) fs::remove(media, ec);
    for (const fs::path& d : made_dirs_)
      if (fs::is_directory(d, ec) && fs::is_empty(d, ec)) fs::remove(d, ec);
  }

 private:
  std::string db_;
  bool existed_ = false, keep_ = false;
  std::vector<fs::path> made_dirs_;
};

// The summary as data: one document (JSON, NDJSON) or the per-kind table (CSV, table).
json summary_document(const Archive& in, const IngestResult& r, const IngestArgs& a,
                      const std::array<int64_t, fate_count>& counts, double seconds, const Log& log) {
  json kinds = json::object();
  for (const auto& [kind, c] : r.kinds) kinds[kind] = {{"new", c.added}, {"present", c.present}};
  json files = json::object();
  for (Fate f : {Fate::parsed, Fate::partial, Fate::failed, Fate::unknown, Fate::ignored, Fate::missing,
                 Fate::skipped})
    files[fate_name(f)] = counts[static_cast<size_t>(f)];
  return {{"archive", in.name()},
          {"sha256", r.archive_sha256},
          {"importer", r.importer},
          {"dry_run", a.dry_run},
          {"records", {{"new", r.added}, {"present", r.present}, {"collisions", r.collisions}}},
          {"kinds", kinds},
          {"files", files},
          {"bytes_read", r.bytes_read},
          {"seconds", seconds},
          {"partial", r.partial},
          {"already_ingested", r.already_ingested.empty() ? json(nullptr) : json(r.already_ingested)},
          {"warnings", log.kept()}};
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int run(const IngestArgs& a, const Context& ctx) {
  auto start = std::chrono::steady_clock::now();
  Log log(ctx.verbosity());
  Format format = a.format.get("table");
  Archive in(a.paths);
  std::string db = ctx.db_path();
  NewStoreGuard guard(db);
  // A dry run into a database that does not exist yet needs none: every record is new.
  std::unique_ptr<Store> store;
  if (!(a.dry_run && !guard.existed())) store = std::make_unique<Store>(db, Store::Mode::read_write);
  IngestOptions opt;
  opt.from = a.from.empty() ? "" : importer_name(a.from, "--from");
  opt.dry_run = a.dry_run;
  opt.strict = a.strict;
  opt.force = a.force;
  opt.interrupted = ctx.interrupted;
  ctx.poll_interrupts();
  opt.now = utc_now();
  opt.file_reports = false;  // only their counts are told; the files rows hold them
  int64_t total = 0;
  for (const Entry& e : in.entries())
    if (!e.junk && !e.link && !e.container && e.size > 0) total += e.size;
  Progress progress(ctx, a.dry_run ? "dry run" : "ingest", total);
  if (progress.shown())
    opt.progress = [&](int64_t n, const std::string& path) {
      progress.update(in.bytes_read(), with_commas(n) + " records  " + path);
    };
  IngestResult r = run_ingest(in, store.get(), opt, log);
  if (store && !a.dry_run) guard.keep();
  progress.update(r.bytes_read);
  progress.finish(", " + with_commas(r.added) + " new records");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const std::array<int64_t, fate_count>& counts = r.fates;  // by Fate: parsed, partial, failed, ...
  // Data on stdout when asked for (--format, --json); otherwise the summary is talk, on stderr.
  if (a.format.given() && (format == Format::json_doc || format == Format::ndjson)) {
    print_document(summary_document(in, r, a, counts, seconds, log), format);
  } else if (a.format.given() && format == Format::csv) {
    RowPrinter table(Format::csv, {"kind", "new", "present"});
    for (const auto& [kind, c] : r.kinds) table.add({kind, c.added, c.present});
    table.finish();
  } else if (a.format.given() || ctx.verbosity() != Verbosity::quiet) {
    std::FILE* out = a.format.given() ? stdout : stderr;
    std::fprintf(out, "%s%s: %s export\n", a.dry_run ? "dry run, nothing written: " : "",
                 terminal_safe(in.name()).c_str(), r.importer.c_str());
    RowPrinter table(Format::table, {"kind", "new", "present"}, out);
    for (const auto& [kind, c] : r.kinds) table.add({kind, with_commas(c.added), with_commas(c.present)});
    table.finish();
    std::fprintf(out, "records: %s new, %s already present", with_commas(r.added).c_str(), with_commas(r.present).c_str());
    if (r.collisions > 0)
      std::fprintf(out, " (%s kept apart: their id was taken by a different item)", with_commas(r.collisions).c_str());
    std::fprintf(out, "\n");
    std::fprintf(out, "files: %s parsed, %s partial, %s failed, %s unknown (kept), %s ignored",
                 with_commas(counts[0]).c_str(), with_commas(counts[1]).c_str(), with_commas(counts[2]).c_str(),
                 with_commas(counts[3]).c_str(), with_commas(counts[4]).c_str());
    if (counts[5] > 0) std::fprintf(out, ", %s missing from the archive", with_commas(counts[5]).c_str());
    if (counts[6] > 0) std::fprintf(out, ", %s skipped (not imported)", with_commas(counts[6]).c_str());
    std::fprintf(out, "\n");
    if (!r.already_ingested.empty())
      std::fprintf(out, "already ingested (%s, same SHA-256, same importer version): nothing read again; --force reads it\n",
                   r.already_ingested.c_str());
    else
      std::fprintf(out, "read %s in %.2f s %s %s\n", human_bytes(r.bytes_read).c_str(), seconds,
                   a.dry_run ? "for" : "into", terminal_safe(db).c_str());
  }
  if (r.partial) {
    if (ctx.verbosity() != Verbosity::quiet)
      std::fprintf(stderr, "dataport: partial: some input could not be read (%lld warnings above)\n",
                   static_cast<long long>(log.warnings()));
    return exit_partial;
  }
  return exit_ok;
}

}  // namespace

void add_ingest(CLI::App& app, Context& ctx, int* rc) {
  auto a = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand("ingest", "read an export (zip, tar.gz, folder; several paths = parts of one export) into the store");
  cmd->add_option("paths", a->paths, "the archive, folder or parts of one export")->required();
  cmd->add_option("--from", a->from, "the platform, when detection cannot tell (see `dataport formats`; twitter for x works)");
  cmd->add_flag("--strict", a->strict, "fail, writing nothing, if anything could not be read");
  cmd->add_flag("--dry-run", a->dry_run, "read everything, report, and write nothing");
  cmd->add_flag("--force", a->force, "read the export again even when the store already holds it, read whole by this version");
  add_format_option(cmd, a->format);
  cmd->callback([a, &ctx, rc] { *rc = run(*a, ctx); });
}

}  // namespace dataport
