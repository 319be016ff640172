// SPDX-License-Identifier: Apache-2.0
#include "live_view_feed.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "frame_overlay.hpp"

namespace cctv::node {
namespace {

// Two frames a second is enough to watch a scene and costs two small JPEG encodes per frame.
constexpr Millis kFrameEvery{500};
constexpr int kLiveJpegQuality = 70;

}  // namespace

LiveViewFeed::LiveViewFeed(bus::LivePublisher* publisher, const config::Camera& camera,
                           std::vector<Polygon> zones)
    : publisher_(publisher), camera_(camera.id), zones_(std::move(zones)) {}

void LiveViewFeed::on_frame(const analytics::VideoFrame& video, Timestamp ts,
                            const std::vector<analytics::Track>& tracks) {
  if (!publisher_ ||
      (last_frame_sent_ && ts - *last_frame_sent_ < kFrameEvery && ts >= *last_frame_sent_))
    return;
  if (!publisher_->wants_frames(camera_)) return;  // nobody watches: no BGR, no JPEG
  last_frame_sent_ = ts;
  try {
    const cv::Mat& frame = video.bgr();
    std::vector<LabelledBox> boxes;
    for (const analytics::Track& t : tracks) boxes.push_back({t.box, "#" + std::to_string(t.id)});
    const std::string meta = nlohmann::json{
        {"ts", format_utc(ts)},
        {"width", frame.cols},
        {"height", frame.rows},
        {"tracks",
         tracks.size()}}.dump();
    publisher_->send_frame(
        {bus::LiveMessage::Kind::frame, camera_, meta, encode_jpeg(frame, kLiveJpegQuality),
         encode_jpeg(draw_overlay(frame, zones_, boxes, format_london(ts)), kLiveJpegQuality)});
    ++frames_made_;
  } catch (const std::exception& e) {  // the live view is a convenience; analytics go on
    spdlog::warn("[{}] live view frame dropped: {}", camera_, e.what());
  }
}

void LiveViewFeed::on_figures(const capture::CameraFigures& figures, const DispatchDrops& drops,
                              const analytics::DetectorFigures& detector) {
  if (publisher_)
    publisher_->send_status(camera_, figures_json(figures, drops, detector, frames_made_));
}

std::string figures_json(const capture::CameraFigures& f, const DispatchDrops& drops,
                         const analytics::DetectorFigures& detector, std::uint64_t live_frames) {
  return nlohmann::json{
      {"state", to_string(f.state)},
      {"fps_in", f.fps_in},
      {"fps_out", f.fps_out},
      {"frames_out", f.frames_out},  // cumulative: rates over any window
      {"frames_dropped", f.frames_dropped},
      {"events_dropped", drops.events},
      {"snapshots_dropped", drops.snapshots},
      {"detector_runs", detector.runs},        // cumulative
      {"detector_skipped", detector.skipped},  // cumulative: the pool was busy
      {"bitrate_kbps", f.bitrate_kbps},
      {"live_frames", live_frames},  // cumulative: made only while watched
      {"last_frame_at", f.last_frame ? nlohmann::json(format_utc(*f.last_frame)) : nullptr},
      {"last_error", f.last_error ? nlohmann::json(*f.last_error) : nullptr}}
      .dump();
}

}  // namespace cctv::node
