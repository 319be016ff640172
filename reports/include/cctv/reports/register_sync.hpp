// SPDX-License-Identifier: Apache-2.0
// The config's sites and cameras into the sites and deployments register, so that reports and
// `cctv deploy` need only the database.
#pragma once

#include "cctv/config/config.hpp"
#include "cctv/storage/site_register.hpp"

namespace cctv::reports {

void sync_register(storage::SiteRegister& reg, const config::Config& config);

}  // namespace cctv::reports
