#pragma once
// Detection: which importer an export is for. Every importer's probe looks at names and a few
// bytes; the highest score wins, and a tie or a weak score is an error that names the candidates
// and suggests --from.

#include <string>
#include <utility>
#include <vector>

#include "lib/archive.h"

namespace dataport {

struct Importer;

/// Detection scores, highest first, and the importer chosen.
struct Detection {
  std::vector<std::pair<std::string, int>> scores;
  const Importer* chosen = nullptr;
};

/// Probes every importer (or takes --from). Throws Error naming the candidates when no importer
/// scores at least 50, or two share the top score.
Detection detect(const Archive& in, const std::string& from);

}  // namespace dataport
