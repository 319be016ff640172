// SPDX-License-Identifier: Apache-2.0
#include "cctv/console/console_routes.hpp"

#include "console_state.hpp"

namespace cctv::console {
namespace {

constexpr std::size_t kMaxBody = 64 * 1024;

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

void set_error_answers(httplib::Server& server) {
  server.set_payload_max_length(kMaxBody);
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                  std::exception_ptr e) { Api::answer_exception(res, e); });
  // httplib's own refusals (413 for an oversized body, 404, 400) in the same JSON shape.
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) reply_error(res, res.status, refusal_reason(res.status));
  });
}

}  // namespace

struct ConsoleRoutes::Impl {
  Impl(httplib::Server& server, ConsoleParams params)
      : state(std::move(params)), api(server, state.store) {}
  ConsoleState state;
  Api api;
};

ConsoleRoutes::ConsoleRoutes(httplib::Server& server, ConsoleParams params)
    : impl_(std::make_unique<Impl>(server, std::move(params))) {
  ConsoleState& state = impl_->state;
  set_security_headers(server, state.https());
  set_error_answers(server);
  refuse_foreign_origins(server, state.https());
  add_session_routes(server, impl_->api, state);
  add_incident_routes(impl_->api, state);
  add_camera_routes(impl_->api, state);
  add_live_routes(impl_->api, state);
  add_wall_routes(impl_->api, state);
  add_stream_route(impl_->api, state);
  add_evidence_routes(impl_->api, state);
  add_playback_routes(impl_->api, state);
  add_ljag_routes(impl_->api, state);
  add_export_routes(server, impl_->api, state);
  add_admin_routes(impl_->api, state);
  add_static_routes(server);
}

ConsoleRoutes::~ConsoleRoutes() { stop(); }

const ConsoleParams& ConsoleRoutes::params() const { return impl_->state.params; }

void ConsoleRoutes::stop() {
  impl_->state.stopping = true;
  impl_->state.incident_changes.bump();  // wakes the alarm streams, which then end
  impl_->state.export_changes.bump();    // and the export request streams
  impl_->state.live.stop();
}

}  // namespace cctv::console
