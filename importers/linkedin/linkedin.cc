// LinkedIn data export ("Basic_LinkedInDataExport_MM-DD-YYYY" and "Complete_..." zips), root or
// wrapped in a folder, 2018 to now. Every file is matched by its name (case, '_' and ' ' ignored)
// and every column by its header, never by position; columns the model does not name go to
// data.raw. Older layouts' column names go through one alias table (table.cc); every CSV goes
// through the shared CSV table reader and lib/csv, which decodes the UTF-16LE TAB-separated files (2018: Logins, Search Queries,
// Shares, Security Challenges, Ad Targeting, Account Status History; 2022: Endorsement Received
// Info, Account Status History).
//
// [x] Connections.csv -> contact (relation connection; "Notes:" preamble; very old: no URL)
// [x] Contacts.csv, ImportedContacts.csv -> contact (relation address_book)
// [x] messages.csv (2018: Messages.csv From,To,Date,Subject,Content,Direction,Folder) -> message; guide_messages.csv -> message (service guide);
//     learning_role_play_messages.csv, learning_coach_messages.csv, coach_messages.csv -> message (service learning)
// [x] Profile.csv, Profile Summary.csv, Email Addresses.csv, PhoneNumbers.csv, Whatsapp Phone Numbers.csv,
//     Registration.csv, Causes You Care About.csv, Jobs/Job Seeker Preferences.csv -> one profile (key "self")
// [x] Positions.csv -> position (job); Volunteering.csv -> position (volunteer)
// [x] Education.csv -> education (school); Courses.csv -> education (course)
// [x] Skills.csv -> skill; Languages.csv -> skill (language)
// [x] Certifications.csv -> certification; Projects.csv -> project; Honors.csv -> award; Publications.csv -> publication
// [x] Endorsement_Given_Info.csv, Endorsement_Received_Info.csv -> endorsement
// [x] Recommendations_Given.csv, Recommendations_Received.csv -> recommendation
// [x] Shares.csv -> post (share); InstantReposts.csv -> post (repost); Articles/Articles/*.html -> post (article)
// [x] Comments.csv -> comment; Reactions.csv -> reaction
// [x] Invitations.csv -> activity invitation; Member_Follows.csv, Company Follows.csv, Hashtag_Follows.csv -> activity follow
// [x] Votes.csv -> activity vote; SearchQueries.csv -> activity search; Saved_Items.csv -> activity save
// [x] Jobs/Job Applications.csv (and _1, _2 splits) -> activity job_application; Jobs/Saved Jobs.csv -> activity job_saved
// [x] Jobs/Saved Job Alerts.csv, SavedJobAlerts.csv (2018: Saved Search Date,Jobs Search Url) -> activity job_alert
// [x] Account Status History.csv -> activity account_status
// [x] Job Applicant Saved Answers.csv, ...Screening Question Responses.csv -> note
// [x] Learning.csv -> activity learning; Reviews.csv -> activity review; Receipts.csv, Receipts_v2.csv -> activity purchase
// [x] Ads Clicked.csv -> activity ad_click; LAN Ads Engagement.csv -> activity ad_engagement
// [x] Services Marketplace: Engagements.csv -> activity service_engagement, Opprtunities.csv -> activity service_request
// [x] Logins.csv -> login; Security Challenges.csv -> login (method = challenge type)
// [x] Ad_Targeting.csv -> one inference per value (duplicate headers kept); Inferences_about_you.csv -> inference
// [x] Events.csv -> event; Rich_Media.csv -> media; Private_identity_asset.csv -> media
// [x] Verifications/Verifications.csv -> verification
// [ ] Services Marketplace/Providers.csv, Who viewed profile, LinkedIn Salary, Articles images and any other
//     file: no verdict, so the store keeps them as `file` records
// Headers not seen in a real export, only in parsers (so matched loosely): Honors, Courses, Causes You Care
// About, Hashtag_Follows, Verifications, Reviews, Engagements, Opprtunities.
//
// On the importer skeleton (ingest/rules.h): files are matched by their normalised name (csv_name),
// read through the shared CSV table reader (ingest/csv_table.h), the profile is emitted at the end.
// Files: linkedin.cc (this list, probe, the rule table), table.cc (dates, file names, column
// aliases), specs.cc (the one-record-per-row files, as a table), files.cc (Connections, contacts,
// messages, Ad_Targeting, profile, Articles), linkedin.h (what they share).

#include <map>
#include <set>

#include "importers/linkedin/linkedin.h"
#include "ingest/importers.h"
#include "lib/error.h"
#include "lib/text.h"

