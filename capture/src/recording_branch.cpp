// SPDX-License-Identifier: Apache-2.0
#include "recording_branch.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "capture_pipeline.hpp"
#include "cctv/capture/recording_layout.hpp"
#include "gst_util.hpp"

namespace cctv::capture {
namespace {

constexpr GstClockTime kRecordQueueTime = 5 * GST_SECOND;

// Flush the segment to disk before anyone indexes it: evidence must survive a power cut.
void sync_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// A path that does not exist yet: never overwrite footage, even after a clock step.
std::filesystem::path unused_path(std::filesystem::path path) {
  std::error_code ec;
  for (int n = 1; std::filesystem::exists(path, ec); ++n) {
    path.replace_filename(path.stem().string().substr(0, 20) + "-" + std::to_string(n) + ".mkv");
  }
  return path;
}

// A span of stream time, as the whole milliseconds timestamps keep.
Millis span_ms(GstClockTime ns) {
  return std::chrono::duration_cast<Millis>(std::chrono::nanoseconds(ns));
}

}  // namespace

RecordingBranch::RecordingBranch(GstBin* bin, RecordingParams params, const StreamClock& clock,
                                 SourceCounters& counters)
    : params_(std::move(params)), clock_(clock) {
  GstElement* queue = make_element("queue");
  g_object_set(queue, "max-size-buffers", 0u, "max-size-bytes", 0u, "max-size-time",
               kRecordQueueTime, nullptr);
  GstElement* mux = make_element("matroskamux");
  g_object_set(mux, "offset-to-zero", TRUE, nullptr);  // every segment plays from 0
  // splitmuxsink holds a whole GOP before muxing it; what reached the muxer is what a cut-short
  // file holds. (Connected first: linking splitmuxsink requests the muxer's pad.)
  g_signal_connect(mux, "pad-added", G_CALLBACK(on_mux_pad), this);
  splitmux_ = make_element("splitmuxsink");
  g_object_set(splitmux_, "muxer", mux, "max-size-time",
               static_cast<guint64>(params_.segment_s * GST_SECOND), "location",
               (params_.dir / params_.camera / "unnamed-%05d.mkv").c_str(), nullptr);
  g_signal_connect(splitmux_, "format-location-full", G_CALLBACK(on_format_location), this);
  add_chain(bin, {queue, splitmux_});
  sink_pad_ = gst_element_get_static_pad(queue, "sink");
  gst_object_unref(sink_pad_);  // the queue keeps it alive as long as the pipeline
  GstRef<GstPad> out(gst_element_get_static_pad(queue, "src"));
  probe_buffers(out.get(), [&counters](GstBuffer* buffer, GstClockTime) {
    counters.recorded_bytes.fetch_add(gst_buffer_get_size(buffer));
    return true;
  });
}

void RecordingBranch::on_mux_pad(GstElement*, GstPad* pad, gpointer self) {
  if (GST_PAD_DIRECTION(pad) != GST_PAD_SINK) return;
  // Stream time, not running time: splitmuxsink gives the muxer its own segments.
  probe_buffers(pad,
                [branch = static_cast<RecordingBranch*>(self)](GstBuffer* buffer, GstClockTime) {
                  if (GST_BUFFER_PTS_IS_VALID(buffer)) {
                    const GstClockTime end =
                        GST_BUFFER_PTS(buffer) +
                        (GST_BUFFER_DURATION_IS_VALID(buffer) ? GST_BUFFER_DURATION(buffer) : 0);
                    if (!GST_CLOCK_TIME_IS_VALID(branch->last_pts_) || end > branch->last_pts_)
                      branch->last_pts_ = end;
                  }
                  return true;
                });
}

gchar* RecordingBranch::on_format_location(GstElement*, guint, GstSample* first, gpointer self) {
  try {
    return g_strdup(static_cast<RecordingBranch*>(self)->next_location(first).c_str());
  } catch (const std::exception& e) {
    spdlog::error("[capture {}] cannot name a recording segment: {}",
                  static_cast<RecordingBranch*>(self)->params_.camera, e.what());
    return nullptr;  // splitmuxsink falls back to its location pattern
  }
}

std::string RecordingBranch::next_location(GstSample* first) {
  Open open;
  if (first) {
    const GstSegment* segment = gst_sample_get_segment(first);
    const GstBuffer* buffer = gst_sample_get_buffer(first);
    if (segment && buffer) {
      const GstClockTime pts =
          GST_BUFFER_PTS_IS_VALID(buffer) ? GST_BUFFER_PTS(buffer) : GST_BUFFER_DTS(buffer);
      open.start_rt = running_time(*segment, pts);
      open.start_pts = pts;
    }
  }
  open.start = GST_CLOCK_TIME_IS_VALID(open.start_rt)
                   ? clock_.to_utc(StreamClock::Running(open.start_rt))
                   : now_utc();
  const std::filesystem::path path =
      unused_path(segment_path(params_.dir, params_.camera, open.start));
  std::error_code ec;  // if this fails, the file sink's error says so
  std::filesystem::create_directories(path.parent_path(), ec);
  std::lock_guard lock(mutex_);
  open_[path.string()] = open;
  return path.string();
}

// The first segment of a connection was named before the clock knew the stream's delay.
std::filesystem::path RecordingBranch::rename_for(const std::filesystem::path& path,
                                                  Timestamp start) const {
  const std::filesystem::path renamed =
      unused_path(segment_path(params_.dir, params_.camera, start));
  std::error_code ec;
  std::filesystem::create_directories(renamed.parent_path(), ec);
  std::filesystem::rename(path, renamed, ec);
  if (!ec) return renamed;
  spdlog::warn("[capture {}] segment {} keeps its name (starts at {}): {}", params_.camera,
               path.string(), format_utc(start), ec.message());
  return path;
}

bool RecordingBranch::handle(GstMessage* message) {
  if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_ELEMENT ||
      GST_MESSAGE_SRC(message) != GST_OBJECT(splitmux_))
    return false;
  const GstStructure* s = gst_message_get_structure(message);
  const char* location = gst_structure_get_string(s, "location");
  GstClockTime rt = GST_CLOCK_TIME_NONE;
  gst_structure_get_uint64(s, "running-time", &rt);
  if (!location) return true;
  if (gst_structure_has_name(s, "splitmuxsink-fragment-opened")) {
    std::lock_guard lock(mutex_);
    auto it = open_.find(location);
    if (it != open_.end() && GST_CLOCK_TIME_IS_VALID(rt)) it->second.start_rt = rt;
  } else if (gst_structure_has_name(s, "splitmuxsink-fragment-closed")) {
    report(location, rt, true);
  }
  return true;
}

