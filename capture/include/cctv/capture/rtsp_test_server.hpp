// SPDX-License-Identifier: Apache-2.0
// An RTSP server for tests and demos (`cctv fake-cameras`), built on gst-rtsp-server: serves
// synthetic scenes, videotestsrc patterns and files as H.264 RTSP cameras, and H.264 files as
// they are (for load tests). It runs its own GMainLoop thread; stop() and start() again on the
// same port simulate a camera outage.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>

namespace cctv::capture {

// Sees every H.264 access unit the encoder of a mount produces (Annex-B byte stream), on the
// encoder's streaming thread. For tests that check recordings are bit-identical.
using EncodedTap = std::function<void(std::span<const std::uint8_t> access_unit, bool keyframe)>;

struct StreamSpec {
  int width = 1280;
  int height = 720;
  double fps = 10;
  double key_interval_s = 2;  // one IDR frame every this many seconds
  int bitrate_kbps = 2048;
  EncodedTap on_encoded;  // optional
};

struct RtspServerParams {
  std::string address = "127.0.0.1";
  int port = 0;  // 0: any free port, chosen by the first start() and kept for restarts
};

class RtspTestServer {
 public:
  explicit RtspTestServer(RtspServerParams params = {});
  ~RtspTestServer();  // stop()
  RtspTestServer(const RtspTestServer&) = delete;
  RtspTestServer& operator=(const RtspTestServer&) = delete;

  // Mounts ("/name") can be added before or while running. Clients of one mount share one
  // encoder, as they would share a real camera. Throws std::invalid_argument for an unknown
  // scene, a missing file, a mount that does not start with '/' or is taken.
  void add_scene_mount(const std::string& mount, const std::string& scene, StreamSpec spec = {});
  void add_pattern_mount(const std::string& mount, const std::string& pattern,
                         StreamSpec spec = {});  // "smpte", "ball", ...
  // Decoded and re-encoded at the given size/fps, played in real time; ends at the file's end.
  void add_file_mount(const std::string& mount, const std::filesystem::path& file,
                      StreamSpec spec = {});

  // Serves the H.264 in `file` (Annex-B, MP4 or Matroska) as it is, never decoded or encoded,
  // at its frame rate; with `loop`, forever, timestamps increasing across the loop point. Each
  // client gets its own pipeline from the first frame (an unshared media: a shared one in
  // gst-rtsp-server 1.22 ended streams early for some of many clients), so load tests pay no
  // encoder per camera. Throws std::invalid_argument if the file holds no readable H.264.
  void add_encoded_file_mount(const std::string& mount, const std::filesystem::path& file,
                              bool loop = true);

  // Binds and serves. Throws std::runtime_error if the port cannot be bound.
  void start();
  // Drops every client connection and closes the listening socket. Idempotent.
  void stop();
  bool running() const;

  int port() const;  // 0 before the first start() when no port was given
  std::string url(const std::string& mount) const;  // rtsp://127.0.0.1:<port><mount>

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::capture
