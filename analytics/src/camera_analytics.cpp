// SPDX-License-Identifier: Apache-2.0
// motion -> (gated) detector -> tracker -> zone rules. The detector runs only while a zone is
// armed (or about to be), only on frames with motion and at most every `detection_interval`
// frames, and looks only around what moves and who is tracked (DetectionRegion); the tracker
// carries people between. A frame without any
// motion leaves the tracks where they are (nobody moved).
#include "cctv/analytics/camera_analytics.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "appearance.hpp"
#include "cctv/analytics/motion_detector.hpp"
#include "cctv/analytics/object_detector.hpp"
#include "cctv/analytics/tamper_detector.hpp"
#include "cctv/analytics/tracker.hpp"
#include "cctv/analytics/zone_rule.hpp"
#include "image_shift.hpp"
#include "zone_event.hpp"

namespace cctv::analytics {
namespace {

// A detection with less of its box moving than this may only continue an existing track
// (a stationary person already followed), never start one, unless the detector is very sure:
// static look-alikes (signposts, posters) stay out, and people who stood still since the
// camera started (part of the first background) are still found.
constexpr double kMinMotionSupport = 0.05;
constexpr float kSureWithoutMotion = 0.75f;

// Motion processing widths, each the smallest that does its job. The motion-blob detector
// draws people from the mask: its smallest person (8% of the height) must keep a body shape,
// 14 px tall at 320x180. For YOLOX motion only says whether and where something moved; at
// 160x90 that person is still 7 px tall, five times the smallest region counted as motion.
constexpr int kBlobMotionWidth = 320;
constexpr int kGateMotionWidth = 160;

struct ZoneRules {
  const config::Zone* zone;
  std::vector<std::unique_ptr<ZoneRule>> rules;
};

std::vector<std::string> watched_labels(const std::vector<config::Zone>& zones) {
  std::set<std::string> labels = {kPersonLabel};
  for (const config::Zone& z : zones) labels.insert(z.classes.begin(), z.classes.end());
  return {labels.begin(), labels.end()};
}

YoloxParams yolox_params(const config::AnalyticsSettings& settings,
                         const std::vector<config::Zone>& zones) {
  YoloxParams p;
  p.model = settings.model;
  p.labels = watched_labels(zones);
  return p;
}

// One pooled YOLOX per model and label set: cameras watching the same classes share it.
std::string pool_key(const YoloxParams& p) {
  std::string key = "yolox:" + p.model + ":" + std::to_string(p.input_size);
  for (const std::string& label : p.labels) key += ":" + label;
  return key;
}

std::unique_ptr<ObjectDetector> make_detector(const config::AnalyticsSettings& settings,
                                              const std::vector<config::Zone>& zones) {
  if (settings.detector == "motion") return create_motion_blob_detector();
  if (settings.detector == "yolox") return create_yolox_detector(yolox_params(settings, zones));
  throw std::invalid_argument("detector '" + settings.detector +
                              "' is unknown; use 'motion' or 'yolox'");
}

// How long before a zone arms the detector starts, so that dwell counted from entry (see
// zone_loitering.cpp) and a crowd's duration are already running when the schedule arms.
Millis lead_time(const config::ZoneRules& rules) {
  double s = 0;
  if (rules.loitering) s = std::max(s, rules.loitering->dwell_s + rules.loitering->grace_s);
  if (rules.crowding) s = std::max(s, rules.crowding->min_duration_s);
  return Millis(static_cast<std::int64_t>(s * 1000));
}

Tracker::Params tracker_params(const config::AnalyticsSettings& settings) {
  Tracker::Params p =
      Tracker::at_detection_rate(settings.fps / std::max(1, settings.detection_interval));
  p.boxes_are_people = settings.detector != "motion";
  return p;
}

}  // namespace

MotionDetector::Params motion_params(const config::Camera& camera) {
  MotionDetector::Params p;
  p.width = camera.analytics.detector == "motion" ? kBlobMotionWidth : kGateMotionWidth;
  p.mask = camera.analytics.motion_mask;
  return p;
}

struct CameraAnalytics::Impl {
  std::string camera;
  std::string site;
  config::AnalyticsSettings settings;
  std::vector<config::Zone> zone_configs;
  std::unique_ptr<MotionDetector> motion;
  std::unique_ptr<ObjectDetector> detector;  // null when the pool runs it
  DetectorPool* pool = nullptr;
  std::string pool_key;
  Tracker::Params tracking;
  std::unique_ptr<Tracker> tracker;
  std::vector<ZoneRules> zones;
  std::vector<Track> tracks;   // reported: confidently seen
  std::vector<Track> present;  // what zone rules count: tracks and the half hidden
  cv::Mat previous_luma;       // the last frame's, to follow people between detector runs
  int frames_since_detection = 0;
  DetectionRegion region;
  DetectorFigures detector_figures;
  std::unique_ptr<TamperDetector> tamper;  // null when the camera's tamper is disabled
  cv::Mat tamper_reference;
  std::optional<Timestamp> reference_taken;
  std::optional<TamperChange> open_tamper;  // the tamper alarm started and not yet ended
  std::optional<Timestamp> last_ts;         // of the last frame processed
  std::optional<Timestamp> watch_second;    // the second of frame time `watch` was decided for
  bool watch = true;

