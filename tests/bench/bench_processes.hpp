// SPDX-License-Identifier: Apache-2.0
// What the whole-system benches (cctv_scale_bench, cctv_soak_bench) share: `cctv` child
// processes, the fake cameras they watch, readings of a process from /proc, and sleeping that
// gives up on Ctrl-C (every child is then stopped on the way out).
#pragma once

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cctv/common/time.hpp"
#include "scale_footage.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

namespace cctv::bench {

using Clock = std::chrono::steady_clock;

inline std::atomic<bool> g_interrupted{false};

struct Interrupted : std::runtime_error {
  Interrupted() : std::runtime_error("interrupted") {}
};

// SIGINT/SIGTERM set g_interrupted, which pause_for turns into Interrupted.
inline void stop_on_signals() {
  struct sigaction on_stop {};
  on_stop.sa_handler = [](int) { g_interrupted = true; };
  sigaction(SIGINT, &on_stop, nullptr);
  sigaction(SIGTERM, &on_stop, nullptr);
}

// A number of seconds as the steady clock's duration.
inline Clock::duration clock_seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

// Sleeps, but gives up (throwing, so every child is stopped on the way out) on SIGINT/SIGTERM.
inline void pause_for(Clock::duration d) {
  const auto until = Clock::now() + d;
  while (Clock::now() < until) {
    if (g_interrupted) throw Interrupted();
    std::this_thread::sleep_for(
        std::min<Clock::duration>(std::chrono::milliseconds(100), until - Clock::now()));
  }
}

// The machine a figure was measured on: cores, load, when.
inline std::string machine() {
  return std::to_string(std::thread::hardware_concurrency()) + " cores, load " +
         test::load_average() + ", " + format_utc(now_utc());
}

// A bench's main(): stops on SIGINT/SIGTERM (children included), reports what went wrong.
inline int bench_main(const char* name, int (*run)(int, char**), int argc, char** argv) {
  stop_on_signals();
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", name, e.what());
    return 1;
  }
}

inline double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// A `cctv` subcommand in the background; stopped with SIGTERM, then SIGKILL after 10 s.
class Child {
 public:
  static constexpr std::chrono::seconds kStopGrace{10};

  Child(std::vector<std::string> args, const std::filesystem::path& log)
      : log_(log), process_(with_binary(std::move(args)), log) {}
  ~Child() { stop(); }
  // True if it stopped within kStopGrace of SIGTERM (or had already ended).
  bool stop() {
    if (!process_.running()) return true;
    process_.signal(SIGTERM);
    if (process_.wait(kStopGrace) != -1) return true;
    std::fprintf(stderr, "%s did not stop within 10 s of SIGTERM: killed\n", log_.c_str());
    process_.signal(SIGKILL);
    process_.wait(kStopGrace);
    return false;
  }
  bool running() { return process_.running(); }
  pid_t pid() const { return process_.pid(); }
  std::string output() const {
    return test::read_file(log_) + test::read_file(log_.string() + ".err");
  }

 private:
  static std::vector<std::string> with_binary(std::vector<std::string> args) {
    args.insert(args.begin(), CCTV_BINARY);
    return args;
  }
  std::filesystem::path log_;
  test::Process process_;
};

// `cctv fake-cameras` serving encoded files as they are, looped, one stream per client; mounts
// maps a mount name to its file. The port is kept across restart().
class FakeCameras {
 public:
  FakeCameras(std::map<std::string, std::filesystem::path> mounts, std::filesystem::path log)
      : port_(test::free_tcp_port()), mounts_(std::move(mounts)), log_(std::move(log)) {
    start();
  }
  std::string url(const std::string& mount) const {
    return "rtsp://127.0.0.1:" + std::to_string(port_) + "/" + mount;
  }
  void stop() { child_.reset(); }
  void start() {
    std::vector<std::string> args = {"fake-cameras", "--port", std::to_string(port_)};
    for (const auto& [mount, file] : mounts_) {
      args.push_back("--encoded");
      args.push_back(mount + "=" + file.string());
    }
    child_ = std::make_unique<Child>(args, log_);
    const std::string last = url(mounts_.rbegin()->first);
    if (!test::wait_until(std::chrono::seconds(30),
                          [&] { return child_->output().find(last) != std::string::npos; }))
      throw std::runtime_error("cctv fake-cameras did not start:\n" + child_->output());
  }
  bool running() const { return child_ != nullptr; }

 private:
  int port_;
  std::map<std::string, std::filesystem::path> mounts_;
  std::filesystem::path log_;
  std::unique_ptr<Child> child_;
};

// ---- a process, from /proc ----

inline double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), {});
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));  // the name may hold spaces
  std::string skip;
  for (int i = 3; i < 14; ++i) fields >> skip;  // state .. cmajflt
  double utime = 0, stime = 0;
  fields >> utime >> stime;
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

inline double rss_mb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("VmRSS:")) return std::stod(line.substr(6)) / 1024;
  }
  return 0;
}

inline int open_fds(pid_t pid) {
  const std::filesystem::path fds = "/proc/" + std::to_string(pid) + "/fd";
  std::error_code ec;
  int n = 0;
  for (auto it = std::filesystem::directory_iterator(fds, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++n;
  return n;
}

}  // namespace cctv::bench
