// SPDX-License-Identifier: Apache-2.0
// `cctv analyse --config F --camera ID --video FILE [--start TIME] [--json] [--data DIR]`: the
// camera's analytics over a video file after the fact (node/offline_analysis.hpp); the events on
// stdout, a summary with the speed on stderr; --data also stores them as an offline source.
#include <filesystem>
#include <iomanip>
#include <iostream>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cctv/node/offline_analysis.hpp"
#include "command_support.hpp"
#include "commands.hpp"
#include "event_table.hpp"

namespace cctv::app {
namespace {

struct AnalyseOptions {
  std::string config;
  std::string camera;
  std::string video;
  std::string start;  // empty: the file's modification time
  bool json = false;
  StoreOptions store{.data_dir = ""};
};

void print_summary(const node::OfflineAnalysis& a, double wall_s) {
  const double fps = wall_s > 0 ? static_cast<double>(a.frames) / wall_s : 0;
  const double speed = wall_s > 0 ? a.media_s / wall_s : 0;
  std::cerr << std::fixed << std::setprecision(1) << "analysed " << a.frames << " frames, "
            << a.media_s << " s of video from " << format_utc(a.start) << ", in " << wall_s
            << " s (" << fps << " frames/s, " << speed << "x real time): " << a.events.size()
            << " event(s)\n";
}

void store_results(const StoreOptions& o, std::vector<Event>& events) {
  if (o.database.empty()) std::filesystem::create_directories(o.data_dir);
  const std::string location = store_location(o);
  storage::EventStore events_store(location);
  node::store_offline_events(events_store, events);
  std::cerr << "stored " << events.size() << " event(s) in " << location << " as source "
            << (events.empty() ? std::string("analyse:<camera>") : events.front().source) << '\n';
}

int analyse(const AnalyseOptions& o) {
  const auto config = load_config(o.config, "");
  if (!config) return kExitInvalidInput;
  node::OfflineAnalysisParams params{.camera = o.camera, .video = o.video};
  if (!o.start.empty()) {
    const UserTime start = parse_user_time(o.start, now_utc());
    if (!start.time) {
      std::cerr << "--start '" << o.start << "': " << start.error << '\n';
      return kExitInvalidInput;
    }
    params.start = start.time;
  }
  const auto began = std::chrono::steady_clock::now();
  node::OfflineAnalysis result = node::analyse_file(*config, params);
  print_summary(result,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
  if (!o.store.data_dir.empty() || !o.store.database.empty()) store_results(o.store, result.events);
  if (o.json) {
    std::cout << events_to_json_array(result.events) << '\n';
  } else {
    print_event_table(result.events);
  }
  return kExitOk;
}

}  // namespace

void add_analyse_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<AnalyseOptions>();
  auto* cmd = app.add_subcommand(
      "analyse", "Run a camera's analytics over a video file, as fast as it decodes");
  cmd->add_option("--config", o->config, "Configuration file")->required();
  cmd->add_option("--camera", o->camera, "The camera whose zones and settings apply")->required();
  cmd->add_option("--video", o->video, "Video file (any container and codec GStreamer reads)")
      ->required();
  cmd->add_option("--start", o->start,
                  "When the first frame was shot (ISO-8601 with Z or an offset, or London time); "
                  "default: the file's modification time");
  cmd->add_flag("--json", o->json, "Print a JSON array in the event schema");
  add_store_options(cmd, o->store,
                    "Also store the events in this data directory (cctv.db), as source "
                    "analyse:<camera>");
  cmd->callback([o, &exit_code] {
    // Logs go to stderr: stdout carries only the events.
    spdlog::set_default_logger(spdlog::stderr_color_mt("analyse"));
    try {
      exit_code = analyse(*o);
    } catch (const std::invalid_argument& e) {
      std::cerr << "analyse: " << e.what() << '\n';
      exit_code = kExitInvalidInput;
    }
  });
}

}  // namespace cctv::app
