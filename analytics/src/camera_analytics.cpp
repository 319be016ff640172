// SPDX-License-Identifier: Apache-2.0
#include "cctv/analytics/camera_analytics.hpp"

#include <stdexcept>

#include "cctv/analytics/motion_detector.hpp"
#include "cctv/analytics/object_detector.hpp"
#include "cctv/analytics/tracker.hpp"
#include "cctv/analytics/zone_rule.hpp"

namespace cctv::analytics {
namespace {

struct ZoneRules {
  Polygon polygon;
  std::vector<config::ScheduleWindow> schedule;
  std::vector<std::unique_ptr<ZoneRule>> rules;
};

std::unique_ptr<ObjectDetector> make_detector(const config::AnalyticsSettings& settings) {
  if (settings.detector == "motion") return create_motion_blob_detector();
  throw std::invalid_argument("detector '" + settings.detector + "' is not available in this build; use 'motion'");
}

ZoneRules make_zone(const config::Camera& camera, const std::string& site, const config::Zone& zone) {
  ZoneRules z{zone.polygon, zone.rules.schedule, {}};
  const ZoneIdentity who{camera.id, site, zone.id};
  if (zone.rules.loitering) z.rules.push_back(create_loitering_rule(who, *zone.rules.loitering));
  if (zone.rules.crowding) z.rules.push_back(create_crowding_rule(who, *zone.rules.crowding));
  return z;
}

}  // namespace

struct CameraAnalytics::Impl {
  std::unique_ptr<MotionDetector> motion = MotionDetector::create();
  std::unique_ptr<ObjectDetector> detector;
  std::unique_ptr<Tracker> tracker = Tracker::create();
  std::vector<ZoneRules> zones;
  std::vector<Track> tracks;
};

CameraAnalytics::CameraAnalytics(const config::Camera& camera, const std::string& site,
                                 const std::vector<config::Zone>& zones)
    : impl_(std::make_unique<Impl>()) {
  impl_->detector = make_detector(camera.analytics);
  for (const config::Zone& zone : zones) impl_->zones.push_back(make_zone(camera, site, zone));
}

CameraAnalytics::~CameraAnalytics() = default;

std::vector<Event> CameraAnalytics::process(const cv::Mat& frame, Timestamp ts) {
  const Motion motion = impl_->motion->apply(frame);
  impl_->tracks = impl_->tracker->update(impl_->detector->detect(frame, motion), ts);
  std::vector<Event> events;
  for (ZoneRules& zone : impl_->zones) {
    std::vector<Track> inside;
    for (const Track& t : impl_->tracks) {
      if (contains(zone.polygon, t.box.anchor())) inside.push_back(t);
    }
    const bool armed = schedule_armed(zone.schedule, ts);
    for (auto& rule : zone.rules) {
      for (Event& e : rule->update(inside, ts, armed)) events.push_back(std::move(e));
    }
  }
  return events;
}

const std::vector<Track>& CameraAnalytics::tracks() const { return impl_->tracks; }

}  // namespace cctv::analytics
