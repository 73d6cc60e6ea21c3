#include "ingest/pipeline.h"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <malloc.h>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "ingest/importers.h"
#include "lib/buffer.h"
#include "lib/error.h"
#include "lib/flat_map.h"
#include "lib/hash.h"
#include "lib/json_dump.h"
#include "lib/media.h"
#include "lib/places.h"
#include "lib/model.h"
#include "lib/stopwatch.h"
#include "lib/text.h"

namespace dataport {

namespace {

// A file's report as its row in `files` (the row adds the SHA-256 of a kept unknown file).
FileRow file_row(const FileReport& fr) {
  FileRow row;
  row.part = fr.part;
  row.entry = fr.entry;
  row.path = fr.path;
  row.size = fr.size;
  row.fate = fr.fate;
  row.note = fr.note;
  row.records = fr.records;
  return row;
}

}  // namespace

FileReport FileReport::unread(const Entry& e, std::string unknown) {
  FileReport fr;
  fr.path = e.path;
  fr.part = e.part;
  fr.entry = e.index;
  fr.size = e.size;
  fr.fate = Fate::ignored;
  if (empty_file(e)) {
    fr.note = "empty file (0 bytes): nothing to read";
  } else if (e.junk) {
    fr.note = "operating-system junk";
  } else if (e.link) {
    fr.note = "a link inside the archive; its target is read instead";
  } else if (e.container) {
    fr.note = "nested archive, opened: its entries are listed on their own";
  } else {
    fr.fate = Fate::unknown;
    fr.note = std::move(unknown);
  }
  return fr;
}

namespace {

// Writes an ingest's rows on a second thread, so that reading and parsing the archive (the
// importer's thread) overlap with the store's work: `write` is called there with each batch (a
// bulk load appends its rows; otherwise each row is looked up and inserted, see PipelineSink).
// Rows are appended to one batch while the writer writes the other; the two trade places when the
// one filled is full and the writer is done, so a hand-off (a lock and a wake-up) comes once per
// thousands of rows, and the batches' memory is reused, never freed on the other thread. An
// earlier writer thread handed whole Records across, and cost more CPU than it saved (34a6174).
// Rows go in the order they came, so the store holds what inserting on one thread holds, rowids
// included. Until drain(), the connection is the writer's. An error on the writer reaches the
// importer's thread at its next hand-off or at drain(); the destructor stops the writer and waits
// for it, so a run that fails rolls back only once the writer has let go of the connection.
class RowWriter {
 public:
  /// `idle` runs on the importer's thread at each hand-off, while the writer waits for its next
  /// batch: what the writer collected for that thread is safe to take then.
  RowWriter(std::function<void(const RowBatch&)> write, bool keep_text, std::function<void()> idle = nullptr)
      : write_(std::move(write)), idle_(std::move(idle)), keep_text_(keep_text), thread_([this] { run(); }) {}
  ~RowWriter() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    woken_.notify_all();
    thread_.join();
  }
  RowWriter(const RowWriter&) = delete;
  RowWriter& operator=(const RowWriter&) = delete;

  void add(const Record& r, int64_t archive_rowid, std::string_view data_json, int64_t tag = 0) {
    filling_.add(r, archive_rowid, data_json, keep_text_, tag);
    if (filling_.rows() >= batch_rows || filling_.bytes() >= batch_bytes) hand_over();
  }

  // Every row in the store and the writer idle: the connection is the caller's again (the
  // thread ends with the destructor).
  void drain() {
    hand_over();
    std::unique_lock<std::mutex> lock(mutex_);
    woken_.wait(lock, [&] { return !busy_; });
    rethrow_error();
    if (idle_) idle_();
  }

 private:
  static constexpr size_t batch_rows = 4096, batch_bytes = 4 << 20, make_ahead_rows = 32;

  void hand_over() {
    std::unique_lock<std::mutex> lock(mutex_);
    // While the writer is still busy, this thread makes the batch's ids, times and data texts
    // (RowBatch::make_ahead) instead of waiting: the writer's share of the work goes to whichever
    // thread is free. A few rows at a time, so the writer waits little once it is done.
    while (busy_ && filling_.unmade() > 0) {
      lock.unlock();
      filling_.make_ahead(make_ahead_rows);
      lock.lock();
    }
    woken_.wait(lock, [&] { return !busy_; });
    rethrow_error();
    if (idle_) idle_();
    if (filling_.rows() == 0) return;
    std::swap(filling_, writing_);
    busy_ = true;
    lock.unlock();
    woken_.notify_all();
    filling_.clear();
  }

  // With the lock held. The store's error as the pipeline reports one (OutputFailure: it stops
  // the run); anything else (Interrupted) as it came.
  void rethrow_error() {
    if (!error_) return;
    std::exception_ptr e = std::exchange(error_, nullptr);
    try {
      std::rethrow_exception(e);
    } catch (const Error& err) {
      throw OutputFailure{err};
    }
  }

  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      woken_.wait(lock, [&] { return busy_ || stop_; });
      if (stop_) return;
      lock.unlock();
      std::exception_ptr failed;
      try {
        write_(writing_);
      } catch (...) {
        failed = std::current_exception();
      }
      lock.lock();
      if (failed) {
        error_ = failed;
        stop_ = true;  // nothing more is written
      }
      busy_ = false;
      woken_.notify_all();
      if (stop_) return;
    }
  }

  std::function<void(const RowBatch&)> write_;
  std::function<void()> idle_;
  bool keep_text_;
  RowBatch filling_, writing_;  // the importer's thread's, and the writer's while busy_
  std::mutex mutex_;
  std::condition_variable woken_;
  bool busy_ = false, stop_ = false;
  std::exception_ptr error_;
  std::thread thread_;  // last: starts once the rest exists
};

// The seconds of a Stopwatch's lap, as --verbose says an ingest's phases took.
std::string lap_text(Stopwatch& watch) {
  char out[32];
  std::snprintf(out, sizeof out, "%.2f s", watch.lap());
  return out;
}

