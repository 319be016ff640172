// SPDX-License-Identifier: Apache-2.0
// The snapshots an alarm start leaves as evidence: the frame with the event's boxes and its
// zone drawn, and the same frame untouched, as JPEGs in the evidence store.
#pragma once

#include <filesystem>
#include <vector>

#include <opencv2/core.hpp>

#include "cctv/common/event.hpp"
#include "cctv/storage/evidence.hpp"

namespace cctv::node {

// Writes both JPEGs of `e` (frame: BGR, the frame the event came from) under `data_dir` and
// returns them, the annotated one (for the event's `snapshot` field) last. Throws when encoding
// or the disk fails.
std::vector<storage::Evidence> save_alarm_snapshots(const std::filesystem::path& data_dir,
                                                    const Event& e, const cv::Mat& frame,
                                                    const Polygon& zone);

}  // namespace cctv::node
