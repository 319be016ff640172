// SPDX-License-Identifier: Apache-2.0
// Store tests run on both backends: once on an SQLite file, once on a fresh database of the
// tests' own PostgreSQL server (support/postgres_server.hpp), skipped with the reason where
// this machine cannot run one. A suite derives from StoreTest, writes TEST_P, and ends with
// CCTV_ON_BOTH_STORES(Suite).
#pragma once

#include <gtest/gtest.h>

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
  // The store: a file in dir, or this test's own database on the server.
  const std::string& db() {
    if (location_.empty()) {
      location_ = GetParam() == StoreBackend::sqlite ? (dir / "cctv.db").string()
                                                     : PostgresServer::shared()->new_database();
    }
    return location_;
  }

  TempDir dir;

 private:
  std::string location_;
};

inline std::string store_backend_name(const ::testing::TestParamInfo<StoreBackend>& info) {
  return info.param == StoreBackend::sqlite ? "sqlite" : "postgresql";
}

}  // namespace cctv::test

#define CCTV_ON_BOTH_STORES(suite)                                                    \
  INSTANTIATE_TEST_SUITE_P(, suite,                                                   \
                           ::testing::Values(::cctv::test::StoreBackend::sqlite,      \
                                             ::cctv::test::StoreBackend::postgresql), \
                           ::cctv::test::store_backend_name)
