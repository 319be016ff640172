// SPDX-License-Identifier: Apache-2.0
// Overrides registered in cv::dnn's LayerFactory (the last registered constructor of a type
// wins).
#include "dnn_fast_layers.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <mutex>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/dnn/all_layers.hpp>
#include <opencv2/dnn/shape_utils.hpp>

namespace cctv::analytics {
namespace {

using cv::dnn::Layer;
using cv::dnn::LayerParams;
using cv::dnn::MatShape;

// e^t for |t| <= 87 without a call: t = k ln2 + r with |r| <= ln2 / 2, e^r by a degree-6
// polynomial (Cephes' expf coefficients), 2^k put straight into the exponent bits. Branch-free,
// so the loop below vectorises (with -fno-trapping-math for the clamp: analytics/CMakeLists.txt).
inline float logistic_one(float x) {
  const float t = std::min(87.f, std::max(-87.f, -x));  // this order sends NaN to -87
  const float k = (t * 1.44269504088896341f + 12582912.f) - 12582912.f;  // round(t / ln2)
  const float r = (t - k * 0.693359375f) + k * 2.12194440e-4f;           // ln2 in two parts
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.f;
  const float e = p * std::bit_cast<float>((static_cast<std::int32_t>(k) + 127) << 23);
  return 1.f / (1.f + e);
}

class FastSigmoid final : public Layer {
 public:
  explicit FastSigmoid(const LayerParams& p) { setParamsFrom(p); }

  // Its only reader, a product with its own input, computes x * sigmoid(x) itself (FastEltwise).
  void leave_to_its_product() { left_to_product_ = true; }

  bool getMemoryShapes(const std::vector<MatShape>& in, int, std::vector<MatShape>& out,
                       std::vector<MatShape>&) const override {
    out = in;
    return false;
  }

  void forward(cv::InputArrayOfArrays in_arrays, cv::OutputArrayOfArrays out_arrays,
               cv::OutputArrayOfArrays) override {
    if (left_to_product_) return;
    std::vector<cv::Mat> in, out;
    in_arrays.getMatVector(in);
    out_arrays.getMatVector(out);
    for (std::size_t k = 0; k < in.size(); ++k) {
      CV_Assert(in[k].type() == CV_32F && in[k].isContinuous() && out[k].isContinuous());
      logistic(in[k].ptr<float>(), out[k].ptr<float>(), in[k].total());
    }
  }

 private:
  bool left_to_product_ = false;
};

// Copies the strided box [start, start + step * shape) of `src` (element strides `src_step`)
// into the dense `dst`: an odometer over all axes but the last, a row at a time.
void copy_box(const float* src, const std::vector<std::size_t>& src_step, float* dst,
              const std::vector<int>& shape, const std::vector<int>& start,
              const std::vector<int>& step) {
  const std::size_t last = shape.size() - 1;
  std::vector<int> at(last, 0);
  std::size_t rows = 1;
  for (std::size_t d = 0; d < last; ++d) rows *= static_cast<std::size_t>(shape[d]);
  const auto n = static_cast<std::size_t>(shape[last]);
  const auto stride = static_cast<std::size_t>(step[last]);
  for (std::size_t row = 0; row < rows; ++row, dst += n) {
    const float* s = src + start[last];
    for (std::size_t d = 0; d < last; ++d)
      s += static_cast<std::size_t>(start[d] + at[d] * step[d]) * src_step[d];
    if (stride == 1) {
      std::memcpy(dst, s, n * sizeof(float));
    } else {
      for (std::size_t i = 0; i < n; ++i) dst[i] = s[i * stride];
    }
    for (std::size_t d = last; d-- > 0;) {
      if (++at[d] < shape[d]) break;
      at[d] = 0;
    }
  }
}

// A layer in front of OpenCV's own of the same type: that one works out shapes and parameters
// (finalize) and runs whatever the fast path leaves to it.
template <class Builtin>
class InFrontOf : public Layer {
 public:
  explicit InFrontOf(const LayerParams& p) : builtin_(Builtin::create(p)) { setParamsFrom(p); }

  bool getMemoryShapes(const std::vector<MatShape>& in, int required, std::vector<MatShape>& out,
                       std::vector<MatShape>& internals) const override {
    return builtin_->getMemoryShapes(in, required, out, internals);
  }

