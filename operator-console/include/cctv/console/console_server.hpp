// SPDX-License-Identifier: Apache-2.0
// The operator console: an HTTP(S) server (cpp-httplib) with the JSON API, the server-sent alarm
// stream, MJPEG live view and the embedded web UI (console_routes.hpp). Its state is the
// store's database, so the alarm list survives a page reload and a console restart; the bus's
// change notices tell it when to read again. It only reads the database: every operator step
// (and each login, session and audit row) is a request to the store node, which writes and
// announces it.
#pragma once

#include <memory>

#include "cctv/console/console_routes.hpp"

namespace cctv::console {

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
