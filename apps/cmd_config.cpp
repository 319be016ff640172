// SPDX-License-Identifier: Apache-2.0
// `cctv config check FILE`: every mistake as file:line:col: message; exit 0 valid, 2 invalid.
#include <iostream>

#include "cctv/config/loader.hpp"
#include "commands.hpp"

namespace cctv::app {

void add_config_command(CLI::App& app, int& exit_code) {
  auto* config = app.add_subcommand("config", "Work with configuration files");
  config->require_subcommand(1);
  auto* check = config->add_subcommand("check", "Validate a configuration file");
  auto file = std::make_shared<std::string>();
  check->add_option("file", *file, "YAML configuration file")->required();
  check->callback([file, &exit_code] {
    const config::LoadResult result = config::load_config_file(*file);
    for (const auto& e : result.errors) std::cerr << e.to_string() << '\n';
    if (result.errors.empty()) {
      const config::Config& c = *result.config;
      std::cout << *file << ": OK (" << c.sites.size() << " sites, " << c.cameras.size() << " cameras, "
                << c.zones.size() << " zones)\n";
    } else {
      std::cerr << *file << ": " << result.errors.size() << " error(s)\n";
    }
    exit_code = result.errors.empty() ? kExitOk : kExitInvalidInput;
  });
}

}  // namespace cctv::app
