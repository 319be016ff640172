// SPDX-License-Identifier: Apache-2.0
// Each user's saved camera wall: a layout (1, 2x2, 3x3 or 4x4 tiles) and the cameras in its
// tiles, in order. Read from the store; saved through the store node like every write.
#include <algorithm>
#include <set>

#include "console_state.hpp"

namespace cctv::console {
namespace {

constexpr int kLayouts[] = {1, 4, 9, 16};

// A user who never saved a wall sees the first four cameras, 2x2.
nlohmann::json default_wall(const ConsoleState& state) {
  nlohmann::json cameras = nlohmann::json::array();
  for (const config::Camera& c : state.params.config.cameras) {
    if (cameras.size() == 4) break;
    cameras.push_back(c.id);
  }
  return {{"layout", 4}, {"cameras", cameras}};
}

nlohmann::json checked_wall(const ConsoleState& state, const httplib::Request& req) {
  const JsonBody body(req.body, {"layout", "cameras"});
  const auto layout = body.optional_int("layout", 1, 16);
  if (!layout || std::find(std::begin(kLayouts), std::end(kLayouts), *layout) == std::end(kLayouts))
    throw ApiError(400, "'layout' must be 1, 4, 9 or 16 (tiles)");
  const std::vector<std::string> cameras = body.text_list("cameras", kMaxWallCameras, 64);
  if (cameras.size() > static_cast<std::size_t>(*layout)) {
    throw ApiError(400, "'cameras' names " + std::to_string(cameras.size()) +
                            " cameras, more than the layout's " + std::to_string(*layout) +
                            " tiles");
  }
  check_wall_cameras(state, cameras);
  return {{"layout", *layout}, {"cameras", cameras}};
}

}  // namespace

void check_wall_cameras(const ConsoleState& state, const std::vector<std::string>& cameras) {
  if (cameras.empty() || cameras.size() > kMaxWallCameras)
    throw ApiError(400, "'cameras' must name 1 to 16 cameras");
  std::set<std::string> seen;
  for (const std::string& camera : cameras) {
    if (!state.params.config.find_camera(camera))
      throw ApiError(400, "'cameras': no camera '" + camera + "'");
    if (!seen.insert(camera).second) throw ApiError(400, "'cameras' names '" + camera + "' twice");
  }
}

void add_wall_routes(Api& api, ConsoleState& state) {
  api.get("/api/wall", kWatchers,
          [&state](const httplib::Request&, httplib::Response& res, const Session& s) {
            reply_json(res, state.walls.wall(s.user).value_or(default_wall(state)));
          });
  api.post("/api/wall", kWatchers,
           [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
             const nlohmann::json wall = checked_wall(state, req);
             state.store.save_wall(s.user, wall);
             reply_json(res, wall);
           });
}

}  // namespace cctv::console
