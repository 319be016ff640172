// SPDX-License-Identifier: Apache-2.0
#include "test_source.hpp"

#include <thread>

namespace cctv::capture {

TestSource::TestSource(const config::Camera& camera, SceneScript script)
    : camera_id_(camera.id),
      fps_(camera.analytics.fps),
      scene_(std::move(script), {camera.analytics.width, camera.analytics.height}) {}

std::optional<std::string> TestSource::run(std::stop_token stop, FrameSink& sink) {
  const auto wall_start = std::chrono::steady_clock::now();
  const Timestamp utc_start = now_utc();
  for (long k = 0; !stop.stop_requested(); ++k) {
    const std::chrono::duration<double> offset(static_cast<double>(k) / fps_);
    std::this_thread::sleep_until(wall_start + std::chrono::duration_cast<std::chrono::nanoseconds>(offset));
    if (stop.stop_requested()) break;
    const Timestamp ts = utc_start + std::chrono::duration_cast<Millis>(offset);
    sink.on_frame({camera_id_, ts, scene_.render(offset.count(), k)});
  }
  return std::nullopt;
}

}  // namespace cctv::capture
