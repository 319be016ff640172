// SPDX-License-Identifier: Apache-2.0
// Private: the recording branch. H.264 as the camera sent it (parsed, never re-encoded) goes
// into splitmuxsink, which cuts Matroska segments at keyframes; each closed segment is fsync'd
// and reported to the RecordingListener.
#pragma once

#include <gst/gst.h>

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "cctv/capture/source.hpp"
#include "cctv/capture/stream_clock.hpp"

namespace cctv::capture {

struct RecordingParams {
  std::string camera;
  std::filesystem::path dir;
  double segment_s = 60;
  RecordingListener* listener = nullptr;
};

class RecordingBranch {
 public:
  // Adds queue ! splitmuxsink(matroskamux) to `bin`.
  RecordingBranch(GstBin* bin, RecordingParams params, const StreamClock& clock,
                  SourceCounters& counters);
  RecordingBranch(const RecordingBranch&) = delete;
  RecordingBranch& operator=(const RecordingBranch&) = delete;

  GstPad* sink_pad() const { return sink_pad_; }  // borrowed
  // Handles splitmuxsink's fragment messages; true if `message` was one of ours.
  bool handle(GstMessage* message);
  // After the pipeline is stopped: reports the segment left open by a broken connection.
  void close_open_segment();

 private:
  struct Open {
    Timestamp start{};
    GstClockTime start_rt = GST_CLOCK_TIME_NONE;
    GstClockTime start_pts = GST_CLOCK_TIME_NONE;
  };
  static gchar* on_format_location(GstElement*, guint, GstSample* first, gpointer self);
  static void on_mux_pad(GstElement*, GstPad* pad, gpointer self);
  std::string next_location(GstSample* first);
  std::filesystem::path rename_for(const std::filesystem::path& path, Timestamp start) const;
  void report(const std::string& location, GstClockTime end_rt, bool finalized);

  RecordingParams params_;
  const StreamClock& clock_;
  GstElement* splitmux_ = nullptr;
  GstPad* sink_pad_ = nullptr;
  std::mutex mutex_;                  // open_ is filled on a streaming thread
  std::map<std::string, Open> open_;  // by location
  std::atomic<GstClockTime> last_pts_{
      GST_CLOCK_TIME_NONE};  // end of the last frame muxed (stream time)
};

}  // namespace cctv::capture
