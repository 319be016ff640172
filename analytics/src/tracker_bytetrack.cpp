// SPDX-License-Identifier: Apache-2.0
// ByteTrack-style tracker: a Kalman filter predicts each track; confident detections are
// assigned first (Hungarian, IoU with a feet-distance fallback), then weak detections may
// continue the tracks being followed or those held, then tentative tracks get their chance.
// Tracks are reported once confirmed and only while matched by a confident detection (weak
// ones keep the id: in street footage most weak boxes that continue a track are clutter, so
// they are not reported as people, only counted as present). A walker who goes unseen coasts
// on the motion model for max_missed detection rounds, so a short occlusion keeps the id; a
// person lost while standing still is held where they stood for max_held rounds.
//
// Without appearance, people who cross or stand close together are told apart by where they
// can be: someone standing only takes a box at their feet and of their height; a confident box
// around two tracked people (one walking past the other, a couple) shows them both where their
// motion puts them and moves nobody; a box showing part of a person (behind a pillar) is
// matched on where the whole person would stand.
#include <algorithm>
#include <cmath>

#include "appearance.hpp"
#include "assignment.hpp"
#include "cctv/analytics/tracker.hpp"
#include "kalman_box.hpp"
#include "partial_view.hpp"

namespace cctv::analytics {
namespace {

// The feet-distance fallback only pairs boxes whose heights differ by less than this factor.
constexpr double kMaxHeightRatio = 1.6;
// The feet-distance gate widens by this many person heights per second a track goes unseen:
// its motion model's guess grows less certain the longer it coasts.
constexpr double kGateGrowthPerSecond = 0.5;
// Someone whose feet stay within kStandRadius person heights of one spot for kMinStand_s
// stands there; a walker who slows for a step does not. Feet that drift off the spot slower
// than kStandDrift person heights per second still stand (the spot follows them): the boxes
// around someone standing half hidden wander as different parts of them show, a walker's feet
// move twenty times faster. Faster feet start a new spot, and a walker's stay on none.
constexpr double kStandRadius = 0.25;
constexpr double kMinStand_s = 2.0;
constexpr double kStandDrift = 0.05;
// Someone standing only takes a box with the feet this close (person heights) to where they
// stand and a height within this factor of theirs, however much another box overlaps them: a
// box that reaches lower or higher holds someone passing in front or behind.
constexpr double kStandGate = 0.3;
constexpr double kStandHeightRatio = 1.25;
// A box holds a tracked person when at least this share of their predicted box is inside it.
constexpr double kHoldsShare = 0.6;
// How many times less certain the size of a partial view is than that of a whole one.
constexpr double kPartialSizeDoubt = 10;
// Weight of each new whole view in a person's remembered shape (width / height).
constexpr double kShapeSmoothing = 0.2;
// A box this close to the frame's edge (normalised) may belong to someone stepping out of view.
constexpr double kEdgeMargin = 0.01;
// How long tracks survive unseen, for Tracker::at_detection_rate.
constexpr double kMaxMissed_s = 2.0;
constexpr double kMaxHeld_s = 10.0;
// Colours (appearance.hpp): a track's are learnt from this many clear views before they count;
// each new clear view moves them this share of the way (about the last ten views). A box whose
// colours are further than kMaxLookDistance from the track's is someone else, whatever the
// geometry says: for one person seen twice the distance is mostly below 0.5 (shade, pose), for
// two people mostly above it, and 0.75 rejects only the clearly different, since rejecting the
// right person costs an id. Nearer, the distance is added to the cost as it is: colour and
// geometry (1 - IoU) are both 0..1 and neither is trusted over the other.
constexpr int kMinLooks = 3;
constexpr double kLookLearning = 0.1;
constexpr double kMaxLookDistance = 0.75;
constexpr double kLookWeight = 1.0;
// Assignment costs: 1 - IoU in [0, 1); fallback pairs in [1, 2); the colour term on top;
// anything else is forbidden.
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
  int missed = 0;             // consecutive detection rounds without a match
  int weak_run = 0;           // consecutive rounds matched by weak detections only
  Point spot;                 // where they stand: set where the feet left the last, then
                              // following slow drift ...
  Timestamp on_spot_since{};  // ... and since when the feet have stayed near it
  bool held = false;          // lost while standing: waits where they stood, unmoving
  double shape = 0;           // width / height of their box when seen whole, smoothed
  std::vector<float> look;    // colours from clear views, smoothed
  int looks = 0;              // clear views learnt
};

bool near_frame_edge(const Box& b) {
  return b.x < kEdgeMargin || b.y < kEdgeMargin || b.x + b.w > 1 - kEdgeMargin ||
         b.y + b.h > 1 - kEdgeMargin;
}

// How far apart two feet positions are, in the track's person heights (horizontally, their
// width in standing-person proportions). Its box may be narrowed by a pillar or cut short by a
// car; the person's shape when seen whole restores the other dimension.
double heights_apart(const Tracklet& t, Point a, Point b) {
  const Box p = t.motion.box();
  const double w = std::max(p.w, p.h * t.shape), h = std::max(p.h, p.w / t.shape);
  return std::hypot((a.x - b.x) / (w * kPersonAspect), (a.y - b.y) / h);
}

// Confirmed and standing: on one spot for kMinStand_s until last seen.
bool is_standing(const Tracklet& t) {
  return t.id != 0 && seconds_between(t.on_spot_since, t.last_seen) >= kMinStand_s;
}

class ByteTracker final : public Tracker {
 public:
  explicit ByteTracker(const Params& p) : params_(p) {}

