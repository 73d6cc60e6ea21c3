#pragma once
// Applying a sharing policy (lib/policy.h) to a store, the one point where `--policy` meets the
// exporters: the records that pass are transformed into a fresh scratch store (with their media
// stripped of GPS and camera serials, or left out), and the exporter then reads that store as it
// would read the person's own. No exporter knows about policies; nothing the policy removes can
// reach any of them. `--preview` runs the same transform and writes nothing.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "lib/log.h"
#include "lib/policy.h"
#include "lib/pseudonym.h"
#include "lib/store.h"

namespace dataport {

/// What a policy run is given besides the policy.
struct MinimiseOptions {
  RecordFilter filter;     ///< the command line's filters, applied together with the policy's
  bool keep_media = false; ///< --keep-media: photos kept (stripped) even where the policy drops media
  int examples = 5;        ///< records shown before/after by a preview
};

/// Counts of what a policy did, per kind and field, and the examples a preview shows.
struct PolicyReport {
  struct FieldCounts {
    int64_t kept = 0, dropped = 0, transformed = 0;
    std::string rule;  ///< the rule that applied ("pseudonymise", "day", "geohash:5", "drop"...)
  };
  struct KindCounts {
    int64_t in = 0, out = 0;
    std::map<std::string, int64_t> removed;  ///< reason -> records not exported
    std::map<std::string, FieldCounts> fields;
    std::string mode;  ///< keep, count (envelope only) or drop
  };
  std::map<std::string, KindCounts> kinds;
  int64_t media_kept = 0, media_dropped = 0;
  std::map<std::string, int64_t> media_removed;  ///< reason -> files
  std::vector<std::pair<json, json>> examples;   ///< (before, after) as dump records
  /// The summary bundles carry (policy name, per kind counts, fields kept/dropped/transformed, media).
  json to_json(const Policy& p) const;
};

/// The records of `src` under policy `p`, pseudonyms under `ps`. Each record the policy lets out
/// is handed to `out`; media (when kept) are stripped through `media` (sha256 -> new reference,
/// or nullopt when the file cannot be stripped and is left out).
class Minimiser {
 public:
  using MediaHook = std::function<std::optional<json>(const std::string& sha256, const std::string& mime)>;
  Minimiser(const Policy& p, Pseudonymiser& ps, const MinimiseOptions& o, MediaHook media);
  /// Learns every person the store names (profiles, contacts, senders, recipients...) so that
  /// free text mentioning them is pseudonymised too.
  void learn(Store& src);
  /// Runs over the store; `out` receives each record the policy lets out.
  void run(Store& src, const std::function<void(const Record&)>& out);
  /// One record; false when the policy removes it.
  bool apply(const Record& in, Record& out);
  const PolicyReport& report() const { return report_; }

 private:
  std::optional<json> field(std::string_view kind, const std::string& key, const json& v, const FieldRule& rule, FieldClass c);
  json scrub(const json& v);
  std::optional<json> media(const json& v);
  void count_dropped_media(const json& v);
  /// A field's class and rule (after --keep-media), worked out once per kind and key.
  struct FieldPlan {
    FieldClass cls;
    FieldRule rule;
  };
  const FieldPlan& plan(const std::string& kind, const std::string& key);
  const Policy& p_;
  Pseudonymiser& ps_;
  MinimiseOptions o_;
  MediaHook media_;
  PolicyReport report_;
  std::map<std::string, std::optional<json>> media_done_;
  std::set<std::string> dropped_media_;
  std::unordered_map<std::string, FieldPlan> plans_;  ///< kind '\0' key -> plan (a store has few of them)
};

/// A fresh private folder (mkdtemp) beside `near` (a path), removed with all it holds when dropped.
struct ScratchDir {
  explicit ScratchDir(const std::string& near);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string path;
};

/// Writes the minimised store at `db_path` (a new file; its media folder beside it). Returns the report.
PolicyReport minimise_store(Store& src, const std::string& db_path, const Policy& p, Pseudonymiser& ps,
                            const MinimiseOptions& o, Log& log);
/// The preview: nothing written; the report with its examples.
PolicyReport preview_policy(Store& src, const Policy& p, Pseudonymiser& ps, const MinimiseOptions& o);
/// The preview as JSON (`--preview --format json`).
json preview_json(const Policy& p, const PolicyReport& r);
/// The preview for a person: per kind the fields kept, dropped and transformed, the counts, and the
/// examples before and after side by side in `width` columns.
std::string preview_text(const Policy& p, const PolicyReport& r, int width);

/// `bytes` (an image of type `mime`) without Exif GPS, camera and lens serial numbers, maker
/// notes, XMP and IPTC (people, places and owners are named there); nullopt when exiv2 cannot
/// rewrite this type (videos, unknown files), which are then left out.
std::optional<std::string> strip_photo_metadata(const std::string& bytes, std::string_view mime, const std::string& where);

}  // namespace dataport
