// SPDX-License-Identifier: Apache-2.0
// Private: the newest live frame and status of every camera, as they arrive from the capture
// nodes over ZeroMQ. MJPEG streams wait here for the next frame. Change notices arriving on the
// same socket go to a handler.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "cctv/bus/live_feed.hpp"
#include "cctv/common/time.hpp"

namespace cctv::console {

struct LiveFrame {
  std::uint64_t seq = 0;  // per camera, increases with each frame
  std::shared_ptr<const bus::LiveMessage> message;
};

struct LiveStatus {
  std::string json;  // the capture node's figures
  Timestamp received_at{};
};

class LiveCache {
 public:
  using NoticeHandler = std::function<void(const bus::LiveMessage&)>;
  // Without a context or endpoint the cache stays empty (no live view). `on_notice` is called
  // on the receiving thread.
  LiveCache(zmq::context_t* ctx, const std::string& endpoint, NoticeHandler on_notice);
  ~LiveCache();  // stop()
  void stop();

  // Per camera -> last seq seen: the frames newer than that, waiting up to `timeout` for at
  // least one; empty on timeout or stop. One camera is a live view, several a camera wall.
  using Seen = std::map<std::string, std::uint64_t>;
  std::map<std::string, LiveFrame> next_frames(const Seen& seen, Millis timeout);
  std::optional<LiveStatus> status(const std::string& camera) const;

 private:
  void receive_loop(zmq::context_t& ctx, const std::string& endpoint);
  void store(bus::LiveMessage message);

  mutable std::mutex mutex_;
  std::condition_variable frame_arrived_;
  std::map<std::string, LiveFrame> frames_;
  std::map<std::string, LiveStatus> statuses_;
  NoticeHandler on_notice_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace cctv::console