  std::vector<Track> update(const std::vector<Detection>& detections, Timestamp ts) override {
    advance(ts);
    round_boxes_.clear();
    group_boxes_.clear();
    for (const Detection& d : detections) round_boxes_.push_back(d.box);
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
    auto was_followed = [&](const Tracklet& t) {
      return t.id != 0 && t.missed == 0 && may_take_weak(t);
    };
    auto is_held = [&](const Tracklet& t) { return t.held && may_take_weak(t); };
    auto is_tentative = [](const Tracklet& t) { return t.id == 0; };
    strong = associate(strong, is_confirmed, params_.min_iou, matched, ts, true);
    if (params_.boxes_are_people) see_inside_groups(matched, ts);
    weak = associate(weak, was_followed, params_.min_iou_weak, matched, ts, false);
    // A weak box where a held person stood (half hidden behind a sign) is most likely them.
    associate(weak, is_held, params_.min_iou_weak, matched, ts, false);
    strong = associate(strong, is_tentative, params_.min_iou, matched, ts, true);
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

  std::vector<Track> present() const override {
    return tracks_matching([](const Tracklet& t) { return t.id != 0 && !t.held; });
  }

  std::vector<Box> expected_people() const override {
    std::vector<Box> out;
    for (const Tracklet& t : tracks_) out.push_back(t.motion.box());
    return out;
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
    const double where = place_cost(t, d, min_iou, ts);
    if (where >= kMaxCost || t.looks < kMinLooks || d.look.empty()) return where;
    const double colours = appearance_distance(t.look, d.look);
    if (colours > kMaxLookDistance) return kForbiddenCost;
    return std::min(where + kLookWeight * colours, std::nextafter(kMaxCost, 0.0));
  }

  // How well `d` fits where `t` should be, from boxes alone.
  double place_cost(const Tracklet& t, const Detection& d, double min_iou, Timestamp ts) const {
    if (t.label != d.label) return kForbiddenCost;
    const Box p = t.motion.box();
    const double overlap = iou(p, d.box);
    const bool standing = is_standing(t);
    if (overlap >= min_iou && !standing) return 1.0 - overlap;
    if (params_.max_anchor_distance <= 0) {
      return overlap >= min_iou ? 1.0 - overlap : kForbiddenCost;
    }
    // A box showing part of the person (a sliver beside a pillar, a head above a car) stands
    // for the whole person around it.
    const Box seen = is_partial_view(p, d.box) ? whole_person(p, d.box) : d.box;
    const double ratio = seen.h / p.h;
    const double max_ratio = standing ? kStandHeightRatio : kMaxHeightRatio;
    if (ratio > max_ratio || ratio < 1.0 / max_ratio) return kForbiddenCost;
    const double dist = heights_apart(t, p.anchor(), seen.anchor());
    const double limit = standing ? kStandGate
                                  : params_.max_anchor_distance +
                                        kGateGrowthPerSecond * seconds_between(t.last_seen, ts);
    if (dist >= limit) return kForbiddenCost;
    return overlap >= min_iou ? 1.0 - overlap : kFallbackCost + dist / limit;
  }

  // Weak detections bridge an occlusion, no longer than a confident sighting could be missing
  // (max_missed rounds, max_held for someone standing): a person really there is soon seen
  // clearly again, while a lamp post or a bin where someone stood scores weak for ever (and
  // static look-alikes are made weak on purpose, see CameraAnalytics) and would keep a ghost.
  bool may_take_weak(const Tracklet& t) const {
    return t.weak_run < (is_standing(t) ? params_.max_held : params_.max_missed);
  }

  // Assigns `detections` (confident ones when `sure`) to the unmatched tracks that pass
  // `eligible`; returns the detections left over.
  template <class Eligible>
  std::vector<const Detection*> associate(const std::vector<const Detection*>& detections,
                                          Eligible eligible, double min_iou,
                                          std::vector<bool>& matched, Timestamp ts, bool sure) {
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
      follow(tracks_[rows[r]], *detections[static_cast<std::size_t>(pick[r])], ts, sure);
    }
    std::vector<const Detection*> left;
    for (std::size_t c = 0; c < detections.size(); ++c) {
      if (!used[c]) left.push_back(detections[c]);
    }
    return left;
  }

