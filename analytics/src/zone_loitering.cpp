// SPDX-License-Identifier: Apache-2.0
// Loitering: a track's anchor inside the zone for dwell_s, measured from frame timestamps.
// Absences shorter than grace_s do not reset dwell. Dwell counts from entry even while the
// schedule is disarmed; only the alarm waits for the schedule.
#include <map>

#include "zone_event.hpp"

namespace cctv::analytics {
namespace {

struct Visit {
  Timestamp entered_at{};
  Timestamp last_inside{};
  Box last_box;
  bool alarmed = false;
  Timestamp started_at{};
  Timestamp last_report{};
};

class LoiteringRule final : public ZoneRule {
 public:
  LoiteringRule(const ZoneIdentity& who, const config::LoiteringRule& rule) : who_(who), rule_(rule) {}

  std::vector<Event> update(const std::vector<Track>& inside, Timestamp ts, bool armed) override {
    std::vector<Event> out;
    for (const Track& t : inside) {
      Visit& v = visits_.try_emplace(t.id, Visit{ts, ts, t.box}).first->second;
      v.last_inside = ts;
      v.last_box = t.box;
      report(t.id, v, ts, armed, out);
    }
    close_departed(ts, armed, out);
    return out;
  }

 private:
  void report(std::int64_t id, Visit& v, Timestamp ts, bool armed, std::vector<Event>& out) {
    if (!armed) return;
    const bool due = v.alarmed ? ts - v.last_report >= seconds(rule_.update_s)
                               : ts - v.entered_at >= seconds(rule_.dwell_s);
    if (!due) return;
    if (!v.alarmed) v.started_at = ts;
    out.push_back(make(id, v, v.alarmed ? EventPhase::update : EventPhase::start, ts));
    v.alarmed = true;
    v.last_report = ts;
  }

  // Visits whose track has been away longer than grace end; so do all alarms when disarmed.
  void close_departed(Timestamp ts, bool armed, std::vector<Event>& out) {
    for (auto it = visits_.begin(); it != visits_.end();) {
      Visit& v = it->second;
      const bool gone = ts - v.last_inside > seconds(rule_.grace_s);
      if (v.alarmed && (gone || !armed)) {
        Event e = make(it->first, v, EventPhase::end, ts);
        e.exited_at = v.last_inside;
        e.dwell_s = seconds_between(v.entered_at, v.last_inside);
        out.push_back(std::move(e));
        v.alarmed = false;
      }
      it = gone ? visits_.erase(it) : std::next(it);
    }
  }

  Event make(std::int64_t id, const Visit& v, EventPhase phase, Timestamp ts) const {
    Event e = zone_event(who_, EventType::loitering, phase, ts);
    e.started_at = v.started_at;
    e.entered_at = v.entered_at;
    e.dwell_s = seconds_between(v.entered_at, ts);
    e.track_ids = {id};
    e.boxes = {v.last_box};
    return e;
  }

  ZoneIdentity who_;
  config::LoiteringRule rule_;
  std::map<std::int64_t, Visit> visits_;  // ordered: events come out in a stable order
};

}  // namespace

std::unique_ptr<ZoneRule> create_loitering_rule(const ZoneIdentity& who, const config::LoiteringRule& rule) {
  return std::make_unique<LoiteringRule>(who, rule);
}

}  // namespace cctv::analytics
