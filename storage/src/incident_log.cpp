// SPDX-License-Identifier: Apache-2.0
// The incident workflow: each step checks the state it starts from, changes the row and writes
// a history row, all in one transaction.
#include <algorithm>
#include <array>
#include <utility>

#include <nlohmann/json.hpp>

#include "cctv/common/event.hpp"
#include "incident_db.hpp"

namespace cctv::storage {
namespace {

constexpr std::array<std::pair<IncidentState, std::string_view>, 3> kStates{
    {{IncidentState::new_, "new"},
     {IncidentState::acknowledged, "acknowledged"},
     {IncidentState::closed, "closed"}}};

Incident must_load(const sql::Database& db, const std::string& id) {
  auto incident = incident_db::load(db, id);
  if (!incident) throw IncidentError("no incident '" + id + "'");
  return *incident;
}

void must_be_open(const Incident& i, std::string_view step) {
  if (i.state == IncidentState::closed) {
    throw IncidentError("incident '" + i.id + "' is closed; it cannot be " + std::string(step));
  }
}

// Runs `change` on an open incident in one transaction, then records `action` with `details`.
template <typename Change>
void step(IncidentLog::Impl& impl, const std::string& id, const std::string& actor,
          std::string_view action, const nlohmann::json& details, Change change) {
  std::lock_guard lock(impl.mutex);
  sql::Transaction tx(impl.db);
  const Incident before = must_load(impl.db, id);
  must_be_open(before, action);
  change(before);
  incident_db::record(impl.db, id, actor, std::string(action), details.dump());
  tx.commit();
}

void update(sql::Database& db, const std::string& id, const std::string& assignments,
            const std::vector<std::string>& values) {
  sql::Statement s(db, "UPDATE incidents SET " + assignments + " WHERE id = ?1");
  s.bind(1, id);
  for (std::size_t i = 0; i < values.size(); ++i) s.bind(static_cast<int>(i) + 2, values[i]);
  s.step();
}

void check_priority(int priority) {
  if (priority < 1 || priority > 4)
    throw IncidentInputError("priority must be 1 (highest) to 4, got " + std::to_string(priority));
}

}  // namespace

std::string_view to_string(IncidentState s) {
  for (const auto& [state, name] : kStates) {
    if (state == s) return name;
  }
  return "unknown";
}

std::optional<IncidentState> parse_incident_state(std::string_view s) {
  for (const auto& [state, name] : kStates) {
    if (name == s) return state;
  }
  return std::nullopt;
}

IncidentLog::IncidentLog(const std::string& db_path, std::vector<std::string> categories,
                         Access access)
    : impl_(std::make_unique<Impl>(db_path, std::move(categories), access)) {}
IncidentLog::~IncidentLog() = default;

const std::vector<std::string>& IncidentLog::categories() const { return impl_->categories; }

std::string IncidentLog::create(const std::string& actor, const ManualIncident& m) {
  const auto& cats = impl_->categories;
  if (std::find(cats.begin(), cats.end(), m.category) == cats.end()) {
    throw IncidentInputError("unknown category '" + m.category +
                             "'; use one of the configured incident categories");
  }
  if (m.site.empty()) throw IncidentInputError("a manual incident needs a site");
  if (m.description.empty())
    throw IncidentInputError("a manual incident needs a description of what happened");
  check_priority(m.priority);
  Incident i;
  i.id = new_uuid();
  i.kind = "manual";
  i.category = m.category;
  i.priority = m.priority;
  i.camera = m.camera;
  i.site = m.site;
  i.started_at = m.occurred_at;
  i.description = m.description;
  i.action_taken = m.action_taken;
  std::lock_guard lock(impl_->mutex);
  sql::Transaction tx(impl_->db);
  incident_db::insert(impl_->db, i);
  incident_db::record(
      impl_->db, i.id, actor, "created",
      nlohmann::json{{"category", m.category}, {"site", m.site}, {"camera", m.camera}}.dump());
  tx.commit();
  return i.id;
}

void IncidentLog::acknowledge(const std::string& id, const std::string& actor,
                              const std::string& note) {
  const nlohmann::json details =
      note.empty() ? nlohmann::json::object() : nlohmann::json{{"note", note}};
  step(*impl_, id, actor, "acknowledged", details, [&](const Incident& i) {
    if (i.state != IncidentState::new_)
      throw IncidentError("incident '" + id + "' is already acknowledged by " + i.acknowledged_by);
    update(impl_->db, id, "state = 'acknowledged', acknowledged_by = ?2, acknowledged_at = ?3",
           {actor, format_utc(now_utc())});
  });
}

void IncidentLog::assign(const std::string& id, const std::string& actor,
                         const std::string& assignee) {
  step(*impl_, id, actor, "assigned", {{"to", assignee}},
       [&](const Incident&) { update(impl_->db, id, "assigned_to = ?2", {assignee}); });
}

void IncidentLog::add_note(const std::string& id, const std::string& actor,
                           const std::string& text) {
  if (text.empty()) throw IncidentInputError("a note needs some text");
  step(*impl_, id, actor, "note", {{"text", text}}, [](const Incident&) {});
}

void IncidentLog::set_priority(const std::string& id, const std::string& actor, int priority) {
  check_priority(priority);
  step(*impl_, id, actor, "priority", {{"priority", priority}}, [&](const Incident&) {
    update(impl_->db, id, "priority = CAST(?2 AS INTEGER)", {std::to_string(priority)});
  });
}

void IncidentLog::set_police_ref(const std::string& id, const std::string& actor,
                                 const std::string& ref) {
  step(*impl_, id, actor, "police_ref", {{"police_ref", ref}},
       [&](const Incident&) { update(impl_->db, id, "police_ref = ?2", {ref}); });
}

void IncidentLog::close(const std::string& id, const std::string& actor, const std::string& outcome,
                        const std::string& note) {
  if (std::find(kDefaultOutcomes.begin(), kDefaultOutcomes.end(), outcome) ==
      kDefaultOutcomes.end()) {
    throw IncidentInputError("unknown outcome '" + outcome + "'");
  }
  step(*impl_, id, actor, "closed", {{"outcome", outcome}, {"note", note}}, [&](const Incident&) {
    update(impl_->db, id, "state = 'closed', closed_by = ?2, closed_at = ?3, outcome = ?4",
           {actor, format_utc(now_utc()), outcome});
  });
}

void IncidentLog::record(const std::string& id, const std::string& actor, const std::string& action,
                         const std::string& details_json) {
  std::lock_guard lock(impl_->mutex);
  sql::Transaction tx(impl_->db);
  must_load(impl_->db, id);
  incident_db::record(impl_->db, id, actor, action, details_json);
  tx.commit();
}

}  // namespace cctv::storage
