// SPDX-License-Identifier: Apache-2.0
// Crowding: at least N people in the zone continuously for min_duration_s starts an alarm;
// it ends when the count stays below N - hysteresis for clear_s; after an end, no new start
// for cooldown_s.
#include <optional>

#include "zone_event.hpp"

namespace cctv::analytics {
namespace {

// While an alarm is open, a changed count is reported at most this often.
constexpr double kUpdateMinInterval_s = 5.0;

class CrowdingRule final : public ZoneRule {
 public:
  CrowdingRule(const ZoneIdentity& who, const config::CrowdingRule& rule) : who_(who), rule_(rule) {}

  std::vector<Event> update(const std::vector<Track>& inside, Timestamp ts, bool armed) override {
    const int count = static_cast<int>(inside.size());
    std::vector<Event> out;
    if (active_) {
      follow(inside, ts, armed, out);
    } else {
      watch(inside, ts, armed, out);
    }
    last_count_ = count;
    return out;
  }

 private:
  void watch(const std::vector<Track>& inside, Timestamp ts, bool armed, std::vector<Event>& out) {
    if (!armed || static_cast<int>(inside.size()) < rule_.min_people) {
      crowded_since_.reset();
      return;
    }
    if (!crowded_since_) crowded_since_ = ts;
    const bool long_enough = ts - *crowded_since_ >= seconds(rule_.min_duration_s);
    const bool cooled = !ended_at_ || ts - *ended_at_ >= seconds(rule_.cooldown_s);
    if (!long_enough || !cooled) return;
    active_ = true;
    started_at_ = ts;
    last_report_ = ts;
    out.push_back(make(inside, EventPhase::start, ts));
  }

  void follow(const std::vector<Track>& inside, Timestamp ts, bool armed, std::vector<Event>& out) {
    const int count = static_cast<int>(inside.size());
    if (count >= rule_.min_people - rule_.hysteresis) {
      clear_since_.reset();
    } else if (!clear_since_) {
      clear_since_ = ts;
    }
    if (!armed || (clear_since_ && ts - *clear_since_ >= seconds(rule_.clear_s))) {
      out.push_back(make(inside, EventPhase::end, ts));
      active_ = false;
      ended_at_ = ts;
      crowded_since_.reset();
      clear_since_.reset();
      return;
    }
    if (count != last_count_ && ts - last_report_ >= seconds(kUpdateMinInterval_s)) {
      last_report_ = ts;
      out.push_back(make(inside, EventPhase::update, ts));
    }
  }

  Event make(const std::vector<Track>& inside, EventPhase phase, Timestamp ts) const {
    Event e = zone_event(who_, EventType::crowding, phase, ts);
    e.started_at = started_at_;
    e.count = static_cast<int>(inside.size());
    for (const Track& t : inside) {
      e.track_ids.push_back(t.id);
      e.boxes.push_back(t.box);
    }
    return e;
  }

  ZoneIdentity who_;
  config::CrowdingRule rule_;
  bool active_ = false;
  std::optional<Timestamp> crowded_since_;
  std::optional<Timestamp> clear_since_;
  std::optional<Timestamp> ended_at_;
  Timestamp started_at_{};
  Timestamp last_report_{};
  int last_count_ = 0;
};

}  // namespace

std::unique_ptr<ZoneRule> create_crowding_rule(const ZoneIdentity& who, const config::CrowdingRule& rule) {
  return std::make_unique<CrowdingRule>(who, rule);
}

}  // namespace cctv::analytics
