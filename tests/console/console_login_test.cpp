// SPDX-License-Identifier: Apache-2.0
// Logging in under attack, through the real console server from several loopback addresses:
// failed logins are throttled per address and per account, so an attacker elsewhere cannot lock
// out the control room; delays grow; `unlock` lets a held-back operator in; unknown and real
// names get the same answers, throttled or not; a revoked or disabled user's session stops
// working at once.
#include <chrono>
#include <thread>

#include "cctv/storage/login_throttle.hpp"
#include "cctv/storage/user_admin.hpp"
#include "console_fixture.hpp"

namespace cctv::test {
namespace {

using namespace std::chrono_literals;

class Console_Login : public ConsoleTest {
 protected:
  // A login over HTTP from `address` (any of 127.0.0.0/8 reaches the console).
  httplib::Result attempt(const std::string& address, const std::string& user,
                          const std::string& password) {
    httplib::Client c("127.0.0.1", server->port());
    c.set_interface(address);
    c.set_read_timeout(10);
    const nlohmann::json body = {{"user", user}, {"password", password}};
    return c.Post("/api/session", body.dump(), "application/json");
  }
  int status(const httplib::Result& r) { return r ? r->status : -1; }

  // What a distributed attack leaves behind: the account's delay at half a minute.
  void attacked(const std::string& user) {
    storage::LoginThrottle throttle(db_path());
    for (int i = 0; i < 10; ++i) throttle.record_failure("203.0.113.9", user, now_utc());
  }
};

TEST_F(Console_Login, an_attacker_address_cannot_lock_out_the_control_room) {
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(status(attempt("127.0.0.66", "operator1", "guess123456")), 401);
  attacked("operator1");
  const auto attacker = attempt("127.0.0.66", "operator1", kPassword);
  EXPECT_EQ(status(attacker), 429) << "the attacker waits, even with the right password";
  EXPECT_EQ(status(attempt("127.0.0.1", "operator1", kPassword)), 200)
      << "the control room PC, which has not failed, logs in at once";
}

TEST_F(Console_Login, throttled_answers_grow_and_say_when_to_try_again) {
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(status(attempt("127.0.0.3", "operator1", "guess123456")), 401);
  const auto first = attempt("127.0.0.3", "operator1", "guess123456");
  ASSERT_EQ(status(first), 429);
  EXPECT_EQ(first->get_header_value("Retry-After"), "1");
  EXPECT_EQ(json(first), (nlohmann::json{{"error", "too many failed logins; try again in 1 s"},
                                         {"retry_after", 1}}));
  std::this_thread::sleep_for(1100ms);
  EXPECT_EQ(status(attempt("127.0.0.3", "operator1", "guess123456")), 401) << "its turn came";
  const auto second = attempt("127.0.0.3", "operator1", "guess123456");
  ASSERT_EQ(status(second), 429);
  EXPECT_EQ(second->get_header_value("Retry-After"), "2") << "the delay doubled";
}

TEST_F(Console_Login, unlock_lets_an_operator_who_mistyped_during_an_attack_in) {
  attacked("operator1");
  EXPECT_EQ(status(attempt("127.0.0.7", "operator1", "a typo in it")), 401);
  const auto held = attempt("127.0.0.7", "operator1", kPassword);
  ASSERT_EQ(status(held), 429) << "an address that failed waits out the account's delay";
  EXPECT_GE(std::stoi(held->get_header_value("Retry-After")), 30);

  EXPECT_TRUE(storage::UserAdmin(db_path(), "cli").unlock("operator1"));
  EXPECT_EQ(status(attempt("127.0.0.7", "operator1", kPassword)), 200);
}

TEST_F(Console_Login, unknown_and_real_names_get_identical_answers_even_when_throttled) {
  for (int i = 0; i < 8; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto real = attempt("127.0.0.4", "operator1", "guess123456");
    const auto t1 = std::chrono::steady_clock::now();
    const auto unknown = attempt("127.0.0.5", "no-such-user", "guess123456");
    const auto t2 = std::chrono::steady_clock::now();
    ASSERT_TRUE(real && unknown);
    EXPECT_EQ(real->status, unknown->status) << i;
    EXPECT_EQ(real->body, unknown->body) << i;
    EXPECT_EQ(real->get_header_value("Retry-After"), unknown->get_header_value("Retry-After")) << i;
    if (unknown->status == 401) {  // both paid for a hash check (argon2id: tens of ms at least)
      EXPECT_GE(t1 - t0, 10ms) << i;
      EXPECT_GE(t2 - t1, 10ms) << i;
    }
  }
  EXPECT_EQ(status(attempt("127.0.0.5", "no-such-user", "guess123456")), 429);
}

TEST_F(Console_Login, a_revoked_or_disabled_users_session_ends_api_access) {
  storage::UserAdmin admin(db_path(), "cli");
  const Login first = login("operator1");
  ASSERT_EQ(get("/api/alarms", first)->status, 200);
  const auto live = admin.live_sessions("operator1");
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].client_address, "127.0.0.1");
  ASSERT_EQ(admin.revoke_session(live[0].id), 1);
  EXPECT_EQ(get("/api/alarms", first)->status, 401);

  const Login second = login("operator1");
  admin.disable("operator1");
  EXPECT_EQ(get("/api/alarms", second)->status, 401);
  const auto refused = attempt("127.0.0.8", "operator1", kPassword);
  const auto wrong = attempt("127.0.0.9", "operator2", "guess123456");
  EXPECT_EQ(status(refused), 401);
  EXPECT_EQ(refused->body, wrong->body) << "disabled reads like a wrong password";
}

}  // namespace
}  // namespace cctv::test
