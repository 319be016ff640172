// SPDX-License-Identifier: Apache-2.0
// A browser names the origin of the page that sent a request in its Origin header (on every
// POST, and on any request a page of another site makes). The console's own page has the
// console's origin: the scheme it serves and the Host the browser addressed.
#include <algorithm>
#include <cctype>

#include "console_state.hpp"

namespace cctv::console {
namespace {

bool same_text_ignoring_case(const std::string& a, const std::string& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

bool from_own_origin(const httplib::Request& req, const std::string& origin, bool https) {
  const std::string host = req.get_header_value("Host");
  return !host.empty() && same_text_ignoring_case(origin, (https ? "https://" : "http://") + host);
}

}  // namespace

void refuse_foreign_origins(httplib::Server& server, bool https) {
  server.set_pre_routing_handler([https](const httplib::Request& req, httplib::Response& res) {
    if (!req.has_header("Origin")) return httplib::Server::HandlerResponse::Unhandled;
    const std::string origin = req.get_header_value("Origin");
    if (from_own_origin(req, origin, https)) return httplib::Server::HandlerResponse::Unhandled;
    reply_error(res, 403,
                "requests from other sites are refused: Origin '" + origin +
                    "' is not this console's; use the console's own page");
    return httplib::Server::HandlerResponse::Handled;
  });
}

}  // namespace cctv::console
