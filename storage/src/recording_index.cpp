// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/recording_index.hpp"

#include <filesystem>
#include <mutex>

#include "cctv/common/sha256.hpp"
#include "cctv/common/sql.hpp"
#include "schema.hpp"

namespace cctv::storage {
namespace {

// Every row read back has these columns, in this order (read_all's).
std::string select_rows(std::string_view where) {
  return "SELECT camera, start, \"end\", path, bytes, sha256, node FROM recordings " +
         std::string(where);
}

std::vector<Recording> read_all(sql::Statement& s) {
  std::vector<Recording> out;
  while (s.step()) {
    out.push_back({s.text(0), *parse_utc(s.text(1)), *parse_utc(s.text(2)), s.text(3), s.integer(4),
                   s.text(5), s.text(6)});
  }
  return out;
}

}  // namespace

struct RecordingIndex::Impl {
  Impl(const std::string& path, Access access) : db(path, open_options(access, sql::Sync::full)) {
    prepare_schema(db, access);
  }
  sql::Database db;
  mutable std::mutex mutex;
};

RecordingIndex::RecordingIndex(const std::string& db_path, Access access)
    : impl_(std::make_unique<Impl>(db_path, access)) {}
RecordingIndex::~RecordingIndex() = default;

void RecordingIndex::add(const Recording& r) {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   "INSERT INTO recordings (path, camera, start, \"end\", bytes, sha256, node) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (path) DO UPDATE SET "
                   "camera = excluded.camera, start = excluded.start, \"end\" = excluded.\"end\", "
                   "bytes = excluded.bytes, sha256 = excluded.sha256, node = excluded.node");
  s.bind(1, r.path).bind(2, r.camera).bind(3, format_utc(r.start)).bind(4, format_utc(r.end));
  s.bind(5, r.bytes).bind(6, r.sha256).bind(7, r.node);
  s.step();
}

std::vector<Recording> RecordingIndex::find(const std::string& camera, Timestamp from,
                                            Timestamp to) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   select_rows("WHERE camera = ?1 AND start < ?3 AND \"end\" > ?2 ORDER BY start"));
  s.bind(1, camera).bind(2, format_utc(from)).bind(3, format_utc(to));
  return read_all(s);
}

std::vector<Recording> RecordingIndex::oldest(int limit,
                                              std::optional<Timestamp> end_before) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   select_rows("WHERE ?1 IS NULL OR \"end\" <= ?1 ORDER BY start LIMIT ?2"));
  if (end_before) s.bind(1, format_utc(*end_before));
  s.bind(2, static_cast<std::int64_t>(limit));
  return read_all(s);
}

std::optional<Recording> RecordingIndex::at(const std::string& path) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db, select_rows("WHERE path = ?1"));
  s.bind(1, path);
  std::vector<Recording> found = read_all(s);
  if (found.empty()) return std::nullopt;
  return found.front();
}

void RecordingIndex::remove(const std::string& path) {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db, "DELETE FROM recordings WHERE path = ?1");
  s.bind(1, path);
  s.step();
}

Recording describe_segment(const std::string& camera, Timestamp start, Timestamp end,
                           const std::string& path) {
  return {camera,
          start,
          end,
          path,
          static_cast<std::int64_t>(std::filesystem::file_size(path)),
          sha256_file(path)};
}

}  // namespace cctv::storage
