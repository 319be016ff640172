// SPDX-License-Identifier: Apache-2.0
// `cctv run` with its store on PostgreSQL (storage.database): the demo's alarms are stored
// there, the console and the commands read them from there, nothing lands in an SQLite file;
// a store that cannot be reached is one clear line and exit 2, with nothing written.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "cctv/storage/event_store.hpp"
#include "cctv/storage/users.hpp"
#include "support/postgres_server.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

namespace cctv {
namespace {

std::string config_yaml(const std::string& database, int console_port) {
  const auto port = [] { return "tcp://127.0.0.1:" + std::to_string(test::free_tcp_port()); };
  return R"(sites:
  - {id: talbot-walk, name: Talbot Walk, cluster: Harlesden, lat: 51.5443, lon: -0.2497}
cameras:
  - {id: tw1, name: Talbot Walk East, site: talbot-walk, url: "test://street",
     analytics: {fps: 6, width: 640, height: 360}}
zones:
  - {id: tw1-walkway, camera: tw1, polygon: [[0.02, 0.55], [0.98, 0.55], [0.98, 0.98], [0.02, 0.98]],
     rules: {loitering: {dwell_s: 3, grace_s: 2},
             crowding: {min_people: 5, min_duration_s: 2, hysteresis: 1, cooldown_s: 60}}}
storage: {segment_s: 2, database: ")" +
         database + R"("}
bus: {publish: ")" +
         port() + R"(", subscribe: ")" + port() +
         R"(", replay: "tcp://127.0.0.1:*"}
console: {bind: "127.0.0.1:)" +
         std::to_string(console_port) + R"("}
)";
}

class E2E_PostgresStore : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::PostgresServer::shared())
      GTEST_SKIP() << "no PostgreSQL for this test: " << test::PostgresServer::why();
  }
  test::TempDir dir;
};

bool has_start(const std::string& url, EventType type) {
  for (const Event& e : storage::EventStore(url, storage::Access::read).query({.type = type}))
    if (e.phase == EventPhase::start) return true;
  return false;
}

TEST_F(E2E_PostgresStore, cctv_run_stores_the_demo_alarms_there_and_every_reader_finds_them) {
  const std::string url = test::PostgresServer::shared()->new_database();
  storage::UserStore(url).add("duty", storage::Role::operator_, "a long password");
  const int console_port = test::free_tcp_port();
  const auto config = dir.write("pg.yaml", config_yaml(url, console_port));
  const std::string data = (dir / "data").string();
  test::Process run({CCTV_BINARY, "run", "--config", config.string(), "--data", data},
                    dir / "run.log");

  ASSERT_TRUE(test::wait_until(std::chrono::seconds(90), [&] {
    return has_start(url, EventType::loitering) && has_start(url, EventType::crowding);
  })) << test::read_file(dir / "run.log.err");
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(data) / "cctv.db"))
      << "the store is the PostgreSQL database, not a file in the data directory";

  // The console reads its alarms from PostgreSQL and writes its operator's login there.
  httplib::Client console("127.0.0.1", console_port);
  const auto login = console.Post(
      "/api/session", R"({"user": "duty", "password": "a long password"})", "application/json");
  ASSERT_TRUE(login && login->status == 200) << (login ? login->body : "no answer");
  const std::string cookie = login->get_header_value("Set-Cookie");
  const auto alarms = console.Get("/api/alarms", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
  ASSERT_TRUE(alarms && alarms->status == 200);
  EXPECT_FALSE(nlohmann::json::parse(alarms->body)["alarms"].empty());

  const auto events = test::run_command({CCTV_BINARY, "events", "--database", url, "--json"});
  EXPECT_EQ(events.exit_code, 0) << events.err;
  EXPECT_NE(events.out.find("\"crowding\""), std::string::npos);
  const auto incidents = test::run_command({CCTV_BINARY, "incidents", "--database", url});
  EXPECT_EQ(incidents.exit_code, 0) << incidents.err;
  EXPECT_NE(incidents.out.find("loitering"), std::string::npos) << incidents.out;
  const auto audit = test::run_command({CCTV_BINARY, "audit", "verify", "--database", url});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
  const auto pack = test::run_command(
      {CCTV_BINARY, "report", "ljag", "--database", url, "--cluster", "Harlesden", "--month",
       format_london(now_utc()).substr(0, 7), "--out", (dir / "pack").string(), "--no-pdf"});
  EXPECT_EQ(pack.exit_code, 0) << pack.out << pack.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "pack")) << pack.out;

  run.signal(SIGTERM);
  EXPECT_EQ(run.wait(std::chrono::seconds(10)), 0) << test::read_file(dir / "run.log.err");
}

