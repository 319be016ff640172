// SPDX-License-Identifier: Apache-2.0
// cctv_scale_bench's footage, encoded once and cached: "busy" is PETS09-S2L1 (OpenCV's
// vtest.avi, people in view all the time) and "quiet" a still of the same square (the median of
// frames spread over the video, so nobody is in it) with fresh sensor noise every frame. Both
// 640x360 @ 6 fps H.264 in Matroska, encoded as an IP camera's substream would be: constant
// bitrate, 1 Mbit/s unless the quiet stream is given another (a camera spends its whole
// bitrate on the noise; decoding it is most of a quiet camera's cost).
#pragma once

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

namespace cctv::bench {

inline constexpr int kWidth = 640;
inline constexpr int kHeight = 360;
inline constexpr int kFps = 6;
inline constexpr int kPetsFps = 7;
// PETS09 is 768x576 (4:3): scaled to 640x480, then 60 rows cut at the top and at the bottom.
inline constexpr int kScaledHeight = 480;
inline constexpr int kCropTop = 60;
inline constexpr int kQuietSeconds = 60;
inline constexpr double kNoiseSigma = 2.5;  // grey levels
inline constexpr int kDefaultKbps = 1000;

// A normalised PETS09 y coordinate in the cropped frame.
inline double cropped_y(double y) {
  return (y * kScaledHeight - kCropTop) / static_cast<double>(kHeight);
}

inline cv::Mat camera_frame(const cv::Mat& pets) {
  cv::Mat scaled;
  cv::resize(pets, scaled, {kWidth, kScaledHeight}, 0, 0, cv::INTER_AREA);
  return scaled(cv::Rect(0, kCropTop, kWidth, kHeight)).clone();
}

inline std::string polygon(std::initializer_list<std::pair<double, double>> pets_points) {
  std::ostringstream out;
  out.precision(3);
  out << '[';
  const char* sep = "";
  for (const auto& [x, y] : pets_points) {
    out << sep << '[' << x << ", " << cropped_y(y) << ']';
    sep = ", ";
  }
  return out.str() + ']';
}

// The zones of tests/data/pets09-zones.yaml on the cropped frame, with short thresholds so that
// busy cameras raise alarms (and latency samples) every few seconds.
inline std::string zones_of(const std::string& camera) {
  static const std::string centre =
      polygon({{0.35, 0.36}, {0.65, 0.36}, {0.65, 0.56}, {0.35, 0.56}});
  static const std::string path = polygon({{0.55, 0.5}, {0.98, 0.5}, {0.98, 0.8}, {0.55, 0.8}});
  return "  - {id: " + camera + "-centre, camera: " + camera + ", polygon: " + centre +
         ",\n     rules: {loitering: {dwell_s: 10, grace_s: 3, update_s: 10}}}\n"
         "  - {id: " +
         camera + "-path, camera: " + camera + ", polygon: " + path +
         ",\n     rules: {crowding: {min_people: 3, min_duration_s: 3, hysteresis: 1, clear_s: 3, "
         "cooldown_s: 10}}}\n";
}

// Written to `path`.part and renamed when complete, so an interrupted run leaves no half file.
class FootageWriter {
 public:
  FootageWriter(std::filesystem::path path, int kbps)
      : path_(std::move(path)),
        writer_(
            "appsrc ! videoconvert ! x264enc tune=zerolatency speed-preset=veryfast "
            "key-int-max=" +
                std::to_string(2 * kFps) + " bitrate=" + std::to_string(kbps) +
                " ! video/x-h264,profile=main ! h264parse ! matroskamux ! "
                "filesink location=\"" +
                part().string() + "\"",
            cv::CAP_GSTREAMER, 0, kFps, {kWidth, kHeight}, true) {
    if (!writer_.isOpened())
      throw std::runtime_error("cannot encode with GStreamer (x264enc) into " + part().string());
  }
  void write(const cv::Mat& frame) { writer_.write(frame); }
  void finish() {
    writer_.release();  // sends EOS and waits for the muxer to finish the file
    std::filesystem::rename(part(), path_);
  }

 private:
  std::filesystem::path part() const { return path_.string() + ".part"; }
  std::filesystem::path path_;
  cv::VideoWriter writer_;
};

// 7 fps -> 6 fps by dropping every seventh frame, as a camera's frame-rate setting would.
inline void encode_busy(const std::filesystem::path& pets, const std::filesystem::path& out) {
  cv::VideoCapture in(pets.string());
  if (!in.isOpened()) throw std::runtime_error("cannot read " + pets.string());
  FootageWriter writer(out, kDefaultKbps);
  cv::Mat frame;
  for (int i = 0; in.read(frame); ++i) {
    if (i % kPetsFps != kPetsFps - 1) writer.write(camera_frame(frame));
  }
  writer.finish();
}

// The per-pixel median of every `step`th frame: the square without its walkers.
inline cv::Mat empty_square(const std::filesystem::path& pets, int step = 32) {
  cv::VideoCapture in(pets.string());
  std::vector<cv::Mat> samples;
  cv::Mat frame;
  for (int i = 0; in.read(frame); ++i) {
    if (i % step == 0) samples.push_back(camera_frame(frame));
  }
  if (samples.empty()) throw std::runtime_error("cannot read " + pets.string());
  cv::Mat median(samples[0].size(), samples[0].type());
  std::vector<std::uint8_t> values(samples.size());
  const std::size_t n = samples[0].total() * samples[0].channels();
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t s = 0; s < samples.size(); ++s) values[s] = samples[s].data[k];
    std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
    median.data[k] = values[values.size() / 2];
  }
  return median;
}

inline void encode_quiet(const std::filesystem::path& pets, const std::filesystem::path& out,
                         int kbps) {
  const cv::Mat still = empty_square(pets);
  cv::Mat still16, noise(still.size(), CV_16SC3), frame;
  still.convertTo(still16, CV_16SC3);
  cv::RNG rng(15);  // the same noise every time the footage is made
  FootageWriter writer(out, kbps);
  for (int i = 0; i < kQuietSeconds * kFps; ++i) {
    rng.fill(noise, cv::RNG::NORMAL, 0, kNoiseSigma);
    cv::Mat(still16 + noise).convertTo(frame, CV_8UC3);  // saturates at 0 and 255
    writer.write(frame);
  }
  writer.finish();
}

struct Footage {
  std::filesystem::path busy, quiet;
};

// Made in `dir` unless already there.
inline Footage prepare_footage(const std::filesystem::path& pets, const std::filesystem::path& dir,
                               int quiet_kbps = kDefaultKbps) {
  std::filesystem::create_directories(dir);
  const std::string quiet =
      quiet_kbps == kDefaultKbps ? "quiet.mkv" : "quiet-" + std::to_string(quiet_kbps) + "k.mkv";
  Footage f{dir / "busy.mkv", dir / quiet};
  if (!std::filesystem::exists(f.busy)) encode_busy(pets, f.busy);
  if (!std::filesystem::exists(f.quiet)) encode_quiet(pets, f.quiet, quiet_kbps);
  return f;
}

}  // namespace cctv::bench
