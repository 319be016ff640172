// SPDX-License-Identifier: Apache-2.0
// What the operator console answers: its JSON API, alarm stream, live view and web UI, with
// their guards and error answers, installed on an httplib::Server the caller owns and runs.
// ConsoleServer listens on a port with them; the fuzz harness (tests/fuzz) hands that server
// requests in process.
#pragma once

#include <memory>
#include <string>

#include <zmq.hpp>

#include "cctv/common/time.hpp"
#include "cctv/config/config.hpp"
#include "cctv/storage/sessions.hpp"
#include "cctv/storage/store_requests.hpp"

namespace httplib {
class Server;
}

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
  // How long a camera's live frames keep coming after its last viewer left, so that a reload
  // or a wall re-layout does not stop and restart them (capture nodes encode only watched ones).
  Millis live_linger = std::chrono::seconds(15);
};

class ConsoleRoutes {
 public:
  // Opens the store's database for reading and adds every route to `server`, which must
  // outlive this object's use. params.bind is not used here.
  ConsoleRoutes(httplib::Server& server, ConsoleParams params);
  ~ConsoleRoutes();  // stop()
  ConsoleRoutes(const ConsoleRoutes&) = delete;
  ConsoleRoutes& operator=(const ConsoleRoutes&) = delete;

  const ConsoleParams& params() const;
  // Ends the long-lived answers (alarm streams, live view) and the live feed.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::console
