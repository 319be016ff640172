// SPDX-License-Identifier: Apache-2.0
// `cctv fake-cameras --port N --camera NAME=SCENE ...`: synthetic scenes served as H.264 RTSP
// cameras (rtsp://127.0.0.1:N/NAME), for demos and for testing real camera pipelines.
#include <cstring>
#include <iostream>

#include <spdlog/spdlog.h>

#include "cctv/capture/rtsp_test_server.hpp"
#include "command_support.hpp"
#include "commands.hpp"

namespace cctv::app {
namespace {

struct FakeCamerasOptions {
  int port = 8554;
  std::vector<std::string> cameras = {"cam1=street"};
  int width = 1280;
  int height = 720;
  double fps = 10;
};

int serve(const FakeCamerasOptions& o) {
  const sigset_t signals = block_stop_signals();
  capture::RtspTestServer server({.address = "127.0.0.1", .port = o.port});
  for (const std::string& spec : o.cameras) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      std::cerr << "--camera takes NAME=SCENE (e.g. hl1=street), not '" << spec << "'\n";
      return kExitInvalidInput;
    }
    try {
      server.add_scene_mount("/" + spec.substr(0, eq), spec.substr(eq + 1),
                             {.width = o.width, .height = o.height, .fps = o.fps});
    } catch (const std::invalid_argument& e) {
      std::cerr << e.what() << '\n';
      return kExitInvalidInput;
    }
  }
  server.start();
  for (const std::string& spec : o.cameras) std::cout << server.url("/" + spec.substr(0, spec.find('='))) << std::endl;
  const int signal = wait_for_stop(signals);
  spdlog::info("stopping on {}", strsignal(signal));
  return kExitOk;
}

}  // namespace

void add_fake_cameras_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<FakeCamerasOptions>();
  auto* cmd = app.add_subcommand("fake-cameras", "Serve synthetic scenes as H.264 RTSP cameras on 127.0.0.1");
  cmd->add_option("--port", o->port, "RTSP port")->capture_default_str()->check(CLI::Range(1, 65535));
  cmd->add_option("--camera", o->cameras, "NAME=SCENE (scenes: street, walkers, plaza); repeatable")
      ->capture_default_str();
  cmd->add_option("--width", o->width, "Frame width")->capture_default_str()->check(CLI::Range(64, 3840));
  cmd->add_option("--height", o->height, "Frame height")->capture_default_str()->check(CLI::Range(64, 2160));
  cmd->add_option("--fps", o->fps, "Frames per second")->capture_default_str()->check(CLI::Range(1.0, 60.0));
  cmd->callback([o, &exit_code] { exit_code = serve(*o); });
}

}  // namespace cctv::app
