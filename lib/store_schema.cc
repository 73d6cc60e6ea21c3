// The store's schema: the tables made for a new store, the migrations of older stores (versions
// 2 to 4), the per-kind views and the audit aggregates. lib/store.cc holds the rest of the store.

#include <iterator>
#include <string>

#include "lib/error.h"
#include "lib/json.h"
#include "lib/model.h"
#include "lib/schema.h"
#include "lib/store.h"
#include "lib/store_sql.h"
#include "lib/text.h"

namespace dataport {

namespace {

using namespace store_sql;  // the helpers lib/store_sql.h shares between the store's files

// Records stored under an older record model take this one's field names (lib/model.h), inside
// ensure_views' transaction. Their full-text rows stay: the renames moved values, not words.
void upgrade_records(sqlite3* db, const std::string& path) {
  sqlite3_stmt* all = nullptr;
  sqlite3_stmt* upd = nullptr;
  auto fail = [&] {
    std::string why = sqlite3_errmsg(db);
    sqlite3_finalize(all);
    sqlite3_finalize(upd);
    throw Error(path, "sqlite: " + why);
  };
  if (sqlite3_prepare_v2(db, "SELECT rowid, kind, data FROM records", -1, &all, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "UPDATE records SET data = ?2 WHERE rowid = ?1", -1, &upd, nullptr) != SQLITE_OK)
    fail();
  for (;;) {
    int rc = sqlite3_step(all);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) fail();
    json data = json::parse(column_text(all, 2), nullptr, false);
    if (data.is_discarded() || !upgrade_data(column_text(all, 1), data)) continue;
    std::string text = data.dump(-1, ' ', false, json::error_handler_t::replace);
    sqlite3_reset(upd);
    sqlite3_bind_int64(upd, 1, sqlite3_column_int64(all, 0));
    sqlite3_bind_text(upd, 2, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(upd) != SQLITE_DONE) fail();
  }
  sqlite3_finalize(all);
  sqlite3_finalize(upd);
}

// Every entry of every archive, one row each (two entries of one name are two rows), plus a
// `missing` row (part -1) per file the export names but does not hold.
constexpr const char* files_table_sql = R"sql(
CREATE TABLE files(
  archive INTEGER NOT NULL REFERENCES archives(rowid) ON DELETE CASCADE,
  part INTEGER NOT NULL,
  entry INTEGER NOT NULL,
  path TEXT NOT NULL,
  size INTEGER,
  fate TEXT NOT NULL CHECK (fate IN ('parsed','partial','failed','unknown','ignored','missing','skipped')),
  note TEXT NOT NULL DEFAULT '',
  records INTEGER NOT NULL DEFAULT 0,
  sha256 TEXT,
  PRIMARY KEY (archive, part, entry)) WITHOUT ROWID;
)sql";

// The records table. Its id is unique through a named index, not a column constraint, so that
// a bulk load can drop it and build it once at the end (store version 4).
std::string records_table_sql(const char* name) {
  return std::string("CREATE TABLE ") + name + R"sql((
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  platform TEXT NOT NULL,
  service TEXT,
  time TEXT,
  time_unix INTEGER,
  archive INTEGER REFERENCES archives(rowid),
  source_archive TEXT NOT NULL,
  source_path TEXT NOT NULL,
  source_pointer TEXT NOT NULL,
  data TEXT NOT NULL CHECK (json_valid(data)),
  text TEXT);
)sql";
}

constexpr const char* records_columns =
    "rowid, id, kind, platform, service, time, time_unix, archive, source_archive, source_path, source_pointer, data, text";

// No index leads with `platform` (a store holds a handful of platforms: millions of equal keys),
// and none with `time_unix` alone: records_kind_time serves a date range over every kind too
// (any_kind_sql in lib/store.h). See drop_retired_indexes().
constexpr const char* records_indexes_sql = R"sql(
CREATE UNIQUE INDEX records_id ON records(id);
CREATE INDEX records_kind_time ON records(kind, time_unix);
)sql";
}  // namespace

