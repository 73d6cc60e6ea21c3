// Facebook "Download Your Information" (JSON), every era still in circulation (docs/formats/facebook.md):
// the flat ≤2021 layout (posts/, messages/inbox/, friends/...), your_activity_across_facebook/
// (2022-23), your_facebook_activity/ (2024+), multi-part zips given together, the separate E2EE
// Messenger download, and the HTML export (recognised; only its photos and videos are read).
//
// [x] posts/your_posts_N.json, YFA/posts/your_posts__check_ins__photos_and_videos_N.json -> post, place
// [x] posts/album/N.json, photos_and_videos/album/N.json -> media (EXIF time, upload IP, GPS, comments)
// [x] your_uncategorized_photos.json, your_videos.json -> media
// [x] comments(_and_reactions)/comments.json, groups/your_comments_in_groups.json -> comment
// [x] likes_and_reactions(_N).json, likes_and_reactions/posts_and_comments.json -> reaction
// [x] pages you've liked -> reaction; pages (and profiles) you follow -> contact (following)
// [x] messages/{inbox,archived_threads,filtered_threads,message_requests,e2ee_cutover}/*/message_N.json -> message
// [x] E2EE secure-storage download (threadName, camelCase, real UTF-8) -> message, merged by id
// [x] friends, sent/received/rejected requests, removed friends, followers, following -> contact
// [x] events: your_event_responses, your_events, event_invitations -> event
// [x] groups: membership -> group; group posts -> post; group comments -> comment
// [x] saved items -> activity (save); notes -> note
// [x] profile_information.json -> profile, position, education, contact (family)
// [x] search history -> activity (search)
// [x] primary_location, primary_public_location, timezone -> inference; location_history -> location
// [x] ads_interests -> inference; advertisers using your activity / you interacted with -> advertiser
// [x] off-Facebook / off-Meta activity (v2 and label_values) -> off_platform
// [x] account_activity, logins_and_logouts, where you're logged in, IP addresses, login protection -> login
// [x] any other label_values / {timestamp,title,data} list -> activity (generic reader); an item
//     of an unknown shape keeps what it has (a time only, or the whole item in raw)
// [x] media named by records -> copied into the media store once, linked from the records
// [x] no-data.txt -> ignored (placeholder); HTML export -> message, photos and videos -> media
// [ ] HTML export pages themselves (localised display dates; request the JSON format instead)
// [ ] marketplace, payments, fundraisers, Facebook Gaming, avatars: only the generic reader
#include <algorithm>
#include <vector>

#include "importers/facebook/facebook.h"
#include "ingest/importers.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport {

