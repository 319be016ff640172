// SPDX-License-Identifier: Apache-2.0
#include "cctv/analytics/video_frame.hpp"

#include <stdexcept>

#include <opencv2/imgproc.hpp>

namespace cctv::analytics {

VideoFrame::VideoFrame(cv::Mat bgr_or_grey) : size_(bgr_or_grey.size()) {
  if (bgr_or_grey.empty()) return;
  if (bgr_or_grey.type() == CV_8UC3) {
    bgr_ = std::move(bgr_or_grey);
  } else if (bgr_or_grey.type() == CV_8UC1) {
    luma_ = std::move(bgr_or_grey);
  } else {
    throw std::invalid_argument("a frame is BGR (CV_8UC3) or grey (CV_8UC1)");
  }
}

VideoFrame VideoFrame::from_i420(cv::Mat i420) {
  if (i420.type() != CV_8UC1 || i420.rows % 3 != 0 || i420.cols % 2 != 0) {
    throw std::invalid_argument("an I420 frame is (height * 3 / 2) x width CV_8UC1, even sizes");
  }
  VideoFrame f;
  f.size_ = {i420.cols, i420.rows * 2 / 3};
  f.luma_ = i420.rowRange(0, f.size_.height);
  f.i420_ = std::move(i420);
  return f;
}

const cv::Mat& VideoFrame::luma() const {
  if (luma_.empty() && !bgr_.empty()) cv::cvtColor(bgr_, luma_, cv::COLOR_BGR2GRAY);
  return luma_;
}

const cv::Mat& VideoFrame::bgr() const {
  if (!bgr_.empty() || empty()) return bgr_;
  if (!i420_.empty()) {
    cv::cvtColor(i420_, bgr_, cv::COLOR_YUV2BGR_I420);
  } else {
    cv::cvtColor(luma_, bgr_, cv::COLOR_GRAY2BGR);
  }
  return bgr_;
}

}  // namespace cctv::analytics
