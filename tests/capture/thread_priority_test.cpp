// SPDX-License-Identifier: Apache-2.0
// Decoding for analytics gives way to receiving and recording: the analytics decoder's thread
// runs at kAnalyticsNice, the threads that record keep the normal priority.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "capture_test_util.hpp"
#include "cctv/common/thread_priority.hpp"
#include "support/temp_dir.hpp"

namespace cctv::capture::test {
namespace {

// Every thread of this process: name -> lowest nice value among threads of that name.
std::map<std::string, int> thread_nice_by_name() {
  std::map<std::string, int> out;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm"), stat(task.path() / "stat");
    std::string name, line;
    std::getline(comm, name);
    std::getline(stat, line);
    // Fields after the parenthesised name: state is field 3, nice is field 19.
    std::istringstream fields(line.substr(line.rfind(')') + 2));
    std::string field;
    int nice = 0;
    for (int i = 3; i <= 19 && fields >> field; ++i) {
      if (i == 19) nice = std::stoi(field);
    }
    if (!out.contains(name) || nice < out[name]) out[name] = nice;
  }
  return out;
}

TEST(Capture_ThreadPriority, the_analytics_decoder_runs_below_the_recording) {
  cctv::test::TempDir dir;
  FrameCollector frames;
  SupervisorParams params;
  params.source.recordings_dir = dir.path();
  SourceSupervisor source(camera("prio", "test://street?fps=6", 6), frames, std::move(params));
  ASSERT_TRUE(eventually([&] { return frames.count() >= 3; }, 20s));
  const auto threads = thread_nice_by_name();
  // The test may itself run niced (e.g. `nice ctest`): compare with this thread's value.
  const int base = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
  ASSERT_TRUE(threads.contains("analytics:src")) << "no analytics decoder thread";
  EXPECT_EQ(threads.at("analytics:src"), std::max(base, kAnalyticsNice));
  int normal = 0;
  for (const auto& [name, nice] : threads) normal += nice == base ? 1 : 0;
  EXPECT_GT(normal, 2) << "the other threads (receiving, recording) keep the normal priority";
}

}  // namespace
}  // namespace cctv::capture::test
