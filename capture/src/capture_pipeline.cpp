// SPDX-License-Identifier: Apache-2.0
#include "capture_pipeline.hpp"

#include <spdlog/spdlog.h>

#include "gst_util.hpp"

namespace cctv::capture {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(50);
// For end-of-stream to close the open segment: well inside SourceSupervisor::kStopWait, which
// also covers the teardown.
constexpr GstClockTime kStopTimeout = 3 * GST_SECOND;
constexpr GstClockTime kPrerollTimeout = 10 * GST_SECOND;

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::int64_t to_ms(Timestamp t) { return t.time_since_epoch().count(); }

// The pipeline's running time now; nullopt before it has a clock.
std::optional<StreamClock::Running> running_now(GstElement* pipeline) {
  GstClock* clock = gst_element_get_clock(pipeline);
  if (!clock) return std::nullopt;
  const GstClockTime now = gst_clock_get_time(clock) - gst_element_get_base_time(pipeline);
  gst_object_unref(clock);
  return StreamClock::Running(now);
}

}  // namespace

struct CapturePipeline::InputState {
  explicit InputState(Timestamp origin) : clock(origin) {}
  std::atomic<std::int64_t> last_data_ns{0};
  std::atomic<bool> attached{false};
  StreamClock clock;  // its streams' running time to UTC
};

std::string input_name(int index) { return "input" + std::to_string(index); }

CapturePipeline::CapturePipeline(CaptureParams params, std::vector<std::unique_ptr<Input>> inputs)
    : params_(std::move(params)),
      inputs_(std::move(inputs)),
      pipeline_(gst_pipeline_new(params_.camera.c_str())),
      bus_(gst_element_get_bus(pipeline_)),
      lossless_(all_inputs(&InputTraits::lossless)),
      mailbox_(lossless_, params_.counters->frames_dropped) {
  for (std::size_t i = 0; i < inputs_.size(); ++i)
    states_.push_back(std::make_unique<InputState>(now_utc()));
  gst_bus_set_sync_handler(bus_, lower_analytics_thread, nullptr, nullptr);
}

CapturePipeline::~CapturePipeline() {
  teardown();
  gst_object_unref(bus_);
  gst_object_unref(pipeline_);
}

bool CapturePipeline::all_inputs(bool InputTraits::*trait) const {
  for (const auto& input : inputs_) {
    if (!(input->traits().*trait)) return false;
  }
  return !inputs_.empty();
}

bool CapturePipeline::finite() const {
  for (const auto& input : inputs_) {
    if (input->traits().live || input->traits().loop) return false;
  }
  return true;
}

void CapturePipeline::fail(const std::string& message) {
  std::lock_guard lock(mutex_);
  if (!failure_) failure_ = message;
}

bool CapturePipeline::has_stream(int input) const { return states_.at(input)->attached; }

