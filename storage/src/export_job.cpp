// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/export_job.hpp"

#include <nlohmann/json.hpp>

#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/legal_holds.hpp"

namespace cctv::storage {
namespace {

nlohmann::json describe(const ExportSpec& spec, const std::filesystem::path& dir) {
  std::vector<std::string> cameras;
  for (const ExportCamera& c : spec.cameras) cameras.push_back(c.id);
  nlohmann::json j = {{"reference", spec.reference},
                      {"cameras", cameras},
                      {"from", format_utc(spec.from)},
                      {"to", format_utc(spec.to)},
                      {"package", dir.string()}};
  if (spec.requester.request_id != 0) j["request"] = spec.requester.request_id;
  return j;
}

}  // namespace

ExportPackage run_export(const std::string& db_path, const ExportKey& key, const ExportSpec& spec,
                         const std::filesystem::path& dir, const std::string& actor,
                         const ExportProgress& progress) {
  AuditLog audit(db_path);
  LegalHolds holds(db_path);
  nlohmann::json details = describe(spec, dir);
  std::vector<std::int64_t> held;
  try {
    for (const ExportCamera& camera : spec.cameras)
      held.push_back(holds.add(actor, camera.id, spec.from, spec.to, "export " + spec.reference));
    const RecordingIndex index(db_path);
    ExportPackage package = build_export_package(index, key, spec, dir, progress);
    details["zip"] = package.zip.string();
    details["zip_sha256"] = package.zip_sha256;
    details["manifest_sha256"] = package.manifest_sha256;
    details["holds"] = held;
    audit.append(actor, "export.build", spec.reference, details.dump());
    return package;
  } catch (const std::exception& e) {
    for (std::int64_t id : held) holds.release(actor, id);
    details["error"] = e.what();
    audit.append(actor, "export.failed", spec.reference, details.dump());
    if (dynamic_cast<const ExportError*>(&e)) throw;
    throw ExportError(e.what());
  }
}

}  // namespace cctv::storage
