// SPDX-License-Identifier: Apache-2.0
// Police footage requests and their disclosures, in the store's database. A request moves
//   requested -> approved -> building -> ready -> downloaded      (or failed)
//   requested -> refused                                         (nothing is built)
// Every step is written to the audit log; every download is a disclosure record: when, to
// whom (person and organisation), why, and what was disclosed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cctv/common/time.hpp"
#include "cctv/storage/schema.hpp"

namespace cctv::storage {

enum class ExportState { requested, approved, refused, building, ready, failed, downloaded };
std::string_view to_string(ExportState s);

// A step the request's state does not allow (approving a refused request, downloading one
// not yet built): what() says the state it is in.
class ExportRequestError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A redacted working copy asked for with the footage (subject access, third parties): every
// person blurred except the tracks kept, and faces too when asked.
struct ExportRedaction {
  bool wanted = false;
  std::vector<std::int64_t> keep_tracks;
  bool faces = false;
  bool operator==(const ExportRedaction&) const = default;
};

struct NewExportRequest {
  std::string reference;  // crime / incident reference
  std::string officer;    // requesting officer
  std::string force;      // their force or organisation
  std::vector<std::string> cameras;
  Timestamp from{};
  Timestamp to{};
  std::string reason;  // reason or legal basis
  ExportRedaction redaction;
};

// {"keep_tracks": [...], "faces": bool}, or null when no redaction is wanted; and back (throws
// nlohmann::json::exception when malformed).
nlohmann::json redaction_json(const ExportRedaction& r);
ExportRedaction redaction_of(const nlohmann::json& j);

struct ExportRequest {
  std::int64_t id = 0;
  NewExportRequest asked;
  std::string requested_by;  // console user
  Timestamp requested_at{};
  ExportState state = ExportState::requested;
  std::string decided_by;
  std::optional<Timestamp> decided_at;
  std::string decision_reason;  // why refused (or a note on approval)
  double progress = 0;          // 0..1 while building
  std::string package_dir;
  std::string zip_path;
  std::string zip_sha256;
  std::int64_t zip_bytes = 0;
  std::string error;  // why the build failed
};

struct Disclosure {
  std::int64_t id = 0;
  std::int64_t request_id = 0;
  Timestamp at{};
  std::string recipient;     // the person who received it
  std::string organisation;  // their organisation
  std::string reason;
  std::string disclosed;  // JSON: reference, cameras, window, package SHA-256 and size
  std::string by;         // console user who downloaded it
};

class ExportRequests {
 public:
  explicit ExportRequests(const std::string& db_path, Access access = Access::write);
  ~ExportRequests();
  ExportRequests(const ExportRequests&) = delete;
  ExportRequests& operator=(const ExportRequests&) = delete;

  std::int64_t submit(const std::string& actor, const NewExportRequest& r);
  // requested -> approved / refused. A refusal needs a reason.
  void approve(const std::string& actor, std::int64_t id, const std::string& note = "");
  void refuse(const std::string& actor, std::int64_t id, const std::string& reason);

  // The build worker's side. claim_next: the oldest approved request, now building.
  std::optional<ExportRequest> claim_next();
  void set_progress(std::int64_t id, double done);
  void built(std::int64_t id, const std::string& package_dir, const std::string& zip_path,
             const std::string& zip_sha256, std::int64_t zip_bytes);
  void failed(std::int64_t id, const std::string& error);
  // Builds a crash interrupted go back to approved, to be built again. Returns how many.
  int requeue_interrupted();

  // ready|downloaded -> downloaded, with a disclosure record.
  Disclosure record_download(const std::string& actor, std::int64_t id);

  std::optional<ExportRequest> get(std::int64_t id) const;
  // Newest first; only `requested_by`'s when given.
  std::vector<ExportRequest> list(
      const std::optional<std::string>& requested_by = std::nullopt) const;
  std::vector<Disclosure> disclosures(std::int64_t request_id) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::storage
