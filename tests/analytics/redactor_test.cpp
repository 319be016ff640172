// SPDX-License-Identifier: Apache-2.0
// Redaction on the synthetic street scene, whose people are known: a redacted frame differs
// inside the people's boxes and hardly anywhere else; keeping every track leaves it untouched.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "cctv/analytics/redactor.hpp"
#include "cctv/capture/synthetic_scene.hpp"

namespace cctv::analytics {
namespace {

constexpr double kFps = 10;
constexpr double kSeconds = 8;
const Timestamp kT0 = *parse_utc("2026-11-23T10:00:00Z");

struct Played {
  cv::Mat original, redacted;  // the last frame
  std::set<std::int64_t> tracks;
};

Played play(const capture::SyntheticScene& scene, const RedactorParams& params) {
  Redactor redactor(params);
  Played out;
  for (long k = 0; k <= static_cast<long>(kSeconds * kFps); ++k) {
    const double t = static_cast<double>(k) / kFps;
    out.original = scene.render(t, k);
    out.redacted = out.original.clone();
    redactor.apply(out.redacted, kT0 + Millis(static_cast<std::int64_t>(t * 1000)));
  }
  out.tracks = redactor.tracks_seen();
  return out;
}

cv::Rect pixels(const Box& b, double grow, const cv::Size& size) {
  const cv::Rect r(static_cast<int>((b.x - b.w * grow) * size.width),
                   static_cast<int>((b.y - b.h * grow) * size.height),
                   static_cast<int>(b.w * (1 + 2 * grow) * size.width),
                   static_cast<int>(b.h * (1 + 2 * grow) * size.height));
  return r & cv::Rect(0, 0, size.width, size.height);
}

TEST(Analytics_Redactor, blurs_the_people_and_leaves_the_rest_of_the_frame) {
  const capture::SyntheticScene scene(*capture::builtin_scene("street"), {640, 360});
  const Played p = play(scene, {});
  ASSERT_FALSE(p.tracks.empty());
  cv::Mat changed;
  cv::absdiff(p.original, p.redacted, changed);
  cv::cvtColor(changed, changed, cv::COLOR_BGR2GRAY);
  cv::Mat outside(changed.size(), CV_8U, cv::Scalar(255));
  int people = 0, blurred = 0;
  for (const capture::PersonTruth& person : scene.people_at(kSeconds)) {
    outside(pixels(person.box, 0.4, changed.size())).setTo(0);
    if (person.visible < 0.9 || person.box.h < 0.1) continue;
    ++people;
    const cv::Rect inner =
        pixels({person.box.x + person.box.w * 0.2, person.box.y + person.box.h * 0.2,
                person.box.w * 0.6, person.box.h * 0.6},
               0, changed.size());
    if (cv::mean(changed(inner))[0] > 4) ++blurred;
  }
  ASSERT_GT(people, 0);
  EXPECT_GE(blurred * 10, people * 8) << blurred << " of " << people << " visible people blurred";
  const double changed_outside =
      cv::countNonZero((changed > 8) & outside) / static_cast<double>(cv::countNonZero(outside));
  EXPECT_LT(changed_outside, 0.02) << "share of the frame away from people that changed";
}

TEST(Analytics_Redactor, keeps_the_tracks_asked_for) {
  const capture::SyntheticScene scene(*capture::builtin_scene("street"), {640, 360});
  const std::set<std::int64_t> all = play(scene, {}).tracks;
  const Played kept = play(scene, {.keep_tracks = all});
  EXPECT_EQ(kept.tracks, all) << "the same frames give the same track ids";
  EXPECT_EQ(cv::norm(kept.original, kept.redacted, cv::NORM_INF), 0) << "nobody is blurred";
  EXPECT_THROW(Redactor({.face_cascade = "/nonexistent.xml"}), std::invalid_argument);
}

}  // namespace
}  // namespace cctv::analytics
