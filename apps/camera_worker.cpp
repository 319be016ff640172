// SPDX-License-Identifier: Apache-2.0
#include "camera_worker.hpp"

#include <spdlog/spdlog.h>

#include "alarm_snapshot.hpp"

namespace cctv::app {
namespace {

std::vector<Polygon> polygons_of(const std::vector<config::Zone>& zones) {
  std::vector<Polygon> polygons;
  for (const config::Zone& z : zones) polygons.push_back(z.polygon);
  return polygons;
}

}  // namespace

CameraWorker::CameraWorker(const config::Config& config, const config::Camera& camera,
                           CameraWorkerDeps deps)
    : camera_(camera),
      zones_(config.zones_at(camera.id, camera.site)),
      deps_(std::move(deps)),
      live_(deps_.live, camera, polygons_of(zones_)) {
  // A camera that cannot start is reported and skipped; the others carry on.
  try {
    if (camera.analytics.enabled) {
      analytics_ = std::make_unique<analytics::CameraAnalytics>(camera, camera.site, zones_);
    }
    capture::SupervisorParams params;
    params.source.recordings_dir = deps_.recordings_dir;
    params.source.segment_s = config.storage.segment_s;
    params.source.recording_listener = this;
    params.health = this;
    supervisor_ = std::make_unique<capture::SourceSupervisor>(camera, *this, std::move(params));
  } catch (const std::exception& e) {
    on_camera_error(camera.id, e.what());
  }
}

CameraWorker::~CameraWorker() {
  if (supervisor_) supervisor_->stop();
}

std::optional<capture::CameraFigures> CameraWorker::figures() const {
  if (!supervisor_) return std::nullopt;
  return supervisor_->figures();
}

void CameraWorker::move_to(const std::string& site, std::vector<config::Zone> zones) {
  std::unique_ptr<analytics::CameraAnalytics> fresh;
  if (analytics_) fresh = std::make_unique<analytics::CameraAnalytics>(camera_, site, zones);
  std::lock_guard lock(state_mutex_);
  spdlog::info("[{}] moved from {} to {} ({} zones)", camera_.id, camera_.site, site, zones.size());
  camera_.site = site;
  zones_ = std::move(zones);
  live_.set_zones(polygons_of(zones_));
  if (fresh) analytics_ = std::move(fresh);
}

std::string CameraWorker::site() const {
  std::lock_guard lock(state_mutex_);
  return camera_.site;
}

void CameraWorker::on_frame(const capture::Frame& frame) {
  std::lock_guard lock(state_mutex_);
  for (Event& e : analytics_->process(frame.image, frame.ts)) {
    spdlog::info("[{}] {} {} zone={}", camera_.id, to_string(e.type), to_string(e.phase), e.zone);
    if (e.phase == EventPhase::start) take_snapshot(e, frame.image);
    publish(e);
  }
  live_.on_frame(frame.image, frame.ts, analytics_->tracks());
}

void CameraWorker::publish_status() {
  if (const auto f = figures()) {
    live_.on_figures(*f);
  } else {  // the pipeline could not be built: as good as offline
    live_.on_figures({.camera = camera_.id, .state = capture::CameraState::stopped});
  }
}

void CameraWorker::on_segment_closed(const capture::Segment& segment) {
  deps_.recordings.add(
      storage::describe_segment(camera_.id, segment.start, segment.end, segment.path.string()));
}

void CameraWorker::on_camera_offline(const std::string&, Timestamp since) {
  {
    std::lock_guard lock(outage_mutex_);
    offline_since_ = since;
  }
  spdlog::warn("[{}] offline since {}", camera_.id, format_utc(since));
  Event e = camera_event(EventType::camera_offline, EventPhase::start, Severity::alarm);
  e.started_at = since;
  publish(e);
}

void CameraWorker::on_camera_online(const std::string&, double outage_s) {
  Event e = camera_event(EventType::camera_online, EventPhase::end, Severity::info);
  {
    std::lock_guard lock(outage_mutex_);
    e.started_at = offline_since_;
    offline_since_.reset();
  }
  e.outage_s = outage_s;
  spdlog::info("[{}] back online after {:.1f} s", camera_.id, outage_s);
  publish(e);
}

void CameraWorker::on_camera_error(const std::string&, const std::string& message) {
  spdlog::error("[{}] {}", camera_.id, message);
  Event e = camera_event(EventType::camera_error, EventPhase::instant, Severity::alarm);
  e.message = message;
  publish(e);
}

// On the frame thread: two 640x360 JPEG encodes (~2 ms each) and their fsyncs cost a frame or
// so of analytics, once per alarm start. The event carries the snapshot's id, so writing it
// elsewhere would only hold the alarm back instead.
void CameraWorker::take_snapshot(Event& e, const cv::Mat& frame) {
  try {
    e.snapshot = save_alarm_snapshots(deps_.evidence, e, frame, zone_polygon(e.zone));
  } catch (const std::exception& ex) {  // the alarm still goes out, without a snapshot
    spdlog::error("[{}] no snapshot of {} {}: {}", camera_.id, to_string(e.type), e.id, ex.what());
  }
}

const Polygon& CameraWorker::zone_polygon(const std::string& zone) const {
  static const Polygon kNone;
  for (const config::Zone& z : zones_) {
    if (z.id == zone) return z.polygon;
  }
  return kNone;
}

Event CameraWorker::camera_event(EventType type, EventPhase phase, Severity severity) const {
  std::lock_guard lock(state_mutex_);
  Event e;
  e.type = type;
  e.phase = phase;
  e.camera = camera_.id;
  e.site = camera_.site;
  e.ts = now_utc();
  e.severity = severity;
  return e;
}

// The outbox is on local disk; if even that fails the event cannot be kept, so say so loudly.
void CameraWorker::publish(Event& e) {
  try {
    deps_.publisher.publish(e);
  } catch (const std::exception& ex) {
    spdlog::critical("[{}] could not keep {} event: {}", camera_.id, to_string(e.type), ex.what());
  }
}

}  // namespace cctv::app
