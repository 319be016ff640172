// SPDX-License-Identifier: Apache-2.0
// MOTChallenge ground truth text: "frame,id,x,y,w,h,conf,wx,wy,wz", one box per line.
#include <charconv>
#include <stdexcept>

#include "cctv/analytics/evaluation.hpp"
#include "eval_support.hpp"

namespace cctv::analytics {
namespace {

constexpr std::size_t kRequiredFields = 6;  // frame, id, x, y, w, h

std::vector<double> fields(std::string_view line, std::size_t line_no) {
  std::vector<double> out;
  while (!line.empty()) {
    const std::size_t comma = line.find(',');
    std::string_view f = line.substr(0, comma);
    while (!f.empty() && (f.front() == ' ' || f.front() == '\t')) f.remove_prefix(1);
    while (!f.empty() && (f.back() == ' ' || f.back() == '\r')) f.remove_suffix(1);
    double v = 0;
    const auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
    if (ec != std::errc() || ptr != f.data() + f.size()) {
      throw std::invalid_argument("ground truth line " + std::to_string(line_no) + ": field " +
                                  std::to_string(out.size() + 1) + " '" + std::string(f) +
                                  "' is not a number");
    }
    out.push_back(v);
    if (comma == std::string_view::npos) break;
    line.remove_prefix(comma + 1);
  }
  if (out.size() < kRequiredFields) {
    throw std::invalid_argument("ground truth line " + std::to_string(line_no) +
                                ": expected frame,id,x,y,w,h[,...], got " +
                                std::to_string(out.size()) + " fields");
  }
  return out;
}

Timestamp frame_time(Timestamp t0, std::size_t k, double fps) {
  return t0 + std::chrono::duration_cast<Millis>(
                  std::chrono::duration<double>(static_cast<double>(k) / fps));
}

}  // namespace

TrackSequence parse_mot_ground_truth(std::string_view text, cv::Size size, std::size_t frames,
                                     Timestamp t0, double fps) {
  TrackSequence seq(frames);
  for (std::size_t line_no = 1; !text.empty(); ++line_no) {
    const std::string_view line = next_line(text);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const std::vector<double> f = fields(line, line_no);
    const long frame = static_cast<long>(f[0]) - 1;  // 1-based in the file
    if (frame < 0)
      throw std::invalid_argument("ground truth line " + std::to_string(line_no) +
                                  ": frame must be >= 1");
    // MOT15 as the MOTChallenge scorer reads it (TrackEval,
    // trackeval/datasets/mot_challenge_2d_box.py, MotChallenge2DBox.get_preprocessed_seq_data):
    // column 7 is "zero_marked" and rows with 0 there are removed from the ground truth. For
    // MOT15 that is the only rule: it has no distractor classes, so predicted boxes on such
    // people are not removed and count as false positives.
    if (f.size() > kRequiredFields && f[kRequiredFields] == 0) continue;
    // The scorer scores every frame of the sequence; true boxes after the last decoded frame
    // are misses, not dropped.
    if (static_cast<std::size_t>(frame) >= seq.size())
      seq.resize(static_cast<std::size_t>(frame) + 1);
    Track t;
    t.id = static_cast<std::int64_t>(f[1]);
    // Pixel coordinates in the file start at 1.
    t.box = {(f[2] - 1) / size.width, (f[3] - 1) / size.height, f[4] / size.width,
             f[5] / size.height};
    seq[static_cast<std::size_t>(frame)].tracks.push_back(t);
  }
  for (std::size_t k = 0; k < seq.size(); ++k) {
    seq[k].ts = frame_time(t0, k, fps);
    for (Track& t : seq[k].tracks) t.first_seen = t.last_seen = seq[k].ts;
  }
  return seq;
}

}  // namespace cctv::analytics
