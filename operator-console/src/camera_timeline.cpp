// SPDX-License-Identifier: Apache-2.0
#include "camera_timeline.hpp"

#include <algorithm>

namespace cctv::console {
namespace {

// Segments this close are one span: the index's millisecond times put a segment's start a
// frame or so after the previous one's end; anything longer is footage missing.
constexpr auto kJoin = std::chrono::seconds(2);
// Incidents that started this long before the window are still looked for (a long outage).
constexpr auto kIncidentLookBack = std::chrono::hours(24);
// The timeline bar cannot show more markers than this usefully; the oldest are kept.
constexpr int kMaxEvents = 2000;
constexpr int kMaxIncidents = 500;

struct Span {
  Timestamp from, to;
};

std::vector<Span> recorded_spans(const std::vector<storage::Recording>& segments, Timestamp from,
                                 Timestamp to) {
  std::vector<Span> spans;
  for (const storage::Recording& r : segments) {
    const Span s{std::max(r.start, from), std::min(r.end, to)};
    if (s.to <= s.from) continue;
    if (!spans.empty() && s.from - spans.back().to <= kJoin) {
      spans.back().to = std::max(spans.back().to, s.to);
    } else {
      spans.push_back(s);
    }
  }
  return spans;
}

std::vector<Span> gaps_between(const std::vector<Span>& spans, Timestamp from, Timestamp to) {
  std::vector<Span> gaps;
  Timestamp cursor = from;
  for (const Span& s : spans) {
    if (s.from > cursor) gaps.push_back({cursor, s.from});
    cursor = std::max(cursor, s.to);
  }
  if (cursor < to) gaps.push_back({cursor, to});
  return gaps;
}

nlohmann::json spans_json(const std::vector<Span>& spans) {
  nlohmann::json out = nlohmann::json::array();
  for (const Span& s : spans)
    out.push_back({{"from", format_utc(s.from)}, {"to", format_utc(s.to)}});
  return out;
}

nlohmann::json events_json(const storage::EventStore& events, const std::string& camera,
                           Timestamp from, Timestamp to) {
  nlohmann::json out = nlohmann::json::array();
  for (const Event& e :
       events.query({.camera = camera, .since = from, .until = to, .limit = kMaxEvents})) {
    if (e.phase == EventPhase::update) continue;  // one marker per start and end
    out.push_back({{"id", e.id},
                   {"type", to_string(e.type)},
                   {"phase", to_string(e.phase)},
                   {"ts", format_utc(e.ts)},
                   {"zone", e.zone},
                   {"severity", to_string(e.severity)},
                   {"test", e.test}});
  }
  return out;
}

nlohmann::json incidents_json(const storage::IncidentLog& incidents, const std::string& camera,
                              Timestamp from, Timestamp to) {
  nlohmann::json out = nlohmann::json::array();
  storage::IncidentQuery q{.since = from - kIncidentLookBack, .until = to, .limit = kMaxIncidents};
  q.camera = camera;
  for (const storage::Incident& i : incidents.search(q)) {
    if (i.ended_at && *i.ended_at < from) continue;
    out.push_back({{"id", i.id},
                   {"kind", i.kind},
                   {"category", i.category},
                   {"state", to_string(i.state)},
                   {"zone", i.zone},
                   {"started_at", format_utc(i.started_at)},
                   {"ended_at", i.ended_at ? nlohmann::json(format_utc(*i.ended_at)) : nullptr},
                   {"test", i.test}});
  }
  return out;
}

}  // namespace

nlohmann::json camera_timeline(const TimelineSources& sources, const std::string& camera,
                               Timestamp from, Timestamp to) {
  const std::vector<Span> spans =
      recorded_spans(sources.recordings.find(camera, from, to), from, to);
  return {{"camera", camera},
          {"from", format_utc(from)},
          {"to", format_utc(to)},
          {"spans", spans_json(spans)},
          {"gaps", spans_json(gaps_between(spans, from, to))},
          {"events", events_json(sources.events, camera, from, to)},
          {"incidents", incidents_json(sources.incidents, camera, from, to)}};
}

}  // namespace cctv::console
