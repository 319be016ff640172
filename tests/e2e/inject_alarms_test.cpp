// SPDX-License-Identifier: Apache-2.0
// `cctv inject-alarms` against a real store node over a real broker: the drills arrive as
// incidents marked test, end when their duration is up and close themselves, so nothing is
// left 'ALARM ACTIVE' and nothing is counted as an incident of anything; the command returns
// only once the store holds them, and says so when no store ever acknowledges them.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "cctv/bus/broker.hpp"
#include "cctv/config/loader.hpp"
#include "cctv/node/bus_setup.hpp"
#include "cctv/node/data_layout.hpp"
#include "cctv/node/store_node.hpp"
#include "cctv/storage/hotspots.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

namespace cctv {
namespace {

std::string inject_config(const std::string& front, const std::string& back) {
  return R"(sites: [{id: talbot-walk, name: Talbot Walk, cluster: Harlesden, lat: 51.5443, lon: -0.2497}]
cameras:
  - {id: tw1, name: Talbot Walk East, site: talbot-walk, url: "test://street"}
bus: {source: store-node, publish: ")" +
         front + R"(", subscribe: ")" + back + R"(", broker: false, replay: "tcp://127.0.0.1:*"}
)";
}

TEST(E2E_InjectAlarms, drills_are_marked_test_end_close_themselves_and_count_nowhere) {
  test::TempDir dir;
  const std::string front = "tcp://127.0.0.1:" + std::to_string(test::free_tcp_port());
  const std::string back = "tcp://127.0.0.1:" + std::to_string(test::free_tcp_port());
  zmq::context_t ctx;
  bus::Broker broker(ctx, front, back);
  const auto file = dir.write("inject.yaml", inject_config(front, back));
  auto loaded = config::load_config_file(file.string());
  ASSERT_TRUE(loaded.config) << "the test's config is invalid";
  config::Config config = *loaded.config;
  config.storage.data_dir = (dir / "store").string();
  node::StoreNode store({config, &ctx, node::publisher_params(config, "store")});
  store.start();
  const std::string db = node::database_path(config.storage.data_dir);

  const auto injected =
      test::run_command({CCTV_BINARY, "inject-alarms", "--config", file.string(), "--count", "3",
                         "--interval-ms", "100", "--duration-s", "1"});
  ASSERT_EQ(injected.exit_code, 0) << injected.err;

  // As the console and `cctv incidents --json` show them.
  const auto incidents = [&] {
    const auto listed =
        test::run_command({CCTV_BINARY, "incidents", "--data", config.storage.data_dir, "--json"});
    return listed.exit_code == 0 ? nlohmann::json::parse(listed.out) : nlohmann::json::array();
  };
  const auto all_ended = [&] {
    const auto all = incidents();
    return all.size() == 3 && std::none_of(all.begin(), all.end(),
                                           [](const auto& i) { return i["alarm_active"] == true; });
  };
  ASSERT_TRUE(test::wait_until(std::chrono::seconds(20), all_ended)) << incidents().dump(1);
  for (const auto& i : incidents()) {
    EXPECT_EQ(i.value("test", false), true) << i.dump();
    EXPECT_EQ(i["state"], "closed") << "a drill closes itself when it ends: " << i.dump();
    ASSERT_TRUE(i["ended_at"].is_string()) << i.dump();
    const double lasted = seconds_between(*parse_utc(i["started_at"].get<std::string>()),
                                          *parse_utc(i["ended_at"].get<std::string>()));
    EXPECT_NEAR(lasted, 1.0, 0.01) << "ends --duration-s after it starts";
  }
  EXPECT_TRUE(
      storage::load_incident_points(db, Timestamp{}, now_utc() + std::chrono::hours(1)).empty())
      << "a drill is not an incident of anything";
}

TEST(E2E_InjectAlarms, without_a_store_it_says_the_drills_were_not_acknowledged) {
  test::TempDir dir;
  const std::string front = "tcp://127.0.0.1:" + std::to_string(test::free_tcp_port());
  const std::string back = "tcp://127.0.0.1:" + std::to_string(test::free_tcp_port());
  const auto file = dir.write("inject.yaml", inject_config(front, back));
  const auto injected =
      test::run_command({CCTV_BINARY, "inject-alarms", "--config", file.string(), "--count", "1",
                         "--duration-s", "0", "--store-wait-s", "1"});
  EXPECT_EQ(injected.exit_code, 1);
  EXPECT_NE(injected.err.find("no store acknowledged the test alarms within 1 s"),
            std::string::npos)
      << injected.err;
}

}  // namespace
}  // namespace cctv
