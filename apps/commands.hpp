// SPDX-License-Identifier: Apache-2.0
// The `cctv` subcommands; each registers itself on the CLI and returns an exit code.
#pragma once

#include <CLI/CLI.hpp>

namespace cctv::app {

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitInvalidInput = 2;

// run, camera-node, store, console, broker
void add_node_commands(CLI::App& app, int& exit_code);
void add_events_command(CLI::App& app, int& exit_code);
void add_config_command(CLI::App& app, int& exit_code);
void add_eval_command(CLI::App& app, int& exit_code);
void add_analyse_command(CLI::App& app, int& exit_code);
void add_audit_command(CLI::App& app, int& exit_code);
void add_incidents_command(CLI::App& app, int& exit_code);
void add_hold_command(CLI::App& app, int& exit_code);
void add_fake_cameras_command(CLI::App& app, int& exit_code);
void add_clip_command(CLI::App& app, int& exit_code);
void add_user_command(CLI::App& app, int& exit_code);
void add_inject_alarms_command(CLI::App& app, int& exit_code);
void add_demo_data_command(CLI::App& app, int& exit_code);
void add_deploy_commands(CLI::App& app, int& exit_code);
void add_report_command(CLI::App& app, int& exit_code);
void add_export_command(CLI::App& app, int& exit_code);
void add_verify_command(CLI::App& app, int& exit_code);
void add_db_command(CLI::App& app, int& exit_code);

}  // namespace cctv::app
