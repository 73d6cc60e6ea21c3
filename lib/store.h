#pragma once
// The SQLite store: one file, WAL, one transaction per ingested archive set, prepared
// statements reused for every row. Tables: archives, files, records, records_fts (FTS5 with
// records as its external content, so Datasette finds it and snippet() works), and one view per
// kind with its main fields as columns. docs/schema.md describes them.

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "lib/dump.h"
#include "lib/record.h"
#include "lib/sink.h"

namespace dataport {

/// The store's own schema version (PRAGMA user_version); migrations step from one to the next.
inline constexpr int store_version = 4;

/// The filters every command shares: --kind, --exclude-kind, --platform, --since, --until, --search, --limit.
struct RecordFilter {
  std::vector<std::string> kinds, exclude_kinds, platforms;
  std::optional<int64_t> since, until;  ///< Unix seconds, [since, until)
  std::string search;                   ///< words, all of which must appear (FTS5)
  int64_t limit = -1;
  /// Rows as they lie in the store instead of by time then id: for a pass that reads every row
  /// once and keeps no order (a sort of millions of rows is the costliest step of such a read).
  bool stored_order = false;
};

/// "kind IN (each kind `records` holds)", for a date range over `time_unix` that names no kind:
/// records_kind_time then serves it, one range per kind (no index leads with the time alone).
/// The kinds come from the same index, one seek each (a loose index scan), not from the rows.
inline constexpr const char* any_kind_sql =
    "kind IN (WITH RECURSIVE k(v) AS (SELECT min(kind) FROM records UNION ALL "
    "SELECT (SELECT min(kind) FROM records WHERE kind > v) FROM k WHERE v IS NOT NULL) SELECT v FROM k WHERE v IS NOT NULL)";

/// The SELECT of the records a filter matches (each_record, each_dump_row), ordered by time
/// (unknown last) then id unless f.stored_order; its parameters are appended to `params`.
std::string record_query(const RecordFilter& f, std::vector<json>& params);

/// A row of a result set: column names and values (null, integer, real or text) as JSON.
struct Row {
  const std::vector<std::string>* names;
  std::vector<json> values;
};

/// One archives row.
struct ArchiveRow {
  int64_t rowid = 0;
  std::string sha256, name, platform, importer, first_ingested, last_ingested, status;
  json parts;
  int64_t records_new = 0, records_seen = 0, files = 0;
  std::string importer_version;  ///< what read it last ("" before store version 4)
  json summary;                  ///< that run's counts: {"kinds": {kind: records}, "collisions": n}
};

/// One files row.
struct FileRow {
  int part = 0;        ///< -1 for a `missing` file
  int64_t entry = 0;   ///< ordinal of the entry in its part: two entries of one name are two rows
  std::string path;
  int64_t size = -1;
  Fate fate = Fate::unknown;
  std::string note;
  int64_t records = 0;
  std::string sha256;  ///< set for kept unknown files
};

/// A records row as stored: what tells two items of one id apart (the pipeline's repeats).
struct StoredRecord {
  int64_t rowid = 0;
  std::string id, kind, platform, service, data, source_path, source_pointer;
  std::optional<int64_t> time_unix;
};

/// A record as the columns of its records row, the text borrowed: what a write binds.
struct RowColumns {
  std::string_view id, kind, platform, source_archive, source_path, source_pointer, data;
  std::optional<std::string_view> service, time, text;  ///< nullopt: NULL
  std::optional<int64_t> time_unix;
  int64_t archive = 0;
};

/// Records' rows with their text laid end to end in one buffer: what a bulk load hands from the
/// thread that reads the archive to the one that writes the store (Store::insert_rows), a batch at
/// a time. Cleared, it keeps its memory, so a reused batch allocates nothing.
class RowBatch {
 public:
  /// Adds r's row: `data_json` is r.data serialised, unless r has data_object (then row() writes
  /// that out, and `data_json` is not read). With `keep_text`, a row with words keeps the text the
  /// full-text index reads (see Store::make_scratch); a raw location fix, or data an importer gave
  /// member by member (Record::data_object), has none.
  void add(const Record& r, int64_t archive_rowid, std::string_view data_json, bool keep_text, int64_t tag = 0);
  /// The tag row i was added with: the caller's own (the pipeline keeps a digest of the record's
  /// content there, for the thread that writes).
  int64_t tag(size_t i) const { return rows_[i].tag; }
  size_t rows() const { return rows_.size(); }
  /// The bytes of text held: what bounds a batch.
  size_t bytes() const { return text_.size(); }
  /// What row() makes on the thread that writes: the id of a record that came with its key
  /// rather than its id (Record::id_key), the time's text, and the text of data given member by
  /// member (Record::data_object).
  struct Made {
    std::string id, time, data;
  };
  /// Row i; its text lives until the batch is cleared or added to, or `made` is reused. What
  /// make_ahead() made for the row is taken from the batch, the rest is made in `made`.
  RowColumns row(size_t i, Made& made) const;
  /// Row i's id alone (made from its key, if it came with one), and its kind: what looking it up
  /// needs. The id lives as long as row() would keep it.
  std::string_view row_id(size_t i, Made& made) const;
  std::string_view row_kind(size_t i) const {
    return std::string_view(text_).substr(rows_[i].spans[kind].at, rows_[i].spans[kind].size);
  }
  /// Makes what row() would make for up to `n` more rows, in order, and keeps it in the batch: the
  /// thread that fills batches does this while it waits for the writer thread (RowWriter), so the
  /// two share that work whichever of them is behind.
  void make_ahead(size_t n);
  /// The rows make_ahead() has not made.
  size_t unmade() const { return rows_.size() - made_rows_; }
  void clear() {
    text_.clear();
    rows_.clear();
    made_text_.clear();
    made_rows_ = 0;
  }

