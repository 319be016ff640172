// SPDX-License-Identifier: Apache-2.0
// Running-average background on a small grey frame, with selective update (a person who stops
// stays foreground) and global gain compensation (lights switching on are not motion).
// Cost is what lets one machine watch many cameras: the frame is shrunk in one bilinear step by
// a whole factor, the per-pixel work is OpenCV's vectorised whole-image operations, the gain
// is measured on every fourth row, and regions come from contours (connected-component
// labelling costs more than the rest of the stage together at these sizes).
#include <opencv2/imgproc.hpp>

#include "cctv/analytics/motion_detector.hpp"

namespace cctv::analytics {
namespace {

// A view of every fourth row: a quarter of the work for a mean that changes only in noise (a
// brightness ratio from thousands of pixels even at the gate's 160x90).
cv::Mat every_fourth_row(const cv::Mat& image) {
  return {(image.rows + 3) / 4, image.cols, image.type(), image.data, image.step * 4};
}

// Foreground pixels still learn, very slowly, so a parked car or a ghost fades in minutes.
constexpr double kForegroundLearningShare = 0.02;
// Only brightness changes up to this factor are treated as lighting rather than motion.
constexpr double kMaxGainStep = 2.0;
// The first frames are not a trustworthy background: a stream joined between keyframes
// decodes grey until the next one, and whoever stood in the first frame leaves a ghost when
// they move. Until less than kCalibratedShare of the view differs, every pixel learns at
// kCalibrationRate (a few frames' memory), moving or not; so half the view is not "moving"
// for the minutes the slow rates would take.
constexpr double kCalibrationRate = 0.2;
constexpr double kCalibratedShare = 0.05;
// More of the view than this changing at once is not people (a crowd close enough to cover
// it would also be seen by the frames around it): the scene itself changed (an IR switch,
// the camera knocked). The frame becomes the background and the stage calibrates again.
constexpr double kSceneChangeShare = 0.8;

// The frame divided by the smallest whole factor that brings its width to `max_width` or less,
// one that divides both sides if there is one: OpenCV resizes by an exact whole factor several
// times faster than by any other (768x576 -> 128x96, 640x360 -> 160x90, 1920x1080 -> 160x90).
cv::Size processing_size(cv::Size frame, int max_width) {
  const int least = std::max(1, (frame.width + max_width - 1) / max_width);
  for (int k = least; k <= 2 * least; ++k) {
    if (frame.width % k == 0 && frame.height % k == 0) return {frame.width / k, frame.height / k};
  }
  return {std::max(1, frame.width / least), std::max(1, frame.height / least)};
}

class BackgroundMotion final : public MotionDetector {
 public:
  explicit BackgroundMotion(const Params& p) : params_(p) {}

  Motion apply(const cv::Mat& frame) override {
    const cv::Mat& current = small_grey(frame);
    const bool first = background_.size() != current.size();
    if (first) reset(current);  // compared with itself below: no evidence of calibration
    Motion m;
    m.mask = foreground(current, gain(current));
    if (!ignored_.empty()) m.mask.setTo(0, ignored_);
    const int moving = cv::countNonZero(m.mask);
    m.fraction = static_cast<double>(moving) / static_cast<double>(m.mask.total());
    if (m.fraction > kSceneChangeShare) {
      reset(current);
      return {cv::Mat::zeros(current.size(), CV_8U), {}, 0};
    }
    learn(m.mask);
    if (calibrating_ && !first && m.fraction < kCalibratedShare) calibrating_ = false;
    if (moving > 0) m.regions = regions(m.mask);
    return m;
  }

 private:
  // A new frame size: the frame becomes the background, the mask is drawn at the new size.
  void reset(const cv::Mat& grey) {
    grey.convertTo(background_, CV_32F);
    calibrating_ = true;
    still_ = cv::Mat(grey.size(), CV_8U, cv::Scalar(255));
    ignored_.release();
    if (params_.mask.empty()) return;
    ignored_ = cv::Mat::zeros(grey.size(), CV_8U);
    for (const Polygon& area : params_.mask) {
      std::vector<cv::Point> pts;
      for (const Point& p : area) {
        pts.emplace_back(cvRound(p.x * grey.cols), cvRound(p.y * grey.rows));
      }
      cv::fillPoly(ignored_, std::vector<std::vector<cv::Point>>{pts}, cv::Scalar(255));
    }
  }

