// SPDX-License-Identifier: Apache-2.0
// Hot redeployment in `cctv run`: watches the deployments register (written by `cctv deploy`
// or the console, perhaps from another process) and moves the running camera workers whose
// site changed; no other camera, and no pipeline, is restarted.
#pragma once

#include <functional>
#include <list>
#include <string>
#include <thread>

#include "camera_worker.hpp"
#include "cctv/config/config.hpp"
#include "cctv/storage/site_register.hpp"

namespace cctv::app {

class DeploymentFollower {
 public:
  // Polls every `period` until destroyed. `cameras` must outlive this.
  DeploymentFollower(const config::Config& config, const std::string& db_path,
                     std::list<CameraWorker>& cameras,
                     std::chrono::milliseconds period = std::chrono::milliseconds(500));
  ~DeploymentFollower();
  DeploymentFollower(const DeploymentFollower&) = delete;
  DeploymentFollower& operator=(const DeploymentFollower&) = delete;

 private:
  void apply();

  const config::Config& config_;
  storage::SiteRegister register_;
  std::list<CameraWorker>& cameras_;
  std::int64_t version_ = -1;
  std::jthread thread_;
};

}  // namespace cctv::app
