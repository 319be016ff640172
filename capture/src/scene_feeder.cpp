// SPDX-License-Identifier: Apache-2.0
#include "scene_feeder.hpp"

#include <gst/app/gstappsrc.h>

#include <chrono>

namespace cctv::capture {

SceneFeeder::SceneFeeder(GstElement* appsrc, SceneScript script, cv::Size size, double fps)
    : appsrc_(GST_ELEMENT(gst_object_ref(appsrc))), scene_(std::move(script), size), fps_(fps) {}

SceneFeeder::~SceneFeeder() {
  stop();
  gst_object_unref(appsrc_);
}

void SceneFeeder::start() {
  if (!thread_.joinable()) thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void SceneFeeder::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void SceneFeeder::run(std::stop_token stop) {
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  first_ = GST_CLOCK_TIME_NONE;
  const auto frame_ns = static_cast<std::int64_t>(1e9 / fps_);
  for (long k = 0; !stop.stop_requested(); ++k) {
    const auto due = t0 + std::chrono::nanoseconds(k * frame_ns);
    {
      std::unique_lock lock(mutex_);
      wake_.wait_until(lock, stop, due, [] { return false; });
      if (stop.stop_requested()) return;
    }
    // A camera's clock is steady: frame k is stamped first + k / fps in running time.
    if (!GST_CLOCK_TIME_IS_VALID(first_)) first_ = running_time_now();
    if (!GST_CLOCK_TIME_IS_VALID(first_)) {
      t0 = Clock::now() + std::chrono::milliseconds(10);  // not playing yet: try again shortly
      k = -1;
      continue;
    }
    cv::Mat frame = scene_.render(static_cast<double>(k) / fps_, k);
    const gsize bytes = frame.total() * frame.elemSize();
    GstBuffer* buffer = gst_buffer_new_allocate(nullptr, bytes, nullptr);
    gst_buffer_fill(buffer, 0, frame.data, bytes);
    GST_BUFFER_PTS(buffer) = first_ + static_cast<GstClockTime>(k * frame_ns);
    GST_BUFFER_DURATION(buffer) = static_cast<GstClockTime>(frame_ns);
    // Not pushing (flushing, EOS) is fine: the pipeline is stopping and will stop us too.
    gst_app_src_push_buffer(GST_APP_SRC(appsrc_), buffer);
  }
}

GstClockTime SceneFeeder::running_time_now() const {
  if (GST_STATE(appsrc_) != GST_STATE_PLAYING) return GST_CLOCK_TIME_NONE;
  GstClock* clock = gst_element_get_clock(appsrc_);
  if (!clock) return GST_CLOCK_TIME_NONE;
  const GstClockTime now = gst_clock_get_time(clock);
  gst_object_unref(clock);
  const GstClockTime base = gst_element_get_base_time(appsrc_);
  return now > base ? now - base : 0;
}

}  // namespace cctv::capture
