// SPDX-License-Identifier: Apache-2.0
#include "cctv/analytics/video_frame.hpp"

#include <algorithm>
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

cv::Mat VideoFrame::bgr(const cv::Rect& area) const {
  const cv::Rect inside = area & cv::Rect({0, 0}, size_);
  if (inside.empty()) return {};
  // The whole frame is made and kept as bgr() makes it; so is a padded I420 image's (its planes
  // are read below as packed).
  if (!bgr_.empty() || i420_.empty() || !i420_.isContinuous() || inside.size() == size_)
    return bgr()(inside);
  // The enclosing block of whole 2x2 chroma cells, repacked as an I420 image of its own: the
  // same pixels the whole frame's conversion gives there.
  const int x0 = inside.x & ~1, y0 = inside.y & ~1;
  const int w = ((inside.br().x + 1) & ~1) - x0, h = ((inside.br().y + 1) & ~1) - y0;
  cv::Mat block(h * 3 / 2, w, CV_8UC1);
  i420_(cv::Rect(x0, y0, w, h)).copyTo(block.rowRange(0, h));
  const int chroma_w = size_.width / 2, chroma_h = size_.height / 2;
  const uchar* planes = i420_.ptr(size_.height);  // U, then V, each chroma_h rows of chroma_w
  uchar* out = block.ptr(h);
  for (int plane = 0; plane < 2; ++plane) {
    const uchar* from = planes + static_cast<std::size_t>(plane) * chroma_w * chroma_h;
    for (int y = y0 / 2; y < (y0 + h) / 2; ++y, out += w / 2)
      std::copy_n(from + static_cast<std::size_t>(y) * chroma_w + x0 / 2, w / 2, out);
  }
  cv::Mat converted;
  cv::cvtColor(block, converted, cv::COLOR_YUV2BGR_I420);
  return converted(cv::Rect(inside.x - x0, inside.y - y0, inside.width, inside.height));
}

}  // namespace cctv::analytics