 private:
  struct Span {
    size_t at = 0, size = 0;
    bool null = false;
  };
  enum Column { id, kind, platform, service, source_archive, source_path, source_pointer, data, text, columns };
  struct Slots {
    Span spans[columns];
    Span made_id, made_time, made_data;  ///< in made_text_, once make_ahead() made the row
    bool id_is_key = false;       ///< spans[id] holds Record::id_key
    bool data_is_object = false;  ///< spans[data] holds Record::data_object's members()
    std::optional<Timestamp> time;
    int64_t archive = 0;
    int64_t tag = 0;
  };
  Span put(std::string_view v);
  void make(const Slots& row, Made& made) const;
  std::string text_;
  std::vector<Slots> rows_;
  std::string made_text_;  // what make_ahead() made
  size_t made_rows_ = 0;   // rows [0, made_rows_) are made
};

/// An open database.
class Store {
 public:
  enum class Mode { read_only, read_write };
  /// Opens (read_write: creating and migrating) the database; throws Error naming the path.
  Store(const std::string& path, Mode mode);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const { return path_; }
  /// The content-addressed media folder beside the database ("<stem>-media").
  std::string media_dir() const;
  sqlite3* handle() { return db_; }

  /// SQLite's page cache, per connection.
  static constexpr int page_cache_kib = 65536;
  /// About how many records' ids the id index holds within that page cache (a 32-character id,
  /// its rowid and the b-tree's overhead: ~48 bytes an entry). Past it, each row inserted at
  /// random (row by row) reads a page from disk.
  static constexpr int64_t ids_in_page_cache = int64_t{page_cache_kib} * 1024 / 48;
  /// A bulk load of new records pays into a store of up to this many times the rows guessed
  /// (begin()), within that page cache and past it.
  static constexpr int64_t bulk_within_cache = 4;
  static constexpr int64_t bulk_past_cache = 16;
  /// Begins the write transaction. With `bulk_allowed`, it is a bulk load when the store holds no
  /// records, or fewer rows than bulk_within_cache times `rows_coming` (the caller's guess of
  /// what it adds; bulk_past_cache times once the store's rows and those outgrow
  /// ids_in_page_cache; once only when the records may be `met_again`, in the store already): the
  /// indexes of `records` are dropped, and commit() builds them once, in the same transaction (a
  /// rollback or a crash leaves the store as it was), which costs less than that many random
  /// inserts into them. Rows are appended without looking for their id: the caller finds
  /// repeated ids once, with index_ids() and each_shared_id(), an earlier ingest's rows among
  /// them (written_before); a repeat left there makes commit() fail. A bulk load into a store
  /// that no other connection has open goes through the rollback journal, not the WAL, and holds
  /// the store's exclusive lock until commit(): readers wait for it (see journal_for_bulk()); so
  /// does a write that may turn into one (turn_bulk_after()). With `look_first` (met again,
  /// within the page cache), it is no bulk load at first even where the store holds fewer rows
  /// than come.
  void begin(bool bulk_allowed = false, int64_t rows_coming = 0, bool met_again = false, bool look_first = false);
  /// When a write began row by row only because its records may be met again (a bulk load of new
  /// records would have paid: see begin()), it may turn into one once its first rows show they
  /// are new: after at least turn_bulk_after() new rows, and few met again (the caller's rule; 0:
  /// never). An eighth of the rows held: by then the rows written have cost about what
  /// rebuilding the indexes over the store does (a turn that was wrong costs about as much again).
  static constexpr int64_t turn_bulk_min_rows = 16384;
  static constexpr int64_t turn_bulk_share = 8;  ///< of the rows the store held: the rows to see first
  int64_t turn_bulk_after() const { return turn_bulk_after_; }
  /// Turns the write transaction into a bulk load from the next row on, in the journal mode it
  /// began in (which cannot change inside a transaction: begin() chose the rollback journal for
  /// a write that may turn, if nobody else had the store open). The store's ids go into a filter
  /// first: a row whose id may be one of them is not appended but set aside (deferred_rows()),
  /// and inserted one by one after the load (end_bulk(), each_deferred()), where an earlier
  /// ingest's row is found as outside a bulk load. So the rows that do go in are new to the
  /// store, and a newer export whose new records came first costs a bulk load's index builds,
  /// not a search for its repeats.
  void turn_bulk();
  /// The rows set aside since turn_bulk().
  int64_t deferred_rows() const { return deferred_count_; }
  /// After index_ids() found no repeat: ends the bulk load now, building every index, rather than
  /// at commit(); the transaction goes on row by row.
  void end_bulk();
  /// The rows set aside, in the order they came, each with its tag (see insert_row): `fn(row,
  /// tag)`, the row's text valid during the call. Forgotten afterwards.
  void each_deferred(const std::function<void(const RowColumns& row, int64_t tag)>& fn);
  /// Makes a store just created a scratch copy that is thrown away or copied elsewhere once
  /// written (a policy's minimised store, a bundle's database before it goes into the bag): no
  /// journal on disk and no fsync, since a crash loses nothing worth keeping. Without
  /// `full_text_index`, the full-text index stays empty (`--search` finds nothing there), rows
  /// keep no `text`, and there is no `record_months` (readers then count from `records`).
  /// Rows are not checked for valid JSON: they come from records this program serialised.
  void make_scratch(bool full_text_index);
  /// Makes long statements stop: when `*flag` turns true (a signal) they end with Interrupted;
  /// after `timeout_seconds` (0 = none) with Error("... --timeout ..."). Uses sqlite3_progress_handler.
  void stop_when(const std::atomic<bool>* flag, double timeout_seconds = 0);
  /// A read transaction: every read until commit() sees the same snapshot, whatever other
  /// processes write meanwhile (exports that read the store twice rely on it).
  void begin_read();
  void commit();
  void rollback();

