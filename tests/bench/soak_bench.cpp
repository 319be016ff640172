// SPDX-License-Identifier: Apache-2.0
// Issue 16, item 8: the split runtime under faults for hours, looking for what only time shows
// (leaks of memory and file descriptors, lost events, deleted held footage).
//
//   cctv_soak_bench [--minutes 120] [--cameras 16] [--busy 4] [--flap-s 60]
//                   [--store-restart-s 600] [--warmup-min 10] [--detector motion|yolox]
//                   [--max-rss-growth 5] [--check]
//
// Processes, as a control room runs them: `cctv broker`, `cctv store` and `cctv camera-node` on
// one data directory (SQLite, local disk); the cameras are `cctv fake-cameras` serving the scale
// bench's footage (busy PETS09 and quiet street, 640x360 @ 6 fps) as RTSP, plus one camera on a
// server of its own that goes away and comes back every --flap-s. The store is restarted (SIGTERM,
// then started again) every --store-restart-s; once, at 40% of the run, the disk is filled to
// just past the high-water mark (set 2% above the use at the start) until retention has run,
// with a legal hold over the first minutes of busy0's footage.
//
// Every minute (or every 15 s in runs under 10 minutes): RSS and open files of the camera node
// and the broker, events stored. PASS when, after --warmup-min: the camera node's and the
// broker's RSS grew by less than --max-rss-growth percent and their open files by at most 8;
// everything the camera node published (its outbox's last seq) is in the store once; every held
// segment is still on disk and indexed; retention ran at the high-water mark; every process stopped
// within 10 s of SIGTERM. --check exits 1 on FAIL (the 3-minute CI test, Soak_Short).
#include <fcntl.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include <CLI/CLI.hpp>

#include "bench_processes.hpp"
#include "cctv/common/sql.hpp"
#include "cctv/common/time.hpp"
#include "cctv/node/data_layout.hpp"
#include "cctv/storage/recording_index.hpp"
#include "cctv/storage/retention.hpp"
#include "support/shared_data.hpp"

