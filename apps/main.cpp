// SPDX-License-Identifier: Apache-2.0
#include <spdlog/spdlog.h>

#include "cctv/common/sql.hpp"
#include "cctv/storage/schema.hpp"

#include "commands.hpp"

int main(int argc, char** argv) {
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  CLI::App app{"cctv: control-room video analytics and incident logging"};
  app.require_subcommand(1);
  int exit_code = cctv::app::kExitOk;
  cctv::app::add_node_commands(app, exit_code);
  cctv::app::add_events_command(app, exit_code);
  cctv::app::add_config_command(app, exit_code);
  cctv::app::add_eval_command(app, exit_code);
  cctv::app::add_analyse_command(app, exit_code);
  cctv::app::add_audit_command(app, exit_code);
  cctv::app::add_incidents_command(app, exit_code);
  cctv::app::add_hold_command(app, exit_code);
  cctv::app::add_fake_cameras_command(app, exit_code);
  cctv::app::add_clip_command(app, exit_code);
  cctv::app::add_user_command(app, exit_code);
  cctv::app::add_inject_alarms_command(app, exit_code);
  cctv::app::add_demo_data_command(app, exit_code);
  cctv::app::add_deploy_commands(app, exit_code);
  cctv::app::add_report_command(app, exit_code);
  cctv::app::add_export_command(app, exit_code);
  cctv::app::add_verify_command(app, exit_code);
  cctv::app::add_db_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const cctv::sql::OpenError& e) {  // the store's location is wrong or unreachable
    spdlog::error("{}", e.what());
    return cctv::app::kExitInvalidInput;
  } catch (const cctv::storage::SchemaError& e) {
    spdlog::error("{}", e.what());
    return cctv::app::kExitInvalidInput;
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return cctv::app::kExitFailure;
  }
  return exit_code;
}
