// SPDX-License-Identifier: Apache-2.0
// `cctv demo-data --data DIR [--config FILE] [--month YYYY-MM] [--months N] [--seed N]`.
#include <filesystem>
#include <iostream>

#include "cctv/common/time.hpp"
#include "command_support.hpp"
#include "commands.hpp"
#include "cctv/node/data_layout.hpp"
#include "demo_data.hpp"

namespace cctv::app {
namespace {

struct DemoDataOptions {
  std::string config_file = "config/demo.yaml";
  std::string data_dir;
  DemoDataParams params;
};

int run(DemoDataOptions o) {
  const auto config = load_config(o.config_file, o.data_dir);
  if (!config) return kExitInvalidInput;
  if (o.params.month.empty()) o.params.month = london_month_before(now_utc(), 12);
  std::filesystem::create_directories(config->storage.data_dir);
  try {
    const DemoDataSummary s = generate_demo_data(*config, o.params);
    std::cout << s.manual_incidents << " manual incidents, " << s.alarm_incidents
              << " analytics alarms and " << s.deployments << " deployments from " << o.params.month
              << " written to " << node::store_location(config->storage) << '\n';
  } catch (const std::invalid_argument& e) {
    std::cerr << e.what() << '\n';
    return kExitInvalidInput;
  } catch (const std::runtime_error& e) {
    std::cerr << e.what() << '\n';
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void add_demo_data_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<DemoDataOptions>();
  auto* cmd = app.add_subcommand(
      "demo-data", "Fill an empty store with a year of demo incidents and deployments");
  cmd->add_option("--data", o->data_dir, "Data directory (created; must hold no incidents)")
      ->required();
  cmd->add_option("--config", o->config_file, "Sites, cameras and categories")
      ->capture_default_str();
  cmd->add_option("--month", o->params.month, "First month, YYYY-MM (default: 12 months ago)");
  cmd->add_option("--months", o->params.months, "How many months")
      ->check(CLI::Range(1, 60))
      ->capture_default_str();
  cmd->add_option("--seed", o->params.seed, "Random seed: the same seed gives the same data")
      ->capture_default_str();
  cmd->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace cctv::app