namespace cctv::bench {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const char* const kPets = cctv::test::kPets09Video;
const char* const kModel = cctv::test::kYoloxNanoModel;
const std::string kCameraNode = "soak";
constexpr int kFdSlack = 8;  // sockets being reconnected at the moment of a reading

struct Options {
  double minutes = 120;
  int cameras = 16;
  int busy = 4;
  double flap_s = 60;
  double store_restart_s = 600;
  double warmup_min = 10;
  std::string detector = "motion";
  double max_rss_growth = 5;
  bool check = false;
};

struct Ports {
  int publish = test::free_tcp_port();
  int subscribe = test::free_tcp_port();
  int requests = test::free_tcp_port();
};

std::string tcp(int port) { return "\"tcp://127.0.0.1:" + std::to_string(port) + "\""; }

std::string analytics(const Options& o) {
  std::string a = "{fps: " + std::to_string(kFps) + ", width: " + std::to_string(kWidth) +
                  ", height: " + std::to_string(kHeight) + ", detector: " + o.detector;
  if (o.detector == "yolox") a += ", model: \"" + std::string(kModel) + "\", detection_interval: 3";
  return a + "}";
}

std::string config_yaml(const Options& o, const FakeCameras& steady, const FakeCameras& flapping,
                        const Ports& p, const fs::path& data, double high_water) {
  std::string cams, zones;
  const auto camera = [&](const std::string& id, const std::string& url) {
    cams += "  - {id: " + id + ", site: pets09, url: \"" + url + "\", offline_after_s: 5,\n" +
            "     analytics: " + analytics(o) + "}\n";
  };
  for (int i = 0; i < o.cameras - 1; ++i) {
    const bool busy = i < o.busy;
    const std::string id = (busy ? "busy" : "quiet") + std::to_string(i);
    camera(id, steady.url(busy ? "busy" : "quiet"));
    if (busy) zones += zones_of(id);
  }
  camera("flap0", flapping.url("quiet"));
  char marks[160];
  std::snprintf(marks, sizeof marks,
                "disk_high_water: %.4f, disk_low_water: %.4f, retention_check_s: 5, segment_s: 10",
                high_water, high_water - 0.01);
  return "sites: [{id: pets09, name: PETS 2009 square}]\ncameras:\n" + cams +
         (zones.empty() ? "" : "zones:\n" + zones) + "storage: {data_dir: \"" + data.string() +
         "\", " + marks + "}\nbus: {source: soak, publish: " + tcp(p.publish) +
         ", subscribe: " + tcp(p.subscribe) +
         ", replay: \"tcp://127.0.0.1:*\", store_requests: " + tcp(p.requests) + "}\n";
}

// ---- what the store holds, read-only ----

std::int64_t single(const fs::path& db, const std::string& query) {
  const sql::Database d(db.string(), {.read_only = true});
  sql::Statement s(d, query);
  return s.step() ? s.integer(0) : 0;
}

std::int64_t events_stored(const fs::path& db) {
  return fs::exists(db) ? single(db, "SELECT COUNT(*) FROM events") : 0;
}

std::int64_t outbox_last_seq(const fs::path& outbox) {
  return single(outbox, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_seq'");
}

// What the store holds of a camera node's publications, each once: its events, and its
// announcements (not events, so indexed instead): segments still indexed or deleted by retention
// (audited), and alarm snapshots. Seq by seq it cannot be checked, as announcements keep none.
struct Accounted {
  std::int64_t events = 0, segments = 0, segments_deleted = 0, snapshots = 0;
  std::int64_t total() const { return events + segments + segments_deleted + snapshots; }
};

Accounted accounted(const fs::path& db, const std::string& source) {
  if (!fs::exists(db)) return {};
  return {single(db, "SELECT COUNT(*) FROM events WHERE source = '" + source + "'"),
          single(db, "SELECT COUNT(*) FROM recordings WHERE node = '" + source + "'"),
          single(db, "SELECT COUNT(*) FROM audit WHERE action = 'recording.delete'"),
          single(db, "SELECT COUNT(*) FROM evidence WHERE kind LIKE 'snapshot%'")};
}

// ---- the disk ----

// Fills the data directory's file system to just past `high_water` with one allocated file.
void fill_disk(const fs::path& filler, double high_water) {
  struct statvfs fsinfo {};
  if (statvfs(filler.parent_path().c_str(), &fsinfo) != 0)
    throw std::runtime_error("statvfs failed on " + filler.parent_path().string());
  const double total = static_cast<double>(fsinfo.f_blocks) * static_cast<double>(fsinfo.f_frsize);
  const double used = storage::filesystem_used(filler.parent_path().string());
  const auto bytes = static_cast<off_t>((high_water + 0.005 - used) * total);
  if (bytes <= 0) return;
  const int fd = ::open(filler.c_str(), O_CREAT | O_WRONLY, 0600);
  if (fd < 0 || posix_fallocate(fd, 0, bytes) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot allocate " + std::to_string(bytes) + " bytes in " +
                             filler.string());
  }
  ::close(fd);
}

// ---- the run ----

struct Reading {
  double minute = 0;
  double node_rss = 0, broker_rss = 0;
  int node_fds = 0, broker_fds = 0;
  std::int64_t events = 0;
};

struct Verdict {
  std::vector<std::string> failures;
  void require(bool ok, const std::string& what) {
    if (!ok) failures.push_back(what);
  }
};

void print_reading(const Reading& r, int store_restarts, int flaps) {
  std::printf("%7.1f %9.1f %8d %10.1f %10d %8lld %9d %6d\n", r.minute, r.node_rss, r.node_fds,
              r.broker_rss, r.broker_fds, static_cast<long long>(r.events), store_restarts, flaps);
  std::fflush(stdout);
}

class Soak {
 public:
  Soak(const Options& o, const Footage& footage, const fs::path& work)
      : o_(o),
        work_(work),
        data_(work / "data"),
        db_(node::database_path(data_.string())),
        steady_({{"busy", footage.busy}, {"quiet", footage.quiet}}, work / "fake-cameras.log"),
        flapping_({{"quiet", footage.quiet}}, work / "flapping-camera.log") {
    fs::create_directories(data_);
    high_water_ = std::min(0.99, storage::filesystem_used(data_.string()) + 0.02);
    config_ = work / "soak.yaml";
    std::ofstream(config_) << config_yaml(o, steady_, flapping_, ports_, data_, high_water_);
    const auto check = test::run_command({CCTV_BINARY, "config", "check", config_.string()});
    if (check.exit_code != 0)
      throw std::runtime_error("config check failed:\n" + check.err + check.out);
  }

