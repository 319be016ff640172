// SPDX-License-Identifier: Apache-2.0
// publish() runs on the callers' threads; one background thread answers the replay socket and
// sends heartbeats. The PUB socket is shared under `mutex`.
#include "cctv/bus/publisher.hpp"

#include <spdlog/spdlog.h>

#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "cctv/bus/heartbeat.hpp"
#include "cctv/bus/topics.hpp"
#include "replay_server.hpp"

namespace cctv::bus {
namespace {

constexpr int kLingerMs = 1000;            // bounded wait to flush queued events on destruction
constexpr int kSendHighWaterMark = 10000;  // events queued toward the broker before dropping
constexpr std::chrono::milliseconds kMaxServeWait{50};  // how quickly the thread sees stop

}  // namespace

struct Publisher::Impl {
  PublisherParams params;
  Outbox outbox;
  ReplayServer replay;
  std::mutex mutex;  // guards socket
  zmq::socket_t socket;
  std::jthread thread;

  Impl(zmq::context_t& ctx, PublisherParams p)
      : params(std::move(p)),
        outbox(params.outbox),
        replay(ctx, params.replay, outbox),
        socket(ctx, zmq::socket_type::pub) {
    socket.set(zmq::sockopt::linger, kLingerMs);
    socket.set(zmq::sockopt::sndhwm, kSendHighWaterMark);
    socket.connect(params.endpoint);
    thread = std::jthread([this](std::stop_token stop) { run(stop); });
  }

  ~Impl() {
    thread.request_stop();
    thread.join();
    heartbeat();
  }

  void send(const std::string& topic, const std::string& payload) {
    socket.send(zmq::buffer(topic), zmq::send_flags::sndmore);
    socket.send(zmq::buffer(payload), zmq::send_flags::none);
  }

  void heartbeat() {
    std::lock_guard lock(mutex);
    const Heartbeat hb{outbox.source(), outbox.last_seq(), replay.endpoint()};
    send(heartbeat_topic(hb.source), to_json(hb));
  }

  void run(std::stop_token stop) {
    auto next_beat = std::chrono::steady_clock::now();
    while (!stop.stop_requested()) {
      const auto now = std::chrono::steady_clock::now();
      if (now >= next_beat) {
        heartbeat();
        next_beat = now + params.heartbeat;
      }
      const auto until_beat =
          std::chrono::duration_cast<std::chrono::milliseconds>(next_beat - now);
      try {
        replay.serve(std::min(until_beat, kMaxServeWait));
      } catch (const std::exception& e) {
        spdlog::error("[bus {}] replay socket: {}", outbox.source(), e.what());
      }
    }
  }
};

Publisher::Publisher(zmq::context_t& ctx, PublisherParams params)
    : impl_(std::make_unique<Impl>(ctx, std::move(params))) {}

Publisher::~Publisher() = default;

std::uint64_t Publisher::publish(Event& e) { return publish(std::span<Event>(&e, 1)); }

std::uint64_t Publisher::publish(std::span<Event> events) {
  std::lock_guard lock(impl_->mutex);
  const std::vector<std::string> payloads = impl_->outbox.append(events);
  for (std::size_t i = 0; i < events.size(); ++i) impl_->send(event_topic(events[i]), payloads[i]);
  return events.empty() ? impl_->outbox.last_seq() : events.back().seq;
}

const std::string& Publisher::replay_endpoint() const { return impl_->replay.endpoint(); }

const Outbox& Publisher::outbox() const { return impl_->outbox; }

}  // namespace cctv::bus
