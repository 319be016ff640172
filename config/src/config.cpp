// SPDX-License-Identifier: Apache-2.0
#include "cctv/config/config.hpp"

#include <algorithm>

namespace cctv::config {
namespace {

template <class T>
const T* find_by_id(const std::vector<T>& items, const std::string& id) {
  const auto it = std::find_if(items.begin(), items.end(), [&](const T& t) { return t.id == id; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

const Site* Config::find_site(const std::string& id) const { return find_by_id(sites, id); }

const Camera* Config::find_camera(const std::string& id) const { return find_by_id(cameras, id); }

std::vector<const Zone*> Config::zones_of(const std::string& camera_id) const {
  std::vector<const Zone*> out;
  for (const Zone& zone : zones) {
    if (zone.camera == camera_id) out.push_back(&zone);
  }
  return out;
}

std::vector<Zone> Config::zones_at(const std::string& camera_id, const std::string& site) const {
  std::vector<Zone> out;
  for (const Zone* zone : zones_of(camera_id)) {
    if (zone->site.empty() || zone->site == site) out.push_back(*zone);
  }
  return out;
}

}  // namespace cctv::config