void Store::create_schema() {
  // IMMEDIATE: two ingests into one new database take turns here (the second waits, busy
  // timeout), and the second finds the schema made instead of failing on "table meta already exists".
  exec("BEGIN IMMEDIATE");
  int64_t tables = 0;
  select("SELECT count(*) FROM sqlite_master", {}, [&](const Row& r) { tables = r.values[0].get<int64_t>(); });
  if (tables > 0) {
    exec("COMMIT");
    return;
  }
  exec(("PRAGMA application_id=" + std::to_string(application_id)).c_str());
  exec(R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE archives(
  rowid INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  parts TEXT NOT NULL CHECK (json_valid(parts)),
  platform TEXT NOT NULL,
  importer TEXT NOT NULL,
  first_ingested TEXT NOT NULL,
  last_ingested TEXT NOT NULL,
  records_new INTEGER NOT NULL DEFAULT 0,
  records_seen INTEGER NOT NULL DEFAULT 0,
  files INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'running',
  importer_version TEXT NOT NULL DEFAULT '',
  summary TEXT CHECK (summary IS NULL OR json_valid(summary)));
)sql");
  exec(files_table_sql);
  exec(records_table_sql("records").c_str());
  exec(records_indexes_sql);
  exec(R"sql(
CREATE VIRTUAL TABLE records_fts USING fts5(text, content="records", content_rowid="rowid", tokenize='unicode61 remove_diacritics 2');
)sql");
  exec(("PRAGMA user_version=" + std::to_string(store_version)).c_str());
  exec("COMMIT");
}

