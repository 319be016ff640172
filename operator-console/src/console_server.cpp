// SPDX-License-Identifier: Apache-2.0
#include "cctv/console/console_server.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <stdexcept>
#include <thread>

namespace cctv::console {
namespace {

// Enough threads for a camera wall of MJPEG streams and the alarm stream per open console;
// each long-lived response holds one.
constexpr std::size_t kThreads = 128;

std::pair<std::string, int> split_bind(const std::string& bind) {
  const auto colon = bind.rfind(':');
  if (colon == std::string::npos)
    throw std::runtime_error("console.bind '" + bind + "' must be host:port");
  return {bind.substr(0, colon), std::stoi(bind.substr(colon + 1))};
}

}  // namespace

struct ConsoleServer::Impl {
  explicit Impl(ConsoleParams params) : routes(server, std::move(params)) {}
  httplib::Server server;
  ConsoleRoutes routes;  // after the server it adds its routes to
  int port = 0;
  std::thread thread;
};

ConsoleServer::ConsoleServer(ConsoleParams params)
    : impl_(std::make_unique<Impl>(std::move(params))) {
  httplib::Server& server = impl_->server;
  server.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  const std::string& bind = impl_->routes.params().bind;
  const auto [host, port] = split_bind(bind);
  impl_->port =
      port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (impl_->port <= 0) throw std::runtime_error("console cannot listen on " + bind + " (in use?)");
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
  spdlog::info("console on http://{}:{}/", host, impl_->port);
}

ConsoleServer::~ConsoleServer() { stop(); }

int ConsoleServer::port() const { return impl_->port; }

void ConsoleServer::stop() {
  impl_->routes.stop();
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace cctv::console
