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
// [x] media (by extension) -> stored once by the pipeline (media rows), linked from the records
//     that name them; a media file no record names -> media
// [x] every reader streams its items (each_item); a thread's or an album's other members are read
//     in a first pass that skips the big array; one-record files (profile, location, events) whole
// [x] no-data.txt, 0-byte files -> ignored; HTML export -> a message, its photos and videos -> media
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

constexpr const char* html_note = "HTML format of Download Your Information: not imported (request JSON)";

// Beside JSON an HTML page is a second rendering; alone it holds data dataport knowingly leaves out.
Verdict read_html_page(Context& c, const Entry&) {
  if (meta::html_export(c)) return {Fate::skipped, html_note};
  return {Fate::ignored, "HTML rendering: dataport reads the JSON format of Download Your Information"};
}

// The HTML format has no data we can read reliably (localised display dates in the account's
// zone); its photos and videos are still worth keeping, one media record each.
void keep_html_media(Context& c) {
  int64_t n = 0;
  for (StoredMedia& m : c.media.all()) {
    Record r = make_record("media", platform, lower(basename(m.entry->path)), m.entry->path, "");
    put(r.data, "title", std::string(basename(m.entry->path)));
    r.data["media"] = json::array({c.media.use(m)});
    c.out.add(std::move(r));
    ++n;
  }
  c.log.warn(c.in.name(),
             "this is the HTML format of Facebook's Download Your Information, which dataport cannot read; only its "
             "photos and videos were kept (" + std::to_string(n) +
                 " files, as media records). Request a new download in JSON: Facebook > Settings & privacy > Accounts "
                 "Center > Your information and permissions > Download your information, and choose Format: JSON");
}

void finish(Context& c) {
  meta::finish_e2ee(c);
  if (meta::html_export(c)) keep_html_media(c);
  else c.media.emit_unused(c.out, platform);
}

// First match wins. The same file family keeps its name across the 2019 folders, the 2022
// your_activity_across_facebook/ tree and the 2024 your_facebook_activity/ tree (only the top
// folders and the `_v2` keys change), so rows match file names wherever they sit.
const RuleSet rules = {
    .platform = platform,
    .rules =
        {
            {.match = meta::media_globs, .kinds = "media", .media = true,
             .note = "media file, copied into the media store and linked from records"},
            {.match = "**/no-data.txt", .note = "placeholder Meta writes in a category with no data"},
            {.match = "**/*.html|**/*.htm", .read = read_html_page, .kinds = "file"},
            {.match = "**/*.json", .sniff = "\"threadName\"", .read = meta::defer_e2ee, .kinds = "message"},
            {.match = meta::thread_files, .read = meta::nonempty<meta::read_messenger_thread>, .kinds = "message"},
            {.match = "**/album/**/*.json", .read = meta::nonempty<read_album>, .kinds = "media"},
            {.match = meta::json_names("your_posts|your_posts__check_ins__photos_and_videos|your_posts_and_check_ins|"
                                       "group_posts_and_comments|your_posts_and_comments_in_groups"),
             .read = meta::nonempty<read_posts>, .kinds = "post, place"},
            {.match = meta::json_names("your_uncategorized_photos|your_videos|your_photos"),
             .read = meta::nonempty<read_photo_list>, .kinds = "media"},
            {.match = meta::json_names("comments|your_comments_in_groups|your_comments"),
             .read = meta::nonempty<read_comments>, .kinds = "comment"},
            {.match = meta::json_names("likes_and_reactions|posts_and_comments"),
             .read = meta::nonempty<read_reactions>, .kinds = "reaction"},
            {.match = meta::json_names("pages_you've_liked|pages_you_follow|pages_and_profiles_you_follow|"
                                       "pages_you've_followed|likes_and_reactions/pages"),
             .read = meta::nonempty<read_pages>, .kinds = "reaction, contact"},
            {.match = meta::json_names("your_event_responses|your_events|event_invitations"),
             .read = meta::nonempty<read_events>, .kinds = "event"},
            {.match = meta::json_names("your_group_membership_activity|your_groups"),
             .read = meta::nonempty<read_groups>, .kinds = "group"},
            {.match = meta::json_names("your_saved_items|saved_items"), .read = meta::nonempty<read_saved>,
             .kinds = "activity"},
            {.match = meta::json_names("notes|your_notes"), .read = meta::nonempty<read_notes>, .kinds = "note"},
            {.match = meta::json_names("profile_information"), .read = meta::nonempty<read_profile>,
             .kinds = "profile, position, education, contact"},
            {.match = meta::json_names("friends|your_friends|sent_friend_requests|received_friend_requests|"
                                       "rejected_friend_requests|removed_friends|followers|following|"
                                       "people_who_followed_you|who_you've_followed|who_you_follow"),
             .read = meta::nonempty<read_connections>, .kinds = "contact"},
            {.match = meta::json_names("your_search_history"), .read = meta::nonempty<read_searches>,
             .kinds = "activity"},
            {.match = meta::json_names("primary_location|primary_public_location|timezone|location_history"),
             .read = meta::nonempty<read_location>, .kinds = "inference, location"},
            {.match = meta::json_names("ads_interests|other_categories_used_to_reach_you|"
                                       "advertisers_using_your_activity_or_information|"
                                       "advertisers_who_uploaded_a_contact_list_with_your_information|"
                                       "advertisers_you've_interacted_with"),
             .read = meta::nonempty<meta::read_ads>, .kinds = "inference, advertiser"},
            {.match = meta::json_names("your_activity_off_meta_technologies|your_off-facebook_activity"),
             .read = meta::nonempty<meta::read_off_meta>, .kinds = "off_platform"},
            {.match = meta::json_names("account_activity|logins_and_logouts|where_you're_logged_in|used_ip_addresses|"
                                       "ip_address_activity|login_protection_data|your_devices|recognized_devices"),
             .read = meta::nonempty<read_logins>, .kinds = "login"},
            {.match = "**/*.json", .read = meta::nonempty<meta::read_generic>, .kinds = "activity"},
        },
    .finish = finish,
};

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

void read_facebook(const Archive& in, Sink& out, Log& log) { run_rules(facebook::rules, in, out, log); }

}  // namespace dataport
