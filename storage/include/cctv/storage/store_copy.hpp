// SPDX-License-Identifier: Apache-2.0
// Copying an embedded store (SQLite) into another store, e.g. a PostgreSQL database, when a
// borough outgrows one machine (`cctv db migrate`): events, incidents with their history, the
// recording index, evidence, legal holds, the audit chain, exports and disclosures, the
// register and deployments, users. Console sessions are not copied (operators log in again).
// Rows keep their ids; a row already in the target is left as it is, so a copy interrupted or
// run twice ends the same. The audit chain is verified in the target afterwards.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cctv::storage {

struct TableCopied {
  std::string table;
  std::int64_t rows = 0;    // rows in the source
  std::int64_t copied = 0;  // of them, new in the target
};

struct CopyReport {
  std::vector<TableCopied> tables;
  std::vector<std::string> audit_problems;  // the target's audit chain, verified after the copy
};

// `progress(table, rows done, rows in all)` is called as each table goes. Throws
// std::runtime_error (naming the table) when a row cannot be written.
CopyReport copy_store(
    const std::string& from, const std::string& to,
    const std::function<void(const std::string&, std::int64_t, std::int64_t)>& progress = {});

}  // namespace cctv::storage
