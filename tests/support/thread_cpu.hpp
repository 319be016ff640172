// SPDX-License-Identifier: Apache-2.0
// CPU time of the calling thread: what work costs, whatever else the machine runs (wall time
// counts the waits for a core too), and zero for time spent blocked.
#pragma once

#include <time.h>

#include <chrono>

namespace cctv::test {

inline std::chrono::nanoseconds thread_cpu_time() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return std::chrono::seconds(t.tv_sec) + std::chrono::nanoseconds(t.tv_nsec);
}

}  // namespace cctv::test
