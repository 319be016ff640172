// SPDX-License-Identifier: Apache-2.0
// The evaluation metrics on tiny hand-made sequences whose scores can be worked out by hand.
#include <gtest/gtest.h>

#include <cmath>

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

TEST(Analytics_Evaluation, clear_counts_matches_misses_and_false_alarms) {
  // Frame 1: one hit, one miss (no box near x=0.5). Frame 2: one hit, one false alarm, and a
  // box shifted by half its width (IoU 1/3 < 0.5) that is both a miss and a false alarm.
  const auto truth = frames({{person(1, 0.1), person(2, 0.5)}, {person(1, 0.1), person(3, 0.7)}});
  const auto pred = frames({{person(7, 0.1)}, {person(7, 0.1), person(8, 0.3), person(9, 0.725)}});
  const TrackingScore s = score_tracking(truth, pred);
  EXPECT_EQ(s.true_positives, 2);
  EXPECT_EQ(s.false_negatives, 2);
  EXPECT_EQ(s.false_positives, 2);
  EXPECT_DOUBLE_EQ(s.precision, 0.5);
  EXPECT_DOUBLE_EQ(s.recall, 0.5);
}

TEST(Analytics_Evaluation, box_matching_is_one_to_one_and_maximises_the_iou_sum) {
  // Best-IoU-first would pair 5 with truth 2 (IoU 0.90) and leave truth 1 and 6 unmatched;
  // the optimum (TrackEval: maximal IoU sum) pairs 5 with 1 and 6 with 2 (IoU 0.54 each).
  const auto truth = frames({{Track{1, {0.0, 0, 0.10, 0.1}}, Track{2, {0.035, 0, 0.10, 0.1}}}});
  const auto pred = frames({{Track{5, {0.03, 0, 0.10, 0.1}}, Track{6, {0.065, 0, 0.10, 0.1}}}});
  EXPECT_EQ(score_tracking(truth, pred).true_positives, 2);
}

// One person over four frames, whom the tracker calls 7, 7, 8, 8: truth, then prediction.
std::pair<TrackSequence, TrackSequence> called_7_then_8() {
  return {frames({{person(1, 0.1)}, {person(1, 0.1)}, {person(1, 0.1)}, {person(1, 0.1)}}),
          frames({{person(7, 0.1)}, {person(7, 0.1)}, {person(8, 0.1)}, {person(8, 0.1)}})};
}

TEST(Analytics_Evaluation, mota_counts_an_id_switch_once) {
  // One person over four frames; the tracker calls them 7, 7, 8, 8.
  const auto [truth, pred] = called_7_then_8();
  const TrackingScore s = score_tracking(truth, pred);
  EXPECT_EQ(s.id_switches, 1);
  EXPECT_DOUBLE_EQ(s.mota, 1.0 - 1.0 / 4.0);
  // IDF1: truth 1 <-> 7 share 2 frames; 2 * 2 / (4 + 4).
  EXPECT_DOUBLE_EQ(s.idf1, 0.5);
  EXPECT_EQ(s.fragmentations, 0) << "tracked throughout, only under another id";
}

TEST(Analytics_Evaluation, a_match_is_continued_only_from_the_frame_just_before) {
  // Track 7 follows truth 1, loses it for a frame (8 is elsewhere), then both 7 (IoU 0.72)
  // and 9 (IoU 1) cover it. Without a match in the frame before, TrackEval takes the better
  // overlap, 9: an ID switch against the last id, 7, and a second tracked span.
  const auto truth = frames({{person(1, 0.1)}, {person(1, 0.1)}, {person(1, 0.1)}});
  const auto pred =
      frames({{person(7, 0.1)}, {person(8, 0.5)}, {person(7, 0.108), person(9, 0.1)}});
  const TrackingScore s = score_tracking(truth, pred);
  EXPECT_EQ(s.id_switches, 1);
  EXPECT_EQ(s.fragmentations, 1);
  EXPECT_EQ(s.true_positives, 2);
  EXPECT_EQ(s.false_positives, 2);
  EXPECT_DOUBLE_EQ(s.mota, (2.0 - 2.0 - 1.0) / 3.0);
}

TEST(Analytics_Evaluation, a_frame_without_predictions_keeps_the_previous_matches) {
  // As above, but the middle frame has no predicted box at all: TrackEval's CLEAR skips such
  // frames, so 7 still continues the match: no switch, no new fragment.
  const auto truth = frames({{person(1, 0.1)}, {person(1, 0.1)}, {person(1, 0.1)}});
  const auto pred = frames({{person(7, 0.1)}, {}, {person(7, 0.108), person(9, 0.1)}});
  const TrackingScore s = score_tracking(truth, pred);
  EXPECT_EQ(s.id_switches, 0);
  EXPECT_EQ(s.fragmentations, 0);
  EXPECT_EQ(s.false_negatives, 1);
}

