#include "exporters/exporters.h"

#include "exporters/common.h"
#include "exporters/output.h"
#include "lib/dump.h"
#include "lib/model.h"

namespace dataport {

const std::vector<Exporter>& exporters() {
  static const std::vector<Exporter> table = {
      {"bundle",
       "everything as a checksummed BagIt bag (-o FILE.zip, FILE.tar.gz or DIR) that any program can read and "
       "`dataport verify` checks",
       export_bundle,
       {{"format", "zip, tar.gz or dir (default: from the -o name; a folder otherwise); with --preview: json or table", false},
        {"sign", "add a provenance credential signed by this ed25519 key (a name from `dataport key list`)", false},
        {"no-media", "leave out the media files (records still name them by SHA-256)", true},
        {"with-sqlite", "add data/dataport.sqlite, a ready-to-query store of the bundled records", true}}},
      {"dump", "NDJSON of whole records (-o FILE or -): the format golden tests and bundles use", export_dump, {}},
      {"csv", "one CSV file per kind with flat columns (-o DIR), for spreadsheets", export_csv,
       {{"raw", "write cells exactly as stored: no ' before a cell that starts with = + - @, tab or CR", true}}},
      {"ndjson", "one NDJSON file of whole records per kind (-o DIR), for scripts", export_ndjson, {}},
      {"jsonresume", "the profile and career as a JSON Resume document (-o FILE)", export_jsonresume, {}},
      {"vcard", "the people the person knows, merged per person, as vCard 3.0 (-o FILE, or -o DIR with --split)",
       export_vcard,
       {{"vcard-version", "3 (default: what Google, Apple and Outlook import) or 4", false},
        {"split", "write one .vcf per contact into the folder -o DIR", true},
        {"relation",
         "relations to export, comma-separated, or all (default: address_book, contact, connection, friend, "
         "close_friend, family and mutual follows)",
         false}}},
      {"ical", "events as an iCalendar file (-o FILE)", export_ical, {}},
      {"mastodon", "Mastodon CSV imports and an account archive of the posts (-o DIR)", export_mastodon,
       {{"base-url", "server origin for the minted ActivityPub ids (default https://dataport.invalid)", false},
        {"username", "account name in the minted ids (default: the profile's username, else me)", false}}},
      {"mbox", "messages of every platform as one mboxrd mail file (-o FILE)", export_mbox, {}},
      {"gpx", "location history as GPX 1.1: tracks split at gaps, visits as waypoints (-o FILE)", export_gpx,
       {{"gap-minutes", "start a new track segment after this many minutes without a fix (default 30)", false}}},
      {"geojson", "location history as GeoJSON: tracks as LineStrings, visits as Points (-o FILE)", export_geojson,
       {{"gap-minutes", "start a new track segment after this many minutes without a fix (default 30)", false}}},
      {"photos",
       "every photo and video once, in a folder tree by date (-o DIR), with the date, place, caption and people "
       "written into each file (or an XMP sidecar), albums as folders of links, and a CSV index",
       export_photos,
       {{"layout", "date (DIR/YYYY/MM/, the default), album (DIR/albums/NAME/) or platform (DIR/PLATFORM/YYYY/MM/)", false},
        {"album", "only the photos and videos of this album", false},
        {"copy-albums", "album folders hold copies instead of links (for file systems and tools without links)", true},
        {"prefer", "camera (default: keep the date, position and caption the camera wrote) or platform", false},
        {"messages", "also photos and videos sent and received in messages", true}}},
  };
  return table;
}

void export_dump(Store& store, const ExportOptions& opt, Log& log) {
  AtomicFile out(opt.output, opt.force);
  int64_t n = 0;
  out.write(dump_header());
  out.write("\n");
  store.each_dump_row(opt.filter, [&](const DumpRow& r) {
    out.write(dump_line(r));
    out.write("\n");
    ++n;
  });
  out.commit();
  log.note("wrote " + std::to_string(n) + " records to " + opt.output);
}

}  // namespace dataport
