// SPDX-License-Identifier: Apache-2.0
#include "bind.hpp"

namespace cctv::bus {

BindError::BindError(int err, const std::string& what, const std::string& endpoint)
    : zmq::error_t(err), text_(what + " " + endpoint + ": " + zmq_strerror(err)) {}

void bind_or_throw(zmq::socket_t& socket, const std::string& owner_and_role,
                   const std::string& endpoint) {
  try {
    socket.bind(endpoint);
  } catch (const zmq::error_t& e) {
    throw BindError(e.num(), owner_and_role, endpoint);
  }
}

}  // namespace cctv::bus
