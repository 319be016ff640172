// SPDX-License-Identifier: Apache-2.0
// Tamper detection through the camera's analytics, frame by frame with footage timestamps.
// Real footage: PETS09 (OpenCV's vtest.avi, ~7 fps, at the 640x360 analytics size) tampered by
// OpenCV from 40 s to 70 s: each tamper is one camera_tamper alarm of its kind raised within
// 5 s of onset (min_duration_s 4) and ended within 10 s of removal; the look-alikes (dimming,
// a grey bar sliding past, monochrome) raise none. Synthetic: the built-in street scene.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "cctv/analytics/tamper_detector.hpp"
#include "cctv/capture/synthetic_scene.hpp"
#include "support/shared_data.hpp"
#include "tamper_fixture.hpp"

namespace cctv::test {
namespace {

const std::string kVideo = cctv::test::kPets09Video;
constexpr double kPetsFps = 7;  // the scene's capture rate (see the data set's README)
constexpr double kOnset = 40;
constexpr double kRemoval = 70;
constexpr double kRaisedWithin = 5;
constexpr double kEndedWithin = 10;

// vtest.avi decoded once per test process, at the analytics frame size.
const std::vector<cv::Mat>& pets09() {
  static const std::vector<cv::Mat> frames = [] {
    std::vector<cv::Mat> out;
    cv::VideoCapture video(kVideo);
    cv::Mat bgr;
    while (video.read(bgr)) {
      cv::Mat small;
      cv::resize(bgr, small, {640, 360}, 0, 0, cv::INTER_AREA);
      out.push_back(small);
    }
    return out;
  }();
  return frames;
}

config::TamperSettings quick() { return {.min_duration_s = 4}; }

// The clip `loops` times over, altered, with footage time running on across the loops.
std::vector<TamperAlarm> play_pets09(const Alteration& alter, int loops = 1,
                                     config::TamperSettings settings = quick()) {
  TamperRun run(settings);
  const std::vector<cv::Mat>& frames = pets09();
  for (int loop = 0; loop < loops; ++loop) {
    for (std::size_t k = 0; k < frames.size(); ++k) {
      const double t = static_cast<double>(loop * frames.size() + k) / kPetsFps;
      run.frame(frames[k].clone(), t, alter);
    }
  }
  return run.alarms();
}

std::string describe(const std::vector<TamperAlarm>& alarms) {
  std::string out;
  for (const TamperAlarm& a : alarms) {
    out += a.kind + " seen " + std::to_string(a.started_at) + " s, raised " +
           std::to_string(a.raised) + " s, ended " + std::to_string(a.ended) + " s; ";
  }
  return out.empty() ? "none" : out;
}

struct TamperCase {
  std::string kind;
  Alteration alter;
};

// How CTest lists the case (GoogleTest would dump its bytes).
void PrintTo(const TamperCase& c, std::ostream* out) { *out << c.kind; }

class Analytics_TamperPets09 : public testing::TestWithParam<TamperCase> {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kVideo)) GTEST_SKIP() << kVideo << " is absent";
  }
};

TEST_P(Analytics_TamperPets09, raises_one_alarm_of_its_kind_and_ends_it) {
  const std::vector<TamperAlarm> alarms = play_pets09(GetParam().alter);
  ASSERT_EQ(alarms.size(), 1u) << describe(alarms);
  const TamperAlarm& a = alarms.front();
  EXPECT_EQ(a.kind, GetParam().kind) << describe(alarms);
  EXPECT_GE(a.started_at, kOnset) << describe(alarms);
  EXPECT_LE(a.raised, kOnset + kRaisedWithin) << describe(alarms);
  EXPECT_GE(a.ended, kRemoval) << describe(alarms);
  EXPECT_LE(a.ended, kRemoval + kEndedWithin) << describe(alarms);
  std::printf("tamper %s: seen %+.2f s after onset, alarm %+.2f s, ended %+.2f s after removal\n",
              a.kind.c_str(), a.started_at - kOnset, a.raised - kOnset, a.ended - kRemoval);
}