namespace dataport {

using namespace linkedin;  // this file is the importer's front door; its parts live in dataport::linkedin

namespace {

const std::set<std::string>& profile_files() {
  static const std::set<std::string> s = {"profile", "emailaddresses", "phonenumbers", "whatsappphonenumbers",
                                          "registration", "profilesummary", "causesyoucareabout",
                                          "jobseekerpreferences"};
  return s;
}

const std::map<std::string, std::string>& message_files() {
  static const std::map<std::string, std::string> m = {{"messages", ""},
                                                      {"guidemessages", "guide"},
                                                      {"learningroleplaymessages", "learning"},
                                                      {"learningcoachmessages", "learning"},
                                                      {"coachmessages", "learning"}};
  return m;
}

// What the CSV rules match: the normalised name of a .csv file ("" for any other file).
std::string csv_name(ImportContext&, const Entry& e) {
  return lower(e.path).ends_with(".csv") ? file_key(e.path) : std::string();
}

Verdict read_connections(ImportContext& c, const Entry& e) {
  ++c.state<State>().claimed;
  return read_csv_table(c, e, table_for("connections", {"First Name", "Connected On"}, "connections"), connection_row);
}

Verdict read_address_book(ImportContext& c, const Entry& e) {
  ++c.state<State>().claimed;
  return read_csv_table(c, e, table_for(file_key(e.path), {"Emails"}, "contacts"), address_book_row);
}

Verdict read_messages(ImportContext& c, const Entry& e) {
  ++c.state<State>().claimed;
  std::string name = file_key(e.path);
  std::string service = message_files().at(name);
  // 2018 Messages.csv has no CONVERSATION columns.
  return read_csv_table(c, e, table_for(name, {"FROM", "DATE"}, "messages"),
                        [&](const CsvHeader& h, const Row& row, CsvRows& t) { message_row(service, h, row, t); });
}

Verdict read_ad_targeting(ImportContext& c, const Entry& e) {
  ++c.state<State>().claimed;
  return read_csv_table(c, e, table_for("adtargeting", {}, "inferences"), ad_targeting_row);
}

Verdict read_profile_file(ImportContext& c, const Entry& e) {
  State& s = c.state<State>();
  ++s.claimed;
  static const std::map<std::string, const char*> need = {
      {"profile", "First Name"}, {"emailaddresses", "Email Address"}, {"phonenumbers", "Number"},
      {"whatsappphonenumbers", "Number"}, {"registration", "Registered At"},
      {"profilesummary", "Profile Summary"}, {"causesyoucareabout", ""}, {"jobseekerpreferences", ""}};
  std::string name = file_key(e.path);
  std::vector<std::string_view> req;
  if (*need.at(name)) req.push_back(need.at(name));
  return read_csv_table(c, e, table_for(name, req, "rows into the profile"),
                        [&](const CsvHeader& h, const Row& row, CsvRows& t) { profile_row(s, name, h, row, t); });
}

void finish(ImportContext& c) {
  emit_profile(c);
  if (c.state<State>().claimed == 0)
    throw Error(c.in.name(), "no linkedin export files found", "is this a LinkedIn data export?");
}

const RuleSet& rules() {
  static const RuleSet set = {
      .platform = platform,
      .rules = {
          {.match = "**/articles/**/*.html|**/articles/**/*.htm", .read = read_article, .kinds = "post (article)"},
          {.match = "connections", .name = csv_name, .read = read_connections, .kinds = "contact (connection)"},
          {.match = "contacts|importedcontacts", .name = csv_name, .read = read_address_book,
           .kinds = "contact (address_book)"},
          {.match = "messages|guidemessages|learningroleplaymessages|learningcoachmessages|coachmessages",
           .name = csv_name, .read = read_messages, .kinds = "message"},
          {.match = "adtargeting", .name = csv_name, .read = read_ad_targeting, .kinds = "inference"},
          {.match = "profile|emailaddresses|phonenumbers|whatsappphonenumbers|registration|profilesummary|"
                    "causesyoucareabout|jobseekerpreferences",
           .name = csv_name, .read = read_profile_file, .kinds = "profile"},
          {.match = spec_names(), .name = csv_name, .read = read_spec_file,
           .kinds = "position, education, skill, certification, project, award, publication, endorsement, "
                    "recommendation, post, comment, reaction, activity, note, login, inference, event, media, "
                    "verification"},
      },
      .finish = finish,
  };
  return set;
}

}  // namespace

int probe_linkedin(const Archive& in) {
  int score = 0, known = 0;
  for (const Entry& e : in.entries()) {
    if (e.junk || e.link || e.container) continue;
    std::string name = file_key(e.path);
    if (name == "connections") {
      std::string head = in.head(e, 2048);
      if (head.rfind("Notes:", 0) == 0 || head.rfind("\xEF\xBB\xBFNotes:", 0) == 0 ||
          (head.find("First Name,Last Name") != std::string::npos && head.find("Connected On") != std::string::npos))
        score = std::max(score, 95);
    } else if (name == "messages") {
      if (in.head(e, 512).find("CONVERSATION ID,CONVERSATION TITLE,FROM") != std::string::npos)
        score = std::max(score, 95);
    } else if (name == "profile") {
      if (in.head(e, 512).find("First Name,Last Name,Maiden Name") != std::string::npos) score = std::max(score, 90);
    }
    if (lower(e.path).ends_with(".csv") && (profile_files().count(name) || message_files().count(name) ||
                                            has_spec(name) || name == "connections"))
      ++known;
  }
  if (score == 0 && known >= 4) score = 80;
  else if (score == 0 && known >= 2) score = 40;
  return score;
}

void read_linkedin(const Archive& in, Sink& out, Log& log) { run_rules(rules(), in, out, log); }

}  // namespace dataport
