#pragma once
// The importer table. An importer is two plain functions and a row in importers.cc, cheapest
// probe first. Detection takes the highest score; a tie or a weak score is an error that names
// the candidates and suggests --from.

#include <string>
#include <vector>

#include "lib/archive.h"
#include "lib/log.h"
#include "lib/sink.h"

namespace dataport {

/// One platform reader.
struct Importer {
  const char* name;         ///< what --from takes, and the records' platform
  const char* description;  ///< one line for `dataport formats`
  /// 0 = not ours ... 100 = certain; looks at names and a few bytes only.
  int (*probe)(const Archive& in);
  /// Hands each record to out and a verdict for each file it claims; throws Error if it cannot go on.
  void (*read)(const Archive& in, Sink& out, Log& log);
};

/// Every importer, in probe order.
const std::vector<Importer>& importers();
/// The importer called `name`, or nullptr.
const Importer* find_importer(const std::string& name);

// One pair per platform (importers/<platform>.cc).
int probe_linkedin(const Archive& in);
void read_linkedin(const Archive& in, Sink& out, Log& log);
int probe_bundle(const Archive& in);
void read_bundle(const Archive& in, Sink& out, Log& log);
int probe_dump(const Archive& in);
void read_dump(const Archive& in, Sink& out, Log& log);
int probe_x(const Archive& in);
void read_x(const Archive& in, Sink& out, Log& log);
int probe_mastodon(const Archive& in);
void read_mastodon(const Archive& in, Sink& out, Log& log);
int probe_chatgpt(const Archive& in);
void read_chatgpt(const Archive& in, Sink& out, Log& log);
int probe_tiktok(const Archive& in);
void read_tiktok(const Archive& in, Sink& out, Log& log);
/// Reddit data request (GDPR) export: a flat zip of CSV files (statistics.csv, posts.csv, ...).
int probe_reddit(const Archive& in);
/// Reads a Reddit export (importers/reddit.cc).
void read_reddit(const Archive& in, Sink& out, Log& log);
/// Bluesky repository export: a CAR file (repo.car) and the blobs named by CID beside it.
int probe_bluesky(const Archive& in);
/// Reads a Bluesky repository export (importers/bluesky.cc).
void read_bluesky(const Archive& in, Sink& out, Log& log);
/// Scores WhatsApp chat exports: chat text files by name (any locale) or by their lines.
int probe_whatsapp(const Archive& in);
/// Reads WhatsApp chat exports, one chat or many, with their media (importers/whatsapp/).
void read_whatsapp(const Archive& in, Sink& out, Log& log);
/// Scores a Claude (claude.ai) data export: conversations.json with chat_messages, users.json.
int probe_claude(const Archive& in);
/// Reads a Claude data export (importers/claude.cc).
void read_claude(const Archive& in, Sink& out, Log& log);
/// Discord data package: account/user.json, messages/, servers/, activity/ (any generation).
int probe_discord(const Archive& in);
/// Reads a Discord data package (importers/discord/).
void read_discord(const Archive& in, Sink& out, Log& log);
int probe_facebook(const Archive& in);
void read_facebook(const Archive& in, Sink& out, Log& log);
int probe_instagram(const Archive& in);
void read_instagram(const Archive& in, Sink& out, Log& log);
int probe_google(const Archive& in);
void read_google(const Archive& in, Sink& out, Log& log);
/// Telegram Desktop export: result.json (a full export or one chat) and its media folders.
int probe_telegram(const Archive& in);
/// Reads a Telegram Desktop export (importers/telegram.cc), result.json streamed.
void read_telegram(const Archive& in, Sink& out, Log& log);
/// Spotify data download: account data (StreamingHistory*.json...) and extended streaming history.
int probe_spotify(const Archive& in);
/// Reads a Spotify data download (importers/spotify.cc).
void read_spotify(const Archive& in, Sink& out, Log& log);
/// Scores an archive as a Snapchat "My Data" download (json/, or the HTML-only export).
int probe_snapchat(const Archive& in);
/// Reads a Snapchat "My Data" download (importers/snapchat/).
void read_snapchat(const Archive& in, Sink& out, Log& log);

}  // namespace dataport
