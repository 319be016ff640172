// SPDX-License-Identifier: Apache-2.0
// The operator console: an HTTP(S) server (cpp-httplib) with the JSON API, the server-sent alarm
// stream, MJPEG live view and the embedded web UI. Its state is the store's database, so the
// alarm list survives a page reload and a console restart; the bus's change notices tell it
// when to read again. It only reads the database: every operator step (and each login, session
// and audit row) is a request to the store node, which writes and announces it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "cctv/common/time.hpp"
#include "cctv/config/config.hpp"
#include "cctv/storage/sessions.hpp"
#include "cctv/storage/store_requests.hpp"

namespace cctv::console {

struct ConsoleParams {
  std::string bind = "127.0.0.1:8080";  // host:port; port 0 takes a free one
  std::string db_path;                  // the store's SQLite file, opened read-only
  storage::StoreTransport store;        // where the console's writes go (required)
  std::string data_dir;                 // evidence files are found relative to it
  config::Config config;  // sites, cameras, zones, incident categories; console.tls for HTTPS
  zmq::context_t* ctx = nullptr;  // with live_endpoint: where live frames and camera status arrive
  std::string live_endpoint;      // the bus's subscribe side (broker backend); empty: no live view
                                  // and no notices from other processes
  storage::SessionLimits sessions;  // when a session ends (the store ends it; streams follow)
};

class ConsoleServer {
 public:
  // Binds and starts serving in the background. Throws std::runtime_error naming the address
  // when it cannot bind, or the files when console.tls's certificate and key do not load.
  explicit ConsoleServer(ConsoleParams params);
  ~ConsoleServer();  // stop()
  ConsoleServer(const ConsoleServer&) = delete;
  ConsoleServer& operator=(const ConsoleServer&) = delete;

  int port() const;
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::console
