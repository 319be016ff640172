// SPDX-License-Identifier: Apache-2.0
// The incident log (the control room's occurrence book). Alarm events are grouped into
// incidents, one per zone alarm episode or camera outage; operators also create incidents by
// hand. Workflow: new -> acknowledged -> closed, with assignment, priority, notes and a police
// reference; every change is an append-only history row.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cctv/common/time.hpp"
#include "cctv/storage/schema.hpp"

namespace cctv::storage {

// The incident history row that marks an alarm's clip done (cut, or why not).
inline constexpr const char* kClipAction = "clip";

enum class IncidentState { new_, acknowledged, closed };
std::string_view to_string(IncidentState s);
std::optional<IncidentState> parse_incident_state(std::string_view s);

struct Incident {
  std::string id;
  std::string kind;      // "alarm" (from analytics), "camera" (health), "manual"
  std::string category;  // alarm: event type (loitering, crowding, camera_offline, ...); manual:
                         // from the list
  IncidentState state = IncidentState::new_;
  int priority = 3;  // 1 (highest) .. 4
  std::string camera, site, zone;
  Timestamp started_at{};
  std::optional<Timestamp> ended_at;  // alarm over (the incident may still be open)
  bool alarm_active = false;          // some episode of it has started and not ended
  std::string description;
  std::string action_taken;
  std::string police_ref;
  std::string assigned_to;
  std::string acknowledged_by;
  std::optional<Timestamp> acknowledged_at;
  std::string closed_by;
  std::optional<Timestamp> closed_at;
  std::string outcome;
  std::int64_t event_count = 0;
  std::int64_t max_count = 0;  // crowding: most people seen
  double max_dwell_s = 0;      // loitering: longest dwell
  bool test = false;           // raised by a test alarm: closes itself, never in statistics
};

struct IncidentHistory {
  Timestamp ts{};
  std::string actor;
  std::string
      action;  // created, event, acknowledged, assigned, note, priority, police_ref, closed, clip
  std::string details;  // JSON object text
};

// One row of incident history, as a position in the log of all changes.
struct IncidentChange {
  std::int64_t cursor = 0;  // increases with every change; resume after the last one seen
  std::string incident_id;
};

struct ManualIncident {
  std::string category;
  std::string site;
  std::string camera;  // optional
  Timestamp occurred_at{};
  std::string description;
  std::string action_taken;
  int priority = 3;
};

struct IncidentQuery {
  std::optional<Timestamp> since;  // started_at >= since
  std::optional<Timestamp> until;  // started_at < until
  std::optional<std::string> site, camera, category;
  std::optional<IncidentState> state;
  std::optional<std::string> text;  // in description, action, police ref, outcome or notes
  int limit = 500;
};

// A workflow step that is not allowed (closing twice, acknowledging a closed incident, an
// unknown id or category): what() says why; nothing was changed.
class IncidentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// ... because of what was asked (an unknown category or outcome, a missing field), as opposed to
// the incident's state (closed, already acknowledged): the caller's input to correct.
class IncidentInputError : public IncidentError {
 public:
  using IncidentError::IncidentError;
};

// The outcome of an incident of test alarms, which closes itself when the alarm ends.
inline constexpr const char* kTestAlarmOutcome = "test alarm";

// Outcome categories for closing an incident.
inline const std::vector<std::string> kDefaultOutcomes = {
    "no further action", "police attended", "police informed",
    "dispersed",         "false alarm",     "referred to council"};

class IncidentLog {
 public:
  // `categories`: what manual incidents may be filed under (config `incidents.categories`);
  // a log only read from needs none.
  explicit IncidentLog(const std::string& db_path, std::vector<std::string> categories = {},
                       Access access = Access::write);
  ~IncidentLog();
  IncidentLog(const IncidentLog&) = delete;
  IncidentLog& operator=(const IncidentLog&) = delete;

  // Groups every stored event not yet grouped (crash-safe, idempotent). Returns how many.
  std::int64_t catch_up();

  std::string create(const std::string& actor, const ManualIncident& m);
  // A non-empty `note` goes into the acknowledgement's history row (a bulk acknowledgement's
  // reason).
  void acknowledge(const std::string& id, const std::string& actor, const std::string& note = "");
  void assign(const std::string& id, const std::string& actor, const std::string& assignee);
  void add_note(const std::string& id, const std::string& actor, const std::string& text);
  void set_priority(const std::string& id, const std::string& actor, int priority);
  void set_police_ref(const std::string& id, const std::string& actor, const std::string& ref);
  void close(const std::string& id, const std::string& actor, const std::string& outcome,
             const std::string& note);
  // A history row for something done to the incident rather than a workflow step (its clip was
  // cut, say), so written whatever the incident's state. Throws IncidentError for an unknown id.
  void record(const std::string& id, const std::string& actor, const std::string& action,
              const std::string& details_json);

  std::optional<Incident> get(const std::string& id) const;
  std::vector<Incident> search(const IncidentQuery& q = {}) const;
  std::vector<IncidentHistory> history(const std::string& id) const;
  std::vector<std::string> event_ids(const std::string& id) const;
  // Alarm incidents (not tests) started at or after `since` whose alarm is over and whose history
  // has no `action` row yet, oldest first: the work of a job done once per ended alarm.
  std::vector<Incident> ended_alarms_without(const std::string& action, Timestamp since,
                                             int limit = 100) const;
  // Changes after `cursor`, oldest first: how consoles follow the log live.
  std::vector<IncidentChange> changes_after(std::int64_t cursor, int limit = 500) const;
  std::int64_t last_change() const;  // the cursor of the newest change, 0 when none
  const std::vector<std::string>& categories() const;

  struct Impl;  // opaque: defined beside the implementation

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::storage