  // Whether any zone is armed now or arms within its lead time; decided once per second of
  // frame time (at most a second late against a lead of dwell or duration seconds).
  bool watching(Timestamp ts) {
    const Timestamp second = std::chrono::floor<std::chrono::seconds>(ts);
    if (watch_second == second) return watch;
    watch_second = second;
    watch = std::any_of(zone_configs.begin(), zone_configs.end(), [&](const config::Zone& z) {
      return schedule_armed_within(z.rules.schedule, ts, lead_time(z.rules));
    });
    return watch;
  }

  std::optional<std::vector<Detection>> run_detector(const VideoFrame& frame, const Motion& m,
                                                     const DetectionArea& area, Pace pace) {
    std::optional<std::vector<Detection>> found;
    if (pool) {
      const Millis patience(pace == Pace::live ? static_cast<int>(500 / settings.fps) : 0);
      found = pool->detect(camera, pool_key, frame, m, area, patience);
    } else {
      found = detector->detect(frame, m, area);
    }
    ++(found ? detector_figures.runs : detector_figures.skipped);
    return found;
  }

  // The tamper detector's verdict on the frame, as an event when an alarm starts or ends.
  std::optional<Event> check_tamper(const VideoFrame& frame, Timestamp ts) {
    const std::optional<TamperChange> change = tamper->update(frame.luma(), ts);
    const Millis refresh = seconds(kReferenceViewSeconds);
    if (tamper->view_clear() && (!reference_taken || ts - *reference_taken >= refresh)) {
      tamper_reference = frame.bgr().clone();
      reference_taken = ts;
    }
    if (!change) return std::nullopt;
    open_tamper = change->phase == EventPhase::start ? change : std::nullopt;
    return tamper_event(*change, ts);
  }

  Event tamper_event(const TamperChange& change, Timestamp ts) const {
    Event e;
    e.id = new_uuid();
    e.type = EventType::camera_tamper;
    e.phase = change.phase;
    e.camera = camera;
    e.site = site;
    e.ts = ts;
    e.started_at = change.started_at;
    e.kind = std::string(to_string(change.kind));
    e.message = "camera view " + e.kind;
    e.severity = Severity::alarm;
    return e;
  }

  void detect_and_track(const VideoFrame& frame, const Motion& m, Timestamp ts, Pace pace) {
    track_people(frame, m, ts, pace);
    present = tracker->present();
    if (!tracks.empty()) frame.luma().copyTo(previous_luma);  // only people seen are followed
  }

  // Between detector runs, each person seen on the last frame is placed where the picture in
  // their box moved (image_shift), at the size the motion model expects; the model's guess is
  // kept where the picture cannot be followed. Two frames after a run the model's guess
  // scatters by about a third of a person's width (PETS09 at interval 3) while the picture
  // shows where they went. The tracker's own state is left alone: the next run corrects it.
  std::vector<Track> follow_by_image(std::vector<Track> predicted, const VideoFrame& frame) const {
    for (Track& t : predicted) {
      const auto last = std::find_if(tracks.begin(), tracks.end(),
                                     [&](const Track& before) { return before.id == t.id; });
      if (last == tracks.end()) continue;
      const Box& was = last->box;
      const Point expected{t.box.x + t.box.w / 2 - (was.x + was.w / 2),
                           t.box.y + t.box.h / 2 - (was.y + was.h / 2)};
      const std::optional<Point> shift = image_shift(previous_luma, frame.luma(), was, expected);
      if (!shift) continue;
      t.box = {was.x + shift->x + (was.w - t.box.w) / 2, was.y + shift->y + (was.h - t.box.h) / 2,
               t.box.w, t.box.h};
    }
    return predicted;
  }

