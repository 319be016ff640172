// SPDX-License-Identifier: Apache-2.0
// Object (mainly person) detectors behind one interface.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "cctv/analytics/types.hpp"
#include "cctv/analytics/video_frame.hpp"

namespace cctv::analytics {

// Where a detector is to look: the part of the frame (normalised) where people are to be
// found, and the height (normalised) of the smallest person expected there, 0 when unknown, so
// that a detector can look closer where people would be too small for it.
struct DetectionArea {
  Box region{0, 0, 1, 1};
  double smallest_person = 0;
};

class ObjectDetector {
 public:
  virtual ~ObjectDetector() = default;
  // `frame`: any size. `motion`: the motion stage's output for the same frame. A detector may
  // look at only `area.region`. Boxes come back normalised to the whole frame.
  virtual std::vector<Detection> detect(const VideoFrame& frame, const Motion& motion,
                                        const DetectionArea& area) = 0;
};

// The part of the frame a detector needs to see on each run: around everything that moves and
// everyone tracked (`people`, where the tracker expects them), padded; the whole frame when
// that part is most of it, and now and then anyway, so that someone who has stood still since
// the camera started (part of the first background, never moving) is found too. With it, the
// height of the smallest of `people`.
class DetectionRegion {
 public:
  DetectionArea next(const Motion& motion, const std::vector<Box>& people, Timestamp ts);

 private:
  std::optional<Timestamp> last_whole_look_;
};

// Person-sized blobs from the motion mask: no model needed. Every detection scores 1.
struct MotionBlobParams {
  double min_height = 0.08;  // of frame height, 0..1
  double max_height = 0.9;   // of frame height, min_height..1
  double min_aspect = 1.2;   // height / width of one person; wider blobs are split, > 0
  double max_aspect = 5.0;   // taller, thinner blobs are not people, > min_aspect
};
std::unique_ptr<ObjectDetector> create_motion_blob_detector(const MotionBlobParams& params = {});

// YOLOX (COCO, e.g. YOLOX-Nano) ONNX model through cv::dnn on the CPU.
struct YoloxParams {
  std::string model;       // path of the .onnx file
  int input_size = 416;    // square network input, a multiple of 32
  double min_score = 0.1;  // objectness x class score kept, 0..1 (weak boxes feed the tracker)
  double nms_iou = 0.45;   // overlapping boxes of one class above this IoU are merged, 0..1
  std::vector<std::string> labels = {kPersonLabel};  // COCO classes to report
};
// Throws std::invalid_argument naming the path when the model is missing or unreadable, or a
// label is not a COCO class.
std::unique_ptr<ObjectDetector> create_yolox_detector(const YoloxParams& params);

}  // namespace cctv::analytics