void CapturePipeline::attach_stream(int input, GstPad* pad, const Roles& roles,
                                    const GstCaps* known_caps) {
  CapsRef caps = known_caps ? CapsRef(gst_caps_copy(known_caps)) : pad_caps(pad);
  const std::string name = caps_name(caps.get());
  try {
    std::lock_guard lock(mutex_);
    if (name.rfind("video/", 0) != 0 || states_.at(input)->attached.exchange(true)) {
      discard(pad);  // audio, metadata, a second video track
      return;
    }
    if (name == "video/x-h264") {
      attach_h264(input, pad, roles, caps.get());
    } else {
      attach_other(input, pad, roles, caps.get());
    }
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

void CapturePipeline::attach_h264(int input, GstPad* pad, const Roles& roles, const GstCaps* caps) {
  GstElement* parse = make_element("h264parse");
  GstElement* tee = make_element("tee");
  g_object_set(tee, "allow-not-linked", TRUE, nullptr);
  add_chain(bin(), {parse, tee});
  auto branch_to = [tee](GstPad* sink) {
    GstPad* src = gst_element_request_pad_simple(tee, "src_%u");
    gst_pad_link(src, sink);
    gst_object_unref(src);
  };
  if (roles.record && !params_.recordings_dir.empty()) {
    RecordingParams rp{params_.camera, params_.recordings_dir, params_.segment_s, params_.listener};
    recording_ = std::make_unique<RecordingBranch>(bin(), rp, clock_of(input), *params_.counters);
    branch_to(recording_->sink_pad());
  }
  if (roles.analyse) {
    GstRef<GstPad> analytics(analyse(input, caps));
    branch_to(analytics.get());
  }
  GstRef<GstPad> parsed(gst_element_get_static_pad(parse, "src"));
  count_frames(parsed.get(), input, roles.primary);
  link_pad(pad, parse);
}

void CapturePipeline::attach_other(int input, GstPad* pad, const Roles& roles,
                                   const GstCaps* caps) {
  if (roles.record && !params_.recordings_dir.empty()) {
    spdlog::warn(
        "[capture {}] not recording {}: the stream is {}, and only H.264 is recorded (without "
        "re-encoding)",
        params_.camera, inputs_.at(input)->name(), caps_name(caps));
  }
  count_frames(pad, input, roles.primary);
  if (!roles.analyse) {
    discard(pad);
    return;
  }
  GstRef<GstPad> analytics(analyse(input, caps));
  if (gst_pad_link(pad, analytics.get()) != GST_PAD_LINK_OK)
    throw std::runtime_error("cannot link the decoder");
}

GstPad* CapturePipeline::analyse(int input, const GstCaps* caps) {
  analysed_input_ = input;  // its clock times the frames the mailbox holds
  return add_analytics_branch(bin(), caps,
                              {params_.analytics, lossless_, all_inputs(&InputTraits::loop)},
                              mailbox_, params_.counters->frames_dropped);
}

void CapturePipeline::count_frames(GstPad* pad, int input, bool primary) {
  InputState* state = states_.at(input).get();
  SourceCounters* counters = params_.counters;
  const bool live = !lossless_;
  GstElement* pipeline = pipeline_;
  probe_buffers(pad, [state, counters, primary, live, pipeline](GstBuffer*, GstClockTime rt) {
    if (live && GST_CLOCK_TIME_IS_VALID(rt)) {
      if (const auto arrival = running_now(pipeline))
        state->clock.arrived(StreamClock::Running(rt), *arrival);
    }
    const std::int64_t now = steady_ns();
    state->last_data_ns = now;
    if (primary) {
      counters->frames_in.fetch_add(1);
      counters->last_frame_steady_ns = now;
      counters->last_frame_utc_ms = to_ms(now_utc());
    }
    return true;
  });
}

void CapturePipeline::anchor_clocks() {
  const auto now = running_now(pipeline_);
  if (!now) return;
  const Timestamp utc = now_utc();
  for (auto& state : states_) state->clock.anchor(utc, *now);
}

const StreamClock& CapturePipeline::clock_of(int input) const { return states_.at(input)->clock; }

void CapturePipeline::discard(GstPad* pad) {
  GstElement* sink = make_element("fakesink");
  g_object_set(sink, "sync", FALSE, "async", FALSE, nullptr);
  add_chain(bin(), {sink});
  link_pad(pad, sink);
}

std::optional<std::string> CapturePipeline::run(std::stop_token stop, FrameSink& sink) {
  if (auto error = start()) {
    teardown();
    return error;
  }
  Outcome outcome = Outcome::running;
  while (outcome == Outcome::running) {
    outcome = stop.stop_requested() ? Outcome::stopped : step(sink);
  }
  // A live stream is ended properly so splitmuxsink closes the open segment; a file is cut.
  if (outcome == Outcome::stopped && all_inputs(&InputTraits::live)) stop_gracefully();
  teardown();
  std::lock_guard lock(mutex_);
  return outcome == Outcome::failed ? failure_ : std::nullopt;
}

std::optional<std::string> CapturePipeline::start() {
  try {
    for (std::size_t i = 0; i < inputs_.size(); ++i) inputs_[i]->build(*this, static_cast<int>(i));
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
  if (all_inputs(&InputTraits::loop)) {
    // Segment seeks loop a file without a gap or a reset of running time.
    gst_element_set_state(pipeline_, GST_STATE_PAUSED);
    const Outcome preroll = drain_bus(kPrerollTimeout, false);
    if (preroll == Outcome::failed) return failure_;
    gst_element_seek_simple(pipeline_, GST_FORMAT_TIME,
                            static_cast<GstSeekFlags>(GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_SEGMENT),
                            0);
    if (drain_bus(kPrerollTimeout, false) == Outcome::failed) return failure_;  // prerolled again
  }
  if (gst_element_set_state(pipeline_, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    drain_bus(0, false);  // the element that refused usually posted why
    std::lock_guard lock(mutex_);
    return failure_ ? failure_ : std::optional<std::string>("the pipeline refused to start");
  }
  if (!lossless_) anchor_clocks();
  const std::int64_t now = steady_ns();
  for (auto& state : states_) state->last_data_ns = now;
  for (auto& input : inputs_) input->on_playing();
  return std::nullopt;
}

CapturePipeline::Outcome CapturePipeline::step(FrameSink& sink) {
  if (GstSample* sample = mailbox_.take(kPollInterval)) {
    deliver(sample, sink);
    // A file waits for its consumer: time spent in the sink is not a stall.
    if (lossless_) {
      for (auto& state : states_) state->last_data_ns = steady_ns();
    }
  }
  const Outcome outcome = drain_bus(0, false);
  // A file's end comes after its last frame went into the mailbox (a lossless put waits for
  // the slot), often while the sink was still busy with the one before: deliver it too.
  if (outcome == Outcome::finished) {
    while (GstSample* last = mailbox_.take(std::chrono::milliseconds(0))) deliver(last, sink);
  }
  if (outcome != Outcome::running) return outcome;
  if (auto stalled = check_stalls()) {
    fail(*stalled);
    return Outcome::failed;
  }
  std::lock_guard lock(mutex_);
  return failure_ ? Outcome::failed : Outcome::running;
}

CapturePipeline::Outcome CapturePipeline::drain_bus(GstClockTime timeout, bool stopping) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(timeout);
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(
        deadline - std::chrono::steady_clock::now());
    GstMessage* message = gst_bus_timed_pop(bus_, std::max<std::int64_t>(0, left.count()));
    if (!message) return Outcome::running;
    const bool prerolled =
        GST_MESSAGE_TYPE(message) == GST_MESSAGE_ASYNC_DONE && timeout > 0 && !stopping;
    const Outcome outcome = handle(message, stopping);
    gst_message_unref(message);
    if (outcome != Outcome::running || prerolled) return outcome;
  }
}

CapturePipeline::Outcome CapturePipeline::handle(GstMessage* message, bool stopping) {
  switch (GST_MESSAGE_TYPE(message)) {
    case GST_MESSAGE_ERROR:
      fail(describe(message, who(message)));
      return Outcome::failed;
    case GST_MESSAGE_WARNING:
      spdlog::warn("[capture {}] {}", params_.camera, describe(message, who(message)));
      return Outcome::running;
    case GST_MESSAGE_EOS:
      if (stopping) return Outcome::stopped;
      if (finite()) return Outcome::finished;
      fail("the stream ended (end-of-stream from " + inputs_.front()->name() + ")");
      return Outcome::failed;
    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC(message) == GST_OBJECT(pipeline_) && !lossless_) {
        GstState state;
        gst_message_parse_state_changed(message, nullptr, &state, nullptr);
        if (state == GST_STATE_PLAYING) anchor_clocks();
      }
      return Outcome::running;
    case GST_MESSAGE_SEGMENT_DONE:
      gst_element_seek_simple(pipeline_, GST_FORMAT_TIME, GST_SEEK_FLAG_SEGMENT, 0);
      return Outcome::running;
    case GST_MESSAGE_ELEMENT: {
      RecordingBranch* recording = nullptr;
      {
        std::lock_guard lock(mutex_);
        recording = recording_.get();
      }
      if (recording) recording->handle(message);
      return Outcome::running;
    }
    default:
      return Outcome::running;
  }
}

// The input an element belongs to, by name: "input0", "input0-parse", ...
std::string CapturePipeline::who(GstMessage* message) const {
  for (GstObject* o = GST_MESSAGE_SRC(message); o && o != GST_OBJECT(pipeline_);
       o = GST_OBJECT_PARENT(o)) {
    const std::string name = GST_OBJECT_NAME(o) ? GST_OBJECT_NAME(o) : "";
    for (std::size_t i = 0; i < inputs_.size(); ++i) {
      const std::string prefix = input_name(static_cast<int>(i));
      if (name == prefix || name.rfind(prefix + "-", 0) == 0) return inputs_[i]->name();
    }
  }
  return "";
}

std::optional<std::string> CapturePipeline::check_stalls() {
  const std::int64_t now = steady_ns();
  const auto limit = static_cast<std::int64_t>(params_.stall_timeout_s * 1e9);
  for (std::size_t i = 0; i < states_.size(); ++i) {
    if (now - states_[i]->last_data_ns > limit) {
      return "no data from " + inputs_[i]->name() + " for " +
             std::to_string(static_cast<int>(params_.stall_timeout_s)) + " s";
    }
  }
  return std::nullopt;
}

void CapturePipeline::stop_gracefully() {
  // End-of-stream lets splitmuxsink finish the open segment properly.
  mailbox_.close();
  gst_element_send_event(pipeline_, gst_event_new_eos());
  if (drain_bus(kStopTimeout, true) == Outcome::running) {
    spdlog::warn("[capture {}] pipeline did not drain within {} s; closing it anyway",
                 params_.camera, kStopTimeout / GST_SECOND);
  }
}

void CapturePipeline::teardown() {
  if (torn_down_) return;
  torn_down_ = true;
  mailbox_.close();
  for (auto& input : inputs_) input->on_teardown();
  while (GstMessage* message = gst_bus_pop(bus_)) {  // segment messages posted before the end
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ELEMENT) handle(message, true);
    gst_message_unref(message);
  }
  gst_element_set_state(pipeline_, GST_STATE_NULL);
  RecordingBranch* recording = nullptr;
  {
    std::lock_guard lock(mutex_);
    recording = recording_.get();
  }
  if (recording) recording->close_open_segment();
}

void CapturePipeline::deliver(GstSample* sample, FrameSink& sink) {
  GstClockTime rt = GST_CLOCK_TIME_NONE;
  if (const GstSegment* segment = gst_sample_get_segment(sample)) {
    rt = running_time(*segment, GST_BUFFER_PTS(gst_sample_get_buffer(sample)));
  }
  const StreamClock& clock = clock_of(analysed_input_);
  Frame frame{params_.camera,
              GST_CLOCK_TIME_IS_VALID(rt) ? clock.to_utc(StreamClock::Running(rt)) : now_utc(),
              to_i420(sample), lossless_};
  gst_sample_unref(sample);
  if (frame.i420.empty()) return;
  try {
    sink.on_frame(frame);
  } catch (const std::exception& e) {
    if (sink_errors_++ % 100 == 0) {
      spdlog::error("[capture {}] frame sink failed ({} times): {}", params_.camera, sink_errors_,
                    e.what());
    }
  }
  params_.counters->frames_out.fetch_add(1);
}

}  // namespace cctv::capture
