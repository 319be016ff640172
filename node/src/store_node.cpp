// SPDX-License-Identifier: Apache-2.0
#include "cctv/node/store_node.hpp"

#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <spdlog/spdlog.h>

#include "cctv/bus/live_feed.hpp"
#include "cctv/bus/request_reply.hpp"
#include "cctv/node/bus_setup.hpp"
#include "cctv/node/data_layout.hpp"
#include "cctv/reports/register_sync.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/evidence.hpp"
#include "cctv/storage/export_key.hpp"
#include "cctv/storage/export_requests.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/recording_index.hpp"
#include "cctv/storage/site_register.hpp"
#include "cctv/storage/store_requests.hpp"
#include "clip_worker.hpp"
#include "configured_users.hpp"
#include "export_worker.hpp"
#include "notice_listener.hpp"
#include "retention_worker.hpp"
#include "session_limits.hpp"
#include "store_writer.hpp"

namespace cctv::node {
namespace {

// How often the store repeats where every camera is, for camera nodes that start later or
// missed a notice. It repeats what it holds; it re-reads the register only when told.
constexpr std::chrono::seconds kBeaconEvery{5};

}  // namespace

struct StoreNode::Impl {
  explicit Impl(StoreNodeParams p)
      : params(std::move(p)), db(store_location(params.config.storage)) {}

  // Tells camera nodes and consoles where every camera is, every kBeaconEvery or when a writer
  // (a console, `cctv deploy`) announces a deployment.
  void beacon(std::stop_token stop) {
    while (!stop.stop_requested()) {
      bool reread = false;
      {
        std::unique_lock lock(mutex);
        wake.wait_for(lock, stop, kBeaconEvery, [this] { return register_changed; });
        reread = std::exchange(register_changed, false);
      }
      try {
        if (reread) {
          auto fresh = site_register->current_sites();
          std::lock_guard lock(mutex);
          sites = std::move(fresh);
        }
        notices->send_notice(bus::kDeploymentNotice, bus::sites_notice(current_sites()));
      } catch (const std::exception& e) {
        spdlog::warn("[store] deployments: {}", e.what());
      }
    }
  }

  std::map<std::string, std::string> current_sites() const {
    std::lock_guard lock(mutex);
    return sites;
  }

  void register_changed_elsewhere(const std::string& notice) {
    if (bus::sites_in_notice(notice)) return;  // our own beacon
    reread_register();
  }

  void reread_register() {
    {
      std::lock_guard lock(mutex);
      register_changed = true;
    }
    wake.notify_all();
  }

  // After a console's request is committed: tells every process what changed.
  void announce(const nlohmann::json& request) {
    const std::string op = request.value("op", "");
    if (op == "incident.step") {
      notices->send_notice(bus::kIncidentNotice,
                           nlohmann::json{{"incident", request.at("incident")}}.dump());
    } else if (op == "incident.create") {
      notices->send_notice(bus::kIncidentNotice, "{}");
    } else if (op.starts_with("export.")) {
      exports->wake();  // a decision may start a build
      notices->send_notice(bus::kExportNotice, nlohmann::json{{"op", op}}.dump());
    } else if (op == "deployment.create") {
      reread_register();  // the beacon then tells camera nodes and consoles where cameras are
    }
  }

  // The export worker moved a request on (building, progress, built, failed).
  void export_changed(std::int64_t id) {
    notices->send_notice(bus::kExportNotice, nlohmann::json{{"request", id}}.dump());
  }

  nlohmann::json answer(const nlohmann::json& request) {
    if (!requests) {  // a caller that outlived the node's stop (consoles stop first)
      return {{"error", {{"kind", "internal"}, {"message", "the store node is not running"}}}};
    }
    nlohmann::json out = requests->answer(request);
    if (out.contains("ok")) announce(request);
    return out;
  }

  std::string answer_text(const std::string& text) {
    const nlohmann::json request = nlohmann::json::parse(text, nullptr, false);
    if (request.is_discarded()) {
      return nlohmann::json{{"error", {{"kind", "request"}, {"message", "not JSON"}}}}.dump();
    }
    return answer(request).dump();
  }

