// SPDX-License-Identifier: Apache-2.0
#include "live_cache.hpp"

#include <spdlog/spdlog.h>

namespace cctv::console {
namespace {

// How long the receiving thread waits for a message before it looks for new viewers again: a
// new viewer's subscription goes out within this.
constexpr Millis kInterestCheck{50};

}  // namespace

LiveCache::LiveCache(zmq::context_t* ctx, const std::string& endpoint, NoticeHandler on_notice,
                     Millis linger)
    : linger_(linger), on_notice_(std::move(on_notice)) {
  if (ctx && !endpoint.empty())
    thread_ = std::thread([this, ctx, endpoint] { receive_loop(*ctx, endpoint); });
}

LiveCache::~LiveCache() { stop(); }

void LiveCache::stop() {
  stopping_ = true;
  frame_arrived_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LiveCache::receive_loop(zmq::context_t& ctx, const std::string& endpoint) {
  try {
    bus::LiveSubscriber subscriber(ctx, endpoint, {bus::kLiveStatusPrefix, bus::kNoticePrefix});
    while (!stopping_) {
      follow_interest(subscriber);
      if (auto message = subscriber.receive(kInterestCheck)) store(std::move(*message));
    }
  } catch (const std::exception& e) {
    spdlog::error("console: live feed from {} failed: {}", endpoint, e.what());
  }
}

LiveCache::Watch LiveCache::watch(const std::vector<std::string>& cameras) {
  {
    std::lock_guard lock(mutex_);
    for (const std::string& camera : cameras) ++interest_[camera].viewers;
  }
  return Watch(nullptr, [this, cameras](const void*) { release(cameras); });
}

void LiveCache::release(const std::vector<std::string>& cameras) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  for (const std::string& camera : cameras) {
    Interest& interest = interest_[camera];
    if (--interest.viewers == 0) interest.last_left = now;
  }
}

void LiveCache::follow_interest(bus::LiveSubscriber& subscriber) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  std::erase_if(interest_, [&](const auto& entry) {
    return entry.second.viewers == 0 && now - entry.second.last_left >= linger_;
  });
  for (const auto& [camera, interest] : interest_) {
    if (subscribed_.insert(camera).second) subscriber.subscribe(bus::kLiveFramePrefix + camera);
  }
  for (auto it = subscribed_.begin(); it != subscribed_.end();) {
    if (interest_.contains(*it)) {
      ++it;
      continue;
    }
    subscriber.unsubscribe(bus::kLiveFramePrefix + *it);
    frames_.erase(*it);  // a viewer who comes back must not see a frame from before
    it = subscribed_.erase(it);
  }
}

void LiveCache::store(bus::LiveMessage message) {
  if (message.kind == bus::LiveMessage::Kind::notice) {
    if (on_notice_) on_notice_(message);
    return;
  }
  std::lock_guard lock(mutex_);
  if (message.kind == bus::LiveMessage::Kind::status) {
    statuses_[message.camera] = {std::move(message.meta), now_utc()};
    return;
  }
  if (!subscribed_.contains(message.camera)) return;  // sent before the unsubscription arrived
  LiveFrame& frame = frames_[message.camera];
  ++frame.seq;
  frame.message = std::make_shared<const bus::LiveMessage>(std::move(message));
  frame_arrived_.notify_all();
}

std::map<std::string, LiveFrame> LiveCache::next_frames(const Seen& seen, Millis timeout) {
  std::map<std::string, LiveFrame> out;
  const auto collect = [&] {
    for (const auto& [camera, after_seq] : seen) {
      const auto it = frames_.find(camera);
      if (it != frames_.end() && it->second.seq > after_seq) out[camera] = it->second;
    }
    return !out.empty();
  };
  std::unique_lock lock(mutex_);
  frame_arrived_.wait_for(lock, timeout, [&] { return stopping_ || collect(); });
  if (stopping_) out.clear();
  return out;
}

std::optional<LiveStatus> LiveCache::status(const std::string& camera) const {
  std::lock_guard lock(mutex_);
  const auto it = statuses_.find(camera);
  if (it == statuses_.end()) return std::nullopt;
  return it->second;
}

}  // namespace cctv::console
