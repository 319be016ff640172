// SPDX-License-Identifier: Apache-2.0
#include "alarm_snapshot.hpp"

#include <vector>

#include "frame_overlay.hpp"

namespace cctv::node {
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

storage::Evidence save(const std::filesystem::path& data_dir, const Event& e,
                       storage::EvidenceKind kind, const cv::Mat& image) {
  return storage::write_evidence_file(data_dir,
                                      {.kind = kind,
                                       .camera = e.camera,
                                       .path = storage::snapshot_path(e.camera, e.ts, e.id, kind),
                                       .event_id = e.id},
                                      encode_jpeg(image, kJpegQuality));
}

}  // namespace

std::vector<storage::Evidence> save_alarm_snapshots(const std::filesystem::path& data_dir,
                                                    const Event& e, const cv::Mat& frame,
                                                    const Polygon& zone, const cv::Mat& reference) {
  const std::string what = e.kind.empty() ? "" : " " + e.kind;
  const std::string caption =
      e.camera + "  " + std::string(to_string(e.type)) + what + "  " + format_utc(e.ts);
  std::vector<storage::Evidence> files;
  if (!reference.empty()) {
    files.push_back(save(data_dir, e, storage::EvidenceKind::snapshot_reference, reference));
  }
  files.push_back(save(data_dir, e, storage::EvidenceKind::snapshot_clean, frame));
  files.push_back(save(data_dir, e, storage::EvidenceKind::snapshot,
                       draw_overlay(frame, {zone}, boxes_of(e), caption)));
  return files;
}

}  // namespace cctv::node