  Verdict run() {
    Child broker({"broker", "--config", config_.string()}, work_ / "broker.log");
    start_store();
    Child cameras({"camera-node", "--config", config_.string(), "--name", kCameraNode},
                  work_ / "camera-node.log");
    std::printf(
        "machine: %s; %g min, %d cameras (%d busy, 1 flapping every %g s), store "
        "restarted every %g s, high-water mark %.1f%%\n",
        machine().c_str(), o_.minutes, o_.cameras, o_.busy, o_.flap_s, o_.store_restart_s,
        high_water_ * 100);
    std::printf("%7s %9s %8s %10s %10s %8s %9s %6s\n", "minute", "node RSS", "node fd",
                "broker RSS", "broker fd", "events", "restarts", "flaps");
    const auto sample_every = o_.minutes < 10 ? 15s : 60s;
    const auto begun = Clock::now();
    const Timestamp begun_utc = now_utc();
    const auto minute = [&] { return seconds_since(begun) / 60; };
    auto next_sample = begun, next_flap = begun + clock_seconds(o_.flap_s),
         next_restart = begun + clock_seconds(o_.store_restart_s);
    bool filled = false;
    std::optional<Reading> baseline;
    Reading last;
    double peak_node_rss = 0, peak_broker_rss = 0;
    int peak_node_fds = 0, peak_broker_fds = 0;
    int warmup_node_fds = 0, warmup_broker_fds = 0;
    while (minute() < o_.minutes) {
      if (!cameras.running() || !broker.running())
        throw std::runtime_error("a node ended:\n" + cameras.output() + broker.output());
      const auto now = Clock::now();
      if (now >= next_flap) {
        flapping_.running() ? flapping_.stop() : flapping_.start();
        ++flaps_;
        next_flap += clock_seconds(o_.flap_s);
      }
      if (now >= next_restart) {
        verdict_.require(store_->stop(), "the store stopped within 10 s of SIGTERM");
        start_store();
        ++store_restarts_;
        next_restart += clock_seconds(o_.store_restart_s);
      }
      if (held_camera_.empty() && minute() >= o_.warmup_min / 2) hold_footage(begun_utc);
      if (!filled && minute() >= 0.4 * o_.minutes) {
        fill_then_free();
        filled = true;
      }
      if (now >= next_sample) {
        last = {minute(),
                rss_mb(cameras.pid()),
                rss_mb(broker.pid()),
                open_fds(cameras.pid()),
                open_fds(broker.pid()),
                events_stored(db_)};
        print_reading(last, store_restarts_, flaps_);
        // Open files swing with the flapping camera's state: the baseline is the most seen
        // during the warm-up (which spans flaps), not whatever the last reading caught.
        if (!baseline) {
          warmup_node_fds = std::max(warmup_node_fds, last.node_fds);
          warmup_broker_fds = std::max(warmup_broker_fds, last.broker_fds);
        }
        if (!baseline && minute() >= o_.warmup_min) {
          baseline = last;
          baseline->node_fds = warmup_node_fds;
          baseline->broker_fds = warmup_broker_fds;
        }
        if (baseline) {
          peak_node_rss = std::max(peak_node_rss, last.node_rss);
          peak_broker_rss = std::max(peak_broker_rss, last.broker_rss);
          peak_node_fds = std::max(peak_node_fds, last.node_fds);
          peak_broker_fds = std::max(peak_broker_fds, last.broker_fds);
        }
        next_sample += sample_every;
      }
      pause_for(std::min(next_sample, std::min(next_flap, next_restart)) - Clock::now());
    }

    verdict_.require(cameras.stop(), "the camera node stopped within 10 s of SIGTERM");
    // The store takes what the camera node's outbox still held, then stops.
    const std::int64_t published = outbox_last_seq(node::outbox_path(data_.string(), kCameraNode));
    test::wait_until(60s, [&] { return accounted(db_, source()).total() >= published; });
    verdict_.require(store_->stop(), "the store stopped within 10 s of SIGTERM");
    verdict_.require(broker.stop(), "the broker stopped within 10 s of SIGTERM");

    report(baseline, peak_node_rss, peak_broker_rss, peak_node_fds, peak_broker_fds, published);
    return verdict_;
  }

