// SPDX-License-Identifier: Apache-2.0
// Retention: recordings older than retention_days are deleted; so is the oldest footage when
// the disk passes a high-water mark. Footage under a legal hold is never deleted. Every
// deletion is written to the audit log before the file goes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cctv/common/time.hpp"

namespace cctv::storage {

struct RetentionParams {
  int retention_days = 31;  // 1..3650
  double high_water = 0.90;  // disk use (0..1) above which the oldest unheld footage goes
  double low_water = 0.85;  // ... until use is back below this
  // Share of the disk in use; the real one reads the data directory's file system.
  std::function<double()> disk_used;
};

struct RetentionReport {
  int deleted = 0;
  std::int64_t bytes_freed = 0;
  int kept_for_holds = 0;  // old enough to delete, but held
  bool high_water = false;  // the disk was above the high-water mark
  double disk_used_before = 0;
  double disk_used_after = 0;
  std::vector<std::string> missing_files;  // indexed but already gone from disk (rows removed)
};

// Disk use of the file system holding `dir`, 0..1.
double filesystem_used(const std::string& dir);

RetentionReport run_retention(const std::string& db_path, const RetentionParams& params, Timestamp now);

}  // namespace cctv::storage
