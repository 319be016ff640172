// SPDX-License-Identifier: Apache-2.0
// ByteTrack-style tracker: a Kalman filter predicts each track, confident detections are
// assigned first (Hungarian, IoU with a feet-distance fallback), then weak detections may
// continue the tracks still unmatched, then tentative tracks get their chance. Tracks are
// reported once confirmed and only while matched; an unmatched track coasts on its motion
// model for max_missed detection rounds so a short occlusion keeps its id.
#include <algorithm>
#include <cmath>

#include "assignment.hpp"
#include "cctv/analytics/tracker.hpp"
#include "kalman_box.hpp"

namespace cctv::analytics {
namespace {

// The feet-distance fallback only pairs boxes whose heights differ by less than this factor.
constexpr double kMaxHeightRatio = 1.6;
// The feet-distance gate widens by this many person heights per second a track goes unseen:
// its motion model's guess grows less certain the longer it coasts.
constexpr double kGateGrowthPerSecond = 0.5;
// Assignment costs: 1 - IoU in [0, 1); fallback pairs in [1, 2); anything else is forbidden.
constexpr double kFallbackCost = 1.0;
constexpr double kMaxCost = 2.0;
constexpr double kForbiddenCost = 10.0;

struct Tracklet {
  std::int64_t id = 0;  // 0 until confirmed
  KalmanBox motion;
  Box shown;  // the matched detection, or the motion model's guess between detections
  std::string label;
  Timestamp first_seen{};
  Timestamp last_seen{};
  Timestamp predicted_to{};
  int hits = 1;
  int missed = 0;  // consecutive detection rounds without a match
};

class ByteTracker final : public Tracker {
 public:
  explicit ByteTracker(const Params& p) : params_(p) {}

  std::vector<Track> update(const std::vector<Detection>& detections, Timestamp ts) override {
    advance(ts);
    std::vector<const Detection*> strong, weak;
    for (const Detection& d : detections) {
      if (d.score >= params_.high_score) {
        strong.push_back(&d);
      } else if (d.score >= params_.low_score) {
        weak.push_back(&d);
      }
    }
    std::vector<bool> matched(tracks_.size(), false);
    auto is_confirmed = [](const Tracklet& t) { return t.id != 0; };
    auto was_followed = [](const Tracklet& t) { return t.id != 0 && t.missed == 0; };
    auto is_tentative = [](const Tracklet& t) { return t.id == 0; };
    strong = associate(strong, is_confirmed, params_.min_iou, matched, ts);
    associate(weak, was_followed, params_.min_iou_weak, matched, ts);
    strong = associate(strong, is_tentative, params_.min_iou, matched, ts);
    retire_unmatched(matched);
    for (const Detection* d : strong) {
      if (d->score >= params_.new_track_score) start(*d, ts);
    }
    return reported();
  }

  std::vector<Track> predict(Timestamp ts) override {
    advance(ts);
    return reported();
  }

 private:
  void advance(Timestamp ts) {
    for (Tracklet& t : tracks_) {
      if (ts <= t.predicted_to) continue;
      t.motion.predict(seconds_between(t.predicted_to, ts));
      t.predicted_to = ts;
      t.shown = t.motion.box();
    }
  }

  double cost(const Tracklet& t, const Detection& d, double min_iou, Timestamp ts) const {
    if (t.label != d.label) return kForbiddenCost;
    const Box p = t.motion.box();
    const double overlap = iou(p, d.box);
    if (overlap >= min_iou) return 1.0 - overlap;
    if (params_.max_anchor_distance <= 0) return kForbiddenCost;
    const double ratio = d.box.h / p.h;
    if (ratio > kMaxHeightRatio || ratio < 1.0 / kMaxHeightRatio) return kForbiddenCost;
    const Point a = p.anchor(), b = d.box.anchor();
    const double dist = std::hypot((a.x - b.x) / (p.w * kPersonAspect), (a.y - b.y) / p.h);
    const double gate =
        params_.max_anchor_distance + kGateGrowthPerSecond * seconds_between(t.last_seen, ts);
    if (dist >= gate) return kForbiddenCost;
    return kFallbackCost + dist / gate;
  }

  // Assigns `detections` to the unmatched tracks that pass `eligible`; returns the detections
  // left over.
  template <class Eligible>
  std::vector<const Detection*> associate(const std::vector<const Detection*>& detections,
                                          Eligible eligible, double min_iou,
                                          std::vector<bool>& matched, Timestamp ts) {
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < tracks_.size(); ++i) {
      if (!matched[i] && eligible(tracks_[i])) rows.push_back(i);
    }
    std::vector<std::vector<double>> costs(rows.size(), std::vector<double>(detections.size()));
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (std::size_t c = 0; c < detections.size(); ++c) {
        costs[r][c] = cost(tracks_[rows[r]], *detections[c], min_iou, ts);
      }
    }
    const std::vector<int> pick = assign_min_cost(costs, kMaxCost, kMaxCost / 2);
    std::vector<bool> used(detections.size(), false);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (pick[r] < 0) continue;
      used[static_cast<std::size_t>(pick[r])] = true;
      matched[rows[r]] = true;
      follow(tracks_[rows[r]], *detections[static_cast<std::size_t>(pick[r])], ts);
    }
    std::vector<const Detection*> left;
    for (std::size_t c = 0; c < detections.size(); ++c) {
      if (!used[c]) left.push_back(detections[c]);
    }
    return left;
  }

  void follow(Tracklet& t, const Detection& d, Timestamp ts) {
    t.motion.correct(d.box);
    t.shown = d.box;  // the filter lags a person who starts or stops; the detection does not
    t.last_seen = ts;
    t.missed = 0;
    if (++t.hits >= params_.confirm_hits && t.id == 0) t.id = next_id_++;
  }

  void start(const Detection& d, Timestamp ts) {
    Tracklet t{0, KalmanBox(d.box), d.box, d.label, ts, ts, ts};
    if (params_.confirm_hits <= 1) t.id = next_id_++;
    tracks_.push_back(std::move(t));
  }

  // Tentative tracks go at their first miss, confirmed ones after max_missed rounds.
  void retire_unmatched(const std::vector<bool>& matched) {
    for (std::size_t i = 0; i < tracks_.size(); ++i) {
      if (!matched[i]) ++tracks_[i].missed;
    }
    std::erase_if(tracks_, [&](const Tracklet& t) {
      return t.missed > 0 && (t.id == 0 || t.missed > params_.max_missed);
    });
  }

  std::vector<Track> reported() const {
    std::vector<Track> out;
    for (const Tracklet& t : tracks_) {
      if (t.id != 0 && t.missed == 0)
        out.push_back({t.id, t.shown, t.first_seen, t.last_seen, t.label});
    }
    std::sort(out.begin(), out.end(), [](const Track& a, const Track& b) { return a.id < b.id; });
    return out;
  }

  Params params_;
  std::vector<Tracklet> tracks_;
  std::int64_t next_id_ = 1;
};

}  // namespace

std::unique_ptr<Tracker> Tracker::create(const Params& params) {
  return std::make_unique<ByteTracker>(params);
}

}  // namespace cctv::analytics