namespace facebook {

namespace {

using Reader = Verdict (*)(Context&, const Entry&);

// Which reader a JSON data file goes to, by its reduced name (and folder where names repeat).
Reader route(const Entry& e) {
  std::string s = stem(e.path);
  if (meta::has_dir(e.path, "album")) return read_album;
  if (is_one_of(s, {"your_posts", "your_posts__check_ins__photos_and_videos", "your_posts_and_check_ins",
                    "group_posts_and_comments", "your_posts_and_comments_in_groups"}))
    return read_posts;
  if (is_one_of(s, {"your_uncategorized_photos", "your_videos", "your_photos"})) return read_photo_list;
  if (is_one_of(s, {"comments", "your_comments_in_groups", "your_comments"})) return read_comments;
  if (is_one_of(s, {"likes_and_reactions", "posts_and_comments"})) return read_reactions;
  if (is_one_of(s, {"pages_you_ve_liked", "pages_you_follow", "pages_and_profiles_you_follow", "pages_you_ve_followed"}) ||
      (s == "pages" && meta::has_dir(e.path, "likes_and_reactions")))
    return read_pages;
  if (is_one_of(s, {"your_event_responses", "your_events", "event_invitations"})) return read_events;
  if (is_one_of(s, {"your_group_membership_activity", "your_groups"})) return read_groups;
  if (is_one_of(s, {"your_saved_items", "saved_items"})) return read_saved;
  if (is_one_of(s, {"notes", "your_notes"})) return read_notes;
  if (s == "profile_information") return read_profile;
  if (is_one_of(s, {"friends", "your_friends", "sent_friend_requests", "received_friend_requests",
                    "rejected_friend_requests", "removed_friends", "followers", "following", "people_who_followed_you",
                    "who_you_ve_followed", "who_you_follow"}))
    return read_connections;
  if (s == "your_search_history") return read_searches;
  if (is_one_of(s, {"primary_location", "primary_public_location", "timezone", "location_history"})) return read_location;
  if (is_one_of(s, {"ads_interests", "other_categories_used_to_reach_you", "advertisers_using_your_activity_or_information",
                    "advertisers_who_uploaded_a_contact_list_with_your_information", "advertisers_you_ve_interacted_with"}))
    return meta::read_ads;
  if (is_one_of(s, {"your_activity_off_meta_technologies", "your_off-facebook_activity"})) return meta::read_off_meta;
  if (is_one_of(s, {"account_activity", "logins_and_logouts", "where_you_re_logged_in", "used_ip_addresses",
                    "ip_address_activity", "login_protection_data", "your_devices", "recognized_devices"}))
    return read_logins;
  return meta::read_generic;
}

bool is_media_name(const std::string& name) {
  for (const char* ext : {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".mp4", ".mov", ".m4a", ".mp3", ".aac",
                          ".wav", ".pdf"})
    if (name.ends_with(ext)) return true;
  return false;
}

bool is_message_file(const Entry& e) {
  std::string s = stem(e.path);
  return s == "message" && meta::has_dir(e.path, "messages");
}

// The HTML format has no data we can read reliably (localised display dates in the account's
// zone); its photos and videos are still worth keeping.
void read_html_media(Context& c, const Entry& e) {
  auto ref = c.media.copy(e.path);
  if (!ref) return;
  Record r = make_record("media", platform, lower(basename(e.path)), e.path, "");
  put(r.data, "title", std::string(basename(e.path)));
  r.data["media"] = json::array({*ref});
  c.out.add(std::move(r));
}

}  // namespace

}  // namespace facebook

namespace {

// "messages/inbox/<thread>/message_N.json" (also archived_threads, filtered_threads,
// message_requests, e2ee_cutover), the shape of a Messenger-only download.
bool is_thread_file(std::string_view path) {
  std::vector<std::string> parts = split(path, '/');
  if (parts.size() < 4) return false;
  const std::string& file = parts[parts.size() - 1];
  if (file.rfind("message_", 0) != 0 || !file.ends_with(".json")) return false;
  const std::string& box = parts[parts.size() - 3];
  return parts[parts.size() - 4] == "messages" &&
         (box == "inbox" || box == "archived_threads" || box == "filtered_threads" || box == "message_requests" ||
          box == "e2ee_cutover");
}

// The head of a Messenger thread file: participants and messages, with Messenger's own keys.
bool messenger_head(std::string_view h) {
  auto has = [&](const char* k) { return h.find(k) != std::string_view::npos; };
  return has("\"participants\"") && has("\"messages\"") && !has("instagram.com/") &&
         (has("\"thread_path\"") || has("\"is_still_participant\"") || has("\"timestamp_ms\""));
}

}  // namespace

int probe_facebook(const Archive& in) {
  int score = 0;
  // A Messenger-only download holds nothing but messages/...; Instagram's 2020-22 tree has the
  // same messages/inbox/<thread>/message_N.json beside its other folders, so only an archive of
  // messages alone is claimed this way.
  bool only_messages = true, thread_seen = false;
  for (const Entry& e : in.entries()) {
    if (e.junk) continue;
    const std::string& p = e.path;
    std::string name = lower(basename(p));
    if (meta::has_dir(p, "your_facebook_activity") || meta::has_dir(p, "your_activity_across_facebook")) return 95;
    if (name == "your_friends.json" && in.head(e, 512).find("friends_v2") != std::string::npos) score = std::max(score, 90);
    if (name == "profile_information.json" && meta::has_dir(p, "profile_information") &&
        in.head(e, 512).find("\"profile") != std::string::npos)
      score = std::max(score, 85);
    if ((name == "friends.json" && meta::has_dir(p, "friends")) ||
        (name.rfind("your_posts", 0) == 0 && meta::has_dir(p, "posts")) ||
        (name == "your_off-facebook_activity.json"))
      score = std::max(score, 80);
    if (name.ends_with(".json") && score < 60 && in.head(e, 256).find("\"threadName\"") != std::string::npos)
      score = 60;  // the E2EE Messenger download on its own
    if (!meta::has_dir(p, "messages")) only_messages = false;
    else if (!thread_seen && is_thread_file(p) && messenger_head(in.head(e, 4096))) thread_seen = true;
  }
  if (only_messages && thread_seen) score = std::max(score, 75);
  return score;
}

