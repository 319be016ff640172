// SPDX-License-Identifier: Apache-2.0
// Failed logins slow down the next attempt per client address and per attempted name, with
// delays that double up to a cap, instead of locking the account: an attacker elsewhere can
// never hold back an address that has not failed, and `unlock` clears an account's count.
#include <gtest/gtest.h>

#include "cctv/storage/login_throttle.hpp"
#include "support/store_backends.hpp"

namespace cctv::storage {
namespace {

using namespace std::chrono_literals;
using std::chrono::seconds;

class Storage_LoginThrottle : public test::StoreTest {
 protected:
  // Fails once from `address` as `account` as soon as the throttle allows it; the time of it.
  Timestamp fail_when_allowed(LoginThrottle& t, const std::string& address,
                              const std::string& account) {
    now_ += t.wait(address, account, now_);
    t.record_failure(address, account, now_);
    return now_;
  }

  Timestamp now_ = std::chrono::floor<seconds>(now_utc());
};

TEST_P(Storage_LoginThrottle, delays_double_after_five_failures_up_to_the_cap) {
  LoginThrottle t(db());
  std::vector<seconds> waits;
  for (int i = 0; i < 16; ++i) {
    const Timestamp failed = fail_when_allowed(t, "10.0.0.66", "duty");
    waits.push_back(t.wait("10.0.0.66", "duty", failed));
  }
  const std::vector<seconds> expected = {0s,  0s,  0s,  0s,   1s,   2s,   4s,   8s,
                                         16s, 32s, 64s, 128s, 256s, 512s, 900s, 900s};
  EXPECT_EQ(waits, expected);
  EXPECT_EQ(t.wait("10.0.0.66", "duty", now_ + 899s), 1s) << "rounded up, never 0 too early";
  EXPECT_EQ(t.wait("10.0.0.66", "duty", now_ + 900s), 0s);
}

TEST_P(Storage_LoginThrottle, an_attacker_address_cannot_hold_back_one_that_has_not_failed) {
  LoginThrottle t(db());
  for (int i = 0; i < 12; ++i) fail_when_allowed(t, "203.0.113.9", "duty");
  ASSERT_GT(t.wait("203.0.113.9", "duty", now_), 60s) << "the attacker waits";
  EXPECT_EQ(t.wait("10.1.1.20", "duty", now_), 0s) << "the control room PC never failed";
  EXPECT_GT(t.wait("203.0.113.9", "someone-else", now_), 0s) << "nor by trying another name";

  // An address that fails once is held back by the account's count like the attacker.
  t.record_failure("10.1.1.21", "duty", now_);
  EXPECT_GT(t.wait("10.1.1.21", "duty", now_), 60s);
  EXPECT_EQ(t.wait("10.1.1.21", "someone-else", now_), 0s) << "only for the attacked account";
  t.record_success("10.1.1.21");
  EXPECT_EQ(t.wait("10.1.1.21", "duty", now_), 0s) << "a success clears the address";
}

TEST_P(Storage_LoginThrottle, unlock_clears_the_account_not_the_attacking_address) {
  LoginThrottle t(db());
  for (int i = 0; i < 8; ++i) fail_when_allowed(t, "203.0.113.9", "duty");
  t.record_failure("10.1.1.20", "duty", now_);
  ASSERT_GT(t.wait("10.1.1.20", "duty", now_), 0s);

  EXPECT_TRUE(t.unlock("duty"));
  EXPECT_EQ(t.wait("10.1.1.20", "duty", now_), 0s);
  EXPECT_GT(t.wait("203.0.113.9", "duty", now_), 0s) << "the attacker's own count stays";
  EXPECT_FALSE(t.unlock("duty")) << "nothing left to clear";
}

TEST_P(Storage_LoginThrottle, failures_are_forgotten_an_hour_after_the_last) {
  LoginThrottle t(db());
  for (int i = 0; i < 10; ++i) fail_when_allowed(t, "203.0.113.9", "duty");
  ASSERT_GT(t.wait("203.0.113.9", "duty", now_), 0s);
  now_ += 1h;
  EXPECT_EQ(t.wait("203.0.113.9", "duty", now_), 0s);
  t.record_failure("203.0.113.9", "duty", now_);
  EXPECT_EQ(t.wait("203.0.113.9", "duty", now_), 0s) << "the count started again from one";
}

TEST_P(Storage_LoginThrottle, a_reader_sees_what_the_writer_counted) {
  LoginThrottle writer(db());
  const LoginThrottle reader(db(), {}, Access::read);
  for (int i = 0; i < 6; ++i) fail_when_allowed(writer, "203.0.113.9", "duty");
  EXPECT_EQ(reader.wait("203.0.113.9", "duty", now_), 2s);
}

CCTV_ON_BOTH_STORES(Storage_LoginThrottle);

}  // namespace
}  // namespace cctv::storage
