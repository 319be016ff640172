// SPDX-License-Identifier: Apache-2.0
#include "cctv/bus/live_feed.hpp"

#include <array>
#include <vector>

#include <nlohmann/json.hpp>
#include <zmq_addon.hpp>

namespace cctv::bus {
namespace {

// A few frames per camera in flight at most; a slow console must not fill memory.
constexpr int kHighWaterMark = 64;

}  // namespace

std::string sites_notice(const std::map<std::string, std::string>& sites) {
  return nlohmann::json{{"sites", sites}}.dump();
}

std::optional<std::map<std::string, std::string>> sites_in_notice(const std::string& json) {
  const auto notice = nlohmann::json::parse(json, nullptr, false);
  if (!notice.is_object() || !notice.contains("sites") || !notice["sites"].is_object())
    return std::nullopt;
  std::map<std::string, std::string> sites;
  for (const auto& [camera, site] : notice["sites"].items()) {
    if (!site.is_string()) return std::nullopt;
    sites[camera] = site.get<std::string>();
  }
  return sites;
}

LivePublisher::LivePublisher(zmq::context_t& ctx, const std::string& endpoint) : socket_(ctx, zmq::socket_type::pub) {
  socket_.set(zmq::sockopt::sndhwm, kHighWaterMark);
  socket_.set(zmq::sockopt::linger, 0);
  socket_.connect(endpoint);
}

bool LivePublisher::send_frame(const LiveMessage& frame) {
  const std::string topic = kLiveFramePrefix + frame.camera;
  std::array<zmq::const_buffer, 4> parts = {zmq::buffer(topic), zmq::buffer(frame.meta), zmq::buffer(frame.jpeg),
                                            zmq::buffer(frame.overlay_jpeg)};
  std::lock_guard lock(mutex_);
  return zmq::send_multipart(socket_, parts, zmq::send_flags::dontwait).has_value();
}

bool LivePublisher::send_status(const std::string& camera, const std::string& status) {
  const std::string topic = kLiveStatusPrefix + camera;
  std::array<zmq::const_buffer, 2> parts = {zmq::buffer(topic), zmq::buffer(status)};
  std::lock_guard lock(mutex_);
  return zmq::send_multipart(socket_, parts, zmq::send_flags::dontwait).has_value();
}

bool LivePublisher::send_notice(const std::string& what, const std::string& json) {
  const std::string topic = kNoticePrefix + what;
  std::array<zmq::const_buffer, 2> parts = {zmq::buffer(topic), zmq::buffer(json)};
  std::lock_guard lock(mutex_);
  return zmq::send_multipart(socket_, parts, zmq::send_flags::dontwait).has_value();
}

LiveSubscriber::LiveSubscriber(zmq::context_t& ctx, const std::string& endpoint,
                               const std::vector<std::string>& prefixes)
    : socket_(ctx, zmq::socket_type::sub) {
  socket_.set(zmq::sockopt::rcvhwm, kHighWaterMark);
  socket_.set(zmq::sockopt::linger, 0);
  for (const std::string& prefix : prefixes) socket_.set(zmq::sockopt::subscribe, prefix);
  socket_.connect(endpoint);
}

std::optional<LiveMessage> LiveSubscriber::receive(std::chrono::milliseconds timeout) {
  socket_.set(zmq::sockopt::rcvtimeo, static_cast<int>(timeout.count()));
  std::vector<zmq::message_t> parts;
  if (!zmq::recv_multipart(socket_, std::back_inserter(parts))) return std::nullopt;
  if (parts.empty()) return std::nullopt;
  const std::string topic = parts[0].to_string();
  const std::string frame_prefix = kLiveFramePrefix;
  const std::string status_prefix = kLiveStatusPrefix;
  if (topic.starts_with(frame_prefix) && parts.size() == 4) {
    return LiveMessage{LiveMessage::Kind::frame, topic.substr(frame_prefix.size()), parts[1].to_string(),
                       parts[2].to_string(), parts[3].to_string()};
  }
  if (topic.starts_with(status_prefix) && parts.size() == 2) {
    return LiveMessage{LiveMessage::Kind::status, topic.substr(status_prefix.size()), parts[1].to_string(), {}, {}};
  }
  const std::string notice_prefix = kNoticePrefix;
  if (topic.starts_with(notice_prefix) && parts.size() == 2) {
    return LiveMessage{LiveMessage::Kind::notice, topic.substr(notice_prefix.size()), parts[1].to_string(), {}, {}};
  }
  return std::nullopt;
}

}  // namespace cctv::bus
