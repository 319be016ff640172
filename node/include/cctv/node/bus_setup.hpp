// SPDX-License-Identifier: Apache-2.0
// The bus parts of a node, built from its config: broker, durable publishers, the store's
// reliable subscriber. Several nodes may run on one machine with one data directory, so each
// publishing role has its own source name, outbox file and replay port.
#pragma once

#include <memory>
#include <string>

#include <zmq.hpp>

#include "cctv/bus/broker.hpp"
#include "cctv/bus/publisher.hpp"
#include "cctv/bus/reliable_subscriber.hpp"
#include "cctv/config/config.hpp"

namespace cctv::node {

// The name acknowledgements from the event store carry (the outbox keeps what it lacks).
inline constexpr const char* kStoreConsumer = "store";

// bus.source, or the host name when that is empty.
std::string node_name(const config::Bus& bus);

// A broker on bus.publish/bus.subscribe when bus.broker is true, else null.
std::unique_ptr<bus::Broker> start_broker(zmq::context_t& ctx, const config::Config& config);

// A publisher with its outbox in the data dir. `role` empty: the whole system in one process
// (`cctv run`'s cameras): source node_name(), outbox.db, replay on bus.replay, as the first
// release had it. Otherwise (e.g. "store", "cameras:a,b"): source "<node_name>/<role>",
// outbox-<role>.db, and the replay socket on bus.replay's host with a free port (announced in
// heartbeats).
bus::PublisherParams publisher_params(const config::Config& config, const std::string& role = "");

// For a short-lived command that changed the store (`cctv deploy`): tells the running system on
// the bus at `endpoint` (bus.publish). Best effort, sent a few times over about a second while
// the connection settles; a running store re-reads on the first that arrives.
void announce_change(const std::string& endpoint, const std::string& what, const std::string& json);

// The store's subscriber: every source from the start of its outbox, acknowledging as "store".
// The StoreWriter fills in where each source resumes.
bus::ReliableSubscriberParams store_subscriber_params(const config::Config& config);

}  // namespace cctv::node
