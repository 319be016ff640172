// SPDX-License-Identifier: Apache-2.0
// The evaluation metrics on tiny hand-made sequences whose scores can be worked out by hand.
#include <gtest/gtest.h>

#include "cctv/analytics/evaluation.hpp"

namespace cctv::analytics {
namespace {

const Timestamp kT0 = *parse_utc("2026-11-23T10:00:00Z");

Timestamp at(double s) {
  return kT0 + std::chrono::duration_cast<Millis>(std::chrono::duration<double>(s));
}

// A person-sized box with its left edge at x.
Track person(std::int64_t id, double x, double y = 0.2) {
  return {id, Box{x, y, 0.05, 0.15}, {}, {}};
}

TrackSequence frames(std::vector<std::vector<Track>> per_frame, double fps = 1) {
  TrackSequence seq;
  for (std::size_t k = 0; k < per_frame.size(); ++k)
    seq.push_back({at(static_cast<double>(k) / fps), per_frame[k]});
  return seq;
}

TEST(Analytics_Evaluation, detection_counts_matches_misses_and_false_alarms) {
  // Frame 1: one hit, one miss (no box near x=0.5). Frame 2: one hit, one false alarm, and a
  // box shifted by half its width (IoU 1/3 < 0.5) that is both a miss and a false alarm.
  const auto truth = frames({{person(1, 0.1), person(2, 0.5)}, {person(1, 0.1), person(3, 0.7)}});
  const auto pred = frames({{person(7, 0.1)}, {person(7, 0.1), person(8, 0.3), person(9, 0.725)}});
  const DetectionScore s = score_detections(truth, pred);
  EXPECT_EQ(s.true_positives, 2);
  EXPECT_EQ(s.false_negatives, 2);
  EXPECT_EQ(s.false_positives, 2);
  EXPECT_DOUBLE_EQ(s.precision, 0.5);
  EXPECT_DOUBLE_EQ(s.recall, 0.5);
}

TEST(Analytics_Evaluation, detection_matching_is_one_to_one_and_optimal) {
  // Best-IoU-first would pair 5 with truth 2 (IoU 0.90) and leave truth 1 and 6 unmatched;
  // the optimum pairs 5 with 1 and 6 with 2 (IoU 0.54 each).
  const auto truth = frames({{Track{1, {0.0, 0, 0.10, 0.1}}, Track{2, {0.035, 0, 0.10, 0.1}}}});
  const auto pred = frames({{Track{5, {0.03, 0, 0.10, 0.1}}, Track{6, {0.065, 0, 0.10, 0.1}}}});
  EXPECT_EQ(score_detections(truth, pred).true_positives, 2);
}

TEST(Analytics_Evaluation, mota_counts_an_id_switch_once) {
  // One person over four frames; the tracker calls them 7, 7, 8, 8.
  const auto truth =
      frames({{person(1, 0.1)}, {person(1, 0.1)}, {person(1, 0.1)}, {person(1, 0.1)}});
  const auto pred =
      frames({{person(7, 0.1)}, {person(7, 0.1)}, {person(8, 0.1)}, {person(8, 0.1)}});
  const TrackingScore s = score_tracking(truth, pred);
  EXPECT_EQ(s.id_switches, 1);
  EXPECT_DOUBLE_EQ(s.mota, 1.0 - 1.0 / 4.0);
  // IDF1: truth 1 <-> 7 share 2 frames; 2 * 2 / (4 + 4).
  EXPECT_DOUBLE_EQ(s.idf1, 0.5);
}

TEST(Analytics_Evaluation, mota_keeps_an_existing_match_when_another_box_fits_better) {
  // Track 7 follows truth 1; in frame 2 track 9 sits exactly on truth 1 and 7 still overlaps
  // it enough: CLEAR-MOT keeps 7, so there is no switch, and 9 is a false positive.
  const auto truth = frames({{person(1, 0.1)}, {person(1, 0.1)}});
  const auto pred = frames({{person(7, 0.1)}, {person(7, 0.108), person(9, 0.1)}});
  const TrackingScore s = score_tracking(truth, pred);
  EXPECT_EQ(s.id_switches, 0);
  EXPECT_DOUBLE_EQ(s.mota, 1.0 - 1.0 / 2.0);
}

TEST(Analytics_Evaluation, perfect_tracking_scores_one) {
  const auto truth = frames({{person(1, 0.1), person(2, 0.5)}, {person(1, 0.12), person(2, 0.48)}});
  auto pred = truth;
  for (auto& f : pred) {
    for (auto& t : f.tracks) t.id += 100;
  }
  const TrackingScore s = score_tracking(truth, pred);
  EXPECT_DOUBLE_EQ(s.mota, 1.0);
  EXPECT_DOUBLE_EQ(s.idf1, 1.0);
  EXPECT_EQ(s.id_switches, 0);
}

TEST(Analytics_Evaluation, sequences_of_different_length_are_an_error) {
  EXPECT_THROW(score_detections(frames({{}, {}}), frames({{}})), std::invalid_argument);
}

config::Zone left_half(config::ZoneRules rules = {}) {
  return {"left", "c1", "Left", {{0, 0}, {0.5, 0}, {0.5, 1}, {0, 1}}, rules};
}

TEST(Analytics_Evaluation, zone_count_error_is_averaged_over_frames_and_zones) {
  config::Zone right{"right", "c1", "Right", {{0.5, 0}, {1, 0}, {1, 1}, {0.5, 1}}, {}};
  // Frame 1: left 2 vs 1, right 0 vs 0. Frame 2: left 1 vs 1, right 0 vs 2. Sum 3 over 4.
  const auto truth = frames({{person(1, 0.1), person(2, 0.3)}, {person(1, 0.1)}});
  const auto pred = frames({{person(5, 0.1)}, {person(5, 0.1), person(6, 0.6), person(7, 0.8)}});
  EXPECT_DOUBLE_EQ(zone_count_mae(truth, pred, {left_half(), right}), 0.75);
}

TEST(Analytics_Evaluation, zone_count_respects_min_box_height_and_classes) {
  config::Zone zone = left_half();
  zone.min_box_height = 0.2;  // the 0.15-high people are too small
  const auto truth = frames({{}});
  EXPECT_DOUBLE_EQ(zone_count_mae(truth, frames({{person(1, 0.1)}}), {zone}), 0.0);
  zone.min_box_height = 0;
  Track bike = person(2, 0.1);
  bike.label = "bicycle";
  EXPECT_DOUBLE_EQ(zone_count_mae(truth, frames({{bike}}), {zone}), 0.0);
  EXPECT_DOUBLE_EQ(zone_count_mae(truth, frames({{person(1, 0.1)}}), {zone}), 1.0);
}

TEST(Analytics_Evaluation, loitering_episodes_from_tracks_follow_the_rule) {
  // Person 1 stays 0..12 s in the left half; person 2 only 0..3 s. Rule: 5 s dwell, 1 s grace.
  std::vector<std::vector<Track>> per_frame;
  for (int k = 0; k <= 20; ++k) {
    std::vector<Track> f;
    if (k <= 12) f.push_back(person(1, 0.1));
    if (k <= 3) f.push_back(person(2, 0.2));
    per_frame.push_back(f);
  }
  const auto seq = frames(per_frame);
  const auto zones = {left_half({.loitering = config::LoiteringRule{5, 1, 30}})};
  const std::vector<Episode> e =
      episodes(zone_events(seq, zones), EventType::loitering, seq.back().ts);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].zone, "left");
  EXPECT_EQ(e[0].start, at(5));
  EXPECT_EQ(e[0].end, at(14)) << "ends once absent for longer than grace (1 s after 12 s)";
}