INSTANTIATE_TEST_SUITE_P(Kinds, Analytics_TamperPets09,
                         testing::Values(TamperCase{"covered", covered(kOnset, kRemoval)},
                                         TamperCase{"moved", moved(kOnset, kRemoval)},
                                         TamperCase{"defocused", defocused(kOnset, kRemoval)},
                                         TamperCase{"obscured", obscured(kOnset, kRemoval)}),
                         [](const testing::TestParamInfo<TamperCase>& info) {
                           return info.param.kind;
                         });

// The covered view's alarm keeps the scene before it as its reference picture.
TEST(Analytics_TamperReference, a_covered_view_keeps_the_scene_before_as_reference) {
  if (!std::filesystem::exists(kVideo)) GTEST_SKIP() << kVideo << " is absent";
  const std::vector<TamperAlarm> alarms = play_pets09(covered(kOnset, kRemoval));
  ASSERT_EQ(alarms.size(), 1u) << describe(alarms);
  ASSERT_FALSE(alarms[0].reference.empty());
  EXPECT_EQ(alarms[0].reference.size(), alarms[0].view.size());
  EXPECT_GT(cv::mean(alarms[0].reference)[0], cv::mean(alarms[0].view)[0] + 40)
      << "the reference is the lit square, the view the dark cover";
}

class Analytics_TamperControls : public Analytics_TamperPets09 {};

TEST_P(Analytics_TamperControls, raise_no_alarm) {
  const std::vector<TamperAlarm> alarms = play_pets09(GetParam().alter);
  EXPECT_TRUE(alarms.empty()) << describe(alarms);
}

// An hour of footage time per control (the clip looped), at the default settings: the false
// alarm rate the README states.
TEST_P(Analytics_TamperControls, raise_no_alarm_in_an_hour) {
  if (std::getenv("CCTV_SKIP_SLOW_TESTS")) GTEST_SKIP() << "CCTV_SKIP_SLOW_TESTS is set";
  const int loops = static_cast<int>(std::ceil(3600 * kPetsFps / pets09().size()));
  // Each loop gets the control at 40 s of the loop (monochrome: from 40 s of the first).
  const double loop_s = pets09().size() / kPetsFps;
  const Alteration each_loop = [&](cv::Mat& bgr, double t) {
    GetParam().alter(bgr, GetParam().kind == "monochrome" ? t : std::fmod(t, loop_s));
  };
  const std::vector<TamperAlarm> alarms = play_pets09(each_loop, loops, {});
  EXPECT_TRUE(alarms.empty()) << describe(alarms);
  const double hours = loops * loop_s / 3600;
  std::printf("control %s: %zu alarms in %.2f h of footage (%d loops)\n", GetParam().kind.c_str(),
              alarms.size(), hours, loops);
}

INSTANTIATE_TEST_SUITE_P(Controls, Analytics_TamperControls,
                         testing::Values(TamperCase{"dimmed", dimmed(kOnset)},
                                         TamperCase{"grey_bar", grey_bar(kOnset)},
                                         TamperCase{"monochrome", monochrome(kOnset)}),
                         [](const testing::TestParamInfo<TamperCase>& info) {
                           return info.param.kind;
                         });

// The built-in street scene (people walking by on a textured street) at `fps`, 640x360.
std::vector<TamperAlarm> play_street(const Alteration& alter, double seconds,
                                     config::TamperSettings settings = quick(), double fps = 3) {
  TamperRun run(settings);
  capture::SyntheticScene scene(*capture::builtin_scene("street"), {640, 360});
  for (long k = 0; k / fps < seconds; ++k) {
    const double t = static_cast<double>(k) / fps;
    run.frame(scene.render(t, k), t, alter);
  }
  return run.alarms();
}

TEST(Analytics_TamperSynthetic, each_tamper_is_found_as_its_kind) {
  for (const auto& [kind, alter] :
       std::vector<std::pair<std::string, Alteration>>{{"covered", covered(30, 50)},
                                                       {"moved", moved(30, 50)},
                                                       {"defocused", defocused(30, 50)},
                                                       {"obscured", obscured(30, 50)}}) {
    const std::vector<TamperAlarm> alarms = play_street(alter, 70);
    ASSERT_EQ(alarms.size(), 1u) << kind << ": " << describe(alarms);
    EXPECT_EQ(alarms[0].kind, kind) << describe(alarms);
    EXPECT_LE(alarms[0].raised, 30 + kRaisedWithin) << kind << ": " << describe(alarms);
    EXPECT_LE(alarms[0].ended, 50 + kEndedWithin) << kind << ": " << describe(alarms);
  }
}

