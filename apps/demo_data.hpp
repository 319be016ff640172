// SPDX-License-Identifier: Apache-2.0
// `cctv demo-data`: a year of plausible incidents at the config's sites, so that the LJAG
// reports show something real on first run. Deterministic for a seed and start month: each
// site has a base weekly rate (the Brent hotspots higher), scaled by season (summer peak) and
// spread over the day (evening peak); categories follow the config's list with summer street
// drinking. The mobile cameras are redeployed a few times; where one is, incidents fall and the
// neighbouring sites get a little more (displacement), and covered sites also raise analytics
// alarms (loitering, crowding) as events grouped into alarm incidents. Every demo incident is
// closed: it is history, not work for the operators.
#pragma once

#include <cstdint>
#include <string>

#include "cctv/config/config.hpp"

namespace cctv::app {

struct DemoDataParams {
  std::string month;  // first month, "2025-11"
  int months = 12;
  std::uint64_t seed = 2026;
};

struct DemoDataSummary {
  int manual_incidents = 0;
  int alarm_incidents = 0;
  int deployments = 0;
};

// Writes into the store at `config.storage.data_dir`. Throws std::runtime_error when the
// store already holds incidents (the demo never mixes with real data).
DemoDataSummary generate_demo_data(const config::Config& config, const DemoDataParams& params);

}  // namespace cctv::app
