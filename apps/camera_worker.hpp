// SPDX-License-Identifier: Apache-2.0
// One camera in `cctv run`: a supervised capture pipeline records segments into the recording
// index and feeds the camera's analytics; alarms and health changes go on the bus.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include "cctv/analytics/camera_analytics.hpp"
#include "cctv/bus/publisher.hpp"
#include "cctv/capture/source_supervisor.hpp"
#include "cctv/config/config.hpp"
#include "cctv/storage/recording_index.hpp"

namespace cctv::app {

struct CameraWorkerDeps {
  bus::Publisher& publisher;
  storage::RecordingIndex& recordings;
  std::filesystem::path recordings_dir;
};

class CameraWorker final : public capture::FrameSink,
                           public capture::RecordingListener,
                           public capture::HealthListener {
 public:
  CameraWorker(const config::Config& config, const config::Camera& camera, CameraWorkerDeps deps);
  ~CameraWorker() override;  // stops the pipeline (closing its open segment) first

  std::optional<capture::CameraFigures> figures() const;

  void on_frame(const capture::Frame& frame) override;
  void on_segment_closed(const capture::Segment& segment) override;
  void on_camera_offline(const std::string& camera, Timestamp since) override;
  void on_camera_online(const std::string& camera, double outage_s) override;
  void on_camera_error(const std::string& camera, const std::string& message) override;

 private:
  Event camera_event(EventType type, EventPhase phase, Severity severity) const;
  void publish(Event& e);

  config::Camera camera_;
  CameraWorkerDeps deps_;
  std::unique_ptr<analytics::CameraAnalytics> analytics_;
  std::mutex outage_mutex_;
  std::optional<Timestamp> offline_since_;
  std::unique_ptr<capture::SourceSupervisor> supervisor_;  // last: stopped before the rest goes
};

}  // namespace cctv::app
