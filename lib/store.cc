#include "lib/store.h"

#include <bit>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "lib/error.h"
#include "lib/json.h"
#include "lib/json_dump.h"
#include "lib/model.h"
#include "lib/schema.h"
#include "lib/store_sql.h"
#include "lib/text.h"

namespace fs = std::filesystem;

namespace dataport {

namespace {

using namespace store_sql;  // the helpers lib/store_sql.h shares between the store's files

constexpr int sort_run_kib = 4096;     ///< a sorter run in the index builds (sort_in_small_runs())

void bind_json(sqlite3_stmt* s, int i, const json& v) {
  if (v.is_null()) sqlite3_bind_null(s, i);
  else if (v.is_boolean()) sqlite3_bind_int(s, i, v.get<bool>() ? 1 : 0);
  else if (v.is_number_integer()) sqlite3_bind_int64(s, i, v.get<int64_t>());
  else if (v.is_number()) sqlite3_bind_double(s, i, v.get<double>());
  else if (v.is_string()) bind_text(s, i, v.get<std::string>());
  else bind_text(s, i, v.dump());
}

json column_json(sqlite3_stmt* s, int i) {
  switch (sqlite3_column_type(s, i)) {
    case SQLITE_INTEGER: return sqlite3_column_int64(s, i);
    case SQLITE_FLOAT: return sqlite3_column_double(s, i);
    case SQLITE_TEXT: return repair_utf8(column_text(s, i));
    case SQLITE_BLOB: return "<blob of " + std::to_string(sqlite3_column_bytes(s, i)) + " bytes>";
    default: return nullptr;
  }
}

// True when the store's records were written under an older record model than this program's:
// a read-only command cannot migrate them, so it upgrades each record as it reads it.
bool older_model(sqlite3* db) {
  sqlite3_stmt* s = nullptr;
  bool older = false;
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'model_version'", -1, &s, nullptr) == SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
    older = std::atoi(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) < record_model_version;
  sqlite3_finalize(s);
  return older;
}

// The row a statement selecting rowid, id, kind, platform, service, time_unix, data, source_path,
// source_pointer is on.
StoredRecord stored_record(sqlite3_stmt* s) {
  StoredRecord r;
  r.rowid = sqlite3_column_int64(s, 0);
  r.id = column_text(s, 1);
  r.kind = column_text(s, 2);
  r.platform = column_text(s, 3);
  r.service = column_text(s, 4);
  if (sqlite3_column_type(s, 5) != SQLITE_NULL) r.time_unix = sqlite3_column_int64(s, 5);
  r.data = column_text(s, 6);
  r.source_path = column_text(s, 7);
  r.source_pointer = column_text(s, 8);
  return r;
}

}  // namespace

std::string fts_query(const std::string& words) {
  // Words and "quoted phrases", split at white space.
  std::vector<std::pair<std::string, bool>> tokens;  // text, was quoted
  std::string cur;
  bool quoted = false, had_quote = false;
  for (char c : words) {
    if (c == '"') {
      if (quoted && !cur.empty()) tokens.emplace_back(cur, true), cur.clear();
      quoted = !quoted;
      had_quote = true;
    } else if (!quoted && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
      if (!cur.empty()) tokens.emplace_back(cur, had_quote), cur.clear();
      had_quote = false;
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) tokens.emplace_back(cur, had_quote);
  auto quote = [](const std::string& w) { return "\"" + replace_all(w, "\"", "\"\"") + "\""; };
  std::vector<std::string> terms;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const auto& [w, was_quoted] = tokens[i];
    if (!was_quoted && w == "OR" && !terms.empty() && terms.back() != "OR" && i + 1 < tokens.size()) {
      terms.push_back("OR");
    } else if (!was_quoted && w.size() > 1 && w.back() == '*' && w.find('*') == w.size() - 1) {
      terms.push_back(quote(w.substr(0, w.size() - 1)) + "*");
    } else {
      terms.push_back(quote(w));
    }
  }
  return join(terms, " ");
}

std::string kind_view_name(std::string_view kind) {
  std::string name(kind);
  if (sqlite3_keyword_check(name.data(), static_cast<int>(name.size()))) name += "s";
  return name;
}

namespace {
// A new store is written with a rollback journal (see the constructor): a run killed during its
// first ingest leaves the journal beside it, which only a connection that may write can roll
// back. A read-only command that finds one has it rolled back first (what any read-write open
// does by itself), so that it reads the store as it was before that run. The busy timeout lets
// two commands that find the journal at once take turns. A journal a live ingest is still
// writing is left alone (SQLite sees the ingest's lock); a reader then waits here, and again in
// the open below.
void roll_back_journal(const std::string& path) {
  std::error_code ec;
  if (fs::file_size(path + "-journal", ec) == 0 || ec) return;
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(path.c_str(), &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(h, 5000);
    sqlite3_exec(h, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
  }
  sqlite3_close(h);
}
}  // namespace

Store::Store(const std::string& path, Mode mode) : path_(path) {
  if (mode == Mode::read_only && !fs::exists(path))
    throw Error(path, "no database here yet", "run `dataport ingest ARCHIVE` first, or point --db at a database");
  if (mode == Mode::read_write) {
    std::error_code ec;
    fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) fs::create_directories(parent, ec);
    if (ec) throw Error(parent.string(), "cannot create the folder: " + ec.message());
  }
  if (mode == Mode::read_only) roll_back_journal(path);
  int flags = mode == Mode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  // A Store is used by one thread at a time: SQLite need not take the connection's mutex on every
  // call (about twenty per record written).
  flags |= SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "cannot open";
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(path, "cannot open the database: " + msg);
  }
  sqlite3_busy_timeout(db_, 5000);
  try {
    int app = 0, version = 0;
    int64_t tables = 0;
    // One statement, so one snapshot: another process creating the schema right now is seen
    // either not at all or whole (never its tables without its application_id).
    select("SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version), "
           "(SELECT count(*) FROM sqlite_master)",
           {}, [&](const Row& r) {
             app = r.values[0].get<int>();
             version = r.values[1].get<int>();
             tables = r.values[2].get<int64_t>();
           });
    if (tables > 0 && app != application_id)
      throw Error(path, "not a dataport database (another program's SQLite file)",
                  "give --db a new file name or a dataport database");
    if (version > store_version)
      throw Error(path, "the database was written by a newer dataport (store version " + std::to_string(version) + ")");
    if (mode == Mode::read_write) {
      // A new store's pages are 16 KiB, not SQLite's 4 KiB: a big ingest reads its table back
      // once per index it builds, a page per read() from the log, and a quarter as many reads
      // took a Records.json of 500 MB from 12.4 to 10.9 s (it must be set before WAL, and only an
      // empty file takes it).
      if (tables == 0) exec("PRAGMA page_size=16384");
      if (tables == 0) {
        // A new file keeps SQLite's rollback journal until its first commit, and becomes a WAL
        // store then (commit()). Its first ingest is mostly a bulk load, and pages past the end of
        // the file are never journaled: every page is written once, into the file, where in WAL
        // mode it went to the log, was read back from it a page per read() by each index built
        // at commit (3.3 GB of reads for a Records.json of 500 MB), and was copied again by the
        // checkpoint. A killed run still leaves the new store as it was (the journal is rolled
        // back by the next connection); FULL syncs the journal before the file is written.
        exec("PRAGMA synchronous=FULL");
        journal_until_commit_ = true;
      } else {
        use_wal(true);
        exec("PRAGMA synchronous=NORMAL");
      }
      exec("PRAGMA foreign_keys=ON");
      exec(("PRAGMA cache_size=-" + std::to_string(page_cache_kib)).c_str());
      if (tables == 0) create_schema();
      // Migrations from older store versions, one step each.
      if (tables > 0 && version < 2) migrate_files_v2();
      if (tables > 0 && version < 3) migrate_text_v3();
      if (tables > 0 && version < 4) migrate_ids_v4();
      if (tables > 0) drop_retired_indexes();
      ensure_views();
      ensure_audit_aggregates();
    } else {
      exec("PRAGMA query_only=1");
    }
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

int store_progress(void* self) {
  auto* s = static_cast<Store*>(self);
  if (s->stop_flag_ && s->stop_flag_->load()) return 1;
  if (s->has_deadline_ && std::chrono::steady_clock::now() >= s->deadline_) {
    s->timed_out_ = true;
    return 1;
  }
  return 0;
}

void Store::stop_when(const std::atomic<bool>* flag, double timeout_seconds) {
  stop_flag_ = flag;
  has_deadline_ = timeout_seconds > 0;
  if (has_deadline_)
    deadline_ = std::chrono::steady_clock::now() + std::chrono::microseconds(static_cast<int64_t>(timeout_seconds * 1e6));
  sqlite3_progress_handler(db_, 1000, store_progress, this);
}

// The store held by another process for longer than the busy timeout: said as such, with what
// to do (SQLite says only "database is locked").
void Store::throw_if_locked() const {
  if ((sqlite3_errcode(db_) & 0xff) == SQLITE_BUSY)
    throw Error(path_,
                "the database is locked: another process is writing it (readers wait for a new store's first "
                "ingest, and for a bulk load into a store, until it commits)",
                "try again once it has finished");
}

// A failed step: a signal or --timeout that stopped it is said as such, not as an SQL error.
void Store::throw_step_error(const std::string& where) {
  throw_if_locked();
  if (sqlite3_errcode(db_) == SQLITE_INTERRUPT) {
    if (timed_out_) throw Error(where, "stopped: the statement ran longer than --timeout");
    if (stop_flag_ && stop_flag_->load()) throw Interrupted{path_};
  }
  throw Error(where, std::string(where == "sql" ? "" : "sqlite: ") + sqlite3_errmsg(db_));
}

namespace {

// Binds a row's columns, in records' order (id ... text), to parameters first, first + 1, ...
void bind_row(sqlite3_stmt* s, int first, const RowColumns& row) {
  auto bind_or_null = [&](int i, const std::optional<std::string_view>& v) {
    if (v) bind_static(s, first + i, *v);
    else sqlite3_bind_null(s, first + i);
  };
  bind_static(s, first, row.id);
  bind_static(s, first + 1, row.kind);
  bind_static(s, first + 2, row.platform);
  bind_or_null(3, row.service);
  bind_or_null(4, row.time);
  if (row.time_unix) sqlite3_bind_int64(s, first + 5, *row.time_unix);
  else sqlite3_bind_null(s, first + 5);
  sqlite3_bind_int64(s, first + 6, row.archive);
  bind_static(s, first + 7, row.source_archive);
  bind_static(s, first + 8, row.source_path);
  bind_static(s, first + 9, row.source_pointer);
  bind_static(s, first + 10, row.data);
  bind_or_null(11, row.text);
}

}  // namespace

// The Bloom filter's bits of an id: all in one block of 512 (a cache line: one miss from memory
// per id, where bits anywhere cost one each), the block from a 64-bit hash of the id, and each
// bit in it from 9 bits of that hash mixed again (63 bits in all: two ids that share a block
// rarely share their bits, where a first bit and a step, double hashing, repeat every 2^17).
// take_bit() gives the next probe's word and bit.
std::pair<size_t, uint64_t> Store::IdFilter::take_bit(Bits& b) {
  std::pair<size_t, uint64_t> at{b.block + (b.bits >> 6) % 8, uint64_t{1} << (b.bits % 64)};
  b.bits >>= 9;
  return at;
}

void Store::IdFilter::size_for(uint64_t ids, uint64_t bits_per_id, uint64_t min_bits) {
  uint64_t bits = 512;
  while ((bits < ids * bits_per_id || bits < min_bits) && bits < (uint64_t{1} << 28)) bits *= 2;
  words.assign(bits / 64, 0);
  mask = bits - 1;
  hits_in_blocks = 0;
}

Store::IdFilter::Bits Store::IdFilter::bits_of(std::string_view id) const {
  uint64_t h = std::hash<std::string_view>{}(id);
  uint64_t z = h + 0x9e3779b97f4a7c15;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  Bits b{(h & mask) / 512 * 8, z ^ (z >> 31)};
  __builtin_prefetch(&words[b.block]);
  return b;
}

void Store::IdFilter::add(std::string_view id) {
  Bits b = bits_of(id);
  for (int i = 0; i < probes; ++i) {
    auto [word, bit] = take_bit(b);
    words[word] |= bit;
  }
}

double Store::IdFilter::all_set(int set) {
  static_assert(probes * 9 <= 64);
  double f = set / 512.0;  // (each probe's bit is drawn alone: they may coincide)
  double f2 = f * f;
  return f2 * f2 * f2 * f;
}

bool Store::IdFilter::add_seen(Bits b) {
  int before = 0;
  for (size_t i = 0; i < 8; ++i) before += std::popcount(words[b.block + i]);
  int added = 0;
  for (int i = 0; i < probes; ++i) {
    auto [word, bit] = take_bit(b);
    if (words[word] & bit) continue;
    words[word] |= bit;
    ++added;
  }
  if (added) hits_in_blocks += all_set(before + added) - all_set(before);
  return added == 0;
}

double Store::IdFilter::false_hit() const {
  return words.empty() ? 0 : hits_in_blocks / static_cast<double>(words.size() / 8);
}

bool Store::IdFilter::may_hold(std::string_view id) const {
  Bits b = bits_of(id);
  for (int i = 0; i < probes; ++i) {
    auto [word, bit] = take_bit(b);
    if (!(words[word] & bit)) return false;
  }
  return true;
}

void Store::IdFilter::clear() {
  std::vector<uint64_t>().swap(words);
  mask = 0;
  hits_in_blocks = 0;
}

Store::~Store() {
  if (in_tx_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  // A store still in its rollback journal (a new one never committed to: a failed first ingest,
  // or a command that only opened it; a bulk load rolled back) is left in WAL mode too, when
  // nobody else holds it; nothing here may throw.
  if (journal_until_commit_) sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
  sqlite3_finalize(insert_record_);
  sqlite3_finalize(insert_fts_);
  sqlite3_finalize(upsert_file_);
  sqlite3_finalize(insert_bulk_);
  sqlite3_finalize(row_at_);
  sqlite3_finalize(find_id_);
  sqlite3_finalize(id_at_);
  sqlite3_finalize(met_rows_);
  sqlite3_finalize(delete_record_);
  sqlite3_finalize(delete_fts_);
  sqlite3_finalize(set_record_id_);
  sqlite3_finalize(defer_row_);
  sqlite3_finalize(flag_repeat_);
  sqlite3_close(db_);
}

std::string Store::media_dir() const {
  fs::path p(path_);
  return (p.parent_path() / (p.stem().string() + "-media")).string();
}

void Store::exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "failed";
    sqlite3_free(err);
    if ((rc & 0xff) == SQLITE_FULL) throw Error(path_, "the disk is full (sqlite: " + msg + ")");
    throw_if_locked();
    throw Error(path_, "sqlite: " + msg);
  }
}

sqlite3_stmt* Store::prepare(const char* sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
    throw Error(path_, std::string("sqlite: ") + sqlite3_errmsg(db_));
  return s;
}

void Store::begin(bool bulk_allowed, int64_t rows_coming, bool met_again, bool look_first) {
  // max(rowid) is at least the number of rows (and costs one seek where count(*) reads them all).
  // Past the page cache each row inserted at random reads the disk, and a bulk load pays for a
  // much smaller share of new rows. Into a store of 6.3M fixes: Records.json of 2 GB (6.3M fixes,
  // guessed 2M) 90.9 s row by row, 28.4 s as a bulk load. Even of 200 MB (630k, guessed 195k)
  // 10.3 s and 7.6 s, and LinkedIn's 500k rows (guessed 99k) 11.6 s and 8.9 s, but the guess's
  // error is per format (a third of Records.json's fixes, a fifth of LinkedIn's rows, 0.8 of a
  // mailbox's mails), so these two stay row by row. Not for records the store may hold already: a
  // newer export's records met again are found row by row in the order they were stored, and a
  // bulk load sorts them out after it (Records.json of 600 MB, all in that store: 4.4 s row by
  // row, 29.8 s as a bulk load). Within the cache, new records into a store of 251k Facebook
  // records: Records.json of 200 MB (630k fixes, guessed 195k) 6.4-7.5 s row by row, 3.6-3.7 s
  // as a bulk load; LinkedIn's 500k rows (guessed 99k) 7.6-9.3 s and 4.9-6.2 s; and even at 15
  // times the guess (LinkedIn, 69k rows guessed 17k) 1.12 s and 0.90 s; into a store of 1.13M,
  // Records.json guessed at a sixteenth of it, even (1.6 s both).
  rows_coming_ = rows_coming;
  repeat_rows_checked_ = 0;
  bool empty = false;
  bool pays_if_new = false;  // a bulk load would pay were the records new
  auto bulk_pays = [&] {
    select("SELECT (SELECT coalesce(max(rowid), 0) FROM records), NOT EXISTS (SELECT 1 FROM records)", {},
           [&](const Row& r) {
             last_old_rowid_ = r.values[0].get<int64_t>();
             empty = r.values[1].get<int64_t>() != 0;
           });
    bool past_cache = last_old_rowid_ + rows_coming > ids_in_page_cache;
    pays_if_new = empty || last_old_rowid_ < rows_coming * (past_cache ? bulk_past_cache : bulk_within_cache);
    return met_again ? empty || (!look_first && last_old_rowid_ < rows_coming) : pays_if_new;
  };
  // Decided again inside the transaction: another process may write in between.
  // A write that may turn into one (turn_bulk()) too: the journal mode cannot change once it has.
  bool switched = bulk_allowed && !scratch_ && !journal_until_commit_ && (bulk_pays() || pays_if_new) &&
                  journal_for_bulk();
  // Exclusive from the start in a rollback journal: a reader that took its shared lock before the
  // page cache first spilled would keep the spill waiting (the cache grows instead) and then the
  // commit, which gives up after the busy timeout. One that holds it that long now is waited for
  // in WAL mode instead.
  if (!journal_until_commit_ || sqlite3_exec(db_, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    if (switched && use_wal(false)) {
      journal_until_commit_ = false;
      exec("PRAGMA synchronous=NORMAL");
    }
    exec("BEGIN IMMEDIATE");
  }
  in_tx_ = true;
  months_set_aside_ = false;
  // Rows of this transaction have higher rowids (no AUTOINCREMENT: a new row takes max + 1).
  bool bulk = bulk_pays();
  forget_met();
  if (bulk_allowed && bulk) {
    bulk_on_empty_ = empty;
    start_bulk();
    start_load_ids(rows_coming);
  } else if (bulk_allowed && pays_if_new && !scratch_) {
    // Met again or new: the first rows tell (turn_bulk()).
    turn_bulk_after_ = std::max(turn_bulk_min_rows, last_old_rowid_ / turn_bulk_share);
  }
}

// A write that began row by row because the records might be in the store (a newer export of an
// account it holds) and turned out new (another account's export, a platform's data the earlier
// export lacked): the rest as a bulk load, with the ids the store held in a Bloom filter. A row
// whose id may be one of them waits in a temporary table until the load is over and the id
// index is there again (each_deferred()): only the rows of ids the store did not hold are
// appended, so a newer export whose new records came first (My Activity is newest first) costs
// the index builds, and no search for repeats through every row. In the WAL, since a transaction
// cannot leave it, unless begin() chose the rollback journal for a write that may turn (its
// commit then writes each page once: 9.4 -> 0.9 s below). Into a store of 6.3M fixes:
// Records.json of 2 GB of another account (6.3M new fixes) 85-91 s row by row, 30-34 s turned
// after 790k (filter 1.1-2.0 s, 0.6% of the new ids set aside); 1M new records, then 1.9M it
// holds, 21 s row by row, 28 s turned; a newer My Activity (newest first) over its oldest 70%,
// 3.0-3.2 s row by row, 3.3 s turned.
void Store::turn_bulk() {
  if (bulk_ || !in_tx_) return;
  // About 10 bits an id (under 1% taken for one wrongly); sized by the highest rowid, which the
  // number of rows held does not pass.
  old_ids_.size_for(static_cast<uint64_t>(last_old_rowid_), 10);
  // The load's ids (note_load_id) begin with those of the rows written so far, which a row
  // appended may repeat (their rowids follow the old ones, one each: nothing deleted meanwhile).
  int64_t rows_so_far = 0;
  select("SELECT coalesce(max(rowid), 0) FROM records", {},
         [&](const Row& r) { rows_so_far = r.values[0].get<int64_t>() - last_old_rowid_; });
  start_load_ids(std::max(rows_coming_, rows_so_far));
  {
    Stmt ids;  // (one read of the id index for both)
    ids.s = prepare("SELECT id, rowid FROM records INDEXED BY records_id");
    int rc;
    while ((rc = sqlite3_step(ids.s)) == SQLITE_ROW) {
      std::string_view id = column_text(ids.s, 0);
      if (sqlite3_column_int64(ids.s, 1) <= last_old_rowid_) old_ids_.add(id);
      else load_ids_.add_seen(load_ids_.bits_of(id));
    }
    if (rc != SQLITE_DONE) throw_step_error(path_);
  }
  // The rows so far are counted (start_bulk() starts the tally afresh), their months written.
  if (tally_months_) write_months();
  bulk_on_empty_ = false;
  start_bulk();
  tally_months_ = tally_months_ || !months_insert_trigger_.empty();
  turn_bulk_after_ = 0;
}

void Store::defer_row(const RowColumns& row, int64_t tag) {
  if (!defer_row_) {
    exec("DROP TABLE IF EXISTS temp.deferred_rows");
    exec("CREATE TEMP TABLE deferred_rows(tag INTEGER NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, "
         "platform TEXT NOT NULL, service TEXT, time TEXT, time_unix INTEGER, archive INTEGER NOT NULL, "
         "source_archive TEXT NOT NULL, source_path TEXT NOT NULL, source_pointer TEXT NOT NULL, data TEXT NOT NULL, "
         "text TEXT)");
    defer_row_ = prepare(
        "INSERT INTO temp.deferred_rows(tag, id, kind, platform, service, time, time_unix, archive, source_archive, "
        "source_path, source_pointer, data, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  }
  sqlite3_stmt* s = defer_row_;
  sqlite3_reset(s);
  sqlite3_bind_int64(s, 1, tag);
  bind_row(s, 2, row);
  if (sqlite3_step(s) != SQLITE_DONE) throw_step_error(path_);
  ++deferred_count_;
}

void Store::end_bulk() {
  if (bulk_) finish_bulk();
}

void Store::each_deferred(const std::function<void(const RowColumns& row, int64_t tag)>& fn) {
  if (deferred_count_ > 0) {
    Stmt rows;
    rows.s = prepare(
        "SELECT tag, id, kind, platform, service, time, time_unix, archive, source_archive, source_path, "
        "source_pointer, data, text FROM temp.deferred_rows ORDER BY rowid");
    int rc;
    while ((rc = sqlite3_step(rows.s)) == SQLITE_ROW) {
      auto text_or_null = [&](int i) {
        return sqlite3_column_type(rows.s, i) == SQLITE_NULL ? std::nullopt
                                                              : std::optional<std::string_view>(column_text(rows.s, i));
      };
      RowColumns row;
      row.id = column_text(rows.s, 1);
      row.kind = column_text(rows.s, 2);
      row.platform = column_text(rows.s, 3);
      row.service = text_or_null(4);
      row.time = text_or_null(5);
      if (sqlite3_column_type(rows.s, 6) != SQLITE_NULL) row.time_unix = sqlite3_column_int64(rows.s, 6);
      row.archive = sqlite3_column_int64(rows.s, 7);
      row.source_archive = column_text(rows.s, 8);
      row.source_path = column_text(rows.s, 9);
      row.source_pointer = column_text(rows.s, 10);
      row.data = column_text(rows.s, 11);
      row.text = text_or_null(12);
      fn(row, sqlite3_column_int64(rows.s, 0));
    }
    if (rc != SQLITE_DONE) throw_step_error(path_);
  }
  forget_deferred();
}

void Store::drop_temp_table(sqlite3_stmt*& writer, const char* table) {
  if (!writer) return;
  sqlite3_finalize(writer);
  writer = nullptr;
  // Its space back now; nothing to report if that fails (rollback() must not throw): whoever
  // makes it next drops it first.
  sqlite3_exec(db_, ("DROP TABLE IF EXISTS temp." + std::string(table)).c_str(), nullptr, nullptr, nullptr);
}

void Store::forget_deferred() {
  turn_bulk_after_ = 0;
  old_ids_.clear();
  deferred_count_ = 0;
  drop_temp_table(defer_row_, "deferred_rows");
}

// A bulk load into a store that has records writes its new pages once, into the file, through
// SQLite's rollback journal (which copies only the pages that held something before: the
// earlier rows' last pages, the indexes set aside, the full-text index's), where in WAL mode each
// went into the log and was copied again by the checkpoint: Records.json 200 MB into a store of
// 140 LinkedIn records, 2.1 -> 1.6 s; 2 GB into the store of its first 200 MB, 31-33 -> 23-24 s
// (sys 11 -> 5 s), and the log no longer grows to the size of what the load writes. As with a
// new store, a killed run leaves the journal, which the next command rolls back, and commit()
// makes it a WAL store again. Only when no other connection has the store open: SQLite will not
// leave WAL mode then (and says so at once: no busy timeout here), and a reader who holds it
// open keeps reading while the load runs, through the WAL. One who comes later waits for the
// commit, and gives up after the busy timeout (5 s; 10 s for a read-only command, which tries to
// roll the journal back first).
bool Store::journal_for_bulk() {
  sqlite3_busy_timeout(db_, 0);
  std::string mode;
  try {
    select("PRAGMA journal_mode=DELETE", {}, [&](const Row& r) { mode = r.values[0].get<std::string>(); });
  } catch (const Error&) {
    mode.clear();  // busy: another connection has the store open
  }
  sqlite3_busy_timeout(db_, 5000);
  if (mode != "delete") return false;
  exec("PRAGMA synchronous=FULL");  // the journal is synced before the file is written
  journal_until_commit_ = true;
  return true;
}

// A bulk load (into an empty store, or one small next to what comes: see begin()): every index
// of `records` (ours and any other) is dropped and remembered. Inserting then only appends rows
// in rowid order; commit() sorts each index once, which is several times cheaper than keeping
// them up to date row by row (the random ids above all: millions of them make the id index
// outgrow the page cache, and every insert a read from disk). The full-text index is filled row
// by row as outside a bulk load: on the thread that writes (see the pipeline's RowWriter), not
// after the load on the one left working.
void Store::start_bulk() {
  // Drops the schema objects a query names (name, sql), keeping their SQL to make them again.
  auto set_aside = [&](const char* query, const char* drop, std::vector<std::string>& sqls) {
    std::vector<std::string> names;
    sqls.clear();
    select(query, {}, [&](const Row& r) {
      names.push_back(r.values[0].get<std::string>());
      sqls.push_back(r.values[1].get<std::string>());
    });
    for (const std::string& n : names) exec((drop + quote_ident(n)).c_str());
    return names;
  };
  std::vector<std::string> names = set_aside(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL "
      "ORDER BY name = 'records_id' DESC, rowid",
      "DROP INDEX ", deferred_indexes_);
  id_index_sql_.clear();
  if (!names.empty() && names.front() == "records_id") {
    id_index_sql_ = deferred_indexes_.front();
    deferred_indexes_.erase(deferred_indexes_.begin());
  }
  // record_months likewise: filled by one GROUP BY at commit instead of an upsert per row (and a
  // repeat the pipeline removes after the load is no update to undo).
  set_aside("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'records' AND "
            "name LIKE 'record\\_months\\_%' ESCAPE '\\' ORDER BY rowid",
            "DROP TRIGGER ", deferred_triggers_);
  clear_months();
  tally_months_ = !deferred_triggers_.empty();
  // Every row a bulk load writes holds `data` as our own serialiser wrote it: json_valid(data)
  // would only parse each row again (about 5 k instructions a row). Back on at finish_bulk().
  if (!scratch_) exec("PRAGMA ignore_check_constraints=ON");
  bulk_ = true;
}

// Outside a bulk load, the first row a write transaction inserts sets record_months_insert aside
// until commit(), which adds what the rows counted (write_months) and makes the trigger again. A
// statement that fires a trigger keeps a journal of its own, to be undone alone: it copied each
// page the insert changed (the table's, each index's, record_months') before changing it, four of
// 16 KiB for each row, which spilled to a temporary file past 64 KiB. That was most of the time of
// every ingest into a store that has records: Records.json 200 MB 10.6 -> 4.5 s, the 30 MB
// Facebook export 2.9 -> 1.1 s. Deletes and updates keep their triggers (none of ours makes them).
// Only inside a write transaction (begin()): a row written outside one commits by itself, and
// must find the trigger there.
void Store::set_month_trigger_aside() {
  months_set_aside_ = true;
  std::string sql;
  select("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'record_months_insert'", {},
         [&](const Row& r) { sql = r.values[0].get<std::string>(); });
  if (sql.empty()) return;
  exec("DROP TRIGGER record_months_insert");
  months_insert_trigger_ = sql;
  clear_months();
  tally_months_ = true;
}

void Store::finish_bulk() {
  forget_load_ids();
  sort_in_small_runs(true);
  bulk_ = false;
  if (!scratch_) exec("PRAGMA ignore_check_constraints=OFF");
  if (!id_index_sql_.empty()) exec(id_index_sql_.c_str());
  id_index_sql_.clear();
  for (const std::string& sql : deferred_indexes_) exec(sql.c_str());
  deferred_indexes_.clear();
  if (!deferred_triggers_.empty()) {
    // The tally (start_bulk() turned it on with the triggers) is the table of a store that was
    // empty; into one that had records, it is added to what the table holds.
    if (bulk_on_empty_) exec("DELETE FROM record_months");
    write_months();
    // A load that began row by row (turn_bulk()) still counts what comes after it, for the
    // insert trigger set aside then (see commit()).
    tally_months_ = !months_insert_trigger_.empty();
    for (const std::string& sql : deferred_triggers_) exec(sql.c_str());
    deferred_triggers_.clear();
  }
  sort_in_small_runs(false);
}

// The index builds after a bulk load sort a key of every row, and SQLite's sorter keeps a run in
// memory up to cache_size. One 64 MiB run (the 28 MB of ids of 630k fixes) is a list merge sort
// that misses the CPU's caches at nearly every step; runs of 4 MiB are sorted inside them and then
// merged as streams (through SQLite's unnamed temporary files, which a run past 64 MiB used
// already), and one helper thread sorts a run while this one reads the next: the second core,
// idle by then. Records.json 200 MB, the three index builds of then (records_time is gone since):
// 1.03 -> 0.70 s, the same CPU time. The page cache shrinks with it (a sort only streams the
// table); restored afterwards.
void Store::sort_in_small_runs(bool on) {
  if (on == small_runs_) return;
  small_runs_ = on;
  std::string sql = on ? "PRAGMA threads=1; PRAGMA cache_size=-" + std::to_string(sort_run_kib)
                       : "PRAGMA threads=0; PRAGMA cache_size=-" + std::to_string(page_cache_kib);
  // Tuning only, no I/O of its own: nothing to report if it fails (and rollback() must not throw).
  sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
}

bool Store::use_wal(bool must) {
  // Switching to WAL needs the file alone for a moment, and SQLite does not wait for that
  // through the busy timeout: a second ingest creating the same new store retries.
  for (int tries = 0;; ++tries) {
    int rc = sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return true;
    bool busy = rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
    if (!busy || (must && tries >= 100)) {
      exec("PRAGMA journal_mode=WAL");  // throws, naming the error
      return true;
    }
    if (tries >= 100) return false;
    sqlite3_sleep(50);
  }
}

void Store::make_scratch(bool full_text_index) {
  journal_until_commit_ = false;  // thrown away or copied once written: no WAL wanted
  exec("PRAGMA journal_mode=MEMORY");
  exec("PRAGMA synchronous=OFF");
  exec("PRAGMA ignore_check_constraints=ON");  // json_valid(data) would parse each row again
  scratch_ = true;
  row_text_ = full_text_index;
  // Read once (or thrown away): the per-row upsert into record_months is not worth it.
  if (!full_text_index)
    exec("DROP TRIGGER IF EXISTS record_months_insert; DROP TRIGGER IF EXISTS record_months_delete; "
         "DROP TRIGGER IF EXISTS record_months_update; DROP TABLE IF EXISTS record_months");
}

void Store::begin_read() {
  exec("BEGIN DEFERRED");
  in_tx_ = true;
}

void Store::commit() {
  if (deferred_count_ > 0) throw Error(path_, "internal: rows set aside in a bulk load were never inserted");
  if (bulk_) finish_bulk();
  if (!months_insert_trigger_.empty()) {
    write_months();
    exec(months_insert_trigger_.c_str());
    months_insert_trigger_.clear();
    tally_months_ = false;
  }
  months_set_aside_ = false;
  exec("COMMIT");
  in_tx_ = false;
  forget_met();
  // A new store's first commit, or a bulk load's through the journal: from now on a WAL store,
  // read while written. Another process reading it right now delays that (up to 5 s); the next
  // read-write open makes it so if not.
  if (journal_until_commit_) {
    journal_until_commit_ = false;
    try {
      if (use_wal(false)) exec("PRAGMA synchronous=NORMAL");
    } catch (const Error&) {
      // Committed all the same: the store stays in rollback-journal mode, which every later
      // read-write open changes.
    }
  }
}

void Store::rollback() {
  // A flag of the connection, no I/O: nothing to fail, and rollback() must not throw.
  if (bulk_ && !scratch_) sqlite3_exec(db_, "PRAGMA ignore_check_constraints=OFF", nullptr, nullptr, nullptr);
  bulk_ = false;
  clear_months();
  tally_months_ = false;
  months_insert_trigger_.clear();
  months_set_aside_ = false;
  deferred_indexes_.clear();
  deferred_triggers_.clear();
  id_index_sql_.clear();
  sort_in_small_runs(false);
  forget_met();
  if (!in_tx_) return;
  in_tx_ = false;
  // SQLite may have rolled back already (a full disk at COMMIT): nothing left to undo then.
  if (sqlite3_get_autocommit(db_)) return;
  exec("ROLLBACK");
}

int64_t Store::upsert_archive(const std::string& sha256, const std::string& name, const json& parts,
                              const std::string& platform, const std::string& importer, const std::string& now) {
  Stmt s;
  s.s = prepare(
      "INSERT INTO archives(sha256, name, parts, platform, importer, first_ingested, last_ingested) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) "
      "ON CONFLICT(sha256) DO UPDATE SET last_ingested = excluded.last_ingested, name = excluded.name "
      "RETURNING rowid");
  bind_text(s.s, 1, sha256);
  bind_text(s.s, 2, name);
  bind_text(s.s, 3, parts.dump());
  bind_text(s.s, 4, platform);
  bind_text(s.s, 5, importer);
  bind_text(s.s, 6, now);
  if (sqlite3_step(s.s) != SQLITE_ROW) throw Error(path_, std::string("sqlite: ") + sqlite3_errmsg(db_));
  return sqlite3_column_int64(s.s, 0);
}

void Store::finish_archive(int64_t rowid, int64_t records_new, int64_t records_seen, int64_t files,
                           const std::string& status, const std::string& importer_version, const json& summary) {
  Stmt s;
  s.s = prepare(
      "UPDATE archives SET records_new = records_new + ?2, records_seen = ?3, files = ?4, status = ?5, "
      "importer_version = ?6, summary = ?7 WHERE rowid = ?1");
  sqlite3_bind_int64(s.s, 1, rowid);
  sqlite3_bind_int64(s.s, 2, records_new);
  sqlite3_bind_int64(s.s, 3, records_seen);
  sqlite3_bind_int64(s.s, 4, files);
  bind_text(s.s, 5, status);
  bind_text(s.s, 6, importer_version);
  if (summary.is_null()) sqlite3_bind_null(s.s, 7);
  else bind_text(s.s, 7, summary.dump());
  if (sqlite3_step(s.s) != SQLITE_DONE) throw Error(path_, std::string("sqlite: ") + sqlite3_errmsg(db_));
}

std::optional<ArchiveRow> Store::ingested(const std::string& sha256, const std::string& importer,
                                          const std::string& importer_version) {
  std::optional<ArchiveRow> found;
  for (ArchiveRow& a : archives())
    if (a.sha256 == sha256 && a.importer == importer && a.status == "ok" && !importer_version.empty() &&
        a.importer_version == importer_version && a.summary.is_object())
      found = std::move(a);
  return found;
}

void Store::each_file(int64_t archive_rowid, const std::function<void(FileRow&&)>& each) {
  select("SELECT part, entry, path, size, fate, note, records, sha256 FROM files WHERE archive = ?1 "
         "ORDER BY part < 0, part, entry",
         {archive_rowid}, [&](const Row& r) {
           FileRow f;
           f.part = r.values[0].get<int>();
           f.entry = r.values[1].get<int64_t>();
           f.path = r.values[2].get<std::string>();
           f.size = r.values[3].is_number() ? r.values[3].get<int64_t>() : -1;
           std::string fate = r.values[4].get<std::string>();
           for (Fate x : {Fate::parsed, Fate::partial, Fate::failed, Fate::unknown, Fate::ignored, Fate::missing,
                          Fate::skipped})
             if (fate == fate_name(x)) f.fate = x;
           f.note = r.values[5].get<std::string>();
           f.records = r.values[6].get<int64_t>();
           if (r.values[7].is_string()) f.sha256 = r.values[7].get<std::string>();
           each(std::move(f));
         });
}

bool Store::insert_record(const Record& r, int64_t archive_rowid) {
  return insert_record(r, archive_rowid, dump_compact(r.data));
}

RowBatch::Span RowBatch::put(std::string_view v) {
  Span s{text_.size(), v.size(), false};
  text_.append(v);
  return s;
}

void RowBatch::add(const Record& r, int64_t archive_rowid, std::string_view data_json, bool keep_text, int64_t tag) {
  Slots& row = rows_.emplace_back();
  row.tag = tag;
  row.id_is_key = r.id.empty() && !r.id_key.empty();
  row.spans[id] = put(row.id_is_key ? r.id_key : r.id);
  row.spans[kind] = put(r.kind);
  row.spans[platform] = put(r.platform);
  row.spans[service] = r.service.empty() ? Span{0, 0, true} : put(r.service);
  row.time = r.time;  // its text is made by row(), on the writer thread in a bulk load
  row.archive = archive_rowid;
  row.spans[source_archive] = put(r.source.archive);
  row.spans[source_path] = put(r.source.path);
  row.spans[source_pointer] = put(r.source.pointer);
  // Data given member by member is written out by row(): in a bulk load, on the writer thread.
  row.data_is_object = !r.data_object.empty();
  row.spans[data] = put(row.data_is_object ? std::string_view(r.data_object.members()) : data_json);
  // A raw position fix holds coordinates, not words: it stays out of the full-text index, which
  // would otherwise take a row per fix (millions in a Location History) for nothing to find.
  bool indexed = keep_text && !row.data_is_object;  // data given member by member: nothing to search
  if (indexed && r.kind == "location") {
    auto t = r.data.find("type");
    indexed = !(t != r.data.end() && t->is_string() && t->get_ref<const std::string&>() == "fix");
  }
  // The indexed text is kept in the row: the index's external content, what snippet() reads.
  row.spans[text] = indexed ? put(search_text(r.data)) : Span{0, 0, true};
}

// What row() makes for a row: the id from its key, the time's text, data's text from members.
void RowBatch::make(const Slots& row, Made& made) const {
  auto get = [&](Column c) { return std::string_view(text_).substr(row.spans[c].at, row.spans[c].size); };
  if (row.id_is_key) made.id = make_record_id(get(platform), get(kind), get(id));
  if (row.time) made.time = format_record_time(*row.time);
  if (row.data_is_object) made.data = JsonObjectText::text_of(get(data));
}

void RowBatch::make_ahead(size_t n) {
  Made made;
  auto keep = [&](const std::string& v) {
    Span s{made_text_.size(), v.size(), false};
    made_text_.append(v);
    return s;
  };
  for (; n > 0 && made_rows_ < rows_.size(); --n, ++made_rows_) {
    Slots& row = rows_[made_rows_];
    make(row, made);
    if (row.id_is_key) row.made_id = keep(made.id);
    if (row.time) row.made_time = keep(made.time);
    if (row.data_is_object) row.made_data = keep(made.data);
  }
}

std::string_view RowBatch::row_id(size_t i, Made& made) const {
  const Slots& row = rows_[i];
  auto get = [&](Column c) { return std::string_view(text_).substr(row.spans[c].at, row.spans[c].size); };
  if (!row.id_is_key) return get(id);
  if (i < made_rows_) return std::string_view(made_text_).substr(row.made_id.at, row.made_id.size);
  made.id = make_record_id(get(platform), get(kind), get(id));
  return made.id;
}

RowColumns RowBatch::row(size_t i, Made& made) const {
  const Slots& row = rows_[i];
  auto get = [&](Column c) { return std::string_view(text_).substr(row.spans[c].at, row.spans[c].size); };
  auto get_or_null = [&](Column c) { return row.spans[c].null ? std::nullopt : std::optional<std::string_view>(get(c)); };
  // What make_ahead() made, or else what make() makes now.
  const bool ahead = i < made_rows_;
  if (!ahead) make(row, made);
  auto made_column = [&](const Span& kept, const std::string& now) {
    return ahead ? std::string_view(made_text_).substr(kept.at, kept.size) : std::string_view(now);
  };
  RowColumns out;
  out.kind = get(kind);
  out.platform = get(platform);
  out.id = row.id_is_key ? made_column(row.made_id, made.id) : get(id);
  out.service = get_or_null(service);
  if (row.time) {
    out.time = made_column(row.made_time, made.time);
    out.time_unix = row.time->seconds;
  }
  out.archive = row.archive;
  out.source_archive = get(source_archive);
  out.source_path = get(source_path);
  out.source_pointer = get(source_pointer);
  out.data = row.data_is_object ? made_column(row.made_data, made.data) : get(data);
  out.text = get_or_null(text);
  return out;
}

bool Store::insert_record(const Record& r, int64_t archive_rowid, std::string_view data_json) {
  one_row_.clear();
  one_row_.add(r, archive_rowid, data_json, row_text_);
  RowBatch::Made made;
  return write_row(one_row_.row(0, made));
}

bool Store::insert_row(const RowColumns& row, int64_t tag) { return write_row(row, tag); }

void Store::insert_rows(const RowBatch& batch) {
  if (!bulk_) throw Error(path_, "internal: rows appended outside a bulk load");
  RowBatch::Made made;
  for (size_t i = 0; i < batch.rows(); ++i) write_row(batch.row(i, made), batch.tag(i));
}


bool Store::write_row(const RowColumns& row, int64_t tag) {
  if (bulk_ && !old_ids_.empty() && old_ids_.may_hold(row.id)) {
    defer_row(row, tag);  // inserted after the load: see turn_bulk()
    return true;
  }
  constexpr const char* insert_sql =
      "INSERT INTO records(id, kind, platform, service, time, time_unix, archive, source_archive, source_path, "
      "source_pointer, data, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
  sqlite3_stmt* s = nullptr;
  if (!bulk_ && in_tx_ && !months_set_aside_) set_month_trigger_aside();
  if (bulk_) {
    // No id index to conflict with: the caller hands distinct ids (see begin()).
    if (!insert_bulk_) insert_bulk_ = prepare(insert_sql);
    s = insert_bulk_;
  } else {
    if (!insert_record_) insert_record_ = prepare((std::string(insert_sql) + " ON CONFLICT(id) DO NOTHING").c_str());
    s = insert_record_;
  }
  if (!insert_fts_) insert_fts_ = prepare("INSERT INTO records_fts(rowid, text) VALUES (?1, ?2)");
  // (Its bits in the load's filter fetched from memory while the row goes in.)
  bool note_id = bulk_ && !load_ids_.empty();
  IdFilter::Bits load_bits;
  if (note_id) load_bits = load_ids_.bits_of(row.id);
  sqlite3_reset(s);
  bind_row(s, 1, row);
  if (sqlite3_step(s) != SQLITE_DONE) throw Error(path_, std::string("sqlite: ") + sqlite3_errmsg(db_));
  if (sqlite3_changes(db_) == 0) return false;
  if (note_id) note_load_id(load_bits, row.id);
  if (tally_months_) tally_month(row.platform, row.kind, row.time.value_or(std::string_view()), 1);
  if (!row.text) return true;
  sqlite3_int64 rowid = sqlite3_last_insert_rowid(db_);
  sqlite3_reset(insert_fts_);
  sqlite3_bind_int64(insert_fts_, 1, rowid);
  bind_static(insert_fts_, 2, *row.text);
  if (sqlite3_step(insert_fts_) != SQLITE_DONE) throw Error(path_, std::string("sqlite: ") + sqlite3_errmsg(db_));
  return true;
}

Store::IdRow Store::find_id(std::string_view id) {
  auto found = [&](int64_t rowid) {
    found_in_order_ = rowid == last_found_rowid_ + 1;
    last_found_rowid_ = rowid;
    return IdRow{rowid > last_old_rowid_ ? IdSeen::now : IdSeen::earlier, rowid};
  };
  if (found_in_order_) {
    // The id is unique: the row guessed holding it is its row.
    if (!id_at_) id_at_ = prepare("SELECT id FROM records WHERE rowid = ?1");
    sqlite3_reset(id_at_);
    sqlite3_bind_int64(id_at_, 1, last_found_rowid_ + 1);
    int rc = sqlite3_step(id_at_);
    if (rc == SQLITE_ROW && column_text(id_at_, 0) == id) return found(last_found_rowid_ + 1);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw_step_error(path_);
  }
  ++id_index_probes_;
  if (!find_id_) find_id_ = prepare("SELECT rowid FROM records WHERE id = ?1");
  sqlite3_reset(find_id_);
  bind_static(find_id_, 1, id);
  int rc = sqlite3_step(find_id_);
  if (rc == SQLITE_DONE) return IdRow{};
  if (rc != SQLITE_ROW) throw_step_error(path_);
  return found(sqlite3_column_int64(find_id_, 0));
}

std::optional<StoredRecord> Store::written_now(int64_t rowid) {
  if (rowid <= last_old_rowid_) return std::nullopt;
  return row_at(rowid);
}

std::optional<StoredRecord> Store::row_at(int64_t rowid) {
  if (!row_at_)
    row_at_ = prepare(
        "SELECT rowid, id, kind, platform, service, time_unix, data, source_path, source_pointer FROM records "
        "WHERE rowid = ?1");
  sqlite3_reset(row_at_);
  sqlite3_bind_int64(row_at_, 1, rowid);
  int rc = sqlite3_step(row_at_);
  if (rc == SQLITE_DONE) return std::nullopt;
  if (rc != SQLITE_ROW) throw_step_error(path_);
  StoredRecord r = stored_record(row_at_);
  sqlite3_reset(row_at_);
  return r;
}

bool Store::same_as_first(int64_t rowid, int64_t digest) {
  // In memory first: an upsert into a temporary table's B-tree cost 3.4 us an id (keyed by the
  // id then), and once the table outgrew its cache, nearly half of a newer export of 6.3M fixes.
  // A rowid in a page not made once the pages are all made goes to the table: each rowid is on
  // one side only, and found there.
  constexpr int64_t page_rows = 1024;
  constexpr size_t max_pages = 8192;  // 8 KiB of digests each: 64 MiB
  if (rowid > 0 && rowid <= last_old_rowid_) {
    auto p = static_cast<size_t>(rowid / page_rows);
    auto i = static_cast<size_t>(rowid % page_rows);
    if (p >= met_pages_.size()) met_pages_.resize(static_cast<size_t>(last_old_rowid_ / page_rows) + 1);
    std::unique_ptr<MetPage>& page = met_pages_[p];
    if (!page && met_pages_made_ < max_pages) {
      page = std::make_unique<MetPage>();
      ++met_pages_made_;
    }
    if (page) {
      uint64_t bit = uint64_t{1} << (i % 64);
      if (page->met[i / 64] & bit) return page->digest[i] == digest;
      page->met[i / 64] |= bit;
      page->digest[i] = digest;
      return true;
    }
  }
  if (!met_rows_) {
    // Made afresh by the first rowid of a transaction that goes there (forget_met() drops it too,
    // but must not fail, so it may have left one).
    exec("DROP TABLE IF EXISTS temp.met_rows");
    exec("CREATE TEMP TABLE met_rows(row INTEGER PRIMARY KEY, digest INTEGER NOT NULL)");
    exec(("PRAGMA temp.cache_size=-" + std::to_string(page_cache_kib)).c_str());
    met_rows_ = prepare(
        "INSERT INTO temp.met_rows(row, digest) VALUES (?1, ?2) ON CONFLICT(row) DO UPDATE SET digest = digest "
        "RETURNING digest");
  }
  sqlite3_reset(met_rows_);
  sqlite3_bind_int64(met_rows_, 1, rowid);
  sqlite3_bind_int64(met_rows_, 2, digest);
  if (sqlite3_step(met_rows_) != SQLITE_ROW) throw_step_error(path_);
  int64_t first = sqlite3_column_int64(met_rows_, 0);
  if (sqlite3_step(met_rows_) != SQLITE_DONE) throw_step_error(path_);
  return first == digest;
}

void Store::forget_met() {
  forget_deferred();
  forget_load_ids();
  std::vector<std::unique_ptr<MetPage>>().swap(met_pages_);
  met_pages_made_ = 0;
  last_found_rowid_ = 0;
  found_in_order_ = false;
  drop_temp_table(met_rows_, "met_rows");
}

// A bulk load's ids go into a Bloom filter as it appends them: a row whose id the filter may
// hold already (a repeat, or one in a few hundred taken for one) puts it in a temporary table.
// When the load took no more rows for repeats than the filter takes wrongly (it keeps count of
// that), the unique index is built at once, as before; when it took more, index_ids() finds the
// rows of those ids by reading the load's rows once, where it sorted every id twice: once for
// the unique index, which failed, once more for a plain one. The unique index is built once,
// after the repeats are gone. A repeat of a row an earlier ingest wrote is not in the filter:
// the unique index fails on it as before, and the plain one finds it. Facebook's export of 100
// MB (251k records, 82 places met again; 117 rows looked for): repeats 0.32-0.40 -> 0.17-0.18 s;
// of 300 MB (754k): 0.87-0.89 -> 0.45 s. A load without repeats pays for the filter: about 1%
// of its CPU time, on the writer thread; 8 MiB for Records.json of 2 GB (guessed 1.95M fixes).
void Store::start_load_ids(int64_t rows) {
  // 32 bits an id guessed (the guess is a third to a sixth of some formats' records, and a power
  // of 2 up to twice that): at least 128 KiB, at most 32 MiB.
  load_ids_.size_for(static_cast<uint64_t>(std::max<int64_t>(rows, 0)), 32, uint64_t{1} << 20);
  load_rows_ = load_flagged_ = 0;
  load_false_hits_ = 0;
}

void Store::note_load_id(IdFilter::Bits bits, std::string_view id) {
  ++load_rows_;
  load_false_hits_ += load_ids_.false_hit();
  if (!load_ids_.add_seen(bits)) return;
  if (!flag_repeat_) {
    exec("DROP TABLE IF EXISTS temp.repeat_ids");
    exec("CREATE TEMP TABLE repeat_ids(id TEXT PRIMARY KEY) WITHOUT ROWID");
    flag_repeat_ = prepare("INSERT OR IGNORE INTO temp.repeat_ids(id) VALUES (?1)");
  }
  sqlite3_reset(flag_repeat_);
  bind_static(flag_repeat_, 1, id);
  if (sqlite3_step(flag_repeat_) != SQLITE_DONE) throw_step_error(path_);
  ++load_flagged_;
}

void Store::forget_load_ids() {
  shared_found_ = false;
  load_ids_.clear();
  load_rows_ = load_flagged_ = 0;
  load_false_hits_ = 0;
  drop_temp_table(flag_repeat_, "repeat_ids");
}

// The tables each_shared_id() reads and fills.
void Store::make_shared_tables() {
  exec("DROP TABLE IF EXISTS temp.shared_rows");
  exec("DROP TABLE IF EXISTS temp.removed_rows");
  exec("CREATE TEMP TABLE shared_rows(row INTEGER NOT NULL, id TEXT NOT NULL)");
  exec("CREATE TEMP TABLE removed_rows(row INTEGER PRIMARY KEY)");
}

bool Store::index_ids() {
  if (!bulk_ || id_index_sql_.empty()) return true;
  // More rows taken for repeats than the filter takes wrongly, by 4 standard deviations (a load
  // without repeats gets past that by chance under once in 1,000 where the filter expects a
  // false hit or more; under once in 100 where it expects less: a small load, read at little
  // cost): some are, and the rows of those ids are looked for, each id on several rows, for
  // each_shared_id(). Otherwise the id index is built (and fails on a repeat the filter's noise
  // hid). When they are a good share of the rows (a load of the same items twice), sorting
  // every id finds them.
  double noise = load_false_hits_ + 4 * std::sqrt(load_false_hits_) + 0.5;
  if (!load_ids_.empty() && load_flagged_ > noise && load_flagged_ <= load_rows_ / 4) {
    repeat_rows_checked_ = load_flagged_;
    make_shared_tables();
    Stmt fill;
    fill.s = prepare(
        "INSERT INTO temp.shared_rows(row, id) SELECT row, id FROM (SELECT rowid AS row, id, count(*) OVER "
        "(PARTITION BY id) AS n FROM records WHERE rowid > ?1 AND id IN (SELECT id FROM temp.repeat_ids)) "
        "WHERE n > 1 ORDER BY id, row");
    sqlite3_bind_int64(fill.s, 1, last_old_rowid_);
    if (sqlite3_step(fill.s) != SQLITE_DONE) throw_step_error(path_);
    shared_found_ = sqlite3_changes(db_) > 0;
    if (shared_found_) return false;
    exec("DROP TABLE temp.shared_rows");
    exec("DROP TABLE temp.removed_rows");
  }
  forget_load_ids();
  sort_in_small_runs(true);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, id_index_sql_.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  // A repeated id fails this one statement (SQLite undoes it alone); the transaction goes on.
  // (With the filter, an earlier ingest's row met again, which it does not hold.)
  if ((rc & 0xff) == SQLITE_CONSTRAINT) return false;
  if (rc != SQLITE_OK) exec(id_index_sql_.c_str());  // throws, naming the error
  id_index_sql_.clear();
  return true;
}

void Store::each_shared_id(const std::function<void(int64_t rowid, const std::string& id)>& fn,
                           const std::function<void(const std::string& kind)>& removed) {
  // Found through a plain index on id, made for this (its sort as index_ids() makes one, then the
  // page cache back for the reads and deletes) and dropped before the removals, which then touch
  // the table alone, in rowid order. Records.json 2 GB into a store of its first 200 MB (630k ids
  // shared): the GROUP BY and ORDER BY of a table scan without that index took 12.7 s, and the
  // 630k groups after it 10.7 s, each row read and deleted in id order (at random) with the small
  // page cache the failed index build had left.
  // Or, found by index_ids() through the load's filter, the rows of the ids that may repeat alone,
  // in one read of this load's rows.
  bool by_filter = shared_found_;
  forget_load_ids();  // (ids change and rows go below: the next index_ids() sorts them)
  if (!by_filter) {
    sort_in_small_runs(true);
    exec("CREATE INDEX records_id_shared ON records(id)");
    sort_in_small_runs(false);
    make_shared_tables();
    exec("INSERT INTO temp.shared_rows(row, id) SELECT rowid, id FROM records INDEXED BY records_id_shared "
         "WHERE id IN (SELECT id FROM records INDEXED BY records_id_shared GROUP BY id HAVING count(*) > 1) "
         "ORDER BY id, rowid");
  }
  {
    Stmt shared, queue;
    queue.s = prepare("INSERT OR IGNORE INTO temp.removed_rows(row) VALUES (?1)");
    shared.s = prepare("SELECT row, id FROM temp.shared_rows ORDER BY rowid");
    remove_later_ = queue.s;
    try {
      int rc;
      while ((rc = sqlite3_step(shared.s)) == SQLITE_ROW)
        fn(sqlite3_column_int64(shared.s, 0), std::string(column_text(shared.s, 1)));
      if (rc != SQLITE_DONE) throw_step_error(path_);
    } catch (...) {
      remove_later_ = nullptr;
      throw;
    }
    remove_later_ = nullptr;
  }
  if (!by_filter) exec("DROP INDEX records_id_shared");
  {
    Stmt gone;
    gone.s = prepare("SELECT row FROM temp.removed_rows ORDER BY row");
    int rc;
    while ((rc = sqlite3_step(gone.s)) == SQLITE_ROW) {
      int64_t rowid = sqlite3_column_int64(gone.s, 0);
      std::string kind = delete_record(rowid);
      if (kind.empty()) throw Error(path_, "internal: the row " + std::to_string(rowid) + " is gone");
      removed(kind);
    }
    if (rc != SQLITE_DONE) throw_step_error(path_);
  }
  exec("DROP TABLE temp.shared_rows");
  exec("DROP TABLE temp.removed_rows");
}

void Store::remove_later(int64_t rowid) {
  if (!remove_later_) throw Error(path_, "internal: remove_later() outside each_shared_id()");
  sqlite3_reset(remove_later_);
  sqlite3_bind_int64(remove_later_, 1, rowid);
  if (sqlite3_step(remove_later_) != SQLITE_DONE) throw_step_error(path_);
}

StoredRecord Store::record_at(int64_t rowid) {
  std::optional<StoredRecord> r = row_at(rowid);
  if (!r) throw Error(path_, "internal: no records row " + std::to_string(rowid));
  return std::move(*r);
}

std::string Store::delete_record(int64_t rowid) {
  if (!delete_record_)
    delete_record_ = prepare("DELETE FROM records WHERE rowid = ?1 RETURNING platform, kind, time, text");
  sqlite3_reset(delete_record_);
  sqlite3_bind_int64(delete_record_, 1, rowid);
  int rc = sqlite3_step(delete_record_);
  std::string text, kind;
  bool indexed = false;
  if (rc == SQLITE_ROW) {
    kind = column_text(delete_record_, 1);
    if (bulk_ && tally_months_)
      tally_month(column_text(delete_record_, 0), kind, column_text(delete_record_, 2), -1);
    indexed = sqlite3_column_type(delete_record_, 3) != SQLITE_NULL;
    if (indexed) text = column_text(delete_record_, 3);
    rc = sqlite3_step(delete_record_);
  }
  if (rc != SQLITE_DONE) throw_step_error(path_);
  // The row's words leave the full-text index too (external content: the index is told the text
  // it had).
  if (!indexed) return kind;
  if (!delete_fts_)
    delete_fts_ = prepare("INSERT INTO records_fts(records_fts, rowid, text) VALUES ('delete', ?1, ?2)");
  sqlite3_reset(delete_fts_);
  sqlite3_bind_int64(delete_fts_, 1, rowid);
  bind_static(delete_fts_, 2, text);
  if (sqlite3_step(delete_fts_) != SQLITE_DONE) throw_step_error(path_);
  return kind;
}

void Store::set_record_id(int64_t rowid, const std::string& id) {
  if (!set_record_id_) set_record_id_ = prepare("UPDATE records SET id = ?2 WHERE rowid = ?1");
  sqlite3_reset(set_record_id_);
  sqlite3_bind_int64(set_record_id_, 1, rowid);
  bind_static(set_record_id_, 2, id);
  if (sqlite3_step(set_record_id_) != SQLITE_DONE) throw_step_error(path_);
}

void Store::clear_files(int64_t archive_rowid) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, "DELETE FROM files WHERE archive = ?1", -1, &s, nullptr) != SQLITE_OK)
    throw Error(path_, std::string("sqlite: ") + sqlite3_errmsg(db_));
  sqlite3_bind_int64(s, 1, archive_rowid);
  int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) throw Error(path_, std::string("sqlite: ") + sqlite3_errmsg(db_));
}