// The Sink that the pipeline hands to importers: writes into the store (or only counts).
class PipelineSink : public Sink {
 public:
  PipelineSink(const Archive& in, Store* store, MediaStore* media, int64_t archive_rowid, std::string sha256,
               const IngestOptions& opt, IngestResult& result, Log& log)
      : in_(in), store_(store), media_(media), archive_rowid_(archive_rowid), sha256_(std::move(sha256)),
        opt_(opt), result_(result), log_(log) {
    // Nothing waits for an insert's answer (it is only counted), so the store's work can go on
    // while the importer reads on: a bulk load appends every row (repeats are found after it);
    // otherwise the writer thread looks each row up and inserts it (write_rows), and counts it.
    if (store_ && std::thread::hardware_concurrency() > 1) {
      writer_bulk_ = store_->bulk();
      if (writer_bulk_)
        writer_ = std::make_unique<RowWriter>([store = store_](const RowBatch& b) { store->insert_rows(b); },
                                              store_->keeps_text());
      else
        writer_ = std::make_unique<RowWriter>([this](const RowBatch& b) { write_rows(b); }, store_->keeps_text(),
                                              [this] { take_writer_log(); });
    }
  }

  void add(Record r) override {
    check_interrupt();
    if (!is_record_kind(r.kind))
      throw Error(r.source.path, "internal: importer produced unknown kind \"" + r.kind + "\"");
    if ((r.id.empty() && r.id_key.empty()) || r.platform.empty())
      throw Error(r.source.path, "internal: record without id or platform");
    // A record keyed for its id (Record::id_key) gets it on the writer thread in a bulk load, the
    // second core's share of the work; here otherwise, where the id is looked up at once.
    if (!writer_) resolve_id(r);
    // A dump keeps the archive it first came from, so dump -> ingest -> dump is byte-identical.
    if (r.source.archive.empty()) r.source.archive = sha256_;
    // `data` is serialised once: what the store keeps, and (mostly) what tells items apart. Data
    // an importer wrote member by member (data_object) the store writes out itself, in a bulk
    // load on the writer thread; without a store, content_digest() writes what it compares.
    std::string data_json;
    if (r.data_object.empty()) data_json = dump_compact(r.data);
    note_replaced_text(r);
    // The same item again in this export (two renderings of one watch, a repeated row) is
    // present, not written twice. With a store, the store finds it (see insert()); memory per
    // record stays bounded.
    bool added = true;
    if (writer_ && !writer_bulk_) {
      // Looked up (or, once the store turns a bulk load, appended), written and counted on the
      // writer thread (write_rows); the store is that thread's until it is drained.
      writer_->add(r, archive_rowid_, data_json, static_cast<int64_t>(content_digest(r, data_json)));
      count_record(r.source.path);
      progress(r.source.path);
      return;
    }
    if (writer_) {
      writer_->add(r, archive_rowid_, data_json);
    } else if (store_) {
      try {
        added = insert(r, data_json);
      } catch (const Error& err) {
        throw OutputFailure{err};  // the store's failure, not this file's: it stops the run
      }
    } else {
      added = !keep_distinct(r, data_json);
    }
    tally(result_, r.kind, added);
    count_record(r.source.path);
    progress(r.source.path);
  }

  static void tally(IngestResult& res, std::string_view kind, bool added) {
    KindCount& k = res.kinds[std::string(kind)];
    if (added) {
      ++k.added;
      ++res.added;
    } else {
      ++k.present;
      ++res.present;
    }
  }

  void progress(const std::string& path) {
    ++records_seen_;
    if (opt_.progress && ++since_progress_ >= 4096) {
      since_progress_ = 0;
      opt_.progress(records_seen_, path);
    }
  }

  // On the writer thread, outside a bulk load: each row looked up and written as insert() does,
  // and counted, with what the importer's thread must say kept for it (take_writer_log).
  void write_rows(const RowBatch& batch) {
    // A store that may hold these records, whose first rows were new (but for a few, such as a
    // file both exports hold): the rest as a bulk load (Store::turn_bulk()), between two batches.
    // The rows met again so far stay known (Store::same_as_first), and those met after go in
    // row by row after the load: each one is compared with its first item of this run as before.
    int64_t turn_after = store_->turn_bulk_after();
    if (turn_after > 0 && rows_new_ >= turn_after && earlier_met_ <= rows_new_ / turn_bulk_met_share) {
      Stopwatch watch;
      store_->turn_bulk();
      last_present_ = false;  // no id index to look up until the load is over
      written_log_.push_back(in_.name() + ": a bulk load from here, after " + std::to_string(rows_new_) +
                             " new rows (the store's ids in a filter " + lap_text(watch) + ")");
    }
    if (store_->bulk()) {
      store_->insert_rows(batch);
      for (size_t i = 0; i < batch.rows(); ++i) tally(written_, batch.row_kind(i), true);
      return;
    }
    RowBatch::Made made;
    for (size_t i = 0; i < batch.rows(); ++i) {
      // While the records before were present (a newer export), the id alone is made and looked
      // up first: a record an earlier ingest wrote, met for the first time in this run or with
      // the same content, needs nothing else of its row (its data text, made on this thread).
      // Anything else goes the whole way, through insert_row(), which looks it up again.
      if (last_present_) {
        Store::IdRow found = store_->find_id(batch.row_id(i, made));
        if (found.seen == Store::IdSeen::earlier && store_->same_as_first(found.rowid, batch.tag(i))) {
          ++earlier_met_;
          tally(written_, batch.row_kind(i), false);
          continue;
        }
      }
      RowColumns row = batch.row(i, made);
      bool added = insert_row(row, batch.tag(i), written_, &written_log_);
      rows_new_ += added;
      tally(written_, row.kind, added);
    }
  }

