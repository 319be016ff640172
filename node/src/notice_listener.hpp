// SPDX-License-Identifier: Apache-2.0
// Private: a thread that hands the bus's change notices of one kind to a callback, until
// destroyed (within 200 ms).
#pragma once

#include <functional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>
#include <zmq.hpp>

namespace cctv::node {

class NoticeListener {
 public:
  using Handler = std::function<void(const nlohmann::json&)>;
  // `what`: bus::kDeploymentNotice, ...; `endpoint`: the broker backend. A malformed notice is
  // logged and skipped; an exception from `handler` too.
  NoticeListener(zmq::context_t& ctx, const std::string& endpoint, const std::string& what,
                 Handler handler);
  ~NoticeListener();
  NoticeListener(const NoticeListener&) = delete;
  NoticeListener& operator=(const NoticeListener&) = delete;

 private:
  std::jthread thread_;
};

}  // namespace cctv::node
