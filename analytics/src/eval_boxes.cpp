// SPDX-License-Identifier: Apache-2.0
// Box-level scores as the MOTChallenge scorer computes them: TrackEval
// (github.com/JonathonLuiten/TrackEval), trackeval/metrics/clear.py (CLEAR: MOTA, MOTP, ID
// switches, fragmentations, MT/PT/ML) and trackeval/metrics/identity.py (IDF1, IDP, IDR).
#include <algorithm>
#include <map>
#include <stdexcept>

#include "assignment.hpp"
#include "cctv/analytics/evaluation.hpp"
#include "eval_support.hpp"

namespace cctv::analytics {
namespace {

// clear.py: a pair that continues the true person's match of the previous frame outweighs
// any IoU, so matches are kept before the overlap is maximised.
constexpr double kContinuationBonus = 1000;
// clear.py: tracked in more than 80 % of its frames is "mostly tracked", under 20 % "mostly lost".
constexpr double kMostlyTracked = 0.8;
constexpr double kMostlyLost = 0.2;

double ratio(double num, double den) { return num / std::max(1.0, den); }

// Matches truth[i] to predicted[pick[i]] (or -1), maximising the sum over pairs at IoU >=
// kMatchIou of IoU + kContinuationBonus where the pair continues last frame's match.
std::vector<int> match_frame(const std::vector<Track>& truth, const std::vector<Track>& predicted,
                             const std::map<std::int64_t, std::int64_t>& previous_frame) {
  std::vector<std::vector<double>> cost(truth.size(), std::vector<double>(predicted.size(), 0.0));
  for (std::size_t g = 0; g < truth.size(); ++g) {
    const auto prev = previous_frame.find(truth[g].id);
    for (std::size_t p = 0; p < predicted.size(); ++p) {
      const double overlap = iou(truth[g].box, predicted[p].box);
      if (overlap < kMatchIou) continue;  // cost 0: never taken
      const bool continues = prev != previous_frame.end() && prev->second == predicted[p].id;
      cost[g][p] = -(overlap + (continues ? kContinuationBonus : 0.0));
    }
  }
  return assign_min_cost(cost, 0.0, 0.0);
}

struct PersonCounts {
  long frames = 0;
  long matched = 0;
  long spans = 0;  // runs of consecutive matched frames
};

void finish_clear(TrackingScore& s, double iou_sum,
                  const std::map<std::int64_t, PersonCounts>& people) {
  for (const auto& [id, c] : people) {
    const double tracked = static_cast<double>(c.matched) / static_cast<double>(c.frames);
    if (tracked > kMostlyTracked) {
      ++s.mostly_tracked;
    } else if (tracked >= kMostlyLost) {
      ++s.partly_tracked;
    } else {
      ++s.mostly_lost;
    }
    s.fragmentations += std::max(0L, c.spans - 1);
  }
  const auto tp = static_cast<double>(s.true_positives);
  s.precision = ratio(tp, static_cast<double>(s.predicted_boxes));
  s.recall = ratio(tp, static_cast<double>(s.gt_boxes));
  s.mota = ratio(tp - static_cast<double>(s.false_positives + s.id_switches),
                 static_cast<double>(s.gt_boxes));
  s.motp = ratio(iou_sum, tp);
}

// identity.py: every (true id, predicted id) pair counts the frames they overlap at IoU >=
// kMatchIou (any number of pairs per frame); one predicted id per true id is chosen to
// maximise the frames together (equivalently, to minimise IDFP + IDFN).
void score_identity(const TrackSequence& truth, const TrackSequence& predicted, TrackingScore& s) {
  std::map<std::int64_t, std::size_t> gt_index, pred_index;
  std::map<std::pair<std::size_t, std::size_t>, long> together;
  for (std::size_t f = 0; f < truth.size(); ++f) {
    for (const Track& g : truth[f].tracks) {
      for (const Track& p : predicted[f].tracks) {
        if (iou(g.box, p.box) < kMatchIou) continue;
        const std::size_t gi = gt_index.try_emplace(g.id, gt_index.size()).first->second;
        const std::size_t pi = pred_index.try_emplace(p.id, pred_index.size()).first->second;
        ++together[{gi, pi}];
      }
    }
  }
  std::vector<std::vector<double>> cost(gt_index.size(),
                                        std::vector<double>(pred_index.size(), 0.0));
  for (const auto& [pair, n] : together) cost[pair.first][pair.second] = -static_cast<double>(n);
  const std::vector<int> pick = assign_min_cost(cost, 0.0, 0.0);
  for (std::size_t g = 0; g < pick.size(); ++g) {
    if (pick[g] >= 0) s.idtp += together[{g, static_cast<std::size_t>(pick[g])}];
  }
  s.idfn = s.gt_boxes - s.idtp;
  s.idfp = s.predicted_boxes - s.idtp;
  const auto idtp = static_cast<double>(s.idtp);
  s.idf1 = ratio(idtp, idtp + 0.5 * static_cast<double>(s.idfp + s.idfn));
  s.idp = ratio(idtp, idtp + static_cast<double>(s.idfp));
  s.idr = ratio(idtp, idtp + static_cast<double>(s.idfn));
}

}  // namespace

TrackingScore score_tracking(const TrackSequence& truth, const TrackSequence& predicted) {
  check_lengths(truth, predicted);
  TrackingScore s;
  // IDSW compares with the last predicted id a person had, however long ago; the matching
  // bonus only continues a match from the frame just before (clear.py).
  std::map<std::int64_t, std::int64_t> last_match, previous_frame;
  std::map<std::int64_t, PersonCounts> people;
  double iou_sum = 0;
  for (std::size_t f = 0; f < truth.size(); ++f) {
    const auto& gt = truth[f].tracks;
    const auto& pr = predicted[f].tracks;
    s.gt_boxes += static_cast<long>(gt.size());
    s.predicted_boxes += static_cast<long>(pr.size());
    if (gt.empty() || pr.empty()) {
      // clear.py skips such a frame: it leaves the previous frame's matches in place, so a
      // person re-found after a frame with no predictions at all is no new fragment.
      for (const Track& g : gt) ++people[g.id].frames;
      s.false_negatives += static_cast<long>(gt.size());
      s.false_positives += static_cast<long>(pr.size());
      continue;
    }
    const std::vector<int> pick = match_frame(gt, pr, previous_frame);
    std::map<std::int64_t, std::int64_t> this_frame;
    for (std::size_t g = 0; g < gt.size(); ++g) {
      PersonCounts& person = people[gt[g].id];
      ++person.frames;
      if (pick[g] < 0) continue;
      const Track& p = pr[static_cast<std::size_t>(pick[g])];
      ++person.matched;
      if (!previous_frame.contains(gt[g].id)) ++person.spans;
      iou_sum += iou(gt[g].box, p.box);
      const auto [it, first] = last_match.try_emplace(gt[g].id, p.id);
      if (!first && it->second != p.id) ++s.id_switches;
      it->second = p.id;
      this_frame[gt[g].id] = p.id;
    }
    previous_frame = std::move(this_frame);
    const auto matched = static_cast<long>(previous_frame.size());
    s.true_positives += matched;
    s.false_negatives += static_cast<long>(gt.size()) - matched;
    s.false_positives += static_cast<long>(pr.size()) - matched;
  }
  finish_clear(s, iou_sum, people);
  score_identity(truth, predicted, s);
  return s;
}

}  // namespace cctv::analytics
