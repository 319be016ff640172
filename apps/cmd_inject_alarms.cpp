// SPDX-License-Identifier: Apache-2.0
// `cctv inject-alarms --config FILE --count N [--interval-ms MS] [--camera ID]`: publishes test
// loitering alarms onto a running system's bus, each in a zone of its own so each becomes an
// incident, stamped with the time they are sent. For drills ("does the console beep?") and to
// measure alarm latency from the event's timestamp to the browser. The events say they are tests.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <thread>

#include "cctv/node/bus_setup.hpp"
#include "command_support.hpp"
#include "commands.hpp"

namespace cctv::app {
namespace {

struct InjectOptions {
  std::string config_file;
  std::string camera;
  int count = 1;
  int interval_ms = 200;
};

Event test_alarm(const config::Camera& camera, int n) {
  Event e;
  e.type = EventType::loitering;
  e.phase = EventPhase::start;
  e.camera = camera.id;
  e.site = camera.site;
  e.zone = "test-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count()) + "-" +
           std::to_string(n);
  e.ts = now_utc();
  e.started_at = e.ts;
  e.entered_at = e.ts;
  e.dwell_s = 0;
  e.severity = Severity::alarm;
  e.message = "test alarm from cctv inject-alarms";
  return e;
}

int inject(const InjectOptions& o) {
  auto config = load_config(o.config_file, "");
  if (!config) return kExitInvalidInput;
  if (config->cameras.empty()) {
    std::cerr << o.config_file << ": no cameras to raise test alarms on\n";
    return kExitInvalidInput;
  }
  const config::Camera* camera = o.camera.empty() ? &config->cameras.front() : config->find_camera(o.camera);
  if (!camera) {
    std::cerr << "no camera '" << o.camera << "' in " << o.config_file << '\n';
    return kExitInvalidInput;
  }
  // A source of its own (own outbox, any free replay port), so the system's store replays and
  // acknowledges these like any node's events.
  const auto outbox_dir = std::filesystem::temp_directory_path() / ("cctv-inject-" + std::to_string(getpid()));
  std::filesystem::create_directories(outbox_dir);
  config->storage.data_dir = outbox_dir.string();
  config->bus.source = "inject-" + std::to_string(getpid());
  config->bus.replay = "tcp://127.0.0.1:*";
  zmq::context_t ctx;
  {
    bus::Publisher publisher(ctx, node::publisher_params(*config));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let the PUB socket connect
    for (int i = 0; i < o.count; ++i) {
      Event e = test_alarm(*camera, i);
      publisher.publish(e);
      std::cout << format_utc(e.ts) << " " << e.id << '\n';
      std::this_thread::sleep_for(std::chrono::milliseconds(o.interval_ms));
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));  // replays for anyone who missed one
  }
  std::filesystem::remove_all(outbox_dir);
  return kExitOk;
}

}  // namespace

void add_inject_alarms_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<InjectOptions>();
  auto* cmd = app.add_subcommand("inject-alarms", "Publish test loitering alarms to a running system (drills, latency)");
  cmd->add_option("--config", opts->config_file, "The running system's YAML configuration")->required();
  cmd->add_option("--camera", opts->camera, "Camera to raise them on (default: the first)");
  cmd->add_option("--count", opts->count, "How many")->check(CLI::Range(1, 100000));
  cmd->add_option("--interval-ms", opts->interval_ms, "Pause between alarms")->check(CLI::Range(0, 3600000));
  cmd->callback([opts, &exit_code] { exit_code = inject(*opts); });
}

}  // namespace cctv::app
