// record_months as a write transaction keeps it: counted in memory as the rows go in, written at
// commit (Store::finish_bulk, Store::commit) in place of a GROUP BY over every record (a bulk
// load) or of an upsert per row by the insert trigger. lib/store.cc holds the rest.

#include <algorithm>
#include <optional>
#include <string>

#include "lib/store.h"
#include "lib/store_sql.h"
#include "lib/time.h"

namespace dataport {

using namespace store_sql;  // the helpers lib/store_sql.h shares between the store's files

void Store::clear_months() {
  months_.clear();
  last_month_ = nullptr;
}

// One record in (sign 1) or out (-1) of its month's tally. A record taken out whose time was the
// first or last of its month leaves that month's bounds unknown (another record may or may not
// share the time): write_months() asks the store for them.
void Store::tally_month(std::string_view platform, std::string_view kind, std::string_view time, int sign) {
  std::string& key = month_key_;  // reused: no allocation per record
  key.assign(platform);
  key += '\0';
  key.append(kind);
  key += '\0';
  key.append(time.substr(0, std::min<size_t>(time.size(), 7)));
  if (!last_month_ || key != last_month_key_) {
    last_month_ = &months_[key];  // a node: stays put as the map grows
    last_month_key_ = key;
  }
  MonthTally& m = *last_month_;
  if (sign < 0) {
    --m.records;
    if (time == m.first || time == m.last) m.dirty = true;
    return;
  }
  if (m.records++ == 0) {
    m.first = m.last = time;
  } else if (!time.empty()) {
    if (time < m.first) m.first = time;
    if (time > m.last) m.last = time;
  }
}

// record_months from the tally: what fill_record_months' GROUP BY gives (after a bulk load into an
// empty store emptied the table), or what the insert trigger would have added, without reading
// the records again. A month a removed repeat left unsure is counted again from the store, through
// records_kind_time (its kind, its span of time_unix), and that count replaces the month's row.
void Store::write_months() {
  Stmt ins, again, again_undated;
  // Added to what the table holds, as the insert trigger adds a row.
  ins.s = prepare(
      "INSERT INTO record_months(platform, kind, month, records, first, last) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
      "ON CONFLICT(platform, kind, month) DO UPDATE SET records = records + excluded.records, "
      "first = min(first, excluded.first), last = max(last, excluded.last)");
  for (const auto& [key, m] : months_) {
    size_t a = key.find('\0'), b = key.find('\0', a + 1);
    std::string_view k(key), platform = k.substr(0, a), kind = k.substr(a + 1, b - a - 1), month = k.substr(b + 1);
    if (m.dirty) {
      // Through the index on (kind, time_unix) where the month's span is known; the text of
      // `time` decides in every case.
      std::optional<int64_t> from = parse_bound(month, false), to = parse_bound(month, true);
      bool span = !month.empty() && from && to;
      Stmt& q = span ? again : again_undated;
      if (!q.s)
        q.s = prepare((std::string("INSERT OR REPLACE INTO record_months(platform, kind, month, records, first, last) "
                                   "SELECT ?1, ?2, ?3, count(*), min(time), max(time) FROM records WHERE kind = ?2 AND ") +
                       (span ? "time_unix >= ?4 AND time_unix < ?5 AND " : "") +
                       "platform = ?1 AND coalesce(substr(time, 1, 7), '') = ?3 GROUP BY kind")
                          .c_str());
      sqlite3_reset(q.s);
      bind_static(q.s, 1, platform);
      bind_static(q.s, 2, kind);
      bind_static(q.s, 3, month);
      if (span) {
        sqlite3_bind_int64(q.s, 4, *from);
        sqlite3_bind_int64(q.s, 5, *to);
      }
      if (sqlite3_step(q.s) != SQLITE_DONE) throw_step_error(path_);
      continue;
    }
    if (m.records <= 0) continue;
    sqlite3_reset(ins.s);
    bind_static(ins.s, 1, platform);
    bind_static(ins.s, 2, kind);
    bind_static(ins.s, 3, month);
    sqlite3_bind_int64(ins.s, 4, m.records);
    if (m.first.empty()) {
      sqlite3_bind_null(ins.s, 5);
      sqlite3_bind_null(ins.s, 6);
    } else {
      bind_static(ins.s, 5, m.first);
      bind_static(ins.s, 6, m.last);
    }
    if (sqlite3_step(ins.s) != SQLITE_DONE) throw_step_error(path_);
  }
  clear_months();
}

}  // namespace dataport
