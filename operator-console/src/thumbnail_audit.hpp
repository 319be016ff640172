// SPDX-License-Identifier: Apache-2.0
// Private: thumbnail loads are audited once per user per period, not one row per picture. An
// alarm list of forty thumbnails is one look at a list; forty `evidence.view` rows would bury the
// real views (a snapshot opened full size, a clip played, an export), which stay one row each.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "cctv/common/time.hpp"

namespace cctv::console {

class ThumbnailAudit {
 public:
  explicit ThumbnailAudit(std::chrono::seconds period) : period_(period) {}

  // Whether a thumbnail `user` loads at `now` starts a new period for them (and so is audited).
  bool starts_period(const std::string& user, Timestamp now);

  std::chrono::seconds period() const { return period_; }

 private:
  std::chrono::seconds period_;
  std::mutex mutex_;
  std::map<std::string, Timestamp> started_;  // by user: when their current period began
};

}  // namespace cctv::console