TEST(Analytics_Evaluation, people_are_mostly_tracked_partly_tracked_or_mostly_lost) {
  // Ten frames. Person 1 is matched in 9 (> 80 %: MT), person 2 in 2, at frames 0 and 5
  // (20 %: PT, and two spans: one fragmentation), person 3 in 1 (10 %: ML).
  std::vector<std::vector<Track>> t, p;
  for (int k = 0; k < 10; ++k) {
    t.push_back({person(1, 0.1), person(2, 0.4), person(3, 0.7)});
    p.push_back({});
    if (k < 9) p.back().push_back(person(11, 0.1));
    if (k == 0 || k == 5) p.back().push_back(person(12, 0.4));
    if (k == 0) p.back().push_back(person(13, 0.7));
  }
  const TrackingScore s = score_tracking(frames(t), frames(p));
  EXPECT_EQ(s.mostly_tracked, 1);
  EXPECT_EQ(s.partly_tracked, 1);
  EXPECT_EQ(s.mostly_lost, 1);
  EXPECT_EQ(s.fragmentations, 1);
}

TEST(Analytics_Evaluation, motp_is_the_mean_iou_of_the_matches) {
  // IoU 1 in frame 1; in frame 2 the box is shifted by a fifth of its width: 0.08 / 0.12.
  const auto truth = frames({{Track{1, {0.0, 0, 0.1, 0.1}}}, {Track{1, {0.0, 0, 0.1, 0.1}}}});
  const auto pred = frames({{Track{5, {0.0, 0, 0.1, 0.1}}}, {Track{5, {0.02, 0, 0.1, 0.1}}}});
  EXPECT_NEAR(score_tracking(truth, pred).motp, (1.0 + 2.0 / 3.0) / 2, 1e-9);
}

