// SPDX-License-Identifier: Apache-2.0
#include "command_support.hpp"

#include "cctv/common/sql.hpp"

#include <pthread.h>

#include <filesystem>
#include <iostream>

#include "cctv/config/loader.hpp"
#include "cctv/node/data_layout.hpp"

namespace cctv::app {

std::optional<config::Config> load_config(const std::string& config_file,
                                          const std::string& data_dir) {
  config::LoadResult result = config::load_config_file(config_file);
  for (const auto& e : result.errors) std::cerr << e.to_string() << '\n';
  if (!result.config) return std::nullopt;
  if (!data_dir.empty()) result.config->storage.data_dir = data_dir;
  return result.config;
}

sigset_t block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

int wait_for_stop(const sigset_t& signals) {
  int signal = 0;
  sigwait(&signals, &signal);
  return signal;
}

void add_store_options(CLI::App* cmd, StoreOptions& o, const char* data_help) {
  cmd->add_option("--data", o.data_dir, data_help)->capture_default_str();
  cmd->add_option("--database", o.database,
                  "The store's PostgreSQL database (postgresql://user@host/db; password in "
                  "PGPASSWORD or ~/.pgpass) instead of DIR/cctv.db");
}

std::string store_location(const StoreOptions& o) {
  return node::store_location({.data_dir = o.data_dir, .database = o.database});
}

std::optional<std::string> existing_database(const StoreOptions& o) {
  if (!o.database.empty()) {
    if (sql::is_postgresql_url(o.database)) return o.database;
    std::cerr << "--database '" << o.database
              << "' is not a PostgreSQL URL; write postgresql://user@host/db, or leave it out for "
                 "the SQLite store in --data\n";
    return std::nullopt;
  }
  std::string path = node::database_path(o.data_dir);
  if (std::filesystem::exists(path)) return path;
  std::cerr << "no event database at " << path
            << "; pass --data with the directory `cctv run` or `cctv store` used\n";
  return std::nullopt;
}

}  // namespace cctv::app
