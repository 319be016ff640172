// SPDX-License-Identifier: Apache-2.0
#include "support/postgres_server.hpp"

#include <pwd.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <stdexcept>

#include "cctv/common/sql.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace cctv::test {
namespace {

const std::filesystem::path kBin = "/usr/lib/postgresql/15/bin";

std::string& reason() {
  static std::string text;
  return text;
}

}  // namespace

PostgresServer* PostgresServer::shared() {
  static const std::unique_ptr<PostgresServer> server = [] {
    std::unique_ptr<PostgresServer> s(new PostgresServer);
    if (!s->start()) s.reset();
    return s;
  }();
  return server.get();
}

const std::string& PostgresServer::why() { return reason(); }

bool PostgresServer::start() {
  if (!std::filesystem::exists(kBin / "initdb")) {
    reason() = "PostgreSQL 15 is not installed (" + (kBin / "initdb").string() +
               "); scripts/setup.sh installs postgresql-15";
    return false;
  }
  char pattern[] = "/tmp/cctv-pg-XXXXXX";
  if (!mkdtemp(pattern)) throw std::runtime_error("cannot make a directory for PostgreSQL");
  dir_ = pattern;
  std::vector<std::string> as_user;
  if (geteuid() == 0) {  // the server refuses to run as root
    const passwd* nobody = getpwnam("nobody");
    if (!nobody || chown(dir_.c_str(), nobody->pw_uid, nobody->pw_gid) != 0) {
      reason() = "running as root and cannot hand " + dir_ + " to the user nobody";
      return false;
    }
    as_user = {"/usr/sbin/runuser", "-u", "nobody", "--"};
  }
  const auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), as_user.begin(), as_user.end());
    return run_command(args);
  };
  const std::string data = dir_ + "/data";
  const auto init = run({(kBin / "initdb").string(), "-D", data, "-U", "cctv", "--auth=trust", "-E",
                         "UTF8", "--no-locale", "--no-sync"});
  if (init.exit_code != 0) {
    reason() = "initdb failed (" + std::to_string(init.exit_code) + "): " + init.err + init.out;
    return false;
  }
  port_ = free_tcp_port();
  // Durability settings off: these databases live for one test binary.
  const auto started = run({(kBin / "pg_ctl").string(), "-D", data, "-l", dir_ + "/server.log",
                            "-w", "-t", "30", "-o",
                            "-p " + std::to_string(port_) + " -k " + dir_ +
                                " -c listen_addresses=127.0.0.1 -c fsync=off"
                                " -c synchronous_commit=off -c full_page_writes=off",
                            "start"});
  if (started.exit_code != 0) {
    reason() = "pg_ctl start failed: " + started.err + read_file(dir_ + "/server.log");
    return false;
  }
  run_as_ = as_user.empty() ? "" : "nobody";
  return true;
}

PostgresServer::~PostgresServer() {
  std::vector<std::string> stop = {
      (kBin / "pg_ctl").string(), "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"};
  if (!run_as_.empty()) stop.insert(stop.begin(), {"/usr/sbin/runuser", "-u", run_as_, "--"});
  run_command(stop);
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string PostgresServer::new_database() {
  const std::string base = "postgresql://cctv@127.0.0.1:" + std::to_string(port_) + "/";
  const std::string name = "t" + std::to_string(getpid()) + "_" + std::to_string(++databases_);
  sql::Database(base + "postgres").exec("CREATE DATABASE " + name);
  return base + name;
}

}  // namespace cctv::test
