// SPDX-License-Identifier: Apache-2.0
// The embedded web UI and the OpenAPI document (web/api/openapi.json). Registered last: any
// GET no other route took is looked up here.
#include <algorithm>
#include <array>

#include "console_state.hpp"
#include "web_assets.hpp"

namespace cctv::console {
namespace {

std::string content_type(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  for (const auto& [ext, type] : kTypes) {
    if (path.ends_with(ext)) return std::string(type);
  }
  return "application/octet-stream";
}

}  // namespace

void add_static_routes(httplib::Server& server) {
  server.Get(R"(/.*)", [](const httplib::Request& req, httplib::Response& res) {
    const std::string path = req.path == "/" ? "/index.html" : req.path;
    const auto& assets = web_assets();
    const auto it = std::find_if(assets.begin(), assets.end(),
                                 [&](const WebAsset& a) { return a.path == path; });
    if (it == assets.end()) return reply_error(res, 404, "no such page: " + req.path);
    res.set_header("Cache-Control", "no-cache");
    res.set_content(it->bytes.data(), it->bytes.size(), content_type(path));
  });
}

}  // namespace cctv::console
