// SPDX-License-Identifier: Apache-2.0
// Private: binding a socket so that a failure names the endpoint and what it was for.
#pragma once

#include <string>

#include <zmq.hpp>

namespace cctv::bus {

// zmq::error_t whose what() also says which endpoint failed.
class BindError : public zmq::error_t {
 public:
  BindError(int err, const std::string& what, const std::string& endpoint);
  const char* what() const noexcept override { return text_.c_str(); }

 private:
  std::string text_;
};

// Binds `socket`; throws BindError("<owner> cannot bind <role> <endpoint>: <reason>").
void bind_or_throw(zmq::socket_t& socket, const std::string& owner_and_role,
                   const std::string& endpoint);

}  // namespace cctv::bus
