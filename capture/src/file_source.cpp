// SPDX-License-Identifier: Apache-2.0
// file:// sources: filesrc ! parsebin, any container and codec GStreamer can parse; H.264 is
// recorded as it is, other codecs only feed analytics. ?loop=1 plays forever without a gap,
// ?realtime=1 plays at the file's own speed (otherwise as fast as analytics takes frames); not
// both together yet.
#include <stdexcept>

#include "gst_util.hpp"
#include "input_common.hpp"

namespace cctv::capture {
namespace {

class FileInput final : public Input {
 public:
  FileInput(std::string path, bool loop, bool realtime, Roles roles)
      : path_(std::move(path)), loop_(loop) {
    target_.roles = roles;
    target_.name = path_;
    target_.pace = realtime;
  }

  void build(CapturePipeline& pipeline, int index) override {
    target_.pipeline = &pipeline;
    target_.input = index;
    GstElement* src = make_element("filesrc", input_name(index).c_str());
    g_object_set(src, "location", path_.c_str(), nullptr);
    add_chain(pipeline.bin(), {src, add_parsebin(target_)});
  }

  InputTraits traits() const override {
    return {.live = false, .loop = loop_, .lossless = !target_.pace};
  }
  std::string name() const override { return target_.name; }

 private:
  std::string path_;
  bool loop_;
  StreamTarget target_;
};

}  // namespace

InputFactory file_input(const std::string& url, Roles roles) {
  const SourceUrl parsed = split_options(url, {"loop", "realtime"});
  if (parsed.address.find('?') != std::string::npos) {
    throw std::invalid_argument("unknown option in '" + url + "'; file:// takes loop and realtime");
  }
  const std::string path = parsed.address.substr(std::string("file://").size());
  if (path.empty() || path.front() != '/') {
    throw std::invalid_argument("'" + url +
                                "' must name an absolute path, like file:///srv/clips/a.mp4");
  }
  const bool loop = flag_option(parsed, "loop");
  const bool realtime = flag_option(parsed, "realtime");
  if (loop && realtime) {
    // Looping needs the pipeline prerolled for its first seek, which a pacing clocksync prevents.
    throw std::invalid_argument("'" + url + "': loop and realtime together are not supported yet");
  }
  return [=] { return std::make_unique<FileInput>(path, loop, realtime, roles); };
}

}  // namespace cctv::capture