  // On the importer's thread while the writer is idle: its counts and its debug lines.
  void take_writer_log() {
    for (const std::string& line : written_log_) log_.debug(line);
    written_log_.clear();
  }
  void take_writer_counts() {
    for (const auto& [kind, k] : written_.kinds) {
      KindCount& to = result_.kinds[kind];
      to.added += k.added;
      to.present += k.present;
    }
    result_.added += written_.added;
    result_.present += written_.present;
    result_.collisions += written_.collisions;
    written_ = IngestResult{};
  }

  MediaRef media(const Archive& in, const Entry& e) override {
    check_interrupt();
    EntryState& at = state_of(e);
    if (at.media >= 0) return media_ref(at.media);
    MediaRef ref;
    if (media_) {
      auto s = in.open(e);
      ref = media_->put(*s, e.path, !opt_.dry_run);
    } else {
      ref.size = e.size;
      ref.mime = sniff_mime(in.head(e, 64), e.path);
    }
    at.media = static_cast<int32_t>(media_refs_.size());
    media_refs_.push_back({ref.size, keep_media(ref), mime_index(ref.mime)});
    return ref;
  }

  MediaRef media_stream(Stream& s, std::string_view name) override {
    check_interrupt();
    if (!media_) return Sink::media_stream(s, name);
    MediaRef ref = media_->put(s, name, !opt_.dry_run);
    keep_media(ref);
    return ref;
  }

  void file(const Entry& e, Fate fate, std::string note) override {
    EntryState& at = state_of(e);
    at.fate = fate;
    at.has_fate = true;
    std::string_view kept = notes_.keep(note);
    at.note = kept.data();
    at.note_size = static_cast<uint32_t>(kept.size());
  }

  void missing(std::string_view path, std::string note) override {
    if (missing_index_.count(path)) return;
    auto [note_at, fresh] = missing_note_index_.try_emplace(std::move(note), static_cast<uint32_t>(missing_notes_.size()));
    if (fresh) missing_notes_.push_back(&note_at->first);
    std::string_view kept = missing_paths_.keep(path);
    missing_.push_back({kept.data(), static_cast<uint32_t>(kept.size()), note_at->second});
    missing_index_.insert(kept);
  }

  /// Every copy this run put in the media store: [[sha256, size], ...], in the order met.
  json media_summary() const {
    json out = json::array();
    for (const auto& [sha, size] : media_kept_) out.push_back(json::array({sha.hex(), size}));
    return out;
  }

  void check_interrupt() const {
    if (opt_.interrupted && opt_.interrupted->load()) throw Interrupted{in_.name()};
  }

  // After the importer: every entry gets a fate and a files row; unknown ones are kept.
  void finish(const std::string& platform) {
    Stopwatch watch;
    // Every row written: the connection is this thread's again (the few rows of unknown files
    // below are written here).
    if (writer_) {
      writer_->drain();
      writer_.reset();
      take_writer_counts();
    }
    std::string drained = lap_text(watch);
    for (const Entry& e : in_.entries()) {
      FileReport fr = FileReport::unread(e, "no importer understands it; kept as a file record");
      EntryState& at = state_of(e);
      if (at.has_fate && !FileReport::empty_file(e)) {
        fr.fate = at.fate;
        fr.note.assign(at.note, at.note_size);
      } else if (fr.fate == Fate::unknown) {
        keep_unknown(e, platform);
      }
      fr.records = records_of(e);
      if (auto bad = replaced_by_path_.find(e.path); bad != replaced_by_path_.end() && fr.fate == Fate::parsed) {
        fr.fate = Fate::partial;
        fr.note = std::to_string(bad->second) + " record(s) with invalid UTF-8 replaced" +
                  (fr.note.empty() ? "" : "; " + fr.note);
      }
      if (fr.fate == Fate::partial || fr.fate == Fate::failed || fr.fate == Fate::skipped) result_.partial = true;
      if (store_) {
        FileRow row = file_row(fr);
        if (fr.fate == Fate::unknown && at.media >= 0) row.sha256 = media_ref(at.media).sha256;
        store_->upsert_file(archive_rowid_, row);
      }
      report(std::move(fr));
    }
    // Files the export names but does not hold: a row each, after the entries, in the order
    // the importer met them.
    for (size_t i = 0; i < missing_.size(); ++i) {
      FileReport fr;
      fr.path.assign(missing_[i].path, missing_[i].path_size);
      fr.part = -1;
      fr.entry = static_cast<int64_t>(i);
      fr.fate = Fate::missing;
      fr.note = *missing_notes_[missing_[i].note];
      if (store_) store_->upsert_file(archive_rowid_, file_row(fr));
      report(std::move(fr));
    }
    std::string files = lap_text(watch);
    bool bulk = store_ && store_->bulk();
    resolve_bulk_repeats();
    std::string how;
    if (bulk && store_->repeat_rows_checked() > 0)
      how = " (the ids of " + std::to_string(store_->repeat_rows_checked()) + " rows that may repeat one, then the id index)";
    else if (bulk)
      how = " (with the id index)";
    std::string deferred = insert_deferred();
    log_.debug(in_.name() + ": the writer thread done " + drained + " after the importer, files rows " + files +
               ", repeats found " + lap_text(watch) + how + deferred);
    if (result_.collisions > 0)
      log_.note(std::to_string(result_.collisions) +
                " item(s) came with an id already used by a different item; each was kept under an id of its own");
  }

 private:
  void report(FileReport&& fr) {
    ++result_.fates[static_cast<size_t>(fr.fate)];
    if (opt_.file_reports) result_.files.push_back(std::move(fr));
  }

  void keep_unknown(const Entry& e, const std::string& platform) {
    MediaRef ref = media(in_, e);
    Record r = make_record("file", platform, e.path + "\n" + ref.sha256, e.path, "");
    r.data["path"] = e.path;
    r.data["size"] = ref.size;
    if (!ref.sha256.empty()) r.data["sha256"] = ref.sha256;
    r.data["mime"] = ref.mime;
    r.data["reason"] = "no importer understands this file";
    add(std::move(r));
  }

