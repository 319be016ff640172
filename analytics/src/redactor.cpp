// SPDX-License-Identifier: Apache-2.0
#include "cctv/analytics/redactor.hpp"

#include <stdexcept>

#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "cctv/analytics/motion_detector.hpp"
#include "cctv/analytics/object_detector.hpp"
#include "cctv/analytics/tracker.hpp"

namespace cctv::analytics {
namespace {

constexpr double kDetectionsPerS = 10;  // the tracker's ageing assumes this rate
constexpr int kBlurCells = 8;  // a blurred person is a mosaic of about this many cells across

cv::Rect to_pixels(const Box& b, double pad, const cv::Size& size) {
  const double px = b.w * pad, py = b.h * pad;
  const cv::Rect r(static_cast<int>((b.x - px) * size.width),
                   static_cast<int>((b.y - py) * size.height),
                   static_cast<int>((b.w + 2 * px) * size.width) + 1,
                   static_cast<int>((b.h + 2 * py) * size.height) + 1);
  return r & cv::Rect(0, 0, size.width, size.height);
}

// A coarse mosaic: unlike a light blur, it cannot be sharpened back into a face.
void pixelate(cv::Mat& frame, const cv::Rect& r) {
  if (r.width < 2 || r.height < 2) return;
  cv::Mat area = frame(r);
  cv::Mat small;
  const int cells = std::max(1, std::min(kBlurCells, r.width / 2));
  cv::resize(area, small, cv::Size(cells, std::max(1, cells * r.height / r.width)), 0, 0,
             cv::INTER_AREA);
  cv::resize(small, area, area.size(), 0, 0, cv::INTER_NEAREST);
}

}  // namespace

struct Redactor::Impl {
  explicit Impl(const RedactorParams& p)
      : params(p),
        motion(MotionDetector::create()),
        detector(create_motion_blob_detector()),
        tracker(Tracker::create(Tracker::at_detection_rate(kDetectionsPerS))) {
    if (!p.face_cascade.empty() && !faces.load(p.face_cascade))
      throw std::invalid_argument("cannot load the face cascade " + p.face_cascade);
  }

  std::vector<Box> faces_in(const cv::Mat& frame) {
    std::vector<Box> out;
    if (faces.empty()) return out;
    cv::Mat grey;
    cv::cvtColor(frame, grey, cv::COLOR_BGR2GRAY);
    std::vector<cv::Rect> found;
    faces.detectMultiScale(grey, found, 1.1, 3, 0, cv::Size(12, 12));
    for (const cv::Rect& f : found) {
      out.push_back({static_cast<double>(f.x) / frame.cols, static_cast<double>(f.y) / frame.rows,
                     static_cast<double>(f.width) / frame.cols,
                     static_cast<double>(f.height) / frame.rows});
    }
    return out;
  }

  RedactorParams params;
  std::unique_ptr<MotionDetector> motion;
  std::unique_ptr<ObjectDetector> detector;
  std::unique_ptr<Tracker> tracker;
  cv::CascadeClassifier faces;
  std::set<std::int64_t> seen;
};

Redactor::Redactor(const RedactorParams& params) : impl_(std::make_unique<Impl>(params)) {}
Redactor::~Redactor() = default;

std::vector<Box> Redactor::apply(cv::Mat& frame, Timestamp ts) {
  const Motion m = impl_->motion->apply(frame);
  const auto detections = impl_->detector->detect(frame, m, DetectionArea{});
  std::vector<Box> blurred;
  for (const Track& t : impl_->tracker->update(detections, ts)) {
    impl_->seen.insert(t.id);
    if (!impl_->params.keep_tracks.contains(t.id)) blurred.push_back(t.box);
  }
  for (const Box& f : impl_->faces_in(frame)) blurred.push_back(f);
  for (const Box& b : blurred) pixelate(frame, to_pixels(b, impl_->params.pad, frame.size()));
  return blurred;
}

const std::set<std::int64_t>& Redactor::tracks_seen() const { return impl_->seen; }

}  // namespace cctv::analytics
