// SPDX-License-Identifier: Apache-2.0
// The object classes detectors may report and zones may filter on: the 80 COCO classes, in
// the order of the detector's class index (0 = "person").
#pragma once

#include <string>
#include <vector>

namespace cctv::config {

const std::vector<std::string>& coco_labels();

}  // namespace cctv::config