void Store::upsert_file(int64_t archive_rowid, const FileRow& f) {
  if (!upsert_file_)
    upsert_file_ = prepare(
        "INSERT OR REPLACE INTO files(archive, part, path, size, fate, note, records, sha256, entry) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  sqlite3_stmt* s = upsert_file_;
  sqlite3_reset(s);
  sqlite3_bind_int64(s, 1, archive_rowid);
  sqlite3_bind_int(s, 2, f.part);
  bind_text(s, 3, f.path);
  if (f.size >= 0) sqlite3_bind_int64(s, 4, f.size);
  else sqlite3_bind_null(s, 4);
  bind_text(s, 5, fate_name(f.fate));
  bind_text(s, 6, f.note);
  sqlite3_bind_int64(s, 7, f.records);
  if (f.sha256.empty()) sqlite3_bind_null(s, 8);
  else bind_text(s, 8, f.sha256);
  sqlite3_bind_int64(s, 9, f.entry);
  if (sqlite3_step(s) != SQLITE_DONE) throw Error(path_, std::string("sqlite: ") + sqlite3_errmsg(db_));
}

std::string record_query(const RecordFilter& f, std::vector<json>& params) {
  std::string sql =
      "SELECT id, kind, platform, service, time, source_archive, source_path, source_pointer, data FROM records "
      "WHERE 1";
  auto in_list = [&](const char* column, const std::vector<std::string>& values, bool negate) {
    if (values.empty()) return;
    sql += std::string(" AND ") + column + (negate ? " NOT IN (" : " IN (");
    for (size_t i = 0; i < values.size(); ++i) {
      sql += i ? ",?" : "?";
      params.push_back(values[i]);
    }
    sql += ")";
  };
  in_list("kind", f.kinds, false);
  in_list("kind", f.exclude_kinds, true);
  in_list("platform", f.platforms, false);
  if (f.kinds.empty() && (f.since || f.until)) sql += std::string(" AND ") + any_kind_sql;
  if (f.since) {
    sql += " AND time_unix >= ?";
    params.push_back(*f.since);
  }
  if (f.until) {
    sql += " AND time_unix < ?";
    params.push_back(*f.until);
  }
  if (!f.search.empty()) {
    std::string q = fts_query(f.search);
    if (!q.empty()) {
      sql += " AND rowid IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)";
      params.push_back(q);
    }
  }
  if (!f.stored_order) sql += " ORDER BY time_unix IS NULL, time_unix, time, id";
  if (f.limit >= 0) {
    sql += " LIMIT ?";
    params.push_back(f.limit);
  }
  return sql;
}

void Store::each_dump_row(const RecordFilter& f, const std::function<void(const DumpRow&)>& fn) {
  std::vector<json> params;
  std::string sql = record_query(f, params);
  Stmt s;
  if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &s.s, nullptr) != SQLITE_OK)
    throw Error(path_, std::string("sqlite: ") + sqlite3_errmsg(db_));
  for (size_t i = 0; i < params.size(); ++i) bind_json(s.s, static_cast<int>(i + 1), params[i]);
  DumpRow row;
  const bool older = older_model(db_);
  for (;;) {
    int rc = sqlite3_step(s.s);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) throw_step_error(path_);
    row.id = column_text(s.s, 0);
    row.kind = column_text(s.s, 1);
    row.platform = column_text(s.s, 2);
    row.service = column_text(s.s, 3);
    row.time = column_text(s.s, 4);
    row.archive = column_text(s.s, 5);
    row.path = column_text(s.s, 6);
    row.pointer = column_text(s.s, 7);
    row.data = column_text(s.s, 8);
    std::string upgraded;
    if (older) {
      json data = json::parse(row.data, nullptr, false);
      if (!data.is_discarded() && upgrade_data(row.kind, data)) {
        upgraded = dump_compact(data);
        row.data = upgraded;
      }
    }
    fn(row);
  }
}

