// SPDX-License-Identifier: Apache-2.0
// The single-instance sections: storage, bus and console.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "cctv/common/sql.hpp"
#include "sections.hpp"

namespace cctv::config::detail {
namespace {

const Keys kStorageKeys = {"data_dir",        "database",        "retention_days",
                           "segment_s",       "clip_pre_roll_s", "clip_post_roll_s",
                           "disk_high_water", "disk_low_water",  "retention_check_s"};
const Keys kBusKeys = {
    "source",      "publish",       "subscribe",          "broker",        "replay", "heartbeat_s",
    "outbox_sync", "outbox_keep_h", "outbox_keep_events", "store_requests"};
const Keys kSyncModes = {"full", "normal"};
const Keys kConsoleKeys = {"bind", "users", "tls", "session_max_h"};
const Keys kUserKeys = {"name", "role"};
const Keys kRoles = {"operator", "supervisor", "police", "ljag", "admin"};

bool is_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// "host:port" with a port 1..65535; the host may be an IPv6 address in brackets.
bool valid_bind(const std::string& bind) {
  const std::size_t colon = bind.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  const std::string port = bind.substr(colon + 1);
  if (port.empty() || port.size() > 5 || !is_digits(port)) return false;
  const int number = std::stoi(port);
  return number >= 1 && number <= 65535;
}

void read_endpoint(const MapReader& r, std::string_view key, std::string& out) {
  if (!r.read(key, out)) return;
  if (out.find("://") == std::string::npos || out.starts_with("://")) {
    r.error(*r.get(key), "'" + std::string(key) + "' is '" + out +
                             "'; write a ZeroMQ endpoint such as tcp://127.0.0.1:5570");
  }
}

// The replay endpoint is announced to other nodes, so it must name a host they can dial.
void read_announced_endpoint(const MapReader& r, std::string_view key, std::string& out) {
  std::string given = out;
  if (!r.read(key, given)) return;
  const std::size_t host = given.find("://");
  const std::string rest = host == std::string::npos ? "" : given.substr(host + 3);
  if (rest.starts_with("*") || rest.starts_with("0.0.0.0") || rest.starts_with("[::]")) {
    r.error(*r.get(key), "'" + std::string(key) + "' is '" + given +
                             "'; subscribers dial this address, so give this node's own, "
                             "e.g. tcp://10.0.0.5:5572");
    return;
  }
  read_endpoint(r, key, out);
}

}  // namespace

// "", "sqlite" or postgresql://user@host/db without a password.
void read_database(const MapReader& r, std::string& out) {
  if (!r.read("database", out) || out.empty() || out == "sqlite") {
    if (out == "sqlite") out.clear();
    return;
  }
  if (!sql::is_postgresql_url(out)) {
    r.error(*r.get("database"), "'database' is '" + out +
                                    "'; write sqlite (the default, <data_dir>/cctv.db) or a "
                                    "PostgreSQL URL such as postgresql://cctv@db.example/cctv");
  } else if (sql::shown_location(out) != out) {  // shown without a password: there was one
    r.error(*r.get("database"),
            "'database' holds a password; remove it from the URL and give it in the environment "
            "variable PGPASSWORD or in ~/.pgpass");
  }
}

Storage read_storage(const MapReader& r) {
  Storage storage;
  r.check_keys(kStorageKeys);
  read_database(r, storage.database);
  if (r.read("data_dir", storage.data_dir) && storage.data_dir.empty()) {
    r.error(*r.get("data_dir"), "'data_dir' is empty; give a directory, e.g. data_dir: data");
  }
  r.read("retention_days", storage.retention_days, Bounds::between(1, 3650));
  r.read("segment_s", storage.segment_s, Bounds::between(1, 3600));
  r.read("clip_pre_roll_s", storage.clip_pre_roll_s, Bounds::between(0, 600));
  r.read("clip_post_roll_s", storage.clip_post_roll_s, Bounds::between(0, 600));
  r.read("disk_high_water", storage.disk_high_water, Bounds::between(0.05, 0.99));
  if (r.read("disk_low_water", storage.disk_low_water, Bounds::between(0.01, 0.99)) &&
      storage.disk_low_water >= storage.disk_high_water) {
    r.error(*r.get("disk_low_water"),
            fmt::format("'disk_low_water' ({:g}) must be below disk_high_water ({:g}); e.g. "
                        "disk_low_water: {:g}",
                        storage.disk_low_water, storage.disk_high_water,
                        storage.disk_high_water - 0.05));
  }
  r.read("retention_check_s", storage.retention_check_s, Bounds::between(1, 86400));
  return storage;
}

Bus read_bus(const MapReader& r) {
  Bus bus;
  r.check_keys(kBusKeys);
  r.read("source", bus.source);
  read_endpoint(r, "publish", bus.publish);
  read_endpoint(r, "subscribe", bus.subscribe);
  r.read("broker", bus.broker);
  read_announced_endpoint(r, "replay", bus.replay);
  read_endpoint(r, "store_requests", bus.store_requests);
  r.read("heartbeat_s", bus.heartbeat_s, Bounds::between(0.05, 60));
  r.read_choice("outbox_sync", bus.outbox_sync, kSyncModes);
  r.read("outbox_keep_h", bus.outbox_keep_h, Bounds::between(0, 8760));
  r.read("outbox_keep_events", bus.outbox_keep_events, Bounds::between(0, 100000000));
  return bus;
}

Console read_console(const MapReader& r) {
  Console console;
  r.check_keys(kConsoleKeys);
  if (r.read("bind", console.bind) && !valid_bind(console.bind)) {
    r.error(*r.get("bind"), "'bind' is '" + console.bind +
                                "'; write host:port, e.g. 127.0.0.1:8080 or 0.0.0.0:8080");
  }
  IdRegistry names("user", "name");
  console.users = read_list<User>(r.list("users", "users"), "user", r.diagnostics(),
                                  [&](MapReader& u, User& user) {
                                    read_identity(u, names, user.name);
                                    u.check_keys(kUserKeys);
                                    if (u.get("role")) {
                                      u.read_choice("role", user.role, kRoles);
                                    } else {
                                      u.missing("role", "role: operator");
                                    }
                                  });
  if (r.get("tls")) console.tls = read_console_tls(r.child("tls", "console.tls"));
  r.read("session_max_h", console.session_max_h, Bounds::above(0).at_most(168));
  return console;
}

}  // namespace cctv::config::detail
