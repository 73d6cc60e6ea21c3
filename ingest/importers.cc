#include "ingest/importers.h"

namespace dataport {

const std::vector<Importer>& importers() {
  static const std::vector<Importer> table = {
      {"bundle", "dataport's portable bundle (a BagIt bag from `dataport export bundle`), checksums checked",
       probe_bundle, read_bundle},
      {"dump", "dataport's own NDJSON dump (dump.ndjson, records/*.ndjson)", probe_dump, read_dump},
      {"linkedin", "LinkedIn data export (Basic and Complete zips)", probe_linkedin, read_linkedin},
      {"x", "X / Twitter archive (data/manifest.js, window.YTD files, 2019 to now)", probe_x, read_x},
      {"chatgpt", "ChatGPT data export (conversations.json or conversations-NNN.json)", probe_chatgpt, read_chatgpt},
      {"mastodon", "Mastodon account archive (.tar.gz or .zip) and its CSV exports", probe_mastodon, read_mastodon},
      {"tiktok", "TikTok data export (user_data.json, user_data_tiktok.json)", probe_tiktok, read_tiktok},
      {"reddit", "Reddit data request (GDPR) export: the zip of CSV files, split files included", probe_reddit,
       read_reddit},
      {"bluesky", "Bluesky repository export (repo.car: CAR v1, CIDs checked) and its blobs", probe_bluesky,
       read_bluesky},
      {"whatsapp", "WhatsApp chat exports (Android and iOS, any locale): one or many chats, .txt alone or with media",
       probe_whatsapp, read_whatsapp},
      {"claude", "Claude (claude.ai) data export: conversations.json, users.json, projects.json, memories.json",
       probe_claude, read_claude},
      {"telegram", "Telegram Desktop export (result.json of the whole account or one chat, with its media; the HTML "
       "export recognised)", probe_telegram, read_telegram},
      {"spotify", "Spotify data download: account data (streaming history, library, playlists, inferences) and "
       "extended streaming history, both generations", probe_spotify, read_spotify},
      {"snapchat", "Snapchat My Data download (mydata~*.zip, JSON of every generation with chat media and Memories; "
       "the HTML-only export recognised)", probe_snapchat, read_snapchat},
      {"discord", "Discord data package (package.zip: account, messages as CSV or JSON, servers, activity events)",
       probe_discord, read_discord},
      {"facebook", "Facebook Download Your Information (JSON: flat, 2022-23, 2024+ layouts; E2EE Messenger)",
       probe_facebook, read_facebook},
      {"instagram", "Instagram data export (JSON: 2018-20 root files, 2020-22 folders, Accounts Center 2023+)",
       probe_instagram, read_instagram},
      {"google", "Google Takeout (all parts, JSON and HTML, any language) and on-device Timeline exports", probe_google,
       read_google},
  };
  return table;
}

const Importer* find_importer(const std::string& name) {
  for (const Importer& i : importers())
    if (name == i.name) return &i;
  return nullptr;
}

}  // namespace dataport