  StoreNodeParams params;
  std::string db;
  std::unique_ptr<storage::EventStore> events;
  std::unique_ptr<storage::IncidentLog> incidents;
  std::unique_ptr<storage::RecordingIndex> recordings;
  std::unique_ptr<storage::AuditLog> audit;
  std::unique_ptr<storage::EvidenceStore> evidence;
  std::unique_ptr<storage::SiteRegister> site_register;
  std::map<std::string, std::string> sites;
  std::unique_ptr<bus::Publisher> publisher;
  std::unique_ptr<bus::LivePublisher> notices;
  std::optional<StoreWriter> writer;
  std::unique_ptr<RetentionWorker> retention;
  std::unique_ptr<ClipWorker> clips;
  std::unique_ptr<storage::ExportRequests> export_requests;
  std::optional<storage::ExportKey> export_key;
  std::unique_ptr<ExportWorker> exports;
  std::unique_ptr<storage::StoreRequests> requests;
  std::unique_ptr<bus::RequestServer> request_server;
  mutable std::mutex mutex;  // sites, register_changed
  std::condition_variable_any wake;
  bool register_changed = false;
  std::unique_ptr<NoticeListener> deployment_writers;
  std::jthread beacon_thread;
};

StoreNode::StoreNode(StoreNodeParams params) : impl_(std::make_unique<Impl>(std::move(params))) {}

StoreNode::~StoreNode() { stop(); }

void StoreNode::start() {
  Impl& n = *impl_;
  const config::Config& config = n.params.config;
  zmq::context_t& ctx = *n.params.ctx;
  std::filesystem::create_directories(config.storage.data_dir);
  n.events = std::make_unique<storage::EventStore>(n.db);  // migrates the schema first
  n.incidents = std::make_unique<storage::IncidentLog>(n.db, config.incidents.categories);
  n.recordings = std::make_unique<storage::RecordingIndex>(n.db);
  n.audit = std::make_unique<storage::AuditLog>(n.db);
  n.evidence = std::make_unique<storage::EvidenceStore>(n.db, config.storage.data_dir);
  n.site_register = std::make_unique<storage::SiteRegister>(n.db);
  reports::sync_register(*n.site_register, config);
  n.sites = n.site_register->current_sites();

  n.publisher = std::make_unique<bus::Publisher>(ctx, n.params.publisher);
  n.notices = std::make_unique<bus::LivePublisher>(ctx, config.bus.publish);
  n.writer.emplace(ctx, store_subscriber_params(config),
                   StoreWriterDeps{*n.events, *n.incidents, *n.recordings, *n.evidence, *n.audit,
                                   n.notices.get()});
  n.retention = std::make_unique<RetentionWorker>(config, n.publisher.get());
  n.clips = std::make_unique<ClipWorker>(config,
                                         ClipWorkerDeps{*n.incidents, *n.recordings, *n.evidence});
  n.export_requests = std::make_unique<storage::ExportRequests>(n.db);
  n.export_key.emplace(
      storage::ExportKey::load_or_create(storage::export_key_dir(config.storage.data_dir)));
  n.exports = std::make_unique<ExportWorker>(
      ExportWorkerParams{.db_path = n.db,
                         .data_dir = config.storage.data_dir,
                         .config = &n.params.config,
                         .system = n.params.system_name,
                         .changed = [&n](std::int64_t id) { n.export_changed(id); }},
      *n.export_requests, *n.export_key);
  add_configured_users(n.db, config.console.users);
  n.requests = std::make_unique<storage::StoreRequests>(
      storage::StoreRequestsParams{.db_path = n.db,
                                   .categories = config.incidents.categories,
                                   .sessions = session_limits(config.console)});
  if (n.params.serve_requests) {
    n.request_server = std::make_unique<bus::RequestServer>(
        ctx, config.bus.store_requests,
        [&n](const std::string& request) { return n.answer_text(request); });
  }
  n.deployment_writers = std::make_unique<NoticeListener>(
      ctx, config.bus.subscribe, bus::kDeploymentNotice,
      [&n](const std::string& notice) { n.register_changed_elsewhere(notice); });
  n.beacon_thread = std::jthread([&n](std::stop_token stop) { n.beacon(stop); });
  spdlog::info("store: events from {} into {}", config.bus.subscribe, n.db);
}

void StoreNode::stop() {
  Impl& n = *impl_;
  if (!n.publisher) return;  // never started, or stopped already
  // A process has 10 s to stop: say which part held it up, should one ever take long (the
  // last "stopping the ..." line before the deadline names a part that never finished).
  const auto timed = [](const char* part, auto&& stop_part) {
    spdlog::info("[store] stopping the {}", part);
    const auto start = std::chrono::steady_clock::now();
    stop_part();
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    if (took > std::chrono::seconds(1))
      spdlog::warn("[store] stopping the {} took {:.1f} s", part, took.count());
  };
  timed("deployments beacon", [&] {
    if (!n.beacon_thread.joinable()) return;
    n.beacon_thread.request_stop();
    n.beacon_thread.join();
  });
  timed("notice listeners", [&] { n.deployment_writers.reset(); });
  timed("console requests", [&] {
    n.request_server.reset();
    n.requests.reset();
  });
  timed("export worker", [&] { n.exports.reset(); });
  timed("clip worker", [&] { n.clips.reset(); });
  timed("retention worker", [&] { n.retention.reset(); });
  timed("writer", [&] { n.writer.reset(); });
  timed("publishers", [&] {
    n.notices.reset();
    n.publisher.reset();
  });
}

std::map<std::string, std::string> StoreNode::current_sites() const {
  return impl_->current_sites();
}

nlohmann::json StoreNode::answer(const nlohmann::json& request) { return impl_->answer(request); }

std::string StoreNode::requests_endpoint() const {
  return impl_->request_server ? impl_->request_server->endpoint() : "";
}

std::int64_t StoreNode::events_stored() const { return impl_->events ? impl_->events->count() : 0; }

}  // namespace cctv::node