void RecordingBranch::close_open_segment() {
  std::vector<std::string> locations;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [location, open] : open_) locations.push_back(location);
  }
  for (const std::string& location : locations) report(location, GST_CLOCK_TIME_NONE, false);
}

void RecordingBranch::report(const std::string& location, GstClockTime end_rt, bool finalized) {
  Open open;
  {
    std::lock_guard lock(mutex_);
    auto it = open_.find(location);
    if (it == open_.end()) return;
    open = it->second;
    open_.erase(it);
  }
  Segment segment{params_.camera, open.start, open.start, location, 0, finalized};
  const GstClockTime last_pts = last_pts_;
  if (GST_CLOCK_TIME_IS_VALID(end_rt) && GST_CLOCK_TIME_IS_VALID(open.start_rt) &&
      end_rt > open.start_rt) {
    // One arrival delay for the whole segment, the one the clock holds at its end: the listed
    // span is the file's, and the next segment starts where this one ends.
    segment.end = clock_.to_utc(StreamClock::Running(end_rt));
    segment.start = segment.end - span_ms(end_rt - open.start_rt);
  } else if (!finalized && GST_CLOCK_TIME_IS_VALID(last_pts) &&
             GST_CLOCK_TIME_IS_VALID(open.start_pts) && last_pts > open.start_pts) {
    segment.end = open.start + span_ms(last_pts - open.start_pts);  // up to the last frame muxed
  }
  std::error_code ec;
  segment.bytes = std::filesystem::file_size(segment.path, ec);
  if (ec) return;            // never created
  if (segment.bytes == 0) {  // cut before its first GOP was complete: nothing to keep
    spdlog::warn("[capture {}] discarding empty segment {}", params_.camera, location);
    std::filesystem::remove(segment.path, ec);
    return;
  }
  if (segment.start != open.start) segment.path = rename_for(segment.path, segment.start);
  sync_file(segment.path);
  if (!finalized) {
    spdlog::warn("[capture {}] segment {} cut short by a broken connection", params_.camera,
                 location);
  }
  if (!params_.listener) return;
  try {
    params_.listener->on_segment_closed(segment);
  } catch (const std::exception& e) {
    spdlog::error("[capture {}] recording listener failed on {}: {}", params_.camera, location,
                  e.what());
  }
}

}  // namespace cctv::capture
