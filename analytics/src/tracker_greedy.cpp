// SPDX-License-Identifier: Apache-2.0
// Greedy association on IoU, falling back to feet distance for small or fast people.
#include <algorithm>
#include <cmath>

#include "cctv/analytics/tracker.hpp"

namespace cctv::analytics {
namespace {

struct Candidate {
  double score;
  std::size_t track;
  std::size_t detection;
};

class GreedyTracker final : public Tracker {
 public:
  explicit GreedyTracker(const Params& p) : params_(p) {}

  std::vector<Track> update(const std::vector<Detection>& detections, Timestamp ts) override {
    std::vector<bool> used_track(tracks_.size()), used_det(detections.size());
    for (const Candidate& c : candidates(detections)) {
      if (used_track[c.track] || used_det[c.detection]) continue;
      used_track[c.track] = used_det[c.detection] = true;
      tracks_[c.track].box = detections[c.detection].box;
      tracks_[c.track].last_seen = ts;
    }
    for (std::size_t d = 0; d < detections.size(); ++d) {
      if (!used_det[d]) tracks_.push_back({next_id_++, detections[d].box, ts, ts});
    }
    const auto max_age = std::chrono::duration_cast<Millis>(std::chrono::duration<double>(params_.max_age_s));
    std::erase_if(tracks_, [&](const Track& t) { return ts - t.last_seen > max_age; });
    return tracks_;
  }

 private:
  // Scores: IoU when it passes the threshold, else a smaller score from feet distance.
  std::vector<Candidate> candidates(const std::vector<Detection>& detections) const {
    std::vector<Candidate> out;
    for (std::size_t t = 0; t < tracks_.size(); ++t) {
      for (std::size_t d = 0; d < detections.size(); ++d) {
        const double overlap = iou(tracks_[t].box, detections[d].box);
        if (overlap >= params_.min_iou) {
          out.push_back({1.0 + overlap, t, d});
          continue;
        }
        const Point a = tracks_[t].box.anchor(), b = detections[d].box.anchor();
        const double dist = std::hypot(a.x - b.x, a.y - b.y);
        if (dist < params_.max_anchor_distance) out.push_back({1.0 - dist / params_.max_anchor_distance, t, d});
      }
    }
    std::stable_sort(out.begin(), out.end(), [](const Candidate& x, const Candidate& y) { return x.score > y.score; });
    return out;
  }

  Params params_;
  std::vector<Track> tracks_;
  std::int64_t next_id_ = 1;
};

}  // namespace

std::unique_ptr<Tracker> Tracker::create(const Params& params) { return std::make_unique<GreedyTracker>(params); }

}  // namespace cctv::analytics
