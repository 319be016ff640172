// SPDX-License-Identifier: Apache-2.0
// A session ends at its absolute lifetime however busy it is (here 3 s instead of a shift's
// 12 h), and its streams end with it.
#include <thread>

#include "console_fixture.hpp"
#include "support/wait.hpp"

namespace cctv::test {
namespace {

constexpr std::chrono::seconds kLifetime{3};

class Console_SessionLifetime : public ConsoleTest {
 protected:
  Console_SessionLifetime() { sessions.lifetime = kLifetime; }
};

TEST_F(Console_SessionLifetime, a_busy_session_ends_at_its_lifetime) {
  // The session begins between these two (a login takes a while: the password hash).
  const auto before_login = std::chrono::steady_clock::now();
  const Login op = login("operator1");
  const auto after_login = std::chrono::steady_clock::now();
  // In use every quarter second: never idle.
  while (std::chrono::steady_clock::now() <
         before_login + kLifetime - std::chrono::milliseconds(300)) {
    ASSERT_EQ(get("/api/session", op)->status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  std::this_thread::sleep_until(after_login + kLifetime + std::chrono::milliseconds(200));
  const auto r = get("/api/session", op);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(json(r).value("error", ""), "log in first");
}

TEST_F(Console_SessionLifetime, the_cookie_lasts_as_long_as_the_session) {
  const nlohmann::json body = {{"user", "operator1"}, {"password", kPassword}};
  const auto r = client().Post("/api/session", body.dump(), "application/json");
  ASSERT_TRUE(r && r->status == 200);
  EXPECT_NE(r->get_header_value("Set-Cookie").find("; Max-Age=3"), std::string::npos)
      << r->get_header_value("Set-Cookie");
}

TEST_F(Console_SessionLifetime, its_alarm_stream_ends_with_it) {
  const auto logged_in = std::chrono::steady_clock::now();
  const Login op = login("operator1");
  std::atomic<bool> ended{false};
  std::thread reader([&] {
    auto c = client();
    c.set_read_timeout(20);
    c.Get("/api/stream", {{"Cookie", op.cookie}}, [](const char*, std::size_t) { return true; });
    ended = true;
  });
  EXPECT_TRUE(wait_until(std::chrono::seconds(6), [&] { return ended.load(); }))
      << "the stream outlived its session";
  EXPECT_GE(std::chrono::steady_clock::now() - logged_in, kLifetime);
  server->stop();  // ends the stream if it is still open
  reader.join();
}

}  // namespace
}  // namespace cctv::test
