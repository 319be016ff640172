// SPDX-License-Identifier: Apache-2.0
// What the UI needs to know of the installation, and the camera health page.
#include "camera_status.hpp"
#include "console_state.hpp"

namespace cctv::console {
void add_camera_routes(Api& api, ConsoleState& state) {
  const Roles everyone = {Role::operator_, Role::supervisor, Role::police, Role::ljag, Role::admin};
  api.get("/api/meta", everyone,
          [&state](const httplib::Request&, httplib::Response& res, const Session&) {
            nlohmann::json sites = nlohmann::json::array();
            for (const config::Site& s : state.params.config.sites) {
              sites.push_back({{"id", s.id}, {"name", s.name}, {"cluster", s.cluster}});
            }
            nlohmann::json cameras = nlohmann::json::array();
            const auto where = state.sites_now();
            for (const config::Camera& c : state.params.config.cameras) {
              cameras.push_back({{"id", c.id}, {"name", c.name}, {"site", site_now(where, c)}});
            }
            reply_json(res, {{"categories", state.incidents.categories()},
                             {"outcomes", storage::kDefaultOutcomes},
                             {"sites", sites},
                             {"cameras", cameras},
                             {"time_zone", "Europe/London"}});
          });
  api.get("/api/cameras", kWatchers,
          [&state](const httplib::Request&, httplib::Response& res, const Session&) {
            nlohmann::json cameras = nlohmann::json::array();
            const auto where = state.sites_now();
            for (const config::Camera& c : state.params.config.cameras)
              cameras.push_back(camera_status_json(state, c, site_now(where, c)));
            reply_json(res, {{"cameras", cameras}});
          });
}

}  // namespace cctv::console
