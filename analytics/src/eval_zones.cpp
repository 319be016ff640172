// SPDX-License-Identifier: Apache-2.0
// Zone-level scores: people counts per zone and alarm episodes against the truth's.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "assignment.hpp"
#include "cctv/analytics/evaluation.hpp"
#include "cctv/analytics/zone_rule.hpp"
#include "eval_support.hpp"

namespace cctv::analytics {
namespace {

long count_in(const config::Zone& zone, const std::vector<Track>& tracks) {
  long n = 0;
  for (const Track& t : tracks) n += zone_counts(zone, t) ? 1 : 0;
  return n;
}

const config::Zone* find_zone(const std::vector<config::Zone>& zones, const std::string& id) {
  for (const config::Zone& z : zones) {
    if (z.id == id) return &z;
  }
  return nullptr;
}

const Track* find_track(const std::vector<Track>& tracks, std::int64_t id) {
  for (const Track& t : tracks) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

// The predicted alarm is about the true episode's person when its track overlaps that person
// at IoU >= kMatchIou in more than half of the frames of its dwell (entry to alarm): frames
// where either is missing count against it.
bool same_person(const TrackSequence& truth, const TrackSequence& predicted, const Episode& te,
                 const Episode& pe) {
  if (te.track_ids.empty() || pe.track_ids.empty()) return false;
  long frames = 0, together = 0;
  for (std::size_t f = 0; f < truth.size(); ++f) {
    if (truth[f].ts < pe.since || truth[f].ts > pe.start) continue;
    ++frames;
    const Track* g = find_track(truth[f].tracks, te.track_ids.front());
    const Track* p = find_track(predicted[f].tracks, pe.track_ids.front());
    if (g && p && iou(g->box, p->box) >= kMatchIou) ++together;
  }
  return 2 * together > frames;
}

// The true person a predicted track follows through the frames [from, to]: the one it
// overlaps at IoU >= kMatchIou in more than half of the frames it is present in, if any.
std::optional<std::int64_t> person_followed(const TrackSequence& truth,
                                            const TrackSequence& predicted, std::int64_t track,
                                            Timestamp from, Timestamp to) {
  long present = 0;
  std::map<std::int64_t, long> together;
  for (std::size_t f = 0; f < truth.size(); ++f) {
    if (truth[f].ts < from || truth[f].ts > to) continue;
    const Track* p = find_track(predicted[f].tracks, track);
    if (!p) continue;
    ++present;
    for (const Track& g : truth[f].tracks) {
      if (iou(g.box, p->box) >= kMatchIou) ++together[g.id];
    }
  }
  for (const auto& [person, n] : together) {
    if (2 * n > present) return person;
  }
  return std::nullopt;
}

// The predicted crowd is a true one when at least min_people of the tracks that raised it
// follow distinct true people through the alarm (a track walking in may show only part of
// its person at the start instant, so the whole episode is the evidence).
bool same_crowd(const TrackSequence& truth, const TrackSequence& predicted,
                const config::Zone& zone, const Episode& pe) {
  if (!zone.rules.crowding) return false;
  std::set<std::int64_t> people;
  for (const std::int64_t track : pe.track_ids) {
    if (const auto person = person_followed(truth, predicted, track, pe.start, pe.end))
      people.insert(*person);
  }
  return static_cast<long>(people.size()) >= zone.rules.crowding->min_people;
}

}  // namespace

double zone_count_mae(const TrackSequence& truth, const TrackSequence& predicted,
                      const std::vector<config::Zone>& zones) {
  check_lengths(truth, predicted);
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
      out.push_back({e.zone, e.ts, last, e.track_ids, e.entered_at.value_or(e.ts)});
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

EpisodeScore score_episodes(const TrackSequence& truth, const TrackSequence& predicted,
                            const std::vector<Episode>& truth_episodes,
                            const std::vector<Episode>& predicted_episodes,
                            const std::vector<config::Zone>& zones, EventType type,
                            double tolerance_s) {
  check_lengths(truth, predicted);
  // Cost: how far apart the starts are. Pairs outside the tolerance, in another zone or about
  // other people cannot match; leaving an episode unmatched costs more than any pair, so as
  // many as possible are paired.
  const double no_match = tolerance_s + 1;
  std::vector<std::vector<double>> cost(truth_episodes.size(),
                                        std::vector<double>(predicted_episodes.size(), no_match));
  for (std::size_t g = 0; g < truth_episodes.size(); ++g) {
    for (std::size_t p = 0; p < predicted_episodes.size(); ++p) {
      const Episode& te = truth_episodes[g];
      const Episode& pe = predicted_episodes[p];
      const double apart = std::abs(seconds_between(te.start, pe.start));
      if (te.zone != pe.zone || apart > tolerance_s) continue;
      const config::Zone* zone = find_zone(zones, te.zone);
      const bool same_people = type == EventType::crowding
                                   ? zone && same_crowd(truth, predicted, *zone, pe)
                                   : same_person(truth, predicted, te, pe);
      if (same_people) cost[g][p] = apart;
    }
  }
  const std::vector<int> pick = assign_min_cost(cost, tolerance_s + 1e-9, 2 * no_match);
  EpisodeScore s;
  s.truth = static_cast<long>(truth_episodes.size());
  s.predicted = static_cast<long>(predicted_episodes.size());
  for (int p : pick) s.matched += p >= 0 ? 1 : 0;
  const auto share = [](long n, long of) -> std::optional<double> {
    if (of == 0) return std::nullopt;
    return static_cast<double>(n) / static_cast<double>(of);
  };
  s.precision = share(s.matched, s.predicted);
  s.recall = share(s.matched, s.truth);
  return s;
}

}  // namespace cctv::analytics
