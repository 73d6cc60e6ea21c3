#include "lib/sink.h"

namespace dataport {

const char* fate_name(Fate f) {
  switch (f) {
    case Fate::parsed: return "parsed";
    case Fate::partial: return "partial";
    case Fate::failed: return "failed";
    case Fate::unknown: return "unknown";
    case Fate::ignored: return "ignored";
    case Fate::missing: return "missing";
    case Fate::skipped: return "skipped";
  }
  return "unknown";
}

}  // namespace dataport
