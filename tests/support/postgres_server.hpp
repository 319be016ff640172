// SPDX-License-Identifier: Apache-2.0
// A PostgreSQL 15 server of the tests' own: initdb and pg_ctl from /usr/lib/postgresql/15/bin in
// a directory of ours, on a free port of 127.0.0.1. As root (CI) it runs as the unprivileged
// user `nobody`, since the server refuses root. No system-wide server is needed or touched.
//
// Under CTest one server serves every test process: the fixture tests Postgres_Start and
// Postgres_Stop (tests/support/postgres_fixture.cpp) start it and remove it, and the tests find
// it through CCTV_TEST_POSTGRES (the file holding its URL). A test binary run by hand starts a
// server of its own and removes it when it exits.
#pragma once

#include <optional>
#include <string>

namespace cctv::test {

inline constexpr const char* kPasswordRole = "cctv_password";

// Starts a server with its files in `dir` (created); its URL without a database name
// (postgresql://cctv@127.0.0.1:PORT/), or nullopt with `why` filled in.
std::optional<std::string> start_postgres(const std::string& dir, std::string& why);
// Stops the server in `dir` and removes the directory.
void stop_postgres(const std::string& dir);

class PostgresServer {
 public:
  // The server for this test, started on first use by a binary run by hand; nullptr when this
  // machine cannot run one (why() says so, for GTEST_SKIP).
  static PostgresServer* shared();
  static const std::string& why();

  // A new, empty database on the server, as a postgresql:// URL.
  std::string new_database();
  // The URL of a role that must log in with `password` (made anew), to its `postgres` database.
  std::string password_role(const std::string& password);

  ~PostgresServer();

 private:
  PostgresServer(std::string base_url, std::string owned_dir)
      : base_url_(std::move(base_url)), owned_dir_(std::move(owned_dir)) {}
  std::string base_url_;
  std::string owned_dir_;  // empty when the CTest fixture owns the server
  int databases_ = 0;
};

}  // namespace cctv::test
