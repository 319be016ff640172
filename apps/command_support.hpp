// SPDX-License-Identifier: Apache-2.0
// Plumbing the long-running subcommands (run, store) share: loading the config with --data
// applied, and waiting for SIGINT/SIGTERM.
#pragma once

#include <signal.h>

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "cctv/config/config.hpp"

namespace cctv::app {

// Loads and validates `config_file`, printing every error to stderr; `data_dir`, when given,
// replaces storage.data_dir. nullopt when the config is invalid.
std::optional<config::Config> load_config(const std::string& config_file,
                                          const std::string& data_dir);

// Where a command finds the store: --data DIR (cctv.db in it, and the files), --database URL
// (a PostgreSQL store instead of DIR/cctv.db).
struct StoreOptions {
  std::string data_dir = "data";
  std::string database;
};
void add_store_options(CLI::App* cmd, StoreOptions& o,
                       const char* data_help = "Data directory holding cctv.db");

// The store to open: the --database URL, or the SQLite file in the data directory when it
// exists; else a message on stderr and nullopt (reading must never create an empty store where
// the user mistyped a path).
std::optional<std::string> existing_database(const StoreOptions& o);
// The same for a command that may create the store (cctv user add).
std::string store_location(const StoreOptions& o);

// Blocks SIGINT and SIGTERM in this thread and every thread started after, so that only
// wait_for_stop() takes them. Call before starting threads.
sigset_t block_stop_signals();

// Waits for one of `signals`; returns it.
int wait_for_stop(const sigset_t& signals);

}  // namespace cctv::app
