// SPDX-License-Identifier: Apache-2.0
// Event enums as text, and random event ids.
#include "cctv/common/event.hpp"

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace cctv {
namespace {

// The value of `values` whose name is `s`, if any.
template <typename Enum, std::size_t N>
std::optional<Enum> parse_enum(const std::array<Enum, N>& values, std::string_view s) {
  for (Enum v : values) {
    if (to_string(v) == s) return v;
  }
  return std::nullopt;
}

std::mt19937_64& thread_rng() {
  thread_local std::mt19937_64 rng = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(),
                       device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  return rng;
}

}  // namespace

std::string_view to_string(EventType t) {
  switch (t) {
    case EventType::loitering:
      return "loitering";
    case EventType::crowding:
      return "crowding";
    case EventType::camera_offline:
      return "camera_offline";
    case EventType::camera_online:
      return "camera_online";
    case EventType::camera_error:
      return "camera_error";
    case EventType::storage_high_water:
      return "storage_high_water";
    case EventType::camera_tamper:
      return "camera_tamper";
    case EventType::recording_segment:
      return "recording_segment";
    case EventType::evidence_file:
      return "evidence_file";
  }
  return "unknown";
}

std::string_view to_string(EventPhase p) {
  switch (p) {
    case EventPhase::start:
      return "start";
    case EventPhase::update:
      return "update";
    case EventPhase::end:
      return "end";
    case EventPhase::instant:
      return "instant";
  }
  return "unknown";
}

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::info:
      return "info";
    case Severity::warning:
      return "warning";
    case Severity::alarm:
      return "alarm";
  }
  return "unknown";
}

std::optional<EventType> parse_event_type(std::string_view s) { return parse_enum(kEventTypes, s); }

std::optional<EventPhase> parse_event_phase(std::string_view s) {
  return parse_enum(kEventPhases, s);
}

std::optional<Severity> parse_severity(std::string_view s) { return parse_enum(kSeverities, s); }

// RFC 4122 version 4: 122 random bits, version nibble 4, variant bits 10.
std::string new_uuid() {
  std::array<std::uint8_t, 16> bytes{};
  auto& rng = thread_rng();
  for (std::size_t half = 0; half < 2; ++half) {
    std::uint64_t r = rng();
    for (std::size_t i = 0; i < 8; ++i)
      bytes[half * 8 + i] = static_cast<std::uint8_t>(r >> (8 * i));
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40);
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);

  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0x0F];
  }
  return out;
}

}  // namespace cctv
