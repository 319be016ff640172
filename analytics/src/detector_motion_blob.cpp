// SPDX-License-Identifier: Apache-2.0
// Person candidates from motion regions: each person-sized region is a person; a region as
// wide as several people standing side by side is split into that many.
#include <cmath>

#include "cctv/analytics/object_detector.hpp"

namespace cctv::analytics {
namespace {

// Height / width of a typical standing person, used to split wide regions.
constexpr double kTypicalAspect = 2.6;

class MotionBlobDetector final : public ObjectDetector {
 public:
  explicit MotionBlobDetector(const MotionBlobParams& p) : params_(p) {}

  std::vector<Detection> detect(const cv::Mat&, const Motion& motion) override {
    std::vector<Detection> out;
    if (motion.mask.empty()) return out;
    const double fw = motion.mask.cols, fh = motion.mask.rows;
    for (const cv::Rect& r : motion.regions) {
      const double h = r.height / fh;
      if (h < params_.min_height || h > params_.max_height) continue;
      const double aspect = static_cast<double>(r.height) / r.width;
      if (aspect > params_.max_aspect) continue;
      const int people =
          aspect >= params_.min_aspect ? 1 : std::max(1, static_cast<int>(std::lround(kTypicalAspect / aspect)));
      const double w = r.width / fw / people;
      for (int i = 0; i < people; ++i) {
        out.push_back({Box{r.x / fw + i * w, r.y / fh, w, h}, 1.0f});
      }
    }
    return out;
  }

 private:
  MotionBlobParams params_;
};

}  // namespace

std::unique_ptr<ObjectDetector> create_motion_blob_detector(const MotionBlobParams& params) {
  return std::make_unique<MotionBlobDetector>(params);
}

}  // namespace cctv::analytics
