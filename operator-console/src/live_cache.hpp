// SPDX-License-Identifier: Apache-2.0
// Private: the newest live frame of every watched camera and the status of every camera, as
// they arrive from the capture nodes over ZeroMQ. MJPEG streams wait here for the next frame.
// Change notices arriving on the same socket go to a handler. Capture nodes make frames only for
// cameras someone subscribes to, so the cache subscribes to a camera's frames only while a
// viewer watches it (and for a linger after the last one goes).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

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
  // on the receiving thread. `linger`: how long a camera's frames stay subscribed after its
  // last viewer left.
  LiveCache(zmq::context_t* ctx, const std::string& endpoint, NoticeHandler on_notice,
            Millis linger);
  ~LiveCache();  // stop()
  void stop();

  // A viewer's interest in some cameras' frames, held while this handle (or a copy) lives;
  // frames of a camera nobody watched before follow within a moment.
  using Watch = std::shared_ptr<const void>;
  [[nodiscard]] Watch watch(const std::vector<std::string>& cameras);

  // Per camera -> last seq seen: the frames newer than that, waiting up to `timeout` for at
  // least one; empty on timeout or stop. One camera is a live view, several a camera wall. The
  // cameras must be watched.
  using Seen = std::map<std::string, std::uint64_t>;
  std::map<std::string, LiveFrame> next_frames(const Seen& seen, Millis timeout);
  std::optional<LiveStatus> status(const std::string& camera) const;

 private:
  struct Interest {
    int viewers = 0;
    std::chrono::steady_clock::time_point last_left;  // when viewers last fell to 0
  };

  void receive_loop(zmq::context_t& ctx, const std::string& endpoint);
  // On the receiving thread: subscribes to the frames of the cameras now watched (or lingering)
  // and unsubscribes from the rest, forgetting their last frame.
  void follow_interest(bus::LiveSubscriber& subscriber);
  void store(bus::LiveMessage message);
  void release(const std::vector<std::string>& cameras);

  const Millis linger_;
  mutable std::mutex mutex_;
  std::map<std::string, Interest> interest_;  // cameras watched or lingering
  std::set<std::string> subscribed_;          // cameras whose frames the socket takes
  std::condition_variable frame_arrived_;
  std::map<std::string, LiveFrame> frames_;
  std::map<std::string, LiveStatus> statuses_;
  NoticeHandler on_notice_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace cctv::console
