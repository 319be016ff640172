// SPDX-License-Identifier: Apache-2.0
#include "analytics_branch.hpp"

#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include <stdexcept>

#include "cctv/common/thread_priority.hpp"
#include "gst_util.hpp"
#include "keyframe_resync.hpp"

namespace cctv::capture {
namespace {

constexpr GstClockTime kDecoderQueueTime = 2 * GST_SECOND;

FrameMailbox& mailbox_of(gpointer data) { return *static_cast<FrameMailbox*>(data); }

GstFlowReturn on_new_sample(GstAppSink* sink, gpointer data) {
  if (GstSample* sample = gst_app_sink_pull_sample(sink)) mailbox_of(data).put(sample);
  return GST_FLOW_OK;  // never an error: the analytics branch must not stop the recording
}

void on_overrun(GstElement*, gpointer data) {
  static_cast<std::atomic<std::uint64_t>*>(data)->fetch_add(1);
}

// The decoder for a parsed elementary stream: avdec_h264 for H.264 (one thread: many cameras
// share the cores, and frame threading adds latency), otherwise the best-ranked decoder.
GstElement* make_decoder(const GstCaps* caps) {
  if (caps_name(caps) == "video/x-h264") {
    GstElement* dec = make_element("avdec_h264");
    g_object_set(dec, "max-threads", 1, nullptr);
    return dec;
  }
  GList* all = gst_element_factory_list_get_elements(
      GST_ELEMENT_FACTORY_TYPE_DECODER | GST_ELEMENT_FACTORY_TYPE_MEDIA_VIDEO, GST_RANK_MARGINAL);
  GList* usable = gst_element_factory_list_filter(all, caps, GST_PAD_SINK, FALSE);
  usable = g_list_sort(usable, gst_plugin_feature_rank_compare_func);
  GstElement* dec =
      usable ? gst_element_factory_create(GST_ELEMENT_FACTORY(usable->data), nullptr) : nullptr;
  gst_plugin_feature_list_free(usable);
  gst_plugin_feature_list_free(all);
  if (!dec) throw std::runtime_error("no decoder installed for " + caps_name(caps));
  return dec;
}

// Passes the first frame, then one frame per 1/fps of running time (with a little slack for
// jittery camera timestamps), so a 25 fps camera gives an even 6 fps to analytics.
void add_rate_limit(GstPad* pad, double fps) {
  const auto period = static_cast<GstClockTime>(GST_SECOND / fps);
  probe_buffers(pad, [period, next = GST_CLOCK_TIME_NONE](GstBuffer*, GstClockTime rt) mutable {
    if (!GST_CLOCK_TIME_IS_VALID(rt)) return true;
    const GstClockTime slack = period / 5;
    if (GST_CLOCK_TIME_IS_VALID(next) && rt + slack < next && next < rt + 2 * period) return false;
    next = (GST_CLOCK_TIME_IS_VALID(next) && rt < next + period) ? next + period : rt + period;
    return true;
  });
}

GstElement* make_appsink(const AnalyticsBranchParams& p, FrameMailbox& mailbox) {
  GstElement* sink = make_element("appsink");
  // Even sizes: I420 chroma is subsampled by two.
  CapsRef caps(gst_caps_new_simple("video/x-raw", "format", G_TYPE_STRING, "I420", "width",
                                   G_TYPE_INT, p.settings.width & ~1, "height", G_TYPE_INT,
                                   p.settings.height & ~1, nullptr));
  g_object_set(sink, "caps", caps.get(), "sync", FALSE, "max-buffers", 1u, "drop", !p.lossless,
               "enable-last-sample", FALSE, "async", p.preroll, nullptr);
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = on_new_sample;
  gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, &mailbox, nullptr);
  return sink;
}

}  // namespace

GstBusSyncReply lower_analytics_thread(GstBus*, GstMessage* message, gpointer) {
  if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_STREAM_STATUS) return GST_BUS_PASS;
  GstStreamStatusType type;
  GstElement* owner = nullptr;
  gst_message_parse_stream_status(message, &type, &owner);
  // ENTER is posted from the new thread itself, before it runs the element's loop.
  if (type == GST_STREAM_STATUS_TYPE_ENTER && owner != nullptr &&
      g_str_equal(GST_ELEMENT_NAME(owner), kAnalyticsQueue)) {
    lower_this_thread();
  }
  return GST_BUS_PASS;
}

