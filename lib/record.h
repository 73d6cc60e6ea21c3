#pragma once
// The record model (docs/schema.md): one envelope for every kind of data, kind-specific fields
// in `data`. Ids are deterministic, so re-ingesting an export never duplicates a record.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/json_dump.h"
#include "lib/time.h"

namespace dataport {

using json = nlohmann::json;

/// Where a record came from.
struct Source {
  std::string archive;  ///< the archive set's SHA-256 (hex), filled in by the store
  std::string path;     ///< the entry path inside the archive
  std::string pointer;  ///< a JSON pointer ("/2/title"), "line 14" for CSV, or "" for the whole file
};

/// One normalised record.
struct Record {
  std::string id;        ///< hash of (platform, kind, natural key); see make_record_id
  std::string kind;      ///< one of record_kinds()
  std::string platform;  ///< linkedin, facebook, google, ...
  std::string service;   ///< optional sub-product ("" when none)
  std::optional<Timestamp> time;
  Source source;
  json data = json::object();
  /// `data` written member by member (JsonObjectText), never built as a tree, for the
  /// high-volume kinds (Location History fixes): `data` is then empty, and the store writes the
  /// object's text (in a bulk load on the thread that writes). Only for records with nothing to
  /// search: the store gives them no full-text entry. A sink that needs the tree calls expand_data().
  JsonObjectText data_object;
  /// The natural key, when `id` is left for the sink to make from it (make_record_id): for the
  /// high-volume kinds (Location History fixes, LinkedIn's rows), whose ids a bulk load hashes on
  /// the thread that writes the store rather than the one that reads the archive. `id` is then
  /// empty. A sink that needs the id calls resolve_id().
  std::string id_key;
};

/// The kinds of DESIGN.md plus project, award and publication (docs/schema.md says why).
const std::vector<std::string_view>& record_kinds();
/// True when `kind` is a known kind.
bool is_record_kind(std::string_view kind);

/// 32 hex digits of SHA-256 over platform, kind and the natural key, separated by NUL.
std::string make_record_id(std::string_view platform, std::string_view kind, std::string_view key);
/// A record with its id made from the key, and its source path and pointer.
Record make_record(std::string_view kind, std::string_view platform, std::string_view key, std::string_view path,
                   std::string pointer);
/// The same without an id, for an importer that knows the key only once `data` is filled: it
/// sets `id` (make_record_id) or `id_key` before adding the record (a record with neither is
/// refused).
Record unkeyed_record(std::string_view kind, std::string_view platform, std::string_view path, std::string pointer);
/// make_record() with the id left to the sink (see Record::id_key).
Record keyed_record(std::string_view kind, std::string_view platform, std::string key, std::string_view path,
                    std::string pointer);
/// Makes r.id from r.id_key (and clears it); nothing when the record has its id.
void resolve_id(Record& r);
/// Makes data_object the tree in data (and clears it); nothing when the record has none.
void expand_data(Record& r);
/// Sets the envelope time; adds data.time_precision when coarser than a second.
void set_time(Record& r, const Timestamp& t);
/// The envelope time as RFC 3339, or "" when unknown.
std::string time_string(const Record& r);

/// Sets data[key] to a trimmed, UTF-8-repaired string, unless it is empty.
void put(json& data, const char* key, std::string_view value);
/// The same for data written member by member (Record::data_object).
void put(JsonObjectText& data, const char* key, std::string_view value);
/// Every string in `data`, joined by spaces.
std::string record_text(const json& data);
/// What the full-text index sees: record_text() without an `html` that has a `text` beside it
/// (the same words, rendered; tokenising both doubled the index's work on messages and posts).
std::string search_text(const json& data);

}  // namespace dataport
