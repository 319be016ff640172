// SPDX-License-Identifier: Apache-2.0
// YOLOX through cv::dnn: the region to look at, scaled as the whole frame would be to fit the
// input (closer where people there would be too small for the network), at the top-left of a grey
// canvas (sides multiples of 32), raw BGR 0..255 in; decode the undecoded grid output (strides 8,
// 16, 32), then per-class NMS.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "cctv/analytics/object_detector.hpp"
#include "cctv/config/labels.hpp"
#include "dnn_fast_layers.hpp"

namespace cctv::analytics {
namespace {

constexpr int kStrides[] = {8, 16, 32};
constexpr double kPadGrey = 114;
constexpr int kBoxColumns = 5;  // dx, dy, log w, log h, objectness; class scores follow
// People shorter than this in the network's input are found far less often: they span fewer
// than four cells of its finest (stride 8) grid, and are COCO's "small" objects (under 32x32
// px), on which YOLOX-Nano is weakest. A region where the tracker expects someone shorter is
// looked at closer, as far as the input holds the region ...
constexpr double kMinPersonPixels = 32;
// ... and at most at twice the frame's own pixels: beyond that a closer look is interpolation.
constexpr double kMaxUpscale = 2;
constexpr char kDownload[] =
    "download yolox_nano.onnx (release 0.1.1rc0 of Megvii-BaseDetection/YOLOX) and set the "
    "camera's 'analytics: model:' to its path";

struct Wanted {
  int index;  // COCO class index
  std::string label;
};

std::vector<Wanted> wanted_classes(const std::vector<std::string>& labels) {
  const auto& coco = config::coco_labels();
  std::vector<Wanted> out;
  for (const std::string& l : labels) {
    const auto it = std::find(coco.begin(), coco.end(), l);
    if (it == coco.end()) throw std::invalid_argument("yolox: '" + l + "' is not a COCO class");
    out.push_back({static_cast<int>(it - coco.begin()), l});
  }
  return out;
}

cv::dnn::Net load(const std::string& path) {
  std::error_code ec;
  if (path.empty() || !std::filesystem::is_regular_file(path, ec)) {
    throw std::invalid_argument("yolox model '" + path + "' not found; " + kDownload);
  }
  use_fast_dnn_layers();
  try {
    cv::dnn::Net net = cv::dnn::readNetFromONNX(path);
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    fuse_silu(net);
    return net;
  } catch (const cv::Exception& e) {
    throw std::invalid_argument("yolox model '" + path + "' cannot be read (" + e.msg + "); " +
                                kDownload);
  }
}

class YoloxDetector final : public ObjectDetector {
 public:
  explicit YoloxDetector(const YoloxParams& p)
      : params_(p), wanted_(wanted_classes(p.labels)), net_(load(p.model)) {}

  std::vector<Detection> detect(const VideoFrame& video, const Motion&,
                                const DetectionArea& area) override {
    const cv::Size frame = video.size();
    const cv::Rect crop = in_pixels(area.region, frame);
    const double r = scale(area, frame, crop);
    const cv::Mat canvas = letterbox(video.bgr(crop), r);
    net_.setInput(cv::dnn::blobFromImage(canvas));
    const cv::Mat out = net_.forward();
    const cv::Mat rows(out.size[1], out.size[2], CV_32F, const_cast<float*>(out.ptr<float>()));
    std::vector<Detection> found;
    for (const Wanted& w : wanted_) decode(rows, w, {r, canvas.size(), crop.tl(), frame}, found);
    return found;
  }

 private:
  // How network pixels map back to the frame.
  struct Placement {
    double scale;     // network pixels per frame pixel
    cv::Size canvas;  // network input size
    cv::Point crop;   // the region's top-left in the frame
    cv::Size frame;
  };

