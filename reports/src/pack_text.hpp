// SPDX-License-Identifier: Apache-2.0
// Private: wording the JSON and HTML forms of the pack share.
#pragma once

#include <string>

#include "cctv/storage/effectiveness.hpp"
#include "cctv/storage/hotspots.hpp"

namespace cctv::reports {

// A count shown as "<5".
inline bool suppressed(int count, bool suppress) {
  return suppress && count > 0 && count < storage::kSuppressBelow;
}

// The effectiveness summary, or, when counts behind it would be suppressed, only the verdicts
// (its rates would give the small numbers away).
inline std::string effectiveness_summary(const storage::Effectiveness& e, bool suppress) {
  for (const auto* c : {&e.site_before, &e.site_during, &e.site_after, &e.ring_before,
                        &e.ring_during, &e.ring_after}) {
    if (suppressed(c->count, suppress)) {
      return "Counts too small to publish (fewer than 5). At the site: " + e.site_change.verdict +
             "; neighbouring sites: " + e.ring_change.verdict + ".";
    }
  }
  return e.summary;
}

}  // namespace cctv::reports
