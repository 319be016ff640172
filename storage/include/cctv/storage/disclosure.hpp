// SPDX-License-Identifier: Apache-2.0
// Disclosure control for counts shared outside the control room, in one place. Primary
// suppression: a count of 1 to 4 is shown as "<5". Secondary suppression: in every group of
// counts published beside their total (a site's categories and the site's total; the sites and
// the cluster's total), more cells are withheld ("*") until no withheld count can be worked out
// from the others, by subtraction or from the bounds a reader knows ("<5" is 1 to 4, "*" is 5 or
// more, since every count under 5 is already "<5"). Zeros stay "0".
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "cctv/storage/hotspots.hpp"

namespace cctv::storage {

enum class Shown { exact, small, withheld };

// "12", "<5" or "*".
std::string shown_text(int count, Shown how);
// Whether a count as published is the number itself (charts draw a bar only for those).
bool is_exact(const std::string& shown);

// A total and the counts it adds up, by index into the list of counts.
struct CountGroup {
  std::size_t total = 0;
  std::vector<std::size_t> parts;
};

// How each of `counts` is published when `groups` are shown with their totals: all exact
// unless `suppress`.
std::vector<Shown> protect_counts(const std::vector<int>& counts,
                                  const std::vector<CountGroup>& groups, bool suppress);

// The hotspot table as it is published: every count already as text.
struct PublishedHotspots {
  struct Site {
    std::string total;
    std::map<std::string, std::string> by_category;  // every category of the table
  };
  std::map<std::string, Site> sites;  // by site id
  std::string total;
};

PublishedHotspots publish_hotspots(const HotspotTable& table, bool suppress);

}  // namespace cctv::storage
