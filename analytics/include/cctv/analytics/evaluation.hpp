// SPDX-License-Identifier: Apache-2.0
// Accuracy against ground truth, as pure functions over per-frame boxes (`cctv eval` feeds
// them from a video; tests from hand-made cases). Ground truth and predictions are both
// sequences of frames of Tracks (id, normalised box); frame k of one is frame k of the other.
// Box scores follow the MOTChallenge scorer (TrackEval) for MOT15: see eval_boxes.cpp.
#pragma once

#include <cstdint>
#include <optional>
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

// CLEAR-MOT and identity scores as TrackEval computes them (metrics/clear.py, identity.py).
struct TrackingScore {
  long gt_boxes = 0;
  long predicted_boxes = 0;
  long true_positives = 0;
  long false_positives = 0;
  long false_negatives = 0;
  long id_switches = 0;     // a true person matched to another predicted id than last time
  long fragmentations = 0;  // a true person's tracked spans, minus one each
  long mostly_tracked = 0;  // true people matched in > 80 % of their frames
  long partly_tracked = 0;  // ... in 20 % to 80 %
  long mostly_lost = 0;     // ... in < 20 %
  double precision = 0;     // TP / predicted boxes (0 when none, as TrackEval)
  double recall = 0;        // TP / true boxes
  double mota = 0;          // (TP - FP - IDSW) / true boxes; may be negative
  double motp = 0;          // mean IoU of the matched pairs
  long idtp = 0, idfp = 0, idfn = 0;  // one predicted id per true person over the sequence
  double idf1 = 0;                    // IDTP / (IDTP + (IDFP + IDFN) / 2)
  double idp = 0;                     // IDTP / (IDTP + IDFP)
  double idr = 0;                     // IDTP / (IDTP + IDFN)
};
// Throws std::invalid_argument when the sequences differ in length.
TrackingScore score_tracking(const TrackSequence& truth, const TrackSequence& predicted);

// HOTA as TrackEval computes it (metrics/hota.py): each figure is the mean over IoU
// thresholds 0.05 to 0.95 of that threshold's value.
struct HotaScore {
  double hota = 0;  // sqrt(DetA x AssA)
  double deta = 0;  // detection: TP / (TP + FN + FP)
  double assa = 0;  // association: how much of each matched pair's tracks are one another
  double loca = 0;  // localisation: mean IoU of the matches
};
// Throws std::invalid_argument when the sequences differ in length.
HotaScore score_hota(const TrackSequence& truth, const TrackSequence& predicted);

// Mean over frames and zones of |predicted count - true count|, where a count is the number
// of tracks the zone's rules would count (see zone_counts).
double zone_count_mae(const TrackSequence& truth, const TrackSequence& predicted,
                      const std::vector<config::Zone>& zones);

// One alarm episode: a loitering start (or crowding start) to its end.
struct Episode {
  std::string zone;
  Timestamp start{};
  Timestamp end{};  // the end event, or the last frame when the alarm was still open
  std::vector<std::int64_t> track_ids;  // loitering: the person; crowding: the people at start
  Timestamp since{};                    // loitering: when the person entered (dwell start)
};
// Pairs start and end events per zone and track; `last` closes episodes still open.
std::vector<Episode> episodes(const std::vector<Event>& events, EventType type, Timestamp last);

// The events the zones' rules raise on `tracks` (schedules ignored: always armed).
std::vector<Event> zone_events(const TrackSequence& tracks, const std::vector<config::Zone>& zones);

// An alarm that starts more than this before or after the true one is not the same alarm: a
// few seconds covers a track confirmed a few frames late or an occlusion inside the rules'
// grace periods, and is still short of a new visit (dwell and crowd durations are tens of
// seconds in practice).
inline constexpr double kEpisodeStartTolerance_s = 5;

struct EpisodeScore {
  long truth = 0;
  long predicted = 0;
  long matched = 0;
  std::optional<double> precision;  // matched / predicted; none when nothing was predicted
  std::optional<double> recall;     // matched / truth; none when there was nothing to find
};
// One-to-one matching of `type` episodes (loitering or crowding) in the same zone whose starts
// are within `tolerance_s`, and that are about the same people:
// - loitering: the alarmed track overlaps the true person at IoU >= kMatchIou in most (more
//   than half) of the frames of the predicted dwell, from its entry to its alarm;
// - crowding: at least the rule's min_people of the tracks that raised the alarm each follow
//   a distinct true person (IoU >= kMatchIou in most of their frames of the episode).
EpisodeScore score_episodes(const TrackSequence& truth, const TrackSequence& predicted,
                            const std::vector<Episode>& truth_episodes,
                            const std::vector<Episode>& predicted_episodes,
                            const std::vector<config::Zone>& zones, EventType type,
                            double tolerance_s = kEpisodeStartTolerance_s);

// MOTChallenge ground truth "frame,id,x,y,w,h,conf,..." (frame 1-based, pixel boxes) into
// normalised tracks labelled person, timestamps t0 + k / fps. The sequence has `frames`
// frames, or up to the last ground-truth frame when that is later (those frames are then
// misses, as in the MOTChallenge scorer). Rows with conf 0 are dropped (see the .cpp).
// Throws std::invalid_argument naming the line of a malformed row.
TrackSequence parse_mot_ground_truth(std::string_view text, cv::Size frame_size, std::size_t frames,
                                     Timestamp t0, double fps);

// A MOTChallenge sequence's seqinfo.ini: its frames are <image_dir>/000001<image_ext> onwards,
// `length` of them, taken at `frame_rate` a second.
struct MotSequenceInfo {
  std::string name;
  std::string image_dir;
  std::string image_ext;
  double frame_rate = 0;
  long length = 0;
};

// Reads the [Sequence] section of a seqinfo.ini (`source` names it in errors). Throws
// std::invalid_argument naming the file, and the line where one is at fault, when a key the
// frames need (imDir, frameRate, seqLength, imExt) is missing or out of range.
MotSequenceInfo parse_mot_sequence_info(std::string_view text, const std::string& source);

}  // namespace cctv::analytics
