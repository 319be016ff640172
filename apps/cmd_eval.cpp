// SPDX-License-Identifier: Apache-2.0
// `cctv eval --video F --gt F --fps N --zones F --detector motion|yolox [--model F] --json`:
// plays a video through the same analytics chain as `cctv run` (frame timestamps from --fps,
// not from the container) and scores it against MOTChallenge ground truth. Schedules are
// ignored (always armed): eval measures what the chain sees, not when alarms are allowed.
#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/videoio.hpp>

#include "cctv/analytics/camera_analytics.hpp"
#include "cctv/analytics/evaluation.hpp"
#include "cctv/config/loader.hpp"
#include "commands.hpp"

namespace cctv::app {
namespace {

// Frame timestamps start here; any fixed instant keeps runs identical.
constexpr char kEpoch[] = "2009-03-01T12:00:00Z";

struct EvalOptions {
  std::string video;
  std::string gt;
  double fps = 0;
  std::string zones;
  std::string detector = "motion";
  std::string model;
  int interval = 0;  // 0: the zones file's camera setting
  int threads = 1;
  bool json = false;
  std::string tracks_out;  // optional: the predicted tracks, MOTChallenge format
};

struct Played {
  analytics::TrackSequence tracks;   // reported: scored as MOTChallenge results
  analytics::TrackSequence present;  // what the zone rules counted
  std::vector<Event> events;
  cv::Size size;
  double analytics_ms = 0;
};

Played play(const std::string& video, analytics::CameraAnalytics& chain, double fps) {
  cv::VideoCapture capture(video);
  if (!capture.isOpened()) throw std::invalid_argument("cannot open video '" + video + "'");
  const Timestamp t0 = *parse_utc(kEpoch);
  Played out;
  cv::Mat frame;
  for (long k = 0; capture.read(frame); ++k) {
    const Timestamp ts =
        t0 + std::chrono::duration_cast<Millis>(std::chrono::duration<double>(k / fps));
    const auto start = std::chrono::steady_clock::now();
    for (Event& e : chain.process(frame, ts)) out.events.push_back(std::move(e));
    out.analytics_ms +=
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    out.tracks.push_back({ts, chain.tracks()});
    out.present.push_back({ts, chain.present()});
    out.size = frame.size();
  }
  if (out.tracks.empty()) throw std::invalid_argument("video '" + video + "' has no frames");
  return out;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot open ground truth '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// "frame,id,x,y,w,h,1,-1,-1,-1" per track, frames and pixels 1-based, as MOTChallenge results.
void write_tracks(const std::string& path, const analytics::TrackSequence& tracks, cv::Size size) {
  std::ofstream out(path);
  if (!out) throw std::invalid_argument("cannot write '" + path + "'");
  for (std::size_t f = 0; f < tracks.size(); ++f) {
    for (const analytics::Track& t : tracks[f].tracks) {
      out << f + 1 << ',' << t.id << ',' << t.box.x * size.width + 1 << ','
          << t.box.y * size.height + 1 << ',' << t.box.w * size.width << ','
          << t.box.h * size.height << ",1,-1,-1,-1\n";
    }
  }
}

nlohmann::ordered_json rate(const std::optional<double>& r) {
  return r ? nlohmann::ordered_json(*r) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json alarms(const analytics::EpisodeScore& s) {
  return {{"precision", rate(s.precision)},
          {"recall", rate(s.recall)},
          {"matched", s.matched},
          {"predicted", s.predicted},
          {"truth", s.truth}};
}

// The predictions padded with empty frames to the truth's length: true boxes after the last
// decoded frame are misses (the truth is never shorter: it has at least the video's frames).
analytics::TrackSequence padded(analytics::TrackSequence tracks,
                                const analytics::TrackSequence& truth) {
  for (std::size_t k = tracks.size(); k < truth.size(); ++k) tracks.push_back({truth[k].ts, {}});
  return tracks;
}

nlohmann::ordered_json score(const Played& p, const analytics::TrackSequence& truth,
                             const std::vector<config::Zone>& zones) {
  using namespace analytics;
  const TrackSequence predicted = padded(p.tracks, truth);
  const TrackingScore t = score_tracking(truth, predicted);
  const Timestamp last = truth.back().ts;
  const std::vector<Event> true_events = zone_events(truth, zones);
  const auto scored = [&](EventType type) {
    return alarms(score_episodes(truth, predicted, episodes(true_events, type, last),
                                 episodes(p.events, type, last), zones, type));
  };
  const auto frames = static_cast<double>(p.tracks.size());
  return {{"scoring", "MOTChallenge MOT15 (TrackEval): conf 0 rows removed, IoU >= 0.5"},
          {"detection", {{"precision", t.precision}, {"recall", t.recall}}},
          {"tracking",
           {{"mota", t.mota},
            {"motp", t.motp},
            {"idf1", t.idf1},
            {"idp", t.idp},
            {"idr", t.idr},
            {"id_switches", t.id_switches},
            {"fragmentations", t.fragmentations},
            {"mostly_tracked", t.mostly_tracked},
            {"partly_tracked", t.partly_tracked},
            {"mostly_lost", t.mostly_lost},
            {"true_positives", t.true_positives},
            {"false_positives", t.false_positives},
            {"false_negatives", t.false_negatives}}},
          {"zones", {{"count_mae", zone_count_mae(truth, padded(p.present, truth), zones)}}},
          {"loitering", scored(EventType::loitering)},
          {"crowding", scored(EventType::crowding)},
          {"frames", p.tracks.size()},
          {"gt_frames", truth.size()},
          {"ms_per_frame", p.analytics_ms / frames}};
}

int run_eval(const EvalOptions& o) {
  const config::LoadResult loaded = config::load_config_file(o.zones);
  for (const auto& e : loaded.errors) std::cerr << e.to_string() << '\n';
  if (!loaded.config) return kExitInvalidInput;
  if (loaded.config->cameras.empty()) {
    std::cerr << o.zones << ": no camera; the zones file needs one camera and its zones\n";
    return kExitInvalidInput;
  }
  config::Camera camera = loaded.config->cameras.front();
  camera.analytics.fps = o.fps;
  camera.analytics.detector = o.detector;
  camera.analytics.model = o.model;
  if (o.interval > 0) camera.analytics.detection_interval = o.interval;
  std::vector<config::Zone> zones;
  for (const config::Zone* z : loaded.config->zones_of(camera.id)) {
    zones.push_back(*z);
    zones.back().rules.schedule.clear();
  }
  cv::setNumThreads(o.threads);
  analytics::CameraAnalytics chain(camera, camera.site, zones);
  const Played played = play(o.video, chain, o.fps);
  const Timestamp t0 = *parse_utc(kEpoch);
  const auto truth = analytics::parse_mot_ground_truth(read_text(o.gt), played.size,
                                                       played.tracks.size(), t0, o.fps);
  if (!o.tracks_out.empty()) write_tracks(o.tracks_out, played.tracks, played.size);
  const nlohmann::ordered_json result = score(played, truth, zones);
  std::cout << (o.json ? result.dump() : result.dump(2)) << '\n';
  return kExitOk;
}

}  // namespace

void add_eval_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<EvalOptions>();
  auto* cmd = app.add_subcommand(
      "eval", "Score the analytics on a video against MOTChallenge ground truth");
  cmd->add_option("--video", o->video, "Video file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--gt", o->gt, "Ground truth, MOTChallenge gt.txt")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--fps", o->fps, "Frame rate the scene was captured at (not the container's)")
      ->required()
      ->check(CLI::Range(0.1, 120.0));
  cmd->add_option("--zones", o->zones, "Config file with one camera and its zones")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--detector", o->detector, "motion or yolox")
      ->check(CLI::IsMember({"motion", "yolox"}));
  cmd->add_option("--model", o->model, "YOLOX ONNX model (detector yolox)");
  cmd->add_option("--interval", o->interval, "Detection interval in frames (default: the camera's)")
      ->check(CLI::Range(1, 30));
  cmd->add_option("--threads", o->threads, "OpenCV threads (default 1, as one camera worker)")
      ->check(CLI::Range(1, 64));
  cmd->add_flag("--json", o->json, "Print one line of JSON");
  cmd->add_option("--tracks-out", o->tracks_out,
                  "Also write the predicted tracks here (MOTChallenge format)");
  cmd->callback([o, &exit_code] {
    try {
      exit_code = run_eval(*o);
    } catch (const std::invalid_argument& e) {
      std::cerr << "eval: " << e.what() << '\n';
      exit_code = kExitInvalidInput;
    }
  });
}

}  // namespace cctv::app
