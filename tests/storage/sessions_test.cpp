// SPDX-License-Identifier: Apache-2.0
// Console sessions end when unused for the idle timeout, and at their lifetime however busy;
// the times are passed in, so a day is simulated in an instant.
#include <gtest/gtest.h>

#include "cctv/common/sha256.hpp"
#include "cctv/storage/sessions.hpp"
#include "support/store_backends.hpp"

namespace cctv::storage {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const Timestamp kLogin = *parse_utc("2026-12-06T07:00:00Z");  // a day shift starts
const User kOperator{"operator1", Role::operator_, {}};

class Storage_Sessions : public test::StoreTest {
 protected:
  // Logs in at kLogin, then uses the session every 10 minutes up to `until`; whether each use
  // found it open, the last one last.
  bool busy_until(SessionStore& sessions, Timestamp until) {
    token = sessions.create(kOperator, kLogin).token;
    bool open = true;
    for (Timestamp t = kLogin; t <= until && open; t += minutes(10))
      open = sessions.touch(token, t).has_value();
    return open;
  }

  std::string token;
};

TEST_P(Storage_Sessions, a_busy_session_ends_at_its_lifetime) {
  SessionStore sessions(db(), {.idle = hours(12), .lifetime = hours(12)});
  EXPECT_TRUE(busy_until(sessions, kLogin + hours(12) - minutes(10)));
  EXPECT_FALSE(sessions.touch(token, kLogin + hours(12)));
  EXPECT_FALSE(sessions.live(sha256_hex(token), kLogin + hours(12)));
}

TEST_P(Storage_Sessions, an_unused_session_ends_at_the_idle_timeout) {
  SessionStore sessions(db(), {.idle = hours(1), .lifetime = hours(12)});
  const std::string t = sessions.create(kOperator, kLogin).token;
  EXPECT_TRUE(sessions.touch(t, kLogin + minutes(59)));
  EXPECT_FALSE(sessions.touch(t, kLogin + minutes(59) + hours(1)));
}

TEST_P(Storage_Sessions, the_control_room_is_unstaffed_from_the_end_of_the_last_shift) {
  SessionStore sessions(db(), {.idle = hours(12), .lifetime = hours(8)});
  ASSERT_FALSE(busy_until(sessions, kLogin + hours(9)));
  const NewSession next = sessions.create(kOperator, kLogin + hours(10));
  ASSERT_TRUE(next.session.unstaffed_since);
  EXPECT_EQ(format_utc(*next.session.unstaffed_since), format_utc(kLogin + hours(8)));
}

CCTV_ON_BOTH_STORES(Storage_Sessions);

}  // namespace
}  // namespace cctv::storage
