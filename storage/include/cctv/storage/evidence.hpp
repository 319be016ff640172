// SPDX-License-Identifier: Apache-2.0
// Evidence: the files an alarm or incident produced (JPEG snapshots at an alarm's start, the
// incident's clip), each registered with its SHA-256 so that it can be shown to be unaltered.
// Files live under the data directory and rows hold their paths relative to it, so a data
// directory can be moved whole. Files are written crash-safely and the table is fsync'd like
// the recording index. Evidence is not footage: retention never deletes it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cctv/common/time.hpp"
#include "cctv/storage/schema.hpp"

namespace cctv::storage {

enum class EvidenceKind {
  snapshot,            // the frame with the alarm's boxes and zone drawn
  snapshot_clean,      // the same frame untouched
  snapshot_reference,  // camera_tamper: the view as it was before the tamper
  clip,                // the incident's footage, cut from the recordings by stream copy
};
std::string_view to_string(EvidenceKind k);
std::optional<EvidenceKind> parse_evidence_kind(std::string_view s);

struct Evidence {
  std::string id;  // UUID
  EvidenceKind kind = EvidenceKind::snapshot;
  std::string event_id;     // snapshots: the alarm's start event
  std::string incident_id;  // clips: the incident they show
  std::string camera;
  std::string path;  // relative to the data directory
  std::int64_t bytes = 0;
  std::string sha256;  // lowercase hex
  Timestamp created_at{};
  bool operator==(const Evidence&) const = default;
};

// What a new evidence file is and what it belongs to (an event, an incident or both).
struct NewEvidence {
  EvidenceKind kind = EvidenceKind::snapshot;
  std::string camera;
  std::string path;  // relative to the data directory
  std::string event_id;
  std::string incident_id;
};

// Where evidence files go, relative to the data directory; dates are UTC:
// evidence/snapshots/<camera>/<YYYY-MM-DD>/<event-id>.jpg (snapshot_clean: <event-id>-clean.jpg,
// snapshot_reference: <event-id>-reference.jpg)
std::string snapshot_path(const std::string& camera, Timestamp ts, const std::string& event_id,
                          EvidenceKind kind);
// evidence/clips/<camera>/<YYYY-MM-DD>/<incident-id>.mp4
std::string clip_path(const std::string& camera, Timestamp started_at,
                      const std::string& incident_id);

// For a node without the database (a camera node): writes `bytes` crash-safely to the
// evidence's path under `data_dir` and returns the row to announce (new id, size, SHA-256).
// Throws as EvidenceStore::write.
Evidence write_evidence_file(const std::filesystem::path& data_dir, const NewEvidence& e,
                             std::string_view bytes);

class EvidenceStore {
 public:
  // Throws std::runtime_error naming the database when it cannot be opened.
  EvidenceStore(const std::string& db_path, std::filesystem::path data_dir,
                Access access = Access::write);
  ~EvidenceStore();
  EvidenceStore(const EvidenceStore&) = delete;
  EvidenceStore& operator=(const EvidenceStore&) = delete;

  // Writes `bytes` to the evidence's path crash-safely, then registers it. Throws
  // std::invalid_argument for a path outside the data directory, an already registered path
  // or neither an event nor an incident; std::runtime_error when the disk fails.
  Evidence write(const NewEvidence& e, std::string_view bytes);
  // Registers a file already complete at the evidence's path (measured and hashed here).
  Evidence add(const NewEvidence& e);

  // Registers evidence another node wrote and measured (write_evidence_file); an announcement
  // replayed after a restart changes nothing.
  void register_announced(const Evidence& e);

  std::optional<Evidence> get(const std::string& id) const;
  std::vector<Evidence> of_event(const std::string& event_id) const;        // oldest first
  std::vector<Evidence> of_incident(const std::string& incident_id) const;  // oldest first
  // Where the file at `path` (relative to the data directory) is on disk.
  std::filesystem::path file(const std::string& path) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::storage
