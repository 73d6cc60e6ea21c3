#include "ingest/detect.h"

#include <algorithm>

#include "ingest/importers.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport {

Detection detect(const Archive& in, const std::string& from) {
  Detection d;
  if (!from.empty()) {
    d.chosen = find_importer(from);
    if (!d.chosen) {
      std::vector<std::string> names;
      for (const Importer& i : importers()) names.push_back(i.name);
      throw Error("--from " + from, "no such importer", "importers: " + join(names, ", "));
    }
    d.scores.emplace_back(from, 100);
    return d;
  }
  for (const Importer& i : importers()) d.scores.emplace_back(i.name, std::clamp(i.probe(in), 0, 100));
  std::stable_sort(d.scores.begin(), d.scores.end(), [](auto& a, auto& b) { return a.second > b.second; });
  const auto& top = d.scores.front();
  if (top.second < 50) {
    std::string candidates;
    for (const auto& [name, score] : d.scores)
      if (score > 0) candidates += (candidates.empty() ? "" : ", ") + name + " " + std::to_string(score);
    throw Error(in.name(),
                "cannot tell which platform this export is from" +
                    (candidates.empty() ? std::string(" (no importer recognises it)") : " (weak matches: " + candidates + ")"),
                "if you know, name it with --from NAME; `dataport formats` lists the importers");
  }
  if (d.scores.size() > 1 && d.scores[1].second == top.second)
    throw Error(in.name(), "both " + top.first + " and " + d.scores[1].first + " claim this export",
                "choose with --from " + top.first + " or --from " + d.scores[1].first);
  d.chosen = find_importer(top.first);
  return d;
}

}  // namespace dataport