 private:
  std::string source() const { return "soak/" + kCameraNode; }  // bus.source/role

  void start_store() {
    store_ =
        std::make_unique<Child>(std::vector<std::string>{"store", "--config", config_.string()},
                                work_ / ("store-" + std::to_string(store_restarts_) + ".log"));
  }

  // A legal hold over busy0's footage so far (the flapping camera's, if there are no busy ones).
  void hold_footage(Timestamp from) {
    held_camera_ = o_.busy > 0 ? "busy0" : "flap0";
    const Timestamp to = now_utc();
    const auto added = test::run_command({CCTV_BINARY, "hold", "add", "--data", data_.string(),
                                          "--camera", held_camera_, "--from", format_utc(from),
                                          "--to", format_utc(to), "--reason", "soak bench"});
    if (added.exit_code != 0) throw std::runtime_error("cctv hold add failed:\n" + added.err);
    for (const auto& r : storage::RecordingIndex(db_.string()).find(held_camera_, from, to))
      held_.push_back(r.path);
    verdict_.require(!held_.empty(), "footage to hold was indexed by the hold's time");
  }

  // Past the high-water mark until retention has reported it, then the space back.
  void fill_then_free() {
    const fs::path filler = data_ / "soak-filler.bin";
    fill_disk(filler, high_water_);
    const bool ran = test::wait_until(60s, [&] {
      return single(db_, "SELECT COUNT(*) FROM events WHERE type = 'storage_high_water'") > 0;
    });
    fs::remove(filler);
    verdict_.require(ran, "retention reported the high-water mark within 60 s of the fill");
  }

  void report(const std::optional<Reading>& baseline, double node_rss, double broker_rss,
              int node_fds, int broker_fds, std::int64_t published) {
    const auto growth = [](double from, double to) { return (to - from) / from * 100; };
    if (baseline) {
      std::printf(
          "after %.0f min: camera node RSS %.1f -> peak %.1f MB (%+.1f%%), fds %d -> %d; "
          "broker RSS %.1f -> %.1f MB (%+.1f%%), fds %d -> %d\n",
          baseline->minute, baseline->node_rss, node_rss, growth(baseline->node_rss, node_rss),
          baseline->node_fds, node_fds, baseline->broker_rss, broker_rss,
          growth(baseline->broker_rss, broker_rss), baseline->broker_fds, broker_fds);
      verdict_.require(growth(baseline->node_rss, node_rss) < o_.max_rss_growth,
                       "camera node RSS growth below the limit");
      verdict_.require(growth(baseline->broker_rss, broker_rss) < o_.max_rss_growth,
                       "broker RSS growth below the limit");
      verdict_.require(node_fds <= baseline->node_fds + kFdSlack, "camera node open files flat");
      verdict_.require(broker_fds <= baseline->broker_fds + kFdSlack, "broker open files flat");
    } else {
      verdict_.failures.push_back("the run ended before the warm-up did: nothing to compare");
    }
    const Accounted a = accounted(db_, source());
    std::printf(
        "camera node published %lld; the store holds %lld of them: %lld events, %lld "
        "segments indexed, %lld deleted by retention, %lld snapshots\n",
        static_cast<long long>(published), static_cast<long long>(a.total()),
        static_cast<long long>(a.events), static_cast<long long>(a.segments),
        static_cast<long long>(a.segments_deleted), static_cast<long long>(a.snapshots));
    verdict_.require(published > 0 && a.total() == published,
                     "every event and announcement the camera node published is stored once");
    std::size_t kept = 0;
    storage::RecordingIndex index(db_.string());
    for (const std::string& path : held_) kept += (index.at(path) && fs::exists(path)) ? 1 : 0;
    std::printf("held segments: %zu, kept %zu; store restarts %d, camera flaps %d\n", held_.size(),
                kept, store_restarts_, flaps_);
    verdict_.require(kept == held_.size(), "every held segment kept");
  }

