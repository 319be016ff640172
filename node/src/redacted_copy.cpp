// SPDX-License-Identifier: Apache-2.0
// Decoding goes through OpenCV's FFmpeg reader and encoding through its GStreamer writer
// (x264enc, mp4mux with the index first), so the copy plays in browsers like the others.
#include "cctv/node/redacted_copy.hpp"

#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "cctv/analytics/redactor.hpp"

namespace cctv::node {
namespace {

constexpr double kFallbackFps = 10;

cv::VideoWriter open_writer(const std::filesystem::path& out, double fps, cv::Size size) {
  const int gop = std::max(1, static_cast<int>(fps * 2));
  const std::string pipeline =
      "appsrc ! videoconvert ! video/x-raw,format=I420 ! x264enc speed-preset=veryfast "
      "key-int-max=" +
      std::to_string(gop) + " ! h264parse ! mp4mux faststart=true ! filesink location=\"" +
      out.string() + "\"";
  cv::VideoWriter writer(pipeline, cv::CAP_GSTREAMER, 0, fps, size, true);
  if (!writer.isOpened())
    throw std::runtime_error("cannot start the H.264 encoder for " + out.string());
  return writer;
}

// The frame's time, UTC and London, in a dark band at the bottom left.
void burn_time(cv::Mat& frame, Timestamp ts) {
  const std::string text = format_utc(ts) + "  " + format_london(ts);
  const double scale = std::max(0.4, frame.rows / 720.0);
  int baseline = 0;
  const cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &baseline);
  const cv::Point at(8, frame.rows - 8 - baseline);
  cv::rectangle(
      frame, cv::Rect(at.x - 4, at.y - size.height - 4, size.width + 8, size.height + baseline + 8),
      cv::Scalar(0, 0, 0), cv::FILLED);
  cv::putText(frame, text, at, cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(255, 255, 255), 1,
              cv::LINE_AA);
}

std::string redact(const RedactionOptions& o, const std::filesystem::path& in, Timestamp start,
                   const std::filesystem::path& out) {
  cv::VideoCapture reader(in.string(), cv::CAP_FFMPEG);
  if (!reader.isOpened()) throw std::runtime_error("cannot decode " + in.string());
  const double fps = reader.get(cv::CAP_PROP_FPS) > 0 ? reader.get(cv::CAP_PROP_FPS) : kFallbackFps;
  const std::set<std::int64_t> keep(o.keep_tracks.begin(), o.keep_tracks.end());
  analytics::Redactor redactor({.keep_tracks = keep, .face_cascade = o.face_cascade});
  cv::VideoWriter writer;
  std::int64_t frames = 0;
  for (cv::Mat frame; reader.read(frame); ++frames) {
    const Timestamp ts =
        start + Millis(static_cast<std::int64_t>(reader.get(cv::CAP_PROP_POS_MSEC)));
    if (!writer.isOpened()) writer = open_writer(out, fps, frame.size());
    redactor.apply(frame, ts);
    burn_time(frame, ts);
    writer.write(frame);
  }
  writer.release();
  if (frames == 0 || !std::filesystem::exists(out))
    throw std::runtime_error("no frames could be decoded from " + in.string());
  const auto& seen = redactor.tracks_seen();
  return nlohmann::json{{"frames", frames},
                        {"tracks_seen", std::vector<std::int64_t>(seen.begin(), seen.end())},
                        {"tracks_kept", std::vector<std::int64_t>(keep.begin(), keep.end())},
                        {"faces_blurred", !o.face_cascade.empty()}}
      .dump();
}

}  // namespace

storage::DerivedCopy redacted_copy(const RedactionOptions& options) {
  return {.suffix = "redacted",
          .process =
              "re-encoded (H.264): every person found by the motion detector and tracker "
              "pixelated except the tracks kept" +
              std::string(options.face_cascade.empty() ? "" : ", and faces (Haar cascade)") +
              "; each frame's UTC and Europe/London time burnt in",
          .redacted = true,
          .make = [options](const std::filesystem::path& in, Timestamp start,
                            const std::filesystem::path& out) {
            return redact(options, in, start, out);
          }};
}

}  // namespace cctv::node
