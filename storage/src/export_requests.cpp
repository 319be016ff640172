// SPDX-License-Identifier: Apache-2.0
// State changes are conditional UPDATEs (WHERE state = ...), so two supervisors deciding at
// once, or two workers claiming at once, cannot both win.
#include "cctv/storage/export_requests.hpp"

#include <mutex>

#include <nlohmann/json.hpp>

#include "cctv/common/sql.hpp"
#include "cctv/storage/audit_log.hpp"
#include "schema.hpp"

namespace cctv::storage {
namespace {

constexpr const char* kSelect =
    "SELECT id, reference, officer, force, cameras, from_ts, to_ts, reason, requested_by, "
    "requested_at, state, "
    "decided_by, decided_at, decision_reason, progress, package_dir, zip_path, zip_sha256, "
    "zip_bytes, error, redaction "
    "FROM export_requests";

constexpr ExportState kStates[] = {
    ExportState::requested, ExportState::approved, ExportState::refused,   ExportState::building,
    ExportState::ready,     ExportState::failed,   ExportState::downloaded};

ExportState parse_state(const std::string& s) {
  for (ExportState state : kStates)
    if (to_string(state) == s) return state;
  throw std::runtime_error("unknown export request state '" + s + "' in the database");
}

ExportRequest read(const sql::Statement& s) {
  ExportRequest r;
  r.id = s.integer(0);
  r.asked = {s.text(1),
             s.text(2),
             s.text(3),
             nlohmann::json::parse(s.text(4)).get<std::vector<std::string>>(),
             parse_utc(s.text(5)).value_or(Timestamp{}),
             parse_utc(s.text(6)).value_or(Timestamp{}),
             s.text(7)};
  r.requested_by = s.text(8);
  r.requested_at = parse_utc(s.text(9)).value_or(Timestamp{});
  r.state = parse_state(s.text(10));
  r.decided_by = s.text(11);
  if (!s.is_null(12)) r.decided_at = parse_utc(s.text(12));
  r.decision_reason = s.text(13);
  r.progress = s.real(14);
  r.package_dir = s.text(15);
  r.zip_path = s.text(16);
  r.zip_sha256 = s.text(17);
  r.zip_bytes = s.integer(18);
  r.error = s.text(19);
  if (!s.text(20).empty()) r.asked.redaction = redaction_of(nlohmann::json::parse(s.text(20)));
  return r;
}

std::string id_text(std::int64_t id) { return "export request " + std::to_string(id); }

}  // namespace

nlohmann::json redaction_json(const ExportRedaction& r) {
  if (!r.wanted) return nullptr;
  return {{"keep_tracks", r.keep_tracks}, {"faces", r.faces}};
}

ExportRedaction redaction_of(const nlohmann::json& j) {
  if (j.is_null()) return {};
  return {true, j.at("keep_tracks").get<std::vector<std::int64_t>>(), j.at("faces").get<bool>()};
}

std::string_view to_string(ExportState s) {
  switch (s) {
    case ExportState::requested:
      return "requested";
    case ExportState::approved:
      return "approved";
    case ExportState::refused:
      return "refused";
    case ExportState::building:
      return "building";
    case ExportState::ready:
      return "ready";
    case ExportState::failed:
      return "failed";
    case ExportState::downloaded:
      return "downloaded";
  }
  return "unknown";
}

struct ExportRequests::Impl {
  Impl(const std::string& path, Access access)
      : db(path, open_options(access, sql::Sync::full)), audit(path, access) {
    prepare_schema(db, access);
  }

