// SPDX-License-Identifier: Apache-2.0
// `cctv hold add|release|list --data DIR`: legal holds that retention must respect.
#include <iostream>

#include "cctv/storage/legal_holds.hpp"
#include "command_support.hpp"
#include "commands.hpp"
#include "cctv/node/data_layout.hpp"

namespace cctv::app {
namespace {

struct HoldOptions {
  StoreOptions store;
  std::string actor = "cli";
  std::string camera, from, to, reason;
  std::int64_t id = 0;
};

int add(const HoldOptions& o) {
  const auto from = parse_utc(o.from), to = parse_utc(o.to);
  if (!from || !to) {
    std::cerr << "--from and --to must be UTC times like 2026-11-23T10:00:00Z\n";
    return kExitInvalidInput;
  }
  const auto db = existing_database(o.store);
  if (!db) return kExitInvalidInput;
  try {
    std::cout << "hold " << storage::LegalHolds(*db).add(o.actor, o.camera, *from, *to, o.reason) << " added\n";
  } catch (const storage::HoldError& e) {
    std::cerr << e.what() << '\n';
    return kExitInvalidInput;
  }
  return kExitOk;
}

int release(const HoldOptions& o) {
  const auto db = existing_database(o.store);
  if (!db) return kExitInvalidInput;
  try {
    storage::LegalHolds(*db).release(o.actor, o.id);
  } catch (const storage::HoldError& e) {
    std::cerr << e.what() << '\n';
    return kExitInvalidInput;
  }
  std::cout << "hold " << o.id << " released\n";
  return kExitOk;
}

int list(const HoldOptions& o) {
  const auto db = existing_database(o.store);
  if (!db) return kExitInvalidInput;
  for (const auto& h : storage::LegalHolds(*db).all()) {
    std::cout << h.id << "  " << h.camera << "  " << format_utc(h.from) << " .. " << format_utc(h.to) << "  "
              << (h.released_at ? "released by " + h.released_by : "ACTIVE") << "  " << h.reason << '\n';
  }
  return kExitOk;
}

}  // namespace

void add_hold_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<HoldOptions>();
  auto* hold = app.add_subcommand("hold", "Legal holds: footage retention must keep");
  hold->require_subcommand(1);
  auto* add_cmd = hold->add_subcommand("add", "Hold a camera's footage over a time window");
  add_cmd->add_option("--camera", o->camera, "Camera id")->required();
  add_cmd->add_option("--from", o->from, "Start, UTC ISO-8601")->required();
  add_cmd->add_option("--to", o->to, "End, UTC ISO-8601")->required();
  add_cmd->add_option("--reason", o->reason, "Crime reference, incident or request")->required();
  auto* release_cmd = hold->add_subcommand("release", "Release a hold");
  release_cmd->add_option("id", o->id, "Hold id")->required();
  auto* list_cmd = hold->add_subcommand("list", "All holds, active and released");
  for (auto* cmd : {add_cmd, release_cmd, list_cmd}) {
    add_store_options(cmd, o->store);
    cmd->add_option("--as", o->actor, "Who is doing this (recorded in the audit log)")->capture_default_str();
  }
  add_cmd->callback([o, &exit_code] { exit_code = add(*o); });
  release_cmd->callback([o, &exit_code] { exit_code = release(*o); });
  list_cmd->callback([o, &exit_code] { exit_code = list(*o); });
}

}  // namespace cctv::app
