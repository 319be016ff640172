// SPDX-License-Identifier: Apache-2.0
// Redeployment recommendations for the LJAG: sites ranked by how many incidents they had
// recently and whether that is rising, each with the reason for its rank and whether a camera
// covers it now. Pure: the caller passes the incidents, the sites and where the cameras are.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cctv/storage/hotspots.hpp"

namespace cctv::storage {

struct RecommendationParams {
  Timestamp as_of{};      // the end of the recent window (usually now)
  int window_days = 90;   // "recent": [as_of - window, as_of); compared with the window before
  std::string cluster;    // empty: every site
  bool suppress = false;  // counts in the reasons as "<5" for 1..4 (shared outside the room)
};

struct Recommendation {
  int rank = 0;  // 1 = deploy here first
  std::string site;
  int recent = 0;                    // incidents in the recent window
  int previous = 0;                  // incidents in the window before it
  double per_week = 0;               // recent / weeks of the window: the density
  double trend = 1;                  // (recent + 1) / (previous + 1): > 1 rising, < 1 falling
  double score = 0;                  // per_week x trend clamped to [0.5, 2]
  std::vector<std::string> cameras;  // cameras at the site now
  bool covered = false;              // some camera is there
  std::string reason;                // why it is ranked where it is, in words
};

// Ranked by score, highest first; equal scores put uncovered sites first, then by site id.
// `camera_sites`: camera -> the site it is at now (SiteRegister::current_sites()).
std::vector<Recommendation> recommend_sites(const std::vector<IncidentPoint>& points,
                                            const std::vector<RegisteredSite>& sites,
                                            const std::map<std::string, std::string>& camera_sites,
                                            const RecommendationParams& params);

}  // namespace cctv::storage