// Store version 2: files rows are keyed by entry ordinal (duplicate names in one zip are two
// rows) and may be `missing` or `skipped`. Old rows get ordinals in path order; the next ingest
// of their archive rewrites them.
void Store::migrate_files_v2() {
  exec("BEGIN IMMEDIATE");
  try {
    exec("ALTER TABLE files RENAME TO files_v1");
    exec(files_table_sql);
    exec("INSERT INTO files(archive, part, entry, path, size, fate, note, records, sha256) "
         "SELECT archive, part, row_number() OVER (PARTITION BY archive, part ORDER BY path) - 1, path, size, fate, "
         "note, records, sha256 FROM files_v1");
    exec("DROP TABLE files_v1");
    exec("PRAGMA user_version=2");
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void Store::ensure_views(bool force) {
  int stored = 0;
  select("SELECT value FROM meta WHERE key='model_version'", {},
         [&](const Row& r) { stored = std::stoi(r.values[0].get<std::string>()); });
  if (stored == record_model_version && !force) return;
  // Views follow the record model: rebuilt whenever the model version changes. IMMEDIATE, and
  // looked at again inside: another process opening the same new store may have just done it.
  exec("BEGIN IMMEDIATE");
  select("SELECT value FROM meta WHERE key='model_version'", {},
         [&](const Row& r) { stored = std::stoi(r.values[0].get<std::string>()); });
  if (stored == record_model_version && !force) {
    exec("COMMIT");
    return;
  }
  if (stored > 0 && stored < record_model_version) {
    try {
      upgrade_records(db_, path_);
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
  for (const KindInfo& k : kind_infos()) {
    std::string view = kind_view_name(k.name);
    std::string sql = "DROP VIEW IF EXISTS " + quote_ident(k.name) + "; DROP VIEW IF EXISTS " + quote_ident(view) +
                      "; CREATE VIEW " + quote_ident(view) +
                      " AS SELECT id, platform, service, time";
    for (std::string_view f : k.fields)
      sql += ", json_extract(data, '$." + std::string(f) + "') AS " + quote_ident(f);
    sql += ", source_path, data FROM records WHERE kind = '" + std::string(k.name) + "';";
    exec(sql.c_str());
  }
  exec(("INSERT OR REPLACE INTO meta(key, value) VALUES ('model_version', '" + std::to_string(record_model_version) + "')").c_str());
  exec("COMMIT");
}

// `record_months`: records per (platform, kind, month), what `dataport audit` reads instead of
// scanning `records` (a scan of ten million records takes seconds; this table holds a few
// thousand rows). Kept exact by triggers, so whatever writes `records` keeps it right, inside
// the same transaction; filled once from `records` when a store first gets it. `month` is
// "YYYY-MM", or '' for undated records; `first`/`last` are the earliest and latest `time`.
// An insert by another program costs one upsert into this small table; dataport's own ingests set
// the insert trigger aside and add their counts at commit (Store::set_month_trigger_aside; a bulk
// load sets all three aside and fills the table once, Store::start_bulk). A delete or an
// update that moves a record's month looks the month's span up again only when the record was
// at its edge: through records_kind_time, the first (or last) `time_unix` of the kind in that
// month, then the least (greatest) `time` of that second, two seeks. (It was the least `time`
// of the kind whose text began with the month, which read every record of the kind: a delete by
// hand of Records.json's 630k fixes in time order, each one the first of its month, took 0.19 s
// a row, 33 hours in all.) So a program that changes `time` by hand changes `time_unix` with it.
constexpr const char* record_months_table_sql = R"sql(
CREATE TABLE record_months(
  platform TEXT NOT NULL,
  kind TEXT NOT NULL,
  month TEXT NOT NULL,
  records INTEGER NOT NULL,
  first TEXT,
  last TEXT,
  PRIMARY KEY (platform, kind, month)) WITHOUT ROWID;
)sql";

struct NamedSql {
  const char* name;
  const char* sql;
};
constexpr NamedSql record_months_triggers[] = {
    {"record_months_insert", R"sql(
CREATE TRIGGER record_months_insert AFTER INSERT ON records BEGIN
  INSERT INTO record_months(platform, kind, month, records, first, last)
    VALUES (new.platform, new.kind, coalesce(substr(new.time, 1, 7), ''), 1, new.time, new.time)
    ON CONFLICT(platform, kind, month) DO UPDATE SET records = records + 1,
      first = min(first, excluded.first), last = max(last, excluded.last);
END;
)sql"},
    {"record_months_delete", R"sql(
CREATE TRIGGER record_months_delete AFTER DELETE ON records BEGIN
  UPDATE record_months SET records = records - 1,
    first = CASE WHEN old.time = first THEN (SELECT min(time) FROM records WHERE kind = old.kind AND
      platform = old.platform AND time_unix = (SELECT time_unix FROM records WHERE kind = old.kind AND
      platform = old.platform AND time_unix >= CAST(strftime('%s', record_months.month || '-01') AS INTEGER) AND
      time_unix < CAST(strftime('%s', record_months.month || '-01', '+1 month') AS INTEGER)
      ORDER BY time_unix LIMIT 1)) ELSE first END,
    last = CASE WHEN old.time = last THEN (SELECT max(time) FROM records WHERE kind = old.kind AND
      platform = old.platform AND time_unix = (SELECT time_unix FROM records WHERE kind = old.kind AND
      platform = old.platform AND time_unix >= CAST(strftime('%s', record_months.month || '-01') AS INTEGER) AND
      time_unix < CAST(strftime('%s', record_months.month || '-01', '+1 month') AS INTEGER)
      ORDER BY time_unix DESC LIMIT 1)) ELSE last END
    WHERE platform = old.platform AND kind = old.kind AND month = coalesce(substr(old.time, 1, 7), '');
  DELETE FROM record_months WHERE records <= 0 AND platform = old.platform AND kind = old.kind AND
    month = coalesce(substr(old.time, 1, 7), '');
END;
)sql"},
    {"record_months_update", R"sql(
CREATE TRIGGER record_months_update AFTER UPDATE OF platform, kind, time ON records BEGIN
  UPDATE record_months SET records = records - 1,
    first = CASE WHEN old.time = first THEN (SELECT min(time) FROM records WHERE kind = old.kind AND
      platform = old.platform AND rowid <> new.rowid AND time_unix = (SELECT time_unix FROM records WHERE
      kind = old.kind AND platform = old.platform AND rowid <> new.rowid AND
      time_unix >= CAST(strftime('%s', record_months.month || '-01') AS INTEGER) AND
      time_unix < CAST(strftime('%s', record_months.month || '-01', '+1 month') AS INTEGER)
      ORDER BY time_unix LIMIT 1)) ELSE first END,
    last = CASE WHEN old.time = last THEN (SELECT max(time) FROM records WHERE kind = old.kind AND
      platform = old.platform AND rowid <> new.rowid AND time_unix = (SELECT time_unix FROM records WHERE
      kind = old.kind AND platform = old.platform AND rowid <> new.rowid AND
      time_unix >= CAST(strftime('%s', record_months.month || '-01') AS INTEGER) AND
      time_unix < CAST(strftime('%s', record_months.month || '-01', '+1 month') AS INTEGER)
      ORDER BY time_unix DESC LIMIT 1)) ELSE last END
    WHERE platform = old.platform AND kind = old.kind AND month = coalesce(substr(old.time, 1, 7), '');
  DELETE FROM record_months WHERE records <= 0 AND platform = old.platform AND kind = old.kind AND
    month = coalesce(substr(old.time, 1, 7), '');
  INSERT INTO record_months(platform, kind, month, records, first, last)
    VALUES (new.platform, new.kind, coalesce(substr(new.time, 1, 7), ''), 1, new.time, new.time)
    ON CONFLICT(platform, kind, month) DO UPDATE SET records = records + 1,
      first = min(first, excluded.first), last = max(last, excluded.last);
END;
)sql"},
};

// What sqlite_master holds of record_months: the table, its triggers, and whether the delete or
// update trigger is of the form that read every record of a kind.
Store::MonthsState Store::months_state() {
  MonthsState st;
  select("SELECT type, name, sql FROM sqlite_master WHERE (type = 'table' AND name = 'record_months') OR (type = "
         "'trigger' AND tbl_name = 'records' AND name IN ('record_months_insert', 'record_months_delete', "
         "'record_months_update'))",
         {}, [&](const Row& r) {
           if (r.values[0].get<std::string>() == "table") {
             st.table = true;
             return;
           }
           ++st.triggers;
           if (r.values[1].get<std::string>() != "record_months_insert" &&
               r.values[2].get<std::string>().find("time_unix") == std::string::npos)
             st.slow = true;
         });
  st.kept = st.table && st.triggers == static_cast<int>(std::size(record_months_triggers));
  return st;
}

bool Store::months_kept() { return months_state().kept; }

// The table and its three triggers, made when missing. A table whose triggers are gone counted
// nothing since they went (the version 4 migration dropped them with the old `records` table
// until it carried them over, and every later write left the table as it was): it is filled
// again from `records`. Triggers of the slow form are made again (what they counted is right).
// Outside a write transaction a store has all three or no table (a scratch store:
// make_scratch()); a bulk load sets them aside only inside its own transaction.
void Store::ensure_audit_aggregates() {
  MonthsState st = months_state();
  if (st.kept && !st.slow) return;
  exec("BEGIN IMMEDIATE");
  try {
    // Looked at again inside: another process opening the same store may have just done it.
    st = months_state();
    if (!st.kept) {
      if (!st.table) exec(record_months_table_sql);
      else exec("DELETE FROM record_months");
      exec(fill_record_months);
    }
    if (!st.kept || st.slow)
      for (const NamedSql& t : record_months_triggers)
        exec((std::string("DROP TRIGGER IF EXISTS ") + t.name + ";" + t.sql).c_str());
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

// Store version 3: `time` in its one fixed form (.sssZ); the full-text index takes `records` as
// its external content through records.text (Datasette detects it, snippet() reads the row); the
// `group` view becomes `groups`. One transaction: an interrupted migration leaves version 2 as it was.
void Store::migrate_text_v3() {
  exec("BEGIN IMMEDIATE");
  try {
    exec("DROP TABLE IF EXISTS records_fts");
    exec("ALTER TABLE records ADD COLUMN text TEXT");
    exec("CREATE VIRTUAL TABLE records_fts USING fts5(text, content=\"records\", content_rowid=\"rowid\", "
         "tokenize='unicode61 remove_diacritics 2')");
    Stmt upd, set_text;
    upd.s = prepare("UPDATE records SET time = ?2 WHERE rowid = ?1");
    set_text.s = prepare("UPDATE records SET text = ?2 WHERE rowid = ?1");
    Stmt fts;
    fts.s = prepare("INSERT INTO records_fts(rowid, text) VALUES (?1, ?2)");
    Stmt all;
    all.s = prepare("SELECT rowid, kind, time, data FROM records");
    for (;;) {
      int rc = sqlite3_step(all.s);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) throw Error(path_, std::string("sqlite: ") + sqlite3_errmsg(db_));
      sqlite3_int64 rowid = sqlite3_column_int64(all.s, 0);
      std::string_view kind = column_text(all.s, 1), time = column_text(all.s, 2);
      if (sqlite3_column_type(all.s, 2) != SQLITE_NULL) {
        if (auto t = parse_iso8601(time)) {
          std::string fixed = format_record_time(*t);
          if (fixed != time) {
            sqlite3_reset(upd.s);
            sqlite3_bind_int64(upd.s, 1, rowid);
            bind_text(upd.s, 2, fixed);
            if (sqlite3_step(upd.s) != SQLITE_DONE) throw Error(path_, std::string("sqlite: ") + sqlite3_errmsg(db_));
          }
        }
      }
      json data = json::parse(column_text(all.s, 3), nullptr, false);
      if (data.is_discarded()) continue;
      if (kind == "location" && data.value("type", "") == "fix") continue;
      std::string text = search_text(data);
      sqlite3_reset(set_text.s);
      sqlite3_bind_int64(set_text.s, 1, rowid);
      bind_text(set_text.s, 2, text);
      if (sqlite3_step(set_text.s) != SQLITE_DONE) throw Error(path_, std::string("sqlite: ") + sqlite3_errmsg(db_));
      sqlite3_reset(fts.s);
      sqlite3_bind_int64(fts.s, 1, rowid);
      bind_text(fts.s, 2, text);
      if (sqlite3_step(fts.s) != SQLITE_DONE) throw Error(path_, std::string("sqlite: ") + sqlite3_errmsg(db_));
    }
    exec("PRAGMA user_version=3");
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  ensure_views(true);
}

// The indexes of `records` that stores made before they were dropped have; neither changes what
// a query finds, so the store version stays, and a dataport that still made them reads and
// writes such a store as before.
// - records_platform, on (platform, kind). Sorting it took the most instructions of the indexes
//   a bulk load builds (314 M of 1,024 M for 94,608 location fixes), since nearly every key is
//   equal, and inserting into it cost every later row; a platform filter that uses it reads
//   nearly every row through it in a store of one platform anyway.
// - records_time, on (time_unix). records_kind_time gives a date range over every kind as well,
//   a range per kind (any_kind_sql). Building it was about a tenth of a bulk load (Records.json
//   200 MB: 2.30 -> 2.14 s; LinkedIn 200k: 2.56 -> 2.19 s), and keeping it up to date about as
//   much of every later ingest (Records.json 30 MB into a store holding LinkedIn 20k: 2.49 -> 2.15 s).
void Store::drop_retired_indexes() {
  std::vector<std::string> present;
  select("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('records_platform', 'records_time')", {},
         [&](const Row& r) { present.push_back(r.values[0].get<std::string>()); });
  for (const std::string& name : present) exec(("DROP INDEX IF EXISTS " + name).c_str());
}

// Store version 4: records.id unique through the named index records_id instead of a column
// constraint (a bulk load drops and rebuilds it); archives remember the importer version and the
// run's summary, so that re-ingesting an archive already read whole reads nothing. The table is
// copied with its rowids (the full-text index keys on them); other indexes on it are kept.
void Store::migrate_ids_v4() {
  exec("BEGIN IMMEDIATE");
  try {
    // Other indexes, and the triggers on the table (record_months'), go with the old table and
    // are made again on the new one.
    std::vector<std::string> others;
    select("SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = 'records' AND sql IS NOT NULL "
           "AND name NOT IN ('records_id', 'records_kind_time', 'records_time', 'records_platform') "
           "ORDER BY type = 'trigger', rowid",
           {}, [&](const Row& r) { others.push_back(r.values[0].get<std::string>()); });
    exec(records_table_sql("records_v4").c_str());
    exec((std::string("INSERT INTO records_v4(") + records_columns + ") SELECT " + records_columns + " FROM records").c_str());
    exec("DROP TABLE records");
    // The views name `records`, which does not exist for a moment: the legacy rename leaves them
    // alone instead of refusing them, and they read the renamed table as before.
    exec("PRAGMA legacy_alter_table=ON");
    exec("ALTER TABLE records_v4 RENAME TO records");
    exec("PRAGMA legacy_alter_table=OFF");
    exec(records_indexes_sql);
    for (const std::string& sql : others) exec(sql.c_str());
    int64_t has_columns = 0;
    select("SELECT count(*) FROM pragma_table_info('archives') WHERE name IN ('importer_version', 'summary')", {},
           [&](const Row& r) { has_columns = r.values[0].get<int64_t>(); });
    if (has_columns == 0) {
      exec("ALTER TABLE archives ADD COLUMN importer_version TEXT NOT NULL DEFAULT ''");
      exec("ALTER TABLE archives ADD COLUMN summary TEXT CHECK (summary IS NULL OR json_valid(summary))");
    }
    exec("PRAGMA user_version=4");
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "PRAGMA legacy_alter_table=OFF", nullptr, nullptr, nullptr);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace dataport
