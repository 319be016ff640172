// SPDX-License-Identifier: Apache-2.0
// The store node (`cctv store`, or part of `cctv run`): the only owner of the database. It
// stores what the bus delivers (resuming every source after its last stored seq), indexes the
// recording segments and evidence files camera nodes announce, groups events into incidents,
// cuts incident clips, builds approved police exports, runs retention, and announces every
// committed change on the bus (incident, deployment notices) so consoles and camera nodes
// never poll it. Start order: database, publisher, notices, writer, retention, clips, exports,
// deployments beacon; stop in reverse.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <zmq.hpp>

#include "cctv/bus/publisher.hpp"
#include "cctv/config/config.hpp"

namespace cctv::node {

struct StoreNodeParams {
  config::Config config;  // storage.data_dir holds cctv.db
  zmq::context_t* ctx = nullptr;
  bus::PublisherParams publisher;  // the store's own alarms (disk high water)
  std::string system_name = "cctv";  // the installation, as export manifests name it
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
  // Where every camera is now (the deployments register), as last read; after start().
  std::map<std::string, std::string> current_sites() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::node
