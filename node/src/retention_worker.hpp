// SPDX-License-Identifier: Apache-2.0
// Runs retention at start and then periodically, beside the store. Raises a
// storage_high_water alarm when the disk passed its high-water mark.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "cctv/bus/publisher.hpp"
#include "cctv/config/config.hpp"

namespace cctv::node {

class RetentionWorker {
 public:
  // `publisher` may be null (a store without one only logs the alarm).
  RetentionWorker(const config::Config& config, bus::Publisher* publisher);
  ~RetentionWorker();

 private:
  void run(std::stop_token stop);
  void run_once();

  std::string data_dir_;
  std::string store_;
  int retention_days_;
  double high_water_;
  double low_water_;
  std::chrono::milliseconds period_;
  bus::Publisher* publisher_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;
};

}  // namespace cctv::node