  // Network pixels per frame pixel. The region is seen at the scale that fits the whole frame
  // into the input, so people look as large as in a whole-frame look, on a canvas only as large
  // as the region needs; closer when the smallest person expected there would be shorter than
  // kMinPersonPixels, as far as the region still fits the input.
  double scale(const DetectionArea& area, cv::Size frame, const cv::Rect& crop) const {
    const double input = params_.input_size;
    const double whole = input / std::max(frame.width, frame.height);
    if (area.smallest_person <= 0) return whole;
    const double wanted = kMinPersonPixels / (area.smallest_person * frame.height);
    const double fits = std::min(input / std::max(crop.width, crop.height), kMaxUpscale);
    return std::max(whole, std::min(wanted, fits));
  }

  static cv::Rect in_pixels(const Box& region, cv::Size frame) {
    const cv::Rect all({0, 0}, frame);
    const cv::Rect r(cvFloor(region.x * frame.width), cvFloor(region.y * frame.height),
                     cvCeil(region.w * frame.width), cvCeil(region.h * frame.height));
    return (r & all).area() > 0 ? r & all : all;
  }

  // `image` scaled by r at the top-left of a grey canvas whose sides are multiples of the
  // largest stride.
  cv::Mat letterbox(const cv::Mat& image, double r) const {
    cv::Mat bgr = image;
    if (image.channels() == 1) cv::cvtColor(image, bgr, cv::COLOR_GRAY2BGR);
    const cv::Size scaled(std::max(1, static_cast<int>(std::lround(image.cols * r))),
                          std::max(1, static_cast<int>(std::lround(image.rows * r))));
    auto side = [&](int pixels) {
      const int stride = kStrides[std::size(kStrides) - 1];
      return std::min(params_.input_size, (pixels + stride - 1) / stride * stride);
    };
    cv::Mat canvas(side(scaled.height), side(scaled.width), CV_8UC3, cv::Scalar::all(kPadGrey));
    cv::Mat top_left = canvas(cv::Rect({0, 0}, scaled));
    cv::resize(bgr, top_left, scaled, 0, 0, cv::INTER_LINEAR);
    return canvas;
  }

  // Boxes of one class from the grid rows (in network pixels, then frame-normalised).
  void decode(const cv::Mat& rows, const Wanted& w, const Placement& at,
              std::vector<Detection>& found) const {
    std::vector<cv::Rect2d> boxes;
    std::vector<float> scores;
    int row = 0;
    for (const int s : kStrides) {
      const int grid_w = at.canvas.width / s, grid_h = at.canvas.height / s;
      for (int gy = 0; gy < grid_h; ++gy) {
        for (int gx = 0; gx < grid_w && row < rows.rows; ++gx, ++row) {
          const float* v = rows.ptr<float>(row);
          const float score = v[4] * v[kBoxColumns + w.index];
          if (score < params_.min_score) continue;
          const double cx = (v[0] + gx) * s, cy = (v[1] + gy) * s;
          const double bw = std::exp(v[2]) * s, bh = std::exp(v[3]) * s;
          boxes.emplace_back((cx - bw / 2) / at.scale + at.crop.x,
                             (cy - bh / 2) / at.scale + at.crop.y, bw / at.scale, bh / at.scale);
          scores.push_back(score);
        }
      }
    }
    std::vector<int> keep;
    cv::dnn::NMSBoxes(boxes, scores, static_cast<float>(params_.min_score),
                      static_cast<float>(params_.nms_iou), keep);
    const double fw = at.frame.width, fh = at.frame.height;
    const cv::Rect2d image(0, 0, fw, fh);
    for (const int i : keep) {
      const cv::Rect2d b = boxes[static_cast<std::size_t>(i)] & image;
      if (b.width <= 0 || b.height <= 0) continue;
      found.push_back({Box{b.x / fw, b.y / fh, b.width / fw, b.height / fh},
                       scores[static_cast<std::size_t>(i)], w.label});
    }
  }

  YoloxParams params_;
  std::vector<Wanted> wanted_;
  cv::dnn::Net net_;
};

}  // namespace

std::unique_ptr<ObjectDetector> create_yolox_detector(const YoloxParams& params) {
  return std::make_unique<YoloxDetector>(params);
}

}  // namespace cctv::analytics
