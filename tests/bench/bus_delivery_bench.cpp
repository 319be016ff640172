// SPDX-License-Identifier: Apache-2.0
// Issue 5, "measure and report" (durable delivery): events/s from Publisher (outbox append +
// PUB) through the Broker and a ReliableSubscriber into the EventStore in batched
// transactions with acknowledgements, against a bare loop inserting the same rows into the
// same table in the same batch size, in the same run. Also the outbox's append rate with
// synchronous=normal and =full, which bounds how fast one node can publish.
//
//   cctv_bus_bench [events]     (default 20000)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <zmq.hpp>

#include "bus/bus_test_util.hpp"
#include "cctv/bus/publisher.hpp"
#include "cctv/bus/reliable_subscriber.hpp"
#include "cctv/storage/event_store.hpp"
#include "support/temp_dir.hpp"

namespace cctv {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kBatch = 500;  // as the store writer

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Publisher -> broker -> reliable subscriber -> batched upserts + acks. Returns the events.
std::vector<Event> through_the_bus(int n, double& seconds) {
  test::TempDir dir;
  zmq::context_t ctx;
  bus::test_util::BrokerOnFreePorts ports(ctx);
  bus::Publisher pub(ctx, bus::test_util::publisher_params(dir, ports.frontend, "bench"));
  storage::EventStore store((dir / "cctv.db").string());
  bus::ReliableSubscriber sub(ctx, {.endpoint = ports.backend, .consumer = "store"});
  std::vector<Event> sent(static_cast<std::size_t>(n));
  const auto start = Clock::now();
  std::jthread publishing([&] {
    for (Event& e : sent) {
      e = bus::test_util::make_event(EventType::loitering, "cam1");
      pub.publish(e);
    }
  });
  std::int64_t stored = 0;
  while (stored < n) {
    auto batch = sub.poll(std::chrono::milliseconds(50), kBatch);
    if (batch.empty()) continue;
    store.upsert(batch);
    sub.acknowledge(batch);
    stored += static_cast<std::int64_t>(batch.size());
  }
  seconds = seconds_since(start);
  publishing.join();
  if (store.count() != n)
    std::fprintf(stderr, "store holds %lld, expected %d\n", static_cast<long long>(store.count()),
                 n);
  return sent;
}

double bare_inserts(const std::vector<Event>& events) {
  test::TempDir dir;
  storage::EventStore store((dir / "cctv.db").string());
  const auto start = Clock::now();
  for (std::size_t i = 0; i < events.size(); i += kBatch) {
    const auto end = events.begin() + static_cast<long>(std::min(events.size(), i + kBatch));
    store.upsert(std::vector<Event>(events.begin() + static_cast<long>(i), end));
  }
  return seconds_since(start);
}

double outbox_appends(int n, sql::Sync sync) {
  test::TempDir dir;
  bus::Outbox outbox({.path = (dir / "outbox.db").string(), .source = "bench", .sync = sync});
  const auto start = Clock::now();
  for (int i = 0; i < n; ++i) {
    Event e = bus::test_util::make_event(EventType::loitering, "cam1");
    outbox.append(e);
  }
  return seconds_since(start);
}

}  // namespace
}  // namespace cctv

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 20000;
  double bus_s = 0;
  const auto events = cctv::through_the_bus(n, bus_s);
  const double bare_s = cctv::bare_inserts(events);
  const int fsynced = std::min(n, 500);
  const double normal_s = cctv::outbox_appends(n, cctv::sql::Sync::normal);
  const double full_s = cctv::outbox_appends(fsynced, cctv::sql::Sync::full);
  std::printf("events: %d, batch %zu\n", n, cctv::kBatch);
  std::printf("publisher -> broker -> reliable subscriber -> store: %8.0f events/s (%.2f s)\n",
              n / bus_s, bus_s);
  std::printf("bare SQLite upsert loop, same rows and batches:     %8.0f events/s (%.2f s)\n",
              n / bare_s, bare_s);
  std::printf("ratio bus/bare: %.2f\n", bare_s / bus_s);
  std::printf("outbox append, synchronous=normal: %8.0f events/s\n", n / normal_s);
  std::printf("outbox append, synchronous=full:   %8.0f events/s (%d events)\n", fsynced / full_s,
              fsynced);
  return 0;
}
