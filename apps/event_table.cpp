// SPDX-License-Identifier: Apache-2.0
#include "event_table.hpp"

#include <iomanip>
#include <iostream>
#include <sstream>

namespace cctv::app {
namespace {

std::string detail(const Event& e) {
  std::ostringstream out;
  if (e.count) out << "count=" << *e.count << ' ';
  if (e.dwell_s) out << "dwell=" << std::fixed << std::setprecision(1) << *e.dwell_s << "s ";
  if (e.outage_s) out << "outage=" << std::fixed << std::setprecision(1) << *e.outage_s << "s ";
  if (!e.track_ids.empty()) out << "tracks=" << e.track_ids.size() << ' ';
  out << e.message;
  return out.str();
}

}  // namespace

void print_event_table(const std::vector<Event>& events) {
  for (const Event& e : events) {
    std::cout << format_london(e.ts) << "  " << std::left << std::setw(15) << to_string(e.type)
              << std::setw(8) << to_string(e.phase) << std::setw(8) << e.camera << std::setw(18)
              << e.site << std::setw(16) << e.zone << detail(e) << '\n';
  }
  std::cout << events.size() << " event(s)\n";
}

}  // namespace cctv::app
