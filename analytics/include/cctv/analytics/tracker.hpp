// SPDX-License-Identifier: Apache-2.0
// Multi-object tracker: gives each person a stable id across frames, and carries people
// through frames on which no detector ran (detection interval, no motion) and through short
// occlusions.
#pragma once

#include <memory>
#include <vector>

#include "cctv/analytics/types.hpp"

namespace cctv::analytics {

class Tracker {
 public:
  // Kalman motion model per track and two association passes, as ByteTrack does: confident
  // detections first, then weak ones, which may only continue tracks already being followed.
  struct Params {
    double high_score = 0.5;  // detections scoring at least this are confident, 0..1
    double low_score = 0.1;   // weaker ones are dropped; [low, high) only continue tracks, 0..high
    double new_track_score = 0.6;  // a confident detection this strong may start a track, >= high
    double min_iou = 0.2;          // first pass: IoU with the predicted box, 0..1
    double min_iou_weak = 0.4;     // second pass (weak detections), 0..1
    // Fallback association on feet distance, in person heights, when IoU is below min_iou
    // (small or fast people, long gaps between detections); 0 disables it.
    double max_anchor_distance = 0.6;
    int confirm_hits =
        2;  // detection rounds a new track must be matched in before it is reported, >= 1
    int max_missed = 10;  // detection rounds a track survives unmatched (occlusion), >= 0
    // Detection rounds a track lost while standing still survives, held where it stood: a
    // loiterer hidden behind a sign or a group is still there. >= max_missed.
    int max_held = 50;
    // The detector boxes each person apart (YOLOX), so a confident box around several tracked
    // people shows them all. Motion blobs do not: they split one person into parts that may be
    // tracked apart, and merge them again.
    bool boxes_are_people = true;
  };
  // The defaults, with max_missed and max_held worth 2 s and 10 s at this many detection
  // rounds per second (> 0).
  static Params at_detection_rate(double rounds_per_s);

  virtual ~Tracker() = default;
  // A detector ran on this frame. Returns the confirmed tracks a confident detection matched
  // in this round: where people are, as sure as the detector is.
  virtual std::vector<Track> update(const std::vector<Detection>& detections, Timestamp ts) = 0;
  // No detector ran on this frame: the tracks follow their motion model and nobody is lost.
  // Returns what update() last returned, moved on.
  virtual std::vector<Track> predict(Timestamp ts) = 0;
  // Who is still there, as zone rules count people: those update() or predict() returned, the
  // confirmed people only a weak detection matched in the last round (half hidden), and
  // walkers coasting through an occlusion (max_missed rounds at most) where their motion puts
  // them: one person hiding another in a group of three is still a group of three. Not those
  // held after they were lost standing: they may have walked off unseen.
  virtual std::vector<Track> present() const = 0;
  // Where every live track expects its person now, those unseen lately included (a walker
  // coasting through an occlusion, someone held where they stood).
  virtual std::vector<Box> expected_people() const = 0;

  static std::unique_ptr<Tracker> create(const Params& params);
  static std::unique_ptr<Tracker> create() { return create(Params{}); }
};

}  // namespace cctv::analytics
