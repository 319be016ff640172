// SPDX-License-Identifier: Apache-2.0
// `cctv store --config FILE [--data DIR]`: only the store, as its own process. Subscribes to
// bus.subscribe, resumes every source after the last seq in <data>/cctv.db, fetches what it
// missed from each source's replay socket, writes and acknowledges. Runs the broker too when
// bus.broker is true. SIGINT/SIGTERM stop it cleanly; after a SIGKILL it simply resumes.
#include <cstring>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "bus_setup.hpp"
#include "command_support.hpp"
#include "commands.hpp"
#include "data_dir.hpp"
#include "store_writer.hpp"

namespace cctv::app {
namespace {

struct StoreOptions {
  std::string config_file;
  std::string data_dir;
};

int store(const StoreOptions& o) {
  const auto config = load_config(o.config_file, o.data_dir);
  if (!config) return kExitInvalidInput;
  const sigset_t signals = block_stop_signals();

  std::filesystem::create_directories(config->storage.data_dir);
  const std::string db = database_path(config->storage.data_dir);
  storage::EventStore events(db);
  storage::IncidentLog incidents(db, config->incidents.categories);
  zmq::context_t ctx;
  const auto broker = start_broker(ctx, *config);
  std::optional<StoreWriter> writer(std::in_place, ctx, store_subscriber_params(*config), events,
                                    incidents);
  spdlog::info("storing events from {} in {}; Ctrl-C to stop", config->bus.subscribe, db);

  const int signal = wait_for_stop(signals);
  spdlog::info("stopping on {}", strsignal(signal));
  writer.reset();
  spdlog::info("stopped; {} events in {}", events.count(), db);
  return kExitOk;
}

}  // namespace

void add_store_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<StoreOptions>();
  auto* cmd = app.add_subcommand("store", "Run only the event store: subscribe, recover, write");
  cmd->add_option("--config", opts->config_file, "YAML configuration")->required();
  cmd->add_option("--data", opts->data_dir,
                  "Data directory (default: storage.data_dir of the config)");
  cmd->callback([opts, &exit_code] { exit_code = store(*opts); });
}

}  // namespace cctv::app
