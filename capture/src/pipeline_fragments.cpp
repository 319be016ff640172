// SPDX-License-Identifier: Apache-2.0
#include "pipeline_fragments.hpp"

#include "gst_util.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <gst/gst.h>

#include <spdlog/fmt/fmt.h>

namespace cctv::capture {

std::string fraction(double fps) {
  const int denominator = 1000;
  const int numerator = static_cast<int>(std::lround(fps * denominator));
  const int g = std::gcd(numerator, denominator);
  return fmt::format("{}/{}", numerator / g, denominator / g);
}

std::string encoder_description(const EncoderSettings& s) {
  const int key_int = std::max(1, static_cast<int>(std::lround(s.fps * s.key_interval_s)));
  // zerolatency: no B-frames, no lookahead, as IP cameras stream. I420 keeps the profile at
  // High 4:2:0 instead of x264's 4:4:4 for BGR input.
  return fmt::format(
      "videoconvert ! video/x-raw,format=I420 ! "
      "x264enc name=enc tune=zerolatency speed-preset=superfast key-int-max={} bitrate={} "
      "threads=1 ! "
      "capsfilter caps=video/x-h264,profile=high",
      key_int, s.bitrate_kbps);
}

std::string scene_encoder_description(const EncoderSettings& s) {
  return fmt::format(
             "appsrc name=src is-live=true format=time max-buffers=4 leaky-type=downstream "
             "caps=video/x-raw,format=BGR,width={},height={},framerate={} ! ",
             s.width, s.height, fraction(s.fps)) +
         encoder_description(s);
}

std::string pattern_encoder_description(const std::string& pattern, const EncoderSettings& s) {
  return fmt::format(
             "videotestsrc is-live=true pattern={} ! video/x-raw,width={},height={},framerate={} "
             "! ",
             pattern, s.width, s.height, fraction(s.fps)) +
         encoder_description(s);
}

bool is_test_pattern(const std::string& pattern) {
  ensure_gstreamer();
  GstElement* src = gst_element_factory_make("videotestsrc", nullptr);
  if (!src) return false;
  GParamSpec* spec = g_object_class_find_property(G_OBJECT_GET_CLASS(src), "pattern");
  bool known = false;
  if (spec && G_IS_PARAM_SPEC_ENUM(spec)) {
    known =
        g_enum_get_value_by_nick(G_PARAM_SPEC_ENUM(spec)->enum_class, pattern.c_str()) != nullptr;
  }
  gst_object_unref(src);
  return known;
}

}  // namespace cctv::capture
