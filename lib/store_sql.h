#pragma once
// What the store's own files share (lib/store.cc, lib/store_schema.cc, lib/store_months.cc):
// statement and column helpers. Not part of the store's interface; nothing outside lib/store*.cc
// includes it.

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "lib/text.h"

namespace dataport::store_sql {

inline constexpr int application_id = 0x44505254;  // "DPRT"

// Fills `record_months` from `records` (when a store first gets it, and after a bulk load).
inline constexpr const char* fill_record_months =
    "INSERT INTO record_months(platform, kind, month, records, first, last) "
    "SELECT platform, kind, coalesce(substr(time, 1, 7), ''), count(*), min(time), max(time) FROM records GROUP BY 1, 2, 3";

// An RAII statement for one-off queries.
struct Stmt {
  sqlite3_stmt* s = nullptr;
  ~Stmt() { sqlite3_finalize(s); }
};

// Text that outlives the statement's next step: SQLite reads it in place instead of copying it
// (the hot path: a record's dozen columns, data the largest).
inline void bind_static(sqlite3_stmt* s, int i, std::string_view v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}

inline void bind_text(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

// A text column, valid until the statement steps again.
inline std::string_view column_text(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? std::string_view(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(s, i)))
           : std::string_view();
}

inline std::string quote_ident(std::string_view s) { return "\"" + replace_all(std::string(s), "\"", "\"\"") + "\""; }

}  // namespace dataport::store_sql