  // Per archive entry (state_of()): its verdict, the media copy made of it, the records read
  // from it. Maps of these by (part, index), each with its MediaRef, took about 350 bytes more a
  // photo and its sidecar (100k Google photos: 476 -> 441 MB at the peak); a std::string note
  // each and a map of record counts by path, about 200 bytes more a photo.
  struct EntryState {
    int64_t records = 0;          // counted at the first entry of its path (count_record())
    const char* note = nullptr;   // in notes_
    uint32_t note_size = 0;
    int32_t media = -1;  // in media_refs_
    Fate fate = Fate::unknown;
    bool has_fate = false;
  };
  struct StoredRef {
    int64_t size;
    int32_t kept;   // in media_kept_, -1 without a SHA-256 (a dry run that did not hash)
    uint16_t mime;  // in mimes_
  };

  // The copy's place in media_kept_ (added the first time its SHA-256 is met), or -1 without one.
  int32_t keep_media(const MediaRef& ref) {
    if (ref.sha256.empty()) return -1;
    std::optional<Sha256> sha = Sha256::parse(ref.sha256);
    if (!sha) throw Error(in_.name(), "internal: a media copy named by \"" + ref.sha256 + "\", not a SHA-256");
    if (auto it = media_kept_index_.find(sha->view()); it != media_kept_index_.end()) return it->second;
    media_kept_.emplace_back(*sha, ref.size);
    auto k = static_cast<int32_t>(media_kept_.size() - 1);
    media_kept_index_.emplace(media_kept_.back().first.view(), k);  // a deque's elements stay where they are
    return k;
  }

  uint16_t mime_index(const std::string& mime) {
    auto at = std::find(mimes_.begin(), mimes_.end(), mime);
    if (at != mimes_.end()) return static_cast<uint16_t>(at - mimes_.begin());
    mimes_.push_back(mime);
    return static_cast<uint16_t>(mimes_.size() - 1);
  }

  MediaRef media_ref(int32_t k) const {
    const StoredRef& m = media_refs_[static_cast<size_t>(k)];
    return {m.kept >= 0 ? media_kept_[static_cast<size_t>(m.kept)].first.hex() : std::string(), m.size, mimes_[m.mime]};
  }

  // What this run said of an entry, by the entry's place in the archive's list, which is fixed
  // once the archive is listed.
  EntryState& state_of(const Entry& e) {
    const std::vector<Entry>& all = in_.entries();
    std::less<const Entry*> before;  // a total order, also for a pointer into another array
    if (all.empty() || before(&e, all.data()) || !before(&e, all.data() + all.size()))
      throw Error(in_.name(), "internal: an importer named an entry of another archive (" + e.path + ")");
    return state_at(static_cast<size_t>(&e - all.data()));
  }
  EntryState& state_at(size_t i) {
    if (entry_states_.empty()) entry_states_.resize(in_.entries().size());
    return entry_states_[i];
  }

  // A record read from `path` counts for the files row of every entry at that path (a path may
  // be in two parts): the first of them in listing order keeps the count. Records come in runs
  // from one file, so a path is looked up once a run, in the entries sorted by path.
  void count_record(const std::string& path) {
    if (!counted_any_ || path != counted_path_) {
      counted_any_ = true;
      counted_path_ = path;
      counted_entry_ = first_entry_at(path);
    }
    if (counted_entry_) ++state_at(*counted_entry_).records;
  }
  std::optional<size_t> first_entry_at(std::string_view path) {
    const std::vector<Entry>& all = in_.entries();
    auto path_at = [&](uint32_t i) { return std::string_view(all[i].path); };
    if (by_path_.size() != all.size()) by_path_ = sorted_places(all.size(), path_at);
    auto at = places_of(by_path_, path, path_at);
    return at.empty() ? std::nullopt : std::optional<size_t>(at.front());
  }
  // The records read from e's path (count_record()).
  int64_t records_of(const Entry& e) {
    auto first = by_path_.empty() ? std::nullopt : first_entry_at(e.path);
    return first ? state_at(*first).records : 0;
  }

  const Archive& in_;
  Store* store_;
  MediaStore* media_;
  int64_t archive_rowid_;
  std::string sha256_;
  // Distinct in, distinct out: an id seen again in this run with different content is a
  // collision (an importer's key missed a field that tells the items apart), not a duplicate.
  // The later item is kept under an id derived from the first and its own content, so re-ingesting
  // the same export finds it again. Same content under the same id stays a duplicate.
  // What tells two items apart. Left out: `raw` (the source's own shape, which differs between
  // two renderings of one item, e.g. a watch in Takeout's MyActivity.html and in
  // watch-history.json) and the fraction of the time (one rendering drops it).
  // A repeat or a collision is compared on the tree: for data given member by member it is made
  // here, for the few records that need it (data_object stays: the row is still one without a
  // full-text entry).
  static std::string content_of(const Record& r) {
    const json made = !r.data_object.empty() && r.data.empty() ? json::parse(r.data_object.text()) : json();
    return content_of(r.kind, r.service, r.time ? std::optional<int64_t>(r.time->seconds) : std::nullopt,
                      made.is_null() ? r.data : made);
  }
  // The same of a row the store holds (its data is what the record's serialised to).
  static std::string content_of(const RowColumns& row) {
    return content_of(std::string(row.kind), row.service ? std::string(*row.service) : std::string(), row.time_unix,
                      json::parse(row.data));
  }
  static std::string content_of(const StoredRecord& row) {
    return content_of(row.kind, row.service, row.time_unix, json::parse(row.data));
  }
  static std::string content_of(const std::string& kind, const std::string& service, std::optional<int64_t> seconds,
                                const json& data) {
    std::string content = kind;
    content += '\0';
    content += service;
    content += '\0';
    if (seconds) content += std::to_string(*seconds);
    for (const auto& [key, value] : data.items()) {
      if (key == "raw" || key == "time_precision") continue;
      content += '\0';
      content += key;
      content += '=';
      content += dump_compact(value);
    }
    return content;
  }

