// SPDX-License-Identifier: Apache-2.0
// Zone-level scores: people counts per zone and alarm episodes against the truth's.
#include <cmath>
#include <map>
#include <stdexcept>

#include "assignment.hpp"
#include "cctv/analytics/evaluation.hpp"
#include "cctv/analytics/zone_rule.hpp"

namespace cctv::analytics {
namespace {

// Episode pairing costs lie in [0, 1]; pairs that do not overlap cannot match. Leaving an
// episode unmatched costs more than any pair, so as many as possible are paired.
constexpr double kMaxCost = 1.0 + 1e-9;
constexpr double kNoMatch = 2.0;
constexpr double kUnmatchedCost = 2.0;

long count_in(const config::Zone& zone, const std::vector<Track>& tracks) {
  long n = 0;
  for (const Track& t : tracks) n += zone_counts(zone, t) ? 1 : 0;
  return n;
}

double overlap_s(const Episode& a, const Episode& b) {
  return seconds_between(std::max(a.start, b.start), std::min(a.end, b.end));
}

}  // namespace

double zone_count_mae(const TrackSequence& truth, const TrackSequence& predicted,
                      const std::vector<config::Zone>& zones) {
  if (truth.size() != predicted.size())
    throw std::invalid_argument("evaluation: sequences differ in length");
  double total = 0;
  long samples = 0;
  for (std::size_t f = 0; f < truth.size(); ++f) {
    for (const config::Zone& z : zones) {
      total += std::abs(
          static_cast<double>(count_in(z, truth[f].tracks) - count_in(z, predicted[f].tracks)));
      ++samples;
    }
  }
  return samples == 0 ? 0.0 : total / static_cast<double>(samples);
}

std::vector<Episode> episodes(const std::vector<Event>& events, EventType type, Timestamp last) {
  std::map<std::pair<std::string, std::int64_t>, std::size_t> open;  // (zone, first track) -> index
  std::vector<Episode> out;
  for (const Event& e : events) {
    if (e.type != type) continue;
    // Crowding episodes are per zone; loitering ones per zone and person.
    const bool per_person = type != EventType::crowding && !e.track_ids.empty();
    const std::pair k{e.zone, per_person ? e.track_ids.front() : std::int64_t{0}};
    if (e.phase == EventPhase::start) {
      open[k] = out.size();
      out.push_back({e.zone, e.ts, last});
    } else if (e.phase == EventPhase::end) {
      if (const auto it = open.find(k); it != open.end()) {
        out[it->second].end = e.ts;
        open.erase(it);
      }
    }
  }
  return out;
}

std::vector<Event> zone_events(const TrackSequence& tracks,
                               const std::vector<config::Zone>& zones) {
  std::vector<Event> events;
  for (const config::Zone& zone : zones) {
    auto rules = create_zone_rules({zone.camera, "", zone.id}, zone.rules);
    for (const TrackFrame& frame : tracks) {
      std::vector<Track> inside;
      for (const Track& t : frame.tracks) {
        if (zone_counts(zone, t)) inside.push_back(t);
      }
      for (auto& rule : rules) {
        for (Event& e : rule->update(inside, frame.ts, true)) events.push_back(std::move(e));
      }
    }
  }
  return events;
}

EpisodeScore score_episodes(const std::vector<Episode>& truth,
                            const std::vector<Episode>& predicted) {
  // Cost 1 - (overlap / shorter span): any overlap is allowed, more overlap is preferred.
  std::vector<std::vector<double>> cost(truth.size(),
                                        std::vector<double>(predicted.size(), kNoMatch));
  for (std::size_t g = 0; g < truth.size(); ++g) {
    for (std::size_t p = 0; p < predicted.size(); ++p) {
      const double o = overlap_s(truth[g], predicted[p]);
      if (truth[g].zone != predicted[p].zone || o < 0) continue;
      const double shorter = std::min(seconds_between(truth[g].start, truth[g].end),
                                      seconds_between(predicted[p].start, predicted[p].end));
      cost[g][p] = shorter > 0 ? 1.0 - std::min(1.0, o / shorter) : 0.0;
    }
  }
  const std::vector<int> pick = assign_min_cost(cost, kMaxCost, kUnmatchedCost);
  EpisodeScore s;
  for (int p : pick) s.matched += p >= 0 ? 1 : 0;
  const auto share = [](long n, std::size_t of) {
    return of == 0 ? 1.0 : static_cast<double>(n) / static_cast<double>(of);
  };
  s.precision = share(s.matched, predicted.size());
  s.recall = share(s.matched, truth.size());
  return s;
}

}  // namespace cctv::analytics
