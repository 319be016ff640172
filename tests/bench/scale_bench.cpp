// SPDX-License-Identifier: Apache-2.0
// Issue 15, item 3: what N analysed cameras cost the whole `cctv run` (capture, recording,
// analytics with YOLOX-Nano, store, console in one process), and the largest N this machine
// carries with every camera at full analysed rate.
//
//   cctv_scale_bench [--cameras 8:2,24:6,48:12] [--seconds 60] [--warmup 20] [--find-max]
//                    [--quiet-kbps 1000] [--ffmpeg-peer]
//
// Each mix is TOTAL:BUSY; the rest are quiet. Cameras: `cctv fake-cameras` in its own process
// (not measured) serves two pre-encoded files as they are, looped, one pipeline per client
// (scale_footage.hpp): "busy" PETS09 and "quiet" a still square with sensor noise, 640x360 @ 6
// fps, 1 Mbit/s (--quiet-kbps sets the quiet stream's). Every camera analyses 6 fps at 640x360 with
// YOLOX every third frame, records, and has a loitering and a crowding zone where PETS09 people
// walk and stand.
//
// After the cameras are up and a warm-up, over --seconds of wall time: CPU of the cctv process
// (/proc/PID/stat, % of one core), its largest RSS (/proc/PID/status), and per camera, from the
// status every camera node publishes on the bus every 2 s (what the console shows, but with the
// cumulative counters the console leaves out): analysed fps (frames_out over the window),
// detector runs and skips per second (detector_runs / detector_skipped when the status has them,
// else n/a) and frames dropped. Cameras offline: any the console's GET /api/cameras showed
// offline during the window. Alarm latency: for each incident change on the console's SSE
// stream, the time it arrived minus the frame time of each new alarm start in it (GET
// /api/incidents/ID). PASS: every camera >= 5.5 analysed fps, none offline, CPU <= 180%, latency
// p99 <= 500 ms. --find-max grows N by 8 (a quarter busy) until a camera falls below 5.5 fps or
// one goes offline. --ffmpeg-peer then runs as many ffmpeg processes (Debian's ffmpeg) as the
// largest mix of quiet cameras only (N:0) has cameras, each receiving and decoding the quiet
// stream on one thread, for the same warm-up and window: what a quiet camera costs anything that
// decodes it, beside what it costs `cctv run`, on the same machine in the same run.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include <httplib.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "bench_processes.hpp"
#include "cctv/bus/live_feed.hpp"
#include "cctv/common/sql.hpp"
#include "cctv/common/time.hpp"
#include "cctv/node/data_layout.hpp"
#include "cctv/storage/users.hpp"
#include "scale_footage.hpp"
#include "support/process.hpp"
#include "support/shared_data.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

namespace cctv::bench {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr double kMinFps = 5.5;
constexpr double kMaxCpuPercent = 180;
constexpr double kMaxP99Ms = 500;
const char* const kPets = cctv::test::kPets09Video;
const char* const kModel = cctv::test::kYoloxNanoModel;
const std::string kUser = "bench";
const std::string kPassword = "scale bench password";

struct Mix {
  int cameras = 0;
  int busy = 0;
};

// ---- the configuration ----

struct Ports {
  int console = test::free_tcp_port();
  int publish = test::free_tcp_port();
  int subscribe = test::free_tcp_port();
  int requests = test::free_tcp_port();
};

std::vector<std::string> camera_ids(const Mix& mix) {
  std::vector<std::string> ids;
  for (int i = 0; i < mix.cameras; ++i)
    ids.push_back((i < mix.busy ? "busy" : "quiet") + std::to_string(i));
  return ids;
}

std::string config_yaml(const Mix& mix, const FakeCameras& cameras, const Ports& p) {
  const auto tcp = [](int port) { return "\"tcp://127.0.0.1:" + std::to_string(port) + "\""; };
  std::string cams, zones;
  for (const std::string& id : camera_ids(mix)) {
    const bool busy = id.starts_with("busy");
    cams += "  - {id: " + id + ", site: pets09, url: \"" + cameras.url(busy ? "busy" : "quiet") +
            "\",\n     analytics: {fps: " + std::to_string(kFps) +
            ", width: " + std::to_string(kWidth) + ", height: " + std::to_string(kHeight) +
            ", detector: yolox, model: \"" + kModel + "\", detection_interval: 3}}\n";
    zones += zones_of(id);
  }
  return "sites: [{id: pets09, name: PETS 2009 square}]\ncameras:\n" + cams + "zones:\n" + zones +
         "bus: {source: scale-bench, publish: " + tcp(p.publish) +
         ", subscribe: " + tcp(p.subscribe) +
         ", broker: true, replay: \"tcp://127.0.0.1:*\", store_requests: " + tcp(p.requests) +
         "}\nconsole: {bind: \"127.0.0.1:" + std::to_string(p.console) + "\"}\n";
}

// ---- the console, as an operator's browser sees it ----

class Console {
 public:
  explicit Console(int port) : port_(port) {}

