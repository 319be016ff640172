// SPDX-License-Identifier: Apache-2.0
#include "camera_worker.hpp"

#include <spdlog/spdlog.h>

#include "cctv/common/thread_priority.hpp"

namespace cctv::node {
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
      analytics_ = std::make_unique<analytics::CameraAnalytics>(camera, camera.site, zones_,
                                                                deps_.detectors);
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

void CameraWorker::request_stop() {
  if (supervisor_) supervisor_->request_stop();
}

void CameraWorker::stop(std::chrono::steady_clock::time_point deadline) {
  if (supervisor_) supervisor_->stop(deadline);
}

std::optional<capture::CameraFigures> CameraWorker::figures() const {
  if (!supervisor_) return std::nullopt;
  return supervisor_->figures();
}

void CameraWorker::move_to(const std::string& site, std::vector<config::Zone> zones) {
  std::unique_ptr<analytics::CameraAnalytics> fresh;
  if (analytics_) {
    fresh = std::make_unique<analytics::CameraAnalytics>(camera_, site, zones, deps_.detectors);
  }
  std::lock_guard lock(state_mutex_);
  spdlog::info("[{}] moved from {} to {} ({} zones)", camera_.id, camera_.site, site, zones.size());
  if (fresh) {  // what was open at the old site ends there: nothing else would ever end it
    for (Event& e : analytics_->close("camera redeployed to " + site)) {
      deps_.dispatcher.publish(std::move(e));
    }
  }
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
  // Motion and tracking run on the camera's capture thread: they give way to recording too.
  static thread_local const bool lowered = lower_this_thread();
  (void)lowered;
  std::lock_guard lock(state_mutex_);
  const auto video = analytics::VideoFrame::from_i420(frame.i420);
  const analytics::DetectorFigures before = analytics_->detector_figures();
  std::vector<Event> events = analytics_->process(
      video, frame.ts, frame.every_frame ? analytics::Pace::every_frame : analytics::Pace::live);
  const analytics::DetectorFigures after = analytics_->detector_figures();
  detector_runs_ += after.runs - before.runs;
  detector_skipped_ += after.skipped - before.skipped;
  for (Event& e : events) {
    spdlog::info("[{}] {} {} zone={}{}", camera_.id, to_string(e.type), to_string(e.phase), e.zone,
                 e.kind.empty() ? "" : " kind=" + e.kind);
    const bool snapshot = e.phase == EventPhase::start;
    const Polygon zone = snapshot ? zone_polygon(e.zone) : Polygon();
    const bool tamper = snapshot && e.type == EventType::camera_tamper;
    deps_.dispatcher.publish(std::move(e), snapshot ? video.bgr() : cv::Mat(), zone,
                             tamper ? analytics_->tamper_reference() : cv::Mat());
  }
  live_.on_frame(video, frame.ts, analytics_->tracks());
}

void CameraWorker::publish_status() {
  const DispatchDrops drops = deps_.dispatcher.drops(camera_.id);
  const analytics::DetectorFigures detector{detector_runs_.load(), detector_skipped_.load()};
  if (const auto f = figures()) {
    live_.on_figures(*f, drops, detector);
  } else {  // the pipeline could not be built: as good as offline
    live_.on_figures({.camera = camera_.id, .state = capture::CameraState::stopped}, drops,
                     detector);
  }
}

void CameraWorker::on_segment_closed(const capture::Segment& segment) {
  deps_.dispatcher.announce_segment(camera_.id, segment);
}

void CameraWorker::on_camera_offline(const std::string&, Timestamp since) {
  {
    std::lock_guard lock(outage_mutex_);
    offline_since_ = since;
  }
  spdlog::warn("[{}] offline since {}", camera_.id, format_utc(since));
  Event e = camera_event(EventType::camera_offline, EventPhase::start, Severity::alarm);
  e.started_at = since;
  deps_.dispatcher.publish(std::move(e));
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
  deps_.dispatcher.publish(std::move(e));
}

void CameraWorker::on_camera_error(const std::string&, const std::string& message) {
  spdlog::error("[{}] {}", camera_.id, message);
  Event e = camera_event(EventType::camera_error, EventPhase::instant, Severity::alarm);
  e.message = message;
  deps_.dispatcher.publish(std::move(e));
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

}  // namespace cctv::node
