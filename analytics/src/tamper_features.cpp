// SPDX-License-Identifier: Apache-2.0
// The tamper detector's features. Every threshold compares the frame with the reference of the
// same camera, as a ratio, so none depends on the scene's brightness, colour or content; the
// shares are of the view, so none depends on the resolution.
#include "tamper_features.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include <opencv2/imgproc.hpp>

namespace cctv::analytics::tamper {
namespace {

constexpr int kCellWidth = kSmallWidth / kGridCols;    // 10
constexpr int kCellHeight = kSmallHeight / kGridRows;  // 9
// Two rows of the frame per row of the small image are read (every 4th row of 640x360): each
// small pixel averages 2 x (width / 80) pixels, enough to quieten sensor noise, and reading a
// quarter of the frame keeps the cost to hundredths of a millisecond. The same rows give the
// fine detail.
constexpr int kRowsPerBand = 2;
// Dark cells are judged against this floor, so that sensor noise in a black area does not give
// it a large contrast (std / mean): grey levels.
constexpr float kDarkFloor = 16.f;
// A pixel of the reference with at least the view's mean gradient is structure a cover hides;
// it is blank now when its gradient fell below a tenth of that mean. A tenth: lights dimming
// the view to 40%, or fog halving its contrast, leave four or five times that.
constexpr double kStructure = 1.0;
constexpr double kBlank = 0.1;
// Only structure the reference saw in at least this share of recent frames is the scene's: a
// light moving across a dark view leaves a trail in the averaged edges that no frame shows.
constexpr double kPersistent = 0.5;
// A cell is judged only when the reference shows structure in it (half the view's mean
// gradient): a cell of sky or blank wall has nothing to lose or to move.
constexpr double kTexturedCell = 0.5;
// Edges of a cell match the reference when their correlation is at least this; people passing
// leave most of a static scene's edges correlated well above it, and a view shifted by more than
// a cell (~12% of the width) leaves them unrelated (around 0).
constexpr double kMatchedEdges = 0.3;
// Contrast (std / brightness) below this share of the reference's is contrast lost: fog blending
// 70% white leaves ~15%; the same scene at 40% brightness keeps 100%.
constexpr double kLostContrast = 0.45;
// Fine detail (full-resolution neighbour differences per unit of 1/8-scale gradient) below this
// share of the reference's: out of focus. Gain, monochrome and a bar across the view change both
// in proportion; a blur of a few pixels removes most of the fine and little of the coarse.
constexpr double kLostDetail = 0.5;
// "Most of the view": the shares of the judged view for each kind. Moving traffic or a vehicle
// filling half the frame stays under every one of them.
constexpr double kCoveredShare = 0.75;
constexpr double kObscuredShare = 0.7;
constexpr double kMovedShare = 0.6;
// Fewer textured cells, or cells with lasting structure, than this (a view that is black or
// blank to start with, or dark with one light moving about): no verdict.
constexpr int kMinTexturedCells = kCells / 4;

cv::Rect cell_rect(int c) {
  return {(c % kGridCols) * kCellWidth, (c / kGridCols) * kCellHeight, kCellWidth, kCellHeight};
}

cv::Mat gradient_magnitude(const cv::Mat& small) {
  cv::Mat edges(small.size(), CV_32F, cv::Scalar(0));
  for (int y = 0; y + 1 < small.rows; ++y) {
    const float* row = small.ptr<float>(y);
    const float* below = small.ptr<float>(y + 1);
    float* out = edges.ptr<float>(y);
    for (int x = 0; x + 1 < small.cols; ++x) {
      out[x] = std::abs(row[x + 1] - row[x]) + std::abs(below[x] - row[x]);
    }
  }
  return edges;
}

// The small image (the sampled rows averaged by area) and the fine detail of those rows.
cv::Mat reduce(const cv::Mat& luma, double& fine) {
  const int step = std::max(1, luma.rows / (kSmallHeight * kRowsPerBand));
  const int rows = (luma.rows - 1 - step / 2) / step + 1;
  const cv::Mat sampled(rows, luma.cols, CV_8UC1, const_cast<std::uint8_t*>(luma.ptr(step / 2)),
                        luma.step[0] * static_cast<std::size_t>(step));
  cv::Mat diff;
  cv::absdiff(sampled.colRange(1, luma.cols), sampled.colRange(0, luma.cols - 1), diff);
  fine = cv::sum(diff)[0] / static_cast<double>(std::max<std::size_t>(1, diff.total()));
  cv::Mat small8, small;
  cv::resize(sampled, small8, {kSmallWidth, kSmallHeight}, 0, 0, cv::INTER_AREA);
  small8.convertTo(small, CV_32F);
  return small;
}

struct Moments {
  double mean = 0, std = 0;
};

Moments moments(const cv::Mat& m, cv::Rect r) {
  double sum = 0, squares = 0;
  for (int y = r.y; y < r.y + r.height; ++y) {
    const float* row = m.ptr<float>(y);
    for (int x = r.x; x < r.x + r.width; ++x) sum += row[x], squares += row[x] * row[x];
  }
  const double n = r.area();
  const double mean = sum / n;
  return {mean, std::sqrt(std::max(0.0, squares / n - mean * mean))};
}

// Pearson correlation of two images over the same cell; 0 when either is flat.
double correlation(const cv::Mat& a, const cv::Mat& b, cv::Rect r) {
  const Moments ma = moments(a, r), mb = moments(b, r);
  if (ma.std < 1e-3 || mb.std < 1e-3) return 0;
  double cross = 0;
  for (int y = r.y; y < r.y + r.height; ++y) {
    const float* ra = a.ptr<float>(y);
    const float* rb = b.ptr<float>(y);
    for (int x = r.x; x < r.x + r.width; ++x) cross += (ra[x] - ma.mean) * (rb[x] - mb.mean);
  }
  return cross / r.area() / (ma.std * mb.std);
}

}  // namespace

Features measure(const cv::Mat& luma) {
  Features f;
  const cv::Mat small = reduce(luma, f.fine);
  f.edges = gradient_magnitude(small);
  double energy = 0;
  for (int c = 0; c < kCells; ++c) {
    const Moments m = moments(small, cell_rect(c));
    f.mean[c] = static_cast<float>(m.mean);
    f.contrast[c] = static_cast<float>(m.std / (m.mean + kDarkFloor));
    f.energy[c] = static_cast<float>(moments(f.edges, cell_rect(c)).mean);
    energy += f.energy[c];
  }
  f.coarse = energy / kCells;
  cv::Mat structured = f.edges >= kStructure * f.coarse;
  structured.convertTo(f.structure, CV_32F, 1.0 / 255);
  return f;
}

void blend(Features& reference, const Features& f, double weight) {
  cv::addWeighted(reference.edges, 1 - weight, f.edges, weight, 0, reference.edges);
  cv::addWeighted(reference.structure, 1 - weight, f.structure, weight, 0, reference.structure);
  const auto w = static_cast<float>(weight);
  for (int c = 0; c < kCells; ++c) {
    reference.mean[c] += w * (f.mean[c] - reference.mean[c]);
    reference.contrast[c] += w * (f.contrast[c] - reference.contrast[c]);
    reference.energy[c] += w * (f.energy[c] - reference.energy[c]);
  }
  reference.fine += weight * (f.fine - reference.fine);
  reference.coarse += weight * (f.coarse - reference.coarse);
}

TamperVerdict judge(const Features& ref, const Features& f, double looser) {
  TamperVerdict v;
  // Covered: lasting structure of the reference gone blank, pixel by pixel (a cover's own
  // border is an edge, so whole cells would miss the ones it crosses).
  const float structure = static_cast<float>(kStructure * ref.coarse);
  const float blank = static_cast<float>(kBlank * looser * ref.coarse);
  int structured = 0, blanked = 0;
  std::array<bool, kCells> lasting{};  // cells with lasting structure
  for (int y = 0; y < ref.edges.rows; ++y) {
    const float* r = ref.edges.ptr<float>(y);
    const float* seen = ref.structure.ptr<float>(y);
    const float* now = f.edges.ptr<float>(y);
    for (int x = 0; x < ref.edges.cols; ++x) {
      if (r[x] < structure || seen[x] < kPersistent) continue;
      ++structured;
      blanked += now[x] < blank;
      lasting[static_cast<std::size_t>((y / kCellHeight) * kGridCols + x / kCellWidth)] = true;
    }
  }
  int textured = 0, obscured = 0, judged = 0, mismatched = 0;
  for (int c = 0; c < kCells; ++c) {
    if (ref.energy[c] < kTexturedCell * ref.coarse) continue;
    ++textured;
    if (f.contrast[c] < kLostContrast * looser * ref.contrast[c]) ++obscured;
    if (f.energy[c] < kBlank * looser * ref.energy[c]) continue;  // blank: no edges to match
    ++judged;
    const double r = correlation(ref.edges, f.edges, cell_rect(c));
    if (r < kMatchedEdges * looser) ++mismatched;
  }
  const auto lasting_cells = std::count(lasting.begin(), lasting.end(), true);
  if (textured < kMinTexturedCells || lasting_cells < kMinTexturedCells) return v;
  v.covered = blanked / static_cast<double>(structured);
  v.obscured = obscured / static_cast<double>(textured);
  v.mismatched = judged ? mismatched / static_cast<double>(judged) : 0.0;
  const double ref_detail = ref.fine / std::max(ref.coarse, 1e-6);
  v.sharpness = f.coarse > 1e-6 && ref_detail > 1e-6 ? f.fine / f.coarse / ref_detail : 1.0;
  if (v.covered >= kCoveredShare) {
    v.kind = TamperKind::covered;
  } else if (v.obscured >= kObscuredShare) {
    v.kind = TamperKind::obscured;
  } else if (v.mismatched >= kMovedShare) {
    v.kind = TamperKind::moved;
  } else if (v.sharpness < kLostDetail * looser) {
    v.kind = TamperKind::defocused;
  }
  return v;
}

}  // namespace cctv::analytics::tamper
