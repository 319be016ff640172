// SPDX-License-Identifier: Apache-2.0
// Private: what every console route works with.
#pragma once

#include <atomic>

#include "api.hpp"
#include "cctv/console/console_server.hpp"
#include "cctv/console/users.hpp"
#include "cctv/reports/register_sync.hpp"
#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/evidence.hpp"
#include "cctv/storage/export_key.hpp"
#include "cctv/storage/export_requests.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/site_register.hpp"
#include "export_worker.hpp"
#include "live_cache.hpp"
#include "sessions.hpp"

namespace cctv::console {

struct ConsoleState {
  explicit ConsoleState(ConsoleParams p)
      : params(std::move(p)),
        users(params.db_path),
        sessions(params.db_path, params.idle_timeout),
        incidents(params.db_path, params.config.incidents.categories),
        events(params.db_path),
        audit(params.db_path),
        evidence(params.db_path, params.data_dir),
        sites(params.db_path),
        live(params.ctx, params.live_endpoint),
        export_requests(params.db_path),
        export_key(storage::ExportKey::load_or_create(storage::export_key_dir(params.data_dir))),
        export_worker({.db_path = params.db_path,
                       .data_dir = params.data_dir,
                       .config = &params.config,
                       .system = params.system_name},
                      export_requests, export_key) {
    reports::sync_register(sites, params.config);
  }

  ConsoleParams params;
  UserStore users;
  SessionStore sessions;
  storage::IncidentLog incidents;
  storage::EventStore events;
  storage::AuditLog audit;
  storage::EvidenceStore evidence;
  storage::SiteRegister sites;  // sites, cameras and deployments (LJAG tasking)
  LiveCache live;
  storage::ExportRequests export_requests;
  storage::ExportKey export_key;
  ExportWorker export_worker;         // last: it uses the members above
  std::atomic<bool> stopping{false};  // long-lived streams end when set
};

// The routes, one file each (routes_*.cpp).
void add_session_routes(httplib::Server& server, Api& api, ConsoleState& state);
void add_incident_routes(Api& api, ConsoleState& state);
void add_camera_routes(Api& api, ConsoleState& state);
void add_live_routes(Api& api, ConsoleState& state);
void add_stream_route(Api& api, ConsoleState& state);
void add_evidence_routes(Api& api, ConsoleState& state);
void add_ljag_routes(Api& api, ConsoleState& state);
void add_export_routes(httplib::Server& server, Api& api, ConsoleState& state);
void add_static_routes(httplib::Server& server);

// An incident as the console shows it: the store's fields plus its snapshot and whether it
// was raised while the control room was unstaffed (before this session began).
nlohmann::json evidence_json(const storage::Evidence& e);
// Every evidence file of an incident: its events' snapshots, then its clips.
std::vector<storage::Evidence> incident_evidence(ConsoleState& state,
                                                 const std::string& incident_id);

nlohmann::json console_incident_json(ConsoleState& state, const storage::Incident& incident,
                                     const Session& session);

}  // namespace cctv::console
