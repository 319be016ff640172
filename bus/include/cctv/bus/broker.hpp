// SPDX-License-Identifier: Apache-2.0
// XSUB/XPUB proxy so that several nodes publish to one address and several subscribers
// listen on another.
#pragma once

#include <memory>
#include <string>

#include <zmq.hpp>

namespace cctv::bus {

class Broker {
 public:
  // Binds both endpoints (throws zmq::error_t with the endpoint on failure) and starts the
  // proxy thread.
  Broker(zmq::context_t& ctx, const std::string& frontend, const std::string& backend);
  ~Broker();  // stops the proxy and joins its thread
  Broker(const Broker&) = delete;
  Broker& operator=(const Broker&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::bus
