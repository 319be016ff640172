// SPDX-License-Identifier: Apache-2.0
// Hotspot analysis for LJAG tasking over the incident log (analytics alarms and manual
// incidents, and camera tampering: criminal damage at a site is a tasking signal; the rest of
// camera health is not crime and is left out): counts per site and category for a
// period and cluster, and the month-by-month trend. The computations are pure functions of the
// incidents and sites; load_incident_points() is the only part that reads the database.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cctv/common/time.hpp"
#include "cctv/storage/site_register.hpp"

namespace cctv::storage {

// One incident, as the analysis sees it.
struct IncidentPoint {
  std::string site;
  std::string category;  // manual: the occurrence-book category; alarm: loitering, crowding,
                         // camera_tamper
  Timestamp at{};
};

// Alarm, manual and camera tamper incidents that started in [from, to), oldest first; incidents of
// test alarms (cctv inject-alarms) are not incidents of anything, and are left out.
std::vector<IncidentPoint> load_incident_points(const std::string& db_path, Timestamp from,
                                                Timestamp to);

struct Period {
  Timestamp from{};  // inclusive
  Timestamp to{};    // exclusive
};

// Counts of 1 to 4 are shown as "<5" in anything shared outside the control room, as the
// community-safety partnerships do; 0 is shown as "0" (that nothing happened somewhere is not
// disclosive) and 5 and over as the number.
inline constexpr int kSuppressBelow = 5;
std::string shown_count(int count, bool suppress);

// Great-circle distance between two sites in kilometres.
double distance_km(const RegisteredSite& a, const RegisteredSite& b);

// The sites of `cluster` (all sites when empty).
std::vector<RegisteredSite> sites_in(const std::vector<RegisteredSite>& sites,
                                     const std::string& cluster);

struct SiteCounts {
  std::string site;
  int total = 0;
  std::map<std::string, int> by_category;  // categories with no incident are absent
};

struct HotspotTable {
  std::vector<SiteCounts> sites;        // every site of the cluster, most incidents first
  std::vector<std::string> categories;  // every category seen, most incidents first
  int total = 0;
};

// Incidents in `period` at the sites of `cluster` (all sites when empty). Ties are ordered by
// site id, so the table is the same every time.
HotspotTable count_hotspots(const std::vector<IncidentPoint>& points,
                            const std::vector<RegisteredSite>& sites, const std::string& cluster,
                            Period period);

struct MonthCount {
  std::string month;  // "2026-10" (Europe/London)
  int count = 0;
};

// One row per Europe/London month in `period` (months with no incident included), for the
// sites of `cluster`.
std::vector<MonthCount> monthly_trend(const std::vector<IncidentPoint>& points,
                                      const std::vector<RegisteredSite>& sites,
                                      const std::string& cluster, Period period);

}  // namespace cctv::storage
