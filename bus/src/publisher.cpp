// SPDX-License-Identifier: Apache-2.0
#include "cctv/bus/publisher.hpp"

#include <mutex>
#include <string>
#include <utility>

#include "cctv/bus/topics.hpp"

namespace cctv::bus {
namespace {

constexpr int kLingerMs = 1000;            // bounded wait to flush queued events on destruction
constexpr int kSendHighWaterMark = 10000;  // events queued toward the broker before dropping

}  // namespace

struct Publisher::Impl {
  std::mutex mutex;
  zmq::socket_t socket;
  std::string source;
  std::uint64_t next_seq;

  Impl(zmq::context_t& ctx, const std::string& endpoint, std::string src, std::uint64_t first)
      : socket(ctx, zmq::socket_type::pub), source(std::move(src)), next_seq(first) {
    socket.set(zmq::sockopt::linger, kLingerMs);
    socket.set(zmq::sockopt::sndhwm, kSendHighWaterMark);
    socket.connect(endpoint);
  }
};

Publisher::Publisher(zmq::context_t& ctx, const std::string& endpoint, std::string source,
                     std::uint64_t first_seq)
    : impl_(std::make_unique<Impl>(ctx, endpoint, std::move(source), first_seq)) {}

Publisher::~Publisher() = default;

std::uint64_t Publisher::publish(Event& e) {
  std::lock_guard lock(impl_->mutex);
  if (e.id.empty()) e.id = new_uuid();
  e.source = impl_->source;
  e.seq = impl_->next_seq++;
  const std::string topic = event_topic(e);
  const std::string payload = to_json(e);
  impl_->socket.send(zmq::buffer(topic), zmq::send_flags::sndmore);
  impl_->socket.send(zmq::buffer(payload), zmq::send_flags::none);
  return e.seq;
}

}  // namespace cctv::bus
