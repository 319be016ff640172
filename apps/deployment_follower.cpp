// SPDX-License-Identifier: Apache-2.0
#include "deployment_follower.hpp"

#include <condition_variable>
#include <mutex>

#include <spdlog/spdlog.h>

namespace cctv::app {

DeploymentFollower::DeploymentFollower(const config::Config& config, const std::string& db_path,
                                       std::list<CameraWorker>& cameras,
                                       std::chrono::milliseconds period)
    : config_(config), register_(db_path), cameras_(cameras) {
  thread_ = std::jthread([this, period](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      try {
        apply();
      } catch (const std::exception& e) {  // a busy or broken database: try again next time
        spdlog::warn("deployments: {}", e.what());
      }
      std::unique_lock lock(mutex);
      wake.wait_for(lock, stop, period, [] { return false; });
    }
  });
}

DeploymentFollower::~DeploymentFollower() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void DeploymentFollower::apply() {
  const std::int64_t version = register_.version();
  if (version == version_) return;
  version_ = version;
  const auto sites = register_.current_sites();
  for (CameraWorker& worker : cameras_) {
    const auto it = sites.find(worker.id());
    if (it == sites.end() || it->second == worker.site()) continue;
    worker.move_to(it->second, config_.zones_at(worker.id(), it->second));
  }
}

}  // namespace cctv::app
