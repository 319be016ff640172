// SPDX-License-Identifier: Apache-2.0
// A camera's side of the console's live view: a JPEG of the analytics frame (plain and with
// zones and tracks drawn) a couple of times a second, and the camera's figures every couple of
// seconds, over the bus's best-effort live channel. Frames are made only while a console
// watches the camera (LivePublisher::wants_frames).
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "cctv/analytics/detector_pool.hpp"
#include "cctv/analytics/types.hpp"
#include "cctv/analytics/video_frame.hpp"
#include "cctv/bus/live_feed.hpp"
#include "cctv/capture/source_supervisor.hpp"
#include "cctv/config/config.hpp"
#include "event_dispatcher.hpp"

namespace cctv::node {

class LiveViewFeed {
 public:
  // `publisher` may be null (no live view); it must outlive this.
  LiveViewFeed(bus::LivePublisher* publisher, const config::Camera& camera,
               std::vector<Polygon> zones);

  // Frame time drives the rate, so a replayed file is sampled like a live camera. Does nothing
  // while nobody watches the camera.
  void on_frame(const analytics::VideoFrame& frame, Timestamp ts,
                const std::vector<analytics::Track>& tracks);
  void set_zones(std::vector<Polygon> zones) { zones_ = std::move(zones); }
  // Sends the figures if the last status is old enough; call it from any periodic thread.
  void on_figures(const capture::CameraFigures& figures, const DispatchDrops& drops,
                  const analytics::DetectorFigures& detector);

 private:
  bus::LivePublisher* publisher_;
  std::string camera_;
  std::vector<Polygon> zones_;
  std::optional<Timestamp> last_frame_sent_;
  std::atomic<std::uint64_t> frames_made_{0};  // read by on_figures on another thread
};

// The figures as the console reads them (state, fps, drops, last frame time).
// `drops`: what the node's event dispatcher could not keep up with, for this camera;
// `live_frames`: the live view frames made so far.
std::string figures_json(const capture::CameraFigures& f, const DispatchDrops& drops,
                         const analytics::DetectorFigures& detector, std::uint64_t live_frames);

}  // namespace cctv::node
