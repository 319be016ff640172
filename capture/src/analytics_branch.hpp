// SPDX-License-Identifier: Apache-2.0
// Private: the analytics branch (decode, rate-limit, scale, hand over I420) and the one-slot
// mailbox between GStreamer's streaming thread and the camera's capture thread.
#pragma once

#include <gst/gst.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include <opencv2/core.hpp>

#include "cctv/config/config.hpp"

namespace cctv::capture {

// Holds at most one decoded frame. Live sources overwrite it (the older frame counts as
// dropped); lossless sources (files played as fast as possible) wait for the consumer instead.
class FrameMailbox {
 public:
  FrameMailbox(bool lossless, std::atomic<std::uint64_t>& dropped);
  ~FrameMailbox();
  FrameMailbox(const FrameMailbox&) = delete;
  FrameMailbox& operator=(const FrameMailbox&) = delete;

  void put(GstSample* sample);                         // takes ownership; from the streaming thread
  GstSample* take(std::chrono::milliseconds timeout);  // caller owns the result; null on timeout
  void close();  // from now on put() discards, and never waits

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  GstSample* slot_ = nullptr;
  bool closed_ = false;
  bool lossless_;
  std::atomic<std::uint64_t>& dropped_;
};

// The queue in front of the analytics decoder; its streaming thread decodes for analytics.
inline constexpr const char* kAnalyticsQueue = "analytics";

// A bus sync handler that lowers the analytics decoding thread as it starts, so decoding for
// analytics gives way to receiving and recording (see cctv/common/thread_priority.hpp).
GstBusSyncReply lower_analytics_thread(GstBus* bus, GstMessage* message, gpointer);

struct AnalyticsBranchParams {
  config::AnalyticsSettings settings;
  bool lossless = false;  // a file played as fast as possible: never drop
  bool preroll = false;   // the appsink takes part in preroll (needed before a loop's first seek)
};

// Adds queue ! decoder ! videoscale ! videoconvert ! I420 caps ! appsink to `bin`, frames
// rate-limited by running time before scaling; samples go to `mailbox`. Returns the branch's
// sink pad (caller unrefs). Throws std::runtime_error if no decoder handles `stream_caps`.
GstPad* add_analytics_branch(GstBin* bin, const GstCaps* stream_caps,
                             const AnalyticsBranchParams& params, FrameMailbox& mailbox,
                             std::atomic<std::uint64_t>& dropped);

// The I420 sample's planes packed without row padding, as OpenCV lays out I420; empty if the
// sample is not I420.
cv::Mat to_i420(GstSample* sample);

}  // namespace cctv::capture
