// SPDX-License-Identifier: Apache-2.0
// While alive, cv::dnn nets read (and so made: the ONNX importer makes each layer as it reads
// it) get OpenCV's own layers for the types analytics/src/dnn_fast_layers overrides: the layer
// factory uses the last constructor registered for a type. For comparing ours with OpenCV's.
#pragma once

#include <opencv2/dnn.hpp>
#include <opencv2/dnn/all_layers.hpp>
#include <stdexcept>
#include <string>

#include "../../analytics/src/dnn_fast_layers.hpp"

namespace cctv::test {

class OpenCvOwnLayers {
 public:
  OpenCvOwnLayers() {
    for (const std::string& type : analytics::fast_dnn_layer_types())
      cv::dnn::LayerFactory::registerLayer(type, opencvs_own(type));
  }
  ~OpenCvOwnLayers() {
    for (const std::string& type : analytics::fast_dnn_layer_types())
      cv::dnn::LayerFactory::unregisterLayer(type);
  }
  OpenCvOwnLayers(const OpenCvOwnLayers&) = delete;
  OpenCvOwnLayers& operator=(const OpenCvOwnLayers&) = delete;

 private:
  static cv::dnn::LayerFactory::Constructor opencvs_own(const std::string& type) {
    using namespace cv::dnn;
    if (type == "Sigmoid")
      return [](LayerParams& p) -> cv::Ptr<Layer> { return SigmoidLayer::create(p); };
    if (type == "Slice")
      return [](LayerParams& p) -> cv::Ptr<Layer> { return SliceLayer::create(p); };
    if (type == "Permute")
      return [](LayerParams& p) -> cv::Ptr<Layer> { return PermuteLayer::create(p); };
    if (type == "Pooling")
      return [](LayerParams& p) -> cv::Ptr<Layer> { return PoolingLayer::create(p); };
    if (type == "Eltwise")
      return [](LayerParams& p) -> cv::Ptr<Layer> { return EltwiseLayer::create(p); };
    throw std::logic_error("tests/support/opencv_own_layers.hpp: which OpenCV layer is '" + type +
                           "'? A kernel was added to analytics/src/dnn_fast_layers.cpp; add "
                           "OpenCV's own layer for it here");
  }
};

}  // namespace cctv::test
