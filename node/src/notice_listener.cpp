// SPDX-License-Identifier: Apache-2.0
#include "notice_listener.hpp"

#include <spdlog/spdlog.h>

#include "cctv/bus/live_feed.hpp"

namespace cctv::node {

NoticeListener::NoticeListener(zmq::context_t& ctx, const std::string& endpoint,
                               const std::string& what, Handler handler) {
  // The socket is made here, not in the thread, so no notice sent after this returns is missed
  // for want of a subscription (the connection itself still takes a moment).
  auto subscriber = std::make_shared<bus::LiveSubscriber>(
      ctx, endpoint, std::vector<std::string>{bus::kNoticePrefix + what});
  thread_ = std::jthread([subscriber, what, handler = std::move(handler)](std::stop_token stop) {
    while (!stop.stop_requested()) {
      const auto message = subscriber->receive(std::chrono::milliseconds(200));
      if (!message || message->kind != bus::LiveMessage::Kind::notice || message->camera != what)
        continue;
      try {
        handler(message->meta);
      } catch (const std::exception& e) {
        spdlog::warn("{} notice skipped: {}", what, e.what());
      }
    }
  });
}

NoticeListener::~NoticeListener() {
  thread_.request_stop();
  thread_.join();
}

}  // namespace cctv::node