void Store::each_record(const RecordFilter& f, const std::function<void(const Record&)>& fn) {
  std::vector<json> params;
  std::string sql = record_query(f, params);
  const bool older = older_model(db_);
  select(sql, params, [&](const Row& row) {
    Record r;
    r.id = row.values[0].get<std::string>();
    r.kind = row.values[1].get<std::string>();
    r.platform = row.values[2].get<std::string>();
    if (row.values[3].is_string()) r.service = row.values[3].get<std::string>();
    if (row.values[4].is_string()) r.time = parse_iso8601(row.values[4].get<std::string>());
    r.source.archive = row.values[5].get<std::string>();
    r.source.path = row.values[6].get<std::string>();
    r.source.pointer = row.values[7].get<std::string>();
    r.data = parse_json(row.values[8].get<std::string>(), path_ + ": record " + r.id);
    if (older) upgrade_data(r.kind, r.data);
    if (r.time && r.data.contains("time_precision")) {
      std::string p = r.data["time_precision"].get<std::string>();
      r.time->precision = p == "year" ? Precision::year : p == "month" ? Precision::month : Precision::day;
    }
    fn(r);
  });
}

void Store::select(const std::string& sql, const std::vector<json>& params, const std::function<void(const Row&)>& fn,
                   bool read_only_check) {
  Stmt s;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &s.s, &tail) != SQLITE_OK) {
    throw_if_locked();
    throw Error("sql", std::string(sqlite3_errmsg(db_)));
  }
  if (!s.s) throw Error("sql", "empty statement");
  if (read_only_check) {
    if (!sqlite3_stmt_readonly(s.s))
      throw Error("sql", "refusing a statement that writes; the sql command is read-only");
    if (tail && !trim(tail).empty() && trim(tail) != ";")
      throw Error("sql", "one statement at a time, please");
  }
  for (size_t i = 0; i < params.size(); ++i) bind_json(s.s, static_cast<int>(i + 1), params[i]);
  std::vector<std::string> names;
  int n = sqlite3_column_count(s.s);
  for (int i = 0; i < n; ++i) names.emplace_back(sqlite3_column_name(s.s, i));
  Row row{&names, {}};
  for (;;) {
    int rc = sqlite3_step(s.s);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) throw_step_error("sql");
    row.values.clear();
    for (int i = 0; i < n; ++i) row.values.push_back(column_json(s.s, i));
    fn(row);
  }
}