  // Bilinear to the processing size in one step, then blurred (which also removes the aliasing
  // bilinear leaves).
  const cv::Mat& small_grey(const cv::Mat& frame) {
    const cv::Mat* grey = &frame;
    if (frame.channels() == 3) {
      cv::cvtColor(frame, grey_, cv::COLOR_BGR2GRAY);
      grey = &grey_;
    }
    cv::resize(*grey, small_, processing_size(grey->size(), params_.width), 0, 0, cv::INTER_LINEAR);
    cv::GaussianBlur(small_, blurred_, {5, 5}, 0);
    return blurred_;
  }

  // The brightness ratio now / background where nothing moved last frame; 1 when it is out of
  // the range lighting can explain (then it is motion: something large moved).
  double gain(const cv::Mat& current) const {
    const double now = cv::mean(every_fourth_row(current), every_fourth_row(still_))[0];
    const double before = cv::mean(every_fourth_row(background_), every_fourth_row(still_))[0];
    if (before < 1.0 || now < 1.0) return 1.0;
    const double g = now / before;
    return g < 1.0 / kMaxGainStep || g > kMaxGainStep ? 1.0 : g;
  }

  // Scales the background by `gain`, then marks what differs from it by more than the
  // threshold, opened (specks go) and closed (a body's parts join).
  cv::Mat foreground(const cv::Mat& current, double gain) {
    if (gain != 1.0) background_ *= gain;
    current.convertTo(current_f_, CV_32F);
    cv::absdiff(current_f_, background_, diff_);
    cv::Mat mask;
    cv::compare(diff_, params_.threshold, mask, cv::CMP_GT);  // 255 where it differs, else 0
    static const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_ELLIPSE, {3, 3});
    cv::morphologyEx(mask, mask, cv::MORPH_OPEN, kernel);
    cv::morphologyEx(mask, mask, cv::MORPH_CLOSE, kernel, {-1, -1}, 2);
    return mask;
  }

  // While calibrating every pixel learns fast. Then each pixel learns at its own rate, the
  // moving rate where the mask is set and the still rate elsewhere: background += rate * (frame
  // - background), with the rates one image made from the mask (OpenCV's masked running
  // average is a scalar loop, several times slower than these whole-image operations).
  void learn(const cv::Mat& mask) {
    cv::bitwise_not(mask, still_);
    if (calibrating_) {
      cv::accumulateWeighted(current_f_, background_, kCalibrationRate);
      return;
    }
    const double still = params_.learning_rate;
    const double moving = still * kForegroundLearningShare;
    mask.convertTo(rates_, CV_32F, (moving - still) / 255.0, still);
    cv::subtract(current_f_, background_, diff_);
    cv::multiply(diff_, rates_, diff_);
    cv::add(background_, diff_, background_);
  }

  // Bounding boxes of the moving areas large enough not to be noise.
  std::vector<cv::Rect> regions(const cv::Mat& mask) const {
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(mask.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    const double min_area = params_.min_region_fraction * static_cast<double>(mask.total());
    std::vector<cv::Rect> out;
    for (const auto& contour : contours) {
      const cv::Rect r = cv::boundingRect(contour);
      if (cv::countNonZero(mask(r)) >= min_area) out.push_back(r);
    }
    return out;
  }

  Params params_;
  cv::Mat background_;  // CV_32F
  cv::Mat still_;       // CV_8U, 255 where the last frame had no motion
  cv::Mat ignored_;     // CV_8U, 255 inside the mask; empty when there is none
  bool calibrating_ = true;
  // Per-frame images, kept so that no frame allocates.
  cv::Mat grey_;
  cv::Mat small_;
  cv::Mat blurred_;
  cv::Mat current_f_;  // this frame as CV_32F
  cv::Mat diff_;       // CV_32F
  cv::Mat rates_;      // CV_32F, each pixel's learning rate this frame
};

}  // namespace

std::unique_ptr<MotionDetector> MotionDetector::create(const Params& params) {
  return std::make_unique<BackgroundMotion>(params);
}

}  // namespace cctv::analytics
