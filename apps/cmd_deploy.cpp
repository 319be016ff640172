// SPDX-License-Identifier: Apache-2.0
// `cctv deploy CAMERA --site SITE --reason TEXT [--case REF] [--at T] --data DIR`: moves a mobile
// camera (a running system's store hears of it on the bus and its camera nodes follow within a
// second or two, without restarting any camera), and `cctv deployments --data DIR [--camera C] [--json]`: the deployment history.
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cctv/reports/ljag_pack.hpp"
#include "cctv/reports/register_sync.hpp"
#include "cctv/storage/audit_log.hpp"
#include "command_support.hpp"
#include "commands.hpp"
#include "cctv/bus/live_feed.hpp"
#include "cctv/node/bus_setup.hpp"

namespace cctv::app {
namespace {

struct DeployOptions {
  StoreOptions store;
  std::string config_file;  // optional: refresh the register from it first
  std::string actor = "cli";
  std::string camera, site, ljag_case, reason, at;
  bool json = false;
};

int deploy(const DeployOptions& o) {
  storage::DeploymentRequest r{o.camera, o.site, now_utc(), o.ljag_case, o.reason};
  if (!o.at.empty()) {
    const auto at = parse_utc(o.at);
    if (!at) {
      std::cerr << "--at '" << o.at << "' is not a UTC time like 2026-11-23T10:00:00Z\n";
      return kExitInvalidInput;
    }
    r.at = *at;
  }
  const auto db = existing_database(o.store);
  if (!db) return kExitInvalidInput;
  storage::SiteRegister reg(*db);
  config::Bus bus;  // the default endpoints, unless the config says otherwise
  if (!o.config_file.empty()) {
    const auto config = load_config(o.config_file, o.store.data_dir);
    if (!config) return kExitInvalidInput;
    reports::sync_register(reg, *config);
    bus = config->bus;
  }
  try {
    const storage::Deployment d = reg.deploy(o.actor, r);
    storage::AuditLog(*db).append(o.actor, "deployment.create", d.camera,
                                  storage::deployment_json(d).dump());
    std::cout << "deployment " << d.id << ": camera " << d.camera << " at " << d.site << " from "
              << format_london(d.from) << '\n';
    node::announce_change(bus.publish, bus::kDeploymentNotice,
                          nlohmann::json{{"changed", d.camera}}.dump());
  } catch (const storage::DeploymentError& e) {
    std::cerr << "--" << (e.field() == "ljag_case" ? "case" : e.field()) << ": " << e.what()
              << '\n';
    return kExitInvalidInput;
  }
  return kExitOk;
}

int list(const DeployOptions& o) {
  const auto db = existing_database(o.store);
  if (!db) return kExitInvalidInput;
  const auto deployments = storage::SiteRegister(*db).deployments(o.camera);
  if (o.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : deployments) out.push_back(storage::deployment_json(d));
    std::cout << out.dump(2) << '\n';
    return kExitOk;
  }
  for (const auto& d : deployments) {
    std::cout << std::setw(4) << d.id << "  " << std::left << std::setw(8) << d.camera
              << std::setw(20) << d.site << london_date(d.from) << " .. "
              << (d.to ? london_date(*d.to) : std::string("now       ")) << "  " << d.ljag_case
              << "  " << d.reason << std::right << '\n';
  }
  std::cout << deployments.size() << " deployment(s)\n";
  return kExitOk;
}

}  // namespace

void add_deploy_commands(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<DeployOptions>();
  auto* cmd =
      app.add_subcommand("deploy", "Move a mobile camera to a site (hot: cctv run follows)");
  cmd->add_option("camera", o->camera, "Camera id")->required();
  cmd->add_option("--site", o->site, "Site id")->required();
  cmd->add_option("--reason", o->reason, "Why (the LJAG's decision)")->required();
  cmd->add_option("--case", o->ljag_case, "The requesting LJAG case reference");
  cmd->add_option("--at", o->at, "When it went live, UTC ISO-8601 (default: now)");
  cmd->add_option("--config", o->config_file,
                  "Refresh the register's sites and cameras from this config first");
  cmd->add_option("--as", o->actor, "Who is doing this (recorded in the audit log)")
      ->capture_default_str();
  auto* list_cmd =
      app.add_subcommand("deployments", "The deployment history of the mobile cameras");
  list_cmd->add_option("--camera", o->camera, "Only this camera's");
  list_cmd->add_flag("--json", o->json, "One JSON array");
  for (auto* c : {cmd, list_cmd}) {
    add_store_options(c, o->store);
  }
  cmd->callback([o, &exit_code] { exit_code = deploy(*o); });
  list_cmd->callback([o, &exit_code] { exit_code = list(*o); });
}

}  // namespace cctv::app
