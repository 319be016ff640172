// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/segment_recovery.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "cctv/storage/durable_file.hpp"
#include "segment_reader.hpp"
#include "stream_copy_writer.hpp"

namespace cctv::storage {
namespace {

constexpr std::int64_t kLoneFrameUs = 100000;  // a one-frame segment: call it 0.1 s long

// The frames' span as played: first frame's start to the last frame's end.
struct Span {
  std::int64_t frames = 0;
  std::int64_t first_pts_us = 0;
  std::int64_t last_pts_us = 0;
  std::int64_t frame_us() const {
    return frames < 2 ? kLoneFrameUs : (last_pts_us - first_pts_us) / (frames - 1);
  }
  std::int64_t duration_us() const { return last_pts_us - first_pts_us + frame_us(); }
};

// Reads every playable frame, copying each to `writer` when there is one.
Span copy_frames(SegmentReader& reader, StreamCopyWriter* writer) {
  Span span;
  std::int64_t origin_us = 0;
  while (std::optional<SourcePacket> p = reader.next()) {
    if (span.frames++ == 0) {
      span.first_pts_us = span.last_pts_us = p->pts_us;
      origin_us = p->dts_us;
    }
    span.first_pts_us = std::min(span.first_pts_us, p->pts_us);
    span.last_pts_us = std::max(span.last_pts_us, p->pts_us);
    if (writer) writer->write(std::move(p->packet), p->dts_us - origin_us, p->pts_us - origin_us);
  }
  return span;
}

Span remux(SegmentReader& reader, const std::filesystem::path& path) {
  const std::filesystem::path partial = partial_path(path);
  try {
    Span span;
    {
      StreamCopyWriter writer(partial, reader.video(), Container::matroska);
      span = copy_frames(reader, &writer);
      writer.finish(span.frame_us());
    }
    commit_file(path);
    return span;
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw;
  }
}

}  // namespace

std::string RecoveredSegment::note() const {
  std::ostringstream out;
  out << frames << " frames (" << std::fixed << std::setprecision(1)
      << std::chrono::duration<double>(recording.end - recording.start).count() << " s)";
  if (!remuxed) {
    out << ", closed, kept as it was";
  } else {
    out << " remuxed into a closed file of " << recording.bytes << " bytes from the " << bytes_found
        << " bytes left open";
  }
  return out.str();
}

std::optional<RecoveredSegment> recover_segment(const std::string& camera, Timestamp start,
                                                const std::filesystem::path& path) {
  RecoveredSegment out;
  out.bytes_found = static_cast<std::int64_t>(std::filesystem::file_size(path));
  if (out.bytes_found == 0) {
    std::filesystem::remove(path);
    return std::nullopt;
  }
  Span span;
  {
    SegmentReader reader(Recording{.camera = camera, .start = start, .path = path.string()});
    out.remuxed = !reader.closed();
    span = out.remuxed ? remux(reader, path) : copy_frames(reader, nullptr);
  }
  out.frames = span.frames;
  const Timestamp end =
      start + std::chrono::duration_cast<Millis>(std::chrono::microseconds(span.duration_us()));
  out.recording = describe_segment(camera, start, end, path.string());
  return out;
}

}  // namespace cctv::storage
