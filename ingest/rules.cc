#include "ingest/rules.h"

#include <cstdint>
#include <optional>
#include <regex>
#include <set>

#include "ingest/pipeline.h"
#include "lib/error.h"
#include "lib/places.h"
#include "lib/text.h"

namespace dataport {

namespace {

char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Iterative glob match with one backtrack point per `*` and one per `**/` (the classic two-star
// algorithm): linear in practice, no recursion whatever the pattern.
bool glob_at(std::string_view g, std::string_view p) {
  size_t gi = 0, pi = 0;
  size_t star_g = std::string_view::npos, star_p = 0;    // last `*`: stays in the component
  size_t dstar_g = std::string_view::npos, dstar_p = 0;  // last `**/`: crosses folders
  while (pi < p.size()) {
    if (gi < g.size() && g.compare(gi, 3, "**/") == 0) {
      dstar_g = gi + 3;
      dstar_p = pi;
      star_g = std::string_view::npos;
      gi += 3;
      continue;
    }
    if (gi < g.size() && g[gi] == '*') {
      star_g = ++gi;
      star_p = pi;
      continue;
    }
    if (gi < g.size() && p[pi] != '/' && (g[gi] == '?' || fold(g[gi]) == fold(p[pi]))) {
      ++gi;
      ++pi;
      continue;
    }
    if (gi < g.size() && g[gi] == '/' && p[pi] == '/') {
      ++gi;
      ++pi;
      continue;
    }
    if (star_g != std::string_view::npos && p[star_p] != '/') {  // let the `*` eat one more character
      gi = star_g;
      pi = ++star_p;
      continue;
    }
    if (dstar_g != std::string_view::npos) {  // let the `**/` eat one more folder
      size_t slash = p.find('/', dstar_p);
      if (slash == std::string_view::npos) return false;
      dstar_p = slash + 1;
      gi = dstar_g;
      pi = dstar_p;
      star_g = std::string_view::npos;
      continue;
    }
    return false;
  }
  while (gi < g.size() && g[gi] == '*') ++gi;
  return gi == g.size();
}

// One rule's `match`, its regular expressions compiled once per run.
struct Matcher {
  explicit Matcher(std::string_view match) {
    for (const std::string& alt : split(match, '|')) {
      if (alt.starts_with("re:"))
        res.emplace_back(alt.substr(3), std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
      else if (!alt.empty())
        globs.push_back(alt);
    }
  }
  bool operator()(std::string_view path) const {
    for (const std::string& g : globs)
      if (glob_at(g, path)) return true;
    for (const std::regex& re : res)
      if (std::regex_match(path.begin(), path.end(), re)) return true;
    return false;
  }
  std::vector<std::string> globs;
  std::vector<std::regex> res;
};

// `head`: the entry's first 4 KB, read on the first sniff of the entry (peek: not kept once its
// rule is known).
bool sniffed(const Archive& in, const Entry& e, std::string_view sniff, std::optional<std::string>& head) {
  if (!head) head = in.peek(e, 4096);
  for (const std::string& s : split(sniff, '|'))
    if (!s.empty() && head->find(s) != std::string::npos) return true;
  return false;
}

const Rule* rule_for(const RuleSet& set, const std::vector<Matcher>& match, ImportContext& c, const Entry& e) {
  std::string (*named_by)(ImportContext&, const Entry&) = nullptr;
  std::string name;
  std::optional<std::string> head;
  for (size_t i = 0; i < set.rules.size(); ++i) {
    const Rule& r = set.rules[i];
    if (r.name && r.name != named_by) {
      named_by = r.name;
      name = r.name(c, e);
    }
    if (r.name && name.empty()) continue;
    if (match[i](r.name ? std::string_view(name) : std::string_view(e.path)) && (!r.sniff || sniffed(c.in, e, r.sniff, head)))
      return &r;
  }
  return nullptr;
}

}  // namespace

void read_guarded(const Archive& in, Sink& out, Log& log, const Entry& e, const std::function<Verdict()>& fn) {
  try {
    Verdict v = fn();
    if (v.fate != Fate::unknown) out.file(e, v.fate, v.note);
  } catch (const Error& err) {
    log.partial(err.where().empty() ? in.where(e) : err.where(), err.message());
    out.file(e, Fate::failed, err.message());
  } catch (const std::exception& err) {
    log.partial(in.where(e), std::string("unreadable: ") + err.what());
    out.file(e, Fate::failed, err.what());
  }
}

bool glob_match(std::string_view glob, std::string_view path) { return glob_at(glob, path); }

bool path_matches(std::string_view globs, std::string_view path) { return Matcher(globs)(path); }

void MediaTable::store(const Archive& in, Sink& out, const Entry& e, const std::string& note) {
  MediaRef ref = out.media(in, e);
  std::optional<Sha256> digest;
  if (!ref.sha256.empty() && !(digest = Sha256::parse(ref.sha256)))
    throw Error(in.where(e), "internal: the media copy is named \"" + ref.sha256 + "\", not by a SHA-256");
  if (items_.size() >= UINT32_MAX) throw Error(in.where(e), "too many media files in one run");  // by_path_'s places
  out.file(e, Fate::parsed, note);
  items_.push_back({&e, ref.size, &*types_.insert(std::move(ref.mime)).first, digest, false});
  indexed_ = false;
}

void MediaTable::seal() {
  items_.shrink_to_fit();
  index();
}

std::string_view MediaTable::path_at(uint32_t i) const { return items_[i].entry->path; }
std::string_view MediaTable::name_at(uint32_t i) const { return basename(items_[i].entry->path); }

void MediaTable::index() {
  if (indexed_) return;
  by_path_ = sorted_places(items_.size(), [&](uint32_t i) { return path_at(i); });
  by_name_ = sorted_places(items_.size(), [&](uint32_t i) { return name_at(i); });
  indexed_ = true;
}

StoredMedia* MediaTable::find(std::string_view path) {
  index();
  auto at = places_of(by_path_, path, [&](uint32_t i) { return path_at(i); });
  return at.empty() ? nullptr : &items_[at.front()];  // the first stored
}

StoredMedia* MediaTable::find_suffix(std::string_view suffix) {
  while (!suffix.empty() && suffix.front() == '/') suffix.remove_prefix(1);
  if (suffix.empty()) return nullptr;
  index();
  StoredMedia* best = nullptr;
  for (uint32_t i : places_of(by_name_, basename(suffix), [&](uint32_t i) { return name_at(i); })) {
    std::string_view p = items_[i].entry->path;
    bool at_boundary = p.size() == suffix.size() || (p.size() > suffix.size() && p[p.size() - suffix.size() - 1] == '/');
    if (!p.ends_with(suffix) || !at_boundary) continue;
    if (!best || p.size() > best->entry->path.size()) best = &items_[i];
  }
  return best;
}

json MediaTable::use(StoredMedia& m) {
  m.used = true;
  json o = json::object();
  put(o, "sha256", m.sha256());
  put(o, "path", m.entry->path);
  put(o, "mime", m.mime());
  o["size"] = m.size;
  return o;
}

void MediaTable::emit_unused(Sink& out, std::string_view platform, std::string_view service) {
  for (StoredMedia& m : items_) {
    // A 0-byte file is ignored by the pipeline's one rule for empty files: no record of it either.
    if (m.used || m.entry->size == 0) continue;
    Record r = make_record("media", platform, "media:" + m.entry->path, m.entry->path, "");
    r.service = service;
    put(r.data, "title", basename(m.entry->path));
    r.data["media"] = json::array({use(m)});
    out.add(std::move(r));
  }
}

void run_rules(const RuleSet& set, const Archive& in, Sink& out, Log& log) {
  ImportContext c(in, out, log, set.platform);
  std::vector<Matcher> match;
  for (const Rule& r : set.rules) match.emplace_back(r.match);
  // Which rule each entry falls under, decided once (a sniff reads the entry's first bytes).
  // A sniff or a name that throws (a broken entry) fails that entry alone.
  std::vector<const Rule*> rule(in.entries().size(), nullptr);
  for (size_t i = 0; i < in.entries().size(); ++i) {
    const Entry& e = in.entries()[i];
    if (e.junk || e.link || e.container) continue;
    // A 0-byte file holds nothing to read: it is `ignored` whatever claims it (the pipeline's one
    // rule, FileReport::unread), so no reader runs on it and none warns of a file empty on purpose.
    if (FileReport::empty_file(e)) {
      out.file(e, Fate::ignored, FileReport::unread(e, "").note);
      continue;
    }
    read_guarded(in, out, log, e, [&] {
      rule[i] = rule_for(set, match, c, e);
      return Verdict{Fate::unknown, ""};
    });
  }
  // Media first, in listing order: storing an entry ends any stream open on its part. A file that
  // cannot be stored (a broken entry) fails alone, inside the same boundary as a reader.
  for (size_t i = 0; i < rule.size(); ++i)
    if (rule[i] && rule[i]->media)
      read_guarded(in, out, log, in.entries()[i], [&] {
        c.media.store(in, out, in.entries()[i], rule[i]->note);
        return Verdict{Fate::unknown, ""};  // store gave the verdict
      });
  c.media.seal();
  std::set<int> passes;
  for (const Rule& r : set.rules) passes.insert(r.pass);
  for (int pass : passes)
    for (size_t i = 0; i < rule.size(); ++i) {
      const Rule* r = rule[i];
      if (!r || r->media || r->pass != pass) continue;
      const Entry& e = in.entries()[i];
      if (r->read) read_guarded(in, out, log, e, [&] { return r->read(c, e); });
      else if (r->fate != Fate::unknown) out.file(e, r->fate, r->note);
    }
  if (!set.finish) return;
  // What finish adds comes from every file: a failure there makes the run partial, not the import void.
  try {
    set.finish(c);
  } catch (const Error& err) {
    log.partial(err.where().empty() ? in.name() : err.where(), err.message());
  } catch (const std::exception& err) {
    log.partial(in.name(), std::string("unreadable: ") + err.what());
  }
}

}  // namespace dataport
