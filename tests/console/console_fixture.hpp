// SPDX-License-Identifier: Apache-2.0
// A real console on a free port over a real SQLite file, users of every role, and an HTTP
// client that keeps each user's session cookie and CSRF token. The console's writes go to a real
// StoreNode on the test's bus when the test sets one up (live_ctx and publish_endpoint), which
// announces them to other consoles; otherwise to a StoreRequests in this process.
#pragma once

#include <httplib.h>

#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cctv/console/console_server.hpp"
#include "cctv/node/store_node.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/store_requests.hpp"
#include "cctv/storage/users.hpp"
#include "support/temp_dir.hpp"

namespace cctv::test {

inline const std::string kPassword = "correct horse battery";

struct Login {
  std::string cookie;  // "cctv_session=..."
  std::string csrf;
};

class ConsoleTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  static config::Config test_config();
  console::ConsoleParams params();
  void start();  // (re)starts the console on the same database
  httplib::Client client() const;

  Login login(const std::string& user);
  httplib::Result get(const std::string& path, const Login& who = {});
  httplib::Result post(const std::string& path, const std::string& body, const Login& who,
                       bool with_csrf = true);
  static nlohmann::json json(const httplib::Result& r);

  // An analytics alarm in the store, grouped into an incident as the store writer would.
  std::string raise_alarm(const std::string& camera, Timestamp started);
  std::string db_path() const { return (dir / "cctv.db").string(); }

  // Set before SetUp (in a derived fixture's constructor): HTTPS with these files, and the
  // session limits of the console and of the store in this process.
  config::ConsoleTls tls;
  storage::SessionLimits sessions;
  zmq::context_t* live_ctx = nullptr;  // set with live_endpoint before start() for live view
  std::string live_endpoint;           // the broker's backend
  std::string publish_endpoint;  // the broker's frontend: with it a StoreNode serves the console
  Millis live_linger = console::ConsoleParams{}.live_linger;
  TempDir dir;
  std::unique_ptr<node::StoreNode> store_node;
  std::unique_ptr<storage::StoreRequests> store_requests;
  std::unique_ptr<console::ConsoleServer> server;
  std::map<std::string, Login> logins;
};

}  // namespace cctv::test
