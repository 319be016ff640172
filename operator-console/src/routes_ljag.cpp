// SPDX-License-Identifier: Apache-2.0
// LJAG tasking: the monthly pack (hotspots, trend, recommendations, deployments,
// effectiveness) as JSON and pictures, the deployments register, and deploying a mobile camera
// (accepting a recommendation). The `ljag` role sees counts of 1..4 as "<5": the partnership
// is outside the control room; supervisors and admins see exact counts.
#include "cctv/reports/ljag_pack.hpp"
#include "console_state.hpp"

namespace cctv::console {
namespace {

const Roles kTasking = {Role::ljag, Role::supervisor, Role::admin};
constexpr std::size_t kShortText = 200;
constexpr std::size_t kLongText = 2000;

reports::LjagPack pack_for(ConsoleState& state, const httplib::Request& req, const Session& s) {
  reports::PackRequest r;
  r.db_path = state.params.db_path;
  r.cluster = query_text(req, "cluster", kShortText).value_or("");
  // Absent: the last whole month, what a monthly meeting looks at.
  r.month = query_text(req, "month", 7).value_or(london_month_before(now_utc(), 1));
  r.suppress = s.role == Role::ljag;
  try {
    return reports::build_ljag_pack(r);
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    const auto colon = what.find(": ");
    throw ApiError(400, "'" + what.substr(0, colon) + "': " + what.substr(colon + 2));
  }
}

void reply_png(httplib::Response& res, std::string bytes) {
  res.set_header("Cache-Control", "private, no-store");
  res.set_content(std::move(bytes), "image/png");
}

void add_picture(Api& api, ConsoleState& state, const std::string& name,
                 std::string (*draw)(const reports::LjagPack&)) {
  api.get("/api/ljag/" + name + ".png", kTasking,
          [&state, draw](const httplib::Request& req, httplib::Response& res, const Session& s) {
            reply_png(res, draw(pack_for(state, req, s)));
          });
}

nlohmann::json register_json(ConsoleState& state) {
  nlohmann::json cameras = nlohmann::json::array();
  const auto where = state.sites_now();
  for (const storage::RegisteredCamera& c : state.sites.cameras()) {
    cameras.push_back({{"id", c.id},
                       {"name", c.name},
                       {"mobile", c.mobile},
                       {"home_site", c.home_site},
                       {"site", where.at(c.id)}});
  }
  nlohmann::json deployments = nlohmann::json::array();
  for (const storage::Deployment& d : state.sites.deployments()) {
    deployments.push_back(storage::deployment_json(d));
  }
  return {{"cameras", cameras}, {"deployments", deployments}};
}

void deploy(ConsoleState& state, const httplib::Request& req, httplib::Response& res,
            const Session& s) {
  const JsonBody body(req.body, {"camera", "site", "ljag_case", "reason"});
  storage::DeploymentRequest r;
  r.camera = body.text("camera", kShortText);
  r.site = body.text("site", kShortText);
  r.ljag_case = body.optional_text("ljag_case", kShortText);
  r.reason = body.text("reason", kLongText);
  r.at = now_utc();
  const nlohmann::json made = state.store.deploy(s.user, r);
  state.refresh_sites();
  reply_json(res, made, 201);
}

}  // namespace

void add_ljag_routes(Api& api, ConsoleState& state) {
  api.get("/api/ljag/pack", kTasking,
          [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
            const reports::LjagPack pack = pack_for(state, req, s);
            state.store.audit(
                s.user, "ljag.pack.view", pack.request.cluster,
                {{"month", pack.request.month}, {"suppressed", pack.request.suppress}});
            reply_json(res, reports::pack_json(pack));
          });
  add_picture(api, state, "heatmap", reports::pack_heat_map_png);
  add_picture(api, state, "sites", reports::pack_sites_chart_png);
  add_picture(api, state, "trend", reports::pack_trend_chart_png);
  api.get(R"(/api/ljag/deployments/(\d{1,12})/chart\.png)", kTasking,
          [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
            const reports::LjagPack pack = pack_for(state, req, s);
            const std::int64_t id = std::stoll(req.matches[1]);
            for (const storage::Effectiveness& e : pack.effectiveness) {
              if (e.deployment.id == id)
                return reply_png(res, reports::deployment_chart_png(pack, e));
            }
            throw ApiError(404, "no deployment " + std::to_string(id) + " in this month's pack");
          });
  api.get("/api/ljag/deployments", kTasking,
          [&state](const httplib::Request&, httplib::Response& res, const Session&) {
            reply_json(res, register_json(state));
          });
  api.post("/api/ljag/deployments", kTasking,
           [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
             deploy(state, req, res, s);
           });
}

}  // namespace cctv::console