  void track_people(const VideoFrame& frame, const Motion& m, Timestamp ts, Pace pace) {
    ++frames_since_detection;
    if (!watching(ts)) {  // no zone needs people: forget them, a later arming starts afresh
      if (!tracks.empty()) tracker = Tracker::create(tracking);
      tracks.clear();
      return;
    }
    if (m.regions.empty()) return;  // nothing moved: everyone stays where they were
    if (frames_since_detection < settings.detection_interval) {
      tracks = follow_by_image(tracker->predict(ts), frame);
      return;
    }
    const DetectionArea area = region.next(m, tracker->expected_people(), ts);
    std::optional<std::vector<Detection>> found = run_detector(frame, m, area, pace);
    if (!found) {  // skipped: carry everyone forward, try again on the next frame
      tracks = follow_by_image(tracker->predict(ts), frame);
      return;
    }
    frames_since_detection = 0;
    const auto weak = static_cast<float>(tracking.high_score) * 0.99f;
    for (Detection& d : *found) {
      if (d.score < kSureWithoutMotion && motion_support(m, d.box) < kMinMotionSupport)
        d.score = std::min(d.score, weak);
      // A motion blob is not a person's box (people merged, a shadow, half a body), so its
      // colours are a mix that tells nobody apart: on PETS09 the blob chain's IDF1 is 0.250
      // without them, 0.236 with, and its analysis costs 25% less.
      if (settings.detector != "motion") d.look = describe_appearance(frame, d.box);
    }
    tracks = tracker->update(*found, ts);
  }
};

CameraAnalytics::CameraAnalytics(const config::Camera& camera, const std::string& site,
                                 const std::vector<config::Zone>& zones, DetectorPool* pool)
    : impl_(std::make_unique<Impl>()) {
  Impl& s = *impl_;
  s.camera = camera.id;
  s.site = site;
  if (camera.tamper.enabled) {
    s.tamper = TamperDetector::create(TamperDetector::params_of(camera.tamper));
  }
  s.settings = camera.analytics;
  s.zone_configs = zones;
  s.motion = MotionDetector::create(motion_params(camera));
  if (pool && camera.analytics.detector == "yolox") {
    const YoloxParams p = yolox_params(camera.analytics, zones);
    s.pool = pool;
    s.pool_key = pool_key(p);
    pool->add_detector(s.pool_key, [p] { return create_yolox_detector(p); });
  } else {
    s.detector = make_detector(camera.analytics, zones);
  }
  s.tracking = tracker_params(camera.analytics);
  s.tracker = Tracker::create(s.tracking);
  s.frames_since_detection = camera.analytics.detection_interval;  // detect on the first frame
  for (const config::Zone& zone : s.zone_configs) {
    s.zones.push_back({&zone, create_zone_rules({camera.id, site, zone.id}, zone.rules)});
  }
}

CameraAnalytics::~CameraAnalytics() = default;

std::vector<Event> CameraAnalytics::process(const VideoFrame& frame, Timestamp ts, Pace pace) {
  impl_->last_ts = ts;
  impl_->detect_and_track(frame, impl_->motion->apply(frame.luma()), ts, pace);
  std::vector<Event> events;
  for (ZoneRules& zone : impl_->zones) {
    std::vector<Track> inside;
    for (const Track& t : impl_->present) {
      if (zone_counts(*zone.zone, t)) inside.push_back(t);
    }
    const bool armed = schedule_armed(zone.zone->rules.schedule, ts);
    for (auto& rule : zone.rules) {
      for (Event& e : rule->update(inside, ts, armed)) events.push_back(std::move(e));
    }
  }
  if (impl_->tamper) {
    if (std::optional<Event> e = impl_->check_tamper(frame, ts)) events.push_back(std::move(*e));
  }
  return events;
}

std::vector<Event> CameraAnalytics::close(const std::string& why) {
  std::vector<Event> events;
  if (!impl_->last_ts) return events;
  const Timestamp ts = *impl_->last_ts;
  for (ZoneRules& zone : impl_->zones) {
    for (auto& rule : zone.rules) {
      for (Event& e : rule->update({}, ts, false)) events.push_back(std::move(e));  // disarmed
    }
  }
  if (impl_->open_tamper) {
    impl_->open_tamper->phase = EventPhase::end;
    events.push_back(impl_->tamper_event(*impl_->open_tamper, ts));
    impl_->open_tamper.reset();
  }
  for (Event& e : events) e.message = why;
  return events;
}

DetectorFigures CameraAnalytics::detector_figures() const { return impl_->detector_figures; }

const std::vector<Track>& CameraAnalytics::tracks() const { return impl_->tracks; }

const std::vector<Track>& CameraAnalytics::present() const { return impl_->present; }

const cv::Mat& CameraAnalytics::tamper_reference() const { return impl_->tamper_reference; }

}  // namespace cctv::analytics
