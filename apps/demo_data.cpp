// SPDX-License-Identifier: Apache-2.0
#include "demo_data.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <stdexcept>

#include "cctv/reports/register_sync.hpp"
#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/hotspots.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/node/data_layout.hpp"

namespace cctv::app {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDefaultWeeklyRate = 1.2;
constexpr double kDeterrence = 0.45;    // a camera at a site leaves this share of incidents
constexpr double kDisplacement = 1.15;  // ...and neighbours within this ring get this much more
constexpr double kRingKm = 1.5;
constexpr double kAlarmShare = 0.25;  // covered sites: alarms per manual incident

// Incidents a week at the Brent LJAG case sites; other sites get the default.
const std::map<std::string, double> kWeeklyRates = {
    {"talbot-walk", 6.0},   {"kilburn-high-road", 5.0}, {"neasden-tc", 4.0},
    {"honeypot-lane", 3.5}, {"north-end-road", 2.5},    {"harlesden-tc", 3.0},
    {"preston-road", 1.8},  {"gladstone-park", 1.5},    {"stonebridge", 2.2}};

// Relative weight of each hour of the day (local): quiet before dawn, peak in the evening.
constexpr double kHourWeights[24] = {3,   2,   1.5, 1, 0.5, 0.5, 0.7, 1,   1.5, 2, 2.5, 3,
                                     3.5, 3.5, 3.5, 4, 5,   6,   7,   7.5, 7,   6, 5,   4};

const std::map<std::string, std::string> kDescriptions = {
    {"ASB", "Group of youths causing a nuisance by the shops"},
    {"drug dealing", "Suspected drug deal observed, two males"},
    {"street drinking", "Street drinkers on the benches, litter left"},
    {"violence", "Fight between two males, one left injured"},
    {"criminal damage", "Shop shutter tagged with graffiti"},
    {"rough sleeping", "Person sleeping rough in the doorway"},
    {"vehicle nuisance", "Cars revving and racing along the road"},
    {"theft", "Shoplifter left the store with goods"},
    {"suspicious behaviour", "Male trying car door handles"},
    {"missing person", "Vulnerable missing person sighted"}};

// The fixed demo plan of moves for the first two mobile cameras: (days after the start, site).
struct Move {
  int day;
  std::string site, ljag_case, reason;
};
const std::vector<std::vector<Move>> kPlans = {
    {{120, "honeypot-lane", "WEM-07", "ASB and drug dealing at the parade; deterrence"},
     {215, "neasden-tc", "HAR-11", "Street drinking around the station"}},
    {{60, "north-end-road", "WEM-03", "Vehicle nuisance and ASB reported by residents"},
     {160, "kilburn-high-road", "KIL-05", "Rising ASB at the bus stops"},
     {270, "stonebridge", "HAR-14", "Drug dealing hotspot on the estate"}}};

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  int poisson(double mean) {  // Knuth's method; means here are small
    const double limit = std::exp(-mean);
    int k = 0;
    for (double p = uniform(); p > limit; p *= uniform()) ++k;
    return k;
  }
  template <typename Weights>
  std::size_t pick(const Weights& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double r = uniform() * total;
    for (std::size_t i = 0; i < std::size(weights); ++i) {
      if ((r -= weights[i]) < 0) return i;
    }
    return std::size(weights) - 1;
  }

 private:
  std::mt19937_64 engine_;
};

double seasonal(Timestamp day) {  // peak mid-July, low mid-January
  const double month = std::stoi(london_month(day).substr(5)) - 0.5;
  return 1 + 0.3 * std::cos(2 * kPi * (month - 6.5) / 12);
}

std::vector<double> category_weights(const std::vector<std::string>& cats, Timestamp day) {
  const bool summer = seasonal(day) > 1.15;
  std::vector<double> w;
  for (const std::string& c : cats) {
    w.push_back(c == "ASB"                              ? 6
                : c == "drug dealing"                   ? 3
                : c == "street drinking"                ? (summer ? 4 : 1.5)
                : c == "missing person" || c == "other" ? 0.4
                                                        : 1.2);
  }
  return w;
}

struct Generator {
  const config::Config& config;
  const DemoDataParams& params;
  Random rng{params.seed};
  storage::SiteRegister reg{node::store_location(config.storage)};
  storage::IncidentLog log{node::store_location(config.storage), config.incidents.categories};
  storage::EventStore events{node::store_location(config.storage)};
  storage::AuditLog audit{node::store_location(config.storage)};
  std::vector<storage::RegisteredSite> sites;
  std::uint64_t seq = 0;
  DemoDataSummary summary;

  void deploy_plan(Timestamp start) {
    std::size_t plan = 0;
    for (const config::Camera& c : config.cameras) {
      if (c.kind != config::CameraKind::mobile || plan >= kPlans.size()) continue;
      for (const Move& m : kPlans[plan]) {
        if (!config.find_site(m.site)) continue;
        const Timestamp at = start + std::chrono::days(m.day) + std::chrono::hours(9);
        if (at > now_utc()) break;
        reg.deploy("demo-data", {c.id, m.site, at, m.ljag_case, m.reason});
        audit.append("demo-data", "deployment.create", c.id, "{\"site\":\"" + m.site + "\"}");
        ++summary.deployments;
      }
      ++plan;
    }
  }