FrameMailbox::FrameMailbox(bool lossless, std::atomic<std::uint64_t>& dropped)
    : lossless_(lossless), dropped_(dropped) {}

FrameMailbox::~FrameMailbox() {
  if (slot_) gst_sample_unref(slot_);
}

void FrameMailbox::put(GstSample* sample) {
  std::unique_lock lock(mutex_);
  if (lossless_) changed_.wait(lock, [&] { return !slot_ || closed_; });
  if (closed_) {
    gst_sample_unref(sample);
    return;
  }
  if (slot_) {
    gst_sample_unref(slot_);
    dropped_.fetch_add(1);
  }
  slot_ = sample;
  changed_.notify_all();
}

GstSample* FrameMailbox::take(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return slot_ != nullptr || closed_; });
  GstSample* sample = slot_;
  slot_ = nullptr;
  changed_.notify_all();
  return sample;
}

void FrameMailbox::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  changed_.notify_all();
}

GstPad* add_analytics_branch(GstBin* bin, const GstCaps* stream_caps,
                             const AnalyticsBranchParams& p, FrameMailbox& mailbox,
                             std::atomic<std::uint64_t>& dropped) {
  GstElement* queue = make_element("queue", kAnalyticsQueue);
  // Between the connection and the decoder; if decoding falls 2 s behind, old frames go first.
  g_object_set(queue, "max-size-buffers", 0u, "max-size-bytes", 0u, "max-size-time",
               kDecoderQueueTime, nullptr);
  if (!p.lossless) {
    g_object_set(queue, "leaky", 2 /* downstream */, nullptr);
    g_signal_connect(queue, "overrun", G_CALLBACK(on_overrun), &dropped);
  }
  GstElement* decoder = make_decoder(stream_caps);
  GstElement* scale = make_element("videoscale");
  g_object_set(scale, "add-borders", FALSE,
               nullptr);  // stretch: zones are in normalised coordinates
  GstElement* convert = make_element("videoconvert");  // passthrough when the decoder gives I420
  GstElement* sink = make_appsink(p, mailbox);
  add_chain(bin, {queue, decoder, scale, convert, sink});
  GstRef<GstPad> decoder_in(gst_element_get_static_pad(decoder, "sink"));
  add_keyframe_resync(decoder_in.get(), dropped);
  GstRef<GstPad> scale_in(gst_element_get_static_pad(scale, "sink"));
  add_rate_limit(scale_in.get(), p.settings.fps);
  return gst_element_get_static_pad(queue, "sink");
}

cv::Mat to_i420(GstSample* sample) {
  GstVideoInfo info;
  if (!gst_video_info_from_caps(&info, gst_sample_get_caps(sample)) ||
      GST_VIDEO_INFO_FORMAT(&info) != GST_VIDEO_FORMAT_I420) {
    return {};
  }
  GstVideoFrame frame;
  if (!gst_video_frame_map(&frame, &info, gst_sample_get_buffer(sample), GST_MAP_READ)) return {};
  const int w = GST_VIDEO_INFO_WIDTH(&info), h = GST_VIDEO_INFO_HEIGHT(&info);
  // Pack the three planes (each may have row padding) into the layout OpenCV expects.
  cv::Mat i420(h * 3 / 2, w, CV_8UC1);
  const cv::Size plane_sizes[] = {{w, h}, {w / 2, h / 2}, {w / 2, h / 2}};
  std::uint8_t* out = i420.data;
  for (int p = 0; p < 3; ++p) {
    cv::Mat plane(plane_sizes[p], CV_8UC1, GST_VIDEO_FRAME_PLANE_DATA(&frame, p),
                  GST_VIDEO_FRAME_PLANE_STRIDE(&frame, p));
    cv::Mat packed(plane_sizes[p], CV_8UC1, out);
    plane.copyTo(packed);
    out += plane_sizes[p].area();
  }
  gst_video_frame_unmap(&frame);
  return i420;
}

}  // namespace cctv::capture
