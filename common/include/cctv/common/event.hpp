// SPDX-License-Identifier: Apache-2.0
// The event: one schema everywhere (DESIGN.md "The event"), versioned, JSON on the wire.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cctv/common/geometry.hpp"
#include "cctv/common/time.hpp"

namespace cctv {

enum class EventType {
  loitering,
  crowding,
  camera_offline,
  camera_online,
  camera_error,
  storage_high_water,
  camera_tamper,  // the view covered, moved, defocused or obscured (`kind`)
  // Announcements from camera nodes to the store, carried by the same durable outbox so that
  // none is lost: a closed recording segment, an evidence file (alarm snapshot) written.
  recording_segment,
  evidence_file,
};
enum class EventPhase { start, update, end, instant };
enum class Severity { info, warning, alarm };

// Every value of each enum, in declaration order (validation messages, UIs).
inline constexpr std::array kEventTypes{
    EventType::loitering,     EventType::crowding,          EventType::camera_offline,
    EventType::camera_online, EventType::camera_error,      EventType::storage_high_water,
    EventType::camera_tamper, EventType::recording_segment, EventType::evidence_file};
inline constexpr std::array kEventPhases{EventPhase::start, EventPhase::update, EventPhase::end,
                                         EventPhase::instant};
inline constexpr std::array kSeverities{Severity::info, Severity::warning, Severity::alarm};

std::string_view to_string(EventType t);
std::string_view to_string(EventPhase p);
std::string_view to_string(Severity s);
// Announcements index files; they are not alarms, and never become incidents.
constexpr bool is_announcement(EventType t) {
  return t == EventType::recording_segment || t == EventType::evidence_file;
}
std::optional<EventType> parse_event_type(std::string_view s);
std::optional<EventPhase> parse_event_phase(std::string_view s);
std::optional<Severity> parse_severity(std::string_view s);

// The file an announcement is about, as the node that wrote it measured it.
struct FileRef {
  std::string path;  // recordings: absolute; evidence: relative to the node's data directory
  std::int64_t bytes = 0;
  std::string sha256;  // lowercase hex
  std::string kind;    // evidence: snapshot | snapshot_clean | snapshot_reference; recordings:
                       // kRecoveredSegment
  std::string event;   // evidence: the id of the alarm event it shows
  bool operator==(const FileRef&) const = default;
};

// A recording segment found unannounced when its camera node started (a crash cut it off); the
// event's message says what recovery kept.
inline constexpr std::string_view kRecoveredSegment = "recovered";

struct Event {
  static constexpr int kSchemaVersion = 1;

  std::string id;         // UUID v4; the store upserts by it
  std::string source;     // publishing node
  std::uint64_t seq = 0;  // per-source, monotonic; assigned by the publisher
  EventType type = EventType::camera_error;
  EventPhase phase = EventPhase::instant;
  std::string camera;
  std::string site;
  std::string zone;  // empty for camera-level events
  Timestamp ts{};    // when this event happened (frame time for analytics events)
  std::optional<Timestamp> started_at;  // start of the episode this event belongs to
  std::vector<std::int64_t> track_ids;
  std::optional<int> count;             // people in zone (crowding)
  std::optional<double> dwell_s;        // loitering
  std::optional<Timestamp> entered_at;  // loitering: when the anchor entered the zone
  std::optional<Timestamp> exited_at;   // loitering end
  std::optional<double> outage_s;       // camera_online: how long the camera was offline
  std::string kind;        // camera_tamper: covered | moved | defocused | obscured; else empty
  std::vector<Box> boxes;  // normalised
  std::string snapshot;    // evidence id, empty when none
  Severity severity = Severity::info;
  std::string message;          // human-readable detail (errors)
  std::optional<FileRef> file;  // announcements only
  bool test = false;  // a drill (cctv inject-alarms): shown, but never counted as an incident

  bool operator==(const Event&) const = default;
};

// Malformed JSON or a field of the wrong type/value: what() names the field and the reason.
class EventDecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string to_json(const Event& e);
Event event_from_json(std::string_view json);  // throws EventDecodeError
std::string events_to_json_array(const std::vector<Event>& events);

std::string new_uuid();

}  // namespace cctv
