// SPDX-License-Identifier: Apache-2.0
#include "bus_setup.hpp"

#include <unistd.h>

#include <chrono>

#include "data_dir.hpp"

namespace cctv::app {
namespace {

template <class Duration>
Duration from_seconds(double seconds) {
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
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

bus::PublisherParams publisher_params(const config::Config& config) {
  const config::Bus& b = config.bus;
  return {.endpoint = b.publish,
          .replay = b.replay,
          .outbox = {.path = outbox_path(config.storage.data_dir),
                     .source = node_name(b),
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

}  // namespace cctv::app
