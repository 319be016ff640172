// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/login_throttle.hpp"

#include <algorithm>
#include <mutex>

#include "cctv/common/sql.hpp"
#include "schema.hpp"

namespace cctv::storage {
namespace {

using std::chrono::seconds;

// One row per address and per attempted name, told apart by a prefix.
std::string address_subject(const std::string& address) { return "address " + address; }
std::string account_subject(const std::string& account) { return "account " + account; }

struct Count {
  std::int64_t failures = 0;
  Timestamp last_failure{};
};

}  // namespace

struct LoginThrottle::Impl {
  Impl(const std::string& path, ThrottlePolicy p, Access access)
      : db(path, open_options(access)), policy(p) {
    prepare_schema(db, access);
  }

  // Failures that still count: none once forget_after has passed since the last.
  Count count(const std::string& subject, Timestamp now) const {
    sql::Statement s(db, "SELECT failures, last_failure FROM login_throttle WHERE subject = ?1");
    s.bind(1, subject);
    if (!s.step()) return {};
    const Count c{s.integer(0), parse_utc(s.text(1)).value_or(Timestamp{})};
    return now - c.last_failure < policy.forget_after ? c : Count{};
  }

  seconds delay_after(std::int64_t failures) const {
    if (failures < policy.free_failures) return seconds{0};
    // Doubling past 2^20 s is far beyond any cap: stop there so the shift cannot overflow.
    const auto doublings = std::min<std::int64_t>(failures - policy.free_failures, 20);
    return std::min(policy.first_delay * (std::int64_t{1} << doublings), policy.max_delay);
  }

  seconds remaining(const Count& c, Timestamp now) const {
    const auto until = c.last_failure + delay_after(c.failures);
    if (until <= now) return seconds{0};
    return std::chrono::ceil<seconds>(until - now);
  }

  // After forget_old(): a count still in the table is a current one.
  void count_failure(const std::string& subject, Timestamp now) {
    sql::Statement s(
        db,
        "INSERT INTO login_throttle (subject, failures, last_failure) VALUES (?1, 1, ?2) "
        "ON CONFLICT (subject) DO UPDATE SET failures = login_throttle.failures + 1, "
        "last_failure = excluded.last_failure");
    s.bind(1, subject).bind(2, format_utc(now));
    s.step();
  }

  // Counts nobody would read again: an attacker spraying made-up names leaves no lasting rows.
  void forget_old(Timestamp now) {
    sql::Statement s(db, "DELETE FROM login_throttle WHERE last_failure <= ?1");
    s.bind(1, format_utc(now - policy.forget_after));
    s.step();
  }

  bool remove(const std::string& subject) {
    sql::Statement s(db, "DELETE FROM login_throttle WHERE subject = ?1");
    s.bind(1, subject);
    s.step();
    return db.changes() > 0;
  }

  sql::Database db;
  ThrottlePolicy policy;
  mutable std::mutex mutex;
};

LoginThrottle::LoginThrottle(const std::string& db_path, ThrottlePolicy policy, Access access)
    : impl_(std::make_unique<Impl>(db_path, policy, access)) {}
LoginThrottle::~LoginThrottle() = default;

seconds LoginThrottle::wait(const std::string& address, const std::string& account,
                            Timestamp now) const {
  std::lock_guard lock(impl_->mutex);
  const Count from_address = impl_->count(address_subject(address), now);
  const seconds address_wait = impl_->remaining(from_address, now);
  if (from_address.failures == 0) return address_wait;  // the account's delay is not its business
  return std::max(address_wait, impl_->remaining(impl_->count(account_subject(account), now), now));
}

void LoginThrottle::record_failure(const std::string& address, const std::string& account,
                                   Timestamp now) {
  std::lock_guard lock(impl_->mutex);
  sql::Transaction tx(impl_->db);
  impl_->forget_old(now);
  impl_->count_failure(address_subject(address), now);
  impl_->count_failure(account_subject(account), now);
  tx.commit();
}

void LoginThrottle::record_success(const std::string& address) {
  std::lock_guard lock(impl_->mutex);
  impl_->remove(address_subject(address));
}

bool LoginThrottle::unlock(const std::string& account) {
  std::lock_guard lock(impl_->mutex);
  return impl_->remove(account_subject(account));
}

}  // namespace cctv::storage
