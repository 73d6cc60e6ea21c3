#pragma once
// Sharing policies (man dataport-policy, issue 18): a small JSON document saying, per kind and
// field, what may leave the person's machine: keep, drop, pseudonymise people, coarsen times,
// places, IP addresses and ages, and which records to filter out. This file is the language
// (parsing, validation, which rule applies to a field) and the value transforms that need no key;
// lib/pseudonym.h holds the keyed part, exporters/minimise.h applies a policy to a store.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/record.h"

namespace dataport {

/// What happens to one field (or one class of fields).
enum class Action {
  keep,         ///< verbatim
  drop,         ///< removed
  pseudonymise, ///< people (and, in free text, the people named inside) replaced by keyed pseudonyms
  coarsen,      ///< times, coordinates, IP addresses or ages made coarser (see Coarse)
};

/// How coarse a time, coordinate, IP address or age becomes.
struct Coarse {
  std::string time = "keep";       ///< keep, hour, day, week, month, year
  int geohash = 0;                 ///< 1..12: a coordinate becomes the centre of its geohash cell
  double grid = 0;                 ///< degrees: a coordinate becomes the centre of its grid cell
  bool ip_prefix = false;          ///< IPv4 to its /24, IPv6 to its /48
  bool age_range = false;          ///< an age to its range (18-24, 25-34...), a birthday to its year
};

/// One rule: an action and, for coarsen, how coarse.
struct FieldRule {
  Action action = Action::keep;
  Coarse coarse;
  std::string text;  ///< the rule as written ("geohash:5"), for previews and summaries
};

/// The classes a field can belong to, named in policies with '@' ("@text": "drop").
enum class FieldClass { person, text, time, place, coordinate, ip, age, media, id, url, other };

/// The name of a class without '@' ("person").
std::string_view field_class_name(FieldClass c);
/// The class of data field `key` of records of `kind` (a contact's `name` is a person, a place's is not).
FieldClass field_class(std::string_view kind, std::string_view key);

/// A parsed policy.
struct Policy {
  std::string name;         ///< "donation-minimal", or the file name without .json
  std::string description;
  std::string text;         ///< the document exactly as read (bundles carry it)
  json doc;                 ///< the document parsed

  // What each class of fields becomes when no kind rule names the field.
  FieldRule people, time, coordinates, places, ip, age, text_fields, ids;
  std::string media = "";   ///< "drop" or "strip"; "" = drop when people are pseudonymised, else strip
  bool keep_source_path = false;  ///< envelope source path and pointer (paths can name people)
  bool keep_raw = false;          ///< data.raw (source fields the model does not name)

  // Filters: records that do not pass are not exported at all.
  std::vector<std::string> platforms, kinds, exclude_kinds, exclude_terms;  ///< terms lower-case
  std::optional<int64_t> since, until;

  /// Per kind ("*" for every kind): "keep", "drop", "count" (envelope only), or field -> rule.
  struct KindRules {
    std::string mode = "fields";  ///< keep, drop, count or fields
    std::map<std::string, FieldRule> fields;  ///< data key, "@class" or "*"
  };
  std::map<std::string, KindRules> kind_rules;
  std::string default_kind = "keep";  ///< for kinds that "kinds" does not name: keep, drop or count

  /// True when people are pseudonymised anywhere by default.
  bool pseudonymises_people() const { return people.action == Action::pseudonymise; }
  /// True when some field of some record can go out pseudonymised, so the people the store
  /// names must be learnt first to be found inside text (false when every kind is counted or dropped).
  bool may_pseudonymise_text() const;
  /// What becomes of records of `kind`: keep, drop or count (records kept without data).
  std::string kind_mode(std::string_view kind) const;
  /// The rule for data field `key` of `kind` (its explicit rule, else its class's).
  FieldRule rule_for(std::string_view kind, std::string_view key) const;
  /// The rule for the envelope time.
  const FieldRule& envelope_time() const { return time; }
};

/// Parses and checks a policy document; throws Error(where, ...) naming the bad key or value.
Policy parse_policy(std::string_view text, const std::string& name, const std::string& where);
/// A shipped policy by name, or a policy file by path ("./mine.json"); throws Error with the names it knows.
Policy load_policy(const std::string& name_or_path);
/// The shipped policies: name -> document (compiled in from policies/*.json).
const std::map<std::string, std::string>& shipped_policies();

/// A time cut down to `precision` (hour, day, week = the Monday, month, year), UTC.
int64_t coarsen_seconds(int64_t seconds, std::string_view precision);
/// A date or time string of `data` cut to `precision` ("2019-03-14T10:11:12Z" -> "2019-03-14"
/// for day); returns "" when `s` is not a date.
std::string coarsen_date(std::string_view s, std::string_view precision);
/// A coordinate pair moved to the centre of its cell: geohash of `geohash` characters, or a grid of `grid` degrees.
std::pair<double, double> coarsen_point(double lat, double lon, const Coarse& c);
/// The geohash of a point, `chars` characters long.
std::string geohash(double lat, double lon, int chars);
/// An IP address cut to its network: IPv4 to a.b.c.0/24, IPv6 to its /48; "" when `s` is not an address.
std::string coarsen_ip(std::string_view s);
/// An age in years to its range: "13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+".
std::string age_range(int64_t years);

}  // namespace dataport
