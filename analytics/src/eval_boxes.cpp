// SPDX-License-Identifier: Apache-2.0
// Box-level scores: detection precision/recall, CLEAR-MOT (MOTA, ID switches) and IDF1.
#include <algorithm>
#include <map>
#include <stdexcept>

#include "assignment.hpp"
#include "cctv/analytics/evaluation.hpp"

namespace cctv::analytics {
namespace {

// Costs are 1 - IoU; a pair is allowed up to IoU == kMatchIou. Leaving a box unmatched costs
// more than any match, so the matching has as many pairs as possible (CLEAR-MOT).
constexpr double kMaxCost = 1.0 - kMatchIou + 1e-9;
constexpr double kUnmatchedCost = 2.0;

void check_lengths(const TrackSequence& truth, const TrackSequence& predicted) {
  if (truth.size() != predicted.size()) {
    throw std::invalid_argument("evaluation: ground truth has " + std::to_string(truth.size()) +
                                " frames but the prediction " + std::to_string(predicted.size()));
  }
}

// Matches truth[i] to predicted[pick[i]] (or -1); `forced` pairs are kept first.
std::vector<int> match_frame(const std::vector<Track>& truth, const std::vector<Track>& predicted,
                             const std::vector<int>& forced = {}) {
  std::vector<std::vector<double>> cost(truth.size(), std::vector<double>(predicted.size()));
  for (std::size_t g = 0; g < truth.size(); ++g) {
    for (std::size_t p = 0; p < predicted.size(); ++p)
      cost[g][p] = 1.0 - iou(truth[g].box, predicted[p].box);
  }
  // A forced pair costs less than any other, so the optimum keeps every one of them.
  for (std::size_t g = 0; g < forced.size(); ++g) {
    if (forced[g] >= 0) cost[g][static_cast<std::size_t>(forced[g])] = -1.0;
  }
  return assign_min_cost(cost, kMaxCost, kUnmatchedCost);
}

double ratio(long num, long den) {
  return den == 0 ? 1.0 : static_cast<double>(num) / static_cast<double>(den);
}

// Previous matches (truth id -> predicted id) still valid in this frame, as forced pairs.
std::vector<int> kept_matches(const std::vector<Track>& truth, const std::vector<Track>& predicted,
                              const std::map<std::int64_t, std::int64_t>& previous) {
  std::vector<int> forced(truth.size(), -1);
  for (std::size_t g = 0; g < truth.size(); ++g) {
    const auto it = previous.find(truth[g].id);
    if (it == previous.end()) continue;
    for (std::size_t p = 0; p < predicted.size(); ++p) {
      if (predicted[p].id == it->second && iou(truth[g].box, predicted[p].box) >= kMatchIou) {
        forced[g] = static_cast<int>(p);
      }
    }
  }
  return forced;
}

double idf1(const TrackSequence& truth, const TrackSequence& predicted) {
  std::map<std::int64_t, std::size_t> gt_index, pred_index;
  std::map<std::pair<std::size_t, std::size_t>, long> together;
  long gt_boxes = 0, pred_boxes = 0;
  for (std::size_t f = 0; f < truth.size(); ++f) {
    gt_boxes += static_cast<long>(truth[f].tracks.size());
    pred_boxes += static_cast<long>(predicted[f].tracks.size());
    for (const Track& g : truth[f].tracks) {
      for (const Track& p : predicted[f].tracks) {
        if (iou(g.box, p.box) < kMatchIou) continue;
        const std::size_t gi = gt_index.try_emplace(g.id, gt_index.size()).first->second;
        const std::size_t pi = pred_index.try_emplace(p.id, pred_index.size()).first->second;
        ++together[{gi, pi}];
      }
    }
  }
  // Maximise the frames shared by one-to-one identity pairs (cost = -frames together).
  std::vector<std::vector<double>> cost(gt_index.size(),
                                        std::vector<double>(pred_index.size(), 0.0));
  for (const auto& [pair, n] : together) cost[pair.first][pair.second] = -static_cast<double>(n);
  const std::vector<int> pick = assign_min_cost(cost, 0.0, 0.0);
  long idtp = 0;
  for (std::size_t g = 0; g < pick.size(); ++g) {
    if (pick[g] >= 0) idtp += together[{g, static_cast<std::size_t>(pick[g])}];
  }
  return gt_boxes + pred_boxes == 0
             ? 1.0
             : 2.0 * static_cast<double>(idtp) / static_cast<double>(gt_boxes + pred_boxes);
}

}  // namespace

DetectionScore score_detections(const TrackSequence& truth, const TrackSequence& predicted) {
  check_lengths(truth, predicted);
  DetectionScore s;
  for (std::size_t f = 0; f < truth.size(); ++f) {
    const std::vector<int> pick = match_frame(truth[f].tracks, predicted[f].tracks);
    const long matched = std::count_if(pick.begin(), pick.end(), [](int p) { return p >= 0; });
    s.true_positives += matched;
    s.false_negatives += static_cast<long>(truth[f].tracks.size()) - matched;
    s.false_positives += static_cast<long>(predicted[f].tracks.size()) - matched;
  }
  s.precision = ratio(s.true_positives, s.true_positives + s.false_positives);
  s.recall = ratio(s.true_positives, s.true_positives + s.false_negatives);
  return s;
}

TrackingScore score_tracking(const TrackSequence& truth, const TrackSequence& predicted) {
  check_lengths(truth, predicted);
  TrackingScore s;
  std::map<std::int64_t, std::int64_t> last_match;  // truth id -> predicted id it last had
  long errors = 0, gt_boxes = 0;
  for (std::size_t f = 0; f < truth.size(); ++f) {
    const auto& gt = truth[f].tracks;
    const auto& pr = predicted[f].tracks;
    const std::vector<int> pick = match_frame(gt, pr, kept_matches(gt, pr, last_match));
    long matched = 0;
    for (std::size_t g = 0; g < gt.size(); ++g) {
      if (pick[g] < 0) continue;
      ++matched;
      const std::int64_t pid = pr[static_cast<std::size_t>(pick[g])].id;
      const auto [it, first] = last_match.try_emplace(gt[g].id, pid);
      if (!first && it->second != pid) ++s.id_switches;
      it->second = pid;
    }
    gt_boxes += static_cast<long>(gt.size());
    errors += static_cast<long>(gt.size()) - matched + static_cast<long>(pr.size()) - matched;
  }
  errors += s.id_switches;
  s.mota = gt_boxes == 0 ? 1.0 : 1.0 - static_cast<double>(errors) / static_cast<double>(gt_boxes);
  s.idf1 = idf1(truth, predicted);
  return s;
}

}  // namespace cctv::analytics