void read_facebook(const Archive& in, Sink& out, Log& log) {
  using namespace facebook;
  Context c(in, out, log, platform, "messenger");
  std::vector<const Entry*> e2ee, html_media;
  int64_t json_files = 0, html_files = 0;
  for (const Entry& e : in.entries()) {
    if (e.junk || e.link || e.container) continue;
    std::string name = lower(basename(e.path));
    if (name.ends_with(".json")) ++json_files;
    if (name.ends_with(".html") || name.ends_with(".htm")) ++html_files;
  }
  bool html_export = html_files > 0 && json_files == 0;

  for (const Entry& e : in.entries()) {
    if (e.junk || e.link || e.container) continue;
    std::string name = lower(basename(e.path));
    if (name == "no-data.txt") {
      out.file(e, Fate::ignored, "placeholder Meta writes in a category with no data");
      continue;
    }
    if (name.ends_with(".html") || name.ends_with(".htm")) {
      // Beside JSON it is a second rendering; alone it holds data dataport knowingly leaves out.
      if (html_export) out.file(e, Fate::skipped, "HTML format of Download Your Information: not imported (request JSON)");
      else out.file(e, Fate::ignored, "HTML rendering: dataport reads the JSON format of Download Your Information");
      continue;
    }
    if (html_export && is_media_name(name)) {
      html_media.push_back(&e);
      continue;
    }
    if (!name.ends_with(".json")) continue;  // media: copied when a record names it
    if (e.size == 0) {
      out.file(e, Fate::ignored, "empty file (0 bytes)");
      continue;
    }
    if (in.head(e, 512).find("\"threadName\"") != std::string::npos) {
      e2ee.push_back(&e);  // after the DYI threads, so it can join them
      continue;
    }
    if (is_message_file(e)) {
      run_reader(c, e, [](Context& cx, const Entry& en) -> Verdict {
        std::string body = cx.in.read(en);
        meta::read_messenger_thread(cx.messenger, en, cx.parser.parse(strip_bom(body), cx.in.where(en)));
        return {Fate::parsed, "Messenger thread"};
      });
      continue;
    }
    run_reader(c, e, route(e));
  }
  for (const Entry* e : e2ee)
    run_reader(c, *e, [](Context& cx, const Entry& en) -> Verdict {
      std::string body = cx.in.read(en);
      meta::element doc = cx.parser.parse(strip_bom(body), cx.in.where(en));
      if (!meta::is_e2ee_thread(doc)) return {Fate::unknown, ""};
      meta::read_e2ee_thread(cx.messenger, en, doc);
      return {Fate::parsed, "end-to-end encrypted Messenger thread (secure storage download)"};
    });
  if (c.messenger.merged > 0)
    log.note(std::to_string(c.messenger.merged) +
             " message(s) of the end-to-end encrypted download were already in the DYI export and were merged");
  for (const Entry* e : html_media) read_html_media(c, *e);
  if (html_export)
    log.warn(in.name(),
             "this is the HTML format of Facebook's Download Your Information, which dataport cannot read; only its "
             "photos and videos were kept (" + std::to_string(html_media.size()) +
                 " files, as media records). Request a new download in JSON: Facebook > Settings & privacy > Accounts "
                 "Center > Your information and permissions > Download your information, and choose Format: JSON");
}

}  // namespace dataport
