// SPDX-License-Identifier: Apache-2.0
// Private: one connection attempt of one camera. Inputs (one file per source kind) add their
// elements and hand over elementary video streams; this class builds the recording and
// analytics branches on them, runs the bus, delivers frames and tears everything down.
#pragma once

#include <gst/gst.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "analytics_branch.hpp"
#include "cctv/capture/source.hpp"
#include "cctv/capture/stream_clock.hpp"
#include "recording_branch.hpp"

namespace cctv::capture {

// What a connection is for: the main url records (and analyses unless there is a substream).
struct Roles {
  bool record = false;
  bool analyse = false;
  bool primary = false;  // its frames count as the camera's frames (fps in, last frame)
};

struct InputTraits {
  bool live = true;       // a camera: data arrives in real time and stopping it is an error
  bool loop = false;      // a file played again and again
  bool lossless = false;  // a file played as fast as possible: analytics sees every frame
};

class CapturePipeline;

// Inputs name their elements input_name(index) (or with a suffix), so errors name the URL.
std::string input_name(int index);

class Input {
 public:
  virtual ~Input() = default;
  // Adds the input's elements; streams are attached now or later from a streaming thread.
  virtual void build(CapturePipeline& pipeline, int index) = 0;
  virtual InputTraits traits() const = 0;
  virtual std::string name() const = 0;  // for messages (no credentials)
  virtual void on_playing() {}
  virtual void on_teardown() {}
};

// Makes a fresh Input for each attempt.
using InputFactory = std::function<std::unique_ptr<Input>()>;

struct CaptureParams {
  std::string camera;
  config::AnalyticsSettings analytics;
  double stall_timeout_s = 10;           // an input silent this long ends the attempt
  std::filesystem::path recordings_dir;  // empty: no recording
  double segment_s = 60;
  RecordingListener* listener = nullptr;
  SourceCounters* counters = nullptr;  // required
};

class CapturePipeline {
 public:
  CapturePipeline(CaptureParams params, std::vector<std::unique_ptr<Input>> inputs);
  ~CapturePipeline();
  CapturePipeline(const CapturePipeline&) = delete;
  CapturePipeline& operator=(const CapturePipeline&) = delete;

  std::optional<std::string> run(std::stop_token stop, FrameSink& sink);

  // For inputs; safe from streaming threads.
  GstBin* bin() const { return GST_BIN(pipeline_); }
  // `caps`: what the pad will carry, if it cannot tell yet (not linked upstream).
  void attach_stream(int input, GstPad* pad, const Roles& roles, const GstCaps* caps = nullptr);
  bool has_stream(int input) const;
  void fail(const std::string& message);

 private:
  enum class Outcome { running, stopped, finished, failed };
  struct InputState;

  std::optional<std::string> start();
  Outcome step(FrameSink& sink);
  Outcome handle(GstMessage* message, bool stopping);
  Outcome drain_bus(GstClockTime timeout, bool stopping);
  void stop_gracefully();
  void teardown();
  void deliver(GstSample* sample, FrameSink& sink);
  void attach_h264(int input, GstPad* pad, const Roles& roles, const GstCaps* caps);
  void attach_other(int input, GstPad* pad, const Roles& roles, const GstCaps* caps);
  // Adds the analytics branch for `input`'s stream; its sink pad (a new reference).
  GstPad* analyse(int input, const GstCaps* caps);
  void count_frames(GstPad* pad, int input, bool primary);
  void anchor_clocks();
  const StreamClock& clock_of(int input) const;
  void discard(GstPad* pad);
  std::optional<std::string> check_stalls();
  bool all_inputs(bool InputTraits::*trait) const;
  bool finite() const;
  std::string who(GstMessage* message) const;

  CaptureParams params_;
  std::vector<std::unique_ptr<Input>> inputs_;
  std::vector<std::unique_ptr<InputState>> states_;
  GstElement* pipeline_;
  GstBus* bus_;
  bool lossless_;
  FrameMailbox mailbox_;
  std::atomic<int> analysed_input_{0};  // whose frames the mailbox holds
  mutable std::mutex mutex_;            // guards the members below
  std::unique_ptr<RecordingBranch> recording_;
  std::optional<std::string> failure_;
  bool torn_down_ = false;
  std::uint64_t sink_errors_ = 0;
};

}  // namespace cctv::capture
