// SPDX-License-Identifier: Apache-2.0
// Checking a password costs the same for an unknown name as for a real one, from the very first
// check a process makes, so the time of an answer never tells which names exist.
#include <gtest/gtest.h>

#include <chrono>

#include "cctv/storage/users.hpp"
#include "support/temp_dir.hpp"
#include "support/thread_cpu.hpp"

namespace cctv::storage {
namespace {

// In CPU time of this thread: argon2id runs on it, and the figure does not grow with load.
double cpu_of_check(const UserStore& users, const std::string& name) {
  const auto before = test::thread_cpu_time();
  EXPECT_FALSE(users.password_matches(name, "not the password"));
  return std::chrono::duration<double>(test::thread_cpu_time() - before).count();
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
