// SPDX-License-Identifier: Apache-2.0
// A decoded frame as analytics receive it. Cameras hand over I420 (what the decoder makes), so
// the stages that only need brightness (motion, tamper) read the Y plane as it is, and a BGR
// copy is made only for a frame that a detector, a snapshot or the live view actually looks at.
#pragma once

#include <opencv2/core.hpp>

namespace cctv::analytics {

class VideoFrame {
 public:
  VideoFrame() = default;
  // A BGR (CV_8UC3) or grey (CV_8UC1) image: tests, files read by OpenCV, `cctv eval`.
  VideoFrame(cv::Mat bgr_or_grey);  // NOLINT(google-explicit-constructor): a BGR Mat is a frame
  // Planar I420 packed as OpenCV lays it out: (height * 3 / 2) x width CV_8UC1, even sizes.
  static VideoFrame from_i420(cv::Mat i420);

  bool empty() const { return size_.empty(); }
  cv::Size size() const { return size_; }
  // The brightness plane, width x height CV_8UC1; a view, no copy for I420 and grey frames.
  const cv::Mat& luma() const;
  // BGR, converted on the first call and kept; the frame must not be shared across threads
  // before that call.
  const cv::Mat& bgr() const;
  // BGR of `area` (clipped to the frame): a view of bgr() once that has been made (or when the
  // area is the whole frame), otherwise only that area converted, so that a crop or a few
  // boxes cost a crop or a few boxes, not a frame. Converting an area changes nothing in the
  // frame.
  cv::Mat bgr(const cv::Rect& area) const;

 private:
  cv::Size size_;
  cv::Mat i420_;          // empty unless made from I420
  mutable cv::Mat luma_;  // a view into i420_, or the grey frame, or made from BGR
  mutable cv::Mat bgr_;
};

}  // namespace cctv::analytics
