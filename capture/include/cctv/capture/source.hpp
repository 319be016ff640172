// SPDX-License-Identifier: Apache-2.0
// A camera source hands decoded frames, stamped with UTC wall time, to a sink.
#pragma once

#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include <opencv2/core.hpp>

#include "cctv/common/time.hpp"
#include "cctv/config/config.hpp"

namespace cctv::capture {

struct Frame {
  std::string camera;
  Timestamp ts{};  // UTC capture time of this frame
  cv::Mat image;  // BGR, the camera's analytics size
};

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  virtual void on_frame(const Frame& frame) = 0;
};

class Source {
 public:
  virtual ~Source() = default;
  // One connection attempt: delivers frames until `stop` is requested (returns nullopt) or the
  // source fails (returns what went wrong). A supervisor decides whether to retry.
  virtual std::optional<std::string> run(std::stop_token stop, FrameSink& sink) = 0;
};

// Throws std::invalid_argument naming the camera when its URL cannot be served.
std::unique_ptr<Source> create_source(const config::Camera& camera);

}  // namespace cctv::capture
