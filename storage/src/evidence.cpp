// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/evidence.hpp"

#include <array>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "cctv/common/event.hpp"
#include "cctv/common/sha256.hpp"
#include "cctv/common/sql.hpp"
#include "cctv/storage/durable_file.hpp"
#include "schema.hpp"

namespace cctv::storage {
namespace {

// Rows are never edited: a changed hash or path would defeat the point of recording them.

constexpr const char* kSelect =
    "SELECT id, kind, event_id, incident_id, camera, path, bytes, sha256, created_at FROM "
    "evidence ";

constexpr std::array<std::pair<EvidenceKind, std::string_view>, 4> kKinds{{
    {EvidenceKind::snapshot, "snapshot"},
    {EvidenceKind::snapshot_clean, "snapshot_clean"},
    {EvidenceKind::snapshot_reference, "snapshot_reference"},
    {EvidenceKind::clip, "clip"},
}};

EvidenceKind parse_kind(std::string_view s) {
  if (const auto kind = parse_evidence_kind(s)) return *kind;
  throw std::runtime_error("unknown evidence kind '" + std::string(s) + "' in the database");
}

std::vector<Evidence> read_all(sql::Statement& s) {
  std::vector<Evidence> out;
  while (s.step()) {
    out.push_back({s.text(0), parse_kind(s.text(1)), s.text(2), s.text(3), s.text(4), s.text(5),
                   s.integer(6), s.text(7), parse_utc(s.text(8)).value_or(Timestamp{})});
  }
  return out;
}

std::string utc_date(Timestamp t) { return format_utc(t).substr(0, 10); }  // YYYY-MM-DD

void check(const NewEvidence& e) {
  const std::filesystem::path path = std::filesystem::path(e.path).lexically_normal();
  if (path.empty() || path.is_absolute() || *path.begin() == "..") {
    throw std::invalid_argument("evidence path '" + e.path +
                                "' must be relative to the data directory, inside it");
  }
  if (e.event_id.empty() && e.incident_id.empty()) {
    throw std::invalid_argument("evidence " + e.path + " belongs to no event and no incident");
  }
}

Evidence measure(const std::filesystem::path& data_dir, const NewEvidence& e) {
  const std::filesystem::path file = data_dir / e.path;
  return {new_uuid(),
          e.kind,
          e.event_id,
          e.incident_id,
          e.camera,
          e.path,
          static_cast<std::int64_t>(std::filesystem::file_size(file)),
          sha256_file(file.string()),
          now_utc()};
}

}  // namespace

Evidence write_evidence_file(const std::filesystem::path& data_dir, const NewEvidence& e,
                             std::string_view bytes) {
  check(e);
  write_file_durably(data_dir / e.path, bytes);
  return measure(data_dir, e);
}

std::optional<EvidenceKind> parse_evidence_kind(std::string_view s) {
  for (const auto& [kind, name] : kKinds) {
    if (name == s) return kind;
  }
  return std::nullopt;
}

std::string_view to_string(EvidenceKind k) {
  for (const auto& [kind, name] : kKinds) {
    if (kind == k) return name;
  }
  return "unknown";
}

std::string snapshot_path(const std::string& camera, Timestamp ts, const std::string& event_id,
                          EvidenceKind kind) {
  const char* suffix = kind == EvidenceKind::snapshot_clean       ? "-clean.jpg"
                       : kind == EvidenceKind::snapshot_reference ? "-reference.jpg"
                                                                  : ".jpg";
  return "evidence/snapshots/" + camera + "/" + utc_date(ts) + "/" + event_id + suffix;
}

std::string clip_path(const std::string& camera, Timestamp started_at,
                      const std::string& incident_id) {
  return "evidence/clips/" + camera + "/" + utc_date(started_at) + "/" + incident_id + ".mp4";
}

struct EvidenceStore::Impl {
  Impl(const std::string& db_path, std::filesystem::path dir, Access access)
      : db(db_path, open_options(access, sql::Sync::full)), data_dir(std::move(dir)) {
    prepare_schema(db, access);
  }

  // Checked before writing: the file of registered evidence must never be replaced.
  void must_be_new(const NewEvidence& e) const {
    check(e);
    sql::Statement s(db, "SELECT 1 FROM evidence WHERE path = ?1");
    s.bind(1, e.path);
    if (s.step()) throw std::invalid_argument("evidence " + e.path + " is already registered");
  }

  Evidence insert(const NewEvidence& e) {
    Evidence row = measure(data_dir, e);
    insert_row(row, "");
    return row;
  }

  // on_conflict: "", or "ON CONFLICT DO NOTHING" for an announcement that may be replayed.
  void insert_row(const Evidence& row, const std::string& on_conflict) {
    sql::Statement s(db,
                     "INSERT INTO evidence (id, kind, event_id, incident_id, camera, path, bytes, "
                     "sha256, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) " +
                         on_conflict);
    s.bind(1, row.id).bind(2, to_string(row.kind)).bind(3, row.event_id).bind(4, row.incident_id);
    s.bind(5, row.camera)
        .bind(6, row.path)
        .bind(7, row.bytes)
        .bind(8, row.sha256)
        .bind(9, format_utc(row.created_at));
    s.step();
  }

  std::vector<Evidence> select(const char* where, const std::string& value) const {
    sql::Statement s(db, std::string(kSelect) + where + " ORDER BY created_at, rowid");
    s.bind(1, value);
    return read_all(s);
  }

  sql::Database db;
  std::filesystem::path data_dir;
  mutable std::mutex mutex;
};

EvidenceStore::EvidenceStore(const std::string& db_path, std::filesystem::path data_dir,
                             Access access)
    : impl_(std::make_unique<Impl>(db_path, std::move(data_dir), access)) {}
EvidenceStore::~EvidenceStore() = default;

Evidence EvidenceStore::write(const NewEvidence& e, std::string_view bytes) {
  std::lock_guard lock(impl_->mutex);
  impl_->must_be_new(e);
  write_file_durably(impl_->data_dir / e.path, bytes);
  return impl_->insert(e);
}

Evidence EvidenceStore::add(const NewEvidence& e) {
  std::lock_guard lock(impl_->mutex);
  impl_->must_be_new(e);
  return impl_->insert(e);
}

void EvidenceStore::register_announced(const Evidence& e) {
  check({.kind = e.kind,
         .camera = e.camera,
         .path = e.path,
         .event_id = e.event_id,
         .incident_id = e.incident_id});
  std::lock_guard lock(impl_->mutex);
  impl_->insert_row(e, "ON CONFLICT DO NOTHING");
}

std::optional<Evidence> EvidenceStore::get(const std::string& id) const {
  std::lock_guard lock(impl_->mutex);
  auto rows = impl_->select("WHERE id = ?1", id);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<Evidence> EvidenceStore::of_event(const std::string& event_id) const {
  std::lock_guard lock(impl_->mutex);
  return impl_->select("WHERE event_id = ?1", event_id);
}

std::vector<Evidence> EvidenceStore::of_incident(const std::string& incident_id) const {
  std::lock_guard lock(impl_->mutex);
  return impl_->select("WHERE incident_id = ?1", incident_id);
}

std::filesystem::path EvidenceStore::file(const std::string& path) const {
  return impl_->data_dir / path;
}

}  // namespace cctv::storage
