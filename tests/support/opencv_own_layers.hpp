// SPDX-License-Identifier: Apache-2.0
// While alive, cv::dnn nets read (and so made: the ONNX importer makes each layer as it reads
// it) get OpenCV's own layers for the types analytics/src/dnn_fast_layers overrides: the layer
// factory uses the last constructor registered for a type. For comparing ours with OpenCV's.
#pragma once

#include <opencv2/dnn.hpp>
#include <opencv2/dnn/all_layers.hpp>

namespace cctv::test {

class OpenCvOwnLayers {
 public:
  OpenCvOwnLayers() {
    using namespace cv::dnn;
    LayerFactory::registerLayer(
        "Sigmoid", [](LayerParams& p) -> cv::Ptr<Layer> { return SigmoidLayer::create(p); });
    LayerFactory::registerLayer(
        "Slice", [](LayerParams& p) -> cv::Ptr<Layer> { return SliceLayer::create(p); });
    LayerFactory::registerLayer(
        "Permute", [](LayerParams& p) -> cv::Ptr<Layer> { return PermuteLayer::create(p); });
    LayerFactory::registerLayer(
        "Pooling", [](LayerParams& p) -> cv::Ptr<Layer> { return PoolingLayer::create(p); });
  }
  ~OpenCvOwnLayers() {
    for (const char* type : {"Sigmoid", "Slice", "Permute", "Pooling"})
      cv::dnn::LayerFactory::unregisterLayer(type);
  }
  OpenCvOwnLayers(const OpenCvOwnLayers&) = delete;
  OpenCvOwnLayers& operator=(const OpenCvOwnLayers&) = delete;
};

}  // namespace cctv::test
