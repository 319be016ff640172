// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/disclosure.hpp"

#include <algorithm>
#include <optional>

namespace cctv::storage {
namespace {

// Larger than any sum of counts here: "no upper bound" without overflowing a sum.
constexpr long long kUnbounded = 1LL << 40;

struct Range {
  long long lo = 0, hi = 0;
};

// What a reader knows of a count from how it is shown.
Range known(int count, Shown how) {
  switch (how) {
    case Shown::small:
      return {1, kSuppressBelow - 1};
    case Shown::withheld:
      return {kSuppressBelow, kUnbounded};
    case Shown::exact:
      break;
  }
  return {count, count};
}

// Whether a withheld member of `g` is pinned to one value by the others: total = sum of parts,
// so each member lies within what the others leave, intersected with what its own mark says.
bool discloses(const CountGroup& g, const std::vector<int>& counts,
               const std::vector<Shown>& shown) {
  const Range total = known(counts[g.total], shown[g.total]);
  Range parts{0, 0};
  for (std::size_t p : g.parts) {
    const Range r = known(counts[p], shown[p]);
    parts = {parts.lo + r.lo, parts.hi + r.hi};
  }
  const auto pinned = [](Range own, Range implied) {
    return std::max(own.lo, implied.lo) == std::min(own.hi, implied.hi);
  };
  if (shown[g.total] != Shown::exact && pinned(total, parts)) return true;
  for (std::size_t p : g.parts) {
    if (shown[p] == Shown::exact) continue;
    const Range own = known(counts[p], shown[p]);
    const Range others{parts.lo - own.lo, parts.hi - own.hi};
    if (pinned(own, {total.lo - others.hi, total.hi - others.lo})) return true;
  }
  return false;
}

// The next count of `g` to withhold: its smallest part still shown (a zero tells nothing and
// stays), else its total.
std::optional<std::size_t> next_to_withhold(const CountGroup& g, const std::vector<int>& counts,
                                            const std::vector<Shown>& shown) {
  std::optional<std::size_t> best;
  for (std::size_t p : g.parts) {
    if (shown[p] != Shown::exact || counts[p] == 0) continue;
    if (!best || counts[p] < counts[*best]) best = p;
  }
  if (!best && shown[g.total] == Shown::exact && counts[g.total] > 0) best = g.total;
  return best;
}

}  // namespace

std::string shown_text(int count, Shown how) {
  switch (how) {
    case Shown::small:
      return "<" + std::to_string(kSuppressBelow);
    case Shown::withheld:
      return "*";
    case Shown::exact:
      break;
  }
  return std::to_string(count);
}

bool is_exact(const std::string& shown) {
  return !shown.empty() &&
         std::all_of(shown.begin(), shown.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<Shown> protect_counts(const std::vector<int>& counts,
                                  const std::vector<CountGroup>& groups, bool suppress) {
  std::vector<Shown> shown(counts.size(), Shown::exact);
  if (!suppress) return shown;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] > 0 && counts[i] < kSuppressBelow) shown[i] = Shown::small;
  }
  // Each pass withholds at least one more count or stops, so this ends.
  for (bool changed = true; changed;) {
    changed = false;
    for (const CountGroup& g : groups) {
      if (!discloses(g, counts, shown)) continue;
      if (const auto next = next_to_withhold(g, counts, shown)) {
        shown[*next] = Shown::withheld;
        changed = true;
      }
    }
  }
  return shown;
}

PublishedHotspots publish_hotspots(const HotspotTable& table, bool suppress) {
  // Laid out as: the grand total, then per site its total and one cell per category.
  std::vector<int> counts{table.total};
  std::vector<CountGroup> groups{{0, {}}};
  for (const SiteCounts& site : table.sites) {
    const std::size_t total = counts.size();
    counts.push_back(site.total);
    groups.front().parts.push_back(total);
    CountGroup row{total, {}};
    for (const std::string& category : table.categories) {
      const auto it = site.by_category.find(category);
      row.parts.push_back(counts.size());
      counts.push_back(it == site.by_category.end() ? 0 : it->second);
    }
    groups.push_back(std::move(row));
  }
  const std::vector<Shown> shown = protect_counts(counts, groups, suppress);
  PublishedHotspots out;
  out.total = shown_text(counts[0], shown[0]);
  for (std::size_t s = 0; s < table.sites.size(); ++s) {
    const CountGroup& row = groups[s + 1];
    PublishedHotspots::Site& site = out.sites[table.sites[s].site];
    site.total = shown_text(counts[row.total], shown[row.total]);
    for (std::size_t c = 0; c < table.categories.size(); ++c) {
      const std::size_t cell = row.parts[c];
      site.by_category[table.categories[c]] = shown_text(counts[cell], shown[cell]);
    }
  }
  return out;
}

}  // namespace cctv::storage
