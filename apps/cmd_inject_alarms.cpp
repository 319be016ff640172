// SPDX-License-Identifier: Apache-2.0
// `cctv inject-alarms --config FILE --count N [--interval-ms MS] [--duration-s S] [--camera ID]`:
// publishes test loitering alarms onto a running system's bus, each in a zone of its own so each
// becomes an incident, stamped with the time they are sent, and ends each `duration` later. For
// drills ("does the console beep?") and to measure alarm latency from the event's timestamp to
// the browser. The events are marked `test`: their incidents close themselves when they end and
// are never counted as incidents of anything. The command returns once a store has
// acknowledged them all, serving replays meanwhile (exit 1 if none has within --store-wait-s,
// default 30: they may not have arrived).
#include <unistd.h>

#include <deque>
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
  double duration_s = 10;
  int store_wait_s = 30;  // for a store to acknowledge them all
};

Event test_alarm(const config::Camera& camera, int n) {
  Event e;
  e.type = EventType::loitering;
  e.phase = EventPhase::start;
  e.camera = camera.id;
  e.site = camera.site;
  e.zone = "test-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count()) +
           "-" + std::to_string(n);
  e.ts = now_utc();
  e.started_at = e.ts;
  e.entered_at = e.ts;
  e.dwell_s = 0;
  e.severity = Severity::alarm;
  e.message = "test alarm from cctv inject-alarms";
  e.test = true;
  return e;
}

// The end of `start`'s alarm, `duration_s` after it started.
Event test_alarm_end(const Event& start, double duration_s) {
  Event e = start;
  e.id.clear();  // the publisher gives it its own
  e.phase = EventPhase::end;
  e.ts = *start.started_at +
         std::chrono::duration_cast<Timestamp::duration>(std::chrono::duration<double>(duration_s));
  e.exited_at = e.ts;
  e.dwell_s = duration_s;
  return e;
}

struct Due {
  std::chrono::steady_clock::time_point at;
  Event event;
};

// Publishes each start as it comes due, and each end `duration_s` after its start, in time order.
void publish_all(bus::Publisher& publisher, const config::Camera& camera, const InjectOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto duration = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(o.duration_s));
  std::deque<Due> ends;  // in time order: every alarm lasts as long
  for (int i = 0; i < o.count || !ends.empty();) {
    const auto next_start = t0 + std::chrono::milliseconds(std::int64_t{o.interval_ms} * i);
    if (i < o.count && (ends.empty() || next_start <= ends.front().at)) {
      std::this_thread::sleep_until(next_start);
      Event e = test_alarm(camera, i++);
      publisher.publish(e);
      std::cout << format_utc(e.ts) << " " << e.id << '\n';
      ends.push_back(
          {std::chrono::steady_clock::now() + duration, test_alarm_end(e, o.duration_s)});
    } else {
      std::this_thread::sleep_until(ends.front().at);
      publisher.publish(ends.front().event);
      ends.pop_front();
    }
  }
}

// True once some consumer (the store) holds every event in `outbox`.
bool stored_within(const bus::Outbox& outbox, std::chrono::seconds wait) {
  const auto until = std::chrono::steady_clock::now() + wait;
  while (outbox.acknowledged_seq() < outbox.last_seq()) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

int inject(const InjectOptions& o) {
  auto config = load_config(o.config_file, "");
  if (!config) return kExitInvalidInput;
  if (config->cameras.empty()) {
    std::cerr << o.config_file << ": no cameras to raise test alarms on\n";
    return kExitInvalidInput;
  }
  const config::Camera* camera =
      o.camera.empty() ? &config->cameras.front() : config->find_camera(o.camera);
  if (!camera) {
    std::cerr << "no camera '" << o.camera << "' in " << o.config_file << '\n';
    return kExitInvalidInput;
  }
  // A source of its own (own outbox, any free replay port), so the system's store replays and
  // acknowledges these like any node's events.
  const auto outbox_dir =
      std::filesystem::temp_directory_path() / ("cctv-inject-" + std::to_string(getpid()));
  std::filesystem::create_directories(outbox_dir);
  config->storage.data_dir = outbox_dir.string();
  config->bus.source = "inject-" + std::to_string(getpid());
  config->bus.replay = "tcp://127.0.0.1:*";
  zmq::context_t ctx;
  {
    bus::Publisher publisher(ctx, node::publisher_params(*config));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let the PUB socket connect
    publish_all(publisher, *camera, o);
    if (!stored_within(publisher.outbox(), std::chrono::seconds(o.store_wait_s))) {
      std::cerr << "no store acknowledged the test alarms within " << o.store_wait_s
                << " s (is it running, and are bus.publish/subscribe those of the system?); "
                << "their outbox stays in " << outbox_dir.string() << '\n';
      return kExitFailure;
    }
  }
  std::filesystem::remove_all(outbox_dir);
  return kExitOk;
}

}  // namespace

void add_inject_alarms_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<InjectOptions>();
  auto* cmd = app.add_subcommand(
      "inject-alarms", "Publish test loitering alarms to a running system (drills, latency)");
  cmd->add_option("--config", opts->config_file, "The running system's YAML configuration")
      ->required();
  cmd->add_option("--camera", opts->camera, "Camera to raise them on (default: the first)");
  cmd->add_option("--count", opts->count, "How many")->check(CLI::Range(1, 100000));
  cmd->add_option("--interval-ms", opts->interval_ms, "Pause between alarms")
      ->check(CLI::Range(0, 3600000));
  cmd->add_option("--duration-s", opts->duration_s,
                  "How long each alarm lasts before it ends (default 10)")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_option("--store-wait-s", opts->store_wait_s,
                  "How long to wait for a store to acknowledge them (default 30)")
      ->check(CLI::Range(1, 3600));
  cmd->callback([opts, &exit_code] { exit_code = inject(*opts); });
}

}  // namespace cctv::app
