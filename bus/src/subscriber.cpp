// SPDX-License-Identifier: Apache-2.0
#include "cctv/bus/subscriber.hpp"

#include <cerrno>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <string>
#include <zmq_addon.hpp>

#include "cctv/bus/topics.hpp"

namespace cctv::bus {
namespace {

constexpr int kReceiveHighWaterMark = 10000;  // events buffered before the broker drops

}  // namespace

struct Subscriber::Impl {
  zmq::socket_t socket;
  mutable std::mutex mutex;                                // guards last
  std::map<std::string, std::uint64_t, std::less<>> last;  // last seq seen per source

  Impl(zmq::context_t& ctx, const std::string& endpoint, const std::vector<std::string>& prefixes)
      : socket(ctx, zmq::socket_type::sub) {
    socket.set(zmq::sockopt::linger, 0);
    socket.set(zmq::sockopt::rcvhwm, kReceiveHighWaterMark);
    for (const std::string& prefix : prefixes) socket.set(zmq::sockopt::subscribe, prefix);
    socket.connect(endpoint);
  }

  bool wait_readable(std::chrono::milliseconds timeout) {
    zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
    try {
      return zmq::poll(&item, 1, timeout) > 0 && (item.revents & ZMQ_POLLIN);
    } catch (const zmq::error_t& e) {
      if (e.num() == EINTR) return false;  // a signal: report it as a timeout
      throw;
    }
  }

  // Records e's seq for its source; returns the seqs skipped since the last one seen.
  std::optional<Gap> track(const Event& e) {
    std::lock_guard lock(mutex);
    auto [it, first_seen] = last.try_emplace(e.source, e.seq);
    if (first_seen || e.seq <= it->second) return std::nullopt;  // new source, or replay
    std::optional<Gap> gap;
    if (e.seq > it->second + 1) gap = Gap{e.source, it->second + 1, e.seq - 1};
    it->second = e.seq;
    return gap;
  }

  Received decode(std::vector<zmq::message_t>& parts) {
    Received r;
    if (!parts.empty()) r.topic = parts.front().to_string();
    if (parts.size() != 2) {
      r.error = "expected a 2-part message [topic, json], got " + std::to_string(parts.size()) +
                " part(s)";
      return r;
    }
    try {
      if (r.topic.starts_with(kHeartbeatPrefix)) {
        r.heartbeat = heartbeat_from_json(parts[1].to_string_view());
        return r;
      }
      r.event = event_from_json(parts[1].to_string_view());
    } catch (const EventDecodeError& e) {
      r.error = e.what();
      return r;
    }
    r.gap = track(*r.event);
    return r;
  }
};

Subscriber::Subscriber(zmq::context_t& ctx, const std::string& endpoint,
                       const std::vector<std::string>& prefixes)
    : impl_(std::make_unique<Impl>(ctx, endpoint, prefixes)) {}

Subscriber::~Subscriber() = default;

std::optional<Received> Subscriber::receive(std::chrono::milliseconds timeout) {
  if (!impl_->wait_readable(timeout)) return std::nullopt;
  std::vector<zmq::message_t> parts;
  if (!zmq::recv_multipart(impl_->socket, std::back_inserter(parts), zmq::recv_flags::dontwait)) {
    return std::nullopt;
  }
  return impl_->decode(parts);
}

std::optional<std::uint64_t> Subscriber::last_seq(const std::string& source) const {
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->last.find(source);
  if (it == impl_->last.end()) return std::nullopt;
  return it->second;
}

}  // namespace cctv::bus
