// SPDX-License-Identifier: Apache-2.0
// The store node (`cctv store`, or part of `cctv run`): the only owner of the database. It
// stores what the bus delivers (resuming every source after its last stored seq), indexes the
// recording segments and evidence files camera nodes announce, groups events into incidents,
// cuts incident clips, builds approved police exports, runs retention, and announces every
// committed change on the bus (incident, deployment notices) so consoles and camera nodes
// never poll it. Consoles send their operators' steps (acknowledge, notes, logins, export
// decisions, deployments) to it as requests (storage/store_requests.hpp): it applies them, and
// announces them, so it is the only writer of the database. Start order: database, publisher,
// notices, writer, retention, clips, exports, requests, deployments beacon; stop in reverse.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>
#include <zmq.hpp>

#include "cctv/bus/publisher.hpp"
#include "cctv/config/config.hpp"

namespace cctv::node {

struct StoreNodeParams {
  config::Config config;  // storage.data_dir holds cctv.db
  zmq::context_t* ctx = nullptr;
  bus::PublisherParams publisher;  // the store's own alarms (disk high water)
  std::string system_name = "cctv";  // the installation, as export manifests name it
  // Answer consoles of other processes on config.bus.store_requests (`cctv store`). `cctv run`'s
  // console is in the same process and calls answer() directly.
  bool serve_requests = false;
};

class StoreNode {
 public:
  explicit StoreNode(StoreNodeParams params);
  ~StoreNode();  // stop()
  StoreNode(const StoreNode&) = delete;
  StoreNode& operator=(const StoreNode&) = delete;

  // Opens (and migrates) the database; throws storage::SchemaError for a newer store.
  void start();
  void stop();  // stores what is in flight (bounded wait); idempotent
  std::int64_t events_stored() const;
  // Carries out a console's request (storage::StoreRequests) and announces what it changed on
  // the bus. Thread-safe; after start().
  nlohmann::json answer(const nlohmann::json& request);
  // Where the request socket is bound (its port resolved); empty unless serve_requests.
  std::string requests_endpoint() const;
  // Where every camera is now (the deployments register), as last read; after start().
  std::map<std::string, std::string> current_sites() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::node
