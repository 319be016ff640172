// SPDX-License-Identifier: Apache-2.0
// `cctv run --config FILE [--data DIR]`: every part in one process (the embedded default).
// Start order: store, broker, bus, cameras; stop in reverse. SIGINT/SIGTERM stop cleanly.
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <list>
#include <optional>

#include <spdlog/spdlog.h>

#include "camera_worker.hpp"
#include "cctv/bus/broker.hpp"
#include "cctv/config/loader.hpp"
#include "commands.hpp"
#include "data_dir.hpp"
#include "store_writer.hpp"

namespace cctv::app {
namespace {

struct RunOptions {
  std::string config_file;
  std::string data_dir;
};

// Signals are blocked in every thread and taken here, by the main thread only.
sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

std::string node_name(const config::Bus& bus) {
  if (!bus.source.empty()) return bus.source;
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

std::optional<config::Config> load(const RunOptions& o) {
  config::LoadResult result = config::load_config_file(o.config_file);
  for (const auto& e : result.errors) std::cerr << e.to_string() << '\n';
  if (!result.config) return std::nullopt;
  if (!o.data_dir.empty()) result.config->storage.data_dir = o.data_dir;
  return result.config;
}

int run(const RunOptions& o) {
  const auto config = load(o);
  if (!config) return kExitInvalidInput;
  const sigset_t signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::filesystem::create_directories(config->storage.data_dir);
  storage::EventStore store(database_path(config->storage.data_dir));
  zmq::context_t ctx;
  std::optional<bus::Broker> broker;
  if (config->bus.broker) broker.emplace(ctx, config->bus.publish, config->bus.subscribe);
  std::optional<StoreWriter> writer(std::in_place, ctx, config->bus.subscribe, store);
  bus::Publisher publisher(ctx, config->bus.publish, node_name(config->bus));
  // Until the durable outbox lands, give subscriptions a moment to reach the publisher.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  std::list<CameraWorker> cameras;
  for (const config::Camera& camera : config->cameras) cameras.emplace_back(*config, camera, publisher);
  spdlog::info("running {} cameras; data in {}; Ctrl-C to stop", cameras.size(), config->storage.data_dir);

  int signal = 0;
  sigwait(&signals, &signal);
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