  // Importers read text through one set of helpers that replace invalid UTF-8 with U+FFFD and
  // count each replacement, so what was replaced since the last record shows here, whoever read
  // it: the record keeps its text, the file becomes partial, and the first places of each file are
  // named (file and line or pointer). A U+FFFD that the source itself holds is text, not a repair.
  void note_replaced_text(const Record& r) {
    int64_t now = utf8_replacements();
    if (now == replacements_seen_) return;
    replacements_seen_ = now;
    int64_t& n = replaced_by_path_[r.source.path];
    if (++n <= 3)
      log_.partial(in_.name() + ": " + r.source.path + (r.source.pointer.empty() ? "" : ", " + r.source.pointer),
                   "invalid UTF-8 in the text; the bytes were replaced with U+FFFD");
  }

  // A digest of what content_of() holds, equal exactly when it is: the data as serialised without
  // `raw` and `time_precision` (the serialised data itself when the record has neither), written
  // from the members for data given member by member (never made a tree, nor copied).
  static uint64_t content_digest(const Record& r, const std::string& data_json) {
    std::string key = r.kind;
    key += '\0';
    key += r.service;
    key += '\0';
    if (r.time) key += std::to_string(r.time->seconds);
    key += '\0';
    if (!r.data_object.empty()) key += r.data_object.text_without({"raw", "time_precision"});
    else if (r.data.contains("raw") || r.data.contains("time_precision"))
      dump_compact_without(r.data, {"raw", "time_precision"}, key);
    else key += data_json;
    return std::hash<std::string>{}(key);
  }

  // Without a store (inspect): true when the record repeats one already seen in this run (same
  // id, same content), in memory.
  bool keep_distinct(Record& r, const std::string& data_json) {
    uint64_t digest = content_digest(r, data_json);
    std::string content;
    for (int attempt = 0;; ++attempt) {
      auto [first, fresh] = seen_.try_emplace(std::hash<std::string>{}(r.id), digest);
      if (fresh) return false;
      if (*first == digest) return true;
      if (content.empty()) content = content_of(r);
      r.id = collision_id(r.platform, r.kind, r.id, content, attempt, r.source.path, r.source.pointer, result_);
    }
  }

  // The id of an item that came under an id already naming a different item in this export:
  // derived from that id and the item's own content. Counted and said once per item.
  // `res` counts it; the line goes to `deferred` when given (the writer thread's), else to the log.
  std::string collision_id(std::string_view platform, std::string_view kind, const std::string& was,
                           const std::string& content, int attempt, std::string_view path, std::string_view pointer,
                           IngestResult& res, std::vector<std::string>* deferred = nullptr) {
    std::string id = make_record_id(platform, kind, "collision\n" + was + "\n" + content);
    if (attempt == 0) {
      ++res.collisions;
      std::string line = in_.name() + ": " + std::string(path) + (pointer.empty() ? "" : " " + std::string(pointer)) +
                         ": id " + was + " already names a different " + std::string(kind) + " in this export; kept as " + id;
      if (deferred) deferred->push_back(std::move(line));
      else log_.debug(line);
    }
    return id;
  }

  // Writes the record; false when it is present: an earlier ingest's item, or a repeat in this
  // run (same id, same content as the first item of that id in this run). A different item under
  // an id this run already used is a collision: kept under an id of its own. Outside a bulk load
  // the store finds the id's row (Store::find_id), and then compares with the row this run wrote
  // or, for an earlier ingest's row, with the digest it first came with in this run
  // (Store::same_as_first); a bulk load appends every row and resolve_bulk_repeats() finds them
  // all at the end.
  bool insert(Record& r, const std::string& data_json) {
    auto digest = static_cast<int64_t>(content_digest(r, data_json));
    one_row_.clear();
    one_row_.add(r, archive_rowid_, data_json, store_->keeps_text(), digest);
    return insert_row(one_row_.row(0, one_row_made_), digest, result_);
  }

  // insert() of a row (RowBatch::row), on whichever thread writes: `digest` is content_digest()
  // of its record, `res` and `deferred` what collision_id() counts and says.
  bool insert_row(RowColumns row, int64_t digest, IngestResult& res, std::vector<std::string>* deferred = nullptr) {
    std::string content, collided;  // the id a collision gave the row, which row.id then views
    for (int attempt = 0;; ++attempt) {
      // A record whose id is in the store already costs one look-up (Store::find_id) when that is
      // asked first, and an insert that finds the id taken otherwise (its row made, its JSON
      // checked): the look-up comes first while the records before were present (a newer export of
      // an account already in the store), the insert while they were new.
      Store::IdRow found;
      if (last_present_) found = store_->find_id(row.id);
      if (found.seen == Store::IdSeen::absent) {
        if (store_->insert_row(row, digest)) {
          last_present_ = false;
          return true;
        }
        found = store_->find_id(row.id);
      }
      bool same;
      if (found.seen == Store::IdSeen::now) {
        std::optional<StoredRecord> first = store_->written_now(found.rowid);
        if (!first) throw Error(store_->path(), "internal: the row of id " + std::string(row.id) + " is gone");
        if (content.empty()) content = content_of(row);
        same = content_of(*first) == content;
      } else {
        // An earlier ingest's id: only this run's first item of the id is compared with, by
        // content_digest(), which needs no tree (content_of() parsed and wrote out every one).
        // A newer export of Records.json (200 MB, 630k fixes, all in the store) took 8.2 s when
        // each record was inserted first and compared by content_of(); 2.6 s with the look-up
        // first and the digests in memory; 1.8 s with find_id() reading the rows in order and
        // same_as_first() keyed by rowid (2 GB, 6.3M fixes: 69 -> 17 s).
        same = store_->same_as_first(found.rowid, digest);
        ++earlier_met_;
      }
      if (same) {
        last_present_ = true;
        return false;
      }
      if (content.empty()) content = content_of(row);
      collided = collision_id(row.platform, row.kind, std::string(row.id), content, attempt, row.source_path,
                              row.source_pointer, res, deferred);
      row.id = collided;
    }
  }

