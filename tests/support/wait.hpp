// SPDX-License-Identifier: Apache-2.0
// Waiting in tests for something another thread or process makes true.
#pragma once

#include <chrono>
#include <thread>

namespace cctv::test {

// Checks `pred` every `every` until it holds or `limit` has passed; whether it held.
template <typename Pred>
bool wait_until(std::chrono::milliseconds limit, Pred pred,
                std::chrono::milliseconds every = std::chrono::milliseconds(250)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(every);
  }
  return false;
}

}  // namespace cctv::test
