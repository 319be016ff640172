// SPDX-License-Identifier: Apache-2.0
// Issue 17, playback: "a timeline request over 24 h of one camera answers in < 100 ms and
// playback starts in < 1 s". A real console (ConsoleServer over HTTP, its writes to a
// StoreRequests in this process) over a real SQLite store holding 24 h of one camera's index as
// the recorder writes it: 60 s segments (1,440 rows less three 20-minute outages), 240 alarm
// episodes (start, 4 updates, end: 1,440 events) grouped into incidents. The segments of the
// footage window are real (1280x720 H.264, 10 fps, 4 Mb/s, bench_footage.hpp); the others are
// rows only, as the timeline never opens a file.
//
// Figures, each the median and worst of `runs`, with baselines from the same run:
//   timeline 24 h: GET /api/cameras/bench/timeline over the whole day, against GET /api/session
//     (the cheapest authenticated route: HTTP, session check and JSON) and the index query alone;
//   playback start: a GET of the first 64 KiB (as a <video> asks) of a window not cut before,
//     until the moov (the player can start) has arrived, against storage::extract_clip of the
//     same window called directly (the cut alone).
//
//   cctv_playback_bench [minutes of real footage] [runs]     (default 10, 10)
#include <httplib.h>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "bench/bench_footage.hpp"
#include "cctv/console/console_server.hpp"
#include "cctv/storage/clip_extractor.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/store_requests.hpp"
#include "cctv/storage/users.hpp"
#include "support/temp_dir.hpp"

