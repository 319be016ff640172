// SPDX-License-Identifier: Apache-2.0
// test://<scene> cameras: a SyntheticScene (or a videotestsrc pattern) rendered in real time,
// encoded with x264 like an IP camera, so they exercise the same branches as rtsp://.
#include <stdexcept>

#include "gst_util.hpp"
#include "input_common.hpp"
#include "pipeline_fragments.hpp"
#include "scene_feeder.hpp"

namespace cctv::capture {
namespace {

class TestInput final : public Input {
 public:
  TestInput(std::string scene, EncoderSettings settings, Roles roles)
      : scene_(std::move(scene)), settings_(settings), roles_(roles) {}

  void build(CapturePipeline& pipeline, int index) override {
    const auto script = builtin_scene(scene_);
    const std::string description = script ? scene_encoder_description(settings_)
                                           : pattern_encoder_description(scene_, settings_);
    GError* error = nullptr;
    GstElement* bin = gst_parse_bin_from_description(description.c_str(), TRUE, &error);
    if (!bin) {
      std::string message = error ? error->message : "unknown error";
      g_clear_error(&error);
      throw std::runtime_error("cannot build the test:// pipeline: " + message);
    }
    gst_object_set_name(GST_OBJECT(bin), input_name(index).c_str());
    gst_bin_add(pipeline.bin(), bin);
    if (script) {
      GstRef<GstElement> appsrc(gst_bin_get_by_name(GST_BIN(bin), "src"));
      feeder_ = std::make_unique<SceneFeeder>(
          appsrc.get(), *script, cv::Size(settings_.width, settings_.height), settings_.fps);
    }
    GstRef<GstPad> out(gst_element_get_static_pad(bin, "src"));
    pipeline.attach_stream(index, out.get(), roles_);
  }

  InputTraits traits() const override { return {.live = true}; }
  std::string name() const override { return "test://" + scene_; }
  void on_playing() override {
    if (feeder_) feeder_->start();
  }
  void on_teardown() override {
    if (feeder_) feeder_->stop();
  }

 private:
  std::string scene_;
  EncoderSettings settings_;
  Roles roles_;
  std::unique_ptr<SceneFeeder> feeder_;
};

}  // namespace

InputFactory test_input(const std::string& url, Roles roles,
                        const config::AnalyticsSettings& analytics) {
  const SourceUrl parsed = split_options(url, {"width", "height", "fps"});
  const std::string scene = parsed.address.substr(std::string("test://").size());
  if (parsed.address.find('?') != std::string::npos) {
    throw std::invalid_argument("unknown option in '" + url +
                                "'; test:// takes width, height and fps");
  }
  if (!builtin_scene(scene) && !is_test_pattern(scene)) {
    throw std::invalid_argument(
        "no synthetic scene or test pattern named '" + scene +
        "'; use test://street, test://walkers or a videotestsrc pattern such as test://smpte");
  }
  EncoderSettings settings;
  settings.width = static_cast<int>(number_option(parsed, "width", analytics.width, 64, 3840)) & ~1;
  settings.height =
      static_cast<int>(number_option(parsed, "height", analytics.height, 64, 2160)) & ~1;
  settings.fps = number_option(parsed, "fps", analytics.fps, 1, 60);
  return [=] { return std::make_unique<TestInput>(scene, settings, roles); };
}

}  // namespace cctv::capture
