// SPDX-License-Identifier: Apache-2.0
#include "frame_overlay.hpp"

#include <stdexcept>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace cctv::node {
namespace {

const cv::Scalar kZoneColour{0, 215, 255};  // amber (BGR)
const cv::Scalar kBoxColour{0, 0, 255};  // red

cv::Point pixel(const cv::Mat& frame, double x, double y) {
  return {cvRound(x * frame.cols), cvRound(y * frame.rows)};
}

// White text with a dark outline: readable on any background.
void put_text(cv::Mat& image, const std::string& text, cv::Point at) {
  cv::putText(image, text, at, cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar::all(0), 3, cv::LINE_AA);
  cv::putText(image, text, at, cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar::all(255), 1, cv::LINE_AA);
}

}  // namespace

cv::Mat draw_overlay(const cv::Mat& frame, const std::vector<Polygon>& zones, const std::vector<LabelledBox>& boxes,
                     const std::string& caption) {
  cv::Mat out = frame.clone();
  for (const Polygon& zone : zones) {
    std::vector<cv::Point> outline;
    for (const Point& p : zone) outline.push_back(pixel(frame, p.x, p.y));
    if (!outline.empty()) cv::polylines(out, outline, true, kZoneColour, 2, cv::LINE_AA);
  }
  for (const LabelledBox& b : boxes) {
    const cv::Point top_left = pixel(frame, b.box.x, b.box.y);
    cv::rectangle(out, top_left, pixel(frame, b.box.x + b.box.w, b.box.y + b.box.h), kBoxColour, 2, cv::LINE_AA);
    if (!b.label.empty()) put_text(out, b.label, top_left + cv::Point(2, -4));
  }
  if (!caption.empty()) put_text(out, caption, {8, 20});
  return out;
}

std::string encode_jpeg(const cv::Mat& image, int quality) {
  std::vector<uchar> bytes;
  if (!cv::imencode(".jpg", image, bytes, {cv::IMWRITE_JPEG_QUALITY, quality})) {
    throw std::runtime_error("cannot encode a JPEG");
  }
  return {bytes.begin(), bytes.end()};
}

}  // namespace cctv::node
