// SPDX-License-Identifier: Apache-2.0
// Issue 5, "measure and report" (durable delivery), and issue 15 item 5 (ingest >= 50% of a
// bare SQLite loop): events/s from a publishing node through the Broker and a ReliableSubscriber
// into the EventStore in batched transactions with acknowledgements, against a bare loop
// inserting the same rows into the same table in the same batch size, in the same run.
// Two publishing paths: Publisher::publish one event at a time from one thread (an outbox
// transaction each), and the camera node's path, EventDispatcher fed by kCameras threads (group
// commit: what queued up meanwhile goes in one transaction), with the outbox at
// synchronous=normal and at =full (the default: one fsync per transaction). Also the outbox's
// own append rate, one event per transaction. Each figure is the fastest of kRuns runs, the bare
// loop's of runs before and after the bus runs: single runs on this 2-core machine varied by a
// third (ratios 0.47-0.66 for the same code), and the fastest is the least disturbed.
//
//   cctv_bus_bench [events]     (default 20000)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <zmq.hpp>

#include "../../node/src/event_dispatcher.hpp"
#include "bus/bus_test_util.hpp"
#include "cctv/bus/publisher.hpp"
#include "cctv/bus/reliable_subscriber.hpp"
#include "cctv/storage/event_store.hpp"
#include "support/temp_dir.hpp"

namespace cctv {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kBatch = 500;  // as the store writer
constexpr int kCameras = 8;          // threads raising events on the camera node's path
constexpr double kStall = 30;        // seconds without an event stored: something lost them
constexpr int kRuns = 3;

template <class Run>
double fastest(Run run) {
  double best = run();
  for (int i = 1; i < kRuns; ++i) best = std::min(best, run());
  return best;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

enum class Path { publisher, camera_node };

// Every event made first, stamped as the outbox would, so the bare loop stores the same rows.
std::vector<Event> make_events(int n) {
  std::vector<Event> events(static_cast<std::size_t>(n));
  std::uint64_t seq = 0;
  for (Event& e : events) {
    e = bus::test_util::make_event(EventType::loitering, "cam1");
    e.id = new_uuid();
    e.source = "bench";
    e.seq = ++seq;
  }
  return events;
}

// One thread publishing each event in its own outbox transaction.
void publish_one_by_one(bus::Publisher& pub, std::vector<Event>& events) {
  for (Event& e : events) pub.publish(e);
}

// kCameras threads handing events to the dispatcher, as camera workers do, held back while its
// queue is half full (cameras raise events far slower than this; the bound would drop them).
void publish_as_cameras(bus::Publisher& pub, const test::TempDir& dir,
                        const std::vector<Event>& events) {
  node::EventDispatcher dispatcher(pub, dir.path());
  std::vector<std::jthread> cameras;
  for (int c = 0; c < kCameras; ++c) {
    cameras.emplace_back([&, c] {
      for (std::size_t i = static_cast<std::size_t>(c); i < events.size(); i += kCameras) {
        while (dispatcher.queued() > node::EventDispatcher::kMaxJobs / 2) {
          std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        dispatcher.publish(events[i]);
      }
    });
  }
}  // the cameras join, then the dispatcher publishes what is queued

// Publisher -> broker -> reliable subscriber -> batched upserts + acks. Returns the seconds.
double through_the_bus(std::vector<Event> events, Path path, sql::Sync sync) {
  const auto n = static_cast<std::int64_t>(events.size());
  test::TempDir dir;
  zmq::context_t ctx;
  bus::test_util::BrokerOnFreePorts ports(ctx);
  auto params = bus::test_util::publisher_params(dir, ports.frontend, "bench");
  params.outbox.sync = sync;
  bus::Publisher pub(ctx, params);
  storage::EventStore store((dir / "cctv.db").string());
  bus::ReliableSubscriber sub(ctx, {.endpoint = ports.backend, .consumer = "store"});
  const auto start = Clock::now();
  std::jthread publishing([&] {
    if (path == Path::publisher) {
      publish_one_by_one(pub, events);
    } else {
      publish_as_cameras(pub, dir, events);
    }
  });
  std::int64_t stored = 0;
  std::int64_t batches = 0;
  auto progress = Clock::now();
  while (stored < n) {
    auto batch = sub.poll(std::chrono::milliseconds(50), kBatch);
    if (batch.empty()) {
      if (seconds_since(progress) < kStall) continue;
      std::fprintf(stderr, "stalled: %lld of %lld stored\n", static_cast<long long>(stored),
                   static_cast<long long>(n));
      std::exit(1);
    }
    progress = Clock::now();
    ++batches;
    store.upsert(batch);
    sub.acknowledge(batch);
    stored += static_cast<std::int64_t>(batch.size());
  }
  const double seconds = seconds_since(start);
  publishing.join();
  std::fprintf(stderr, "store transactions: %lld (%.0f events each)\n",
               static_cast<long long>(batches),
               static_cast<double>(n) / static_cast<double>(batches));
  if (store.count() != n)
    std::fprintf(stderr, "store holds %lld, expected %lld\n", static_cast<long long>(store.count()),
                 static_cast<long long>(n));
  return seconds;
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
  using cctv::sql::Sync;
  const int n = argc > 1 ? std::atoi(argv[1]) : 20000;
  const auto events = cctv::make_events(n);
  using cctv::fastest;
  const auto bus = [&events](cctv::Path path, Sync sync) {
    return fastest([&] { return cctv::through_the_bus(events, path, sync); });
  };
  const auto bare = [&events] { return cctv::bare_inserts(events); };
  const double bare_first_s = fastest(bare);
  const double one_s = bus(cctv::Path::publisher, Sync::normal);
  const double node_s = bus(cctv::Path::camera_node, Sync::normal);
  const double full_node_s = bus(cctv::Path::camera_node, Sync::full);
  // The bare loop before and after the bus runs, the faster taken: a noisy machine must not
  // flatter the ratios.
  const double bare_s = std::min(bare_first_s, fastest(bare));
  const int fsynced = std::min(n, 500);
  const double normal_s = cctv::outbox_appends(n, Sync::normal);
  const double full_s = cctv::outbox_appends(fsynced, Sync::full);
  const auto line = [&](const char* what, double seconds) {
    std::printf("%-58s %8.0f events/s (%5.2f s)  ratio to bare %.2f\n", what, n / seconds, seconds,
                bare_s / seconds);
  };
  std::printf("events: %d, store batch %zu, camera threads %d, fastest of %d runs\n", n,
              cctv::kBatch, cctv::kCameras, cctv::kRuns);
  line("bare SQLite upsert loop, same rows and batches", bare_s);
  line("bus, Publisher one event per transaction, sync=normal", one_s);
  line("bus, camera node's dispatcher (group commit), sync=normal", node_s);
  line("bus, camera node's dispatcher (group commit), sync=full", full_node_s);
  std::printf("outbox append alone, one event per transaction, sync=normal: %8.0f events/s\n",
              n / normal_s);
  std::printf("outbox append alone, one event per transaction, sync=full:   %8.0f events/s (%d)\n",
              fsynced / full_s, fsynced);
  return 0;
}
