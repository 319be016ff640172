// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/retention.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/legal_holds.hpp"
#include "cctv/storage/recording_index.hpp"

namespace cctv::storage {
namespace {

constexpr int kBatch = 200;

class Reaper {
 public:
  Reaper(const std::string& db_path, RetentionReport& report)
      : index_(db_path), holds_(db_path), audit_(db_path), report_(report) {}

  // Deletes unheld recordings that `fetch(n)` lists (oldest first, n at most) while `more()`
  // says so. Held ones stay in the index, at the front of every later fetch: skip past them.
  template <typename Fetch, typename More>
  void sweep(Fetch fetch, const char* reason, More more) {
    int held = 0;
    for (;;) {
      const std::vector<Recording> batch = fetch(held + kBatch);
      if (static_cast<int>(batch.size()) <= held) return;
      for (auto it = batch.begin() + held; it != batch.end(); ++it) {
        if (!more()) return;
        if (holds_.covers(it->camera, it->start, it->end)) {
          ++held;
          ++report_.kept_for_holds;
        } else {
          remove(*it, reason);
        }
      }
    }
  }

  RecordingIndex& index() { return index_; }

 private:
  void remove(const Recording& r, const char* reason) {
    audit_.append("system", "recording.delete", r.path,
                  nlohmann::json{{"camera", r.camera}, {"start", format_utc(r.start)}, {"end", format_utc(r.end)},
                                 {"bytes", r.bytes}, {"sha256", r.sha256}, {"reason", reason}}
                      .dump());
    std::error_code ec;
    if (!std::filesystem::remove(r.path, ec)) report_.missing_files.push_back(r.path);
    index_.remove(r.path);
    ++report_.deleted;
    report_.bytes_freed += r.bytes;
  }

  RecordingIndex index_;
  LegalHolds holds_;
  AuditLog audit_;
  RetentionReport& report_;
};

}  // namespace

double filesystem_used(const std::string& dir) {
  const auto space = std::filesystem::space(dir);
  return space.capacity ? 1.0 - static_cast<double>(space.available) / static_cast<double>(space.capacity) : 0.0;
}

RetentionReport run_retention(const std::string& db_path, const RetentionParams& params, Timestamp now) {
  RetentionReport report;
  Reaper reaper(db_path, report);
  const Timestamp cutoff = now - std::chrono::days(params.retention_days);
  RecordingIndex& index = reaper.index();
  reaper.sweep([&](int n) { return index.oldest(n, cutoff); }, "retention", [] { return true; });
  report.disk_used_before = params.disk_used ? params.disk_used() : 0.0;
  report.high_water = report.disk_used_before > params.high_water;
  if (report.high_water) {
    reaper.sweep([&](int n) { return index.oldest(n); }, "disk high-water",
                 [&] { return params.disk_used() > params.low_water; });
  }
  report.disk_used_after = params.disk_used ? params.disk_used() : 0.0;
  return report;
}

}  // namespace cctv::storage
