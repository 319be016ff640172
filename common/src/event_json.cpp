// SPDX-License-Identifier: Apache-2.0
// The event's JSON wire format (schema 1): encoding, and decoding that names the bad field.
#include <array>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "cctv/common/event.hpp"

namespace cctv {
namespace {

// Ordered, so "schema" comes first and the wire format reads in a fixed order.
using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxShownChars = 60;
constexpr const char* kTimestampExample = "2026-11-23T10:25:00.123Z";

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

// A JSON value as it appears in an error message, cut short when long.
std::string shown(const Json& v) {
  std::string text = dump(v);
  if (text.size() > kMaxShownChars) text = text.substr(0, kMaxShownChars) + "...";
  return text;
}

[[noreturn]] void fail(std::string_view field, const std::string& reason) {
  throw EventDecodeError("event field '" + std::string(field) + "': " + reason);
}

template <typename Enum, std::size_t N>
std::string allowed(const std::array<Enum, N>& values) {
  std::string out;
  for (Enum v : values) out += (out.empty() ? "" : ", ") + std::string(to_string(v));
  return out;
}

// ---- one decoder per value type: check the JSON type and range, or throw ----------------

void decode(const Json& v, const std::string& f, std::string& out) {
  if (!v.is_string()) fail(f, "expected a string, got " + shown(v));
  out = v.get<std::string>();
}

void decode(const Json& v, const std::string& f, std::uint64_t& out) {
  if (!v.is_number_unsigned()) fail(f, "expected a non-negative integer, got " + shown(v));
  out = v.get<std::uint64_t>();
}

void decode(const Json& v, const std::string& f, std::int64_t& out) {
  bool too_big = v.is_number_unsigned() &&
                 v.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max());
  if (!v.is_number_integer() || too_big) fail(f, "expected a 64-bit integer, got " + shown(v));
  out = v.get<std::int64_t>();
}

void decode(const Json& v, const std::string& f, int& out) {
  if (!v.is_number_integer()) fail(f, "expected an integer, got " + shown(v));
  std::int64_t wide = 0;
  decode(v, f, wide);
  if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
    fail(f, "integer out of range, got " + shown(v));
  }
  out = static_cast<int>(wide);
}

void decode(const Json& v, const std::string& f, bool& out) {
  if (!v.is_boolean()) fail(f, "expected true or false, got " + shown(v));
  out = v.get<bool>();
}

void decode(const Json& v, const std::string& f, double& out) {
  if (!v.is_number()) fail(f, "expected a number, got " + shown(v));
  out = v.get<double>();
}

void decode(const Json& v, const std::string& f, Timestamp& out) {
  std::optional<Timestamp> t;
  if (v.is_string()) t = parse_utc(v.get<std::string>());
  if (!t) {
    fail(f, std::string("expected a UTC ISO-8601 timestamp such as ") + kTimestampExample +
                ", got " + shown(v));
  }
  out = *t;
}

template <typename Enum, std::size_t N, typename Parse>
void decode_enum(const Json& v, const std::string& f, Enum& out, const std::array<Enum, N>& values,
                 Parse parse) {
  if (!v.is_string()) fail(f, "expected one of " + allowed(values) + ", got " + shown(v));
  auto parsed = parse(v.get<std::string>());
  if (!parsed) fail(f, "unknown value " + shown(v) + "; allowed: " + allowed(values));
  out = *parsed;
}

void decode(const Json& v, const std::string& f, EventType& out) {
  decode_enum(v, f, out, kEventTypes, parse_event_type);
}
void decode(const Json& v, const std::string& f, EventPhase& out) {
  decode_enum(v, f, out, kEventPhases, parse_event_phase);
}
void decode(const Json& v, const std::string& f, Severity& out) {
  decode_enum(v, f, out, kSeverities, parse_severity);
}

void decode(const Json& v, const std::string& f, Box& out);
void decode(const Json& v, const std::string& f, FileRef& out);

template <typename T>
void decode(const Json& v, const std::string& f, std::vector<T>& out) {
  if (!v.is_array()) fail(f, "expected an array, got " + shown(v));
  out.assign(v.size(), T{});
  for (std::size_t i = 0; i < v.size(); ++i)
    decode(v[i], f + "[" + std::to_string(i) + "]", out[i]);
}

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

enum class Presence { optional, required };

// The one "read field `key` of type T or throw" helper. An absent optional field leaves `out`
// as it is. `parent` prefixes the field name in messages ("boxes[0].").
template <typename T>
void read(const Json& obj, const std::string& key, T& out, Presence presence = Presence::optional,
          const std::string& parent = "") {
  const std::string field = parent + key;
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (presence == Presence::required) fail(field, "required field is missing");
    return;
  }
  if constexpr (IsOptional<T>::value) {
    typename T::value_type value{};
    decode(*it, field, value);
    out = value;
  } else {
    decode(*it, field, out);
  }
}

void decode(const Json& v, const std::string& f, Box& out) {
  if (!v.is_object()) fail(f, "expected an object {\"x\",\"y\",\"w\",\"h\"}, got " + shown(v));
  for (auto [key, value] : {std::pair{"x", &out.x}, {"y", &out.y}, {"w", &out.w}, {"h", &out.h}}) {
    read(v, key, *value, Presence::required, f + ".");
    if (!(*value >= 0.0 && *value <= 1.0)) {
      fail(f + "." + key, "expected a number in 0..1, got " + shown(v.at(key)));
    }
  }
}

