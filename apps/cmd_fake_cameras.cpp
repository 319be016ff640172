// SPDX-License-Identifier: Apache-2.0
// `cctv fake-cameras --port N --camera NAME=SCENE ... --encoded NAME=FILE ...`: synthetic
// scenes served as H.264 RTSP cameras (rtsp://127.0.0.1:N/NAME), for demos and for testing real
// camera pipelines; H.264 files served as they are, looped, one pipeline per client, for load
// tests (cctv_scale_bench) whose cameras must not cost an encoder each.
#include <cstring>
#include <iostream>
#include <optional>
#include <utility>

#include <spdlog/spdlog.h>

#include "cctv/capture/rtsp_test_server.hpp"
#include "command_support.hpp"
#include "commands.hpp"

namespace cctv::app {
namespace {

struct FakeCamerasOptions {
  int port = 8554;
  std::vector<std::string> cameras = {"cam1=street"};
  std::vector<std::string> encoded;  // NAME=FILE
  int width = 1280;
  int height = 720;
  double fps = 10;
};

// "NAME=VALUE" split, or nullopt (with the reason on stderr).
std::optional<std::pair<std::string, std::string>> name_value(const std::string& spec,
                                                              const char* option,
                                                              const char* example) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
    std::cerr << option << " takes NAME=" << example << ", not '" << spec << "'\n";
    return std::nullopt;
  }
  return std::make_pair(spec.substr(0, eq), spec.substr(eq + 1));
}

int serve(const FakeCamerasOptions& o) {
  const sigset_t signals = block_stop_signals();
  capture::RtspTestServer server({.address = "127.0.0.1", .port = o.port});
  std::vector<std::string> mounts;
  try {
    for (const std::string& spec : o.cameras) {
      const auto scene = name_value(spec, "--camera", "SCENE (e.g. hl1=street)");
      if (!scene) return kExitInvalidInput;
      server.add_scene_mount("/" + scene->first, scene->second,
                             {.width = o.width, .height = o.height, .fps = o.fps});
      mounts.push_back("/" + scene->first);
    }
    for (const std::string& spec : o.encoded) {
      const auto file = name_value(spec, "--encoded", "FILE (e.g. busy=busy.mkv)");
      if (!file) return kExitInvalidInput;
      server.add_encoded_file_mount("/" + file->first, file->second);
      mounts.push_back("/" + file->first);
    }
  } catch (const std::invalid_argument& e) {
    std::cerr << e.what() << '\n';
    return kExitInvalidInput;
  }
  server.start();
  for (const std::string& mount : mounts) std::cout << server.url(mount) << std::endl;
  const int signal = wait_for_stop(signals);
  spdlog::info("stopping on {}", strsignal(signal));
  return kExitOk;
}

}  // namespace

void add_fake_cameras_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<FakeCamerasOptions>();
  auto* cmd = app.add_subcommand(
      "fake-cameras", "Serve synthetic scenes and H.264 files as RTSP cameras on 127.0.0.1");
  cmd->add_option("--port", o->port, "RTSP port")
      ->capture_default_str()
      ->check(CLI::Range(1, 65535));
  auto* cameras = cmd->add_option("--camera", o->cameras,
                                  "NAME=SCENE (scenes: street, walkers, plaza); repeatable")
                      ->capture_default_str();
  cmd->add_option("--encoded", o->encoded,
                  "NAME=FILE: H.264 (Annex-B, MP4, Matroska) served as it is, looped, one pipeline "
                  "per client; repeatable (the default --camera is then not served)");
  cmd->add_option("--width", o->width, "Frame width")
      ->capture_default_str()
      ->check(CLI::Range(64, 3840));
  cmd->add_option("--height", o->height, "Frame height")
      ->capture_default_str()
      ->check(CLI::Range(64, 2160));
  cmd->add_option("--fps", o->fps, "Frames per second")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 60.0));
  cmd->callback([o, cameras, &exit_code] {
    if (!o->encoded.empty() && cameras->count() == 0) o->cameras.clear();
    exit_code = serve(*o);
  });
}

}  // namespace cctv::app
