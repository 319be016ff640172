// SPDX-License-Identifier: Apache-2.0
// Append-only, hash-chained record of who did what (logins, views, acknowledgements, exports,
// holds, deletions, config changes). Each row carries the SHA-256 of the previous row, so an
// edited, removed or inserted row breaks the chain and verify() names it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cctv/common/time.hpp"
#include "cctv/storage/schema.hpp"

namespace cctv::storage {

struct AuditEntry {
  std::int64_t seq = 0;  // 1, 2, 3, ... with no holes
  Timestamp ts{};
  std::string actor;      // user name, or "system"
  std::string action;     // e.g. "login", "incident.acknowledge", "recording.delete"
  std::string target;     // what it was done to (incident id, file path, camera, ...)
  std::string details;    // JSON object text
  std::string prev_hash;  // hash of the row before (64 zeros for the first)
  std::string hash;       // SHA-256 over this row's fields and prev_hash
};

struct AuditProblem {
  std::int64_t seq = 0;  // the row where the chain breaks
  std::string what;
};

// Rows of the log, newest first: all, or those whose actor, action, target or details contain
// `text` (any case); only rows before `before_seq` when it is set (the next page).
struct AuditQuery {
  std::string text;
  std::int64_t before_seq = 0;
  int limit = 200;
};

class AuditLog {
 public:
  explicit AuditLog(const std::string& db_path,
                    Access access = Access::write);  // throws std::runtime_error naming the path
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Safe from several threads and processes: the append is one immediate transaction.
  AuditEntry append(const std::string& actor, const std::string& action, const std::string& target,
                    const std::string& details_json = "{}");
  std::vector<AuditEntry> list(std::int64_t after_seq = 0, int limit = 1000) const;
  std::vector<AuditEntry> search(const AuditQuery& q) const;

  // Empty when the chain is intact.
  std::vector<AuditProblem> verify() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::storage
