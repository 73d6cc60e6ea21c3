// dataport: the command line. Parses global options, registers the subcommands, and turns
// errors into "dataport: error: <where>: <what>" with the exit codes of lib/error.h.

#include <cctype>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "cli/commands.h"
#include "cli/output.h"
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

// Walks the words before CLI11 does, to name what is wrong with a suggestion: a command or
// subcommand that does not exist (`export vcards`), an option the command does not have.
int check_words(CLI::App& app, int argc, char** argv) {
  CLI::App* at = &app;
  auto fail = [](const std::string& what, const std::string& near, const std::string& help) {
    std::fprintf(stderr, "dataport: error: %s\n", terminal_safe(what).c_str());
    if (!near.empty()) std::fprintf(stderr, "dataport: hint: did you mean '%s'?\n", near.c_str());
    else std::fprintf(stderr, "dataport: hint: `%s --help` lists them\n", help.c_str());
    return exit_usage;
  };
  std::string path = "dataport";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") break;
    if (a.size() > 1 && a[0] == '-' && !(a.size() > 1 && std::isdigit(static_cast<unsigned char>(a[1])))) {
      std::string name = a.substr(0, a.find('='));
      bool is_long = name.rfind("--", 0) == 0;
      if (!is_long && name.size() > 2) name = name.substr(0, 2);  // -qv, -ofile
      // Options are looked up on the command and (fallthrough) its parents.
      const CLI::Option* opt = nullptr;
      for (CLI::App* p = at; p && !opt; p = p->get_parent()) opt = p->get_option_no_throw(name);
      if (name == "--help" || name == "-h" || name == "--help-all") return -1;
      if (!opt) {
        std::vector<std::string> names;
        for (CLI::App* p = at; p; p = p->get_parent())
          for (const CLI::Option* o : p->get_options())
            for (const std::string& l : o->get_lnames()) names.push_back("--" + l);
        return fail("unknown option '" + a + "' for `" + path + "`", closest(name, names), path);
      }
      if (opt->get_items_expected_max() > 0 && a.find('=') == std::string::npos && (is_long || a.size() == 2)) ++i;
      continue;
    }
    std::vector<CLI::App*> subs = at->get_subcommands({});
    if (subs.empty()) continue;  // a positional argument of the command
    CLI::App* next = nullptr;
    std::vector<std::string> names;
    for (CLI::App* sub : subs) {
      if (sub->check_name(a)) next = sub;
      names.push_back(sub->get_name());
    }
    if (next) {
      at = next;
      path += " " + next->get_name();
      continue;
    }
    bool takes_words = false;
    for (const CLI::Option* o : at->get_options()) takes_words = takes_words || o->get_positional();
    if (at->get_require_subcommand_min() == 0 && takes_words) continue;
    return fail(std::string(at == &app ? "unknown command '" : "unknown " + path + " subcommand '") + a + "'",
                closest(a, names), path);
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
  app.set_version_flag("-V,--version", std::string("dataport ") + DATAPORT_VERSION);
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
  add_audit(app, ctx, &rc);
  add_completion(app, ctx, &rc);

  for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, on_signal);
  std::signal(SIGPIPE, SIG_IGN);
  if (int bad = check_words(app, argc, argv); bad >= 0) return bad;
  auto report = [](const Error& e) {
    if (stdout_closed()) return static_cast<int>(exit_ok);
    std::fprintf(stderr, "dataport: error: %s\n", terminal_safe(describe(e)).c_str());
    if (!e.hint().empty()) std::fprintf(stderr, "dataport: hint: %s\n", terminal_safe(e.hint()).c_str());
    return static_cast<int>(exit_error);
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const StdoutClosed&) {
    return exit_ok;  // the reader of stdout said "enough" (`| head`)
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "dataport: error: %s\n", terminal_safe(e.what()).c_str());
    std::fprintf(stderr, "dataport: hint: `dataport --help` or `dataport COMMAND --help`\n");
    return exit_usage;
  } catch (const Interrupted& e) {
    std::fprintf(stderr, "dataport: interrupted: %s: stopped and rolled back; nothing was written\n", e.where.c_str());
    return exit_interrupted;
  } catch (const Error& e) {
    return report(e);
  } catch (const OutputFailure& f) {
    return report(f.error);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "dataport: error: out of memory\n");
    return exit_error;
  } catch (const std::exception& e) {
    if (stdout_closed()) return exit_ok;
    std::fprintf(stderr, "dataport: error: %s\n", terminal_safe(e.what()).c_str());
    return exit_error;
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    if (stdout_closed()) return rc;
    std::fprintf(stderr, "dataport: error: cannot write the output\n");
    return exit_error;
  }
  return rc;
}
