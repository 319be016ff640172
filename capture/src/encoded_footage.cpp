// SPDX-License-Identifier: Apache-2.0
#include "encoded_footage.hpp"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

#include <stdexcept>

#include "gst_util.hpp"

namespace cctv::capture {
namespace {

struct Player {
  std::shared_ptr<const EncodedFootage> footage;
  bool loop = false;
  std::uint64_t next = 0;  // frames pushed so far, over every loop
};

void release_footage(gpointer ref) {
  delete static_cast<std::shared_ptr<const EncodedFootage>*>(ref);
}

// Called on the appsrc's streaming thread whenever its queue runs low: one access unit.
void push_next(GstAppSrc* src, guint, gpointer data) {
  auto* p = static_cast<Player*>(data);
  const EncodedFootage& f = *p->footage;
  if (!p->loop && p->next == f.units.size()) {
    gst_app_src_end_of_stream(src);
    return;
  }
  const EncodedFootage::Unit& unit = f.units[p->next % f.units.size()];
  // Wraps the shared bytes without a copy; each buffer keeps the footage alive.
  GstBuffer* buffer = gst_buffer_new_wrapped_full(
      GST_MEMORY_FLAG_READONLY, const_cast<std::uint8_t*>(f.bytes.data() + unit.offset), unit.size,
      0, unit.size, new std::shared_ptr<const EncodedFootage>(p->footage), release_footage);
  GST_BUFFER_PTS(buffer) = GST_BUFFER_DTS(buffer) = p->next * f.frame_duration;
  GST_BUFFER_DURATION(buffer) = f.frame_duration;
  if (!unit.keyframe) GST_BUFFER_FLAG_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT);
  if (p->next > 0 && p->next % f.units.size() == 0) {
    GST_BUFFER_FLAG_SET(buffer, GST_BUFFER_FLAG_DISCONT);  // the loop point: decoders resync
  }
  ++p->next;
  gst_app_src_push_buffer(src, buffer);  // not accepted (flushing, stopping) is fine
}

GstClockTime duration_from(const GstCaps* caps, const std::vector<GstClockTime>& pts) {
  gint num = 0, den = 1;
  if (gst_structure_get_fraction(gst_caps_get_structure(caps, 0), "framerate", &num, &den) &&
      num > 0 && den > 0) {
    return gst_util_uint64_scale(GST_SECOND, den, num);
  }
  if (pts.size() >= 2 && GST_CLOCK_TIME_IS_VALID(pts[0]) && GST_CLOCK_TIME_IS_VALID(pts[1]) &&
      pts[1] > pts[0]) {
    return pts[1] - pts[0];
  }
  return 0;
}

}  // namespace

std::shared_ptr<const EncodedFootage> load_encoded_footage(const std::filesystem::path& file) {
  ensure_gstreamer();
  if (!std::filesystem::is_regular_file(file))
    throw std::invalid_argument("no file " + file.string());
  GstElement* pipeline = gst_pipeline_new(nullptr);
  GstElement* src = make_element("filesrc");
  g_object_set(src, "location", file.c_str(), nullptr);
  GstElement* sink = make_element("appsink");
  g_object_set(sink, "sync", FALSE, nullptr);
  // parsebin finds the container and the stream; h264parse hands over whole Annex-B units.
  CapsRef caps(gst_caps_from_string("video/x-h264,stream-format=byte-stream,alignment=au"));
  GstElement* filter = make_element("capsfilter");
  g_object_set(filter, "caps", caps.get(), nullptr);
  GstElement* parse = make_element("h264parse");
  GstElement* demux = make_element("parsebin");
  gst_bin_add_many(GST_BIN(pipeline), src, demux, parse, filter, sink, nullptr);
  gst_element_link(src, demux);
  gst_element_link_many(parse, filter, sink, nullptr);
  g_signal_connect(
      demux, "pad-added", G_CALLBACK(+[](GstElement*, GstPad* pad, gpointer parse) {
        GstRef<GstPad> sinkpad(gst_element_get_static_pad(static_cast<GstElement*>(parse), "sink"));
        if (!gst_pad_is_linked(sinkpad.get())) gst_pad_link(pad, sinkpad.get());
      }),
      parse);

  auto footage = std::make_shared<EncodedFootage>();
  std::vector<GstClockTime> pts;
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstRef<GstBus> bus(gst_element_get_bus(pipeline));
  std::string error;
  while (!gst_app_sink_is_eos(GST_APP_SINK(sink))) {
    GstSample* sample = gst_app_sink_try_pull_sample(GST_APP_SINK(sink), GST_SECOND / 10);
    if (!sample) {
      // A pipeline that fails never reaches the end: its bus says why.
      if (GstMessage* m = gst_bus_pop_filtered(bus.get(), GST_MESSAGE_ERROR)) {
        error = describe(m);
        gst_message_unref(m);
        break;
      }
      continue;
    }
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    if (footage->caps.empty()) {
      const GstCaps* c = gst_sample_get_caps(sample);
      gchar* text = gst_caps_to_string(c);
      footage->caps = text;
      g_free(text);
      footage->frame_duration = duration_from(c, {});
    }
    if (pts.size() < 2) pts.push_back(GST_BUFFER_PTS(buffer));
    const std::size_t at = footage->bytes.size();
    footage->bytes.resize(at + gst_buffer_get_size(buffer));
    gst_buffer_extract(buffer, 0, footage->bytes.data() + at, gst_buffer_get_size(buffer));
    footage->units.push_back({at, gst_buffer_get_size(buffer),
                              !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT)});
    gst_sample_unref(sample);
  }
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(pipeline);

  if (footage->units.empty()) {
    throw std::invalid_argument(file.string() + " holds no H.264 stream that could be read" +
                                (error.empty() ? "" : ": " + error));
  }
  if (footage->frame_duration == 0) {
    CapsRef c(gst_caps_from_string(footage->caps.c_str()));
    footage->frame_duration = duration_from(c.get(), pts);
  }
  if (footage->frame_duration == 0)
    throw std::invalid_argument(file.string() + ": no frame rate in the stream or its container");
  return footage;
}

void play_encoded_footage(GstElement* appsrc, std::shared_ptr<const EncodedFootage> footage,
                          bool loop) {
  CapsRef caps(gst_caps_from_string(footage->caps.c_str()));
  g_object_set(appsrc, "caps", caps.get(), "format", GST_FORMAT_TIME, "is-live", FALSE, nullptr);
  GstAppSrcCallbacks callbacks{};
  callbacks.need_data = push_next;
  gst_app_src_set_callbacks(GST_APP_SRC(appsrc), &callbacks,
                            new Player{std::move(footage), loop, 0},
                            [](gpointer p) { delete static_cast<Player*>(p); });
}

}  // namespace cctv::capture
