// SPDX-License-Identifier: Apache-2.0
// Legal holds: footage of a camera over a time window that retention must not delete until the
// hold is released (an incident marked for retention, a police request, an export).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cctv/common/time.hpp"

namespace cctv::storage {

struct LegalHold {
  std::int64_t id = 0;
  std::string camera;
  Timestamp from{};
  Timestamp to{};
  std::string reason;
  std::string created_by;
  Timestamp created_at{};
  std::optional<Timestamp> released_at;
  std::string released_by;
};

class HoldError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class LegalHolds {
 public:
  explicit LegalHolds(const std::string& db_path);
  ~LegalHolds();
  LegalHolds(const LegalHolds&) = delete;
  LegalHolds& operator=(const LegalHolds&) = delete;

  // Throws HoldError for an empty camera or reason or from >= to.
  std::int64_t add(const std::string& actor, const std::string& camera, Timestamp from, Timestamp to,
                   const std::string& reason);
  // Throws HoldError for an unknown or already released hold.
  void release(const std::string& actor, std::int64_t id);
  std::vector<LegalHold> active() const;
  std::vector<LegalHold> all() const;
  // True when an active hold covers any part of [from, to) of `camera`.
  bool covers(const std::string& camera, Timestamp from, Timestamp to) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::storage