  void finalize(cv::InputArrayOfArrays in, cv::OutputArrayOfArrays out) override {
    builtin_->finalize(in, out);
  }

 protected:
  cv::Ptr<Builtin> builtin_;
};

class FastSlice final : public InFrontOf<cv::dnn::SliceLayer> {
 public:
  using InFrontOf::InFrontOf;

  void forward(cv::InputArrayOfArrays in_arrays, cv::OutputArrayOfArrays out_arrays,
               cv::OutputArrayOfArrays internals) override {
    std::vector<cv::Mat> in, out;
    in_arrays.getMatVector(in);
    out_arrays.getMatVector(out);
    if (in.size() != 1 || in[0].type() != CV_32F || !in[0].isContinuous() ||
        builtin_->sliceRanges.size() != out.size()) {
      builtin_->forward(in_arrays, out_arrays, internals);
      return;
    }
    const auto dims = static_cast<std::size_t>(in[0].dims);
    std::vector<std::size_t> src_step(dims);
    for (std::size_t d = 0; d < dims; ++d)
      src_step[d] = in[0].step[static_cast<int>(d)] / sizeof(float);
    for (std::size_t k = 0; k < out.size(); ++k) {
      std::vector<int> shape(dims), start(dims, 0), step(dims, 1);
      for (std::size_t d = 0; d < dims; ++d) shape[d] = out[k].size[static_cast<int>(d)];
      const auto& ranges = builtin_->sliceRanges[k];
      for (std::size_t d = 0; d < std::min(dims, ranges.size()); ++d)
        start[d] = ranges[d] == cv::Range::all() ? 0 : ranges[d].start;
      if (k < builtin_->sliceSteps.size()) {
        const auto& steps = builtin_->sliceSteps[k];
        std::copy_n(steps.begin(), std::min(dims, steps.size()), step.begin());
      }
      copy_box(in[0].ptr<float>(), src_step, out[k].ptr<float>(), shape, start, step);
    }
  }
};

// True if `order` keeps the leading axes and swaps the last two (a batch of matrix transposes).
bool swaps_last_two(const cv::dnn::DictValue& order) {
  const int n = order.size();
  if (n < 2) return false;
  for (int d = 0; d < n - 2; ++d)
    if (order.get<int>(d) != d) return false;
  return order.get<int>(n - 2) == n - 1 && order.get<int>(n - 1) == n - 2;
}

class FastPermute final : public InFrontOf<cv::dnn::PermuteLayer> {
 public:
  explicit FastPermute(const LayerParams& p)
      : InFrontOf(p), transposes_(p.has("order") && swaps_last_two(p.get("order"))) {}

  void forward(cv::InputArrayOfArrays in_arrays, cv::OutputArrayOfArrays out_arrays,
               cv::OutputArrayOfArrays internals) override {
    std::vector<cv::Mat> in, out;
    in_arrays.getMatVector(in);
    out_arrays.getMatVector(out);
    const bool fast =
        transposes_ && !in.empty() && in.size() == out.size() &&
        std::all_of(in.begin(), in.end(),
                    [](const cv::Mat& m) {
                      return m.type() == CV_32F && m.isContinuous() && m.dims >= 2;
                    }) &&
        std::all_of(out.begin(), out.end(), [](const cv::Mat& m) { return m.isContinuous(); });
    if (!fast) {
      builtin_->forward(in_arrays, out_arrays, internals);
      return;
    }
    for (std::size_t k = 0; k < in.size(); ++k) {
      const int rows = in[k].size[in[k].dims - 2], cols = in[k].size[in[k].dims - 1];
      const std::size_t planes = in[k].total() / (static_cast<std::size_t>(rows) * cols);
      for (std::size_t p = 0; p < planes; ++p) {
        const cv::Mat from(rows, cols, CV_32F, in[k].ptr<float>() + p * rows * cols);
        cv::Mat to(cols, rows, CV_32F, out[k].ptr<float>() + p * rows * cols);
        cv::transpose(from, to);
      }
    }
  }

 private:
  bool transposes_;
};

// An element-wise layer; a product x * sigmoid(x) (SiLU, YOLOX's activation after every
// convolution) is computed in one pass from x once fuse_silu() has found it, instead of a
// sigmoid pass and a product pass over memory.
class FastEltwise final : public InFrontOf<cv::dnn::EltwiseLayer> {
 public:
  explicit FastEltwise(const LayerParams& p)
      : InFrontOf(p),
        product_(p.get<cv::String>("operation", "sum") == "prod" && !p.has("coeff")) {}

