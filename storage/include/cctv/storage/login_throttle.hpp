// SPDX-License-Identifier: Apache-2.0
// Failed console logins slow down the next attempt instead of locking the account: counted per
// client address and per attempted account name (existing or not, so a refusal says nothing
// about which names exist), each with a delay that doubles with every failure past a free
// allowance, up to a cap.
//
// An account's delay holds back only addresses that have failed themselves (since their last
// successful login, within forget_after): an attacker hammering the duty operator's name from
// elsewhere slows down every address that guesses, but never the control room PC that has not
// failed. An operator who mistypes during such an attack waits like the attacker; `cctv user
// unlock NAME` clears the account's count.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "cctv/common/time.hpp"
#include "cctv/storage/schema.hpp"

namespace cctv::storage {

struct ThrottlePolicy {
  int free_failures = 5;  // failures (per address, per account) before the first delay
  std::chrono::seconds first_delay{1};  // then 2, 4, 8, ... after each further failure
  std::chrono::seconds max_delay{std::chrono::minutes(15)};
  // A count with no failure for this long starts again from zero (longer than max_delay).
  std::chrono::seconds forget_after{std::chrono::hours(1)};
};

class LoginThrottle {
 public:
  explicit LoginThrottle(const std::string& db_path, ThrottlePolicy policy = {},
                         Access access = Access::write);
  ~LoginThrottle();
  LoginThrottle(const LoginThrottle&) = delete;
  LoginThrottle& operator=(const LoginThrottle&) = delete;

  // How long a login from `address` as `account` must still wait; zero: it may be checked now.
  std::chrono::seconds wait(const std::string& address, const std::string& account,
                            Timestamp now) const;
  void record_failure(const std::string& address, const std::string& account, Timestamp now);
  // The address proved itself: its failures no longer count (the account's still do).
  void record_success(const std::string& address);
  // Clears the account's count; false when it had none.
  bool unlock(const std::string& account);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::storage