TEST(Analytics_Evaluation, identity_precision_and_recall) {
  // Truth 1 over four frames is 7 then 8; 9 is a false box in frame 1. The best identity
  // pair keeps 2 frames: IDTP 2, IDFN 4 - 2, IDFP 5 - 2.
  const auto truth =
      frames({{person(1, 0.1)}, {person(1, 0.1)}, {person(1, 0.1)}, {person(1, 0.1)}});
  const auto pred = frames(
      {{person(7, 0.1), person(9, 0.6)}, {person(7, 0.1)}, {person(8, 0.1)}, {person(8, 0.1)}});
  const TrackingScore s = score_tracking(truth, pred);
  EXPECT_EQ(s.idtp, 2);
  EXPECT_EQ(s.idfn, 2);
  EXPECT_EQ(s.idfp, 3);
  EXPECT_DOUBLE_EQ(s.idp, 2.0 / 5.0);
  EXPECT_DOUBLE_EQ(s.idr, 2.0 / 4.0);
  EXPECT_DOUBLE_EQ(s.idf1, 2.0 / (2.0 + 2.5));
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

// HOTA (TrackEval metrics/hota.py), averaged over the 19 IoU thresholds 0.05 ... 0.95.
TEST(Analytics_Evaluation, hota_of_perfect_tracking_is_one) {
  const auto truth = frames({{person(1, 0.1), person(2, 0.5)}, {person(1, 0.12), person(2, 0.5)}});
  const HotaScore h = score_hota(truth, truth);
  EXPECT_NEAR(h.hota, 1, 1e-12);
  EXPECT_NEAR(h.deta, 1, 1e-12);
  EXPECT_NEAR(h.assa, 1, 1e-12);
  EXPECT_NEAR(h.loca, 1, 1e-12);
}

TEST(Analytics_Evaluation, hota_halves_association_for_an_id_switch_halfway) {
  // One person over four frames, called 7, 7, 8, 8: every box is found (DetA 1); each of the
  // two matched pairs shares 2 frames of a union of 4, so AssA = (2 x 2/4 + 2 x 2/4) / 4.
  const auto [truth, pred] = called_7_then_8();
  const HotaScore h = score_hota(truth, pred);
  EXPECT_NEAR(h.deta, 1, 1e-12);
  EXPECT_NEAR(h.assa, 0.5, 1e-12);
  EXPECT_NEAR(h.hota, std::sqrt(0.5), 1e-12);
}

TEST(Analytics_Evaluation, hota_counts_a_false_track_against_detection_only) {
  // Truth: one person, two frames, found exactly; a second predicted track on nobody.
  // DetA = 2 / (2 + 0 + 2); association is perfect.
  const auto truth = frames({{person(1, 0.1)}, {person(1, 0.1)}});
  const auto pred = frames({{person(7, 0.1), person(9, 0.6)}, {person(7, 0.1), person(9, 0.6)}});
  const HotaScore h = score_hota(truth, pred);
  EXPECT_NEAR(h.deta, 0.5, 1e-12);
  EXPECT_NEAR(h.assa, 1, 1e-12);
  EXPECT_NEAR(h.hota, std::sqrt(0.5), 1e-12);
}

TEST(Analytics_Evaluation, hota_scores_a_loose_box_only_at_the_thresholds_it_passes) {
  // A box shifted by a fifth of its width: IoU 0.08 / 0.12 = 2/3, a match at the 13 thresholds
  // 0.05 ... 0.65 (HOTA 1 there) and at none of the 6 above (HOTA 0). TrackEval's LocA is 1
  // where nothing matched (1e-10 / 1e-10).
  const auto truth = frames({{Track{1, {0.1, 0.1, 0.1, 0.1}}}});
  const auto pred = frames({{Track{7, {0.12, 0.1, 0.1, 0.1}}}});
  const HotaScore h = score_hota(truth, pred);
  EXPECT_NEAR(h.hota, 13.0 / 19.0, 1e-9);
  EXPECT_NEAR(h.deta, 13.0 / 19.0, 1e-9);
  EXPECT_NEAR(h.loca, (13.0 * 2.0 / 3.0 + 6.0) / 19.0, 1e-9);
}

TEST(Analytics_Evaluation, sequences_of_different_length_are_an_error) {
  EXPECT_THROW(score_tracking(frames({{}, {}}), frames({{}})), std::invalid_argument);
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
  EXPECT_EQ(e[0].track_ids, std::vector<std::int64_t>{1});
  EXPECT_EQ(e[0].since, at(0)) << "the dwell that raised it began at entry";
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

// Frames 0..20 s at 1 fps; `who` maps a frame time to the tracks present.
template <typename F>
TrackSequence seconds_of(F who, int last_s = 20) {
  std::vector<std::vector<Track>> per_frame;
  for (int k = 0; k <= last_s; ++k) per_frame.push_back(who(k));
  return frames(per_frame);
}

const config::LoiteringRule kLoiter5s{5, 1, 30};

EpisodeScore loitering_score(const TrackSequence& truth, const TrackSequence& pred) {
  const std::vector<config::Zone> zones = {left_half({.loitering = kLoiter5s})};
  const Timestamp last = truth.back().ts;
  return score_episodes(
      truth, pred, episodes(zone_events(truth, zones), EventType::loitering, last),
      episodes(zone_events(pred, zones), EventType::loitering, last), zones, EventType::loitering);
}

TEST(Analytics_Evaluation, a_loitering_alarm_on_another_track_does_not_match) {
  // Person 1 stands at x = 0.1 for 20 s. Track 7 stands at x = 0.3 in the same zone at the
  // same time (a ghost); track 8 is on person 1. Only 8's alarm is the true one.
  const auto truth = seconds_of([](int) { return std::vector{person(1, 0.1)}; });
  const auto ghost_only = seconds_of([](int) { return std::vector{person(7, 0.3)}; });
  const EpisodeScore ghost = loitering_score(truth, ghost_only);
  EXPECT_EQ(ghost.matched, 0);
  EXPECT_EQ(ghost.precision, 0.0);
  EXPECT_EQ(ghost.recall, 0.0);
  const auto both = seconds_of([](int) { return std::vector{person(7, 0.3), person(8, 0.1)}; });
  const EpisodeScore s = loitering_score(truth, both);
  EXPECT_EQ(s.matched, 1);
  EXPECT_EQ(s.predicted, 2);
  EXPECT_EQ(s.precision, 0.5);
  EXPECT_EQ(s.recall, 1.0);
}

TEST(Analytics_Evaluation, a_loitering_alarm_must_follow_the_person_for_most_of_its_dwell) {
  // Track 8 alarms at 5 s, but it sits on person 1 only for frames 0..1 of its 6 dwell
  // frames (0..5 s) and on empty ground beside them for the rest.
  const auto truth = seconds_of([](int) { return std::vector{person(1, 0.1)}; });
  const auto pred = seconds_of([](int k) { return std::vector{person(8, k <= 1 ? 0.1 : 0.2)}; });
  EXPECT_EQ(loitering_score(truth, pred).matched, 0);
  // On the person for frames 0..3 of 0..5: most of the dwell.
  const auto most = seconds_of([](int k) { return std::vector{person(8, k <= 3 ? 0.1 : 0.2)}; });
  EXPECT_EQ(loitering_score(truth, most).matched, 1);
}

TEST(Analytics_Evaluation, a_loitering_alarm_must_start_within_the_tolerance) {
  // The true alarm is at 5 s. A track on the person from 3 s alarms at 8 s (3 s late:
  // matched); one from 6 s alarms at 11 s (6 s late: another alarm).
  const auto truth = seconds_of([](int) { return std::vector{person(1, 0.1)}; });
  const auto from = [](int born) {
    return seconds_of(
        [born](int k) { return k >= born ? std::vector{person(8, 0.1)} : std::vector<Track>{}; });
  };
  EXPECT_EQ(loitering_score(truth, from(3)).matched, 1);
  EXPECT_EQ(loitering_score(truth, from(6)).matched, 0);
}

TEST(Analytics_Evaluation, episode_precision_is_undefined_when_nothing_is_predicted) {
  const auto truth = seconds_of([](int) { return std::vector{person(1, 0.1)}; });
  const auto nobody = seconds_of([](int) { return std::vector<Track>{}; });
  const EpisodeScore s = loitering_score(truth, nobody);
  EXPECT_EQ(s.truth, 1);
  EXPECT_FALSE(s.precision.has_value());
  EXPECT_EQ(s.recall, 0.0);
  const EpisodeScore none = loitering_score(nobody, nobody);
  EXPECT_FALSE(none.precision.has_value());
  EXPECT_FALSE(none.recall.has_value());
}

TEST(Analytics_Evaluation, a_crowding_alarm_matches_only_when_its_people_are_real) {
  // Two people stand in the left half for 20 s: a crowd for a rule of 2 people for 2 s.
  const std::vector<config::Zone> zones = {
      left_half({.crowding = config::CrowdingRule{2, 2, 1, 1, 0}})};
  const auto truth = seconds_of([](int) { return std::vector{person(1, 0.1), person(2, 0.3)}; });
  const auto score = [&](const TrackSequence& pred) {
    const Timestamp last = truth.back().ts;
    return score_episodes(
        truth, pred, episodes(zone_events(truth, zones), EventType::crowding, last),
        episodes(zone_events(pred, zones), EventType::crowding, last), zones, EventType::crowding);
  };
  // Tracks on both people: the same crowd.
  EXPECT_EQ(score(seconds_of([](int) {
              return std::vector{person(7, 0.1), person(8, 0.3)};
            })).matched,
            1);
  // Person 1 and a ghost at x = 0.2: the count was right, but not because of the crowd.
  const EpisodeScore ghost = score(seconds_of([](int) {
    return std::vector{person(7, 0.1), person(9, 0.2)};
  }));
  EXPECT_EQ(ghost.predicted, 1);
  EXPECT_EQ(ghost.matched, 0);
}

TEST(Analytics_Evaluation, parses_motchallenge_ground_truth) {
  const std::string text =
      "1,3,11,21,10,20,1,-1,-1,-1\n2,3,13,21,10,20,1,-1,-1,-1\r\n\n5,4,1,1,5,5,1\n";
  const TrackSequence seq = parse_mot_ground_truth(text, {100, 200}, 3, kT0, 4);
  ASSERT_EQ(seq.size(), 5u) << "frame 5 lies beyond the 3 frames: the sequence grows";
  EXPECT_EQ(seq[1].ts, at(0.25));
  EXPECT_EQ(seq[4].ts, at(1.0));
  ASSERT_EQ(seq[0].tracks.size(), 1u);
  EXPECT_EQ(seq[0].tracks[0].id, 3);
  EXPECT_DOUBLE_EQ(seq[0].tracks[0].box.x, 0.1);
  EXPECT_DOUBLE_EQ(seq[0].tracks[0].box.y, 0.1);
  EXPECT_DOUBLE_EQ(seq[0].tracks[0].box.w, 0.1);
  EXPECT_DOUBLE_EQ(seq[0].tracks[0].box.h, 0.1);
  EXPECT_TRUE(seq[2].tracks.empty());
  ASSERT_EQ(seq[4].tracks.size(), 1u);
  EXPECT_EQ(seq[4].tracks[0].id, 4);
}

TEST(Analytics_Evaluation, ground_truth_beyond_the_video_is_missed) {
  // Two decoded frames, truth in three: the third is scored against nothing.
  const TrackSequence truth =
      parse_mot_ground_truth("1,1,1,1,5,5,1\n2,1,1,1,5,5,1\n3,1,1,1,5,5,1\n", {10, 10}, 2, kT0, 1);
  ASSERT_EQ(truth.size(), 3u);
  TrackSequence pred = {
      {truth[0].ts, truth[0].tracks}, {truth[1].ts, truth[1].tracks}, {truth[2].ts, {}}};
  const TrackingScore s = score_tracking(truth, pred);
  EXPECT_EQ(s.false_negatives, 1);
  EXPECT_DOUBLE_EQ(s.recall, 2.0 / 3.0);
}

TEST(Analytics_Evaluation, zero_marked_ground_truth_is_removed_and_boxes_on_it_are_false) {
  // MOT15 as TrackEval scores it: the conf 0 person (id 2) is not a person to find, and as
  // MOT15 has no distractor classes a predicted box on them stays a false positive.
  const TrackSequence truth =
      parse_mot_ground_truth("1,1,1,1,3,3,1\n1,2,6,6,3,3,0\n", {10, 10}, 1, kT0, 1);
  ASSERT_EQ(truth[0].tracks.size(), 1u);
  EXPECT_EQ(truth[0].tracks[0].id, 1);
  const TrackSequence pred =
      frames({{Track{7, {0.0, 0.0, 0.3, 0.3}}, Track{8, {0.5, 0.5, 0.3, 0.3}}}});
  const TrackingScore s = score_tracking(truth, pred);
  EXPECT_EQ(s.true_positives, 1);
  EXPECT_EQ(s.false_positives, 1);
  EXPECT_EQ(s.false_negatives, 0);
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

TEST(Analytics_Evaluation, reads_a_motchallenge_sequence_info) {
  // As the benchmark ships PETS09-S2L1's, with a comment, CRLF ends and another section.
  const std::string text =
      "; MOT15\r\n[Sequence]\r\nname=PETS09-S2L1\r\nimDir=img1\r\nframeRate = 7\r\n"
      "seqLength=795\r\nimWidth=768\r\nimHeight=576\r\nimExt=.jpg\r\n[Other]\r\nimDir=x\r\n";
  const MotSequenceInfo info = parse_mot_sequence_info(text, "seqinfo.ini");
  EXPECT_EQ(info.name, "PETS09-S2L1");
  EXPECT_EQ(info.image_dir, "img1");
  EXPECT_EQ(info.image_ext, ".jpg");
  EXPECT_DOUBLE_EQ(info.frame_rate, 7);
  EXPECT_EQ(info.length, 795);
  EXPECT_DOUBLE_EQ(parse_mot_sequence_info("[Sequence]\nimDir=a\nimExt=.png\nframeRate=12.5\n"
                                           "seqLength=3\n",
                                           "s")
                       .frame_rate,
                   12.5);
}

TEST(Analytics_Evaluation, a_sequence_info_at_fault_names_the_file_the_line_and_the_fix) {
  const auto error = [](const std::string& text) {
    try {
      parse_mot_sequence_info(text, "MOT/A/seqinfo.ini");
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string keys = "imDir=img1\nimExt=.jpg\nseqLength=10\n";
  EXPECT_EQ(error("[Sequence]\n" + keys),
            "MOT/A/seqinfo.ini: no frameRate= line under [Sequence]; add the frames a second it "
            "was taken at");
  EXPECT_EQ(error("[Sequence]\n" + keys + "frameRate=0\n"),
            "MOT/A/seqinfo.ini:5: frameRate '0' should be the frames a second it was taken at, "
            "a number above 0");
  EXPECT_EQ(error("[Sequence]\nimDir=img1\nimExt=.jpg\nseqLength=ten\nframeRate=7\n"),
            "MOT/A/seqinfo.ini:4: seqLength 'ten' should be the number of frames, a number "
            "above 0");
  EXPECT_EQ(error("[Sequence]\nimDir=\nimExt=.jpg\nseqLength=3\nframeRate=7\n"),
            "MOT/A/seqinfo.ini:2: imDir is empty; it should be the folder of the frames, e.g. "
            "img1");
  EXPECT_EQ(error("imDir=img1\nimExt=.jpg\nseqLength=3\nframeRate=7\n"),
            "MOT/A/seqinfo.ini: no imDir= line under [Sequence]; add the folder of the frames, "
            "e.g. img1")
      << "keys outside [Sequence] are not the sequence's";
}

}  // namespace
}  // namespace cctv::analytics
