// SPDX-License-Identifier: Apache-2.0
// Running the real `cctv` binary from tests.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace cctv::test {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  double cpu_s = 0;  // user + system CPU time the command used (for benchmarks)
};

// Runs a command to completion, capturing stdout and stderr.
CommandResult run_command(const std::vector<std::string>& args);

// A background process whose output goes to a log file; killed on destruction if still alive.
class Process {
 public:
  Process(const std::vector<std::string>& args, const std::filesystem::path& log);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  void signal(int sig) const;
  // Waits for exit; returns the exit code, 128+signal if killed, or -1 on timeout.
  int wait(std::chrono::milliseconds timeout);
  bool running();
  pid_t pid() const { return pid_; }  // for reading /proc/PID

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  bool exited_ = false;
};

std::string read_file(const std::filesystem::path& path);

// User + system CPU time in `usage`, in seconds.
double cpu_seconds(const rusage& usage);

// The machine's 1, 5 and 15 minute load averages ("0.52 1.10 2.01"), to print beside figures.
std::string load_average();

}  // namespace cctv::test