std::vector<ArchiveRow> Store::archives() {
  std::vector<ArchiveRow> out;
  select(
      "SELECT rowid, sha256, name, parts, platform, importer, first_ingested, last_ingested, records_new, "
      "records_seen, files, status, importer_version, summary FROM archives ORDER BY rowid",
      {}, [&](const Row& r) {
        ArchiveRow a;
        a.rowid = r.values[0].get<int64_t>();
        a.sha256 = r.values[1].get<std::string>();
        a.name = r.values[2].get<std::string>();
        a.parts = parse_json(r.values[3].get<std::string>(), path_ + ": archive " + a.sha256);
        a.platform = r.values[4].get<std::string>();
        a.importer = r.values[5].get<std::string>();
        a.first_ingested = r.values[6].get<std::string>();
        a.last_ingested = r.values[7].get<std::string>();
        a.records_new = r.values[8].get<int64_t>();
        a.records_seen = r.values[9].get<int64_t>();
        a.files = r.values[10].get<int64_t>();
        a.status = r.values[11].get<std::string>();
        a.importer_version = r.values[12].get<std::string>();
        if (r.values[13].is_string()) a.summary = json::parse(r.values[13].get<std::string>(), nullptr, false);
        out.push_back(std::move(a));
      });
  return out;
}

int64_t Store::count_records() {
  int64_t n = 0;
  select("SELECT count(*) FROM records", {}, [&](const Row& r) { n = r.values[0].get<int64_t>(); });
  return n;
}

}  // namespace dataport
