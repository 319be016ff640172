// SPDX-License-Identifier: Apache-2.0
// XSUB (publishers connect) <-> XPUB (subscribers connect), forwarded by zmq::proxy_steerable
// on its own thread; an inproc PAIR pair carries TERMINATE to it.
#include "cctv/bus/broker.hpp"

#include <string>
#include <thread>

#include "bind.hpp"
#include "sockets.hpp"

namespace cctv::bus {
namespace {

constexpr int kLingerMs = 1000;        // bounded wait for queued messages when the broker stops
constexpr int kHighWaterMark = 10000;  // messages buffered per peer before dropping

}  // namespace

struct Broker::Impl {
  zmq::socket_t frontend;     // XSUB; used only by the proxy thread once it runs
  zmq::socket_t backend;      // XPUB; likewise
  zmq::socket_t control_in;   // PAIR read by the proxy
  zmq::socket_t control_out;  // PAIR we send TERMINATE on
  std::thread proxy;

  Impl(zmq::context_t& ctx, const std::string& frontend_ep, const std::string& backend_ep)
      : frontend(ctx, zmq::socket_type::xsub),
        backend(ctx, zmq::socket_type::xpub),
        control_in(ctx, zmq::socket_type::pair),
        control_out(ctx, zmq::socket_type::pair) {
    for (zmq::socket_t* s : {&frontend, &backend}) {
      s->set(zmq::sockopt::linger, kLingerMs);
      s->set(zmq::sockopt::sndhwm, kHighWaterMark);
      s->set(zmq::sockopt::rcvhwm, kHighWaterMark);
    }
    control_in.set(zmq::sockopt::linger, 0);
    control_out.set(zmq::sockopt::linger, 0);
    bind_or_throw(frontend, "broker cannot bind frontend", frontend_ep);
    bind_or_throw(backend, "broker cannot bind backend", backend_ep);
    const std::string control = unique_inproc_endpoint("cctv-broker-control");
    control_in.bind(control);
    control_out.connect(control);
    proxy = std::thread([this] { run(); });
  }

  void run() {
    try {
      zmq::proxy_steerable(frontend, backend, zmq::socket_ref(), control_in);
    } catch (const zmq::error_t&) {
      // ETERM: the context is shutting down; nothing more to forward.
    }
  }

  ~Impl() {
    try {
      control_out.send(zmq::str_buffer("TERMINATE"), zmq::send_flags::dontwait);
    } catch (const zmq::error_t&) {
      // The proxy has already stopped (context terminated); join below still applies.
    }
    proxy.join();
  }
};

Broker::Broker(zmq::context_t& ctx, const std::string& frontend, const std::string& backend)
    : impl_(std::make_unique<Impl>(ctx, frontend, backend)) {}

Broker::~Broker() = default;

}  // namespace cctv::bus
