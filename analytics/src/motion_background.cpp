// SPDX-License-Identifier: Apache-2.0
// Running-average background on a small grey frame, with selective update (a person who stops
// stays foreground) and global gain compensation (lights switching on are not motion).
#include <opencv2/imgproc.hpp>

#include "cctv/analytics/motion_detector.hpp"

namespace cctv::analytics {
namespace {

// Foreground pixels still learn, very slowly, so a parked car or a ghost fades in minutes.
constexpr double kForegroundLearningShare = 0.02;
// Only brightness changes up to this factor are treated as lighting rather than motion.
constexpr double kMaxGainStep = 2.0;

class BackgroundMotion final : public MotionDetector {
 public:
  explicit BackgroundMotion(const Params& p) : params_(p) {}

  Motion apply(const cv::Mat& frame) override {
    cv::Mat grey = small_grey(frame);
    if (background_.size() != grey.size()) reset(grey);
    cv::Mat current;
    grey.convertTo(current, CV_32F);
    compensate_gain(current);

    Motion m;
    m.mask = foreground(current);
    learn(current, m.mask);
    if (!ignored_.empty()) m.mask.setTo(0, ignored_);
    m.fraction =
        static_cast<double>(cv::countNonZero(m.mask)) / static_cast<double>(m.mask.total());
    m.regions = regions(m.mask);
    return m;
  }

 private:
  // A new frame size: the frame becomes the background, the mask is drawn at the new size.
  void reset(const cv::Mat& grey) {
    grey.convertTo(background_, CV_32F);
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

  cv::Mat small_grey(const cv::Mat& frame) const {
    cv::Mat grey;
    if (frame.channels() == 3) {
      cv::cvtColor(frame, grey, cv::COLOR_BGR2GRAY);
    } else {
      grey = frame;
    }
    const int width = std::min(params_.width, grey.cols);
    const int height = std::max(1, grey.rows * width / grey.cols);
    cv::Mat small;
    cv::resize(grey, small, {width, height}, 0, 0, cv::INTER_AREA);
    cv::GaussianBlur(small, small, {5, 5}, 0);
    return small;
  }

  // Scales the background by the brightness ratio measured where nothing moved last frame.
  void compensate_gain(const cv::Mat& current) {
    const double now = cv::mean(current, still_)[0];
    const double before = cv::mean(background_, still_)[0];
    if (before < 1.0 || now < 1.0) return;
    const double gain = now / before;
    if (gain < 1.0 / kMaxGainStep || gain > kMaxGainStep) return;
    background_ *= gain;
  }

  cv::Mat foreground(const cv::Mat& current) const {
    cv::Mat diff, mask;
    cv::absdiff(current, background_, diff);
    cv::threshold(diff, mask, params_.threshold, 255, cv::THRESH_BINARY);
    mask.convertTo(mask, CV_8U);
    static const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_ELLIPSE, {3, 3});
    cv::morphologyEx(mask, mask, cv::MORPH_OPEN, kernel);
    cv::morphologyEx(mask, mask, cv::MORPH_CLOSE, kernel, {-1, -1}, 2);
    return mask;
  }

  void learn(const cv::Mat& current, const cv::Mat& mask) {
    cv::bitwise_not(mask, still_);
    cv::accumulateWeighted(current, background_, params_.learning_rate, still_);
    cv::accumulateWeighted(current, background_, params_.learning_rate * kForegroundLearningShare,
                           mask);
  }

  std::vector<cv::Rect> regions(const cv::Mat& mask) const {
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
    const double min_area = params_.min_region_fraction * static_cast<double>(mask.total());
    std::vector<cv::Rect> out;
    for (int i = 1; i < n; ++i) {
      if (stats.at<int>(i, cv::CC_STAT_AREA) < min_area) continue;
      out.emplace_back(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                       stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
    }
    return out;
  }

  Params params_;
  cv::Mat background_;  // CV_32F
  cv::Mat still_;       // CV_8U, 255 where the last frame had no motion
  cv::Mat ignored_;     // CV_8U, 255 inside the mask; empty when there is none
};

}  // namespace

std::unique_ptr<MotionDetector> MotionDetector::create(const Params& params) {
  return std::make_unique<BackgroundMotion>(params);
}

}  // namespace cctv::analytics
