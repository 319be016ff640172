// SPDX-License-Identifier: Apache-2.0
// Frames that refer to frames lost before the decoder are dropped until the next keyframe
// (or for at most kMaxKeyframeWait), so analytics never sees a smeared picture. Real x264
// and avdec_h264: a gap of three frames is cut out of a 30 fps stream with keyframes every
// second, and what comes out of the decoder is compared with a decode of the whole stream.
#include <gtest/gtest.h>

#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include <atomic>
#include <map>
#include <string>

#include <opencv2/core.hpp>

#include "../../capture/src/keyframe_resync.hpp"

namespace cctv::capture {
namespace {

constexpr int kFps = 30;

struct Decoded {
  std::map<int, cv::Mat> frames;  // by frame number (PTS / frame duration)
  std::uint64_t dropped = 0;
};

struct Gap {
  int first = -1, count = 0;  // frames cut out; the next one gets DISCONT, as GstQueue does
  int seen = 0;
};

GstPadProbeReturn cut_gap(GstPad*, GstPadProbeInfo* info, gpointer data) {
  auto& gap = *static_cast<Gap*>(data);
  const int n = gap.seen++;
  if (n >= gap.first && n < gap.first + gap.count) return GST_PAD_PROBE_DROP;
  if (n == gap.first + gap.count) {
    GstBuffer* b = gst_buffer_make_writable(GST_PAD_PROBE_INFO_BUFFER(info));
    GST_BUFFER_FLAG_SET(b, GST_BUFFER_FLAG_DISCONT);
    GST_PAD_PROBE_INFO_DATA(info) = b;
  }
  return GST_PAD_PROBE_OK;
}

// A moving ball, encoded with a keyframe every `key_interval` frames, `gap` cut out before the
// decoder, with or without the resync.
Decoded decode(int frames, int key_interval, Gap gap, bool resync) {
  gst_init(nullptr, nullptr);
  const std::string description =
      "videotestsrc pattern=ball num-buffers=" + std::to_string(frames) +
      " ! video/x-raw,width=160,height=120,framerate=" + std::to_string(kFps) +
      "/1 ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=" +
      std::to_string(key_interval) +
      " ! h264parse ! identity name=gap ! avdec_h264 name=dec ! videoconvert ! "
      "video/x-raw,format=GRAY8 ! appsink name=out sync=false";
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(description.c_str(), &error);
  EXPECT_EQ(error, nullptr) << (error ? error->message : "");
  if (!pipeline) return {};
  std::atomic<std::uint64_t> dropped{0};
  GstElement* gap_element = gst_bin_get_by_name(GST_BIN(pipeline), "gap");
  GstPad* gap_out = gst_element_get_static_pad(gap_element, "src");
  gst_pad_add_probe(gap_out, GST_PAD_PROBE_TYPE_BUFFER, cut_gap, &gap, nullptr);
  if (resync) {
    GstElement* dec = gst_bin_get_by_name(GST_BIN(pipeline), "dec");
    GstPad* dec_in = gst_element_get_static_pad(dec, "sink");
    add_keyframe_resync(dec_in, dropped);
    gst_object_unref(dec_in);
    gst_object_unref(dec);
  }
  GstElement* out = gst_bin_get_by_name(GST_BIN(pipeline), "out");
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  Decoded result;
  GstClockTime first_pts = GST_CLOCK_TIME_NONE;
  while (GstSample* sample = gst_app_sink_pull_sample(GST_APP_SINK(out))) {
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    GstMapInfo map;
    if (gst_buffer_map(buffer, &map, GST_MAP_READ)) {
      // x264enc starts its timestamps at 1000 hours; frame 0, a keyframe, always comes out.
      if (!GST_CLOCK_TIME_IS_VALID(first_pts)) first_pts = GST_BUFFER_PTS(buffer);
      const GstClockTime t = GST_BUFFER_PTS(buffer) - first_pts;
      const int n = static_cast<int>((t * kFps + GST_SECOND / 2) / GST_SECOND);
      result.frames[n] = cv::Mat(120, 160, CV_8UC1, map.data).clone();
      gst_buffer_unmap(buffer, &map);
    }
    gst_sample_unref(sample);
  }
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(out);
  gst_object_unref(gap_out);
  gst_object_unref(gap_element);
  gst_object_unref(pipeline);
  result.dropped = dropped;
  return result;
}

double difference(const cv::Mat& a, const cv::Mat& b) { return cv::norm(a, b, cv::NORM_INF); }

TEST(Capture_KeyframeResync, frames_after_a_gap_wait_for_the_next_keyframe) {
  const Gap gap{10, 3};  // frames 10-12 lost, 13 flagged; keyframes at 0, 30, 60
  const Decoded whole = decode(90, 30, {}, false);
  const Decoded smeared = decode(90, 30, gap, false);
  const Decoded resynced = decode(90, 30, gap, true);
  ASSERT_EQ(whole.frames.size(), 90u);

  // The premise: without the resync the decoder shows frames after the gap, and some of them
  // are far from the true pictures.
  double worst = 0;
  for (int n = 13; n < 30; ++n) {
    ASSERT_TRUE(smeared.frames.count(n)) << "frame " << n;
    worst = std::max(worst, difference(smeared.frames.at(n), whole.frames.at(n)));
  }
  EXPECT_GT(worst, 40) << "a gap smears the pictures until the next keyframe";

  EXPECT_EQ(resynced.dropped, 17u) << "frames 13-29 dropped and counted";
  for (int n = 0; n < 90; ++n) {
    const bool expected = n < 10 || n >= 30;
    ASSERT_EQ(resynced.frames.count(n) == 1, expected) << "frame " << n;
    if (expected) {
      EXPECT_LE(difference(resynced.frames.at(n), whole.frames.at(n)), 2) << "frame " << n;
    }
  }
}

TEST(Capture_KeyframeResync, a_stream_without_keyframes_waits_no_longer_than_the_limit) {
  const Gap gap{10, 3};  // one keyframe, at frame 0
  const Decoded resynced = decode(300, 1000, gap, true);
  const int wait = static_cast<int>(kMaxKeyframeWait * kFps / GST_SECOND);  // 150 frames
  EXPECT_EQ(resynced.dropped, static_cast<std::uint64_t>(wait)) << "frames 13-162";
  for (int n = 13; n < 13 + wait; ++n) EXPECT_FALSE(resynced.frames.count(n)) << "frame " << n;
  // Then the decoder has them again; it discards the first few itself (measured: 163-168),
  // whose references are missing, and shows the rest.
  for (int n = 13 + wait + kFps; n < 300; ++n)
    EXPECT_TRUE(resynced.frames.count(n)) << "frame " << n << ": analytics resumes after the wait";
}

}  // namespace
}  // namespace cctv::capture
