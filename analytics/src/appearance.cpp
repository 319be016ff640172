// SPDX-License-Identifier: Apache-2.0
#include "appearance.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace cctv::analytics {
namespace {

// Pixels less saturated than this (0..255) are greys: their hue is noise, their brightness
// is what tells black from white.
constexpr int kMinSaturation = 50;
constexpr int kHueBins = 16, kSaturationBins = 4, kGreyBins = 8;
constexpr int kPartBins = kHueBins * kSaturationBins + kGreyBins;
// The parts, as shares of the box height: below the head to the waist, waist to the ankles;
// the outer fifth on each side is mostly background.
constexpr double kParts[][2] = {{0.15, 0.5}, {0.5, 0.95}};
constexpr double kSideMargin = 0.2;
constexpr int kMinPixels = 24;  // per part

// The histogram of one part, summing to 1; false when the part is too small.
bool describe_part(const cv::Mat& hsv, float* bins) {
  if (hsv.total() < static_cast<std::size_t>(kMinPixels)) return false;
  std::fill(bins, bins + kPartBins, 0.0f);
  for (int y = 0; y < hsv.rows; ++y) {
    const cv::Vec3b* row = hsv.ptr<cv::Vec3b>(y);
    for (int x = 0; x < hsv.cols; ++x) {
      const int h = row[x][0], s = row[x][1], v = row[x][2];
      if (s < kMinSaturation) {
        ++bins[kHueBins * kSaturationBins + v * kGreyBins / 256];
      } else {
        const int hb = h * kHueBins / 180,
                  sb = (s - kMinSaturation) * kSaturationBins / (256 - kMinSaturation);
        ++bins[hb * kSaturationBins + sb];
      }
    }
  }
  const auto n = static_cast<float>(hsv.total());
  for (int i = 0; i < kPartBins; ++i) bins[i] /= n;
  return true;
}

}  // namespace

std::vector<float> describe_appearance(const VideoFrame& frame, const Box& box) {
  const cv::Size size = frame.size();
  cv::Rect parts[std::size(kParts)];
  for (std::size_t p = 0; p < std::size(kParts); ++p) {
    parts[p] = cv::Rect(cvRound((box.x + kSideMargin * box.w) * size.width),
                        cvRound((box.y + kParts[p][0] * box.h) * size.height),
                        cvRound((1 - 2 * kSideMargin) * box.w * size.width),
                        cvRound((kParts[p][1] - kParts[p][0]) * box.h * size.height)) &
               cv::Rect({0, 0}, size);
    if (parts[p].empty()) return {};
  }
  // One conversion for all the parts.
  cv::Rect body = parts[0];
  for (const cv::Rect& part : parts) body |= part;
  cv::Mat hsv;
  cv::cvtColor(frame.bgr(body), hsv, cv::COLOR_BGR2HSV);
  std::vector<float> out(std::size(kParts) * kPartBins);
  for (std::size_t p = 0; p < std::size(kParts); ++p) {
    if (!describe_part(hsv(parts[p] - body.tl()), out.data() + p * kPartBins)) return {};
  }
  return out;
}

double appearance_distance(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size() || a.empty()) return 1.0;
  double total = 0;
  for (std::size_t p = 0; p < std::size(kParts); ++p) {
    double overlap = 0;  // Bhattacharyya coefficient of two histograms that each sum to 1
    for (std::size_t i = p * kPartBins; i < (p + 1) * kPartBins; ++i)
      overlap += std::sqrt(a[i] * b[i]);
    total += std::sqrt(std::max(0.0, 1 - overlap));
  }
  return total / static_cast<double>(std::size(kParts));
}

void blend_appearance(std::vector<float>& model, const std::vector<float>& seen, double weight) {
  if (model.size() != seen.size()) {
    model = seen;
    return;
  }
  const auto w = static_cast<float>(weight);
  for (std::size_t i = 0; i < model.size(); ++i) model[i] += w * (seen[i] - model[i]);
}

}  // namespace cctv::analytics
