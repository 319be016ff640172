// SPDX-License-Identifier: Apache-2.0
#include "cctv/console/console_server.hpp"

#include <spdlog/spdlog.h>

#include <thread>

#include "console_state.hpp"

namespace cctv::console {
namespace {

// Each long-lived response (alarm stream, MJPEG live view) holds a thread while it runs; at
// most StreamSlots::kTotal of them run, so ordinary requests always have these threads left.
constexpr std::size_t kOrdinaryThreads = 32;
constexpr std::size_t kThreads = StreamSlots::kTotal + kOrdinaryThreads;
constexpr std::size_t kMaxBody = 64 * 1024;

std::pair<std::string, int> split_bind(const std::string& bind) {
  const auto colon = bind.rfind(':');
  if (colon == std::string::npos)
    throw std::runtime_error("console.bind '" + bind + "' must be host:port");
  return {bind.substr(0, colon), std::stoi(bind.substr(colon + 1))};
}

std::string refusal_reason(int status) {
  switch (status) {
    case 404:
      return "not found";
    case 405:
      return "method not allowed";
    case 413:
      return "the request body is too large (at most 64 KiB)";
    case 414:
      return "the request URI is too long";
    default:
      return "bad request";
  }
}

void set_security_headers(httplib::Server& server, bool https) {
  httplib::Headers headers = {
      {"Content-Security-Policy",
       "default-src 'self'; img-src 'self' data: blob:; media-src 'self'; style-src 'self'; "
       "script-src 'self'; "
       "connect-src 'self'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
  };
  // Browsers that once reached the console over HTTPS refuse plain HTTP to it for a year.
  if (https) headers.emplace("Strict-Transport-Security", "max-age=31536000");
  server.set_default_headers(std::move(headers));
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

}  // namespace

struct ConsoleServer::Impl {
  explicit Impl(ConsoleParams params)
      : state(std::move(params)),
        server(make_server(state.params.config.console.tls)),
        api(*server, state.store) {}
  ConsoleState state;
  std::unique_ptr<httplib::Server> server;
  Api api;
  int port = 0;
  std::thread thread;
};

ConsoleServer::ConsoleServer(ConsoleParams params)
    : impl_(std::make_unique<Impl>(std::move(params))) {
  httplib::Server& server = *impl_->server;
  server.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  server.set_payload_max_length(kMaxBody);
  set_security_headers(server, impl_->state.https());
  refuse_foreign_origins(server, impl_->state.https());
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                  std::exception_ptr e) { Api::answer_exception(res, e); });
  // httplib's own refusals (413 for an oversized body, 404, 400) in the same JSON shape.
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) reply_error(res, res.status, refusal_reason(res.status));
  });
  add_session_routes(server, impl_->api, impl_->state);
  add_incident_routes(impl_->api, impl_->state);
  add_camera_routes(impl_->api, impl_->state);
  add_live_routes(impl_->api, impl_->state);
  add_stream_route(impl_->api, impl_->state);
  add_evidence_routes(impl_->api, impl_->state);
  add_ljag_routes(impl_->api, impl_->state);
  add_export_routes(server, impl_->api, impl_->state);
  add_static_routes(server);

  const auto [host, port] = split_bind(impl_->state.params.bind);
  impl_->port =
      port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (impl_->port <= 0)
    throw std::runtime_error("console cannot listen on " + impl_->state.params.bind + " (in use?)");
  impl_->thread = std::thread([this] { impl_->server->listen_after_bind(); });
  spdlog::info("console on {}://{}:{}/", impl_->state.https() ? "https" : "http", host,
               impl_->port);
}

ConsoleServer::~ConsoleServer() { stop(); }

int ConsoleServer::port() const { return impl_->port; }

void ConsoleServer::stop() {
  impl_->state.stopping = true;
  impl_->state.incident_changes.bump();  // wakes the alarm streams, which then end
  impl_->state.live.stop();
  impl_->server->stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace cctv::console