  Options o_;
  fs::path work_, data_, db_, config_;
  Ports ports_;
  FakeCameras steady_, flapping_;
  double high_water_ = 0.9;
  std::unique_ptr<Child> store_;
  int store_restarts_ = 0, flaps_ = 0;
  std::string held_camera_;
  std::vector<std::string> held_;
  Verdict verdict_;
};

int run(int argc, char** argv) {
  Options o;
  CLI::App app("cctv_soak_bench: the split runtime for hours, under faults");
  app.add_option("--minutes", o.minutes, "Length of the run")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 24 * 60.0));
  app.add_option("--cameras", o.cameras, "Cameras, one of them flapping")
      ->capture_default_str()
      ->check(CLI::Range(2, 64));
  app.add_option("--busy", o.busy, "Cameras showing PETS09 people (alarms)")
      ->capture_default_str()
      ->check(CLI::Range(0, 63));
  app.add_option("--flap-s", o.flap_s, "The flapping camera goes or comes back this often")
      ->capture_default_str()
      ->check(CLI::Range(5.0, 3600.0));
  app.add_option("--store-restart-s", o.store_restart_s, "The store is restarted this often")
      ->capture_default_str()
      ->check(CLI::Range(10.0, 24 * 3600.0));
  app.add_option("--warmup-min", o.warmup_min, "Minutes before the leak baseline")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 600.0));
  app.add_option("--detector", o.detector, "Analytics detector")
      ->capture_default_str()
      ->check(CLI::IsMember({"motion", "yolox"}));
  app.add_option("--max-rss-growth", o.max_rss_growth, "PASS limit, percent after the warm-up")
      ->capture_default_str();
  app.add_flag("--check", o.check, "Exit 1 unless every criterion passes");
  CLI11_PARSE(app, argc, argv);
  if (o.check && std::getenv("CCTV_SKIP_SLOW_TESTS")) {
    std::printf("cctv_soak_bench: skipped (CCTV_SKIP_SLOW_TESTS is set)\n");
    return 77;
  }
  if (o.busy > o.cameras - 1) throw CLI::ValidationError("--busy", "at most --cameras - 1");
  if (!fs::exists(kPets)) {
    std::printf("cctv_soak_bench: skipped: %s is missing (Debian package opencv-doc)\n", kPets);
    return 0;
  }
  if (o.detector == "yolox" && !fs::exists(kModel)) {
    std::printf("cctv_soak_bench: skipped: the YOLOX-Nano model %s is missing\n", kModel);
    return 0;
  }
  const Footage footage = prepare_footage(kPets, fs::path(CCTV_TEST_CACHE_DIR) / "scale-bench");
  test::TempDir work;
  const Verdict verdict = Soak(o, footage, work.path()).run();
  for (const std::string& f : verdict.failures) std::printf("FAIL: %s\n", f.c_str());
  std::printf("%s\n", verdict.failures.empty() ? "PASS" : "FAIL");
  return o.check && !verdict.failures.empty() ? 1 : 0;
}

}  // namespace
}  // namespace cctv::bench

int main(int argc, char** argv) {
  return cctv::bench::bench_main("cctv_soak_bench", cctv::bench::run, argc, argv);
}
