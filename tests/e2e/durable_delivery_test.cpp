// SPDX-License-Identifier: Apache-2.0
// Nothing lost, nothing twice: this test process publishes 10,000 events through a durable
// Publisher and a Broker while a separate `cctv store` process is killed with SIGKILL twice
// and restarted. The SQLite file must end with exactly the 10,000 events published, each once.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <zmq.hpp>

#include "bus/bus_test_util.hpp"
#include "cctv/bus/publisher.hpp"
#include "cctv/common/sql.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace cctv {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kEvents = 10000;
constexpr auto kPacePerEvent = 500us;  // ~5 s of publishing, so both kills land mid-stream
constexpr auto kDeadline = 60s;        // only reached when something is broken

std::string store_config(const std::string& backend) {
  return "bus: {source: store-node, subscribe: \"" + backend +
         "\", broker: false, replay: \"tcp://127.0.0.1:*\", store_requests: \"tcp://127.0.0.1:*\"}\n";
}

// Rows in the events table, read beside the live writer; 0 before the file exists.
std::int64_t stored(const std::filesystem::path& db) {
  if (!std::filesystem::exists(db)) return 0;
  try {
    sql::Database reader(db.string());
    sql::Statement s(reader, "SELECT COUNT(*) FROM events");
    return s.step() ? s.integer(0) : 0;
  } catch (const std::exception&) {
    return 0;  // the table is not created yet
  }
}

std::int64_t single(const sql::Database& db, const std::string& query) {
  sql::Statement s(db, query);
  return s.step() ? s.integer(0) : -1;
}

class StoreProcess {
 public:
  StoreProcess(const test::TempDir& dir, std::filesystem::path config)
      : dir_(dir), config_(std::move(config)) {}

  void start() {
    const auto log = dir_ / ("store-" + std::to_string(++starts_) + ".log");
    process_ = std::make_unique<test::Process>(
        std::vector<std::string>{CCTV_BINARY, "store", "--config", config_.string(), "--data",
                                 (dir_ / "data").string()},
        log);
  }
  test::Process& process() { return *process_; }

 private:
  const test::TempDir& dir_;
  std::filesystem::path config_;
  std::unique_ptr<test::Process> process_;
  int starts_ = 0;
};

// Waits until the store holds at least `n` events; false at the deadline.
bool wait_for_stored(const std::filesystem::path& db, std::int64_t n) {
  const auto deadline = Clock::now() + kDeadline;
  while (stored(db) < n) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

TEST(E2E_DurableDelivery, store_killed_twice_while_publishing_ends_with_every_event_once) {
  test::TempDir dir;
  zmq::context_t ctx;
  bus::test_util::BrokerOnFreePorts ports(ctx);
  bus::PublisherParams params = bus::test_util::publisher_params(dir, ports.frontend, "cam-node");
  bus::Publisher publisher(ctx, params);
  const auto db = dir / "data" / "cctv.db";
  StoreProcess store(dir, dir.write("store.yaml", store_config(ports.backend)));
  store.start();

  std::vector<std::string> ids(kEvents);
  std::atomic<int> published{0};
  // Publishing waits at event 4000 until both kills are done, so that they land mid-stream
  // however fast this build runs (a sanitizer build is several times slower).
  std::atomic<bool> kills_done{false};
  struct ReleaseOnExit {
    std::atomic<bool>& flag;
    ~ReleaseOnExit() { flag = true; }
  };
  std::jthread publishing([&] {
    const auto start = Clock::now();
    for (int i = 0; i < kEvents; ++i) {
      while (i == 4000 && !kills_done) std::this_thread::sleep_for(10ms);
      Event e = bus::test_util::make_event(EventType::loitering, "cam" + std::to_string(i % 7));
      publisher.publish(e);
      ids[i] = e.id;
      published = i + 1;
      std::this_thread::sleep_until(start + (i + 1) * kPacePerEvent);
    }
  });

  {
    ReleaseOnExit release{kills_done};
    for (const std::int64_t at : {1500, 3000}) {
      ASSERT_TRUE(wait_for_stored(db, at)) << test::read_file(dir / "store-1.log");
      store.process().signal(SIGKILL);
      EXPECT_EQ(store.process().wait(10s), 128 + SIGKILL);
      EXPECT_LT(published.load(), kEvents) << "the kill at " << at << " came after publishing";
      store.start();
    }
  }
  publishing.join();
  ASSERT_TRUE(wait_for_stored(db, kEvents)) << "stored " << stored(db) << " of " << kEvents;
  store.process().signal(SIGTERM);
  const int code = store.process().wait(10s);
  EXPECT_EQ(code, 0) << "the store's last run:\n" << test::read_file(dir / "store-3.log.err")
                     << test::read_file(dir / "store-3.log");

  const sql::Database check(db.string(), {.read_only = true});
  EXPECT_EQ(single(check, "SELECT COUNT(*) FROM events"), kEvents);
  EXPECT_EQ(single(check, "SELECT COUNT(DISTINCT id) FROM events"), kEvents);
  EXPECT_EQ(single(check, "SELECT COUNT(DISTINCT seq) FROM events WHERE source = 'cam-node'"),
            kEvents);
  EXPECT_EQ(single(check, "SELECT MIN(seq) FROM events"), 1);
  EXPECT_EQ(single(check, "SELECT MAX(seq) FROM events"), kEvents);
  std::set<std::string> stored_ids;
  sql::Statement all(check, "SELECT id FROM events");
  while (all.step()) stored_ids.insert(all.text(0));
  EXPECT_EQ(stored_ids, std::set<std::string>(ids.begin(), ids.end()))
      << "exactly the published events";
}

}  // namespace
}  // namespace cctv
