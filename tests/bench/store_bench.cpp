// SPDX-License-Identifier: Apache-2.0
// Issue 14, the store on PostgreSQL (a server of its own, support/postgres_server.hpp):
//  1. ingest: EventStore::upsert of N events in batches of 500 (as the store writer) against a
//     bare libpq loop inserting the same rows into the same table in the same transactions, in
//     the same run (target: at least half its rate);
//  2. the console's queries on a store of 1,000,000 events and 100,000 incidents: the alarm
//     list, an incident search by camera and by words, the LJAG pack's month of incidents, a
//     camera's events in a window; p50/p95 over 30 runs each (target: p95 under 200 ms).
//
//   cctv_store_bench [events to ingest (default 20000)] [events in the big store (1000000)]
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "cctv/common/event.hpp"
#include "cctv/common/sql.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/hotspots.hpp"
#include "cctv/storage/incident_log.hpp"
#include "support/postgres_server.hpp"

namespace cctv {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kBatch = 500;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<Event> make_events(int n) {
  std::vector<Event> out;
  const Timestamp t0 = *parse_utc("2026-11-01T00:00:00Z");
  for (int i = 0; i < n; ++i) {
    Event e;
    e.id = new_uuid();
    e.source = "bench";
    e.seq = static_cast<std::uint64_t>(i + 1);
    e.type = i % 2 ? EventType::loitering : EventType::crowding;
    e.phase = EventPhase::start;
    e.camera = "cam" + std::to_string(i % 300);
    e.site = "site" + std::to_string(i % 40);
    e.zone = "zone";
    e.ts = t0 + std::chrono::seconds(i);
    e.started_at = e.ts;
    e.track_ids = {i};
    out.push_back(e);
  }
  return out;
}

// Seconds to store `events`.
double ingest_store(const std::string& url, const std::vector<Event>& events) {
  storage::EventStore store(url);
  const auto start = Clock::now();
  for (std::size_t i = 0; i < events.size(); i += kBatch) {
    const auto end = std::min(events.size(), i + kBatch);
    store.upsert({events.begin() + static_cast<long>(i), events.begin() + static_cast<long>(end)});
  }
  return seconds_since(start);
}

// Seconds to insert the same rows, prepared beforehand, one statement each, a transaction per
// batch.
double ingest_bare(const std::string& url, const std::vector<Event>& events) {
  { storage::EventStore schema(url); }
  std::vector<std::vector<std::string>> rows;
  const std::string now = format_utc(now_utc());
  for (const Event& e : events) {
    rows.push_back({e.id, e.source, std::to_string(e.seq), std::string(to_string(e.type)),
                    std::string(to_string(e.phase)), e.camera, e.site, e.zone, format_utc(e.ts),
                    format_utc(*e.started_at), to_json(e), now});
  }
  PGconn* conn = PQconnectdb(url.c_str());
  const char* sql =
      "INSERT INTO events (id, source, seq, type, phase, camera, site, zone, ts, started_at, "
      "json, stored_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
  const auto start = Clock::now();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i % kBatch == 0) PQclear(PQexec(conn, "BEGIN"));
    const char* values[12];
    for (int c = 0; c < 12; ++c) values[c] = rows[i][c].c_str();
    PQclear(PQexecParams(conn, sql, 12, nullptr, values, nullptr, nullptr, 0));
    if (i % kBatch == kBatch - 1 || i + 1 == rows.size()) PQclear(PQexec(conn, "COMMIT"));
  }
  const double took = seconds_since(start);
  PQfinish(conn);
  return took;
}