  // After a bulk load: each row whose id an earlier row has is a repeat (same content as the first
  // of this run: removed, counted present) or a collision (kept under an id of its own), exactly as
  // insert() decides one at a time. Building the id index tells whether there is any (or the
  // load's filter of ids, Store::index_ids()); when there is, one pass over the rows sharing an
  // id (Store::each_shared_id: bounded memory), and again while it leaves any. In a
  // store that had records, an earlier ingest's row comes first in its group (the lowest rowid)
  // and stays: this run's first item of its id is present whatever its content, as
  // Store::same_as_first() has it, and the items after are compared with that first one. A
  // collision's id an earlier ingest already gave (the same export again) is such a group on the
  // next pass.
  void resolve_bulk_repeats() {
    if (!store_ || !store_->bulk()) return;
    while (!store_->index_ids()) {
      std::string group;                          // the id being resolved
      bool earlier_first = false;                 // its first row is an earlier ingest's
      std::map<std::string, std::string> taken;   // id -> content of this run's first row (one group's ids)
      // In a group led by an earlier row, this run's first item is present whatever its content:
      // neither row is read, and the item's content is taken only when another of the id follows
      // (most groups are the pair). A row queued for removal is there until the last is given.
      std::optional<int64_t> run_first;
      store_->each_shared_id(
          [&](int64_t rowid, const std::string& shared_id) {
            check_interrupt();  // (a pass over millions of rows: Ctrl-C rolls back now, not after it)
            if (shared_id != group) {
              group = shared_id;
              taken.clear();
              run_first.reset();
              earlier_first = store_->written_before(rowid);
              if (!earlier_first) taken.emplace(group, content_of(store_->record_at(rowid)));
              return;
            }
            if (store_->written_before(rowid))  // the store's ids were unique before this run
              throw Error(store_->path(), "internal: the id " + group + " is on two rows of earlier ingests");
            if (earlier_first && !run_first) {
              run_first = rowid;
              store_->remove_later(rowid);
              return;
            }
            if (run_first && taken.empty()) taken.emplace(group, content_of(store_->record_at(*run_first)));
            StoredRecord row = store_->record_at(rowid);
            std::string content = content_of(row);
            std::string id = row.id;
            for (int attempt = 0;; ++attempt) {
              auto [it, fresh] = taken.try_emplace(id, content);
              if (fresh) {  // (a group led by an earlier row has its own id taken by now)
                store_->set_record_id(row.rowid, id);
                return;
              }
              if (it->second == content) {
                store_->remove_later(row.rowid);
                return;
              }
              id = collision_id(row.platform, row.kind, id, content, attempt, row.source_path, row.source_pointer,
                                result_);
            }
          },
          [&](const std::string& kind) { present_after_all(kind); });  // a repeat removed
    }
  }

  // A row counted added that was not (a repeat found after a bulk load): present.
  void present_after_all(std::string_view kind) {
    KindCount& k = result_.kinds[std::string(kind)];
    --k.added;
    ++k.present;
    --result_.added;
    ++result_.present;
  }

  // After a bulk load that began row by row (Store::turn_bulk()) and its repeats: the rows it set
  // aside, whose ids the store may have held, each inserted as outside a bulk load (counted added
  // when set aside). What the log says of them.
  std::string insert_deferred() {
    if (!store_ || store_->deferred_rows() == 0) return "";
    Stopwatch watch;
    int64_t rows = store_->deferred_rows(), present = 0;
    store_->end_bulk();
#ifdef __GLIBC__
    // The index builds' sorter freed its runs, but glibc keeps what the helper thread's arena
    // held; the look-ups below fill the page cache again on top of it: Records.json of 200 MB
    // turned into a bulk load, peak 151 -> 97 MB.
    malloc_trim(0);
#endif
    last_present_ = true;  // most are, and are found in the order an earlier ingest wrote them
    store_->each_deferred([&](const RowColumns& row, int64_t digest) {
      check_interrupt();
      if (insert_row(row, digest, result_)) return;
      ++present;
      present_after_all(row.kind);
    });
    return ", " + std::to_string(rows) + " rows set aside by the load inserted " + lap_text(watch) + " (" +
           std::to_string(present) + " present)";
  }

  const IngestOptions& opt_;
  IngestResult& result_;
  Log& log_;
  FlatU64Map seen_;  // without a store: hash of id -> hash of content
  bool last_present_ = false;  // insert(): the last record was in the store already
  // Rows written new, and rows found that an earlier ingest wrote, before a bulk load (write_rows),
  // which it turns into with at most one met again for this many new.
  int64_t rows_new_ = 0;
  int64_t earlier_met_ = 0;
  static constexpr int64_t turn_bulk_met_share = 32;
  // The files the export names and does not hold, each once, in the order met. Most share their
  // note (one per importer, or per file naming them), which is kept once. (A Messenger download
  // naming a million photos it lacks took 858 MB at the peak with a copy of the note and two of
  // the path each, and a FileReport each; 309 MB with a std::string each; 263 MB with the paths
  // in an arena.)
  struct Missing {
    const char* path;  // in missing_paths_
    uint32_t path_size;
    uint32_t note;  // in missing_notes_
  };
  std::deque<Missing> missing_;
  TextArena missing_paths_;
  std::unordered_set<std::string_view> missing_index_;  // views of missing_paths_
  std::unordered_map<std::string, uint32_t> missing_note_index_;
  std::vector<const std::string*> missing_notes_;  // the keys of missing_note_index_, by number
  std::map<std::string, int64_t> replaced_by_path_;  // records with repaired text, per source path
  int64_t replacements_seen_ = utf8_replacements();   // the thread's count at the last record
  std::vector<EntryState> entry_states_;  // sized on first use
  std::vector<StoredRef> media_refs_;
  std::vector<std::string> mimes_;  // the distinct types met (sniff_mime's table: a few dozen)
  std::vector<uint32_t> by_path_;  // places in the archive's list, sorted by path; made on the first record
  std::string counted_path_;       // the path of the last record (count_record())
  std::optional<size_t> counted_entry_;
  bool counted_any_ = false;
  TextArena notes_;  // the entries' notes
  std::deque<std::pair<Sha256, int64_t>> media_kept_;  // digest, size, each once, in the order met
  std::unordered_map<std::string_view, int32_t> media_kept_index_;  // digest (a view of media_kept_) -> place
  int64_t since_progress_ = 0;
  int64_t records_seen_ = 0;  // records added, for the progress callback
  RowBatch one_row_;          // insert()'s row, reused
  RowBatch::Made one_row_made_;
  // The writer thread's outside a bulk load (write_rows): its counts and its debug lines, taken by
  // the importer's thread while it is idle (take_writer_counts, take_writer_log).
  IngestResult written_;
  std::vector<std::string> written_log_;
  bool writer_bulk_ = false;  // the writer thread appends (a bulk load from the start)
  std::unique_ptr<RowWriter> writer_;  // last: stopped and joined first, before what it uses goes
};

