#pragma once
// Internals of the Facebook importer (importers/facebook/*.cc): one reader per data file family,
// a row each of the rule table in facebook.cc, on the skeleton's ImportContext and the shared
// readers of importers/meta/. Each reader takes one archive entry, hands records to the sink, and
// returns that file's verdict; it throws Error when the file is unreadable.

#include <string>

#include "importers/meta/meta.h"
#include "lib/archive.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/sink.h"

namespace dataport::facebook {

/// The platform name records carry.
inline constexpr const char* platform = "facebook";

// Facebook's readers use the shared Meta helpers: Context, State, each, verdict, stem, rec, ts_key...
using namespace meta;

// content.cc: what the person published and did.
Verdict read_posts(Context& c, const Entry& e);            ///< posts, check-ins, group posts -> post, place
Verdict read_album(Context& c, const Entry& e);            ///< album/N.json -> media
Verdict read_photo_list(Context& c, const Entry& e);       ///< uncategorized photos, videos -> media
Verdict read_comments(Context& c, const Entry& e);         ///< comments, group comments -> comment
Verdict read_reactions(Context& c, const Entry& e);        ///< likes and reactions -> reaction
Verdict read_pages(Context& c, const Entry& e);            ///< pages liked -> reaction, followed -> contact
Verdict read_events(Context& c, const Entry& e);           ///< event responses, own events, invitations -> event
Verdict read_groups(Context& c, const Entry& e);           ///< group membership -> group
Verdict read_saved(Context& c, const Entry& e);            ///< saved items -> activity
Verdict read_notes(Context& c, const Entry& e);            ///< notes -> note

// account.cc: the account, its connections, and what Meta logged or inferred.
Verdict read_profile(Context& c, const Entry& e);          ///< profile -> profile, position, education, contact
Verdict read_connections(Context& c, const Entry& e);      ///< friends, requests, followers -> contact
Verdict read_searches(Context& c, const Entry& e);         ///< search history -> activity
Verdict read_location(Context& c, const Entry& e);         ///< primary location, timezone -> inference; history -> location
Verdict read_logins(Context& c, const Entry& e);           ///< logins, sessions, devices, IPs -> login

}  // namespace dataport::facebook
