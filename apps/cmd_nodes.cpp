// SPDX-License-Identifier: Apache-2.0
// The long-running commands, one per node (DESIGN.md "Nodes"), and `cctv run` composing them in
// one process: broker, store, console, cameras (stopped in reverse). Each runs until SIGINT or
// SIGTERM; if stopping takes longer than kStopLimit the process exits anyway, since everything
// it keeps (outboxes, the database, segments' index) is committed as it goes.
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include <spdlog/spdlog.h>

#include "cctv/bus/broker.hpp"
#include "cctv/node/bus_setup.hpp"
#include "cctv/node/camera_node.hpp"
#include "cctv/node/console_node.hpp"
#include "cctv/node/store_node.hpp"
#include "command_support.hpp"
#include "commands.hpp"

namespace cctv::app {
namespace {

constexpr std::chrono::seconds kStopLimit{9};

struct NodeOptions {
  std::string config_file;
  std::string data_dir;
  std::string cameras;  // camera-node: comma-separated ids
  std::string name;     // camera-node: the role in its source name
};

std::vector<std::string> split_ids(const std::string& list) {
  std::vector<std::string> ids;
  std::stringstream in(list);
  for (std::string id; std::getline(in, id, ',');) {
    if (!id.empty()) ids.push_back(id);
  }
  return ids;
}

// Waits for SIGINT/SIGTERM, then makes sure the process ends within kStopLimit.
void wait_then_arm_deadline(const sigset_t& signals) {
  const int signal = wait_for_stop(signals);
  spdlog::info("stopping on {}", strsignal(signal));
  std::thread([] {
    std::this_thread::sleep_for(kStopLimit);
    spdlog::critical("still stopping after {} s; exiting now (all that is kept is committed)",
                     kStopLimit.count());
    std::_Exit(kExitFailure);
  }).detach();
}

// Recording and alarms matter more than the console: if its port is taken, say so and go on.
std::unique_ptr<node::ConsoleNode> start_console(zmq::context_t& ctx,
                                                 const config::Config& config) {
  auto console = std::make_unique<node::ConsoleNode>(
      node::ConsoleNodeParams{config, &ctx});
  try {
    console->start();
  } catch (const std::exception& e) {
    spdlog::error("no console: {}", e.what());
    return nullptr;
  }
  return console;
}

int run(const NodeOptions& o) {
  const auto config = load_config(o.config_file, o.data_dir);
  if (!config) return kExitInvalidInput;
  const sigset_t signals = block_stop_signals();
  zmq::context_t ctx;
  const auto broker = node::start_broker(ctx, *config);
  node::StoreNode store({*config, &ctx, node::publisher_params(*config, "store"),
                         node::node_name(config->bus)});
  store.start();
  auto console = start_console(ctx, *config);
  // Each camera starts where the register has it (a mobile camera may have been redeployed).
  node::CameraNode cameras(
      {*config, {}, store.current_sites(), &ctx, node::publisher_params(*config)});
  cameras.start();
  spdlog::info("running {} cameras; data in {}; Ctrl-C to stop", cameras.cameras().size(),
               config->storage.data_dir);
  wait_then_arm_deadline(signals);
  cameras.stop();
  console.reset();
  store.stop();
  spdlog::info("stopped; {} events stored", store.events_stored());
  return kExitOk;
}

int camera_node(const NodeOptions& o) {
  const auto config = load_config(o.config_file, o.data_dir);
  if (!config) return kExitInvalidInput;
  const auto ids = split_ids(o.cameras);
  const std::string role =
      o.name.empty() ? "cameras" + (ids.empty() ? "" : ":" + o.cameras) : o.name;
  const sigset_t signals = block_stop_signals();
  zmq::context_t ctx;
  std::filesystem::create_directories(config->storage.data_dir);
  std::optional<node::CameraNode> cameras;
  try {
    cameras.emplace(
        node::CameraNodeParams{*config, ids, {}, &ctx, node::publisher_params(*config, role)});
  } catch (const std::invalid_argument& e) {
    std::cerr << o.config_file << ": " << e.what() << '\n';
    return kExitInvalidInput;
  }
  cameras->start();
  wait_then_arm_deadline(signals);
  cameras->stop();
  return kExitOk;
}

int store(const NodeOptions& o) {
  const auto config = load_config(o.config_file, o.data_dir);
  if (!config) return kExitInvalidInput;
  const sigset_t signals = block_stop_signals();
  zmq::context_t ctx;
  node::StoreNode store({*config, &ctx, node::publisher_params(*config, "store"),
                         node::node_name(config->bus)});
  store.start();
  wait_then_arm_deadline(signals);
  store.stop();
  spdlog::info("stopped; {} events stored", store.events_stored());
  return kExitOk;
}

int console(const NodeOptions& o) {
  const auto config = load_config(o.config_file, o.data_dir);
  if (!config) return kExitInvalidInput;
  const sigset_t signals = block_stop_signals();
  zmq::context_t ctx;
  node::ConsoleNode console({*config, &ctx});
  console.start();
  wait_then_arm_deadline(signals);
  console.stop();
  return kExitOk;
}

int broker(const NodeOptions& o) {
  const auto config = load_config(o.config_file, o.data_dir);
  if (!config) return kExitInvalidInput;
  const sigset_t signals = block_stop_signals();
  zmq::context_t ctx;
  std::optional<bus::Broker> broker(std::in_place, ctx, config->bus.publish, config->bus.subscribe);
  spdlog::info("broker: publishers to {}, subscribers to {}", config->bus.publish,
               config->bus.subscribe);
  wait_then_arm_deadline(signals);
  broker.reset();
  return kExitOk;
}

CLI::App* node_command(CLI::App& app, const char* name, const char* what,
                       const std::shared_ptr<NodeOptions>& opts) {
  auto* cmd = app.add_subcommand(name, what);
  cmd->add_option("--config", opts->config_file, "YAML configuration")->required();
  cmd->add_option("--data", opts->data_dir,
                  "Data directory (default: storage.data_dir of the config)");
  return cmd;
}

}  // namespace

void add_node_commands(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<NodeOptions>();
  node_command(app, "run", "Run everything in one process: broker, store, console, cameras", opts)
      ->callback([opts, &exit_code] { exit_code = run(*opts); });
  auto* cam =
      node_command(app, "camera-node",
                   "Run cameras (capture, recording, analytics) publishing to the bus", opts);
  cam->add_option("--cameras", opts->cameras, "Comma-separated camera ids (default: all)");
  cam->add_option("--name", opts->name,
                  "This node's role in its bus source name and outbox file (default: "
                  "cameras:<ids>); keep it across restarts");
  cam->callback([opts, &exit_code] { exit_code = camera_node(*opts); });
  node_command(
      app, "store",
      "Run the store: the database's only owner; stores, indexes and groups what the bus brings",
      opts)
      ->callback([opts, &exit_code] { exit_code = store(*opts); });
  node_command(app, "console", "Run the operator console (HTTP) over the store", opts)
      ->callback([opts, &exit_code] { exit_code = console(*opts); });
  node_command(app, "broker", "Run the bus broker on bus.publish / bus.subscribe", opts)
      ->callback([opts, &exit_code] { exit_code = broker(*opts); });
}

}  // namespace cctv::app
