// SPDX-License-Identifier: Apache-2.0
#include "clip_worker.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "cctv/storage/clip_extractor.hpp"

namespace cctv::node {
namespace {

constexpr std::chrono::seconds kPeriod{2};

Millis seconds(double s) {
  return std::chrono::duration_cast<Millis>(std::chrono::duration<double>(s));
}

// After a crash between registering a clip and noting it in the history.
std::optional<storage::Evidence> registered_clip(const storage::EvidenceStore& evidence,
                                                 const std::string& incident) {
  for (const storage::Evidence& e : evidence.of_incident(incident)) {
    if (e.kind == storage::EvidenceKind::clip) return e;
  }
  return std::nullopt;
}

// Cuts the clip, registers it and adds what it holds to `details`.
storage::Evidence cut_clip(storage::EvidenceStore& evidence, const storage::Incident& incident,
                           const std::vector<storage::Recording>& segments, Timestamp from,
                           Timestamp to, nlohmann::json& details) {
  const std::string path = storage::clip_path(incident.camera, incident.started_at, incident.id);
  const storage::Clip clip = storage::extract_clip(segments, from, to, evidence.file(path));
  details["start"] = format_utc(clip.start);
  details["end"] = format_utc(clip.end);
  details["frames"] = clip.frames;
  if (!clip.warnings.empty()) details["warnings"] = clip.warnings;
  return evidence.add({.kind = storage::EvidenceKind::clip,
                       .camera = incident.camera,
                       .path = path,
                       .incident_id = incident.id});
}

}  // namespace

ClipWorker::ClipWorker(const config::Config& config, ClipWorkerDeps deps)
    : deps_(deps),
      pre_roll_(seconds(config.storage.clip_pre_roll_s)),
      post_roll_(seconds(config.storage.clip_post_roll_s)),
      // A segment closes at the first keyframe after segment_s: allow that twice over.
      wait_limit_(seconds(2 * config.storage.segment_s + 10)),
      retention_days_(config.storage.retention_days),
      thread_([this](std::stop_token stop) { run(stop); }) {}

ClipWorker::~ClipWorker() {
  thread_.request_stop();
  thread_.join();
}

void ClipWorker::run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    run_once(stop);
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, kPeriod, [] { return false; });
  }
}

void ClipWorker::run_once(const std::stop_token& stop) {
  try {
    // Footage older than the retention period is gone: no clip to cut there.
    const Timestamp since = now_utc() - std::chrono::days(retention_days_);
    for (const storage::Incident& incident :
         deps_.incidents.ended_alarms_without(storage::kClipAction, since)) {
      if (stop.stop_requested()) return;
      cut_when_ready(incident);
    }
  } catch (const std::exception& e) {
    spdlog::error("[clips] failed, will retry in {} s: {}", kPeriod.count(), e.what());
  }
}

void ClipWorker::cut_when_ready(const storage::Incident& incident) {
  const Timestamp from = incident.started_at - pre_roll_;
  const Timestamp to = *incident.ended_at + post_roll_;
  const auto segments = deps_.recordings.find(incident.camera, from, to);
  const bool recorded = !segments.empty() && segments.back().end >= to;
  if (!recorded && now_utc() < to + wait_limit_) return;  // the post-roll is still being recorded
  nlohmann::json details{{"from", format_utc(from)}, {"to", format_utc(to)}};
  try {
    std::optional<storage::Evidence> clip = registered_clip(deps_.evidence, incident.id);
    if (!clip) clip = cut_clip(deps_.evidence, incident, segments, from, to, details);
    details["evidence"] = clip->id;
    details["path"] = clip->path;
    details["sha256"] = clip->sha256;
    spdlog::info("[clips] {} incident {}: {}", incident.category, incident.id, clip->path);
  } catch (const storage::ClipError& e) {
    details["error"] = e.what();
    spdlog::warn("[clips] no clip for {} incident {}: {}", incident.category, incident.id,
                 e.what());
  }
  deps_.incidents.record(incident.id, "system", storage::kClipAction, details.dump());
}

}  // namespace cctv::node