// True when every media copy an earlier ingest made is still in the media store at its size:
// a re-ingest that reads nothing must not leave a deleted or damaged copy unrepaired (a copy
// changed without changing size is found by `verify`, and repaired by `ingest --force`).
bool media_intact(const Store& store, const json& summary) {
  if (!summary.contains("media")) return false;
  MediaStore media(store.media_dir());
  for (const json& m : summary["media"]) {
    if (!m.is_array() || m.size() != 2 || !m[0].is_string() || !m[1].is_number_integer()) return false;
    std::error_code ec;
    auto size = std::filesystem::file_size(media.path_of(m[0].get<std::string>()), ec);
    if (ec || static_cast<int64_t>(size) != m[1].get<int64_t>()) return false;
  }
  return true;
}

// The result of an earlier ingest of the same archive set, from its archives and files rows.
IngestResult earlier_result(Store& store, const ArchiveRow& a, const IngestOptions& opt, IngestResult result) {
  result.already_ingested = a.last_ingested;
  if (const json* kinds = a.summary.contains("kinds") ? &a.summary["kinds"] : nullptr)
    for (const auto& [kind, n] : kinds->items()) {
      if (!n.is_number_integer()) continue;
      result.kinds[kind].present = n.get<int64_t>();
      result.present += n.get<int64_t>();
    }
  result.collisions = a.summary.value("collisions", int64_t{0});
  store.each_file(a.rowid, [&](FileRow&& f) {
    ++result.fates[static_cast<size_t>(f.fate)];
    if (opt.file_reports)
      result.files.push_back(FileReport{std::move(f.path), f.part, f.entry, f.size, f.fate, std::move(f.note), f.records});
  });
  return result;
}

}  // namespace

std::string importer_version() { return std::string(DATAPORT_VERSION) + " model " + std::to_string(record_model_version); }

namespace {

// Which of these media SHA-256s a store row names: a record's data ("sha256":"...", in the
// compact JSON the store keeps) or a kept file's row. One pass, only after a killed run.
std::set<std::string> referenced_media(Store& store, const std::set<std::string>& named) {
  std::set<std::string> found;
  store.select("SELECT sha256 FROM files WHERE sha256 IS NOT NULL", {}, [&](const Row& r) {
    if (r.values[0].is_string() && named.count(r.values[0].get<std::string>())) found.insert(r.values[0].get<std::string>());
  });
  static const std::string key = "\"sha256\":\"";
  store.select("SELECT data FROM records WHERE instr(data, '\"sha256\"') > 0", {}, [&](const Row& r) {
    if (!r.values[0].is_string()) return;
    const std::string& d = r.values[0].get_ref<const std::string&>();
    for (size_t at = d.find(key); at != std::string::npos; at = d.find(key, at + 1)) {
      std::string sha = d.substr(at + key.size(), 64);
      if (named.count(sha)) found.insert(sha);
    }
  });
  return found;
}

}  // namespace

// One record a file, and one for each KiB of the text that records come from in numbers (JSON,
// CSV, HTML, mbox...): a guess that errs low (Records.json has a fix for each 320 bytes, the
// Facebook export a record for each 400), so that a store is bulk-loaded only when it holds fewer
// rows than a few times that (Store::bulk_within_cache, bulk_past_cache; once for records met
// again), and rebuilding its indexes costs less than the random inserts into them.
//
// A store holding an archive the same importer read (a newer export of the account, or another
// account's) is row by row while its id index stays within the page cache, and a bulk load, when
// the store is small next to the export, past it. Row by row then costs a disk read a row:
// Records.json 2 GB into the store of its first 200 MB, 57.0 s row by row, 32.8 s as a bulk load.
// Within the cache the look-ups cost little, and a bulk load that meets text again pays its
// full-text rows twice (in, then out): LinkedIn, 500k records into the store of its first 63k,
// 4.8-5.1 s row by row, 5.0-5.2 s as a bulk load (through the rollback journal; 6.0-6.3 s when
// it went through the WAL), so row by row first; it turns into a bulk load once the first
// records prove new (Store::turn_bulk(), RowsComing::look_first).
// A mail is counted a 16 KiB (the bench's Gmail mbox holds one a 13 KiB, attachments included): a
// KiB each made a 1 GB mbox (77k mails) a million records.
RowsComing rows_coming(const Archive& in, Store& store, const std::string& importer) {
  static const std::set<std::string, std::less<>> text{"json", "js", "csv", "tsv", "txt", "html", "htm",
                                                       "ndjson", "jsonl", "xml", "ics", "vcf"};
  int64_t rows = 0;
  for (const Entry& e : in.entries()) {
    if (e.junk || e.link || e.container) continue;
    ++rows;
    size_t slash = e.path.rfind('/'), dot = e.path.rfind('.');
    if (e.size <= 0 || dot == std::string::npos || (slash != std::string::npos && dot < slash)) continue;
    std::string ext = lower(std::string_view(e.path).substr(dot + 1));
    if (ext == "mbox") rows += e.size / (16 * 1024);
    else if (text.count(ext)) rows += e.size / 1024;
  }
  // dataport's own output (a dump, a bundle) carries records of any platform: what it brings,
  // or what it brought, may be what another importer reads.
  bool own_output = importer == "dump" || importer == "bundle";
  bool read_before = false;  // (not through archives(), which parses every run's summary)
  bool own_output_held = false;
  int64_t held = 0;          // (max(rowid): one seek, and at least the number of rows)
  store.select("SELECT EXISTS (SELECT 1 FROM archives WHERE importer = ?1), "
               "EXISTS (SELECT 1 FROM archives WHERE importer IN ('dump', 'bundle')), "
               "(SELECT coalesce(max(rowid), 0) FROM records)",
               {importer}, [&](const Row& r) {
                 read_before = r.values[0].get<int64_t>() != 0;
                 own_output_held = r.values[1].get<int64_t>() != 0;
                 held = r.values[2].get<int64_t>();
               });
  return {rows, read_before || own_output_held || (own_output && held > 0),
          read_before && held + rows <= Store::ids_in_page_cache};
}

