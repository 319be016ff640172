// SPDX-License-Identifier: Apache-2.0
// Checking a password costs the same for an unknown name as for a real one, from the very first
// check a process makes, so the time of an answer never tells which names exist.
#include <gtest/gtest.h>

#include <time.h>

#include "cctv/storage/users.hpp"
#include "support/temp_dir.hpp"

namespace cctv::storage {
namespace {

// CPU time of this thread: argon2id runs on it, and the figure does not grow with machine load.
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

double cpu_of_check(const UserStore& users, const std::string& name) {
  const double before = thread_cpu_seconds();
  EXPECT_FALSE(users.password_matches(name, "not the password"));
  return thread_cpu_seconds() - before;
}

TEST(Storage_Users, the_first_unknown_name_costs_what_a_real_name_costs) {
  test::TempDir dir;
  const std::string db = (dir / "cctv.db").string();
  UserStore(db).add("duty", Role::operator_, "a long password");
  const UserStore users(db, Access::read);  // as a console checks them
  const double unknown = cpu_of_check(users, "no-such-user");
  const double real = cpu_of_check(users, "duty");
  EXPECT_LT(unknown, real * 1.5) << "unknown " << unknown << " s, real " << real << " s";
  EXPECT_GT(unknown, real / 1.5) << "unknown " << unknown << " s, real " << real << " s";
}

}  // namespace
}  // namespace cctv::storage