TEST(Analytics_Evaluation, open_episodes_end_at_the_last_frame) {
  Event start;
  start.type = EventType::loitering;
  start.phase = EventPhase::start;
  start.zone = "z";
  start.track_ids = {4};
  start.ts = at(3);
  const auto e = episodes({start}, EventType::loitering, at(9));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].end, at(9));
}

TEST(Analytics_Evaluation, episodes_match_one_to_one_on_zone_and_overlap) {
  const std::vector<Episode> truth = {
      {"a", at(0), at(10)}, {"a", at(20), at(30)}, {"b", at(0), at(10)}};
  const std::vector<Episode> pred = {
      {"a", at(2), at(12)}, {"a", at(3), at(9)}, {"b", at(11), at(15)}};
  // a[0..10] matches one of the first two predictions; the other has nothing left; a[20..30]
  // and b[0..10] overlap nothing in their zone.
  const EpisodeScore s = score_episodes(truth, pred);
  EXPECT_EQ(s.matched, 1);
  EXPECT_DOUBLE_EQ(s.precision, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.recall, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(score_episodes({}, {}).precision, 1.0);
}

TEST(Analytics_Evaluation, parses_motchallenge_ground_truth) {
  const std::string text =
      "1,3,11,21,10,20,1,-1,-1,-1\n2,3,13,21,10,20,1,-1,-1,-1\r\n\n9,4,1,1,5,5,1\n";
  const TrackSequence seq = parse_mot_ground_truth(text, {100, 200}, 3, kT0, 4);
  ASSERT_EQ(seq.size(), 3u);
  EXPECT_EQ(seq[1].ts, at(0.25));
  ASSERT_EQ(seq[0].tracks.size(), 1u);
  EXPECT_EQ(seq[0].tracks[0].id, 3);
  EXPECT_DOUBLE_EQ(seq[0].tracks[0].box.x, 0.1);
  EXPECT_DOUBLE_EQ(seq[0].tracks[0].box.y, 0.1);
  EXPECT_DOUBLE_EQ(seq[0].tracks[0].box.w, 0.1);
  EXPECT_DOUBLE_EQ(seq[0].tracks[0].box.h, 0.1);
  EXPECT_TRUE(seq[2].tracks.empty()) << "frame 9 lies beyond the 3 frames and is skipped";
}

TEST(Analytics_Evaluation, malformed_ground_truth_names_the_line) {
  try {
    parse_mot_ground_truth("1,1,0,0,5,5\n2,x,0,0,5,5\n", {10, 10}, 5, kT0, 1);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "ground truth line 2: field 2 'x' is not a number");
  }
  EXPECT_THROW(parse_mot_ground_truth("1,1,0,0\n", {10, 10}, 5, kT0, 1), std::invalid_argument);
}

}  // namespace
}  // namespace cctv::analytics
