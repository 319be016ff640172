// SPDX-License-Identifier: Apache-2.0
// `cctv events --data DIR [--json] [--camera C] [--type T]`: what the store holds.
#include <filesystem>
#include <iostream>

#include "cctv/node/data_layout.hpp"
#include "cctv/storage/event_store.hpp"
#include "command_support.hpp"
#include "commands.hpp"
#include "event_table.hpp"

namespace cctv::app {
namespace {

struct EventsOptions {
  StoreOptions store;
  bool json = false;
  std::string camera;
  std::string type;
};

int list_events(const EventsOptions& o) {
  storage::EventQuery q;
  if (!o.camera.empty()) q.camera = o.camera;
  if (!o.type.empty()) {
    q.type = parse_event_type(o.type);
    if (!q.type) {
      std::cerr << "unknown event type '" << o.type << "'\n";
      return kExitInvalidInput;
    }
  }
  const auto db = existing_database(o.store);
  if (!db) return kExitInvalidInput;
  const auto events = storage::EventStore(*db).query(q);
  if (o.json) {
    std::cout << events_to_json_array(events) << '\n';
  } else {
    print_event_table(events);
  }
  return kExitOk;
}

}  // namespace

void add_events_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<EventsOptions>();
  auto* cmd = app.add_subcommand("events", "List stored events, oldest first");
  add_store_options(cmd, opts->store);
  cmd->add_flag("--json", opts->json, "Print a JSON array in the event schema");
  cmd->add_option("--camera", opts->camera, "Only this camera");
  cmd->add_option("--type", opts->type, "Only this event type (loitering, crowding, ...)");
  cmd->callback([opts, &exit_code] { exit_code = list_events(*opts); });
}

}  // namespace cctv::app