  // A confident box around several tracked people (walking together, or one passing another)
  // sees them all, though it was assigned to one: the others followed until now are there too,
  // where their motion puts them.
  void see_inside_groups(std::vector<bool>& matched, Timestamp ts) {
    for (std::size_t i = 0; i < tracks_.size(); ++i) {
      Tracklet& t = tracks_[i];
      if (matched[i] || t.id == 0 || t.missed > 0 || t.held) continue;
      const bool inside = std::any_of(group_boxes_.begin(), group_boxes_.end(),
                                      [&](const Box& g) { return holds(g, t); });
      if (!inside) continue;
      matched[i] = true;
      t.last_seen = ts;
      t.shown = t.motion.box();
    }
  }

  // True when `b` holds `t` and another tracked person: one walking past the other.
  bool holds_two(const Tracklet& t, const Box& b) const {
    if (!holds(b, t)) return false;
    return std::any_of(tracks_.begin(), tracks_.end(), [&](const Tracklet& other) {
      return &other != &t && other.id != 0 && holds(b, other);
    });
  }

  // True when `b` holds most of where `t` is expected.
  static bool holds(const Box& b, const Tracklet& t) {
    return lies_within(t.motion.box(), b, kHoldsShare);
  }

  void follow(Tracklet& t, const Detection& d, Timestamp ts, bool sure) {
    const Box& b = d.box;
    const double unseen_s = seconds_between(t.last_seen, ts);
    t.last_seen = ts;
    t.missed = 0;
    t.weak_run = sure ? 0 : t.weak_run + 1;
    t.held = false;
    if (++t.hits >= params_.confirm_hits && t.id == 0) t.id = next_id_++;
    if (holds_two(t, b)) {
      // The person is in there somewhere: keep the id, trust the motion model for where.
      t.shown = t.motion.box();
      if (sure) group_boxes_.push_back(b);
      return;
    }
    t.shown = b;  // the filter lags a person who starts or stops; the detection does not
    const Box p = t.motion.box();
    Box whole = b;
    if (!sure || is_partial_view(p, b)) {
      // The whole person contains the part seen, which places them; its size says little (a
      // pillar or a sign cut it), so a partial view only slowly makes the person smaller. A
      // weak box is one too: it mostly scores low because part of the person is hidden, and
      // one shifted off the person's middle (not a partial view by shape) would otherwise
      // shrink them until their whole self no longer fits their track.
      whole = whole_person(p, b);
      const Box placed{whole.x + (whole.w - b.w) / 2, whole.y + (whole.h - b.h) / 2, b.w, b.h};
      t.motion.correct(placed, kPartialSizeDoubt);
    } else {
      t.shape += kShapeSmoothing * (b.w / b.h - t.shape);
      t.motion.correct(b);
      if (sure) learn_look(t, d);
    }
    stay_or_move(t, whole.anchor(), ts, unseen_s);
  }

