// SPDX-License-Identifier: Apache-2.0
// Store tests run on both backends: once on an SQLite file, once on a fresh database of the
// tests' own PostgreSQL server (support/postgres_server.hpp), skipped with the reason where
// this machine cannot run one. A suite derives from StoreTest, writes TEST_P, and ends with
// CCTV_ON_BOTH_STORES(Suite).
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

namespace cctv::test {

enum class StoreBackend { sqlite, postgresql };

class StoreTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    if (GetParam() == StoreBackend::postgresql && !PostgresServer::shared())
      GTEST_SKIP() << "no PostgreSQL for this test: " << PostgresServer::why();
  }
  // The store: a file in dir, or this test's own database on the server. (A fixture's members
  // may ask before SetUp() skips a test without a server: they get a file nobody looks at.)
  const std::string& db() {
    if (location_.empty()) {
      PostgresServer* server =
          GetParam() == StoreBackend::postgresql ? PostgresServer::shared() : nullptr;
      location_ = server ? server->new_database() : (dir / "cctv.db").string();
    }
    return location_;
  }

  TempDir dir;

 private:
  std::string location_;
};

inline void PrintTo(StoreBackend b, std::ostream* out) {
  *out << (b == StoreBackend::sqlite ? "sqlite" : "postgresql");
}

inline std::string store_backend_name(const ::testing::TestParamInfo<StoreBackend>& info) {
  return info.param == StoreBackend::sqlite ? "sqlite" : "postgresql";
}

}  // namespace cctv::test

#define CCTV_ON_BOTH_STORES(suite)                                                    \
  INSTANTIATE_TEST_SUITE_P(, suite,                                                   \
                           ::testing::Values(::cctv::test::StoreBackend::sqlite,      \
                                             ::cctv::test::StoreBackend::postgresql), \
                           ::cctv::test::store_backend_name)
