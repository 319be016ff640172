// SPDX-License-Identifier: Apache-2.0
#include "export_worker.hpp"

#include <spdlog/spdlog.h>

#include <cctype>

#include "cctv/console/export_cameras.hpp"
#include "cctv/node/redacted_copy.hpp"
#include "cctv/storage/export_job.hpp"

namespace cctv::node {
namespace {

constexpr const char* kActor = "system";

}  // namespace

std::string package_name(std::int64_t id, const std::string& reference) {
  std::string safe = reference.substr(0, 64);
  for (char& c : safe) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  }
  return std::to_string(id) + "-" + safe;
}

ExportWorker::ExportWorker(ExportWorkerParams params, storage::ExportRequests& requests,
                           const storage::ExportKey& key)
    : params_(std::move(params)), requests_(requests), key_(key) {
  requests_.requeue_interrupted();
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

ExportWorker::~ExportWorker() {
  thread_.request_stop();
  wake_.notify_all();
}

void ExportWorker::wake() {
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  wake_.notify_all();
}

void ExportWorker::run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(mutex_);
      if (!wake_.wait(lock, stop, [this] { return pending_; })) return;
      pending_ = false;
    }
    while (!stop.stop_requested()) {
      const auto request = requests_.claim_next();
      if (!request) break;
      params_.changed(request->id);
      build(*request);
      params_.changed(request->id);
    }
  }
}

void ExportWorker::build(const storage::ExportRequest& r) {
  storage::ExportSpec spec{.reference = r.asked.reference,
                           .from = r.asked.from,
                           .to = r.asked.to,
                           .operator_name = "store export worker, approved by " + r.decided_by,
                           .system = params_.system,
                           .requester = {.request_id = r.id,
                                         .officer = r.asked.officer,
                                         .force = r.asked.force,
                                         .reason = r.asked.reason,
                                         .approved_by = r.decided_by}};
  for (const std::string& id : r.asked.cameras) {
    spec.cameras.push_back(
        console::export_camera(*params_.config, id).value_or(storage::ExportCamera{.id = id}));
  }
  if (const storage::ExportRedaction& redact = r.asked.redaction; redact.wanted) {
    spec.derived.push_back(
        redacted_copy({.keep_tracks = redact.keep_tracks,
                       .face_cascade = redact.faces ? kDefaultFaceCascade : ""}));
  }
  const auto dir = params_.data_dir / "exports" / package_name(r.id, r.asked.reference);
  int last_percent = -1;
  const auto progress = [&](double done, std::string_view) {
    const int percent = static_cast<int>(done * 100);
    if (percent == last_percent) return;
    last_percent = percent;
    requests_.set_progress(r.id, done);
    params_.changed(r.id);
  };
  try {
    std::filesystem::create_directories(dir.parent_path());
    const auto package = storage::run_export(params_.db_path, key_, spec, dir, kActor, progress);
    requests_.built(r.id, package.dir.string(), package.zip.string(), package.zip_sha256,
                    package.zip_bytes);
    spdlog::info("export request {} built: {}", r.id, package.zip.string());
  } catch (const std::exception& e) {
    spdlog::warn("export request {} failed: {}", r.id, e.what());
    requests_.failed(r.id, e.what());
  }
}

}  // namespace cctv::node
