// SPDX-License-Identifier: Apache-2.0
// Private: small GStreamer helpers shared by the pipelines and the RTSP test server.
#pragma once

#include <gst/gst.h>

#include <memory>
#include <string>

namespace cctv::capture {

// gst_init, once per process (thread-safe).
void ensure_gstreamer();

struct GstObjectUnref {
  void operator()(gpointer p) const { gst_object_unref(p); }
};
template <class T>
using GstRef = std::unique_ptr<T, GstObjectUnref>;

struct GstCapsUnref {
  void operator()(GstCaps* c) const { gst_caps_unref(c); }
};
using CapsRef = std::unique_ptr<GstCaps, GstCapsUnref>;

// A new element; throws std::runtime_error naming the missing plugin's factory.
GstElement* make_element(const char* factory, const char* name = nullptr);

// Adds the elements to `bin`, links them in order and brings them to the bin's state.
// Throws std::runtime_error if a link fails.
void add_chain(GstBin* bin, std::initializer_list<GstElement*> chain);

// Links `pad` to `element`'s sink pad; throws std::runtime_error on failure.
void link_pad(GstPad* pad, GstElement* element);

// "<who>: <message> (<reason from the debug text>)" for an ERROR or WARNING message; `who`
// defaults to the element's name.
std::string describe(GstMessage* message, const std::string& who = "");

// The pad's current caps, or what it could produce.
CapsRef pad_caps(GstPad* pad);
std::string caps_name(const GstCaps* caps);

// Running time of a buffer timestamp in a segment; GST_CLOCK_TIME_NONE if outside.
GstClockTime running_time(const GstSegment& segment, GstClockTime pts);

// A pad probe that follows SEGMENT events and calls `on_buffer(buffer, running_time)` for each
// buffer; returning false drops the buffer. Lives as long as the pad.
template <class F>
void probe_buffers(GstPad* pad, F on_buffer);

namespace detail {
struct ProbeBase {
  virtual ~ProbeBase() = default;
  virtual bool on_buffer(GstBuffer* buffer, GstClockTime running_time) = 0;
  GstSegment segment{};
};
void add_probe(GstPad* pad, ProbeBase* probe);
template <class F>
struct Probe final : ProbeBase {
  explicit Probe(F f) : fn(std::move(f)) {}
  bool on_buffer(GstBuffer* buffer, GstClockTime rt) override { return fn(buffer, rt); }
  F fn;
};
}  // namespace detail

template <class F>
void probe_buffers(GstPad* pad, F on_buffer) {
  detail::add_probe(pad, new detail::Probe<F>(std::move(on_buffer)));
}

}  // namespace cctv::capture
