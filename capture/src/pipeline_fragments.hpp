// SPDX-License-Identifier: Apache-2.0
// Private: the pipeline-description fragments used in more than one place, kept in one table.
#pragma once

#include <string>

namespace cctv::capture {

struct EncoderSettings {
  int width = 1280;
  int height = 720;
  double fps = 10;
  double key_interval_s = 2;
  int bitrate_kbps = 2048;
};

// "appsrc name=src ... ! videoconvert ! video/x-raw,format=I420 ! x264enc name=enc ...": a
// live BGR appsrc (fed and timestamped by a SceneFeeder) encoded like an IP camera does it.
std::string scene_encoder_description(const EncoderSettings& s);

// "videotestsrc is-live=true pattern=<p> ! ... ! x264enc name=enc ...".
std::string pattern_encoder_description(const std::string& pattern, const EncoderSettings& s);
// Whether videotestsrc knows this pattern nick ("smpte", "ball", "snow", ...).
bool is_test_pattern(const std::string& pattern);

// The encoder part alone, for other raw sources ("... ! x264enc name=enc ... ").
std::string encoder_description(const EncoderSettings& s);

// GStreamer caps fraction for a frame rate (10 -> "10/1", 12.5 -> "25/2").
std::string fraction(double fps);

}  // namespace cctv::capture
