// SPDX-License-Identifier: Apache-2.0
// The snapshots an alarm start leaves as evidence: the frame with the event's boxes and its
// zone drawn, and the same frame untouched, as JPEGs in the evidence store.
#pragma once

#include <string>

#include <opencv2/core.hpp>

#include "cctv/common/event.hpp"
#include "cctv/storage/evidence.hpp"

namespace cctv::app {

// Writes both JPEGs of `e` (frame: BGR, the frame the event came from) and returns the evidence
// id of the annotated one, for the event's `snapshot` field. Throws when encoding or the disk
// fails.
std::string save_alarm_snapshots(storage::EvidenceStore& evidence, const Event& e,
                                 const cv::Mat& frame, const Polygon& zone);

}  // namespace cctv::app
