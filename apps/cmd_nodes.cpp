// SPDX-License-Identifier: Apache-2.0
// The long-running commands, one per node (DESIGN.md "Nodes"), and `cctv run` composing them in
// one process: broker, store, console, cameras (stopped in reverse). Each runs until SIGINT or
// SIGTERM; if stopping takes longer than kStopLimit the process exits anyway, since everything
// it keeps (outboxes, the database, segments' index) is committed as it goes.
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
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

// What a started node process does when told to stop; nullopt when it could not start because
// its input was invalid (already reported).
using StopNode = std::optional<std::function<void()>>;
using StartNode = std::function<StopNode(const config::Config&, zmq::context_t&)>;

// The life of every node process: the config, the stop signals blocked before any thread
// starts, the node(s) `start` brings up, then SIGINT/SIGTERM and their stop within kStopLimit.
int serve(const NodeOptions& o, const StartNode& start) {
  const auto config = load_config(o.config_file, o.data_dir);
  if (!config) return kExitInvalidInput;
  const sigset_t signals = block_stop_signals();
  zmq::context_t ctx;
  const StopNode stop = start(*config, ctx);  // destroyed (with its nodes) before ctx
  if (!stop) return kExitInvalidInput;
  wait_then_arm_deadline(signals);
  (*stop)();
  return kExitOk;
}

std::shared_ptr<node::StoreNode> start_store(const config::Config& config, zmq::context_t& ctx,
                                             bool serve_consoles) {
  auto store = std::make_shared<node::StoreNode>(
      node::StoreNodeParams{config, &ctx, node::publisher_params(config, "store"),
                            node::node_name(config.bus), serve_consoles});
  store->start();
  return store;
}

void stop_store(node::StoreNode& store) {
  store.stop();
  spdlog::info("stopped; {} events stored", store.events_stored());
}

// Recording and alarms matter more than the console: if its port is taken, say so and go on.
std::shared_ptr<node::ConsoleNode> start_console(zmq::context_t& ctx, const config::Config& config,
                                                 std::shared_ptr<node::StoreNode> store) {
  auto console = std::make_shared<node::ConsoleNode>(node::ConsoleNodeParams{
      config, &ctx, [store](const nlohmann::json& request) { return store->answer(request); }});
  try {
    console->start();
  } catch (const std::exception& e) {
    spdlog::error("no console: {}", e.what());
    return nullptr;
  }
  return console;
}

StopNode run(const config::Config& config, zmq::context_t& ctx) {
  std::shared_ptr<bus::Broker> broker = node::start_broker(ctx, config);
  auto store = start_store(config, ctx, false);  // its console is in this process
  auto console = start_console(ctx, config, store);
  // Each camera starts where the register has it (a mobile camera may have been redeployed).
  auto cameras = std::make_shared<node::CameraNode>(node::CameraNodeParams{
      config, {}, store->current_sites(), &ctx, node::publisher_params(config)});
  cameras->start();
  spdlog::info("running {} cameras; data in {}; Ctrl-C to stop", cameras->cameras().size(),
               config.storage.data_dir);
  return [broker, store, console, cameras] {
    cameras->stop();
    if (console) console->stop();
    stop_store(*store);
  };
}

StopNode camera_node(const NodeOptions& o, const config::Config& config, zmq::context_t& ctx) {
  const auto ids = split_ids(o.cameras);
  const std::string role =
      o.name.empty() ? "cameras" + (ids.empty() ? "" : ":" + o.cameras) : o.name;
  std::filesystem::create_directories(config.storage.data_dir);
  std::shared_ptr<node::CameraNode> cameras;
  try {
    cameras = std::make_shared<node::CameraNode>(
        node::CameraNodeParams{config, ids, {}, &ctx, node::publisher_params(config, role)});
  } catch (const std::invalid_argument& e) {
    std::cerr << o.config_file << ": " << e.what() << '\n';
    return std::nullopt;
  }
  cameras->start();
  return [cameras] { cameras->stop(); };
}

StopNode store(const config::Config& config, zmq::context_t& ctx) {
  auto store = start_store(config, ctx, true);
  spdlog::info("store: console requests on {}", store->requests_endpoint());
  return [store] { stop_store(*store); };
}

StopNode console(const config::Config& config, zmq::context_t& ctx) {
  auto console = std::make_shared<node::ConsoleNode>(node::ConsoleNodeParams{config, &ctx});
  console->start();
  return [console] { console->stop(); };
}

StopNode broker(const config::Config& config, zmq::context_t& ctx) {
  auto broker = std::make_shared<bus::Broker>(ctx, config.bus.publish, config.bus.subscribe);
  spdlog::info("broker: publishers to {}, subscribers to {}", config.bus.publish,
               config.bus.subscribe);
  return [broker] {};  // stops when the last copy goes, before the context
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
      ->callback([opts, &exit_code] { exit_code = serve(*opts, run); });
  auto* cam =
      node_command(app, "camera-node",
                   "Run cameras (capture, recording, analytics) publishing to the bus", opts);
  cam->add_option("--cameras", opts->cameras, "Comma-separated camera ids (default: all)");
  cam->add_option("--name", opts->name,
                  "This node's role in its bus source name and outbox file (default: "
                  "cameras:<ids>); keep it across restarts");
  cam->callback([opts, &exit_code] {
    exit_code = serve(*opts, [&o = *opts](const config::Config& config, zmq::context_t& ctx) {
      return camera_node(o, config, ctx);
    });
  });
  node_command(
      app, "store",
      "Run the store: the database's only owner; stores, indexes and groups what the bus brings",
      opts)
      ->callback([opts, &exit_code] { exit_code = serve(*opts, store); });
  node_command(app, "console", "Run the operator console (HTTP) over the store", opts)
      ->callback([opts, &exit_code] { exit_code = serve(*opts, console); });
  node_command(app, "broker", "Run the bus broker on bus.publish / bus.subscribe", opts)
      ->callback([opts, &exit_code] { exit_code = serve(*opts, broker); });
}

}  // namespace cctv::app
