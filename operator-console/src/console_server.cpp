// SPDX-License-Identifier: Apache-2.0
#include "cctv/console/console_server.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "stream_slots.hpp"

namespace cctv::console {
namespace {

// Each long-lived response (alarm stream, MJPEG live view) holds a thread while it runs; at
// most StreamSlots::kTotal of them run, so ordinary requests always have these threads left.
constexpr std::size_t kOrdinaryThreads = 32;
constexpr std::size_t kThreads = StreamSlots::kTotal + kOrdinaryThreads;

std::pair<std::string, int> split_bind(const std::string& bind) {
  const auto colon = bind.rfind(':');
  if (colon == std::string::npos)
    throw std::runtime_error("console.bind '" + bind + "' must be host:port");
  return {bind.substr(0, colon), std::stoi(bind.substr(colon + 1))};
}

// HTTPS when console.tls names the files (checked when the config was loaded), else HTTP.
std::unique_ptr<httplib::Server> make_server(const config::ConsoleTls& tls) {
  if (!tls.enabled()) return std::make_unique<httplib::Server>();
  auto server = std::make_unique<httplib::SSLServer>(tls.cert.c_str(), tls.key.c_str());
  if (!server->is_valid()) {
    throw std::runtime_error("console.tls: cannot load the certificate '" + tls.cert +
                             "' with the key '" + tls.key +
                             "'; run cctv config check on the config file");
  }
  return server;
}

// Binds `server` to host:port (0: any free port) and returns the port, or -1. Listens with the
// system's largest backlog: Debian's cpp-httplib is built with 5, so a wall of live views
// reconnecting at once (a console restart) overflowed it, and the kernel's SYN retries held
// some connections back for seconds.
int bind_with_backlog(httplib::Server& server, const std::string& host, int port) {
  socket_t bound = INVALID_SOCKET;
  server.set_socket_options([&bound](socket_t sock) {
    httplib::default_socket_options(sock);
    bound = sock;  // the last one made is the one bound: failed candidates are closed
  });
  const int result =
      port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  server.set_socket_options(httplib::default_socket_options);  // `bound` goes out of scope
  if (result > 0 && bound != INVALID_SOCKET && ::listen(bound, SOMAXCONN) != 0)
    spdlog::warn("console: could not raise the listen backlog: {}", std::strerror(errno));
  return result;
}

}  // namespace

struct ConsoleServer::Impl {
  explicit Impl(ConsoleParams params)
      : server(make_server(params.config.console.tls)), routes(*server, std::move(params)) {}
  std::unique_ptr<httplib::Server> server;
  ConsoleRoutes routes;  // after the server it adds its routes to
  int port = 0;
  std::thread thread;
};

ConsoleServer::ConsoleServer(ConsoleParams params)
    : impl_(std::make_unique<Impl>(std::move(params))) {
  httplib::Server& server = *impl_->server;
  server.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  const ConsoleParams& p = impl_->routes.params();
  const auto [host, port] = split_bind(p.bind);
  impl_->port = bind_with_backlog(server, host, port);
  if (impl_->port <= 0)
    throw std::runtime_error("console cannot listen on " + p.bind + " (in use?)");
  impl_->thread = std::thread([this] { impl_->server->listen_after_bind(); });
  spdlog::info("console on {}://{}:{}/", p.config.console.tls.enabled() ? "https" : "http", host,
               impl_->port);
}

ConsoleServer::~ConsoleServer() { stop(); }

int ConsoleServer::port() const { return impl_->port; }

void ConsoleServer::stop() {
  impl_->routes.stop();
  impl_->server->stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace cctv::console
