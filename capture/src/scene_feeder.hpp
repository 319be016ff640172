// SPDX-License-Identifier: Apache-2.0
// Private: plays a SyntheticScene into a live appsrc in real time, from its own thread.
#pragma once

#include <gst/gst.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "cctv/capture/synthetic_scene.hpp"

namespace cctv::capture {

class SceneFeeder {
 public:
  // Keeps a reference to `appsrc`; nothing is pushed before start().
  SceneFeeder(GstElement* appsrc, SceneScript script, cv::Size size, double fps);
  ~SceneFeeder();  // stop()
  SceneFeeder(const SceneFeeder&) = delete;
  SceneFeeder& operator=(const SceneFeeder&) = delete;

  void start();
  void stop();  // idempotent; joins the thread

 private:
  void run(std::stop_token stop);
  GstClockTime running_time_now() const;

  GstElement* appsrc_;
  SyntheticScene scene_;
  double fps_;
  GstClockTime first_ = GST_CLOCK_TIME_NONE;  // running time of frame 0 (feeder thread only)
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;
};

}  // namespace cctv::capture
