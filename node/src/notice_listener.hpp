// SPDX-License-Identifier: Apache-2.0
// Private: a thread that hands the bus's change notices of one kind (their JSON text) to a
// callback, until destroyed (within 200 ms).
#pragma once

#include <functional>
#include <string>
#include <thread>

#include <zmq.hpp>

namespace cctv::node {

class NoticeListener {
 public:
  using Handler = std::function<void(const std::string& json)>;
  // `what`: bus::kDeploymentNotice, ...; `endpoint`: the broker backend. An exception from
  // `handler` is logged and the notice skipped.
  NoticeListener(zmq::context_t& ctx, const std::string& endpoint, const std::string& what,
                 Handler handler);
  ~NoticeListener();
  NoticeListener(const NoticeListener&) = delete;
  NoticeListener& operator=(const NoticeListener&) = delete;

 private:
  std::jthread thread_;
};

}  // namespace cctv::node
