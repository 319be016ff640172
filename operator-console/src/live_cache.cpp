// SPDX-License-Identifier: Apache-2.0
#include "live_cache.hpp"

#include <spdlog/spdlog.h>

namespace cctv::console {

LiveCache::LiveCache(zmq::context_t* ctx, const std::string& endpoint, NoticeHandler on_notice)
    : on_notice_(std::move(on_notice)) {
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
    bus::LiveSubscriber subscriber(
        ctx, endpoint, {bus::kLiveFramePrefix, bus::kLiveStatusPrefix, bus::kNoticePrefix});
    while (!stopping_) {
      if (auto message = subscriber.receive(std::chrono::milliseconds(200)))
        store(std::move(*message));
    }
  } catch (const std::exception& e) {
    spdlog::error("console: live feed from {} failed: {}", endpoint, e.what());
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
