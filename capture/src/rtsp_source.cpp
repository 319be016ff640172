// SPDX-License-Identifier: Apache-2.0
// rtsp:// and rtsps:// cameras: rtspsrc (TCP unless ?transport=udp) ! parsebin per stream.
#include <stdexcept>

#include "gst_util.hpp"
#include "input_common.hpp"

namespace cctv::capture {
namespace {

constexpr int kLowerTransUdp = 1;  // GstRTSPLowerTrans
constexpr int kLowerTransTcp = 4;
constexpr guint64 kTcpTimeoutUs = 10'000'000;
// Frame times from the camera's RTP timestamps, not smoothed arrival times: recordings keep the
// camera's exact frame timing (arrival jitter would make a 2 s segment claim 1.85 s).
constexpr int kBufferModeNone = 0;

class RtspInput final : public Input {
 public:
  RtspInput(std::string location, bool udp, int latency_ms, Roles roles)
      : location_(std::move(location)), udp_(udp), latency_ms_(latency_ms) {
    target_.roles = roles;
    target_.name = redact(location_);
  }

  void build(CapturePipeline& pipeline, int index) override {
    target_.pipeline = &pipeline;
    target_.input = index;
    GstElement* src = make_element("rtspsrc", input_name(index).c_str());
    g_object_set(src, "location", location_.c_str(), "protocols",
                 udp_ ? kLowerTransUdp : kLowerTransTcp, "latency", static_cast<guint>(latency_ms_),
                 "tcp-timeout", kTcpTimeoutUs, "buffer-mode", kBufferModeNone, nullptr);
    g_signal_connect(src, "pad-added", G_CALLBACK(on_pad_added), this);
    gst_bin_add(pipeline.bin(), src);
  }

  InputTraits traits() const override { return {.live = true}; }
  std::string name() const override { return target_.name; }

 private:
  // One RTP stream of the session (video, audio, ...): depayload and parse it. H.264 gets its
  // depayloader from us: parsebin's own choice on RTP delivered keyframes of two slices
  // (x264's default with threads) with one slice lost, a smeared half frame every GOP; the
  // same parsebin after rtph264depay delivers them whole.
  static void on_pad_added(GstElement*, GstPad* pad, gpointer data) {
    auto* self = static_cast<RtspInput*>(data);
    try {
      GstElement* parsebin = add_parsebin(self->target_);
      if (is_h264_rtp(pad)) {
        GstElement* depay = make_element("rtph264depay");
        add_chain(self->target_.pipeline->bin(), {depay, parsebin});
        link_pad(pad, depay);
        return;
      }
      add_chain(self->target_.pipeline->bin(), {parsebin});
      link_pad(pad, parsebin);
    } catch (const std::exception& e) {
      self->target_.pipeline->fail(e.what());
    }
  }

  static bool is_h264_rtp(GstPad* pad) {
    const CapsRef caps = pad_caps(pad);
    const GstStructure* s = caps ? gst_caps_get_structure(caps.get(), 0) : nullptr;
    const gchar* encoding = s ? gst_structure_get_string(s, "encoding-name") : nullptr;
    return encoding != nullptr && g_ascii_strcasecmp(encoding, "H264") == 0;
  }

  std::string location_;
  bool udp_;
  int latency_ms_;
  StreamTarget target_;
};

}  // namespace

InputFactory rtsp_input(const std::string& url, Roles roles) {
  const SourceUrl parsed = split_options(url, {"transport", "latency_ms"});
  const auto transport =
      parsed.options.contains("transport") ? parsed.options.at("transport") : "tcp";
  if (transport != "tcp" && transport != "udp") {
    throw std::invalid_argument("option 'transport=" + transport + "' must be tcp or udp");
  }
  const int latency_ms = static_cast<int>(number_option(parsed, "latency_ms", 200, 0, 5000));
  return [=] {
    return std::make_unique<RtspInput>(parsed.address, transport == "udp", latency_ms, roles);
  };
}

}  // namespace cctv::capture
