// SPDX-License-Identifier: Apache-2.0
#include "support/postgres_server.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "cctv/common/sql.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace cctv::test {
namespace {

const std::filesystem::path kBin = "/usr/lib/postgresql/15/bin";

// The server refuses to run as root: then it runs as nobody, which must own its directory.
std::vector<std::string> as_server_user() {
  if (geteuid() != 0) return {};
  return {"/usr/sbin/runuser", "-u", "nobody", "--"};
}

CommandResult run_as_server_user(std::vector<std::string> args) {
  const auto prefix = as_server_user();
  args.insert(args.begin(), prefix.begin(), prefix.end());
  return run_command(args);
}

std::string& reason() {
  static std::string text;
  return text;
}

}  // namespace

std::optional<std::string> start_postgres(const std::string& dir, std::string& why) {
  if (!std::filesystem::exists(kBin / "initdb")) {
    why = "PostgreSQL 15 is not installed (" + (kBin / "initdb").string() +
          "); scripts/setup.sh installs postgresql-15";
    return std::nullopt;
  }
  std::filesystem::create_directories(dir);
  if (geteuid() == 0) {
    const passwd* nobody = getpwnam("nobody");
    if (!nobody || chown(dir.c_str(), nobody->pw_uid, nobody->pw_gid) != 0) {
      why = "running as root and cannot hand " + dir + " to the user nobody";
      return std::nullopt;
    }
  }
  const std::string data = dir + "/data";
  const auto init = run_as_server_user({(kBin / "initdb").string(), "-D", data, "-U", "cctv",
                                        "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"});
  if (init.exit_code != 0) {
    why = "initdb failed (" + std::to_string(init.exit_code) + "): " + init.err + init.out;
    return std::nullopt;
  }
  // Every role is trusted but kPasswordRole, which must give its password (tests of a wrong one).
  const std::string hba = read_file(data + "/pg_hba.conf");
  std::ofstream(data + "/pg_hba.conf")
      << "host all " << kPasswordRole << " 127.0.0.1/32 scram-sha-256\n"
      << hba;
  const int port = free_tcp_port();
  // Durability off: these databases live for one test run.
  const auto started = run_as_server_user(
      {(kBin / "pg_ctl").string(), "-D", data, "-l", dir + "/server.log", "-w", "-t", "30", "-o",
       "-p " + std::to_string(port) + " -k " + dir +
           " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
           " -c full_page_writes=off -c max_connections=300",
       "start"});
  if (started.exit_code != 0) {
    why = "pg_ctl start failed: " + started.err + read_file(dir + "/server.log");
    return std::nullopt;
  }
  return "postgresql://cctv@127.0.0.1:" + std::to_string(port) + "/";
}

void stop_postgres(const std::string& dir) {
  run_as_server_user(
      {(kBin / "pg_ctl").string(), "-D", dir + "/data", "-m", "immediate", "-w", "stop"});
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

PostgresServer* PostgresServer::shared() {
  static const std::unique_ptr<PostgresServer> server = []() -> std::unique_ptr<PostgresServer> {
    if (const char* file = std::getenv("CCTV_TEST_POSTGRES")) {
      std::ifstream in(file);
      std::string url;
      if (std::getline(in, url) && !url.empty())
        return std::unique_ptr<PostgresServer>(new PostgresServer(url, ""));
    }
    char pattern[] = "/tmp/cctv-pg-XXXXXX";
    if (!mkdtemp(pattern)) throw std::runtime_error("cannot make a directory for PostgreSQL");
    const auto url = start_postgres(pattern, reason());
    if (!url) return nullptr;
    return std::unique_ptr<PostgresServer>(new PostgresServer(*url, pattern));
  }();
  return server.get();
}

const std::string& PostgresServer::why() { return reason(); }

PostgresServer::~PostgresServer() {
  if (!owned_dir_.empty()) stop_postgres(owned_dir_);
}

std::string PostgresServer::password_role(const std::string& password) {
  sql::Database admin(base_url_ + "postgres");
  admin.exec("DROP ROLE IF EXISTS " + std::string(kPasswordRole));
  admin.exec("CREATE ROLE " + std::string(kPasswordRole) + " LOGIN PASSWORD '" + password + "'");
  return "postgresql://" + std::string(kPasswordRole) + "@" +
         base_url_.substr(base_url_.find('@') + 1) + "postgres";
}

std::string PostgresServer::new_database() {
  const std::string name = "t" + std::to_string(getpid()) + "_" + std::to_string(++databases_);
  sql::Database(base_url_ + "postgres").exec("CREATE DATABASE " + name);
  return base_url_ + name;
}

}  // namespace cctv::test
