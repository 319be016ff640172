// SPDX-License-Identifier: Apache-2.0
// `cctv clip --data DIR --camera ID --from T --to T --out FILE`: a camera's footage over a time
// window as one MP4, cut from the recordings by stream copy, for manual use. Footage leaving
// the system is recorded in the audit log.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cctv/common/sha256.hpp"
#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/clip_extractor.hpp"
#include "command_support.hpp"
#include "commands.hpp"
#include "cctv/node/data_layout.hpp"

namespace cctv::app {
namespace {

struct ClipOptions {
  StoreOptions store;
  std::string actor = "cli";
  std::string camera, from, to, out;
};

int cut(const ClipOptions& o) {
  const auto from = parse_utc(o.from), to = parse_utc(o.to);
  if (!from || !to) {
    std::cerr << "--from and --to must be UTC times like 2026-11-23T10:00:00Z\n";
    return kExitInvalidInput;
  }
  if (*to <= *from) {
    std::cerr << "--to must be after --from\n";
    return kExitInvalidInput;
  }
  const auto db = existing_database(o.store);
  if (!db) return kExitInvalidInput;
  storage::Clip clip;
  try {
    clip = storage::extract_clip(storage::RecordingIndex(*db).find(o.camera, *from, *to), *from,
                                 *to, o.out);
  } catch (const storage::ClipError& e) {
    std::cerr << "camera " << o.camera << ": " << e.what() << '\n';
    return kExitFailure;
  }
  const std::string sha256 = sha256_file(o.out);
  storage::AuditLog(*db).append(
      o.actor, "footage.clip", o.camera,
      nlohmann::json{{"from", o.from}, {"to", o.to}, {"out", o.out}, {"sha256", sha256}}.dump());
  for (const std::string& warning : clip.warnings) std::cerr << "warning: " << warning << '\n';
  std::cout << o.out << ": " << format_utc(clip.start) << " to " << format_utc(clip.end) << ", "
            << clip.frames << " frames from " << clip.segments << " segment(s)\nsha256 " << sha256
            << '\n';
  return kExitOk;
}

}  // namespace

void add_clip_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ClipOptions>();
  auto* cmd = app.add_subcommand(
      "clip", "Cut a camera's footage over a time window into an MP4 (stream copy)");
  cmd->add_option("--camera", o->camera, "Camera id")->required();
  cmd->add_option("--from", o->from, "Start, UTC ISO-8601 (the clip starts at the keyframe before)")
      ->required();
  cmd->add_option("--to", o->to, "End, UTC ISO-8601")->required();
  cmd->add_option("--out", o->out, "MP4 file to write")->required();
  add_store_options(cmd, o->store);
  cmd->add_option("--as", o->actor, "Who is doing this (recorded in the audit log)")
      ->capture_default_str();
  cmd->callback([o, &exit_code] { exit_code = cut(*o); });
}

}  // namespace cctv::app
