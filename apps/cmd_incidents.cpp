// SPDX-License-Identifier: Apache-2.0
// `cctv incidents --data DIR [filters] [--json]` and `cctv incident show ID --data DIR [--json]`.
#include <iomanip>
#include <iostream>

#include "cctv/node/data_layout.hpp"
#include "cctv/storage/incident_json.hpp"
#include "cctv/storage/incident_log.hpp"
#include "command_support.hpp"
#include "commands.hpp"

namespace cctv::app {
namespace {

struct IncidentsOptions {
  StoreOptions store;
  bool json = false;
  std::string site, camera, category, state, text, since, until, id;
};

// Fills the query from the options; false (after saying why) when one is malformed.
bool build_query(const IncidentsOptions& o, storage::IncidentQuery& q) {
  auto set = [](const std::string& v, std::optional<std::string>& field) {
    if (!v.empty()) field = v;
  };
  set(o.site, q.site);
  set(o.camera, q.camera);
  set(o.category, q.category);
  set(o.text, q.text);
  if (!o.state.empty() && !(q.state = storage::parse_incident_state(o.state))) {
    std::cerr << "--state must be new, acknowledged or closed, not '" << o.state << "'\n";
    return false;
  }
  for (auto [text, field] : {std::pair{&o.since, &q.since}, std::pair{&o.until, &q.until}}) {
    if (text->empty()) continue;
    *field = parse_utc(*text);
    if (!*field) {
      std::cerr << "'" << *text << "' is not a UTC time like 2026-11-23T10:00:00Z\n";
      return false;
    }
  }
  return true;
}

void print_row(const storage::Incident& i) {
  std::cout << i.id.substr(0, 8) << "  " << format_london(i.started_at) << "  P" << i.priority
            << "  " << std::left << std::setw(13) << to_string(i.state) << std::setw(16)
            << i.category << std::setw(18) << i.site << std::setw(8) << i.camera
            << (i.alarm_active ? "ACTIVE " : "") << (i.test ? "TEST " : "") << i.description
            << '\n';
}

int list(const IncidentsOptions& o) {
  storage::IncidentQuery q;
  if (!build_query(o, q)) return kExitInvalidInput;
  const auto db = existing_database(o.store);
  if (!db) return kExitInvalidInput;
  storage::IncidentLog log(*db);
  log.catch_up();  // events the store has not grouped yet (normally none)
  const auto incidents = log.search(q);
  if (o.json) {
    std::cout << storage::incidents_to_json(incidents) << '\n';
    return kExitOk;
  }
  for (const auto& i : incidents) print_row(i);
  std::cout << incidents.size() << " incident(s)\n";
  return kExitOk;
}

int show(const IncidentsOptions& o) {
  const auto db = existing_database(o.store);
  if (!db) return kExitInvalidInput;
  storage::IncidentLog log(*db);
  log.catch_up();
  const auto incident = log.get(o.id);
  if (!incident) {
    std::cerr << "no incident '" << o.id << "'\n";
    return kExitInvalidInput;
  }
  const auto history = log.history(o.id);
  if (o.json) {
    std::cout << storage::incident_detail_to_json(*incident, history, log.event_ids(o.id)) << '\n';
    return kExitOk;
  }
  print_row(*incident);
  for (const auto& h : history)
    std::cout << "  " << format_london(h.ts) << "  " << h.actor << "  " << h.action << "  "
              << h.details << '\n';
  return kExitOk;
}

}  // namespace

void add_incidents_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<IncidentsOptions>();
  auto* list_cmd = app.add_subcommand("incidents", "Search the incident log, newest first");
  for (auto [flag, field, help] :
       {std::tuple{"--site", &opts->site, "Only this site"},
        std::tuple{"--camera", &opts->camera, "Only this camera"},
        std::tuple{"--category", &opts->category, "loitering, crowding, ASB, ..."},
        std::tuple{"--state", &opts->state, "new, acknowledged or closed"},
        std::tuple{"--text", &opts->text, "Words in description, notes, police ref"},
        std::tuple{"--since", &opts->since, "Started at or after (UTC ISO-8601)"},
        std::tuple{"--until", &opts->until, "Started before (UTC ISO-8601)"}}) {
    list_cmd->add_option(flag, *field, help);
  }
  auto* incident = app.add_subcommand("incident", "One incident");
  incident->require_subcommand(1);
  auto* show_cmd = incident->add_subcommand("show", "An incident with its history and events");
  show_cmd->add_option("id", opts->id, "Incident id")->required();
  for (auto* cmd : {list_cmd, show_cmd}) {
    add_store_options(cmd, opts->store);
    cmd->add_flag("--json", opts->json, "Print JSON");
  }
  list_cmd->callback([opts, &exit_code] { exit_code = list(*opts); });
  show_cmd->callback([opts, &exit_code] { exit_code = show(*opts); });
}

}  // namespace cctv::app
