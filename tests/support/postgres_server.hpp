// SPDX-License-Identifier: Apache-2.0
// A PostgreSQL 15 server of the tests' own: initdb and pg_ctl from /usr/lib/postgresql/15/bin in
// a temporary directory, on a free port of 127.0.0.1, started on first use and removed when the
// test binary exits. As root (CI) it runs as the unprivileged user `nobody`, since the server
// refuses root. No system-wide server is needed or touched.
#pragma once

#include <string>

namespace cctv::test {

class PostgresServer {
 public:
  // The binary's server, started on first call; nullptr when this machine cannot run one
  // (why() says so, for GTEST_SKIP).
  static PostgresServer* shared();
  static const std::string& why();

  // A new, empty database on the server, as a postgresql:// URL.
  std::string new_database();

  ~PostgresServer();

 private:
  PostgresServer() = default;
  bool start();
  std::string dir_;
  std::string run_as_;  // "" or "nobody"
  int port_ = 0;
  int databases_ = 0;
};

}  // namespace cctv::test
