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
// [x] media without an extension: resolved by name, the store sniffs the type from the bytes
// [x] no-data.txt, 0-byte files -> ignored
// [ ] HTML-format exports (recognised as unknown files; request JSON)
#include <vector>

#include "importers/instagram/instagram.h"
#include "ingest/importers.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport {

namespace instagram {

namespace {

using Reader = Verdict (*)(Context&, const Entry&);

bool at_root(const Entry& e) { return split(e.path, '/').size() <= 2; }  // the root, or one wrapper folder

Reader route(const Entry& e, bool legacy) {
  std::string s = stem(e.path);
  if (legacy && at_root(e) &&
      is_one_of(s, {"media", "comments", "connections", "likes", "messages", "profile", "saved", "searches",
                    "account_history"}))
    return read_legacy;
  if (is_one_of(s, {"posts", "stories", "reels", "igtv_videos", "archived_posts", "profile_photos",
                    "recently_deleted_content", "other_content"}))
    return read_content;
  if (is_one_of(s, {"post_comments", "reels_comments", "comments"})) return read_comments;
  if (is_one_of(s, {"liked_posts", "liked_comments", "story_likes"})) return read_likes;
  if (s == "saved_posts") return read_saved;
  if (is_one_of(s, {"followers", "following", "close_friends", "blocked_accounts", "blocked_profiles",
                    "restricted_accounts", "restricted_profiles", "pending_follow_requests", "recent_follow_requests",
                    "follow_requests_you_ve_received", "recently_unfollowed_accounts", "recently_unfollowed_profiles",
                    "following_hashtags"}))
    return read_contacts;
  if (is_one_of(s, {"account_searches", "profile_searches", "word_or_phrase_searches", "tag_searches",
                    "keyword_searches"}))
    return read_searches;
  if (s == "personal_information") return read_profile;
  if (is_one_of(s, {"ads_interests", "your_topics", "recommended_topics"})) return read_interests;
  if (is_one_of(s, {"login_activity", "logout_activity", "password_change_activity", "signup_information",
                    "signup_details", "devices"}))
    return read_logins;
  if (is_one_of(s, {"advertisers_using_your_activity_or_information", "advertisers_you_ve_interacted_with"}))
    return meta::read_ads;
  if (is_one_of(s, {"your_activity_off_meta_technologies", "your_off-instagram_activity"})) return meta::read_off_meta;
  return meta::read_generic;
}

bool has_root_file(const Archive& in, const char* name) {
  for (const Entry* e : in.find_suffix(name))
    if (at_root(*e)) return true;
  return false;
}

}  // namespace

}  // namespace instagram

int probe_instagram(const Archive& in) {
  int score = 0;
  for (const Entry& e : in.entries()) {
    if (e.junk) continue;
    if (meta::has_dir(e.path, "your_instagram_activity")) return 95;
    if (meta::has_dir(e.path, "followers_and_following")) score = std::max(score, 90);
    std::string s = meta::stem(e.path);
    if (meta::has_dir(e.path, "content") && (s == "posts" || s == "stories") ) score = std::max(score, 85);
  }
  if (instagram::has_root_file(in, "media.json") && instagram::has_root_file(in, "connections.json")) {
    const Entry* c = in.first_suffix("connections.json");
    std::string head = in.head(*c, 1024);
    if (head.find("\"follow") != std::string::npos || head.find("blocked_users") != std::string::npos)
      score = std::max(score, 90);
  }
  return score;
}

void read_instagram(const Archive& in, Sink& out, Log& log) {
  using namespace instagram;
  Context c(in, out, log, instagram::platform, "");
  bool legacy = has_root_file(in, "media.json") && has_root_file(in, "connections.json");
  int64_t html_files = 0, json_files = 0;
  for (const Entry& e : in.entries()) {
    if (e.junk || e.link || e.container) continue;
    std::string name = lower(basename(e.path));
    if (name == "no-data.txt") {
      out.file(e, Fate::ignored, "placeholder Meta writes in a category with no data");
      continue;
    }
    if (name.ends_with(".html")) {
      ++html_files;
      out.file(e, Fate::ignored, "HTML rendering: dataport reads the JSON format of the Instagram export");
      continue;
    }
    if (!name.ends_with(".json")) continue;  // media: copied when a record names it
    ++json_files;
    if (e.size == 0) {
      out.file(e, Fate::ignored, "empty file (0 bytes)");
      continue;
    }
    if (stem(e.path) == "message" && meta::has_dir(e.path, "messages")) {
      run_reader(c, e, [](Context& cx, const Entry& en) -> Verdict {
        std::string body = cx.in.read(en);
        meta::read_messenger_thread(cx.messenger, en, cx.parser.parse(strip_bom(body), cx.in.where(en)));
        return {Fate::parsed, "direct messages thread"};
      });
      continue;
    }
    run_reader(c, e, route(e, legacy));
  }
  if (html_files > 0 && json_files == 0) {
    for (const Entry& e : in.entries())
      if (!e.junk && !e.link && !e.container && lower(basename(e.path)).ends_with(".html"))
        out.file(e, Fate::skipped, "HTML format of the Instagram export: not imported (request JSON)");
    log.warn(in.name(), "this is the HTML format of the Instagram export, which dataport cannot read. Request a new "
                        "download in JSON: Accounts Center > Your information and permissions > Download your "
                        "information, and choose Format: JSON");
  }
}

}  // namespace dataport
