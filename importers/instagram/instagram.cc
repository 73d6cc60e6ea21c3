// Instagram data export (JSON), every era (docs/formats/instagram.md): the 2018-20 root files, the 2020-22
// category folders, the 2023-24 your_instagram_activity/ tree (Accounts Center) and the 2025
// layout (media/posts_1.json), in parts given together, labels in the account's language.
//
// [x] media.json, comments.json, connections.json, likes.json, messages.json, profile.json,
//     saved.json, searches.json, account_history.json (2018-20) -> post, media, comment, contact,
//     reaction, message, profile, activity, login
// [x] content|media/posts_N.json, stories, reels, igtv_videos, archived_posts, recently_deleted -> post
//     (multi-media, EXIF GPS, cross-post source); profile_photos -> media
// [x] post_comments(_N), reels_comments -> comment
// [x] liked_posts, liked_comments, story_likes -> reaction
// [x] saved_posts -> activity (save)
// [x] followers(_N), following, close_friends, blocked, restricted, pending/received follow
//     requests, recently unfollowed, following_hashtags -> contact (both record shapes)
// [x] messages/inbox/*/message_N.json -> message (Messenger schema, shares, reactions)
// [x] account/profile/keyword/tag searches -> activity (search)
// [x] personal_information.json -> profile (photo copied)
// [x] ads_interests, your_topics -> inference; advertisers using your activity -> advertiser
// [x] off-Instagram activity (your_activity_off_meta_technologies) -> off_platform
// [x] login/logout/password change/signup activity, devices -> login
// [x] any other string_map_data / label_values list -> activity (generic reader)
// [x] media (by extension, or without one under media/) -> stored once by the pipeline, linked
//     from the records that name them (the store sniffs the type of a file without extension);
//     a media file no record names -> media
// [x] every reader streams its items (each_item); of the 2018-20 root files messages.json is
//     streamed, the others (several lists in one object) are read whole
// [x] no-data.txt, 0-byte files -> ignored
// [x] HTML-format export: recognised and explained (its pages skipped, a warning: request JSON)
#include <vector>

#include "importers/instagram/instagram.h"
#include "ingest/importers.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport {

namespace instagram {

namespace {

bool at_root(const Entry& e) { return split(e.path, '/').size() <= 2; }  // the root, or one wrapper folder

bool has_root_file(const Archive& in, const char* name) {
  for (const Entry* e : in.find_suffix(name))
    if (at_root(*e)) return true;
  return false;
}

// The 2018-20 layout: media.json and connections.json at the root.
bool legacy(const Archive& in) { return has_root_file(in, "media.json") && has_root_file(in, "connections.json"); }

// A root file named like a 2018-20 one: read as such in that layout; in a later export a file of
// that name at the root is read like any other of its name.
Verdict read_root_file(Context& c, const Entry& e) {
  if (legacy(c.in)) return read_legacy(c, e);
  return stem(e.path) == "comments" ? read_comments(c, e) : meta::read_generic(c, e);
}

Verdict read_html_page(Context& c, const Entry&) {
  if (meta::html_export(c)) return {Fate::skipped, "HTML format of the Instagram export: not imported (request JSON)"};
  return {Fate::ignored, "HTML rendering: dataport reads the JSON format of the Instagram export"};
}

void finish(Context& c) {
  c.media.emit_unused(c.out, platform);
  if (meta::html_export(c))
    c.log.warn(c.in.name(), "this is the HTML format of the Instagram export, which dataport cannot read. Request a new "
                            "download in JSON: Accounts Center > Your information and permissions > Download your "
                            "information, and choose Format: JSON");
}

// Media: Meta's extensions, and files without one under media/ (the store sniffs their type).
const std::string media_match = std::string(meta::media_globs) + "|re:(.*/)?media/(.*/)?[^./]+";

constexpr const char* legacy_files =
    "media.json|*/media.json|comments.json|*/comments.json|connections.json|*/connections.json|likes.json|"
    "*/likes.json|messages.json|*/messages.json|profile.json|*/profile.json|saved.json|*/saved.json|searches.json|"
    "*/searches.json|account_history.json|*/account_history.json";


// First match wins. The 2020-22 category folders, the 2023-24 your_instagram_activity/ tree and
// the 2025 media/ layout keep the file names, so rows match names wherever they sit.
const RuleSet rules = {
    .platform = platform,
    .rules =
        {
            {.match = media_match.c_str(), .kinds = "media", .media = true,
             .note = "media file, copied into the media store and linked from records"},
            {.match = "**/no-data.txt", .note = "placeholder Meta writes in a category with no data"},
            {.match = "**/*.html|**/*.htm", .read = read_html_page, .kinds = "file"},
            {.match = meta::thread_files, .read = meta::nonempty<meta::read_messenger_thread>, .kinds = "message"},
            {.match = legacy_files, .read = meta::nonempty<read_root_file>,
             .kinds = "post, media, comment, contact, reaction, message, profile, activity, login"},
            {.match = meta::json_names("posts|stories|reels|igtv_videos|archived_posts|profile_photos|"
                                       "recently_deleted_content|other_content"),
             .read = meta::nonempty<read_content>, .kinds = "post, media"},
            {.match = meta::json_names("post_comments|reels_comments|comments"), .read = meta::nonempty<read_comments>,
             .kinds = "comment"},
            {.match = meta::json_names("liked_posts|liked_comments|story_likes"), .read = meta::nonempty<read_likes>,
             .kinds = "reaction"},
            {.match = meta::json_names("saved_posts"), .read = meta::nonempty<read_saved>, .kinds = "activity"},
            {.match = meta::json_names("followers|following|close_friends|blocked_accounts|blocked_profiles|"
                                       "restricted_accounts|restricted_profiles|pending_follow_requests|"
                                       "recent_follow_requests|follow_requests_you've_received|"
                                       "recently_unfollowed_accounts|recently_unfollowed_profiles|following_hashtags"),
             .read = meta::nonempty<read_contacts>, .kinds = "contact"},
            {.match = meta::json_names("account_searches|profile_searches|word_or_phrase_searches|tag_searches|"
                                       "keyword_searches"),
             .read = meta::nonempty<read_searches>, .kinds = "activity"},
            {.match = meta::json_names("personal_information"), .read = meta::nonempty<read_profile>,
             .kinds = "profile"},
            {.match = meta::json_names("ads_interests|your_topics|recommended_topics"),
             .read = meta::nonempty<read_interests>, .kinds = "inference"},
            {.match = meta::json_names("login_activity|logout_activity|password_change_activity|signup_information|"
                                       "signup_details|devices"),
             .read = meta::nonempty<read_logins>, .kinds = "login"},
            {.match = meta::json_names("advertisers_using_your_activity_or_information|"
                                       "advertisers_you've_interacted_with"),
             .read = meta::nonempty<meta::read_ads>, .kinds = "advertiser"},
            {.match = meta::json_names("your_activity_off_meta_technologies|your_off-instagram_activity"),
             .read = meta::nonempty<meta::read_off_meta>, .kinds = "off_platform"},
            {.match = "**/*.json", .read = meta::nonempty<meta::read_generic>, .kinds = "activity"},
        },
    .finish = finish,
};

}  // namespace

}  // namespace instagram

int probe_instagram(const Archive& in) {
  int score = 0;
  for (const Entry& e : in.entries()) {
    if (e.junk) continue;
    if (meta::has_dir(e.path, "your_instagram_activity")) return 95;
    if (meta::has_dir(e.path, "followers_and_following")) score = std::max(score, 90);
    std::string s = meta::stem(e.path);
    if (meta::has_dir(e.path, "content") && (s == "posts" || s == "stories")) score = std::max(score, 85);
  }
  if (instagram::legacy(in)) {
    const Entry* c = in.first_suffix("connections.json");
    std::string head = in.head(*c, 1024);
    if (head.find("\"follow") != std::string::npos || head.find("blocked_users") != std::string::npos)
      score = std::max(score, 90);
  }
  return score;
}

void read_instagram(const Archive& in, Sink& out, Log& log) { run_rules(instagram::rules, in, out, log); }

}  // namespace dataport
