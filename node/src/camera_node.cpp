// SPDX-License-Identifier: Apache-2.0
#include "cctv/node/camera_node.hpp"

#include <condition_variable>
#include <list>
#include <optional>
#include <stdexcept>
#include <thread>

#include <spdlog/spdlog.h>

#include "camera_worker.hpp"
#include "cctv/bus/live_feed.hpp"
#include "cctv/node/data_layout.hpp"
#include "event_dispatcher.hpp"
#include "notice_listener.hpp"
#include "segment_recovery.hpp"

namespace cctv::node {
namespace {

constexpr std::chrono::seconds kStatusEvery{2};

std::vector<config::Camera> chosen_cameras(const CameraNodeParams& p) {
  if (p.cameras.empty()) return p.config.cameras;
  std::vector<config::Camera> chosen;
  for (const std::string& id : p.cameras) {
    const config::Camera* camera = p.config.find_camera(id);
    if (!camera) throw std::invalid_argument("no camera '" + id + "' in the configuration");
    chosen.push_back(*camera);
  }
  return chosen;
}

}  // namespace

struct CameraNode::Impl {
  explicit Impl(CameraNodeParams p) : params(std::move(p)), chosen(chosen_cameras(params)) {}

  // Each camera's figures to the consoles every 2 s, until stopped.
  void report_status(std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      for (CameraWorker& camera : workers) camera.publish_status();
      std::unique_lock lock(mutex);
      wake.wait_for(lock, stop, kStatusEvery, [] { return false; });
    }
  }

  // The store's deployment notices carry where every camera is; move those that changed.
  void follow(const std::string& notice) {
    const auto sites = bus::sites_in_notice(notice);
    if (!sites) return;  // a writer's "changed": the store follows it up
    for (CameraWorker& worker : workers) {
      const auto it = sites->find(worker.id());
      if (it == sites->end() || it->second == worker.site()) continue;
      worker.move_to(it->second, params.config.zones_at(worker.id(), it->second));
    }
  }

  CameraNodeParams params;
  std::vector<config::Camera> chosen;
  std::unique_ptr<bus::Publisher> publisher;
  std::unique_ptr<EventDispatcher> dispatcher;
  std::unique_ptr<bus::LivePublisher> live;
  std::unique_ptr<analytics::DetectorPool> detectors;  // outlives the workers that use it
  std::list<CameraWorker> workers;
  std::jthread status;
  std::unique_ptr<NoticeListener> deployments;
};

CameraNode::CameraNode(CameraNodeParams params)
    : impl_(std::make_unique<Impl>(std::move(params))) {}

CameraNode::~CameraNode() { stop(); }

void CameraNode::start() {
  Impl& n = *impl_;
  zmq::context_t& ctx = *n.params.ctx;
  const config::Config& config = n.params.config;
  n.publisher = std::make_unique<bus::Publisher>(ctx, n.params.publisher);
  n.dispatcher = std::make_unique<EventDispatcher>(*n.publisher, config.storage.data_dir);
  n.live = std::make_unique<bus::LivePublisher>(ctx, config.bus.publish);
  n.detectors = std::make_unique<analytics::DetectorPool>();
  const CameraWorkerDeps deps{*n.dispatcher, recordings_dir(config.storage.data_dir), n.live.get(),
                              n.detectors.get()};
  // Before recording again: what a crash left on this node's disk goes to the index first.
  for (const config::Camera& camera : n.chosen)
    recover_unannounced_segments(deps.recordings_dir, camera.id, *n.dispatcher);
  for (config::Camera camera : n.chosen) {
    const auto where = n.params.sites.find(camera.id);
    if (where != n.params.sites.end()) camera.site = where->second;
    n.workers.emplace_back(config, camera, deps);
  }
  n.status = std::jthread([&n](std::stop_token stop) { n.report_status(stop); });
  n.deployments =
      std::make_unique<NoticeListener>(ctx, config.bus.subscribe, bus::kDeploymentNotice,
                                       [&n](const std::string& notice) { n.follow(notice); });
  spdlog::info("camera node: {} cameras, {} detector workers, publishing as {}", n.workers.size(),
               n.detectors->workers(), n.params.publisher.outbox.source);
}

void CameraNode::stop() {
  Impl& n = *impl_;
  n.deployments.reset();
  if (n.status.joinable()) {
    n.status.request_stop();
    n.status.join();
  }
  // Together, by one deadline: a camera that will not stop is abandoned, not waited for.
  for (CameraWorker& worker : n.workers) worker.request_stop();
  const auto deadline = std::chrono::steady_clock::now() + capture::SourceSupervisor::kStopWait;
  for (CameraWorker& worker : n.workers) worker.stop(deadline);
  n.workers.clear();  // their segments closed, which the dispatcher still announces
  n.detectors.reset();
  n.live.reset();
  n.dispatcher.reset();
  n.publisher.reset();
}

std::vector<std::string> CameraNode::cameras() const {
  std::vector<std::string> ids;
  for (const config::Camera& c : impl_->chosen) ids.push_back(c.id);
  return ids;
}

std::string CameraNode::site_of(const std::string& camera) const {
  for (const CameraWorker& worker : impl_->workers) {
    if (worker.id() == camera) return worker.site();
  }
  return "";
}

}  // namespace cctv::node
