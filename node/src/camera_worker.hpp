// SPDX-License-Identifier: Apache-2.0
// One camera of a camera node: a supervised capture pipeline records segments and feeds the
// camera's analytics; alarms, health changes and closed segments leave through the node's
// EventDispatcher (never blocking the frame thread) for the bus.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include "cctv/analytics/camera_analytics.hpp"
#include "cctv/capture/source_supervisor.hpp"
#include "cctv/config/config.hpp"
#include "event_dispatcher.hpp"
#include "live_view_feed.hpp"

namespace cctv::node {

struct CameraWorkerDeps {
  EventDispatcher& dispatcher;
  std::filesystem::path recordings_dir;
  bus::LivePublisher* live = nullptr;            // the console's live view; null: none
  analytics::DetectorPool* detectors = nullptr;  // the node's shared detector workers
};

class CameraWorker final : public capture::FrameSink,
                           public capture::RecordingListener,
                           public capture::HealthListener {
 public:
  // `camera.site` is where the camera is now (a mobile camera's deployment may differ from the
  // config); its zones are those that apply there.
  CameraWorker(const config::Config& config, const config::Camera& camera, CameraWorkerDeps deps);
  ~CameraWorker() override;  // stops the pipeline (closing its open segment) first

  // A node stopping asks every camera first, then stops each by one deadline (see
  // capture::SourceSupervisor::stop).
  void request_stop();
  void stop(std::chrono::steady_clock::time_point deadline);

  // A redeployed mobile camera: later events carry `site` and only `zones` (those that apply
  // there) are watched. The pipeline keeps running; only the analytics start afresh.
  void move_to(const std::string& site, std::vector<config::Zone> zones);
  std::string site() const;
  const std::string& id() const { return camera_.id; }

  std::optional<capture::CameraFigures> figures() const;
  // Tells consoles how the camera is doing (state, fps, drops); call every couple of seconds.
  void publish_status();

  void on_frame(const capture::Frame& frame) override;
  void on_segment_closed(const capture::Segment& segment) override;
  void on_camera_offline(const std::string& camera, Timestamp since) override;
  void on_camera_online(const std::string& camera, double outage_s) override;
  void on_camera_error(const std::string& camera, const std::string& message) override;

 private:
  Event camera_event(EventType type, EventPhase phase, Severity severity) const;

  const Polygon& zone_polygon(const std::string& zone) const;

  // Guards what a move changes (site, zones, analytics) against the frame and health threads.
  mutable std::mutex state_mutex_;
  config::Camera camera_;
  std::vector<config::Zone> zones_;
  CameraWorkerDeps deps_;
  // Null for a record-only camera, whose source delivers no frames.
  std::unique_ptr<analytics::CameraAnalytics> analytics_;
  LiveViewFeed live_;
  // Totals over every analytics the camera has had (a move starts a new one); read unlocked.
  std::atomic<std::uint64_t> detector_runs_{0};
  std::atomic<std::uint64_t> detector_skipped_{0};
  std::mutex outage_mutex_;
  std::optional<Timestamp> offline_since_;
  std::unique_ptr<capture::SourceSupervisor> supervisor_;  // last: stopped before the rest goes
};

}  // namespace cctv::node
