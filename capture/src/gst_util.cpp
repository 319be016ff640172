// SPDX-License-Identifier: Apache-2.0
#include "gst_util.hpp"

#include <mutex>
#include <stdexcept>

namespace cctv::capture {

void ensure_gstreamer() {
  static std::once_flag once;
  std::call_once(once, [] { gst_init(nullptr, nullptr); });
}

GstElement* make_element(const char* factory, const char* name) {
  GstElement* e = gst_element_factory_make(factory, name);
  if (!e) {
    throw std::runtime_error(
        std::string("GStreamer element '") + factory +
        "' is not installed (gstreamer1.0-plugins-{base,good,bad,ugly}, gstreamer1.0-libav)");
  }
  return e;
}

void add_chain(GstBin* bin, std::initializer_list<GstElement*> chain) {
  for (GstElement* e : chain) gst_bin_add(bin, e);
  GstElement* prev = nullptr;
  for (GstElement* e : chain) {
    if (prev && !gst_element_link(prev, e)) {
      throw std::runtime_error(std::string("cannot link ") + GST_ELEMENT_NAME(prev) + " to " +
                               GST_ELEMENT_NAME(e));
    }
    prev = e;
  }
  // Downstream first, so no element pushes into one that is not running yet.
  for (auto it = std::rbegin(chain); it != std::rend(chain); ++it)
    gst_element_sync_state_with_parent(*it);
}

void link_pad(GstPad* pad, GstElement* element) {
  GstRef<GstPad> sink(gst_element_get_static_pad(element, "sink"));
  const GstPadLinkReturn r = gst_pad_link(pad, sink.get());
  if (r != GST_PAD_LINK_OK) {
    throw std::runtime_error(std::string("cannot link ") + GST_PAD_NAME(pad) + " to " +
                             GST_ELEMENT_NAME(element) + ": " + gst_pad_link_get_name(r));
  }
}

std::string describe(GstMessage* message, const std::string& who) {
  GError* error = nullptr;
  gchar* debug = nullptr;
  if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
    gst_message_parse_error(message, &error, &debug);
  } else {
    gst_message_parse_warning(message, &error, &debug);
  }
  std::string text = !who.empty()                    ? who
                     : GST_MESSAGE_SRC_NAME(message) ? GST_MESSAGE_SRC_NAME(message)
                                                     : "pipeline";
  text += ": ";
  text += error ? error->message : "unknown error";
  if (debug) {
    // GStreamer's debug text is "file(line): function (): element path[:\nreason]"; keep the
    // reason.
    const std::string d(debug);
    if (auto nl = d.rfind('\n'); nl != std::string::npos && nl + 1 < d.size())
      text += " (" + d.substr(nl + 1) + ")";
  }
  if (error) g_error_free(error);
  g_free(debug);
  return text;
}

CapsRef pad_caps(GstPad* pad) {
  GstCaps* caps = gst_pad_get_current_caps(pad);
  return CapsRef(caps ? caps : gst_pad_query_caps(pad, nullptr));
}

std::string caps_name(const GstCaps* caps) {
  if (!caps || gst_caps_is_empty(caps) || gst_caps_is_any(caps)) return "unknown";
  return gst_structure_get_name(gst_caps_get_structure(caps, 0));
}

GstClockTime running_time(const GstSegment& segment, GstClockTime pts) {
  if (!GST_CLOCK_TIME_IS_VALID(pts) || segment.format != GST_FORMAT_TIME)
    return GST_CLOCK_TIME_NONE;
  return gst_segment_to_running_time(&segment, GST_FORMAT_TIME, pts);
}

namespace detail {
namespace {

GstPadProbeReturn on_probe(GstPad*, GstPadProbeInfo* info, gpointer data) {
  auto* probe = static_cast<ProbeBase*>(data);
  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM) {
    GstEvent* event = GST_PAD_PROBE_INFO_EVENT(info);
    if (GST_EVENT_TYPE(event) == GST_EVENT_SEGMENT) gst_event_copy_segment(event, &probe->segment);
    return GST_PAD_PROBE_OK;
  }
  GstBuffer* buffer = GST_PAD_PROBE_INFO_BUFFER(info);
  const GstClockTime pts =
      GST_BUFFER_PTS_IS_VALID(buffer) ? GST_BUFFER_PTS(buffer) : GST_BUFFER_DTS(buffer);
  return probe->on_buffer(buffer, running_time(probe->segment, pts)) ? GST_PAD_PROBE_OK
                                                                     : GST_PAD_PROBE_DROP;
}

}  // namespace

void add_probe(GstPad* pad, ProbeBase* probe) {
  gst_segment_init(&probe->segment, GST_FORMAT_UNDEFINED);
  gst_pad_add_probe(
      pad,
      static_cast<GstPadProbeType>(GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM),
      on_probe, probe, [](gpointer p) { delete static_cast<ProbeBase*>(p); });
}

}  // namespace detail
}  // namespace cctv::capture