  // Feet kStandRadius from the spot start a new one. Nearer, the spot follows them, lagging
  // kStandRadius / kStandDrift seconds behind: feet drifting slower than kStandDrift stay
  // within kStandRadius of it, and the boxes' jitter around someone standing averages out.
  static void stay_or_move(Tracklet& t, Point feet, Timestamp ts, double unseen_s) {
    if (heights_apart(t, feet, t.spot) >= kStandRadius) {
      t.spot = feet;
      t.on_spot_since = ts;
      return;
    }
    const double follow = 1 - std::exp(-unseen_s * kStandDrift / kStandRadius);
    t.spot = {t.spot.x + follow * (feet.x - t.spot.x), t.spot.y + follow * (feet.y - t.spot.y)};
  }

  // Learns `d`'s colours into `t`'s when no other box of this round touches it: then they
  // are one person's. The first such view is taken whole (blend_appearance of an empty model).
  void learn_look(Tracklet& t, const Detection& d) const {
    const bool clear_view =
        std::none_of(round_boxes_.begin(), round_boxes_.end(),
                     [&](const Box& other) { return !(other == d.box) && iou(other, d.box) > 0; });
    if (d.look.empty() || !clear_view) return;
    blend_appearance(t.look, d.look, kLookLearning);
    ++t.looks;
  }

  void start(const Detection& d, Timestamp ts) {
    Tracklet t{0, KalmanBox(d.box), d.box, d.label, ts, ts, ts};
    t.spot = d.box.anchor();
    t.on_spot_since = ts;
    t.shape = d.box.w / d.box.h;
    learn_look(t, d);
    if (params_.confirm_hits <= 1) t.id = next_id_++;
    tracks_.push_back(std::move(t));
  }

  // Tentative tracks go at their first miss. A confirmed one standing inside the frame when
  // lost is held (stops moving) for max_held rounds; any other goes after max_missed rounds.
  void retire_unmatched(const std::vector<bool>& matched) {
    for (std::size_t i = 0; i < tracks_.size(); ++i) {
      Tracklet& t = tracks_[i];
      if (matched[i] || ++t.missed > 1) continue;
      // Unseen, a person stops growing or shrinking (as one passing behind a pillar seemed to).
      t.motion.keep_size();
      if (is_standing(t) && !near_frame_edge(t.shown)) {
        t.held = true;
        t.motion.stop();
      }
    }
    std::erase_if(tracks_, [&](const Tracklet& t) {
      return t.missed > 0 &&
             (t.id == 0 || t.missed > (t.held ? params_.max_held : params_.max_missed));
    });
  }

  std::vector<Track> reported() const {
    return tracks_matching(
        [](const Tracklet& t) { return t.id != 0 && t.missed == 0 && t.weak_run == 0; });
  }

  template <class Wanted>
  std::vector<Track> tracks_matching(Wanted wanted) const {
    std::vector<Track> out;
    for (const Tracklet& t : tracks_) {
      if (wanted(t)) out.push_back({t.id, t.shown, t.first_seen, t.last_seen, t.label});
    }
    std::sort(out.begin(), out.end(), [](const Track& a, const Track& b) { return a.id < b.id; });
    return out;
  }

  Params params_;
  std::vector<Tracklet> tracks_;
  std::vector<Box> round_boxes_;  // this round's detections
  std::vector<Box> group_boxes_;  // this round's confident boxes around several tracked people
  std::int64_t next_id_ = 1;
};

// Detection rounds in `seconds`, at least one.
int rounds(double seconds, double rounds_per_s) {
  return std::max(1, static_cast<int>(std::ceil(seconds * rounds_per_s)));
}

}  // namespace

Tracker::Params Tracker::at_detection_rate(double rounds_per_s) {
  Params p;
  p.max_missed = rounds(kMaxMissed_s, rounds_per_s);
  p.max_held = rounds(kMaxHeld_s, rounds_per_s);
  return p;
}

std::unique_ptr<Tracker> Tracker::create(const Params& params) {
  return std::make_unique<ByteTracker>(params);
}

}  // namespace cctv::analytics
