// SPDX-License-Identifier: Apache-2.0
// `cctv eval --video F --gt F --fps N --zones F --detector motion|yolox [--model F] --json`,
// or `--sequence DIR` for a MOTChallenge sequence as the benchmark ships it (seqinfo.ini, the
// frames as images, gt/gt.txt): plays the footage through the same analytics chain as
// `cctv run` (frame timestamps from --fps or the sequence's frameRate, not from a container)
// and scores it against MOTChallenge ground truth. Schedules are
// ignored (always armed): eval measures what the chain sees, not when alarms are allowed.
#include <chrono>
#include <filesystem>
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
  std::string sequence;  // a MOTChallenge sequence's folder, instead of video, gt and fps
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

// What to play and score: a video file, or a sequence's numbered images (read up to its
// length), with the ground truth and the frame rate it was taken at.
struct Footage {
  std::string path;  // the video, or the sequence's first image
  bool images = false;
  long frames = 0;  // 0: to the end
  std::string gt;
  double fps = 0;
};

std::string read_text(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot open " + std::string(what) + " '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Footage footage(const EvalOptions& o) {
  Footage f{o.video, false, 0, o.gt, o.fps};
  if (!o.sequence.empty()) {
    namespace fs = std::filesystem;
    const fs::path dir(o.sequence);
    const std::string ini = (dir / "seqinfo.ini").string();
    const analytics::MotSequenceInfo info =
        analytics::parse_mot_sequence_info(read_text(ini, "sequence info"), ini);
    f.path = (dir / info.image_dir / ("000001" + info.image_ext)).string();
    if (!fs::exists(f.path))
      throw std::invalid_argument(ini + " names frames " + info.image_dir + "/000001" +
                                  info.image_ext + " onwards, but '" + f.path + "' is absent");
    f.images = true;
    f.frames = info.length;
    if (f.gt.empty()) f.gt = (dir / "gt" / "gt.txt").string();
    if (f.fps == 0) f.fps = info.frame_rate;
  }
  if (f.path.empty()) throw std::invalid_argument("give --video or --sequence");
  if (f.gt.empty()) throw std::invalid_argument("--gt is needed with --video");
  if (f.fps == 0) throw std::invalid_argument("--fps is needed with --video");
  return f;
}

Played play(const Footage& footage, analytics::CameraAnalytics& chain) {
  cv::VideoCapture capture(footage.path, footage.images ? cv::CAP_IMAGES : cv::CAP_ANY);
  if (!capture.isOpened()) throw std::invalid_argument("cannot open video '" + footage.path + "'");
  const double fps = footage.fps;
  const Timestamp t0 = *parse_utc(kEpoch);
  Played out;
  cv::Mat frame;
  for (long k = 0; (footage.frames == 0 || k < footage.frames) && capture.read(frame); ++k) {
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
  if (out.tracks.empty()) throw std::invalid_argument("video '" + footage.path + "' has no frames");
  if (footage.frames > 0 && static_cast<long>(out.tracks.size()) < footage.frames) {
    // The ground truth of the frames not read is scored as missed, as the benchmark does.
    std::cerr << "eval: " << out.tracks.size() << " of the sequence's " << footage.frames
              << " frames could be read from '" << footage.path << "' on\n";
  }
  return out;
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
  const HotaScore h = score_hota(truth, predicted);
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
           {{"hota", h.hota},
            {"deta", h.deta},
            {"assa", h.assa},
            {"loca", h.loca},
            {"mota", t.mota},
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
  camera.analytics.detector = o.detector;
  camera.analytics.model = o.model;
  if (o.interval > 0) camera.analytics.detection_interval = o.interval;
  std::vector<config::Zone> zones;
  for (const config::Zone* z : loaded.config->zones_of(camera.id)) {
    zones.push_back(*z);
    zones.back().rules.schedule.clear();
  }
  const Footage f = footage(o);
  camera.analytics.fps = f.fps;
  cv::setNumThreads(o.threads);
  analytics::CameraAnalytics chain(camera, camera.site, zones);
  const Played played = play(f, chain);
  const Timestamp t0 = *parse_utc(kEpoch);
  const auto truth = analytics::parse_mot_ground_truth(read_text(f.gt, "ground truth"), played.size,
                                                       played.tracks.size(), t0, f.fps);
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
  auto* video = cmd->add_option("--video", o->video, "Video file")->check(CLI::ExistingFile);
  cmd->add_option("--sequence", o->sequence,
                  "MOTChallenge sequence folder (seqinfo.ini, its frames, gt/gt.txt) instead of "
                  "--video; --gt and --fps then default to its own")
      ->check(CLI::ExistingDirectory)
      ->excludes(video);
  cmd->add_option("--gt", o->gt, "Ground truth, MOTChallenge gt.txt")->check(CLI::ExistingFile);
  cmd->add_option("--fps", o->fps, "Frame rate the scene was captured at (not the container's)")
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