  /// The archives row for this SHA-256, created if new; returns its rowid.
  int64_t upsert_archive(const std::string& sha256, const std::string& name, const json& parts,
                         const std::string& platform, const std::string& importer, const std::string& now);
  /// Stores the outcome of an ingest on its archives row: counts, status, the importer version
  /// that read it and the run's summary (what a re-ingest that reads nothing reports).
  void finish_archive(int64_t rowid, int64_t records_new, int64_t records_seen, int64_t files, const std::string& status,
                      const std::string& importer_version = "", const json& summary = nullptr);
  /// The archives row of an archive set read whole ('ok') by this importer at this version, if any.
  std::optional<ArchiveRow> ingested(const std::string& sha256, const std::string& importer,
                                     const std::string& importer_version);
  /// The files rows of an archive, one at a time, in part and entry order (`missing` rows last).
  void each_file(int64_t archive_rowid, const std::function<void(FileRow&&)>& f);
  /// Inserts a record unless its id is present; true when it was new. In a bulk load (see
  /// begin()) every row is appended (true), repeated ids included: see index_ids().
  bool insert_record(const Record& r, int64_t archive_rowid);
  /// The same with `data` already serialised (JSON text of r.data), so it is not done twice.
  bool insert_record(const Record& r, int64_t archive_rowid, std::string_view data_json);
  /// In a bulk load: appends the batch's rows, in order (each is new: see insert_record).
  void insert_rows(const RowBatch& batch);
  /// insert_record() of a row made by RowBatch::row() already; `tag` is kept with a row a bulk
  /// load sets aside (turn_bulk()).
  bool insert_row(const RowColumns& row, int64_t tag = 0);
  /// Whether rows keep their indexed text (not in a scratch store without the full-text index).
  bool keeps_text() const { return row_text_; }
  /// True while a bulk load runs (see begin()).
  bool bulk() const { return bulk_; }
  /// True while the write transaction goes through SQLite's rollback journal, not the WAL (a
  /// new store, or a bulk load, or a write that may turn into one, into a store no other
  /// connection had open: see begin()).
  bool journaled() const { return in_tx_ && journal_until_commit_; }
  /// True for a records row that was there when the write transaction began (an earlier ingest's).
  bool written_before(int64_t rowid) const { return rowid > 0 && rowid <= last_old_rowid_; }
  /// Who wrote the row of an id: nobody yet, an earlier ingest, or the current write transaction.
  enum class IdSeen { absent, earlier, now };
  /// The row of an id: who wrote it, and its rowid (0 when absent).
  struct IdRow {
    IdSeen seen = IdSeen::absent;
    int64_t rowid = 0;
  };
  /// Finds the row of an id (outside a bulk load, which has no id index until index_ids()). While
  /// the ids asked for are found on consecutive rows (a newer export meets the rows in the order an
  /// earlier ingest wrote them), the row after the last one found is looked at first, by its
  /// rowid: that reads the table's pages in order, where a probe of the id index (random ids)
  /// reads one at random, from disk once the index outgrows the page cache.
  IdRow find_id(std::string_view id);
  /// How many of find_id()'s answers took a probe of the id index (the rest were the row guessed).
  int64_t id_index_probes() const { return id_index_probes_; }
  /// The records row at `rowid` when the current write transaction wrote it (not an earlier
  /// ingest's row), else nothing.
  std::optional<StoredRecord> written_now(int64_t rowid);
  /// For a row an earlier ingest wrote (find_id's rowid), met again in this transaction with
  /// content `digest`: whether that is the digest it came with the first time in this transaction
  /// (true the first time). Kept by rowid in memory, 8 bytes a row in pages of 1024 rows taken as
  /// needed, up to 64 MiB (8M rows); past that in a temporary table keyed by rowid, which SQLite
  /// spills to disk past 64 MiB: memory stays bounded whatever the count. Freed at commit.
  bool same_as_first(int64_t rowid, int64_t digest);
  /// In a bulk load: builds the unique index of ids now (one sort, which commit() would do anyway)
  /// and returns true, or returns false, leaving it unbuilt, when some id is on several rows.
  /// Outside a bulk load the index is there: true. The ids the load appended went through a
  /// filter (see start_load_ids()): when it took no more rows for repeats than it takes wrongly,
  /// the index is built at once; when it took more, the rows of those ids are looked for first,
  /// in one read of the load's rows, and false is returned only when some id is on several.
  bool index_ids();
  /// The rows of this write transaction whose ids index_ids() looked for alone, each maybe a
  /// repeat of an earlier row of the load (its filter's); 0 when it sorted every id instead.
  int64_t repeat_rows_checked() const { return repeat_rows_checked_; }
  /// Every row whose id another row also has, by id then rowid: `fn(rowid, id)`. The rows that
  /// index_ids() found through the load's filter, or else found through an index on id made for
  /// this and dropped after; the rowids and ids in a temporary table first (memory bounded).
  /// `fn` may read a row (record_at), give it another id (set_record_id)
  /// or have it removed (remove_later): the removals are done after the last row, in rowid order
  /// (a row read after it was queued is still there), and `removed` is told each one's kind.
  void each_shared_id(const std::function<void(int64_t rowid, const std::string& id)>& fn,
                      const std::function<void(const std::string& kind)>& removed);
  /// Queues a records row for removal at the end of each_shared_id() (only from its `fn`).
  void remove_later(int64_t rowid);
  /// The records row at `rowid` (it must be there).
  StoredRecord record_at(int64_t rowid);
  /// Removes a records row, and its words from the full-text index; returns its kind ("" when
  /// there was no such row).
  std::string delete_record(int64_t rowid);
  /// Gives a records row another id.
  void set_record_id(int64_t rowid, const std::string& id);
  /// Inserts or replaces a files row.
  void upsert_file(int64_t archive_rowid, const FileRow& f);
  /// Removes an archive's files rows, so a re-ingest writes the rows of this run only.
  void clear_files(int64_t archive_rowid);