  std::optional<ExportRequest> get(std::int64_t id) const {
    sql::Statement s(db, std::string(kSelect) + " WHERE id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read(s);
  }

  // Throws naming the state the request is in when the last UPDATE changed nothing.
  void require_changed(std::int64_t id, const std::string& step) const {
    if (db.changes() != 0) return;
    const auto r = get(id);
    if (!r) throw ExportRequestError("no " + id_text(id));
    throw ExportRequestError("cannot " + step + " " + id_text(id) + ": it is " +
                             std::string(to_string(r->state)));
  }

  void decide(const std::string& actor, std::int64_t id, ExportState to,
              const std::string& reason) {
    std::lock_guard lock(mutex);
    sql::Statement s(db,
                     "UPDATE export_requests SET state = ?2, decided_by = ?3, decided_at = ?4, "
                     "decision_reason = ?5 "
                     "WHERE id = ?1 AND state = 'requested'");
    s.bind(1, id)
        .bind(2, to_string(to))
        .bind(3, actor)
        .bind(4, format_utc(now_utc()))
        .bind(5, reason);
    s.step();
    require_changed(id, to == ExportState::approved ? "approve" : "refuse");
    audit.append(actor, to == ExportState::approved ? "export.approve" : "export.refuse",
                 id_text(id), nlohmann::json{{"reason", reason}}.dump());
  }

  sql::Database db;
  AuditLog audit;
  mutable std::mutex mutex;
};

ExportRequests::ExportRequests(const std::string& db_path, Access access)
    : impl_(std::make_unique<Impl>(db_path, access)) {}
ExportRequests::~ExportRequests() = default;

std::int64_t ExportRequests::submit(const std::string& actor, const NewExportRequest& r) {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(
      impl_->db,
      "INSERT INTO export_requests (reference, officer, force, cameras, from_ts, to_ts, reason, "
      "requested_by, requested_at, state, redaction) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
      "'requested', ?10) RETURNING id");
  s.bind(1, r.reference)
      .bind(2, r.officer)
      .bind(3, r.force)
      .bind(4, nlohmann::json(r.cameras).dump());
  s.bind(5, format_utc(r.from)).bind(6, format_utc(r.to)).bind(7, r.reason).bind(8, actor);
  s.bind(9, format_utc(now_utc()));
  const nlohmann::json redaction = redaction_json(r.redaction);
  s.bind(10, redaction.is_null() ? std::string() : redaction.dump());
  const std::int64_t id = s.step_to_integer();
  impl_->audit.append(actor, "export.request", id_text(id),
                      nlohmann::json{{"reference", r.reference},
                                     {"officer", r.officer},
                                     {"force", r.force},
                                     {"cameras", r.cameras},
                                     {"from", format_utc(r.from)},
                                     {"to", format_utc(r.to)},
                                     {"reason", r.reason},
                                     {"redaction", redaction}}
                          .dump());
  return id;
}

void ExportRequests::approve(const std::string& actor, std::int64_t id, const std::string& note) {
  impl_->decide(actor, id, ExportState::approved, note);
}

void ExportRequests::refuse(const std::string& actor, std::int64_t id, const std::string& reason) {
  if (reason.empty()) throw ExportRequestError("a refusal needs a reason");
  impl_->decide(actor, id, ExportState::refused, reason);
}

std::optional<ExportRequest> ExportRequests::claim_next() {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(
      impl_->db,
      "UPDATE export_requests SET state = 'building', progress = 0 WHERE id = "
      "(SELECT id FROM export_requests WHERE state = 'approved' ORDER BY id LIMIT 1) RETURNING id");
  if (!s.step()) return std::nullopt;
  const std::int64_t id = s.integer(0);
  while (s.step()) {
  }
  return impl_->get(id);
}

void ExportRequests::set_progress(std::int64_t id, double done) {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   "UPDATE export_requests SET progress = ?2 WHERE id = ?1 AND state = 'building'");
  s.bind(1, id).bind(2, done);
  s.step();
}

void ExportRequests::built(std::int64_t id, const std::string& package_dir,
                           const std::string& zip_path, const std::string& zip_sha256,
                           std::int64_t zip_bytes) {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(
      impl_->db,
      "UPDATE export_requests SET state = 'ready', progress = 1, package_dir = ?2, zip_path = ?3, "
      "zip_sha256 = ?4, zip_bytes = ?5 WHERE id = ?1 AND state = 'building'");
  s.bind(1, id).bind(2, package_dir).bind(3, zip_path).bind(4, zip_sha256).bind(5, zip_bytes);
  s.step();
  impl_->require_changed(id, "complete");
}

void ExportRequests::failed(std::int64_t id, const std::string& error) {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   "UPDATE export_requests SET state = 'failed', error = ?2 WHERE id = ?1 AND "
                   "state = 'building'");
  s.bind(1, id).bind(2, error);
  s.step();
  impl_->require_changed(id, "fail");
}

int ExportRequests::requeue_interrupted() {
  std::lock_guard lock(impl_->mutex);
  impl_->db.exec(
      "UPDATE export_requests SET state = 'approved', progress = 0 WHERE state = 'building'");
  return static_cast<int>(impl_->db.changes());
}

Disclosure ExportRequests::record_download(const std::string& actor, std::int64_t id) {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   "UPDATE export_requests SET state = 'downloaded' WHERE id = ?1 AND state IN "
                   "('ready', 'downloaded')");
  s.bind(1, id);
  s.step();
  impl_->require_changed(id, "download");
  const ExportRequest r = *impl_->get(id);
  Disclosure d{.request_id = id,
               .at = now_utc(),
               .recipient = r.asked.officer,
               .organisation = r.asked.force,
               .reason = r.asked.reason,
               .disclosed = nlohmann::json{{"reference", r.asked.reference},
                                           {"cameras", r.asked.cameras},
                                           {"from", format_utc(r.asked.from)},
                                           {"to", format_utc(r.asked.to)},
                                           {"package_sha256", r.zip_sha256},
                                           {"package_bytes", r.zip_bytes}}
                                .dump(),
               .by = actor};
  sql::Statement insert(impl_->db,
                        "INSERT INTO disclosures (request_id, at, recipient, organisation, reason, "
                        "disclosed, by_user) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id");
  insert.bind(1, id)
      .bind(2, format_utc(d.at))
      .bind(3, d.recipient)
      .bind(4, d.organisation)
      .bind(5, d.reason);
  insert.bind(6, d.disclosed).bind(7, actor);
  d.id = insert.step_to_integer();
  impl_->audit.append(actor, "export.download", id_text(id), d.disclosed);
  return d;
}

std::optional<ExportRequest> ExportRequests::get(std::int64_t id) const {
  std::lock_guard lock(impl_->mutex);
  return impl_->get(id);
}

std::vector<ExportRequest> ExportRequests::list(
    const std::optional<std::string>& requested_by) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(
      impl_->db, std::string(kSelect) + " WHERE ?1 IS NULL OR requested_by = ?1 ORDER BY id DESC");
  if (requested_by) s.bind(1, *requested_by);
  std::vector<ExportRequest> out;
  while (s.step()) out.push_back(read(s));
  return out;
}

std::vector<Disclosure> ExportRequests::disclosures(std::int64_t request_id) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   "SELECT id, request_id, at, recipient, organisation, reason, disclosed, by_user "
                   "FROM disclosures "
                   "WHERE request_id = ?1 ORDER BY id");
  s.bind(1, request_id);
  std::vector<Disclosure> out;
  while (s.step()) {
    out.push_back({s.integer(0), s.integer(1), parse_utc(s.text(2)).value_or(Timestamp{}),
                   s.text(3), s.text(4), s.text(5), s.text(6), s.text(7)});
  }
  return out;
}

}  // namespace cctv::storage
