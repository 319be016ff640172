// SPDX-License-Identifier: Apache-2.0
// The fast Sigmoid, Slice, Permute and Pooling kernels give what OpenCV's own layers give, for the
// parameters the ONNX importer hands YOLOX-Nano's layers and for cases they leave to OpenCV.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <vector>

#include <opencv2/dnn.hpp>
#include <opencv2/dnn/all_layers.hpp>
#include <opencv2/dnn/shape_utils.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "../../analytics/src/dnn_fast_layers.hpp"
#include "support/opencv_own_layers.hpp"
#include "support/shared_data.hpp"

namespace cctv::analytics {
namespace {

using cv::dnn::DictValue;
using cv::dnn::LayerParams;

// Runs one layer on one input, as cv::dnn::Net would: shapes, finalize, forward.
std::vector<cv::Mat> run(const cv::Ptr<cv::dnn::Layer>& layer, const cv::Mat& input) {
  std::vector<cv::dnn::MatShape> in_shapes{cv::dnn::shape(input)}, out_shapes, internal_shapes;
  layer->getMemoryShapes(in_shapes, 1, out_shapes, internal_shapes);
  std::vector<cv::Mat> inputs{input}, outputs, internals;
  for (const auto& s : out_shapes) outputs.emplace_back(s, CV_32F, cv::Scalar::all(-1));
  for (const auto& s : internal_shapes) internals.emplace_back(s, CV_32F);
  layer->finalize(cv::InputArrayOfArrays(inputs), cv::OutputArrayOfArrays(outputs));
  layer->forward(inputs, outputs, internals);
  return outputs;
}

cv::Mat random_blob(std::vector<int> shape) {
  cv::Mat m(shape, CV_32F);
  cv::randu(m, -20, 20);
  return m;
}

LayerParams params(const std::string& type) {
  LayerParams p;
  p.type = type;
  p.name = "test_" + type;
  return p;
}

// Ours (through the layer factory, as the importer makes it) against OpenCV's own.
void expect_same_as_builtin(LayerParams p, const cv::Ptr<cv::dnn::Layer>& builtin,
                            const cv::Mat& input, double tolerance = 0) {
  use_fast_dnn_layers();
  const auto ours = run(cv::dnn::LayerFactory::createLayerInstance(p.type, p), input);
  const auto theirs = run(builtin, input);
  ASSERT_EQ(ours.size(), theirs.size());
  for (std::size_t k = 0; k < ours.size(); ++k) {
    ASSERT_EQ(cv::dnn::shape(ours[k]), cv::dnn::shape(theirs[k])) << "output " << k;
    EXPECT_LE(cv::norm(ours[k], theirs[k], cv::NORM_INF), tolerance) << "output " << k;
  }
}

TEST(Analytics_FastDnnLayers, logistic_is_within_float_rounding_of_the_exact_function) {
  std::vector<float> x;
  for (float v = -120; v <= 120; v += 0.0037f) x.push_back(v);  // an odd count: the tail too
  x.push_back(std::numeric_limits<float>::infinity());
  x.push_back(-std::numeric_limits<float>::infinity());
  std::vector<float> y(x.size());
  logistic(x.data(), y.data(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double exact = 1 / (1 + std::exp(-static_cast<double>(x[i])));
    // Below e^-87 the kernel stops at ~1.6e-38; nothing downstream tells that from 0.
    EXPECT_NEAR(y[i], exact, std::max(1e-6 * exact, 2e-38)) << "x = " << x[i];
  }
  const float nan = std::numeric_limits<float>::quiet_NaN();
  float one = 0;
  logistic(&nan, &one, 1);
  EXPECT_EQ(one, 1.f);
}

TEST(Analytics_FastDnnLayers, silu_is_x_times_the_logistic_in_place_too) {
  std::vector<float> x;
  for (float v = -100; v <= 100; v += 0.0131f) x.push_back(v);  // an odd count: the tail too
  std::vector<float> y(x.size());
  silu(x.data(), y.data(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double exact = x[i] / (1 + std::exp(-static_cast<double>(x[i])));
    // Below e^-87 the logistic stops at ~1.6e-38 (see above), so x times it is no nearer 0.
    EXPECT_NEAR(y[i], exact, std::max(1e-6 * std::abs(exact), 2e-38 * std::abs(x[i])))
        << "x = " << x[i];
  }
  silu(x.data(), x.data(), x.size());  // OpenCV may compute a product in place
  EXPECT_EQ(x, y);
}

TEST(Analytics_FastDnnLayers, sigmoid_layer_matches_opencvs) {
  const LayerParams p = params("Sigmoid");
  expect_same_as_builtin(p, cv::dnn::SigmoidLayer::create(p), random_blob({1, 16, 37, 53}), 1e-6);
}

// YOLOX's space-to-depth: every other row from row 0 or 1, then every other column.
TEST(Analytics_FastDnnLayers, strided_slices_match_opencvs) {
  for (const int first : {0, 1}) {
    LayerParams rows = params("Slice");
    rows.set("axis", 2);
    const int begin[] = {0, 0, first}, end[] = {INT_MAX, INT_MAX, INT_MAX}, steps[] = {1, 1, 2};
    rows.set("begin", DictValue::arrayInt(begin, 3));
    rows.set("end", DictValue::arrayInt(end, 3));
    rows.set("steps", DictValue::arrayInt(steps, 3));
    expect_same_as_builtin(rows, cv::dnn::SliceLayer::create(rows), random_blob({1, 3, 11, 17}));

    LayerParams cols = params("Slice");
    cols.set("axis", 3);
    const int begin4[] = {0, 0, 0, first}, end4[] = {INT_MAX, INT_MAX, INT_MAX, INT_MAX},
              steps4[] = {1, 1, 1, 2};
    cols.set("begin", DictValue::arrayInt(begin4, 4));
    cols.set("end", DictValue::arrayInt(end4, 4));
    cols.set("steps", DictValue::arrayInt(steps4, 4));
    expect_same_as_builtin(cols, cv::dnn::SliceLayer::create(cols), random_blob({1, 3, 6, 17}));
  }
}

TEST(Analytics_FastDnnLayers, plain_slices_and_splits_match_opencvs) {
  LayerParams box = params("Slice");
  const int begin[] = {0, 2, 1}, end[] = {-1, 5, 9};
  box.set("begin", DictValue::arrayInt(begin, 3));
  box.set("end", DictValue::arrayInt(end, 3));
  expect_same_as_builtin(box, cv::dnn::SliceLayer::create(box), random_blob({2, 7, 10, 4}));

  LayerParams split = params("Slice");
  split.set("axis", 1);
  const int points[] = {2, 5};
  split.set("slice_point", DictValue::arrayInt(points, 2));
  expect_same_as_builtin(split, cv::dnn::SliceLayer::create(split), random_blob({1, 8, 3, 5}));
}

TEST(Analytics_FastDnnLayers, permutes_match_opencvs) {
  const std::vector<std::vector<int>> orders{{0, 2, 1},     // YOLOX's output: the fast path
                                             {0, 1, 3, 2},  // the fast path, four axes
                                             {0, 2, 1, 3},  // left to OpenCV
                                             {2, 0, 1}};    // left to OpenCV
  for (const auto& order : orders) {
    LayerParams p = params("Permute");
    p.set("order", DictValue::arrayInt(order.data(), static_cast<int>(order.size())));
    std::vector<int> shape{3, 85, 41, 2};
    shape.resize(order.size());
    expect_same_as_builtin(p, cv::dnn::PermuteLayer::create(p), random_blob(shape));
  }
}

LayerParams max_pool(const std::string& mode, int k, int stride, int pad) {
  LayerParams p = params("Pooling");
  p.set("pool", cv::String(mode));
  const int kernel[] = {k, k}, strides[] = {stride, stride}, pads[] = {pad, pad, pad, pad};
  p.set("kernel_size", DictValue::arrayInt(kernel, 2));
  p.set("stride", DictValue::arrayInt(strides, 2));
  p.set("pad", DictValue::arrayInt(pads, 4));
  p.set("ceil_mode", false);
  return p;
}

// YOLOX's spatial pyramid (stride 1, "same" padding) and cases left to OpenCV.
TEST(Analytics_FastDnnLayers, poolings_match_opencvs) {
  for (const int k : {5, 9, 13}) {
    const LayerParams p = max_pool("MAX", k, 1, k / 2);
    expect_same_as_builtin(p, cv::dnn::PoolingLayer::create(p), random_blob({1, 6, 8, 13}));
  }
  for (const LayerParams& p : {max_pool("MAX", 3, 2, 1), max_pool("AVE", 5, 1, 2)})
    expect_same_as_builtin(p, cv::dnn::PoolingLayer::create(p), random_blob({1, 3, 9, 12}), 1e-5);
}

TEST(Analytics_FastDnnLayers, nets_read_after_the_call_get_the_fast_kernels) {
  use_fast_dnn_layers();
  use_fast_dnn_layers();  // a second call registers nothing twice
  const std::vector<std::string> types = fast_dnn_layer_types();
  EXPECT_EQ(types, (std::vector<std::string>{"Sigmoid", "Slice", "Permute", "Pooling", "Eltwise"}))
      << "a new kernel needs its case below and OpenCV's layer in opencv_own_layers.hpp";
  for (const std::string& type : types) {
    LayerParams p = type == "Pooling" ? max_pool("MAX", 5, 1, 2) : params(type);
    if (type == "Permute") {
      const int order[] = {0, 2, 1};
      p.set("order", DictValue::arrayInt(order, 3));
    }
    const auto layer = cv::dnn::LayerFactory::createLayerInstance(type, p);
    ASSERT_FALSE(layer.empty());
    EXPECT_TRUE(layer.dynamicCast<cv::dnn::SigmoidLayer>().empty() &&
                layer.dynamicCast<cv::dnn::SliceLayer>().empty() &&
                layer.dynamicCast<cv::dnn::PermuteLayer>().empty() &&
                layer.dynamicCast<cv::dnn::PoolingLayer>().empty() &&
                layer.dynamicCast<cv::dnn::EltwiseLayer>().empty())
        << type << " is still OpenCV's own layer";
  }
}

// The whole of YOLOX-Nano on a PETS09 frame (network input as the detector makes it), read
// once with OpenCV's layers and once with ours: the same output.
TEST(Analytics_FastDnnLayers, yolox_nano_gives_the_same_output_as_with_opencvs_layers) {
  const std::string video = cctv::test::kPets09Video;
  const std::string model = cctv::test::kYoloxNanoModel;
  for (const auto& f : {video, model}) {
    if (!std::filesystem::exists(f)) GTEST_SKIP() << f << " is absent";
  }
  cv::Mat frame;
  cv::VideoCapture(video).read(frame);
  ASSERT_FALSE(frame.empty());
  cv::Mat canvas(320, 416, CV_8UC3, cv::Scalar::all(114));  // 768x576 at 416/768, top-left
  cv::resize(frame, canvas(cv::Rect(0, 0, 416, 312)), {416, 312});
  const cv::Mat blob = cv::dnn::blobFromImage(canvas);
  const auto run = [&blob](cv::dnn::Net net) {
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setInput(blob);
    return net.forward().clone();
  };
  use_fast_dnn_layers();
  const cv::Mat ours = run(cv::dnn::readNetFromONNX(model));
  cv::dnn::Net fused_net = cv::dnn::readNetFromONNX(model);
  // One SiLU after each convolution but the head's six outputs (objectness and classes).
  EXPECT_EQ(fuse_silu(fused_net), 104);
  const cv::Mat fused = run(fused_net);
  cv::Mat theirs;
  {
    const test::OpenCvOwnLayers own;
    theirs = run(cv::dnn::readNetFromONNX(model));
  }
  ASSERT_EQ(cv::dnn::shape(ours), cv::dnn::shape(theirs));
  // Box offsets and sizes are in grid cells (up to tens), scores 0..1.
  EXPECT_LT(cv::norm(ours, theirs, cv::NORM_INF), 1e-3);
  ASSERT_EQ(cv::dnn::shape(fused), cv::dnn::shape(theirs));
  EXPECT_LT(cv::norm(fused, theirs, cv::NORM_INF), 1e-3);
  EXPECT_GT(cv::norm(theirs, cv::NORM_INF), 1.0) << "an output of nothing compares equal too";
}

}  // namespace
}  // namespace cctv::analytics
