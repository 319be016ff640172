// SPDX-License-Identifier: Apache-2.0
#include "cctv/node/offline_analysis.hpp"

#include <cerrno>
#include <cstring>
#include <exception>
#include <fstream>
#include <map>
#include <stop_token>
#include <utility>

#include "cctv/analytics/camera_analytics.hpp"
#include "cctv/capture/source.hpp"
#include "cctv/common/offline_analysis.hpp"

namespace cctv::node {
namespace {

// Hands every decoded frame to the camera's analytics with the file's time since its first
// frame, counted from `start`; keeps the events.
class AnalysingSink final : public capture::FrameSink {
 public:
  AnalysingSink(analytics::CameraAnalytics& analytics, Timestamp start)
      : analytics_(analytics), start_(start) {}

  void on_frame(const capture::Frame& frame) override {
    if (failure_) return;
    if (!first_) first_ = frame.ts;
    last_ = start_ + (frame.ts - *first_);
    try {
      for (Event& e : analytics_.process(analytics::VideoFrame::from_i420(frame.i420), last_,
                                         analytics::Pace::every_frame)) {
        events_.push_back(std::move(e));
      }
    } catch (...) {  // the pipeline would only log it: the results would be silently short
      failure_ = std::current_exception();
    }
    ++frames_;
  }

  // Rethrows what analytics threw, so that a run cut short is not taken for a complete one.
  void check() const {
    if (failure_) std::rethrow_exception(failure_);
  }

  std::vector<Event>& events() { return events_; }
  std::uint64_t frames() const { return frames_; }
  double media_s() const { return first_ ? seconds_between(start_, last_) : 0; }

 private:
  analytics::CameraAnalytics& analytics_;
  Timestamp start_;
  std::optional<Timestamp> first_;
  Timestamp last_{};
  std::uint64_t frames_ = 0;
  std::vector<Event> events_;
  std::exception_ptr failure_;
};

const config::Camera& camera_to_analyse(const config::Config& config, const std::string& id) {
  const config::Camera* camera = config.find_camera(id);
  if (!camera) {
    std::string known;
    for (const config::Camera& c : config.cameras) known += (known.empty() ? "" : ", ") + c.id;
    throw AnalyseInputError("unknown camera '" + id +
                            "'; the config has: " + (known.empty() ? "no cameras" : known));
  }
  if (!camera->analytics.enabled) {
    throw AnalyseInputError("camera '" + id +
                            "' has analytics disabled (analytics.enabled: false); nothing to run");
  }
  return *camera;
}

// The file must be there and readable; what is inside is the decoder's to judge.
void check_readable(const std::filesystem::path& video) {
  std::error_code ec;
  const auto status = std::filesystem::status(video, ec);
  if (ec || !std::filesystem::exists(status)) {
    throw AnalyseInputError("cannot read '" + video.string() + "': no such file");
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw AnalyseInputError("cannot read '" + video.string() + "': not a regular file");
  }
  if (!std::ifstream(video, std::ios::binary)) {
    throw AnalyseInputError("cannot read '" + video.string() + "': " + std::strerror(errno));
  }
}

Timestamp modification_time(const std::filesystem::path& video) {
  const auto written = std::chrono::file_clock::to_sys(std::filesystem::last_write_time(video));
  return std::chrono::floor<Millis>(written);
}

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

void mark_offline(std::vector<Event>& events, const std::string& camera,
                  const std::filesystem::path& video) {
  std::uint64_t seq = 0;
  for (Event& e : events) {
    e.id = new_uuid();
    e.source = offline_source(camera);
    e.seq = ++seq;
    e.message = "offline analysis of " + video.string();
  }
}

}  // namespace

OfflineAnalysis analyse_file(const config::Config& config, const OfflineAnalysisParams& params) {
  config::Camera camera = camera_to_analyse(config, params.camera);
  const std::filesystem::path video = std::filesystem::absolute(params.video);
  check_readable(video);
  camera.url = "file://" + video.string();
  camera.analytics_url.clear();
  const Timestamp start = params.start.value_or(modification_time(video));

  analytics::CameraAnalytics chain(camera, camera.site, config.zones_at(camera.id, camera.site));
  AnalysingSink sink(chain, start);
  std::unique_ptr<capture::Source> source;
  try {
    source = capture::create_source(camera);
  } catch (const std::invalid_argument& e) {  // a path the file:// URL cannot carry
    throw AnalyseInputError("cannot read '" + video.string() + "': " + e.what());
  }
  const std::optional<std::string> failure = source->run(std::stop_token(), sink);
  sink.check();
  if (failure) {
    throw AnalyseInputError("cannot analyse '" + video.string() + "': " + one_line(*failure));
  }
  if (sink.frames() == 0) {
    throw AnalyseInputError("cannot analyse '" + video.string() + "': no video frames decoded");
  }
  OfflineAnalysis out{std::move(sink.events()), start, sink.frames(), sink.media_s()};
  mark_offline(out.events, camera.id, video);
  return out;
}

void store_offline_events(storage::EventStore& store, std::vector<Event>& events) {
  std::map<std::string, std::uint64_t> last;
  for (Event& e : events) {
    auto [it, fresh] = last.try_emplace(e.source, 0);
    if (fresh) it->second = store.last_seq(e.source).value_or(0);
    e.seq = ++it->second;
  }
  store.upsert(events);
}

}  // namespace cctv::node
