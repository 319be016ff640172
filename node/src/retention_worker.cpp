// SPDX-License-Identifier: Apache-2.0
#include "retention_worker.hpp"

#include <spdlog/spdlog.h>

#include "cctv/node/data_layout.hpp"
#include "cctv/storage/retention.hpp"

namespace cctv::node {
namespace {}  // namespace

RetentionWorker::RetentionWorker(const config::Config& config, bus::Publisher* publisher)
    : data_dir_(config.storage.data_dir),
      store_(store_location(config.storage)),
      retention_days_(config.storage.retention_days),
      high_water_(config.storage.disk_high_water),
      low_water_(config.storage.disk_low_water),
      period_(std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::duration<double>(config.storage.retention_check_s))),
      publisher_(publisher),
      thread_([this](std::stop_token stop) { run(stop); }) {}

RetentionWorker::~RetentionWorker() {
  thread_.request_stop();
  thread_.join();
}

void RetentionWorker::run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    run_once();
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, period_, [] { return false; });
  }
}

void RetentionWorker::run_once() {
  try {
    const std::string dir = data_dir_;
    const auto report =
        storage::run_retention(store_,
                               {.retention_days = retention_days_,
                                .high_water = high_water_,
                                .low_water = low_water_,
                                .disk_used = [dir] { return storage::filesystem_used(dir); }},
                               now_utc());
    if (report.deleted) {
      spdlog::info("[retention] deleted {} segments ({} bytes); {} kept for legal holds",
                   report.deleted, report.bytes_freed, report.kept_for_holds);
    }
    if (!report.high_water) return;
    Event e;
    e.type = EventType::storage_high_water;
    e.camera = "";
    e.ts = now_utc();
    e.severity = Severity::alarm;
    e.message = "disk " + std::to_string(static_cast<int>(report.disk_used_before * 100)) +
                "% full; deleted " + std::to_string(report.deleted) +
                " oldest unheld segments, now " +
                std::to_string(static_cast<int>(report.disk_used_after * 100)) + "%";
    spdlog::error("[retention] {}", e.message);
    if (publisher_) publisher_->publish(e);
  } catch (const std::exception& e) {
    spdlog::error("[retention] failed, will retry in {} s: {}", period_.count() / 1000, e.what());
  }
}

}  // namespace cctv::node
