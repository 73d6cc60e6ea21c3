// What the sections of `dataport audit` share (lib/audit.cc, lib/audit_where.cc): the report's
// scope as SQL, and small helpers over the store's JSON values. Internal to the audit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lib/audit.h"
#include "lib/store.h"

namespace dataport::audit_internal {

inline std::string str(const json& v) { return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump(); }
inline int64_t num(const json& v) { return v.is_number() ? v.get<int64_t>() : 0; }

// Keeps the earlier (first) or later (last) of two RFC 3339 UTC times; null never wins.
inline void widen(json& first, json& last, const json& lo, const json& hi) {
  if (lo.is_string() && (!first.is_string() || lo.get<std::string>() < first.get<std::string>())) first = lo;
  if (hi.is_string() && (!last.is_string() || hi.get<std::string>() > last.get<std::string>())) last = hi;
}

// What the report covers: the --platform and --since/--until of `query`, as SQL over `records`,
// and how many items a long list shows.
struct Scope {
  const AuditOptions& opt;
  // " AND platform IN (...) AND time_unix >= ? AND time_unix < ?" (the time bounds unless told not to).
  std::string where(std::vector<json>& params, bool with_time = true) const {
    std::string sql;
    if (!opt.filter.platforms.empty()) {
      sql += " AND platform IN (";
      for (size_t i = 0; i < opt.filter.platforms.size(); ++i) {
        sql += i ? ",?" : "?";
        params.push_back(opt.filter.platforms[i]);
      }
      sql += ")";
    }
    if (with_time && opt.filter.since) {
      sql += " AND time_unix >= ?";
      params.push_back(*opt.filter.since);
    }
    if (with_time && opt.filter.until) {
      sql += " AND time_unix < ?";
      params.push_back(*opt.filter.until);
    }
    return sql;
  }
  bool dated_only() const { return opt.filter.since || opt.filter.until; }
  size_t cap() const { return opt.max_items > 0 ? static_cast<size_t>(opt.max_items) : SIZE_MAX; }
  // Keeps the first cap() items of a list and says in `lists` how many there were.
  void cap_list(json& list, const char* name, json& lists) const {
    size_t total = list.size();
    if (total > cap()) list.erase(list.begin() + static_cast<std::ptrdiff_t>(cap()), list.end());
    lists[name] = {{"total", total}, {"shown", list.size()}};
  }
};

/// The "where" section: location records as heat-map cells and the most visited places, in one pass.
json locations(Store& store, const Scope& scope);

}  // namespace dataport::audit_internal
