// SPDX-License-Identifier: Apache-2.0
// Private: builds approved export requests in the background, one at a time, on its own
// thread, reporting progress into the request's row. Woken when a request is approved; at
// start it also picks up builds a restart interrupted.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>

#include "cctv/config/config.hpp"
#include "cctv/storage/export_key.hpp"
#include "cctv/storage/export_requests.hpp"

namespace cctv::node {

struct ExportWorkerParams {
  std::string db_path;
  std::filesystem::path data_dir;          // packages go to <data_dir>/exports
  const config::Config* config = nullptr;  // cameras' sites and locations
  std::string system;                      // the installation's name in manifests
  // Told after a request's row changed (building, progress, built, failed), to announce it.
  std::function<void(std::int64_t request_id)> changed = [](std::int64_t) {};
};

class ExportWorker {
 public:
  ExportWorker(ExportWorkerParams params, storage::ExportRequests& requests,
               const storage::ExportKey& key);
  ~ExportWorker();  // finishes the build under way, then stops
  ExportWorker(const ExportWorker&) = delete;
  ExportWorker& operator=(const ExportWorker&) = delete;

  void wake();  // a request was approved

 private:
  void run(std::stop_token stop);
  void build(const storage::ExportRequest& request);

  ExportWorkerParams params_;
  storage::ExportRequests& requests_;
  const storage::ExportKey& key_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool pending_ = true;  // look at start: approved requests may be waiting
  std::jthread thread_;
};

// "<id>-<reference with anything but [A-Za-z0-9_-] as '_'>"
std::string package_name(std::int64_t id, const std::string& reference);

}  // namespace cctv::node
