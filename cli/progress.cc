#include "cli/progress.h"

#include <cstdio>

#include "cli/output.h"
#include "lib/text.h"

namespace dataport {

namespace {

std::string clock_text(double seconds) {
  auto s = static_cast<int64_t>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                               static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  else std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  return buf;
}

}  // namespace

Progress::Progress(const Context& ctx, std::string what, int64_t total)
    : what_(std::move(what)), total_(total), shown_(is_terminal(2) && !ctx.quiet),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

Progress::~Progress() {
  if (drawn_) std::fputs("\r\033[K", stderr);
}

std::string Progress::line(const std::string& what, int64_t done, int64_t total, double seconds,
                           const std::string& detail) {
  std::string out = "dataport: " + what + ": " + human_bytes(done);
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  if (total > 0) {
    char pct[16];
    double f = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    std::snprintf(pct, sizeof pct, "%.0f%%", 100.0 * f);
    out += " of " + human_bytes(total) + " " + pct;
  }
  if (rate > 0) out += ", " + human_bytes(static_cast<int64_t>(rate)) + "/s";
  if (total > 0 && rate > 0 && done < total) out += ", " + clock_text(static_cast<double>(total - done) / rate) + " left";
  if (!detail.empty()) out += "  " + detail;
  return out;
}

void Progress::update(int64_t done, const std::string& detail) {
  done_ = done;
  if (!shown_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  // One terminal line: the detail (an archive path) is cut so the line never wraps.
  std::string text = terminal_safe(line(what_, done, total_, seconds, ellipsize(detail, 50)));
  std::fprintf(stderr, "\r\033[K%s", text.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish(const std::string& extra) {
  if (!shown_) return;
  if (drawn_) std::fputs("\r\033[K", stderr);
  drawn_ = false;
  if (done_ == 0) return;  // work that reported no bytes (a small export) needs no summary
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  char tail[64];
  std::snprintf(tail, sizeof tail, " in %.1f s", seconds);
  std::string rate = seconds > 0 ? ", " + human_bytes(static_cast<int64_t>(static_cast<double>(done_) / seconds)) + "/s" : "";
  std::fprintf(stderr, "dataport: %s: %s%s%s%s\n", what_.c_str(), human_bytes(done_).c_str(), tail, rate.c_str(),
               terminal_safe(extra).c_str());
}

}  // namespace dataport
