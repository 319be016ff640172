// SPDX-License-Identifier: Apache-2.0
#include "canvas.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace cctv::reports::canvas {
namespace {

constexpr int kFont = cv::FONT_HERSHEY_SIMPLEX;

}  // namespace

cv::Mat blank(int width, int height) {
  return cv::Mat(height, width, CV_8UC3, cv::Scalar::all(255));
}

void text(cv::Mat& img, const std::string& s, cv::Point at, double scale, const cv::Scalar& colour,
          int thickness) {
  cv::putText(img, s, at, kFont, scale, colour, thickness, cv::LINE_AA);
}

int text_width(const std::string& s, double scale, int thickness) {
  int baseline = 0;
  return cv::getTextSize(s, kFont, scale, thickness, &baseline).width;
}

void title(cv::Mat& img, const std::string& s) { text(img, s, {16, 28}, 0.6, kInk, 2); }

double nice_step(double max, int ticks) {
  if (max <= 0) return 1;
  const double raw = max / ticks;
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0}) {
    if (raw <= m * magnitude) return std::max(1.0, m * magnitude);
  }
  return std::max(1.0, 10 * magnitude);
}

std::string png(const cv::Mat& img) {
  std::vector<unsigned char> bytes;
  if (!cv::imencode(".png", img, bytes)) throw std::runtime_error("could not encode a PNG");
  return std::string(bytes.begin(), bytes.end());
}

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, std::abs(v - std::round(v)) < 1e-9 ? "%.0f" : "%.1f", v);
  return buf;
}

}  // namespace cctv::reports::canvas
