// SPDX-License-Identifier: Apache-2.0
// `cctv run --config FILE [--data DIR]`: every part in one process (the embedded default).
// Start order: store, broker, bus, cameras; stop in reverse. SIGINT/SIGTERM stop cleanly.
#include <csignal>
#include <filesystem>
#include <iostream>
#include <list>
#include <optional>

#include <spdlog/spdlog.h>

#include "bus_setup.hpp"
#include "camera_worker.hpp"
#include "command_support.hpp"
#include "commands.hpp"
#include "data_dir.hpp"
#include "retention_worker.hpp"
#include "store_writer.hpp"

namespace cctv::app {
namespace {

struct RunOptions {
  std::string config_file;
  std::string data_dir;
};

int run(const RunOptions& o) {
  const auto config = load_config(o.config_file, o.data_dir);
  if (!config) return kExitInvalidInput;
  const sigset_t signals = block_stop_signals();

  std::filesystem::create_directories(config->storage.data_dir);
  storage::EventStore store(database_path(config->storage.data_dir));
  storage::IncidentLog incidents(database_path(config->storage.data_dir), storage::kDefaultCategories);
  zmq::context_t ctx;
  const auto broker = start_broker(ctx, *config);
  // Events go to the durable outbox first; the store fetches whatever the bus did not bring.
  bus::Publisher publisher(ctx, publisher_params(*config));
  std::optional<StoreWriter> writer(std::in_place, ctx, store_subscriber_params(*config), store,
                                     incidents);

  storage::RecordingIndex recordings(database_path(config->storage.data_dir));
  RetentionWorker retention(*config, &publisher);
  const CameraWorkerDeps deps{publisher, recordings, recordings_dir(config->storage.data_dir)};
  std::list<CameraWorker> cameras;
  for (const config::Camera& camera : config->cameras) cameras.emplace_back(*config, camera, deps);
  spdlog::info("running {} cameras; data in {}; Ctrl-C to stop", cameras.size(), config->storage.data_dir);

  const int signal = wait_for_stop(signals);
  spdlog::info("stopping on {}", strsignal(signal));
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
  cmd->add_option("--data", opts->data_dir, "Data directory (default: storage.data_dir of the config)");
  cmd->callback([opts, &exit_code] { exit_code = run(*opts); });
}

}  // namespace cctv::app
