// dataport: the command line. Parses global options, registers the subcommands, and turns
// errors into "dataport: error: <where>: <what>" with the exit codes of lib/error.h.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "cli/commands.h"
#include "lib/error.h"

namespace dataport {

std::string Context::db_path() const {
  if (!db_flag.empty()) return db_flag;
  if (const char* env = std::getenv("DATAPORT_DB"); env && *env) return env;
  std::filesystem::path base;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) base = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home) base = std::filesystem::path(home) / ".local/share";
  else throw Error("", "no database path: neither --db, $DATAPORT_DB, $XDG_DATA_HOME nor $HOME is set");
  return (base / "dataport" / "dataport.db").string();
}

namespace {

std::atomic<bool> interrupted{false};
std::atomic<bool> polling{false};

// SIGINT, SIGTERM, SIGHUP: a command that polls the flag stops at its next check and rolls back;
// any other command, or a second signal, ends the process the default way at once.
extern "C" void on_signal(int sig) {
  if (!polling.load() || interrupted.load()) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  interrupted.store(true);
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// Finds the first word that is not an option; if it is no command, says so with a suggestion.
int check_command(CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db") {
      ++i;
      continue;
    }
    if (a.rfind("-", 0) == 0) continue;
    std::string best;
    size_t best_d = 99;
    for (const CLI::App* sub : app.get_subcommands({})) {
      if (sub->get_name() == a) return -1;
      size_t d = edit_distance(a, sub->get_name());
      if (d < best_d) {
        best_d = d;
        best = sub->get_name();
      }
    }
    std::fprintf(stderr, "dataport: error: unknown command '%s'\n", a.c_str());
    if (best_d <= 2) std::fprintf(stderr, "dataport: hint: did you mean '%s'?\n", best.c_str());
    else std::fprintf(stderr, "dataport: hint: `dataport --help` lists the commands\n");
    return exit_usage;
  }
  return -1;
}

}  // namespace
}  // namespace dataport

int main(int argc, char** argv) {
  using namespace dataport;
  // With TZ unset, glibc stats /etc/localtime at every local-time conversion, and libarchive
  // converts one per zip header it reads: millions on a big export. Naming the same file reads
  // it once; local time means what it meant.
  if (!std::getenv("TZ")) setenv("TZ", ":/etc/localtime", 0);
  CLI::App app{"dataport: turn platform data exports into open, portable, verifiable data.", "dataport"};
  app.set_version_flag("--version", std::string("dataport ") + DATAPORT_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  Context ctx;
  ctx.interrupted = &interrupted;
  ctx.polls_interrupts = &polling;
  app.add_option("--db", ctx.db_flag, "database file (default: $DATAPORT_DB, else $XDG_DATA_HOME/dataport/dataport.db)");
  app.add_flag("-q,--quiet", ctx.quiet, "say nothing on stderr but errors");
  app.add_flag("-v,--verbose", ctx.verbose, "say more on stderr");
  app.footer("Run `dataport COMMAND --help` for a command's options; `man dataport` for the whole story.");
  int rc = exit_ok;
  add_ingest(app, ctx, &rc);
  add_inspect(app, ctx, &rc);
  add_formats(app, ctx, &rc);
  add_stats(app, ctx, &rc);
  add_query(app, ctx, &rc);
  add_sql(app, ctx, &rc);
  add_export(app, ctx, &rc);
  add_verify(app, ctx, &rc);
  add_key(app, ctx, &rc);
  add_credential(app, ctx, &rc);

  for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, on_signal);
  std::signal(SIGPIPE, SIG_IGN);
  if (int bad = check_command(app, argc, argv); bad >= 0) return bad;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "dataport: error: %s\n", e.what());
    std::fprintf(stderr, "dataport: hint: `dataport --help` or `dataport COMMAND --help`\n");
    return exit_usage;
  } catch (const Interrupted& e) {
    std::fprintf(stderr, "dataport: interrupted: %s: stopped and rolled back; nothing was written\n", e.where.c_str());
    return exit_interrupted;
  } catch (const Error& e) {
    std::fprintf(stderr, "dataport: error: %s\n", describe(e).c_str());
    if (!e.hint().empty()) std::fprintf(stderr, "dataport: hint: %s\n", e.hint().c_str());
    return exit_error;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "dataport: error: out of memory\n");
    return exit_error;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dataport: error: %s\n", e.what());
    return exit_error;
  }
  if (std::fflush(stdout) != 0) {
    std::fprintf(stderr, "dataport: error: cannot write the output\n");
    return exit_error;
  }
  return rc;
}
