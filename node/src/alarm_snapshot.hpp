// SPDX-License-Identifier: Apache-2.0
// The snapshots an alarm start leaves as evidence: the frame with the event's boxes and its
// zone drawn, and the same frame untouched, as JPEGs in the evidence store; for a camera tamper
// also the reference view (the scene as it was before).
#pragma once

#include <filesystem>
#include <vector>

#include <opencv2/core.hpp>

#include "cctv/common/event.hpp"
#include "cctv/storage/evidence.hpp"

namespace cctv::node {

// Writes the JPEGs of `e` (frame: BGR, the frame the event came from; reference: BGR or empty)
// under `data_dir` and returns them, the annotated one (for the event's `snapshot` field) last.
// Throws when encoding or the disk fails.
std::vector<storage::Evidence> save_alarm_snapshots(const std::filesystem::path& data_dir,
                                                    const Event& e, const cv::Mat& frame,
                                                    const Polygon& zone,
                                                    const cv::Mat& reference = {});

}  // namespace cctv::node
