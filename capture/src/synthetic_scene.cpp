// SPDX-License-Identifier: Apache-2.0
#include "cctv/capture/synthetic_scene.hpp"

#include <cmath>

#include <opencv2/imgproc.hpp>

namespace cctv::capture {
namespace {

constexpr double kPersonAspect = 2.6;  // height / width
constexpr double kSensorNoiseSigma = 2.0;
const cv::Scalar kOccluderColour{90, 110, 150};

const cv::Scalar kPalette[] = {{40, 40, 200},  {200, 60, 40},  {40, 160, 40}, {30, 200, 220},
                               {180, 40, 160}, {220, 200, 40}, {20, 20, 20},  {240, 240, 240}};

cv::Mat make_background(cv::Size size) {
  cv::Mat bg(size, CV_8UC3);
  for (int y = 0; y < size.height; ++y) {
    const int level = 95 + 50 * y / size.height;  // pavement gets lighter towards the camera
    bg.row(y).setTo(cv::Scalar(level, level + 5, level + 8));
  }
  cv::Mat texture(size, CV_8UC3);
  cv::RNG rng(20261123);
  rng.fill(texture, cv::RNG::NORMAL, 0, 12);
  cv::GaussianBlur(texture, texture, {3, 3}, 0);
  bg += texture;
  const int kerb = size.height / 2;
  cv::line(bg, {0, kerb}, {size.width, kerb}, {70, 70, 70}, std::max(2, size.height / 120));
  for (int i = 0; i < 5; ++i) {  // shop fronts along the top
    const int x0 = i * size.width / 5 + size.width / 40;
    cv::rectangle(bg, {x0, 0}, {x0 + size.width / 6, size.height / 4},
                  cv::Scalar(60 + 25 * i, 90, 130 - 15 * i), cv::FILLED);
  }
  return bg;
}

std::optional<Point> position(const Actor& a, double t) {
  if (a.path.empty() || t < a.path.front().t || t > a.path.back().t) return std::nullopt;
  for (std::size_t i = 1; i < a.path.size(); ++i) {
    const Waypoint& p = a.path[i - 1];
    const Waypoint& q = a.path[i];
    if (t > q.t) continue;
    const double f = q.t > p.t ? (t - p.t) / (q.t - p.t) : 1.0;
    return Point{p.x + f * (q.x - p.x), p.y + f * (q.y - p.y)};
  }
  return Point{a.path.back().x, a.path.back().y};
}

Box person_box(const Actor& a, Point feet, cv::Size size) {
  const double w = a.height * size.height / size.width / kPersonAspect;
  return {feet.x - w / 2, feet.y - a.height, w, a.height};
}

void draw_person(cv::Mat& img, const Box& b, const cv::Scalar& colour) {
  const double W = img.cols, H = img.rows;
  const double head_r = b.h * 0.11;
  const cv::Point head(static_cast<int>((b.x + b.w / 2) * W), static_cast<int>((b.y + head_r) * H));
  cv::circle(img, head, static_cast<int>(head_r * H), {60, 90, 140}, cv::FILLED, cv::LINE_AA);
  const cv::Point body_tl(static_cast<int>(b.x * W), static_cast<int>((b.y + 2 * head_r) * H));
  const cv::Point body_br(static_cast<int>((b.x + b.w) * W),
                          static_cast<int>((b.y + b.h * 0.6) * H));
  cv::rectangle(img, body_tl, body_br, colour, cv::FILLED);
  const cv::Point legs_tl(static_cast<int>((b.x + b.w * 0.15) * W), body_br.y);
  const cv::Point legs_br(static_cast<int>((b.x + b.w * 0.85) * W),
                          static_cast<int>((b.y + b.h) * H));
  cv::rectangle(img, legs_tl, legs_br, {50, 40, 35}, cv::FILLED);
}

double hidden_share(const Box& b, const std::vector<Box>& occluders) {
  double hidden = 0;  // occluders are assumed not to overlap each other
  for (const Box& o : occluders) {
    const double w = std::max(0.0, std::min(b.x + b.w, o.x + o.w) - std::max(b.x, o.x));
    const double h = std::max(0.0, std::min(b.y + b.h, o.y + o.h) - std::max(b.y, o.y));
    hidden += w * h;
  }
  return b.area() > 0 ? std::min(1.0, hidden / b.area()) : 0.0;
}

double brightness(const std::vector<LightChange>& lighting, double t) {
  double gain = 1;
  for (const LightChange& l : lighting) {
    if (t >= l.t1) {
      gain *= l.gain;
    } else if (t > l.t0) {
      gain *= 1 + (l.gain - 1) * (t - l.t0) / (l.t1 - l.t0);
    }
  }
  return gain;
}

void draw_occluder(cv::Mat& img, const Box& b) {
  const cv::Rect r(static_cast<int>(b.x * img.cols), static_cast<int>(b.y * img.rows),
                   static_cast<int>(b.w * img.cols), static_cast<int>(b.h * img.rows));
  cv::rectangle(img, r, kOccluderColour, cv::FILLED);
}

}  // namespace

SyntheticScene::SyntheticScene(SceneScript script, cv::Size size)
    : script_(std::move(script)), size_(size), background_(make_background(size)) {}

cv::Mat SyntheticScene::render(double t, long frame_index) const {
  cv::Mat img = background_.clone();
  // Farther people first, so nearer ones are drawn over them.
  auto people = people_at(t);
  std::sort(people.begin(), people.end(),
            [](const auto& a, const auto& b) { return a.box.y + a.box.h < b.box.y + b.box.h; });
  for (const PersonTruth& p : people) draw_person(img, p.box, kPalette[p.id % std::size(kPalette)]);
  for (const Box& o : script_.occluders) draw_occluder(img, o);
  const double local = script_.period_s > 0 ? std::fmod(t, script_.period_s) : t;
  if (const double gain = brightness(script_.lighting, local); gain != 1)
    img.convertTo(img, -1, gain);
  cv::Mat noise(size_, CV_16SC3);
  cv::RNG rng(static_cast<std::uint64_t>(frame_index) + 1);
  rng.fill(noise, cv::RNG::NORMAL, 0, kSensorNoiseSigma);
  cv::Mat out;
  cv::add(img, noise, out, cv::noArray(), CV_8UC3);
  return out;
}

std::vector<PersonTruth> SyntheticScene::people_at(double t) const {
  const double local = script_.period_s > 0 ? std::fmod(t, script_.period_s) : t;
  std::vector<PersonTruth> out;
  for (const Actor& a : script_.actors) {
    if (auto feet = position(a, local)) {
      const Box box = person_box(a, *feet, size_);
      out.push_back({a.id, box, 1.0 - hidden_share(box, script_.occluders)});
    }
  }
  return out;
}

}  // namespace cctv::capture