  bool login() {
    httplib::Client c("127.0.0.1", port_);
    const auto r = c.Post("/api/session", json{{"user", kUser}, {"password", kPassword}}.dump(),
                          "application/json");
    if (!r || r->status != 200) return false;
    const std::string cookie = r->get_header_value("Set-Cookie");
    cookie_ = cookie.substr(0, cookie.find(';'));
    return true;
  }
  const std::string& cookie() const { return cookie_; }
  int port() const { return port_; }

  // The JSON of GET `path`, or null.
  json get(const std::string& path) const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(10);
    const auto r = c.Get(path, {{"Cookie", cookie_}});
    if (!r || r->status != 200) return nullptr;
    return json::parse(r->body, nullptr, false);
  }

 private:
  int port_;
  std::string cookie_;
};

// An incident change as it arrived on the SSE stream.
struct Notice {
  std::string incident;
  std::int64_t event_count = 0;
  Timestamp received{};
};

// Follows GET /api/stream in the background and keeps the alarm incidents' changes.
class AlarmStream {
 public:
  explicit AlarmStream(const Console& console)
      : thread_(
            [this, port = console.port(), cookie = console.cookie()] { follow(port, cookie); }) {}
  ~AlarmStream() {
    stop_ = true;  // seen at the next chunk: camera status comes every 2 s
    thread_.join();
  }
  std::vector<Notice> take() {
    std::lock_guard lock(mutex_);
    return std::exchange(notices_, {});
  }

 private:
  void follow(int port, const std::string& cookie) {
    std::string buffer;
    while (!stop_) {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(10);
      c.Get("/api/stream", {{"Cookie", cookie}}, [&](const char* data, std::size_t n) {
        const Timestamp received = now_utc();  // before any parsing
        buffer.append(data, n);
        for (std::size_t end; (end = buffer.find("\n\n")) != std::string::npos;) {
          parse(buffer.substr(0, end), received);
          buffer.erase(0, end + 2);
        }
        return !stop_.load();
      });
    }
  }
  void parse(const std::string& block, Timestamp received) {
    if (!block.starts_with("event: incident\n")) return;
    const auto data = block.find("data: ");
    if (data == std::string::npos) return;
    const json incident = json::parse(block.substr(data + 6), nullptr, false);
    if (!incident.is_object() || incident.value("kind", "") != "alarm") return;
    std::lock_guard lock(mutex_);
    notices_.push_back(
        {incident.value("id", ""), incident.value("event_count", std::int64_t{0}), received});
  }

  std::mutex mutex_;
  std::vector<Notice> notices_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Frame time -> console latency of each event, counted once, from the first notice that
// includes it (the notice's event_count says how many of the incident's events it covers).
class Latencies {
 public:
  void add(const Console& console, const std::vector<Notice>& notices, bool measuring) {
    for (const Notice& n : notices) {
      const json detail = console.get("/api/incidents/" + n.incident);
      if (!detail.is_object()) continue;
      std::vector<std::tuple<Timestamp, std::string, std::string>> events;
      for (const json& e : detail["events"]) {
        events.emplace_back(parse_utc(e.value("ts", "")).value_or(Timestamp{}), e.value("id", ""),
                            e.value("phase", ""));
      }
      std::sort(events.begin(), events.end());
      events.resize(std::min<std::size_t>(events.size(), static_cast<std::size_t>(n.event_count)));
      for (const auto& [ts, id, phase] : events) {
        // An alarm's start is what an operator waits for; updates and ends ride along with
        // later notices, so their "latency" would be the time to the next change.
        if (!seen_.insert(id).second || !measuring || phase != "start") continue;
        samples_.push_back({id, ts, n.received});
      }
    }
  }
  std::size_t count() const { return samples_.size(); }
  std::vector<double> total_ms() const {
    std::vector<double> ms;
    for (const Sample& s : samples_) ms.push_back(seconds_between(s.frame, s.console) * 1000);
    return ms;
  }
  // Where the time went, from what the run left on disk: the outbox's append time and the
  // store's stored_at of each measured alarm start.
  std::string stages(const fs::path& data) const;

