// SPDX-License-Identifier: Apache-2.0
#include "camera_worker.hpp"

#include <spdlog/spdlog.h>

namespace cctv::app {
namespace {

std::vector<config::Zone> zones_of(const config::Config& config, const std::string& camera) {
  std::vector<config::Zone> zones;
  for (const config::Zone* z : config.zones_of(camera)) zones.push_back(*z);
  return zones;
}

}  // namespace

CameraWorker::CameraWorker(const config::Config& config, const config::Camera& camera, bus::Publisher& publisher)
    : camera_(camera), site_(camera.site), publisher_(publisher) {
  // A camera that cannot start is reported and skipped; the others carry on.
  try {
    analytics_ = std::make_unique<analytics::CameraAnalytics>(camera, site_, zones_of(config, camera.id));
    source_ = capture::create_source(camera);
  } catch (const std::exception& e) {
    publish_error(e.what());
    return;
  }
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

CameraWorker::~CameraWorker() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void CameraWorker::on_frame(const capture::Frame& frame) {
  for (Event& e : analytics_->process(frame.image, frame.ts)) {
    spdlog::info("[{}] {} {} zone={}", camera_.id, to_string(e.type), to_string(e.phase), e.zone);
    publisher_.publish(e);
  }
}

void CameraWorker::run(std::stop_token stop) {
  try {
    if (auto error = source_->run(stop, *this)) publish_error(*error);
  } catch (const std::exception& e) {
    publish_error(e.what());
  }
}

void CameraWorker::publish_error(const std::string& message) {
  spdlog::error("[{}] {}", camera_.id, message);
  Event e;
  e.id = new_uuid();
  e.type = EventType::camera_error;
  e.phase = EventPhase::instant;
  e.camera = camera_.id;
  e.site = site_;
  e.ts = now_utc();
  e.severity = Severity::alarm;
  e.message = message;
  publisher_.publish(e);
}

}  // namespace cctv::app
