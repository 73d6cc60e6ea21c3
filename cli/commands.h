#pragma once
// The subcommands. Each cli/<command>.cc parses its arguments and prints; the work is in lib/,
// importers/ and exporters/. main.cc registers every add_* below, in the order --help lists them.

#include <CLI/CLI.hpp>
#include <atomic>
#include <string>

#include "lib/log.h"

namespace dataport {

/// Options shared by every command, filled by main before a command runs.
struct Context {
  std::string db_flag;                       ///< --db as given ("" when absent)
  bool quiet = false, verbose = false;       ///< -q / -v
  /// What -q / -v ask for.
  Verbosity verbosity() const { return quiet ? Verbosity::quiet : verbose ? Verbosity::verbose : Verbosity::normal; }
  const std::atomic<bool>* interrupted = nullptr;  ///< set on Ctrl-C, SIGTERM or SIGHUP
  /// A command that polls `interrupted` (to roll back or clean up) sets this first; until then a
  /// signal ends the process at once, as there is nothing to undo.
  std::atomic<bool>* polls_interrupts = nullptr;
  /// Marks this command as one that polls `interrupted`.
  void poll_interrupts() const {
    if (polls_interrupts) polls_interrupts->store(true);
  }
  /// The database path: --db, else $DATAPORT_DB, else $XDG_DATA_HOME/dataport/dataport.db.
  std::string db_path() const;
};

/// Each adds its subcommand to `app`; the callback returns the exit code through `*rc`.
void add_ingest(CLI::App& app, Context& ctx, int* rc);
void add_inspect(CLI::App& app, Context& ctx, int* rc);
void add_formats(CLI::App& app, Context& ctx, int* rc);
void add_stats(CLI::App& app, Context& ctx, int* rc);
void add_query(CLI::App& app, Context& ctx, int* rc);
void add_sql(CLI::App& app, Context& ctx, int* rc);
void add_export(CLI::App& app, Context& ctx, int* rc);
void add_verify(CLI::App& app, Context& ctx, int* rc);
void add_key(CLI::App& app, Context& ctx, int* rc);
void add_credential(CLI::App& app, Context& ctx, int* rc);
void add_audit(CLI::App& app, Context& ctx, int* rc);
void add_completion(CLI::App& app, Context& ctx, int* rc);

}  // namespace dataport
