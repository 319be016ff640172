// SPDX-License-Identifier: Apache-2.0
// One request, one answer, between processes (ZeroMQ ROUTER/DEALER): how a console asks the
// store node to write. A request that gets no answer in time fails with RequestTimeout and the
// client starts afresh (a late answer is dropped, never taken for the next request's).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include <zmq.hpp>

namespace cctv::bus {

class RequestTimeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class RequestServer {
 public:
  // Answers each request with handler(request), one at a time, on its own thread. The handler
  // must not throw. Binds `endpoint` (tcp://host:* takes a free port); throws naming it.
  using Handler = std::function<std::string(const std::string&)>;
  RequestServer(zmq::context_t& ctx, const std::string& endpoint, Handler handler);
  ~RequestServer();  // stops within about 100 ms
  RequestServer(const RequestServer&) = delete;
  RequestServer& operator=(const RequestServer&) = delete;

  const std::string& endpoint() const { return endpoint_; }  // the port resolved

 private:
  void serve();
  zmq::socket_t socket_;
  Handler handler_;
  std::string endpoint_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

class RequestClient {
 public:
  RequestClient(zmq::context_t& ctx, std::string endpoint, std::chrono::milliseconds timeout);

  // The server's answer. Throws RequestTimeout naming the endpoint when none comes in time.
  // Thread-safe (calls take turns).
  std::string call(const std::string& request);

 private:
  void reconnect();
  zmq::context_t& ctx_;
  std::string endpoint_;
  std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  zmq::socket_t socket_;
  std::uint64_t next_request_ = 1;
};

}  // namespace cctv::bus
