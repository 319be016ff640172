// SPDX-License-Identifier: Apache-2.0
// `cctv run --config FILE [--data DIR]`: every part in one process (the embedded default).
// Start order: store, broker, bus, cameras; stop in reverse. SIGINT/SIGTERM stop cleanly.
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <list>
#include <optional>
#include <thread>

#include <spdlog/spdlog.h>

#include "bus_setup.hpp"
#include "camera_worker.hpp"
#include "cctv/console/console_server.hpp"
#include "cctv/reports/register_sync.hpp"
#include "clip_worker.hpp"
#include "command_support.hpp"
#include "commands.hpp"
#include "data_dir.hpp"
#include "deployment_follower.hpp"
#include "retention_worker.hpp"
#include "store_writer.hpp"

namespace cctv::app {
namespace {

struct RunOptions {
  std::string config_file;
  std::string data_dir;
};

// Recording and alarms matter more than the console: if its port is taken, say so and go on.
std::unique_ptr<console::ConsoleServer> start_console(zmq::context_t& ctx,
                                                      const config::Config& config) {
  try {
    return std::make_unique<console::ConsoleServer>(console::ConsoleParams{
        .bind = config.console.bind,
        .db_path = database_path(config.storage.data_dir),
        .data_dir = config.storage.data_dir,
        .config = config,
        .ctx = &ctx,
        .live_endpoint = config.bus.subscribe,
        .system_name = node_name(config.bus),
    });
  } catch (const std::exception& e) {
    spdlog::error("no console: {}", e.what());
    return nullptr;
  }
}

// Each camera's figures to the consoles every 2 s, until stopped.
std::jthread report_status(std::list<CameraWorker>& cameras) {
  return std::jthread([&cameras](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      for (CameraWorker& camera : cameras) camera.publish_status();
      std::unique_lock lock(mutex);
      wake.wait_for(lock, stop, std::chrono::seconds(2), [] { return false; });
    }
  });
}

int run(const RunOptions& o) {
  const auto config = load_config(o.config_file, o.data_dir);
  if (!config) return kExitInvalidInput;
  const sigset_t signals = block_stop_signals();

  std::filesystem::create_directories(config->storage.data_dir);
  storage::EventStore store(database_path(config->storage.data_dir));
  storage::IncidentLog incidents(database_path(config->storage.data_dir),
                                 config->incidents.categories);
  zmq::context_t ctx;
  const auto broker = start_broker(ctx, *config);
  // Events go to the durable outbox first; the store fetches whatever the bus did not bring.
  bus::Publisher publisher(ctx, publisher_params(*config));
  std::optional<StoreWriter> writer(std::in_place, ctx, store_subscriber_params(*config), store,
                                    incidents);

  const auto console = start_console(ctx, *config);
  storage::RecordingIndex recordings(database_path(config->storage.data_dir));
  storage::EvidenceStore evidence(database_path(config->storage.data_dir),
                                  config->storage.data_dir);
  RetentionWorker retention(*config, &publisher);
  ClipWorker clips(*config, {incidents, recordings, evidence});
  bus::LivePublisher live(ctx, config->bus.publish);
  const CameraWorkerDeps deps{publisher, recordings, evidence,
                              recordings_dir(config->storage.data_dir), &live};
  // Each camera starts where the register has it (a mobile camera may have been redeployed).
  storage::SiteRegister sites(database_path(config->storage.data_dir));
  reports::sync_register(sites, *config);
  const auto where = sites.current_sites();
  std::list<CameraWorker> cameras;
  for (config::Camera camera : config->cameras) {
    camera.site = where.at(camera.id);
    cameras.emplace_back(*config, camera, deps);
  }
  std::optional<DeploymentFollower> follower(std::in_place, *config,
                                             database_path(config->storage.data_dir), cameras);
  std::jthread status = report_status(cameras);
  spdlog::info("running {} cameras; data in {}; Ctrl-C to stop", cameras.size(),
               config->storage.data_dir);

  const int signal = wait_for_stop(signals);
  spdlog::info("stopping on {}", strsignal(signal));
  status.request_stop();
  status.join();
  follower.reset();
  cameras.clear();
  writer.reset();
  spdlog::info("stopped; {} events in {}", store.count(), database_path(config->storage.data_dir));
  return kExitOk;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand("run", "Run capture, analytics, bus and store in one process");
  cmd->add_option("--config", opts->config_file, "YAML configuration")->required();
  cmd->add_option("--data", opts->data_dir,
                  "Data directory (default: storage.data_dir of the config)");
  cmd->callback([opts, &exit_code] { exit_code = run(*opts); });
}

}  // namespace cctv::app