  /// Records matching the filter, ordered by time (unknown last), then id.
  void each_record(const RecordFilter& f, const std::function<void(const Record&)>& fn);
  /// The same records as the store keeps them, without parsing their data: what dump_line(DumpRow)
  /// turns into the same line as dump_line(Record), several times faster (dumps and bundles).
  void each_dump_row(const RecordFilter& f, const std::function<void(const DumpRow&)>& fn);
  /// Runs one statement, calling fn per row. With `read_only_check`, refuses statements that write.
  void select(const std::string& sql, const std::vector<json>& params, const std::function<void(const Row&)>& fn,
              bool read_only_check = false);
  /// Every archives row, oldest first.
  std::vector<ArchiveRow> archives();
  /// Number of records.
  int64_t count_records();
  /// Whether `record_months` is there with the triggers that keep it exact, so that its counts are
  /// those of `records` (outside this connection's own write transaction, which may set them
  /// aside). False for a scratch store, and for one whose triggers were lost (the next read-write
  /// open counts it again: ensure_audit_aggregates).
  bool months_kept();

 private:
  void create_schema();
  void ensure_views(bool force = false);
  void ensure_audit_aggregates();
  struct MonthsState {
    bool table = false;
    int triggers = 0;  ///< of record_months' three
    bool slow = false;  ///< the delete or update trigger is the form that read every record of the kind
    bool kept = false;  ///< the table and all three triggers: what months_kept() says
  };
  MonthsState months_state();
  void migrate_files_v2();
  void migrate_text_v3();
  void migrate_ids_v4();
  void drop_retired_indexes();
  void start_bulk();
  void finish_bulk();
  void sort_in_small_runs(bool on);
  /// Puts the store in WAL mode, retrying for 5 s while another connection holds it: true once
  /// it is; false when it stayed busy and `must` is false (with `must` that throws, as does any
  /// other error).
  bool use_wal(bool must);
  sqlite3_stmt* prepare(const char* sql);
  void exec(const char* sql);
  std::string path_;
  sqlite3* db_ = nullptr;
  const std::atomic<bool>* stop_flag_ = nullptr;
  std::chrono::steady_clock::time_point deadline_{};
  bool has_deadline_ = false, timed_out_ = false;
  friend int store_progress(void*);
  void throw_if_locked() const;
  void throw_step_error(const std::string& where);
  bool write_row(const RowColumns& row, int64_t tag = 0);
  /// A Bloom filter of ids: no id added is missed, and a few others are taken for one (about 1%
  /// at 10 bits an id). A power of 2 of bits, from 512 to 2^28 (32 MiB).
  struct IdFilter {
    std::vector<uint64_t> words;
    uint64_t mask = 0;
    double hits_in_blocks = 0;  ///< (kept by add_seen() only) the sum of false_hit() over the blocks
    static constexpr int probes = 7;
    /// Empties it, sized for `ids` ids at `bits_per_id` bits each (at least `min_bits`).
    void size_for(uint64_t ids, uint64_t bits_per_id, uint64_t min_bits = 512);
    void add(std::string_view id);
    /// Where an id's bits are (and its block fetched from memory meanwhile).
    struct Bits {
      uint64_t block = 0, bits = 0;
    };
    Bits bits_of(std::string_view id) const;
    /// The next probe's word and bit of an id's bits_of().
    static std::pair<size_t, uint64_t> take_bit(Bits& b);
    /// add() of an id's bits_of(), saying whether the id may have been added before.
    bool add_seen(Bits b);
    /// How likely an id not added yet is taken for one now, from the bits set by add_seen() in
    /// each block of 512 (an id's probes are all in one).
    double false_hit() const;
    /// The chance that the probes' bits of a block are all set when `set` of its 512 are.
    static double all_set(int set);
    bool may_hold(std::string_view id) const;
    bool empty() const { return words.empty(); }
    void clear();
  };
  int64_t rows_coming_ = 0;  ///< begin()'s guess
  /// turn_bulk()'s: after how many new rows (begin()), the filter of the ids the store held, and
  /// the rows it set aside, in a temporary table.
  int64_t turn_bulk_after_ = 0;
  IdFilter old_ids_;
  void defer_row(const RowColumns& row, int64_t tag);
  sqlite3_stmt* defer_row_ = nullptr;
  int64_t deferred_count_ = 0;
  void forget_deferred();
  /// Finalizes the statement that writes a temporary table of this transaction's (when made)
  /// and drops the table.
  void drop_temp_table(sqlite3_stmt*& writer, const char* table);
  RowBatch one_row_;  ///< insert_record()'s row, reused
  sqlite3_stmt* insert_record_ = nullptr;
  sqlite3_stmt* insert_fts_ = nullptr;
  sqlite3_stmt* upsert_file_ = nullptr;
  sqlite3_stmt* insert_bulk_ = nullptr;
  sqlite3_stmt* row_at_ = nullptr;  ///< row_at()'s
  /// The records row at `rowid`, if there is one (written_now(), record_at()).
  std::optional<StoredRecord> row_at(int64_t rowid);
  sqlite3_stmt* find_id_ = nullptr;
  sqlite3_stmt* id_at_ = nullptr;  ///< find_id()'s look at the row guessed
  int64_t last_found_rowid_ = 0;   ///< find_id()'s last row found
  bool found_in_order_ = false;    ///< find_id()'s last two rows found were consecutive
  int64_t id_index_probes_ = 0;
  /// same_as_first()'s digests in memory: a page per 1024 rowids, made when one of them is met.
  struct MetPage {
    uint64_t met[1024 / 64] = {};  ///< a bit per rowid: its digest is there
    int64_t digest[1024] = {};
  };
  std::vector<std::unique_ptr<MetPage>> met_pages_;
  size_t met_pages_made_ = 0;
  sqlite3_stmt* met_rows_ = nullptr;  ///< same_as_first()'s upsert into the temporary table
  /// Forgets the rows met again (same_as_first), the guess of find_id and what turn_bulk() kept:
  /// a transaction starts with none.
  void forget_met();
  sqlite3_stmt* delete_record_ = nullptr;
  sqlite3_stmt* delete_fts_ = nullptr;  ///< delete_record()'s removal of the row's words
  sqlite3_stmt* set_record_id_ = nullptr;
  sqlite3_stmt* remove_later_ = nullptr;  ///< each_shared_id()'s queue of removals, while it runs
  /// A bulk load's ids as it appends them (note_load_id): the rows whose id may have come before
  /// in it (load_flagged_, of load_rows_) put their id in a temporary table, which each_shared_id()
  /// looks for instead of sorting every id. Forgotten once used, or at the end of the load.
  IdFilter load_ids_;
  int64_t load_rows_ = 0, load_flagged_ = 0;
  double load_false_hits_ = 0;  ///< how many of load_flagged_ are expected to be no repeat
  sqlite3_stmt* flag_repeat_ = nullptr;
  bool shared_found_ = false;  ///< index_ids() filled temp.shared_rows from them
  int64_t repeat_rows_checked_ = 0;
  void make_shared_tables();
  void start_load_ids(int64_t rows);
  void note_load_id(IdFilter::Bits bits, std::string_view id);
  void forget_load_ids();
  std::string id_index_sql_;    ///< the unique id index a bulk load builds in index_ids() or at commit
  int64_t last_old_rowid_ = 0;  ///< the highest records rowid when the write transaction began
  bool in_tx_ = false;
  bool bulk_ = false;
  bool bulk_on_empty_ = false;  ///< the bulk load began on a store without records
  bool small_runs_ = false;  ///< sort_in_small_runs(true) holds
  bool scratch_ = false;  // make_scratch(): check constraints stay off for good
  /// Written with a rollback journal until the next commit (or until the store is closed), then
  /// in WAL mode like every other: a store this connection made (see the constructor), or one a
  /// bulk load goes into while no other connection has it open (journal_for_bulk()).
  bool journal_until_commit_ = false;
  bool journal_for_bulk();
  bool row_text_ = true;     ///< rows keep their indexed text (false in a scratch store without the index)
  std::vector<std::string> deferred_indexes_;   ///< CREATE INDEX statements a bulk load runs at commit
  std::vector<std::string> deferred_triggers_;  ///< record_months' triggers, made again (and it filled) at commit
  /// record_months_insert's SQL while a write transaction outside a bulk load has set it aside
  /// (set_month_trigger_aside), made again at commit.
  std::string months_insert_trigger_;
  bool months_set_aside_ = false;  ///< this write transaction looked for the trigger already
  void set_month_trigger_aside();
  /// record_months as a bulk load counts it, row by row in memory (one entry per platform, kind
  /// and month: bounded by the calendar, not by the records), written at commit in place of a
  /// GROUP BY over every record.
  struct MonthTally {
    int64_t records = 0;
    std::string first, last;  ///< the least and greatest `time` ("" for the undated)
    bool dirty = false;       ///< a repeat removed after the load held its first or last time
  };
  std::unordered_map<std::string, MonthTally> months_;  ///< by platform '\0' kind '\0' month
  std::string month_key_;  ///< tally_month()'s key, reused
  /// The entry of months_ tally_month() met last, and its key: rows come in runs of one month.
  /// Cleared with months_ (clear_months()).
  MonthTally* last_month_ = nullptr;
  std::string last_month_key_;
  void clear_months();
  bool tally_months_ = false;
  void tally_month(std::string_view platform, std::string_view kind, std::string_view time, int sign);
  void write_months();
};

/// Turns user words into an FTS5 query: each word must appear ("a b" -> "\"a\" \"b\""), `lyo*`
/// matches a prefix, `lyon OR oslo` either word, "new york" (quoted) a phrase; nothing else is syntax.
std::string fts_query(const std::string& words);
/// The view of a kind: its name, or its plural where the name is an SQL keyword (group -> groups),
/// so that no view needs quoting.
std::string kind_view_name(std::string_view kind);

}  // namespace dataport