TEST_F(E2E_PostgresStore, a_store_that_cannot_be_opened_is_one_line_and_exit_2_writing_nothing) {
  const std::string url = test::PostgresServer::shared()->new_database() + "_missing";
  const auto config = dir.write("pg.yaml", config_yaml(url, test::free_tcp_port()));
  const std::string data = (dir / "data").string();
  const auto run =
      test::run_command({CCTV_BINARY, "run", "--config", config.string(), "--data", data});
  const std::string said = run.out + run.err;
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(said.find(url), std::string::npos) << said;
  EXPECT_NE(said.find("does not exist"), std::string::npos) << said;
  EXPECT_NE(said.find("createdb"), std::string::npos) << "says what to do: " << said;
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(data) / "cctv.db"));

  // A wrong password: what to do is named, the password is not.
  const std::string guarded = test::PostgresServer::shared()->password_role("right one");
  setenv("PGPASSWORD", "wrong one", 1);
  const auto refused_login = test::run_command({CCTV_BINARY, "events", "--database", guarded});
  unsetenv("PGPASSWORD");
  const std::string told = refused_login.out + refused_login.err;
  EXPECT_EQ(refused_login.exit_code, 2) << told;
  EXPECT_NE(told.find("password authentication failed"), std::string::npos) << told;
  EXPECT_NE(told.find("PGPASSWORD or ~/.pgpass"), std::string::npos) << told;
  EXPECT_EQ(told.find("wrong one"), std::string::npos) << told;

  const auto with_password =
      dir.write("secret.yaml", config_yaml("postgresql://cctv:hunter2@127.0.0.1/cctv", 8080));
  const auto refused = test::run_command({CCTV_BINARY, "config", "check", with_password.string()});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE((refused.out + refused.err).find("PGPASSWORD"), std::string::npos)
      << refused.out << refused.err;
}

TEST_F(E2E_PostgresStore, db_migrate_copies_an_embedded_store_with_progress_and_can_run_again) {
  const std::string sqlite = (dir / "cctv.db").string();
  storage::UserStore(sqlite).add("duty", storage::Role::operator_, "a long password");
  Event e;
  e.id = "evt-1";
  e.source = "node-a";
  e.seq = 1;
  e.type = EventType::camera_offline;
  e.phase = EventPhase::start;
  e.camera = "tw1";
  e.ts = now_utc();
  e.started_at = e.ts;
  storage::EventStore(sqlite).upsert({e});
  const std::string url = test::PostgresServer::shared()->new_database();

  const auto first =
      test::run_command({CCTV_BINARY, "db", "migrate", "--from", "sqlite:" + sqlite, "--to", url});
  EXPECT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("events: 1 of 1 rows"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("the audit chain verifies"), std::string::npos) << first.out;
  EXPECT_EQ(storage::EventStore(url, storage::Access::read).count(), 1);
  EXPECT_TRUE(storage::UserStore(url, storage::Access::read).find("duty"));

  const auto again =
      test::run_command({CCTV_BINARY, "db", "migrate", "--from", "sqlite:" + sqlite, "--to", url});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("events: 1 rows, 0 new"), std::string::npos) << again.out;

  const auto wrong = test::run_command(
      {CCTV_BINARY, "db", "migrate", "--from", "sqlite:" + sqlite, "--to", sqlite});
  EXPECT_EQ(wrong.exit_code, 2);
}

}  // namespace
}  // namespace cctv
