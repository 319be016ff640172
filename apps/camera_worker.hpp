// SPDX-License-Identifier: Apache-2.0
// One camera in `cctv run`: its source feeds its analytics, whose events go on the bus.
#pragma once

#include <memory>
#include <thread>

#include "cctv/analytics/camera_analytics.hpp"
#include "cctv/bus/publisher.hpp"
#include "cctv/capture/source.hpp"
#include "cctv/config/config.hpp"

namespace cctv::app {

class CameraWorker final : public capture::FrameSink {
 public:
  CameraWorker(const config::Config& config, const config::Camera& camera, bus::Publisher& publisher);
  ~CameraWorker() override;  // stops and joins

  void on_frame(const capture::Frame& frame) override;

 private:
  void run(std::stop_token stop);
  void publish_error(const std::string& message);

  config::Camera camera_;
  std::string site_;
  bus::Publisher& publisher_;
  std::unique_ptr<analytics::CameraAnalytics> analytics_;
  std::unique_ptr<capture::Source> source_;
  std::jthread thread_;
};

}  // namespace cctv::app
