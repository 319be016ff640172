// SPDX-License-Identifier: Apache-2.0
#include "alarm_snapshot.hpp"

#include <vector>

#include "frame_overlay.hpp"

namespace cctv::app {
namespace {

constexpr int kJpegQuality = 90;

// The event's boxes, labelled with their track ids where the event lists one per box.
std::vector<LabelledBox> boxes_of(const Event& e) {
  std::vector<LabelledBox> boxes;
  const bool labelled = e.track_ids.size() == e.boxes.size();
  for (std::size_t i = 0; i < e.boxes.size(); ++i) {
    boxes.push_back({e.boxes[i], labelled ? "#" + std::to_string(e.track_ids[i]) : ""});
  }
  return boxes;
}

storage::Evidence save(storage::EvidenceStore& evidence, const Event& e, storage::EvidenceKind kind,
                       const cv::Mat& image) {
  return evidence.write({.kind = kind,
                         .camera = e.camera,
                         .path = storage::snapshot_path(e.camera, e.ts, e.id, kind),
                         .event_id = e.id},
                        encode_jpeg(image, kJpegQuality));
}

}  // namespace

std::string save_alarm_snapshots(storage::EvidenceStore& evidence, const Event& e,
                                 const cv::Mat& frame, const Polygon& zone) {
  save(evidence, e, storage::EvidenceKind::snapshot_clean, frame);
  const std::string caption =
      e.camera + "  " + std::string(to_string(e.type)) + "  " + format_utc(e.ts);
  return save(evidence, e, storage::EvidenceKind::snapshot,
              draw_overlay(frame, {zone}, boxes_of(e), caption))
      .id;
}

}  // namespace cctv::app
