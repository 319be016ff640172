// SPDX-License-Identifier: Apache-2.0
// Private: the incident tables and the row helpers the workflow and the grouping share.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cctv/common/sql.hpp"
#include "cctv/storage/incident_log.hpp"
#include "schema.hpp"

namespace cctv::storage::incident_db {

inline constexpr const char* kColumns =
    "id, kind, category, state, priority, camera, site, zone, started_at, ended_at, alarm_active, "
    "description, action_taken, police_ref, assigned_to, acknowledged_by, acknowledged_at, "
    "closed_by, "
    "closed_at, outcome, event_count, max_count, max_dwell_s, test";

Incident read(const sql::Statement& s);
std::optional<Incident> load(const sql::Database& db, const std::string& id);
void insert(sql::Database& db, const Incident& i);
void record(sql::Database& db, const std::string& id, const std::string& actor,
            const std::string& action, const std::string& details_json);

}  // namespace cctv::storage::incident_db

namespace cctv::storage {

struct IncidentLog::Impl {
  Impl(const std::string& path, std::vector<std::string> cats, Access access)
      : db(path, open_options(access)), categories(std::move(cats)) {
    prepare_schema(db, access);
  }
  sql::Database db;
  std::vector<std::string> categories;
  mutable std::mutex mutex;
};

}  // namespace cctv::storage
