// SPDX-License-Identifier: Apache-2.0
// HOTA (Luiten et al., IJCV 2020) as the MOTChallenge scorer computes it: TrackEval,
// trackeval/metrics/hota.py. Detection and association are scored apart at each IoU threshold
// alpha = 0.05, 0.10 ... 0.95 and the results averaged: HOTA_a = sqrt(DetA_a * AssA_a).
#include <cmath>
#include <map>

#include "assignment.hpp"
#include "cctv/analytics/evaluation.hpp"
#include "eval_support.hpp"

namespace cctv::analytics {
namespace {

constexpr int kAlphas = 19;                     // 0.05 to 0.95 in steps of 0.05
constexpr double kEps = 2.220446049250313e-16;  // numpy's float eps, as hota.py compares

double alpha(int a) { return 0.05 * (a + 1); }

using Pair = std::pair<std::int64_t, std::int64_t>;  // true id, predicted id

struct Counts {
  std::map<std::int64_t, double> gt_frames, pred_frames;
  std::map<Pair, double> alignment;  // how much each pair overlaps, summed over frames
};

using Matrix = std::vector<std::vector<double>>;

Matrix similarities(const TrackFrame& truth, const TrackFrame& pred) {
  Matrix s(truth.tracks.size(), std::vector<double>(pred.tracks.size(), 0.0));
  for (std::size_t g = 0; g < truth.tracks.size(); ++g)
    for (std::size_t p = 0; p < pred.tracks.size(); ++p)
      s[g][p] = iou(truth.tracks[g].box, pred.tracks[p].box);
  return s;
}

// hota.py's first pass: each pair's IoU, shared out against the other boxes each box overlaps
// in the frame, summed over the sequence; and each id's frame count. `iou[f]`: frame f's IoUs.
Counts count_alignment(const TrackSequence& truth, const TrackSequence& predicted,
                       const std::vector<Matrix>& iou) {
  Counts c;
  for (std::size_t f = 0; f < truth.size(); ++f) {
    const Matrix& s = iou[f];
    std::vector<double> row_sum(s.size(), 0.0), col_sum(predicted[f].tracks.size(), 0.0);
    for (std::size_t g = 0; g < s.size(); ++g)
      for (std::size_t p = 0; p < s[g].size(); ++p) {
        row_sum[g] += s[g][p];
        col_sum[p] += s[g][p];
      }
    for (std::size_t g = 0; g < s.size(); ++g)
      for (std::size_t p = 0; p < s[g].size(); ++p) {
        const double denominator = row_sum[g] + col_sum[p] - s[g][p];
        if (denominator > kEps)
          c.alignment[{truth[f].tracks[g].id, predicted[f].tracks[p].id}] += s[g][p] / denominator;
      }
    for (const Track& t : truth[f].tracks) ++c.gt_frames[t.id];
    for (const Track& t : predicted[f].tracks) ++c.pred_frames[t.id];
  }
  return c;
}

double global_alignment(const Counts& c, const Pair& pair) {
  const auto it = c.alignment.find(pair);
  if (it == c.alignment.end()) return 0;
  return it->second / (c.gt_frames.at(pair.first) + c.pred_frames.at(pair.second) - it->second);
}

struct PerAlpha {
  double tp = 0, fn = 0, fp = 0, loc = 0;
  std::map<Pair, double> matches;
};

}  // namespace

HotaScore score_hota(const TrackSequence& truth, const TrackSequence& predicted) {
  check_lengths(truth, predicted);
  std::vector<Matrix> iou;
  for (std::size_t f = 0; f < truth.size(); ++f)
    iou.push_back(similarities(truth[f], predicted[f]));
  const Counts counts = count_alignment(truth, predicted, iou);
  std::vector<PerAlpha> per(kAlphas);
  for (std::size_t f = 0; f < truth.size(); ++f) {
    const auto& gt = truth[f].tracks;
    const auto& pr = predicted[f].tracks;
    const Matrix& s = iou[f];
    // One matching a frame, for every alpha: the pairs that are aligned over the whole
    // sequence and overlap here are preferred (hota.py maximises alignment x IoU).
    Matrix cost(gt.size(), std::vector<double>(pr.size(), 0.0));
    for (std::size_t g = 0; g < gt.size(); ++g)
      for (std::size_t p = 0; p < pr.size(); ++p)
        cost[g][p] = -global_alignment(counts, {gt[g].id, pr[p].id}) * s[g][p];
    const std::vector<int> pick = gt.empty() || pr.empty() ? std::vector<int>(gt.size(), -1)
                                                           : assign_min_cost(cost, 0.0, 0.0);
    for (int a = 0; a < kAlphas; ++a) {
      PerAlpha& r = per[static_cast<std::size_t>(a)];
      double matched = 0;
      for (std::size_t g = 0; g < gt.size(); ++g) {
        if (pick[g] < 0) continue;
        const auto p = static_cast<std::size_t>(pick[g]);
        if (s[g][p] < alpha(a) - kEps) continue;
        ++matched;
        r.loc += s[g][p];
        ++r.matches[{gt[g].id, pr[p].id}];
      }
      r.tp += matched;
      r.fn += static_cast<double>(gt.size()) - matched;
      r.fp += static_cast<double>(pr.size()) - matched;
    }
  }
  HotaScore out;
  for (const PerAlpha& r : per) {
    // Each match weighs by how well its pair is associated over the sequence.
    double association = 0;
    for (const auto& [pair, n] : r.matches) {
      const double union_frames =
          counts.gt_frames.at(pair.first) + counts.pred_frames.at(pair.second) - n;
      association += n * n / std::max(1.0, union_frames);
    }
    const double det_a = r.tp / std::max(1.0, r.tp + r.fn + r.fp);
    const double ass_a = association / std::max(1.0, r.tp);
    out.hota += std::sqrt(det_a * ass_a) / kAlphas;
    out.deta += det_a / kAlphas;
    out.assa += ass_a / kAlphas;
    out.loca += std::max(1e-10, r.loc) / std::max(1e-10, r.tp) / kAlphas;
  }
  return out;
}

}  // namespace cctv::analytics
