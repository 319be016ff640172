// SPDX-License-Identifier: Apache-2.0
// Private: what every console route works with.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>

#include "api.hpp"
#include "cctv/bus/live_feed.hpp"
#include "cctv/console/console_routes.hpp"
#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/evidence.hpp"
#include "cctv/storage/export_key.hpp"
#include "cctv/storage/export_requests.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/login_throttle.hpp"
#include "cctv/storage/recording_index.hpp"
#include "cctv/storage/site_register.hpp"
#include "cctv/storage/user_walls.hpp"
#include "change_signal.hpp"
#include "live_cache.hpp"
#include "playback_cache.hpp"
#include "stream_slots.hpp"
#include "thumbnail_audit.hpp"

namespace cctv::console {

struct ConsoleState {
  explicit ConsoleState(ConsoleParams p)
      : params(std::move(p)),
        store(params.store),
        users(params.db_path, kRead),
        throttle(params.db_path, {}, kRead),
        sessions(params.db_path, params.sessions, kRead),
        incidents(params.db_path, params.config.incidents.categories, kRead),
        events(params.db_path, kRead),
        evidence(params.db_path, params.data_dir, kRead),
        recordings(params.db_path, kRead),
        sites(params.db_path, kRead),
        walls(params.db_path, kRead),
        live(
            params.ctx, params.live_endpoint, [this](const bus::LiveMessage& m) { on_notice(m); },
            params.live_linger),
        export_requests(params.db_path, kRead),
        audit(params.db_path, kRead),
        export_key(storage::ExportKey::load_or_create(storage::export_key_dir(params.data_dir))) {
    refresh_sites();
  }

  // After a deployment this console made: the store's next notice would say so too.
  void refresh_sites() { set_sites(sites.current_sites()); }

  // After the store applied this console's step: its own streams show it at once (the store
  // announces it to every other process).
  void incidents_changed() { incident_changes.bump(); }

  // For a long-lived stream: false once its session has ended (logout here or in another
  // console, idle or too old). Reads the store at most every kSessionCheck.
  bool still_live(const Session& s, std::chrono::steady_clock::time_point& next_check) {
    const auto now = std::chrono::steady_clock::now();
    if (now < next_check) return true;
    next_check = now + kSessionCheck;
    return sessions.live(s.token_hash, now_utc());
  }
  static constexpr std::chrono::seconds kSessionCheck{1};

  // Served over TLS (console.tls): cookies are Secure, and origins https://.
  bool https() const { return params.config.console.tls.enabled(); }

  // Where every camera is now, as the store last announced (or as read at start).
  std::map<std::string, std::string> sites_now() const {
    std::lock_guard lock(sites_mutex);
    return current_sites;
  }

  static constexpr storage::Access kRead = storage::Access::read;

  ConsoleParams params;
  storage::StoreClient store;  // every write: the store node applies, audits and announces it
  UserStore users;
  storage::LoginThrottle throttle;  // read only: a throttled login is refused before its hash check
  storage::SessionStore sessions;   // read only: whether a stream's session is still open
  storage::IncidentLog incidents;
  storage::EventStore events;
  storage::EvidenceStore evidence;
  storage::RecordingIndex recordings;  // playback
  PlaybackCache playback;
  storage::SiteRegister sites;  // sites, cameras and deployments (LJAG tasking)
  storage::UserWalls walls;     // each user's saved camera wall
  ChangeSignal incident_changes;
  ChangeSignal export_changes;  // export requests: a decision, or the store's build moving on
  mutable std::mutex sites_mutex;
  std::map<std::string, std::string> current_sites;
  LiveCache live;  // after what its notice handler uses
  storage::ExportRequests export_requests;
  storage::AuditLog audit;        // read only: the admin page's search and verify
  storage::ExportKey export_key;  // its public half, for verifying packages the store signs
  ThumbnailAudit thumbnail_audit{std::chrono::minutes(10)};
  StreamSlots streams;                // every long-lived stream holds one while it runs
  std::atomic<bool> stopping{false};  // long-lived streams end when set

 private:
  void set_sites(std::map<std::string, std::string> where) {
    std::lock_guard lock(sites_mutex);
    current_sites = std::move(where);
  }
  void on_notice(const bus::LiveMessage& m) {
    if (m.camera == bus::kIncidentNotice) incident_changes.bump();
    if (m.camera == bus::kExportNotice) export_changes.bump();
    if (m.camera != bus::kDeploymentNotice) return;
    if (auto where = bus::sites_in_notice(m.meta)) set_sites(std::move(*where));
  }
};

// Answers 403 to a request whose Origin header names another site (a page elsewhere posting
// to the console, login CSRF): a browser names the sending page's origin there.
void refuse_foreign_origins(httplib::Server& server, bool https);

// Answers with a server-sent event stream, holding one of the session's stream slots, for as
// long as the console runs and the session lasts: `next(offset)` gives what to send next (it may
// wait a few seconds for a change; empty: nothing yet, ask again). The first chunk (offset 0)
// should come at once, so that the browser sees the stream open.
void serve_event_stream(ConsoleState& state, const Session& s, httplib::Response& res,
                        std::function<std::string(std::size_t offset)> next);

// The routes, one file each (routes_*.cpp).
void add_session_routes(httplib::Server& server, Api& api, ConsoleState& state);
void add_incident_routes(Api& api, ConsoleState& state);
void add_camera_routes(Api& api, ConsoleState& state);
void add_live_routes(Api& api, ConsoleState& state);
void add_wall_routes(Api& api, ConsoleState& state);

// A camera wall's cameras (routes_wall.cpp): 1..kMaxWallCameras distinct configured ones, or a
// 400 naming the first that is not.
inline constexpr std::size_t kMaxWallCameras = 16;  // the 4x4 layout
void check_wall_cameras(const ConsoleState& state, const std::vector<std::string>& cameras);
void add_stream_route(Api& api, ConsoleState& state);
void add_evidence_routes(Api& api, ConsoleState& state);
void add_playback_routes(Api& api, ConsoleState& state);
void add_ljag_routes(Api& api, ConsoleState& state);
void add_export_routes(httplib::Server& server, Api& api, ConsoleState& state);
void add_admin_routes(Api& api, ConsoleState& state);
void add_static_routes(httplib::Server& server);

// An incident as the console shows it: the store's fields plus its snapshot and whether it
// was raised while the control room was unstaffed (before this session began).
nlohmann::json evidence_json(const storage::Evidence& e);
// A snapshot's thumbnail, what lists show (audited once per user per period, not per load).
std::string thumbnail_url(const storage::Evidence& e);
// Every evidence file of an incident: its events' snapshots, then its clips.
std::vector<storage::Evidence> incident_evidence(ConsoleState& state,
                                                 const std::string& incident_id);

nlohmann::json console_incident_json(ConsoleState& state, const storage::Incident& incident,
                                     const Session& session);
// A camera_tamper incident's kind (covered, moved, defocused, obscured), from its start event.
std::string tamper_kind(ConsoleState& state, const storage::Incident& incident);

}  // namespace cctv::console
