// SPDX-License-Identifier: Apache-2.0
#include "cctv/bus/live_feed.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include <nlohmann/json.hpp>
#include <zmq_addon.hpp>

#include "sockets.hpp"

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

LivePublisher::LivePublisher(zmq::context_t& ctx, const std::string& endpoint)
    : socket_(ctx, zmq::socket_type::xpub), disconnections_(ctx, zmq::socket_type::pair) {
  socket_.set(zmq::sockopt::sndhwm, kHighWaterMark);
  socket_.set(zmq::sockopt::linger, 0);
  // Pass on every subscription, also one the socket holds already: after a broker restart the
  // new broker sends again all it holds, and only those hold (read_subscriptions).
  socket_.set(zmq::sockopt::xpub_verbose, 1);
  const std::string monitor = unique_inproc_endpoint("cctv-live-publisher-monitor");
  if (zmq_socket_monitor(socket_.handle(), monitor.c_str(), ZMQ_EVENT_DISCONNECTED) != 0)
    throw zmq::error_t();
  disconnections_.set(zmq::sockopt::linger, 0);
  disconnections_.connect(monitor);
  socket_.connect(endpoint);
}

bool LivePublisher::wants_frames(const std::string& camera) {
  const std::string topic = kLiveFramePrefix + camera;
  std::lock_guard lock(mutex_);
  read_subscriptions();
  const std::string_view all = kLiveFramePrefix;
  return std::ranges::any_of(subscriptions_, [&](const std::string& prefix) {
    return prefix == topic || all.starts_with(prefix);
  });
}

void LivePublisher::read_subscriptions() {
  // The broker went away: forget what it said. The socket keeps the subscriptions of the lost
  // connection (ZeroMQ reconnects the same pipe), so a subscriber that left meanwhile would
  // otherwise stay wanted for ever; the broker that answers next sends what holds now.
  for (zmq::message_t event; disconnections_.recv(event, zmq::recv_flags::dontwait);)
    subscriptions_.clear();
  // XPUB hands each subscription change over as one message: 1 or 0, then the topic prefix.
  for (zmq::message_t change; socket_.recv(change, zmq::recv_flags::dontwait);) {
    if (change.size() == 0) continue;
    const char* data = change.data<char>();
    std::string prefix(data + 1, change.size() - 1);
    if (data[0] == 1) subscriptions_.insert(std::move(prefix));
    if (data[0] == 0) subscriptions_.erase(prefix);
  }
}

bool LivePublisher::send(std::span<const zmq::const_buffer> parts) {
  std::lock_guard lock(mutex_);
  read_subscriptions();
  return zmq::send_multipart(socket_, parts, zmq::send_flags::dontwait).has_value();
}

bool LivePublisher::send_frame(const LiveMessage& frame) {
  const std::string topic = kLiveFramePrefix + frame.camera;
  const std::array<zmq::const_buffer, 4> parts = {zmq::buffer(topic), zmq::buffer(frame.meta),
                                                  zmq::buffer(frame.jpeg),
                                                  zmq::buffer(frame.overlay_jpeg)};
  return send(parts);
}

bool LivePublisher::send_status(const std::string& camera, const std::string& status) {
  const std::string topic = kLiveStatusPrefix + camera;
  const std::array<zmq::const_buffer, 2> parts = {zmq::buffer(topic), zmq::buffer(status)};
  return send(parts);
}

bool LivePublisher::send_notice(const std::string& what, const std::string& json) {
  const std::string topic = kNoticePrefix + what;
  const std::array<zmq::const_buffer, 2> parts = {zmq::buffer(topic), zmq::buffer(json)};
  return send(parts);
}

LiveSubscriber::LiveSubscriber(zmq::context_t& ctx, const std::string& endpoint,
                               const std::vector<std::string>& prefixes)
    : socket_(ctx, zmq::socket_type::sub) {
  socket_.set(zmq::sockopt::rcvhwm, kHighWaterMark);
  socket_.set(zmq::sockopt::linger, 0);
  for (const std::string& prefix : prefixes) socket_.set(zmq::sockopt::subscribe, prefix);
  socket_.connect(endpoint);
}

void LiveSubscriber::subscribe(const std::string& prefix) {
  socket_.set(zmq::sockopt::subscribe, prefix);
}

void LiveSubscriber::unsubscribe(const std::string& prefix) {
  socket_.set(zmq::sockopt::unsubscribe, prefix);
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
    return LiveMessage{LiveMessage::Kind::frame, topic.substr(frame_prefix.size()),
                       parts[1].to_string(), parts[2].to_string(), parts[3].to_string()};
  }
  if (topic.starts_with(status_prefix) && parts.size() == 2) {
    return LiveMessage{LiveMessage::Kind::status,
                       topic.substr(status_prefix.size()),
                       parts[1].to_string(),
                       {},
                       {}};
  }
  const std::string notice_prefix = kNoticePrefix;
  if (topic.starts_with(notice_prefix) && parts.size() == 2) {
    return LiveMessage{LiveMessage::Kind::notice,
                       topic.substr(notice_prefix.size()),
                       parts[1].to_string(),
                       {},
                       {}};
  }
  return std::nullopt;
}

}  // namespace cctv::bus
