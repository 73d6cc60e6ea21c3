#pragma once
// Internals of the Instagram importer (importers/instagram/*.cc). It builds on importers/meta/
// (the run state, mojibake, label_values, media lookup, Messenger) and, where the shapes are the same
// as Facebook's, on the readers both Meta exports share (advertisers, off-Meta activity, the
// generic reader).

#include <optional>
#include <string>
#include <vector>

#include "importers/meta/meta.h"
#include "lib/time.h"

namespace dataport::instagram {

// Instagram's readers use the shared Meta helpers: Context, State, each, verdict, stem, rec, ts_key...
using namespace meta;

/// The platform name records carry.
inline constexpr const char* platform = "instagram";

/// One entry of `string_list_data`.
struct ListEntry {
  std::string href, value;
  std::optional<Timestamp> time;
};

/// An Instagram record in any of its shapes: `{title, string_list_data[], string_map_data{}}`
/// (2020-24) or `{timestamp, label_values[]}` (2024+), labels mapped to fields.
struct Item {
  std::string title;
  std::vector<meta::LabelValue> fields;
  std::vector<ListEntry> list;
  std::optional<Timestamp> time;  ///< the item's own timestamp
  /// The value (or href) of a field, or "".
  std::string get(std::string_view field) const { return meta::label_text(fields, field); }
  /// The first time found: the item's, a `time`-like field's, or the first list entry's.
  std::optional<Timestamp> when() const;
};

/// Reads any Instagram record shape.
Item read_item(meta::element e);

// readers.cc
Verdict read_content(Context& c, const Entry& e);      ///< posts, stories, reels, IGTV, archived, profile photos -> post, media
Verdict read_comments(Context& c, const Entry& e);     ///< post and reel comments -> comment
Verdict read_likes(Context& c, const Entry& e);        ///< liked posts, comments, stories -> reaction
Verdict read_saved(Context& c, const Entry& e);        ///< saved posts -> activity (save)
Verdict read_contacts(Context& c, const Entry& e);     ///< followers, following, close friends, blocked... -> contact
Verdict read_searches(Context& c, const Entry& e);     ///< account, keyword and tag searches -> activity (search)
Verdict read_profile(Context& c, const Entry& e);      ///< personal_information -> profile
Verdict read_interests(Context& c, const Entry& e);    ///< ads interests, your topics -> inference
Verdict read_logins(Context& c, const Entry& e);       ///< login, logout, signup, password changes, devices -> login
// legacy.cc: the 2018-20 root files
Verdict read_legacy(Context& c, const Entry& e);       ///< media, comments, connections, likes, messages, profile...

}  // namespace dataport::instagram