IngestResult run_ingest(const Archive& in, Store* store, const IngestOptions& opt, Log& log) {
  IngestResult result;
  bool any = false;
  for (const Entry& e : in.entries()) any = any || (!e.junk && !e.link);
  if (!any) throw Error(in.name(), "is empty: there are no files to read");
  Detection d = detect(in, opt.from);
  result.importer = d.chosen->name;
  result.scores = d.scores;
  const Archive::Digest& digest = in.digest();
  result.archive_sha256 = digest.set;
  json parts = json::array();
  for (size_t i = 0; i < digest.parts.size(); ++i)
    parts.push_back({{"path", digest.parts[i].first}, {"sha256", digest.parts[i].second}, {"size", digest.sizes[i]}});

  // Read whole before by this importer version: the same SHA-256 reads the same way.
  if (store && !opt.force)
    if (auto earlier = store->ingested(digest.set, d.chosen->name, importer_version());
        earlier && media_intact(*store, earlier->summary)) {
      result.bytes_read = in.bytes_read();
      return earlier_result(*store, *earlier, opt, std::move(result));
    }

  std::unique_ptr<MediaStore> media;
  if (store) media = std::make_unique<MediaStore>(store->media_dir());
  int64_t rowid = 0;
  if (store) {
    RowsComing coming = rows_coming(in, *store, d.chosen->name);
    store->begin(true, coming.rows, coming.met_again, coming.look_first);
    if (store->bulk())
      log.debug(in.name() + ": a bulk load (about " + std::to_string(coming.rows) +
                " records coming): the indexes of records are built once the rows are in" +
                (store->journaled() ? "; written through the rollback journal, readers wait for the commit" : ""));
    else if (store->turn_bulk_after() > 0)
      log.debug(in.name() + ": row by row (about " + std::to_string(coming.rows) +
                " records coming, which the store may hold), a bulk load once the first " +
                std::to_string(store->turn_bulk_after()) + " are new");
    // What a killed run left under final names and no row names goes now that no other run can
    // be between its renames and its commit (we hold the write lock).
    if (!opt.dry_run) {
      try {
        int64_t swept = media->sweep_staged([&](const std::set<std::string>& named) { return referenced_media(*store, named); });
        if (swept) log.note("removed " + std::to_string(swept) + " media file(s) that an interrupted run left behind");
      } catch (...) {
        store->rollback();
        throw;
      }
    }
  }
  try {
    if (store) rowid = store->upsert_archive(digest.set, in.name(), parts, d.chosen->name, d.chosen->name, opt.now);
    if (store) store->clear_files(rowid);
    PipelineSink sink(in, store, media.get(), rowid, digest.set, opt, result, log);
    Stopwatch watch;
    d.chosen->read(in, sink, log);
    log.debug(in.name() + ": read by the " + d.chosen->name + " importer in " + lap_text(watch));
    sink.finish(d.chosen->name);
    json media_summary = sink.media_summary();
    result.bytes_read = in.bytes_read();
    if (log.is_partial()) result.partial = true;
    if (opt.strict && log.warnings() > 0)
      throw Error(in.name(), std::to_string(log.warnings()) + " warning(s) with --strict; nothing was written");
    if (store) {
      json kinds = json::object();
      for (const auto& [kind, c] : result.kinds) kinds[kind] = c.added + c.present;
      store->finish_archive(rowid, result.added, result.added + result.present,
                            std::accumulate(result.fates.begin(), result.fates.end(), int64_t{0}),
                            result.partial ? "partial" : "ok",
                            importer_version(),
                            json{{"kinds", kinds}, {"collisions", result.collisions}, {"media", media_summary}});
      if (opt.dry_run) {
        store->rollback();
        media->discard_new();
      } else {
        // The last moment a signal can still undo the run; after COMMIT it is done, and said so.
        if (opt.interrupted && opt.interrupted->load()) throw Interrupted{in.name()};
        // The media and their names on disk before the rows that name them.
        media->sync();
        sync_folder(std::filesystem::absolute(store->path()).parent_path().string());
        watch.lap();
        store->commit();
        log.debug(in.name() + ": committed in " + lap_text(watch) + " (the other indexes, record_months, COMMIT)");
        media->keep_new();
      }
    }
  } catch (...) {
    if (store) {
      media->discard_new();  // first: a failing rollback must not leave the staged files behind
      try {
        store->rollback();
      } catch (const Error& e) {
        log.warn(store->path(), "rollback: " + e.message());  // the first error is the one to report
      }
    }
    throw;
  }
  return result;
}

}  // namespace dataport
