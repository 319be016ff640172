// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/clip_extractor.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "cctv/storage/durable_file.hpp"
#include "segment_reader.hpp"
#include "stream_copy_writer.hpp"

namespace cctv::storage {
namespace {

constexpr std::int64_t kDefaultFrameUs = 40000;  // until the stream shows its own frame rate

std::string seconds_text(std::int64_t us) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(us) / 1e6);
  return text;
}

// What every segment of one clip must share with the first: MP4 has one set of stream
// parameters (SPS/PPS) per track.
struct StreamShape {
  AVCodecID codec = AV_CODEC_ID_NONE;
  int width = 0;
  int height = 0;
  std::string extradata;

  explicit StreamShape(const AVCodecParameters& p)
      : codec(p.codec_id),
        width(p.width),
        height(p.height),
        extradata(reinterpret_cast<const char*>(p.extradata),
                  static_cast<std::size_t>(p.extradata_size)) {}
  bool operator==(const StreamShape&) const = default;
};

// Reads the segments in order and writes the window's packets. Every packet read is first
// placed on one continuous timeline (UTC, segment joins closed up); before the window starts
// the cutter keeps the packets since the last keyframe, so that the clip starts with it.
class ClipCutter {
 public:
  ClipCutter(std::filesystem::path file, Timestamp from, Timestamp to)
      : file_(std::move(file)), from_us_(av::to_micros(from)), to_us_(av::to_micros(to)) {}

  bool done() const { return done_; }

  void add(const Recording& segment) {
    SegmentReader in(segment);
    if (!shape_) {
      shape_.emplace(in.video());
      writer_.emplace(file_, in.video());
    } else if (StreamShape(in.video()) != *shape_) {
      throw ClipError("recording segment " + segment.path +
                      " has different stream settings (the camera's resolution or encoder "
                      "changed); cut the clip before or after it");
    }
    if (!started_) in.seek_before(from_us_);
    ++clip_.segments;
    for (bool first = true; auto p = in.next(); first = false) {
      place(*p, first);
      if (p->dts_us >= to_us_) {
        done_ = true;
        break;
      }
      if (started_) {
        write(std::move(*p));
      } else {
        wait_for_window(std::move(*p));
      }
    }
    if (!in.problem().empty()) {
      clip_.warnings.push_back("recording segment " + segment.path +
                               " ends early: " + in.problem());
    }
  }

  Clip finish() {
    if (!started_) {
      throw ClipError("the recordings hold no frame between the window's start and end");
    }
    writer_->finish(frame_us_);
    clip_.start = av::from_micros(origin_us_);
    clip_.end = av::from_micros(last_written_us_ + frame_us_);
    return clip_;
  }

 private:
  // Moves `p` onto the timeline. A segment should continue one frame after the previous one;
  // the index's millisecond clock puts it a few ms either way, which is closed up. A real hole
  // (an outage) stays a hole.
  void place(SourcePacket& p, bool first_of_segment) {
    std::int64_t dts = p.dts_us + shift_us_;
    if (any_placed_ && first_of_segment) {
      const std::int64_t expected = last_dts_ + frame_us_;
      if (dts - expected < frame_us_) {
        shift_us_ += expected - dts;
      } else {
        clip_.warnings.push_back("no footage for " + seconds_text(dts - expected) + " from " +
                                 format_utc(av::from_micros(expected)));
      }
    } else if (any_placed_ && dts <= last_dts_) {
      shift_us_ += last_dts_ + frame_us_ - dts;
      clip_.warnings.push_back("timestamps run backwards at " +
                               format_utc(av::from_micros(p.dts_us)));
    }
    p.dts_us += shift_us_;
    p.pts_us += shift_us_;
    if (any_placed_ && !first_of_segment) frame_us_ = p.dts_us - last_dts_;
    last_dts_ = p.dts_us;
    any_placed_ = true;
  }

  void wait_for_window(SourcePacket p) {
    if (p.key() && p.dts_us <= from_us_) before_.clear();  // a later keyframe to start at
    if (before_.empty() && !p.key()) return;               // undecodable without its keyframe
    const bool in_window = p.dts_us >= from_us_;
    before_.push_back(std::move(p));
    if (!in_window) return;
    started_ = true;
    origin_us_ = before_.front().dts_us;
    for (SourcePacket& q : before_) write(std::move(q));
    before_.clear();
  }

  void write(SourcePacket p) {
    last_written_us_ = p.dts_us;
    ++clip_.frames;
    writer_->write(std::move(p.packet), p.dts_us - origin_us_, p.pts_us - origin_us_);
  }

  std::filesystem::path file_;
  std::int64_t from_us_;
  std::int64_t to_us_;
  std::optional<StreamShape> shape_;
  std::optional<StreamCopyWriter> writer_;
  // The timeline: UTC microseconds, shifted to close up segment joins.
  bool any_placed_ = false;
  std::int64_t shift_us_ = 0;
  std::int64_t last_dts_ = 0;
  std::int64_t frame_us_ = kDefaultFrameUs;  // the latest gap between frames inside a segment
  // The clip.
  std::vector<SourcePacket> before_;  // since the last keyframe before the window
  bool started_ = false;
  bool done_ = false;
  std::int64_t origin_us_ = 0;  // the timeline's time of the clip's first packet
  std::int64_t last_written_us_ = 0;
  Clip clip_;
};

std::vector<Recording> overlapping(std::vector<Recording> segments, Timestamp from, Timestamp to) {
  std::erase_if(segments, [&](const Recording& r) { return r.end <= from || r.start >= to; });
  std::sort(segments.begin(), segments.end(),
            [](const Recording& a, const Recording& b) { return a.start < b.start; });
  return segments;
}

}  // namespace

Clip extract_clip(const std::vector<Recording>& segments, Timestamp from, Timestamp to,
                  const std::filesystem::path& out) {
  if (to <= from) {
    throw ClipError("the clip's end (" + format_utc(to) + ") must be after its start (" +
                    format_utc(from) + ")");
  }
  const std::vector<Recording> used = overlapping(segments, from, to);
  if (used.empty()) {
    throw ClipError("no recorded footage between " + format_utc(from) + " and " + format_utc(to));
  }
  const std::filesystem::path partial = partial_path(out);
  try {
    if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path());
    Clip clip;
    {
      ClipCutter cutter(partial, from, to);
      for (const Recording& r : used) {
        cutter.add(r);
        if (cutter.done()) break;
      }
      clip = cutter.finish();
    }
    commit_file(out);
    return clip;
  } catch (const std::exception& e) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    if (dynamic_cast<const ClipError*>(&e)) throw;
    throw ClipError("cannot write clip " + out.string() + ": " + e.what());
  }
}

}  // namespace cctv::storage