  // Incidents-a-day multiplier at `site` on `day`: deterrence where a camera is, displacement
  // around it. Fixed cameras were always there, so only mobile ones change the rate.
  double camera_effect(const std::string& site, const std::map<std::string, std::string>& where) {
    double effect = 1;
    const auto self =
        *std::find_if(sites.begin(), sites.end(), [&](auto& s) { return s.id == site; });
    for (const config::Camera& c : config.cameras) {
      if (c.kind != config::CameraKind::mobile || where.at(c.id) == c.site) continue;
      const std::string& at = where.at(c.id);
      if (at == site) effect *= kDeterrence;
      const auto other =
          std::find_if(sites.begin(), sites.end(), [&](auto& s) { return s.id == at; });
      if (at != site && other != sites.end() && storage::distance_km(self, *other) <= kRingKm) {
        effect *= kDisplacement;
      }
    }
    return effect;
  }

  Timestamp time_of_day(Timestamp midnight) {
    const std::size_t hour = rng.pick(kHourWeights);
    return midnight + std::chrono::hours(hour) +
           std::chrono::milliseconds(static_cast<std::int64_t>(rng.uniform() * 3600000));
  }

  void manual_incident(const std::string& site, Timestamp at) {
    const auto& cats = config.incidents.categories;
    const std::string& cat = cats[rng.pick(category_weights(cats, at))];
    const auto d = kDescriptions.find(cat);
    log.create(
        "demo-data",
        {.category = cat,
         .site = site,
         .occurred_at = at,
         .description = d == kDescriptions.end() ? "Reported to the control room" : d->second,
         .action_taken = "Monitored on camera; logged for the LJAG"});
    ++summary.manual_incidents;
  }

  void alarm(const std::string& camera, const std::string& site, Timestamp at) {
    const auto zones = config.zones_at(camera, site);
    const bool crowd = rng.uniform() < 0.3;
    Event e;
    e.source = "demo-data";
    e.type = crowd ? EventType::crowding : EventType::loitering;
    e.camera = camera;
    e.site = site;
    e.zone = zones.empty() ? "" : zones.front().id;
    e.started_at = at;
    e.severity = Severity::alarm;
    Event start = e, end = e;
    start.id = new_uuid();
    start.phase = EventPhase::start;
    start.ts = at;
    start.seq = ++seq;
    end.id = new_uuid();
    end.phase = EventPhase::end;
    end.ts = at + std::chrono::seconds(60 + static_cast<int>(rng.uniform() * 600));
    end.seq = ++seq;
    if (crowd) start.count = end.count = 6 + static_cast<int>(rng.uniform() * 5);
    events.upsert({start, end});
    ++summary.alarm_incidents;
  }

  // The demo's incidents are history: each is closed, so none waits in the alarm list.
  void close_all() {
    for (;;) {
      const auto open = log.search({.state = storage::IncidentState::new_, .limit = 500});
      if (open.empty()) return;
      for (const storage::Incident& i : open) {
        if (i.kind == "alarm") {  // so that `cctv run` does not look for its footage
          log.record(i.id, "demo-data", storage::kClipAction, R"({"error":"demo data has no footage"})");
        }
        const auto& outcomes = storage::kDefaultOutcomes;
        log.close(i.id, "demo-data",
                  outcomes[static_cast<std::size_t>(rng.uniform() * outcomes.size())], "");
      }
    }
  }

  void day(Timestamp midnight, const std::vector<storage::Deployment>& deployments) {
    const auto where =
        storage::camera_sites_at(reg.cameras(), deployments, midnight + std::chrono::hours(12));
    for (const storage::RegisteredSite& site : sites) {
      const auto rate = kWeeklyRates.find(site.id);
      const double weekly = rate == kWeeklyRates.end() ? kDefaultWeeklyRate : rate->second;
      const double mean = weekly / 7 * seasonal(midnight) * camera_effect(site.id, where);
      for (int n = rng.poisson(mean); n > 0; --n) manual_incident(site.id, time_of_day(midnight));
      for (const auto& [camera, at] : where) {
        if (at == site.id && rng.uniform() < mean * kAlarmShare)
          alarm(camera, at, time_of_day(midnight));
      }
    }
  }
};

}  // namespace

DemoDataSummary generate_demo_data(const config::Config& config, const DemoDataParams& params) {
  const auto first = parse_london_month(params.month);
  if (!first)
    throw std::invalid_argument("--month '" + params.month + "' is not a month like 2025-11");
  Generator g{config, params};
  if (!g.log.search({.limit = 1}).empty()) {
    throw std::runtime_error(
        "the store at " + node::store_location(config.storage) +
        " already has incidents; demo data goes into an empty --data directory");
  }
  reports::sync_register(g.reg, config);
  g.sites = g.reg.sites();
  g.deploy_plan(first->first);
  const auto deployments = g.reg.deployments();
  const int year = std::stoi(params.month.substr(0, 4)), month = std::stoi(params.month.substr(5));
  const Timestamp end = std::min(london_midnight(year, month + params.months, 1), now_utc());
  for (int d = 1;; ++d) {
    const Timestamp midnight = london_midnight(year, month, d);
    if (midnight >= end) break;
    g.day(midnight, deployments);
  }
  g.log.catch_up();
  g.close_all();
  g.audit.append(
      "demo-data", "demo-data.generate", node::store_location(config.storage),
      "{\"month\":\"" + params.month + "\",\"months\":" + std::to_string(params.months) + "}");
  return g.summary;
}

}  // namespace cctv::app
