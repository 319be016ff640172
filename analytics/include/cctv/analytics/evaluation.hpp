// SPDX-License-Identifier: Apache-2.0
// Accuracy against ground truth, as pure functions over per-frame boxes (`cctv eval` feeds
// them from a video; tests from hand-made cases). Ground truth and predictions are both
// sequences of frames of Tracks (id, normalised box); frame k of one is frame k of the other.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cctv/analytics/types.hpp"
#include "cctv/common/event.hpp"
#include "cctv/config/config.hpp"

namespace cctv::analytics {

struct TrackFrame {
  Timestamp ts{};
  std::vector<Track> tracks;
};
using TrackSequence = std::vector<TrackFrame>;

// Boxes match when their IoU is at least this (MOTChallenge convention).
inline constexpr double kMatchIou = 0.5;

struct DetectionScore {
  long true_positives = 0;
  long false_positives = 0;
  long false_negatives = 0;
  double precision = 0;  // TP / (TP + FP); 1 when nothing was predicted
  double recall = 0;     // TP / (TP + FN); 1 when there was nothing to find
};
// Per frame, a one-to-one matching of boxes at IoU >= kMatchIou maximising the matches.
DetectionScore score_detections(const TrackSequence& truth, const TrackSequence& predicted);

struct TrackingScore {
  double mota = 0;  // 1 - (FN + FP + IDSW) / GT boxes (CLEAR-MOT); may be negative
  double idf1 = 0;  // 2 IDTP / (GT boxes + predicted boxes), ids matched once over the sequence
  long id_switches = 0;  // a true identity matched to a different predicted id than before
};
TrackingScore score_tracking(const TrackSequence& truth, const TrackSequence& predicted);

// Mean over frames and zones of |predicted count - true count|, where a count is the number
// of tracks the zone's rules would count (see zone_counts).
double zone_count_mae(const TrackSequence& truth, const TrackSequence& predicted,
                      const std::vector<config::Zone>& zones);

// One alarm episode: a loitering start (or crowding start) to its end.
struct Episode {
  std::string zone;
  Timestamp start{};
  Timestamp end{};  // the end event, or the last frame when the alarm was still open
};
// Pairs start and end events per zone and track; `last` closes episodes still open.
std::vector<Episode> episodes(const std::vector<Event>& events, EventType type, Timestamp last);

// The events the zones' rules raise on `tracks` (schedules ignored: always armed).
std::vector<Event> zone_events(const TrackSequence& tracks, const std::vector<config::Zone>& zones);

struct EpisodeScore {
  long matched = 0;
  double precision = 0;  // matched / predicted episodes; 1 when none were predicted
  double recall = 0;     // matched / true episodes; 1 when there were none
};
// One-to-one matching of episodes in the same zone whose time spans overlap.
EpisodeScore score_episodes(const std::vector<Episode>& truth,
                            const std::vector<Episode>& predicted);

// MOTChallenge ground truth "frame,id,x,y,w,h,..." (frame 1-based, pixel boxes) into
// `frames` frames of normalised tracks labelled person, timestamps t0 + k / fps.
// Throws std::invalid_argument naming the line of a malformed row.
TrackSequence parse_mot_ground_truth(std::string_view text, cv::Size frame_size, std::size_t frames,
                                     Timestamp t0, double fps);

}  // namespace cctv::analytics