  bool is_product() const { return product_; }
  void compute_silu_of(int input) { silu_of_ = input; }

  void forward(cv::InputArrayOfArrays in_arrays, cv::OutputArrayOfArrays out_arrays,
               cv::OutputArrayOfArrays internals) override {
    if (silu_of_ < 0) {
      builtin_->forward(in_arrays, out_arrays, internals);
      return;
    }
    std::vector<cv::Mat> in, out;
    in_arrays.getMatVector(in);
    out_arrays.getMatVector(out);
    const cv::Mat& x = in.at(static_cast<std::size_t>(silu_of_));
    CV_Assert(out.size() == 1 && x.type() == CV_32F && x.isContinuous() && out[0].isContinuous() &&
              x.total() == out[0].total());
    silu(x.ptr<float>(), out[0].ptr<float>(), x.total());
  }

 private:
  bool product_;
  int silu_of_ = -1;  // the input whose SiLU this product is, once fused
};

// Max pooling with stride 1 and "same" padding (k / 2 each side), as in YOLOX's spatial
// pyramid (5x5, 9x9 and 13x13 windows): a row pass then a column pass, 2k comparisons a pixel
// instead of k * k. Padding never wins a max, so windows are clipped at the edges.
bool same_size_max(const LayerParams& p) {
  if (p.get<cv::String>("pool", "") != "MAX" || p.get<bool>("ceil_mode", false) ||
      p.has("global_pooling") || !p.has("kernel_size") || !p.has("stride") || !p.has("pad"))
    return false;
  const cv::dnn::DictValue &kernel = p.get("kernel_size"), &stride = p.get("stride"),
                           &pad = p.get("pad");
  if (kernel.size() != 2 || stride.size() != 2 || pad.size() != 4) return false;
  for (int d = 0; d < 2; ++d) {
    const int k = kernel.get<int>(d);
    if (k % 2 == 0 || stride.get<int>(d) != 1 || pad.get<int>(d) != k / 2 ||
        pad.get<int>(d + 2) != k / 2)
      return false;
  }
  return true;
}

// out[i] = max of in[i - r .. i + r] (clipped), n values `step` apart.
void running_max(const float* in, float* out, int n, std::size_t step, int r) {
  for (int i = 0; i < n; ++i) {
    float m = in[static_cast<std::size_t>(std::max(0, i - r)) * step];
    for (int j = std::max(0, i - r) + 1; j <= std::min(n - 1, i + r); ++j)
      m = std::max(m, in[static_cast<std::size_t>(j) * step]);
    out[static_cast<std::size_t>(i) * step] = m;
  }
}

class FastPooling final : public InFrontOf<cv::dnn::PoolingLayer> {
 public:
  explicit FastPooling(const LayerParams& p) : InFrontOf(p), separable_(same_size_max(p)) {
    if (separable_) {
      radius_ = {p.get("kernel_size").get<int>(0) / 2, p.get("kernel_size").get<int>(1) / 2};
    }
  }

  void forward(cv::InputArrayOfArrays in_arrays, cv::OutputArrayOfArrays out_arrays,
               cv::OutputArrayOfArrays internals) override {
    std::vector<cv::Mat> in, out;
    in_arrays.getMatVector(in);
    out_arrays.getMatVector(out);
    if (!separable_ || in.size() != 1 || out.size() != 1 || in[0].dims != 4 ||
        in[0].type() != CV_32F || !in[0].isContinuous() || !out[0].isContinuous() ||
        cv::dnn::shape(in[0]) != cv::dnn::shape(out[0])) {
      builtin_->forward(in_arrays, out_arrays, internals);
      return;
    }
    const int rows = in[0].size[2], cols = in[0].size[3];
    const std::size_t plane = static_cast<std::size_t>(rows) * cols;
    const std::size_t planes = in[0].total() / plane;
    std::vector<float> across(plane);
    for (std::size_t p = 0; p < planes; ++p) {
      const float* from = in[0].ptr<float>() + p * plane;
      float* to = out[0].ptr<float>() + p * plane;
      for (int y = 0; y < rows; ++y)
        running_max(from + static_cast<std::size_t>(y) * cols,
                    across.data() + static_cast<std::size_t>(y) * cols, cols, 1, radius_[1]);
      for (int x = 0; x < cols; ++x)
        running_max(across.data() + x, to + x, rows, static_cast<std::size_t>(cols), radius_[0]);
    }
  }

