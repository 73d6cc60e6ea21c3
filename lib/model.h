#pragma once
// The record model as code: one table of every kind's `data` fields (name, type, meaning,
// required, example). docs/schema.md's field tables, the per-kind JSON Schema of
// `formats --schema`, the store's per-kind views and `formats` are all made from it, and
// check_record() holds every record an importer makes to it.

#include <string>
#include <string_view>
#include <vector>

#include "lib/record.h"

namespace dataport {

/// Version of the record model; bumped with any change to kinds, envelope or fields (the store
/// migrates, upgrade_data reads older dumps). 2: issue 20's renames, docs/schema.md says which.
inline constexpr int record_model_version = 2;

/// The JSON shape of a data field.
enum class FieldType {
  string,   ///< text
  date,     ///< ISO 8601 cut to what is known: 2019, 2019-03, 2019-03-14, or an RFC 3339 time
  time,     ///< an RFC 3339 time
  integer,  ///< a whole number
  number,   ///< a number
  boolean,  ///< true or false
  object,   ///< an object of the shape the meaning gives
  person,   ///< {name, first_name, last_name, url, username, email} with the keys known
  persons,  ///< an array of persons
  file,     ///< {sha256, path, mime, size}: a file in the media store
  files,    ///< an array of files (or of {uri}/{url} naming a file the export left out)
  strings,  ///< an array of strings
  objects,  ///< an array of objects
};

/// One field of a kind's `data`.
struct FieldInfo {
  std::string_view kind;     ///< the kind, or "*" for a field every kind may carry
  std::string_view name;     ///< the key in `data`, snake_case
  FieldType type;            ///< its JSON shape
  bool required;             ///< every record of the kind has it
  bool column;               ///< a column of the kind's view in the store
  std::string_view meaning;  ///< what it says, one line
  std::string_view example;  ///< an example value, as JSON text
};

/// Every declared field, kind by kind in the order of kind_infos(), the "*" fields first.
const std::vector<FieldInfo>& model_fields();
/// The fields of one kind, its own then the "*" fields.
std::vector<const FieldInfo*> fields_of(std::string_view kind);
/// The field `name` of `kind` (or of "*"), or nullptr when the model does not declare it.
const FieldInfo* find_field(std::string_view kind, std::string_view name);
/// The type's name as docs/schema.md prints it ("string", "persons"...).
std::string_view type_name(FieldType t);

/// The JSON Schema of a dump line of one kind (`formats --schema KIND`); throws Error for an
/// unknown kind. (record_json_schema() in lib/schema.h gives every kind's.)
json kind_json_schema(std::string_view kind);
/// The field tables of docs/schema.md (`formats --markdown`), between its generated-part markers.
std::string model_markdown();

/// The first line of a dump file (`export dump`): {"dataport":"dump","model_version":N}. A
/// stream of records (`query --format ndjson`) has none; a reader takes its lines as this model's.
std::string dump_header();
/// The model version a dump's header line names, or 0 when the line is not a header.
/// Throws Error(where, ...) for a header of a newer model than this program knows.
int dump_header_version(const std::string& line, const std::string& where);

/// Brings a record's data made under an older model version up to this one (the renames of
/// docs/schema.md's "Model versions"); true when it changed anything. Harmless on current data.
bool upgrade_data(std::string_view kind, json& data);

/// Sets data[key] to true or false from "true"/"false" in any case (what CSV exports write); else nothing.
void put_flag(json& data, const char* key, std::string_view value);
/// Sets data[key] to the non-empty trimmed items of a comma-separated list, unless there are none.
void put_list(json& data, const char* key, std::string_view value);
/// Sets data.language to a BCP 47 tag, unless it says no language is known ("und", "zxx", X's "qme"...).
void put_language(json& data, std::string_view tag);

/// What is wrong with a record against the model: an unknown kind, a `data` field the table
/// does not declare for the kind, a wrong type, a missing required field. Empty when none.
std::vector<std::string> check_record(const Record& r);
/// The same for a record's kind and data alone.
std::vector<std::string> check_data(std::string_view kind, const json& data);

}  // namespace dataport