 private:
  struct Sample {
    std::string id;
    Timestamp frame, console;
  };
  std::set<std::string> seen_;
  std::vector<Sample> samples_;
};

double percentile(std::vector<double> v, double p) {  // nearest rank; NaN without samples
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100 * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

std::string Latencies::stages(const fs::path& data) const {
  const sql::OpenOptions read_only{.read_only = true};
  sql::Database outbox(node::outbox_path(data.string()), read_only);
  sql::Database store(node::database_path(data.string()), read_only);
  sql::Statement appended(outbox, "SELECT appended_ms, json FROM outbox WHERE id = ?1");
  sql::Statement stored(store, "SELECT stored_at FROM events WHERE id = ?1");
  std::vector<double> analyse, bus, console;
  std::string slowest;  // which alarm took longest to the outbox, and when: to find the cause
  double slowest_ms = 0;
  for (const Sample& s : samples_) {
    appended.bind(1, s.id);
    stored.bind(1, s.id);
    if (appended.step() && stored.step()) {
      const Timestamp out{std::chrono::milliseconds(appended.integer(0))};
      const Timestamp in = parse_utc(stored.text(0)).value_or(out);
      analyse.push_back(seconds_between(s.frame, out) * 1000);
      bus.push_back(seconds_between(out, in) * 1000);
      console.push_back(seconds_between(in, s.console) * 1000);
      if (analyse.back() > slowest_ms) {
        slowest_ms = analyse.back();
        const json e = json::parse(appended.text(1), nullptr, false);
        slowest = (e.is_object() ? e.value("camera", "?") + " " + e.value("type", "?") : "?") +
                  " of " + format_utc(s.frame);
      }
    }
    appended.reset();
    stored.reset();
  }
  const auto both = [](const std::vector<double>& v) {
    char text[48];
    std::snprintf(text, sizeof text, "%.0f/%.0f", percentile(v, 50), percentile(v, 99));
    return std::string(text);
  };
  return "frame->outbox " + both(analyse) + ", outbox->store " + both(bus) + ", store->console " +
         both(console) + " (p50/p99 ms of " + std::to_string(analyse.size()) +
         "); slowest to the " + "outbox: " + slowest;
}

// ---- one mix ----

struct Result {
  Mix mix;
  double cpu_percent = 0;
  double fps_min = 0, fps_mean = 0;
  int offline = 0;
  std::optional<double> detections_s, skipped_s;
  double dropped_s = 0;
  std::size_t alarms = 0;
  double p50_ms = NAN, p99_ms = NAN;
  double rss_mb = 0;
  std::string stages;  // the latency's parts
  bool fps_ok() const { return fps_min >= kMinFps && offline == 0; }
  bool pass() const { return fps_ok() && cpu_percent <= kMaxCpuPercent && !(p99_ms > kMaxP99Ms); }
};

// The latest status each camera node published on the bus, and when it arrived.
class StatusFeed {
 public:
  struct Status {
    json figures;
    Clock::time_point at;
  };
  explicit StatusFeed(int broker_port)
      : subscriber_(context_, "tcp://127.0.0.1:" + std::to_string(broker_port),
                    {bus::kLiveStatusPrefix}),
        thread_([this] {
          while (!stop_) {
            const auto m = subscriber_.receive(200ms);
            if (!m || m->kind != bus::LiveMessage::Kind::status) continue;
            std::lock_guard lock(mutex_);
            latest_[m->camera] = {json::parse(m->meta, nullptr, false), Clock::now()};
          }
        }) {}
  ~StatusFeed() {
    stop_ = true;
    thread_.join();
  }
  std::map<std::string, Status> latest() const {
    std::lock_guard lock(mutex_);
    return latest_;
  }

 private:
  zmq::context_t context_;
  bus::LiveSubscriber subscriber_;
  mutable std::mutex mutex_;
  std::map<std::string, Status> latest_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

using Statuses = std::map<std::string, StatusFeed::Status>;

// Per camera, the rate of a cumulative status counter between two snapshots; nullopt for a
// camera whose status lacks it (or that did not report twice).
std::optional<double> camera_rate(const Statuses& first, const Statuses& last,
                                  const std::string& camera, const char* key) {
  const auto a = first.find(camera), b = last.find(camera);
  if (a == first.end() || b == last.end() || b->second.at <= a->second.at) return std::nullopt;
  const json &x = a->second.figures, &y = b->second.figures;
  if (!x.is_object() || !y.is_object() || !x.contains(key) || !y.contains(key)) return std::nullopt;
  return (y[key].get<double>() - x[key].get<double>()) /
         std::chrono::duration<double>(b->second.at - a->second.at).count();
}

// Summed over the cameras; nullopt if any camera lacks the counter.
std::optional<double> total_rate(const Statuses& first, const Statuses& last,
                                 const std::vector<std::string>& cameras, const char* key) {
  double total = 0;
  for (const std::string& id : cameras) {
    const auto rate = camera_rate(first, last, id, key);
    if (!rate) return std::nullopt;
    total += *rate;
  }
  return total;
}

// The cameras the console showed offline.
void note_offline(const json& body, std::set<std::string>& offline) {
  if (!body.is_object()) return;
  for (const json& c : body["cameras"]) {
    if (c.value("state", "") == "offline") offline.insert(c.value("id", ""));
  }
}

Result run_mix(const Mix& mix, const FakeCameras& cameras, const fs::path& work, double warmup_s,
               double seconds) {
  test::TempDir dir;
  const Ports ports;
  const fs::path config = dir.write("scale.yaml", config_yaml(mix, cameras, ports));
  const auto check = test::run_command({CCTV_BINARY, "config", "check", config.string()});
  if (check.exit_code != 0)
    throw std::runtime_error("config check failed:\n" + check.err + check.out);
  const fs::path data = dir / "data";
  fs::create_directories(data);
  storage::UserStore(node::database_path(data.string()))
      .add(kUser, storage::Role::operator_, kPassword);

  Child cctv({"run", "--config", config.string(), "--data", data.string()}, work / "run.log");
  Console console(ports.console);
  if (!test::wait_until(60s, [&] { return console.login(); }))
    throw std::runtime_error("the console did not answer:\n" + cctv.output());
  // Up: every camera delivering analytics frames (slow to start when many connect at once).
  const auto all_up = [&] {
    const json body = console.get("/api/cameras");
    if (!body.is_object()) return false;
    return std::all_of(body["cameras"].begin(), body["cameras"].end(),
                       [](const json& c) { return c.value("fps_out", 0.0) > 0; });
  };
  if (!test::wait_until(std::chrono::seconds(30 + mix.cameras), all_up))
    std::fprintf(stderr, "  not every camera delivers frames; measuring anyway\n");

  StatusFeed statuses(ports.subscribe);
  AlarmStream stream(console);
  Latencies latencies;
  pause_for(clock_seconds(warmup_s));
  latencies.add(console, stream.take(), false);  // events before the window count as seen

  const pid_t pid = cctv.pid();
  std::set<std::string> offline;
  Result r{.mix = mix};
  const Statuses first = statuses.latest();
  const auto start = Clock::now();
  const double cpu0 = cpu_seconds(pid);
  for (int tick = 1; seconds_since(start) < seconds; ++tick) {
    if (!cctv.running()) throw std::runtime_error("cctv run ended:\n" + cctv.output());
    note_offline(console.get("/api/cameras"), offline);
    r.rss_mb = std::max(r.rss_mb, rss_mb(pid));
    latencies.add(console, stream.take(), true);
    pause_for(start + std::chrono::seconds(tick) - Clock::now());
  }
  r.cpu_percent = (cpu_seconds(pid) - cpu0) / seconds_since(start) * 100;
  const Statuses last = statuses.latest();
  latencies.add(console, stream.take(), true);

  const std::vector<std::string> ids = camera_ids(mix);
  r.fps_min = INFINITY;
  for (const std::string& id : ids) {
    // No status twice in the window: it analysed nothing we can count, as good as offline.
    const double fps = camera_rate(first, last, id, "frames_out").value_or(0);
    r.fps_min = std::min(r.fps_min, fps);
    r.fps_mean += fps / static_cast<double>(ids.size());
  }
  r.offline = static_cast<int>(offline.size());
  r.detections_s = total_rate(first, last, ids, "detector_runs");
  r.skipped_s = total_rate(first, last, ids, "detector_skipped");
  r.dropped_s = total_rate(first, last, ids, "frames_dropped").value_or(NAN);
  r.alarms = latencies.count();
  r.p50_ms = percentile(latencies.total_ms(), 50);
  r.p99_ms = percentile(latencies.total_ms(), 99);
  r.stages = latencies.stages(data);
  cctv.stop();
  return r;
}

// ---- the peer: ffmpeg receiving and decoding the quiet stream ----

constexpr char kFfmpeg[] = "/usr/bin/ffmpeg";

// CPU per client, % of one core, of `clients` ffmpeg processes each receiving the quiet stream
// over RTSP and decoding it on one thread, discarding the frames: the least any system that
// analyses the stream must spend on it, measured on this machine beside our figures.
double ffmpeg_quiet_percent(const FakeCameras& cameras, int clients, const fs::path& work,
                            double warmup_s, double seconds) {
  std::vector<std::unique_ptr<test::Process>> peers;
  for (int i = 0; i < clients; ++i) {
    peers.push_back(std::make_unique<test::Process>(
        std::vector<std::string>{kFfmpeg, "-nostdin", "-hide_banner", "-loglevel", "error",
                                 "-threads", "1", "-i", cameras.url("quiet"), "-f", "null", "-"},
        work / ("ffmpeg-" + std::to_string(i) + ".log")));
  }
  pause_for(clock_seconds(warmup_s));
  const auto total = [&] {
    double sum = 0;
    for (const auto& p : peers) {
      if (!p->running()) throw std::runtime_error("ffmpeg ended: see " + work.string());
      sum += cpu_seconds(p->pid());
    }
    return sum;
  };
  const auto start = Clock::now();
  const double cpu0 = total();
  pause_for(clock_seconds(seconds));
  const double percent = (total() - cpu0) / seconds_since(start) * 100 / clients;
  for (const auto& p : peers) p->signal(SIGTERM);
  for (const auto& p : peers) p->wait(std::chrono::seconds(10));
  return percent;
}

// The mix of quiet cameras only with the most cameras, if one ran.
const Result* largest_quiet(const std::vector<Result>& results) {
  const Result* quiet = nullptr;
  for (const Result& r : results) {
    if (r.mix.busy == 0 && (!quiet || r.mix.cameras > quiet->mix.cameras)) quiet = &r;
  }
  return quiet;
}

void print_peer(const Result& quiet, double percent) {
  const double ours = quiet.cpu_percent / quiet.mix.cameras;
  std::printf(
      "peer: %d x `ffmpeg -threads 1 -i <quiet stream> -f null -`: %.2f%% of a core each; a "
      "quiet camera in `cctv run` (%d quiet): %.2f%%, %.2fx ffmpeg's\n",
      quiet.mix.cameras, percent, quiet.mix.cameras, ours, ours / percent);
}

// ---- the report ----

std::string figure(double v, int decimals = 0) {
  if (std::isnan(v)) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, v);
  return text;
}
std::string figure(std::optional<double> v, int decimals = 1) {
  return v ? figure(*v, decimals) : "n/a";
}

void print_header() {
  std::printf("%7s %4s %5s %6s %7s %7s %7s %7s %7s %7s %7s %6s %6s %6s %6s  %s\n", "cameras",
              "busy", "quiet", "CPU%", "CPU%/c", "fps min", "fps avg", "offline", "det/s", "skip/s",
              "drop/s", "alarms", "p50ms", "p99ms", "RSS MB", "result");
}

void print_row(const Result& r) {
  std::string verdict = r.pass() ? "PASS" : "FAIL:";
  if (r.fps_min < kMinFps) verdict += " fps";
  if (r.offline > 0) verdict += " offline";
  if (r.cpu_percent > kMaxCpuPercent) verdict += " cpu";
  if (r.p99_ms > kMaxP99Ms) verdict += " latency";
  std::printf("%7d %4d %5d %6s %7s %7s %7s %7d %7s %7s %7s %6zu %6s %6s %6s  %s\n", r.mix.cameras,
              r.mix.busy, r.mix.cameras - r.mix.busy, figure(r.cpu_percent).c_str(),
              figure(r.cpu_percent / r.mix.cameras, 1).c_str(), figure(r.fps_min, 2).c_str(),
              figure(r.fps_mean, 2).c_str(), r.offline, figure(r.detections_s).c_str(),
              figure(r.skipped_s).c_str(), figure(r.dropped_s, 1).c_str(), r.alarms,
              figure(r.p50_ms).c_str(), figure(r.p99_ms).c_str(), figure(r.rss_mb).c_str(),
              verdict.c_str());
  std::printf("        latency: %s\n", r.stages.c_str());
  std::fflush(stdout);
}

std::vector<Mix> parse_mixes(const std::string& text) {
  std::vector<Mix> mixes;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    Mix m;
    char colon = 0;
    std::istringstream one(item);
    if (!(one >> m.cameras >> colon >> m.busy) || colon != ':' || m.cameras < 1 || m.busy < 0 ||
        m.busy > m.cameras)
      throw CLI::ValidationError("--cameras",
                                 "TOTAL:BUSY[,...] with 0 <= BUSY <= TOTAL, not '" + item + "'");
    mixes.push_back(m);
  }
  return mixes;
}

int run(int argc, char** argv) {
  std::string mixes_text = "8:2,24:6,48:12";
  double seconds = 60, warmup_s = 20;
  bool find_max = false;
  int quiet_kbps = kDefaultKbps;
  CLI::App app("cctv_scale_bench: the whole cctv run path with N RTSP cameras");
  app.add_option("--cameras", mixes_text, "Mixes TOTAL:BUSY, comma-separated")
      ->capture_default_str();
  app.add_option("--seconds", seconds, "Measured seconds per mix")
      ->capture_default_str()
      ->check(CLI::Range(5.0, 3600.0));
  app.add_option("--warmup", warmup_s, "Seconds after every camera is up, before measuring")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 600.0));
  app.add_option("--quiet-kbps", quiet_kbps, "Constant bitrate of the quiet cameras' stream")
      ->capture_default_str()
      ->check(CLI::Range(64, 4000));
  bool ffmpeg_peer = false;
  app.add_flag("--ffmpeg-peer", ffmpeg_peer,
               "After the mixes, as many ffmpeg processes as the largest all-quiet mix has "
               "cameras receive and decode the quiet stream");
  app.add_flag("--find-max", find_max,
               "Grow N by 8 (a quarter busy) until a camera is below 5.5 fps");
  CLI11_PARSE(app, argc, argv);
  const std::vector<Mix> mixes = parse_mixes(mixes_text);

  if (!fs::exists(kPets)) {
    std::fprintf(stderr,
                 "cctv_scale_bench: %s is missing (Debian package opencv-doc): no busy footage\n",
                 kPets);
    return 2;
  }
  if (!fs::exists(kModel)) {
    std::fprintf(stderr, "cctv_scale_bench: the YOLOX-Nano model %s is missing\n", kModel);
    return 2;
  }
  if (ffmpeg_peer && !fs::exists(kFfmpeg)) {
    std::fprintf(stderr, "cctv_scale_bench: --ffmpeg-peer needs %s (Debian package ffmpeg)\n",
                 kFfmpeg);
    return 2;
  }
  const fs::path cache = fs::path(CCTV_TEST_CACHE_DIR) / "scale-bench";
  std::printf("footage: %s (made once); quiet stream %d kbit/s\n", cache.c_str(), quiet_kbps);
  const Footage footage = prepare_footage(kPets, cache, quiet_kbps);
  test::TempDir work;
  FakeCameras cameras({{"busy", footage.busy}, {"quiet", footage.quiet}},
                      work.path() / "fake-cameras.log");
  std::printf("machine: %s; %g s warm-up, %g s measured per mix\n", machine().c_str(), warmup_s,
              seconds);
  print_header();
  if (!find_max) {
    std::vector<Result> results;
    for (const Mix& mix : mixes) {
      results.push_back(run_mix(mix, cameras, work.path(), warmup_s, seconds));
      print_row(results.back());
    }
    const Result* quiet = largest_quiet(results);
    if (ffmpeg_peer && quiet)
      print_peer(*quiet,
                 ffmpeg_quiet_percent(cameras, quiet->mix.cameras, work.path(), warmup_s, seconds));
    if (ffmpeg_peer && !quiet) std::printf("peer: needs a mix of quiet cameras only (N:0)\n");
    return 0;
  }
  int largest = 0;
  for (int n = 8;; n += 8) {
    const Result r = run_mix({n, n / 4}, cameras, work.path(), warmup_s, seconds);
    print_row(r);
    if (!r.fps_ok()) break;
    largest = n;
  }
  std::printf("largest N with every camera >= %.1f analysed fps and none offline: %d\n", kMinFps,
              largest);
  return 0;
}

}  // namespace
}  // namespace cctv::bench

int main(int argc, char** argv) {
  return cctv::bench::bench_main("cctv_scale_bench", cctv::bench::run, argc, argv);
}
