// SPDX-License-Identifier: Apache-2.0
// Events as a table for people (`cctv events`, `cctv analyse`): London time, one line each.
#pragma once

#include <vector>

#include "cctv/common/event.hpp"

namespace cctv::app {

// One line per event, then "N event(s)", on stdout.
void print_event_table(const std::vector<Event>& events);

}  // namespace cctv::app
