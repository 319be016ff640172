// SPDX-License-Identifier: Apache-2.0
// create_source: picks an input per URL scheme and runs them in a CapturePipeline per attempt.
#include <algorithm>
#include <stdexcept>

#include "capture_pipeline.hpp"
#include "cctv/capture/source.hpp"
#include "gst_util.hpp"
#include "input_common.hpp"

namespace cctv::capture {
namespace {

// An input silent for offline_after_s (at least this) ends the attempt, to reconnect. It also
// catches the rare demuxer error GStreamer swallows (parsebin on a truncated MP4).
constexpr double kMinStallTimeoutS = 2;

class PipelineSource final : public Source {
 public:
  PipelineSource(const config::Camera& camera, SourceParams params,
                 std::vector<InputFactory> inputs)
      : camera_(camera), params_(std::move(params)), inputs_(std::move(inputs)) {
    if (!params_.counters) params_.counters = std::make_shared<SourceCounters>();
  }

  std::optional<std::string> run(std::stop_token stop, FrameSink& sink) override {
    try {
      std::vector<std::unique_ptr<Input>> inputs;
      for (const InputFactory& make : inputs_) inputs.push_back(make());
      CaptureParams cp{camera_.id,
                       camera_.analytics,
                       std::max(kMinStallTimeoutS, camera_.offline_after_s),
                       params_.recordings_dir,
                       params_.segment_s,
                       params_.recording_listener,
                       params_.counters.get()};
      CapturePipeline pipeline(std::move(cp), std::move(inputs));
      return pipeline.run(stop, sink);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
  }

  const SourceCounters& counters() const override { return *params_.counters; }

 private:
  config::Camera camera_;
  SourceParams params_;
  std::vector<InputFactory> inputs_;
};

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

InputFactory input_for(const std::string& url, Roles roles, const config::Camera& camera) {
  if (starts_with(url, "rtsp://") || starts_with(url, "rtsps://")) return rtsp_input(url, roles);
  if (starts_with(url, "file://")) return file_input(url, roles);
  if (starts_with(url, "test://")) return test_input(url, roles, camera.analytics);
  throw std::invalid_argument("source '" + redact(url) +
                              "' must start with rtsp://, rtsps://, file:// or test://");
}

}  // namespace

std::unique_ptr<Source> create_source(const config::Camera& camera, const SourceParams& params) {
  ensure_gstreamer();
  const bool recording = !params.recordings_dir.empty();
  const bool analysing = camera.analytics.enabled;
  if (!recording && !analysing) {
    throw std::invalid_argument("camera '" + camera.id +
                                "': analytics are disabled and nothing is recorded, so there is "
                                "nothing to capture");
  }
  std::vector<InputFactory> inputs;
  try {
    if (camera.analytics_url.empty() || !analysing) {
      inputs.push_back(input_for(
          camera.url, {.record = recording, .analyse = analysing, .primary = true}, camera));
    } else if (!recording) {  // the main stream would be opened for nothing
      inputs.push_back(input_for(camera.analytics_url, {.analyse = true, .primary = true}, camera));
    } else {
      inputs.push_back(input_for(camera.url, {.record = true, .primary = true}, camera));
      inputs.push_back(input_for(camera.analytics_url, {.analyse = true}, camera));
    }
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("camera '" + camera.id + "': " + e.what());
  }
  return std::make_unique<PipelineSource>(camera, params, std::move(inputs));
}

std::unique_ptr<Source> create_source(const config::Camera& camera) {
  return create_source(camera, SourceParams{});
}

}  // namespace cctv::capture