// Lights off (the view at 30% at once) and on again after a minute, then night falling (the
// view dimming to 20% over ten minutes) and an IR lamp switching the view to a different
// brightness curve (gamma 0.6) in one frame: none is tamper. One frame a second: the detector
// runs on frame time, and the scene's changes are slower than that or happen in one frame.
TEST(Analytics_TamperSynthetic, lights_night_and_an_infrared_switch_are_not_tamper) {
  const Alteration lights = [](cv::Mat& bgr, double t) {
    if (t >= 30 && t < 90) bgr.convertTo(bgr, -1, 0.3);
    if (t >= 120) bgr.convertTo(bgr, -1, std::max(0.2, 1 - 0.8 * (t - 120) / 600));
    if (t >= 800) {
      cv::Mat lut(1, 256, CV_8U);
      for (int i = 0; i < 256; ++i)
        lut.at<uchar>(i) = cv::saturate_cast<uchar>(255 * std::pow(i / 255.0, 0.6));
      cv::LUT(bgr, lut, bgr);
    }
  };
  const std::vector<TamperAlarm> alarms = play_street(lights, 860, {}, 1);
  EXPECT_TRUE(alarms.empty()) << describe(alarms);
}

// A black view with one bright thing moving across it (a lamp at night, the test pattern of
// `test://ball`): the places it passes are not the scene's structure, so its leaving them is
// not a cover.
TEST(Analytics_TamperSynthetic, a_light_moving_on_a_dark_view_is_not_tamper) {
  TamperRun run({});
  constexpr double kFps = 6;
  for (long k = 0; k / kFps < 180; ++k) {
    const double t = static_cast<double>(k) / kFps;
    cv::Mat view(360, 640, CV_8UC3, cv::Scalar(0, 0, 0));
    const cv::Point at(static_cast<int>(320 + 280 * std::sin(t * 0.9)),
                       static_cast<int>(180 + 150 * std::sin(t * 1.3)));
    cv::circle(view, at, 24, cv::Scalar(255, 255, 255), cv::FILLED);
    run.frame(view, t, [](cv::Mat&, double) {});
  }
  EXPECT_TRUE(run.alarms().empty()) << describe(run.alarms());
}

// A redeployed camera's analytics are replaced: a cover still on ends with them, once.
TEST(Analytics_TamperSynthetic, closing_the_analytics_ends_an_open_tamper_once) {
  TamperRun run(quick());
  capture::SyntheticScene scene(*capture::builtin_scene("street"), {640, 360});
  const Alteration cover = covered(30, 1000);
  constexpr double kFps = 3;
  double last = 0;
  for (long k = 0; k / kFps < 50; ++k) {
    last = static_cast<double>(k) / kFps;
    run.frame(scene.render(last, k), last, cover);
  }
  ASSERT_EQ(run.alarms().size(), 1u) << describe(run.alarms());
  ASSERT_EQ(run.alarms()[0].ended, -1) << "the view is still covered";
  EXPECT_EQ(run.close("camera redeployed to new-site"),
            std::vector<std::string>{"covered: camera redeployed to new-site"});
  EXPECT_NEAR(run.alarms()[0].ended, last, 0.001) << "at the last frame's time";
  EXPECT_TRUE(run.close("again").empty()) << "nothing is left open";
}

TEST(Analytics_TamperSynthetic, a_tamper_shorter_than_min_duration_raises_nothing) {
  EXPECT_TRUE(play_street(covered(30, 33), 50).empty());
}

TEST(Analytics_TamperSynthetic, disabled_detection_raises_nothing) {
  EXPECT_TRUE(play_street(covered(30, 50), 60, {.enabled = false}).empty());
}

}  // namespace
}  // namespace cctv::test