 private:
  bool separable_;
  std::array<int, 2> radius_{};  // rows, columns
};

template <class L>
cv::Ptr<Layer> make(LayerParams& params) {
  return cv::makePtr<L>(params);
}

}  // namespace

// The same arithmetic, sixteen lanes at a time where the CPU has AVX-512 (2.4x its AVX2
// form, which runs where only that is), eight with AVX2 and FMA: one element takes 0.37 ns,
// 0.62 and 0.89 without FMA on this project's machine (a 2^20-element timing).
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void logistic(
    const float* __restrict in, float* __restrict out, std::size_t n) {
  constexpr std::size_t kBlock = 16;  // a fixed trip count, which GCC's -O2 vectorises
  std::size_t i = 0;
  for (; i + kBlock <= n; i += kBlock)
    for (std::size_t j = 0; j < kBlock; ++j) out[i + j] = logistic_one(in[i + j]);
  for (; i < n; ++i) out[i] = logistic_one(in[i]);
}

// The same way. No __restrict: OpenCV may compute a product in place, so each block is read
// before it is written.
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) void silu(
    const float* in, float* out, std::size_t n) {
  constexpr std::size_t kBlock = 16;
  std::size_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    float block[kBlock];
    for (std::size_t j = 0; j < kBlock; ++j) block[j] = in[i + j] * logistic_one(in[i + j]);
    std::memcpy(out + i, block, sizeof block);
  }
  for (; i < n; ++i) out[i] = in[i] * logistic_one(in[i]);
}

namespace {

struct Kernel {
  const char* type;
  cv::dnn::LayerFactory::Constructor make;
};
const Kernel kKernels[] = {{"Sigmoid", make<FastSigmoid>},
                           {"Slice", make<FastSlice>},
                           {"Permute", make<FastPermute>},
                           {"Pooling", make<FastPooling>},
                           {"Eltwise", make<FastEltwise>}};

// How many layers of `net` read each layer's outputs.
std::vector<int> readers(cv::dnn::Net& net, const std::vector<cv::String>& names) {
  std::vector<int> count(names.size() + 1, 0);
  for (const cv::String& name : names) {
    for (const cv::Ptr<Layer>& input : net.getLayerInputs(net.getLayerId(name))) {
      const int id = net.getLayerId(input->name);
      if (id >= 0 && static_cast<std::size_t>(id) < count.size()) ++count[id];
    }
  }
  return count;
}

}  // namespace

int fuse_silu(cv::dnn::Net& net) {
  const std::vector<cv::String> names = net.getLayerNames();
  const std::vector<int> read_by = readers(net, names);
  int fused = 0;
  for (const cv::String& name : names) {
    auto* product = dynamic_cast<FastEltwise*>(net.getLayer(name).get());
    if (!product || !product->is_product()) continue;
    const std::vector<cv::Ptr<Layer>> in = net.getLayerInputs(net.getLayerId(name));
    if (in.size() != 2) continue;
    for (int s = 0; s < 2; ++s) {
      auto* sigmoid = dynamic_cast<FastSigmoid*>(in[s].get());
      const cv::Ptr<Layer>& x = in[1 - s];
      // x must be a single-output layer (a convolution) whose output the sigmoid reads, and
      // the product the sigmoid's only reader.
      if (!sigmoid || x->type != "Convolution" || read_by.at(net.getLayerId(in[s]->name)) != 1)
        continue;
      const std::vector<cv::Ptr<Layer>> of = net.getLayerInputs(net.getLayerId(in[s]->name));
      if (of.size() != 1 || of[0] != x) continue;
      sigmoid->leave_to_its_product();
      product->compute_silu_of(1 - s);
      ++fused;
      break;
    }
  }
  return fused;
}

void use_fast_dnn_layers() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const Kernel& k : kKernels) cv::dnn::LayerFactory::registerLayer(k.type, k.make);
  });
}

std::vector<std::string> fast_dnn_layer_types() {
  std::vector<std::string> types;
  for (const Kernel& k : kKernels) types.emplace_back(k.type);
  return types;
}

}  // namespace cctv::analytics
