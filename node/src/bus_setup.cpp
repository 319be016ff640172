// SPDX-License-Identifier: Apache-2.0
#include "cctv/node/bus_setup.hpp"

#include <unistd.h>

#include <chrono>
#include <thread>

#include "cctv/bus/live_feed.hpp"

#include "cctv/node/data_layout.hpp"

namespace cctv::node {
namespace {

template <class Duration>
Duration from_seconds(double seconds) {
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
}

// tcp://host:port -> tcp://host:* (a free port on the same interface).
std::string any_port(const std::string& endpoint) {
  const auto colon = endpoint.rfind(':');
  if (colon == std::string::npos || colon < endpoint.find("://") + 3) return endpoint;
  return endpoint.substr(0, colon) + ":*";
}

}  // namespace

std::string node_name(const config::Bus& bus) {
  if (!bus.source.empty()) return bus.source;
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

std::unique_ptr<bus::Broker> start_broker(zmq::context_t& ctx, const config::Config& config) {
  if (!config.bus.broker) return nullptr;
  return std::make_unique<bus::Broker>(ctx, config.bus.publish, config.bus.subscribe);
}

bus::PublisherParams publisher_params(const config::Config& config, const std::string& role) {
  const config::Bus& b = config.bus;
  const bool whole = role.empty();
  return {.endpoint = b.publish,
          .replay = whole ? b.replay : any_port(b.replay),
          .outbox = {.path = outbox_path(config.storage.data_dir, role),
                     .source = whole ? node_name(b) : node_name(b) + "/" + role,
                     .sync = b.outbox_sync == "normal" ? sql::Sync::normal : sql::Sync::full,
                     .keep_acked = from_seconds<std::chrono::seconds>(b.outbox_keep_h * 3600),
                     .keep_acked_events = static_cast<std::uint64_t>(b.outbox_keep_events)},
          .heartbeat = from_seconds<std::chrono::milliseconds>(b.heartbeat_s)};
}

bus::ReliableSubscriberParams store_subscriber_params(const config::Config& config) {
  return {.endpoint = config.bus.subscribe,
          .new_sources = bus::NewSources::replay_all,
          .consumer = kStoreConsumer};
}

void announce_change(const std::string& endpoint, const std::string& what, const std::string& json) {
  zmq::context_t ctx;
  bus::LivePublisher publisher(ctx, endpoint);
  for (int i = 0; i < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));  // subscriptions arrive
    publisher.send_notice(what, json);
  }
}

}  // namespace cctv::node
