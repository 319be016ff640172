// SPDX-License-Identifier: Apache-2.0
// A camera node (`cctv camera-node`, or part of `cctv run`): capture, recording and analytics
// for a subset of the configured cameras. It holds no database: alarms (with their snapshots
// written to its data directory), camera health and closed recording segments go on the bus
// through its durable outbox, and it follows mobile cameras' deployments from the store's
// notices. Start order: publisher, dispatcher, cameras, status, deployments; stop in reverse.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "cctv/bus/publisher.hpp"
#include "cctv/config/config.hpp"

namespace cctv::node {

struct CameraNodeParams {
  config::Config config;  // storage.data_dir: recordings, snapshots and the outbox go there
  std::vector<std::string> cameras;  // ids to run; empty: every configured camera
  // Where each camera is now (the deployments register); a camera not listed is at its config site.
  std::map<std::string, std::string> sites;
  zmq::context_t* ctx = nullptr;
  bus::PublisherParams publisher;  // outbox, source name, replay endpoint
};

class CameraNode {
 public:
  // Throws std::invalid_argument naming a camera id the config does not have.
  explicit CameraNode(CameraNodeParams params);
  ~CameraNode();  // stop()
  CameraNode(const CameraNode&) = delete;
  CameraNode& operator=(const CameraNode&) = delete;

  void start();  // throws when the outbox or the replay socket cannot be opened
  void stop();   // closes every open segment and publishes what is queued; idempotent

  std::vector<std::string> cameras() const;
  std::string site_of(const std::string& camera) const;  // empty for a camera not run here

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::node
