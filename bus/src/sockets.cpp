// SPDX-License-Identifier: Apache-2.0
#include "sockets.hpp"

#include <atomic>
#include <cerrno>
#include <cstdint>

namespace cctv::bus {

bool readable(zmq::socket_t& socket, std::chrono::milliseconds timeout) {
  zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
  try {
    return zmq::poll(&item, 1, timeout) > 0;
  } catch (const zmq::error_t& e) {
    if (e.num() == EINTR) return false;
    throw;
  }
}

zmq::socket_t connected_dealer(zmq::context_t& ctx, const std::string& endpoint,
                               int send_high_water_mark) {
  zmq::socket_t socket(ctx, zmq::socket_type::dealer);
  socket.set(zmq::sockopt::linger, 0);
  socket.set(zmq::sockopt::sndhwm, send_high_water_mark);
  socket.connect(endpoint);
  return socket;
}

std::string unique_inproc_endpoint(const std::string& name) {
  static std::atomic<std::uint64_t> next{0};
  return "inproc://" + name + "-" + std::to_string(next++);
}

}  // namespace cctv::bus