// A big store made on the server: `events` events over about a year, an incident per ten.
void fill_big_store(const std::string& url, int events) {
  storage::EventStore schema(url);
  storage::IncidentLog incidents(url);
  sql::Database db(url);
  const std::string n = std::to_string(events);
  std::string json = to_json(make_events(1).front());  // every row decodes
  for (std::size_t at = json.find('\''); at != std::string::npos; at = json.find('\'', at + 2))
    json.insert(at, "'");
  db.exec(
      "INSERT INTO events (id, source, seq, type, phase, camera, site, zone, ts, started_at, json, "
      "stored_at) SELECT 'e' || g, 'bench', g, CASE WHEN g % 2 = 0 THEN 'loitering' ELSE "
      "'crowding' END, 'start', 'cam' || (g % 300), 'site' || (g % 40), 'zone', "
      "to_char(timestamp '2026-01-01' + g * interval '30 seconds', "
      "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), NULL, '" +
      json +
      "', '2026-12-01T00:00:00.000Z' "
      "FROM generate_series(1, " +
      n + ") g");
  db.exec(
      "INSERT INTO incidents (id, kind, category, state, priority, camera, site, zone, "
      "started_at, description) SELECT 'i' || g, 'alarm', CASE WHEN g % 2 = 0 THEN 'loitering' "
      "ELSE 'crowding' END, CASE WHEN g % 7 = 0 THEN 'new' ELSE 'closed' END, 3, 'cam' || (g % "
      "300), 'site' || (g % 40), 'zone', to_char(timestamp '2026-01-01' + g * interval '300 "
      "seconds', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), 'group of ' || (g % 9) || ' by the shops' "
      "FROM generate_series(1, " +
      std::to_string(events / 10) + ") g");
  db.exec("ANALYZE");
}

void time_query(const char* name, const std::function<std::size_t()>& query) {
  std::vector<double> ms;
  std::size_t rows = 0;
  for (int i = 0; i < 30; ++i) {
    const auto start = Clock::now();
    rows = query();
    ms.push_back(seconds_since(start) * 1000);
  }
  std::sort(ms.begin(), ms.end());
  std::printf("  %-44s %6zu rows  p50 %7.1f ms  p95 %7.1f ms\n", name, rows, ms[15], ms[28]);
}

}  // namespace
}  // namespace cctv

int main(int argc, char** argv) {
  using namespace cctv;
  const int ingest = argc > 1 ? std::atoi(argv[1]) : 20000;
  const int big = argc > 2 ? std::atoi(argv[2]) : 1000000;
  test::PostgresServer* server = test::PostgresServer::shared();
  if (!server) {
    std::printf("no PostgreSQL server: %s\n", test::PostgresServer::why().c_str());
    return 1;
  }
  // Taken in turns, five rounds each, so that the machine's noise falls on both alike.
  const auto events = make_events(ingest / 5);
  double bare_s = 0, store_s = 0;
  for (int round = 0; round < 5; ++round) {
    bare_s += ingest_bare(server->new_database(), events);
    store_s += ingest_store(server->new_database(), events);
  }
  const double bare = 5 * static_cast<double>(events.size()) / bare_s;
  const double store = 5 * static_cast<double>(events.size()) / store_s;
  std::printf("ingest, %d events in batches of %zu (PostgreSQL 15, fsync off):\n", ingest, kBatch);
  std::printf("  bare libpq insert loop   %9.0f events/s\n", bare);
  std::printf("  EventStore::upsert       %9.0f events/s  (%.0f%% of bare)\n", store,
              100 * store / bare);

  const std::string url = server->new_database();
  const auto filled = Clock::now();
  fill_big_store(url, big);
  std::printf("console queries on %d events and %d incidents (filled in %.0f s):\n", big, big / 10,
              seconds_since(filled));
  storage::IncidentLog log(url, {}, storage::Access::read);
  storage::EventStore store_reader(url, storage::Access::read);
  time_query("alarm list (new incidents, newest 1000)", [&] {
    return log.search({.state = storage::IncidentState::new_, .limit = 1000}).size();
  });
  time_query("incident search by camera (newest 500)",
             [&] { return log.search({.camera = "cam17"}).size(); });
  time_query("incident search by words (newest 500)",
             [&] { return log.search({.text = "group of 4"}).size(); });
  time_query("LJAG pack: a month of incidents", [&] {
    return storage::load_incident_points(url, *parse_utc("2026-03-01T00:00:00Z"),
                                         *parse_utc("2026-04-01T00:00:00Z"))
        .size();
  });
  time_query("a camera's events in a day", [&] {
    return store_reader
        .query({.camera = "cam42",
                .since = *parse_utc("2026-05-01T00:00:00Z"),
                .until = *parse_utc("2026-05-02T00:00:00Z")})
        .size();
  });
  return 0;
}