void decode(const Json& v, const std::string& f, FileRef& out) {
  if (!v.is_object())
    fail(f, "expected an object {\"path\",\"bytes\",\"sha256\"}, got " + shown(v));
  read(v, "path", out.path, Presence::required, f + ".");
  read(v, "bytes", out.bytes, Presence::required, f + ".");
  read(v, "sha256", out.sha256, Presence::required, f + ".");
  read(v, "kind", out.kind, Presence::optional, f + ".");
  read(v, "event", out.event, Presence::optional, f + ".");
  if (out.bytes < 0) fail(f + ".bytes", "must not be negative, got " + shown(v.at("bytes")));
}

template <typename T>
void reject_negative(const Json& obj, const std::string& key, const std::optional<T>& value) {
  if (value && *value < 0) fail(key, "must not be negative, got " + shown(obj.at(key)));
}

Json parse_object(std::string_view text) {
  Json j;
  try {
    j = Json::parse(text.begin(), text.end());
  } catch (const Json::exception& e) {
    // A syntax error or a number too large for a double (out_of_range.406, found by fuzzing).
    // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 20: ...".
    std::string_view detail = e.what();
    if (auto tag_end = detail.find("] "); tag_end != std::string_view::npos) {
      detail.remove_prefix(tag_end + 2);
    }
    throw EventDecodeError("event is not valid JSON: " + std::string(detail));
  }
  if (!j.is_object()) {
    throw EventDecodeError(std::string("event must be a JSON object, got ") + j.type_name());
  }
  return j;
}

void check_schema(const Json& obj) {
  std::int64_t version = 0;
  read(obj, "schema", version, Presence::required);
  if (version != Event::kSchemaVersion) {
    fail("schema", "unsupported schema version " + std::to_string(version) +
                       "; this build reads version " + std::to_string(Event::kSchemaVersion));
  }
}

Json to_object(const Event& e) {
  Json j;
  j["schema"] = Event::kSchemaVersion;
  j["id"] = e.id;
  j["source"] = e.source;
  j["seq"] = e.seq;
  j["type"] = std::string(to_string(e.type));
  j["phase"] = std::string(to_string(e.phase));
  j["camera"] = e.camera;
  j["site"] = e.site;
  j["zone"] = e.zone;
  j["ts"] = format_utc(e.ts);
  j["severity"] = std::string(to_string(e.severity));
  if (e.started_at) j["started_at"] = format_utc(*e.started_at);
  if (e.entered_at) j["entered_at"] = format_utc(*e.entered_at);
  if (e.exited_at) j["exited_at"] = format_utc(*e.exited_at);
  if (e.count) j["count"] = *e.count;
  if (e.dwell_s) j["dwell_s"] = *e.dwell_s;
  if (e.outage_s) j["outage_s"] = *e.outage_s;
  if (!e.kind.empty()) j["kind"] = e.kind;
  if (!e.snapshot.empty()) j["snapshot"] = e.snapshot;
  if (!e.message.empty()) j["message"] = e.message;
  if (e.test) j["test"] = true;  // absent means false, so events from before it still read
  if (!e.track_ids.empty()) j["track_ids"] = e.track_ids;
  for (const Box& b : e.boxes)
    j["boxes"].push_back({{"x", b.x}, {"y", b.y}, {"w", b.w}, {"h", b.h}});
  if (e.file) {
    Json& f =
        j["file"] = {{"path", e.file->path}, {"bytes", e.file->bytes}, {"sha256", e.file->sha256}};
    if (!e.file->kind.empty()) f["kind"] = e.file->kind;
    if (!e.file->event.empty()) f["event"] = e.file->event;
  }
  return j;
}

}  // namespace

std::string to_json(const Event& e) { return dump(to_object(e)); }

std::string events_to_json_array(const std::vector<Event>& events) {
  Json array = Json::array();
  for (const Event& e : events) array.push_back(to_object(e));
  return dump(array);
}

Event event_from_json(std::string_view json) {
  const Json obj = parse_object(json);
  check_schema(obj);
  Event e;
  read(obj, "id", e.id, Presence::required);
  read(obj, "source", e.source, Presence::required);
  read(obj, "seq", e.seq, Presence::required);
  read(obj, "type", e.type, Presence::required);
  read(obj, "phase", e.phase, Presence::required);
  read(obj, "camera", e.camera, Presence::required);
  read(obj, "ts", e.ts, Presence::required);
  read(obj, "site", e.site);
  read(obj, "zone", e.zone);
  read(obj, "severity", e.severity);
  read(obj, "started_at", e.started_at);
  read(obj, "entered_at", e.entered_at);
  read(obj, "exited_at", e.exited_at);
  read(obj, "count", e.count);
  read(obj, "dwell_s", e.dwell_s);
  read(obj, "outage_s", e.outage_s);
  read(obj, "kind", e.kind);
  read(obj, "snapshot", e.snapshot);
  read(obj, "message", e.message);
  read(obj, "track_ids", e.track_ids);
  read(obj, "boxes", e.boxes);
  read(obj, "file", e.file);
  read(obj, "test", e.test);
  reject_negative(obj, "count", e.count);
  reject_negative(obj, "dwell_s", e.dwell_s);
  reject_negative(obj, "outage_s", e.outage_s);
  return e;
}

}  // namespace cctv
