// SPDX-License-Identifier: Apache-2.0
#include "tamper_fixture.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "cctv/analytics/camera_analytics.hpp"

namespace cctv::test {
namespace {

const Timestamp kStart = *parse_utc("2009-03-01T12:00:00Z");

bool during(double t, double onset, double removal) { return t >= onset && t < removal; }

}  // namespace

Alteration covered(double onset, double removal) {
  return [=](cv::Mat& bgr, double t) {
    if (!during(t, onset, removal)) return;
    const double side = std::sqrt(0.9);
    const cv::Size size(static_cast<int>(bgr.cols * side), static_cast<int>(bgr.rows * side));
    const cv::Point corner((bgr.cols - size.width) / 2, (bgr.rows - size.height) / 2);
    cv::rectangle(bgr, cv::Rect(corner, size), cv::Scalar(20, 20, 20), cv::FILLED);
  };
}

Alteration moved(double onset, double removal) {
  return [=](cv::Mat& bgr, double t) {
    if (!during(t, onset, removal)) return;
    cv::Mat turn = cv::getRotationMatrix2D(cv::Point2f(bgr.cols / 2.f, bgr.rows / 2.f), 3, 1);
    turn.at<double>(0, 2) += 0.15 * bgr.cols;
    cv::Mat out;
    cv::warpAffine(bgr, out, turn, bgr.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT101);
    bgr = out;
  };
}

Alteration defocused(double onset, double removal) {
  return [=](cv::Mat& bgr, double t) {
    if (during(t, onset, removal)) cv::GaussianBlur(bgr, bgr, cv::Size(), 6);
  };
}

Alteration obscured(double onset, double removal) {
  return [=](cv::Mat& bgr, double t) {
    if (!during(t, onset, removal)) return;
    cv::addWeighted(bgr, 0.3, cv::Mat(bgr.size(), bgr.type(), cv::Scalar::all(255)), 0.7, 0, bgr);
  };
}

Alteration dimmed(double onset) {
  return [=](cv::Mat& bgr, double t) {
    const double s = t - onset;  // 3 s down, 10 s at 40%, 3 s back
    if (s < 0 || s >= 16) return;
    const double down = std::min({s / 3, 1.0, (16 - s) / 3});
    bgr.convertTo(bgr, -1, 1 - 0.6 * down);
  };
}

Alteration grey_bar(double onset) {
  return [=](cv::Mat& bgr, double t) {
    const double s = t - onset;  // 4 s from just off the left edge to the right edge
    if (s < 0 || s >= 4) return;
    const int width = static_cast<int>(0.4 * bgr.cols);
    const int left = static_cast<int>(-width + s / 4 * (bgr.cols + width));
    const cv::Rect bar = cv::Rect(left, 0, width, bgr.rows) & cv::Rect(0, 0, bgr.cols, bgr.rows);
    bgr(bar).setTo(cv::Scalar::all(128));
  };
}

Alteration monochrome(double onset) {
  return [=](cv::Mat& bgr, double t) {
    if (t < onset) return;
    cv::Mat grey;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    cv::cvtColor(grey, bgr, cv::COLOR_GRAY2BGR);
  };
}

struct TamperRun::Impl {
  config::Camera camera;
  std::unique_ptr<analytics::CameraAnalytics> analytics;
};

TamperRun::TamperRun(const config::TamperSettings& tamper) : impl_(std::make_unique<Impl>()) {
  impl_->camera.id = "footage";
  impl_->camera.tamper = tamper;
  impl_->analytics = std::make_unique<analytics::CameraAnalytics>(impl_->camera, "site",
                                                                  std::vector<config::Zone>{});
}

TamperRun::~TamperRun() = default;

namespace {

double seconds_in(Timestamp at) { return std::chrono::duration<double>(at - kStart).count(); }

}  // namespace

void TamperRun::frame(cv::Mat bgr, double t, const Alteration& alter) {
  alter(bgr, t);
  const Timestamp ts = kStart + std::chrono::round<Millis>(std::chrono::duration<double>(t));
  for (const Event& e : impl_->analytics->process(analytics::VideoFrame(bgr), ts)) {
    if (e.type != EventType::camera_tamper) continue;
    if (e.phase == EventPhase::start) {
      alarms_.push_back({e.kind, seconds_in(e.started_at.value_or(e.ts)), seconds_in(e.ts), -1, bgr,
                         impl_->analytics->tamper_reference().clone()});
    } else if (!alarms_.empty()) {
      alarms_.back().ended = seconds_in(e.ts);
    }
  }
}

std::vector<std::string> TamperRun::close(const std::string& why) {
  std::vector<std::string> ends;
  for (const Event& e : impl_->analytics->close(why)) {
    if (e.type != EventType::camera_tamper || e.phase != EventPhase::end || alarms_.empty())
      continue;
    alarms_.back().ended = seconds_in(e.ts);
    ends.push_back(e.kind + ": " + e.message);
  }
  return ends;
}

}  // namespace cctv::test