namespace cctv {
namespace {

using namespace bench;
using namespace std::chrono_literals;

constexpr const char* kCamera = "bench";
constexpr const char* kPassword = "bench password 1";
constexpr auto kPlaybackWindow = 5min;  // what the Playback page asks for at a time

const Timestamp kDay = *parse_utc("2026-11-23T00:00:00Z");
const Timestamp kFootage = kDay + 12h;  // the real segments start at noon

bool in_outage(Timestamp t) {
  for (const Timestamp o : {kDay + 3h, kDay + 9h, kDay + 18h})
    if (t >= o && t < o + 20min) return true;
  return false;
}

// The day's index: the real segments at noon, rows for every other minute but the outages.
void index_day(storage::RecordingIndex& index, const std::vector<storage::Recording>& real) {
  for (const storage::Recording& r : real) index.add(r);
  const Timestamp real_end = real.back().end;
  for (Timestamp t = kDay; t < kDay + 24h; t += 1min) {
    if (in_outage(t) || (t + 1min > kFootage && t < real_end)) continue;
    index.add({kCamera, t, t + 1min, "/srv/cctv/recordings/bench/" + format_utc(t) + ".mkv",
               30'000'000, std::string(64, 'a'), ""});
  }
}

Event alarm_event(int episode, EventPhase phase, Timestamp ts, Timestamp started) {
  Event e;
  e.id = "bench-" + std::to_string(episode) + "-" + std::to_string(ts.time_since_epoch().count());
  e.source = "bench";
  e.type = EventType::loitering;
  e.phase = phase;
  e.camera = kCamera;
  e.site = "site";
  e.zone = "zone-" + std::to_string(episode % 4);
  e.ts = ts;
  e.started_at = started;
  e.severity = Severity::alarm;
  return e;
}

// 240 alarm episodes over the day, each a start, four updates 30 s apart and an end.
void raise_alarms(const std::string& db) {
  std::vector<Event> events;
  std::uint64_t seq = 0;
  for (int episode = 0; episode < 240; ++episode) {
    const Timestamp started = kDay + episode * 6min + 17s;
    events.push_back(alarm_event(episode, EventPhase::start, started, started));
    for (int u = 1; u <= 4; ++u)
      events.push_back(alarm_event(episode, EventPhase::update, started + u * 30s, started));
    events.push_back(alarm_event(episode, EventPhase::end, started + 150s, started));
  }
  for (Event& e : events) e.seq = ++seq;
  storage::EventStore(db).upsert(events);
  storage::IncidentLog(db).catch_up();
}

config::Config bench_config(const std::filesystem::path& dir) {
  config::Config c;
  c.sites = {{.id = "site", .name = "Bench site", .cluster = "Bench", .lat = 51.5, .lon = -0.2}};
  c.cameras = {{.id = kCamera, .name = "Bench camera", .site = "site", .url = "test://street"}};
  c.storage.data_dir = dir.string();
  return c;
}

struct Figures {
  std::vector<double> ms;
  void add(Clock::time_point start) { ms.push_back(seconds_since(start) * 1000); }
  double worst() const { return *std::max_element(ms.begin(), ms.end()); }
  void print(const char* what) const {
    std::printf("%-44s median %8.2f ms  worst %8.2f ms\n", what, median(ms), worst());
  }
};

std::string window_query(Timestamp from, Timestamp to) {
  return "?from=" + format_utc(from) + "&to=" + format_utc(to);
}

void time_timeline(httplib::Client& http, const httplib::Headers& cookie,
                   const storage::RecordingIndex& index, int runs) {
  const std::string path =
      std::string("/api/cameras/") + kCamera + "/timeline" + window_query(kDay, kDay + 24h);
  Figures timeline, session, query;
  std::size_t bytes = 0;
  for (int r = 0; r < runs; ++r) {
    auto start = Clock::now();
    const auto t = http.Get(path, cookie);
    timeline.add(start);
    if (!t || t->status != 200) throw std::runtime_error("the timeline request failed");
    bytes = t->body.size();
    start = Clock::now();
    if (const auto s = http.Get("/api/session", cookie); !s || s->status != 200)
      throw std::runtime_error("GET /api/session failed");
    session.add(start);
    start = Clock::now();
    const auto rows = index.find(kCamera, kDay, kDay + 24h);
    query.add(start);
    if (rows.empty()) throw std::runtime_error("the index is empty");
  }
  std::printf("timeline answer: %.1f kB\n", static_cast<double>(bytes) / 1e3);
  timeline.print("GET timeline, 24 h");
  session.print("baseline: GET /api/session");
  query.print("baseline: RecordingIndex::find, 24 h");
}

void time_playback(httplib::Client& http, const httplib::Headers& cookie,
                   const std::vector<storage::Recording>& real, const std::filesystem::path& dir,
                   int runs) {
  Figures first_moov, direct_cut;
  const auto span = real.back().end - real.front().start - kPlaybackWindow;
  for (int r = 0; r < runs; ++r) {
    // A window not asked for before (every cut is new), from mid-GOP.
    const Timestamp from = kFootage + 700ms + (span * r) / runs;
    const Timestamp to = from + kPlaybackWindow;
    httplib::Headers first_bytes = cookie;
    first_bytes.emplace("Range", "bytes=0-65535");
    auto start = Clock::now();
    const auto p = http.Get(
        std::string("/api/cameras/") + kCamera + "/playback" + window_query(from, to), first_bytes);
    first_moov.add(start);
    if (!p || p->status != 206 || p->body.find("moov") == std::string::npos)
      throw std::runtime_error("the playback request did not answer its moov in 64 KiB");
    start = Clock::now();
    storage::extract_clip(real, from, to, dir / "direct.mp4");
    direct_cut.add(start);
  }
  first_moov.print("playback start (first 64 KiB, moov), 5 min");
  direct_cut.print("baseline: extract_clip of the same window");
}

int run(int minutes, int runs) {
  test::TempDir dir;
  std::filesystem::create_directories(dir / "recordings");
  const auto encode_start = Clock::now();
  encode_footage(dir / "recordings", {.minutes = minutes});
  const auto real = index_segments(dir / "recordings", kFootage);
  std::printf("footage: %d min of 1280x720 H.264 at %d fps, %zu segments (encoded in %.1f s)\n",
              minutes, kFps, real.size(), seconds_since(encode_start));

  const std::string db = (dir / "cctv.db").string();
  storage::RecordingIndex index(db);
  index_day(index, real);
  raise_alarms(db);
  storage::UserStore(db).add("operator1", storage::Role::operator_, kPassword);
  std::printf("index: %zu segments in 24 h, 1440 alarm events\n",
              index.find(kCamera, kDay, kDay + 24h).size());

  storage::StoreRequests store({.db_path = db});
  console::ConsoleServer server(
      {.bind = "127.0.0.1:0",
       .db_path = db,
       .store = [&store](const nlohmann::json& r) { return store.answer(r); },
       .data_dir = dir.path().string(),
       .config = bench_config(dir.path())});
  httplib::Client http("127.0.0.1", server.port());
  http.set_read_timeout(60);
  const auto login = http.Post(
      "/api/session", nlohmann::json{{"user", "operator1"}, {"password", kPassword}}.dump(),
      "application/json");
  if (!login || login->status != 200) throw std::runtime_error("login failed");
  const std::string set_cookie = login->get_header_value("Set-Cookie");
  const httplib::Headers cookie = {{"Cookie", set_cookie.substr(0, set_cookie.find(';'))}};

  time_timeline(http, cookie, index, runs);
  time_playback(http, cookie, real, dir.path(), runs);
  return 0;
}

}  // namespace
}  // namespace cctv

int main(int argc, char** argv) {
  return cctv::bench::bench_main(argc, argv, "cctv_playback_bench", 10, 10, cctv::run);
}
