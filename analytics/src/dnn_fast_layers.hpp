// SPDX-License-Identifier: Apache-2.0
// Faster CPU kernels for cv::dnn layers that OpenCV 4.6 (Debian 12) runs slowly and
// YOLOX-Nano leans on: Sigmoid (a scalar exp an element: 110 layers, a third of a run), strided
// Slice (the input's space-to-depth), a last-two-axes Permute (the output's transpose),
// stride-1 max pooling (the spatial pyramid's 5x5 to 13x13 windows), and the element-wise
// product that follows each sigmoid (SiLU, computed with it in one pass: fuse_silu). Each
// computes what the built-in layer computes; anything else is left to the built-in layer.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <opencv2/dnn.hpp>

namespace cctv::analytics {

// Registers the kernels with cv::dnn's layer factory, for every net read after the call. Once
// a process; thread-safe.
void use_fast_dnn_layers();

// In a net read after use_fast_dnn_layers(): every product x * sigmoid(x) of a convolution's
// output x whose sigmoid nothing else reads (SiLU) is computed in one pass, the sigmoid layer
// left idle. Returns how many were fused (YOLOX-Nano: one per convolution but the head's).
int fuse_silu(cv::dnn::Net& net);

// The layer types use_fast_dnn_layers() puts kernels in front of.
std::vector<std::string> fast_dnn_layer_types();

// The logistic function 1 / (1 + e^-x) over n floats, as the Sigmoid kernel computes it
// (vectorised; within 3e-7 relative of the exact value; NaN gives 1). `in` and `out` must not
// overlap.
void logistic(const float* __restrict in, float* __restrict out, std::size_t n);

// x * logistic(x) (SiLU) over n floats, as a fused product computes it; `in` may be `out`.
void silu(const float* in, float* out, std::size_t n);

}  // namespace cctv::analytics
