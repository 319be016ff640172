// SPDX-License-Identifier: Apache-2.0
#include "cctv/bus/request_reply.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <iterator>
#include <vector>
#include <zmq_addon.hpp>

#include "bind.hpp"
#include "sockets.hpp"

namespace cctv::bus {
namespace {

using Frames = std::vector<zmq::message_t>;
constexpr auto kStopCheck = std::chrono::milliseconds(100);

}  // namespace

RequestServer::RequestServer(zmq::context_t& ctx, const std::string& endpoint, Handler handler)
    : socket_(ctx, zmq::socket_type::router), handler_(std::move(handler)) {
  socket_.set(zmq::sockopt::linger, 0);
  bind_or_throw(socket_, "request server cannot bind", endpoint);
  endpoint_ = socket_.get(zmq::sockopt::last_endpoint);
  thread_ = std::thread([this] { serve(); });
}

RequestServer::~RequestServer() {
  stopping_ = true;
  thread_.join();
}

// request: [identity, rid, body]; answer: [identity, rid, answer]. Anything else is dropped.
void RequestServer::serve() {
  while (!stopping_) {
    if (!readable(socket_, kStopCheck)) continue;
    Frames request;
    if (!zmq::recv_multipart(socket_, std::back_inserter(request), zmq::recv_flags::dontwait))
      continue;
    if (request.size() != 3) {
      spdlog::warn("[requests {}] dropped a request of {} frames", endpoint_, request.size());
      continue;
    }
    std::array<zmq::const_buffer, 3> answer = {};
    const std::string body = handler_(request[2].to_string());
    answer[0] = zmq::buffer(request[0].data(), request[0].size());
    answer[1] = zmq::buffer(request[1].data(), request[1].size());
    answer[2] = zmq::buffer(body);
    // A client that went away loses its answer, nothing else.
    (void)zmq::send_multipart(socket_, answer, zmq::send_flags::dontwait);
  }
}

RequestClient::RequestClient(zmq::context_t& ctx, std::string endpoint,
                             std::chrono::milliseconds timeout)
    : ctx_(ctx), endpoint_(std::move(endpoint)), timeout_(timeout) {
  reconnect();
}

void RequestClient::reconnect() {
  socket_ = connected_dealer(ctx_, endpoint_);
}

std::string RequestClient::call(const std::string& request) {
  std::lock_guard lock(mutex_);
  const std::string rid = std::to_string(next_request_++);
  const std::array<zmq::const_buffer, 2> frames = {zmq::buffer(rid), zmq::buffer(request)};
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  if (zmq::send_multipart(socket_, frames, zmq::send_flags::dontwait)) {
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !readable(socket_, left)) break;
      Frames answer;
      if (!zmq::recv_multipart(socket_, std::back_inserter(answer), zmq::recv_flags::dontwait))
        continue;
      if (answer.size() == 2 && answer[0].to_string_view() == rid) return answer[1].to_string();
      // an answer to a request given up on: dropped
    }
  }
  reconnect();  // the lazy pirate: nothing stale is queued behind the next request
  throw RequestTimeout("no answer from " + endpoint_ + " within " +
                       std::to_string(timeout_.count()) + " ms");
}

}  // namespace cctv::bus
