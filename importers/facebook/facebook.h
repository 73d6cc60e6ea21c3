#pragma once
// Internals of the Facebook importer (importers/facebook/*.cc): the state one run shares, and
// one reader per data file family. Each reader takes one archive entry, hands records to the
// sink, and returns the note for that file's verdict; it throws Error when the file is unreadable.

#include <string>

#include "importers/meta/meta.h"
#include "lib/archive.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/sink.h"

namespace dataport::facebook {

/// The platform name records carry.
inline constexpr const char* platform = "facebook";

/// What the readers of one run share. The Instagram importer reuses the readers whose shapes
/// the two exports share (advertisers, off-Meta activity, the generic reader) with its own platform.
struct Context {
  const Archive& in;
  Sink& out;
  Log& log;
  const char* platform;
  JsonParser parser;
  meta::MediaResolver media;
  meta::MessengerContext messenger;
  Context(const Archive& a, Sink& s, Log& l, const char* name = facebook::platform, const char* service = "messenger")
      : in(a), out(s), log(l), platform(name), media(a, s, l), messenger{a, s, l, media, name, service, {}, {}, 0} {}
};

/// A reader's outcome for its file.
struct Verdict {
  Fate fate = Fate::parsed;
  std::string note;
};
/// Reads one file: its verdict becomes the entry's fate; an error makes the file failed and the run
/// partial, and the import goes on (Facebook and Instagram alike).
void run_reader(Context& c, const Entry& e, Verdict (*fn)(Context&, const Entry&));

/// A file name reduced for matching: lower case, "'" written as "_" (pages_you_ve_liked.json),
/// the ".json" and a trailing part number dropped ("your_posts_2.json" -> "your_posts").
std::string stem(std::string_view path);

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
Verdict read_ads(Context& c, const Entry& e);              ///< ad interests -> inference; advertisers -> advertiser
Verdict read_off_meta(Context& c, const Entry& e);         ///< off-Meta activity -> off_platform
Verdict read_logins(Context& c, const Entry& e);           ///< logins, sessions, devices, IPs -> login
Verdict read_generic(Context& c, const Entry& e);          ///< any other label_values/title list -> activity

}  // namespace dataport::facebook
