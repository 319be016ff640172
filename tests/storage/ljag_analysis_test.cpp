// SPDX-License-Identifier: Apache-2.0
// Hotspot counts, suppression, trend, recommendations and effectiveness over known synthetic
// incident sets, whose expected answers are worked out by hand in the comments.
#include <gtest/gtest.h>

#include "cctv/storage/disclosure.hpp"
#include "cctv/storage/effectiveness.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/hotspots.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/recommendations.hpp"
#include "support/store_backends.hpp"
#include "support/temp_dir.hpp"

namespace cctv::storage {
namespace {

Timestamp at(const char* iso) { return *parse_utc(iso); }

// Talbot Walk and Neasden are 1.26 km apart (Harlesden); Honeypot Lane is 6 km away (Wembley).
const std::vector<RegisteredSite> kSites = {
    {"talbot-walk", "Talbot Walk", "Harlesden", 51.5443, -0.2497, ""},
    {"neasden-tc", "Neasden Town Centre", "Harlesden", 51.5556, -0.2510, ""},
    {"honeypot-lane", "Honeypot Lane", "Wembley", 51.5905, -0.2790, ""}};

// `n` incidents spread evenly over [from, to).
void spread(std::vector<IncidentPoint>& points, const std::string& site, const std::string& cat,
            int n, Timestamp from, Timestamp to) {
  const auto step = (to - from) / n;
  for (int i = 0; i < n; ++i) points.push_back({site, cat, from + step * i + step / 2});
}

TEST(Storage_Hotspots, counts_per_site_and_category_for_a_cluster_and_month) {
  std::vector<IncidentPoint> points;
  const auto [oct, nov] = *parse_london_month("2026-10");
  spread(points, "talbot-walk", "ASB", 7, oct, nov);
  spread(points, "talbot-walk", "drug dealing", 3, oct, nov);
  spread(points, "neasden-tc", "ASB", 3, oct, nov);
  spread(points, "honeypot-lane", "ASB", 9, oct, nov);  // another cluster
  spread(points, "talbot-walk", "ASB", 2, at("2026-09-01T00:00:00Z"), at("2026-09-30T00:00:00Z"));
  const HotspotTable t = count_hotspots(points, kSites, "Harlesden", {oct, nov});
  ASSERT_EQ(t.sites.size(), 2u);
  EXPECT_EQ(t.sites[0].site, "talbot-walk");
  EXPECT_EQ(t.sites[0].total, 10);
  EXPECT_EQ(t.sites[0].by_category.at("drug dealing"), 3);
  EXPECT_EQ(t.sites[1].site, "neasden-tc");
  EXPECT_EQ(t.sites[1].total, 3);
  EXPECT_EQ(t.total, 13);
  EXPECT_EQ(t.categories, (std::vector<std::string>{"ASB", "drug dealing"}));
  EXPECT_EQ(count_hotspots(points, kSites, "", {oct, nov}).total, 22) << "every cluster";
}

TEST(Storage_Hotspots, counts_of_one_to_four_are_suppressed_when_shared) {
  EXPECT_EQ(shown_count(0, true), "0");
  for (int n = 1; n <= 4; ++n) EXPECT_EQ(shown_count(n, true), "<5") << n;
  EXPECT_EQ(shown_count(5, true), "5");
  EXPECT_EQ(shown_count(3, false), "3") << "inside the control room";
}

TEST(Storage_Disclosure, a_lone_small_count_takes_the_smallest_other_with_it) {
  // The case: the cluster's 13 minus Talbot Walk's 10 gave Neasden's "<5" away as 3.
  // Withholding the smallest other (10) leaves 13 = <5 + *, with * 5 or more: four ways.
  HotspotTable t;
  t.sites = {{"talbot-walk", 10, {{"ASB", 10}}}, {"neasden-tc", 3, {{"ASB", 3}}}};
  t.categories = {"ASB"};
  t.total = 13;
  const PublishedHotspots p = publish_hotspots(t, true);
  EXPECT_EQ(p.sites.at("neasden-tc").total, "<5");
  EXPECT_EQ(p.sites.at("talbot-walk").total, "*");
  EXPECT_EQ(p.sites.at("talbot-walk").by_category.at("ASB"), "*")
      << "a withheld site total must not be the sum of its categories shown";
  EXPECT_EQ(p.total, "13");
  EXPECT_EQ(publish_hotspots(t, false).sites.at("neasden-tc").total, "3")
      << "inside the control room";
}

TEST(Storage_Disclosure, a_count_pinned_by_the_bounds_is_protected_too) {
  // 6 = <5 + 5: with "*" meaning 5 or more, the <5 could only be 1, so the total goes too.
  const std::vector<int> counts{6, 1, 5};
  const auto shown = protect_counts(counts, {{0, {1, 2}}}, true);
  EXPECT_EQ(shown, (std::vector<Shown>{Shown::withheld, Shown::small, Shown::withheld}));
  // 12 = <5 + 8: 8 withheld leaves 4 ways (1 + 11 .. 4 + 8); zeros stay "0".
  EXPECT_EQ(protect_counts({12, 4, 8, 0}, {{0, {1, 2, 3}}}, true),
            (std::vector<Shown>{Shown::exact, Shown::small, Shown::withheld, Shown::exact}));
}

TEST(Storage_Hotspots, months_are_europe_london_months_across_the_clock_change) {
  const std::vector<IncidentPoint> points = {
      {"talbot-walk", "ASB", at("2026-09-30T23:30:00Z")},  // 00:30 BST on 1 October
      {"talbot-walk", "ASB", at("2026-10-31T23:30:00Z")},  // 23:30 GMT on 31 October
      {"talbot-walk", "ASB", at("2026-11-01T00:00:00Z")},  // November
      {"talbot-walk", "ASB", at("2026-09-15T12:00:00Z")}};
  const auto sep = parse_london_month("2026-09")->first;
  const auto dec = parse_london_month("2026-12")->first;
  EXPECT_EQ(sep, at("2026-08-31T23:00:00Z")) << "midnight BST";
  const auto trend = monthly_trend(points, kSites, "Harlesden", {sep, dec});
  ASSERT_EQ(trend.size(), 3u);
  EXPECT_EQ(trend[0].month, "2026-09");
  EXPECT_EQ(trend[0].count, 1);
  EXPECT_EQ(trend[1].month, "2026-10");
  EXPECT_EQ(trend[1].count, 2);
  EXPECT_EQ(trend[2].count, 1);
  EXPECT_FALSE(parse_london_month("2026-13"));
  EXPECT_FALSE(parse_london_month("26-10"));
}

class Storage_HotspotsStore : public test::StoreTest {};

TEST_P(Storage_HotspotsStore, incidents_are_loaded_from_the_log_without_camera_health) {
  IncidentLog log(db(), {"ASB"});
  log.create("op", {.category = "ASB",
                    .site = "talbot-walk",
                    .occurred_at = at("2026-10-05T20:00:00Z"),
                    .description = "youths on the walkway"});
  EventStore events(db());
  Event offline;
  offline.id = new_uuid();
  offline.source = "n";
  offline.type = EventType::camera_offline;
  offline.phase = EventPhase::start;
  offline.camera = "tw1";
  offline.site = "talbot-walk";
  offline.ts = at("2026-10-06T20:00:00Z");
  offline.started_at = offline.ts;
  events.upsert({offline});
  log.catch_up();
  const auto points =
      load_incident_points(db(), at("2026-10-01T00:00:00Z"), at("2026-11-01T00:00:00Z"));
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0].category, "ASB");
  EXPECT_EQ(points[0].site, "talbot-walk");
}

TEST(Storage_Recommendations, rank_by_recent_density_times_trend_with_reasons) {
  // 28-day windows. Talbot Walk: 8 now, 4 before -> 2/week x (9/5 = 1.8) = 3.6.
  // Neasden: 10 now, 20 before -> 2.5/week x (11/21 = 0.52) = 1.31.
  // Honeypot Lane: 2 now, 0 before -> 0.5/week x 3 clamped to 2 = 1.0.
  const Timestamp now = at("2026-11-01T00:00:00Z");
  const Timestamp start = now - std::chrono::days(28);
  const Timestamp before = start - std::chrono::days(28);
  std::vector<IncidentPoint> points;
  spread(points, "talbot-walk", "ASB", 8, start, now);
  spread(points, "talbot-walk", "ASB", 4, before, start);
  spread(points, "neasden-tc", "ASB", 10, start, now);
  spread(points, "neasden-tc", "ASB", 20, before, start);
  spread(points, "honeypot-lane", "ASB", 2, start, now);
  const auto recs = recommend_sites(points, kSites, {{"tw1", "talbot-walk"}},
                                    {.as_of = now, .window_days = 28, .suppress = true});
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0].site, "talbot-walk");
  EXPECT_NEAR(recs[0].score, 3.6, 1e-9);
  EXPECT_TRUE(recs[0].covered);
  EXPECT_EQ(recs[1].site, "neasden-tc");
  EXPECT_NEAR(recs[1].score, 2.5 * 11 / 21, 1e-9);
  EXPECT_EQ(recs[2].site, "honeypot-lane");
  EXPECT_NEAR(recs[2].score, 1.0, 1e-9);
  EXPECT_EQ(recs[0].reason,
            "1st: 8 incidents in the last 28 days (2.0 a week), up on the window before (<5); "
            "covered by tw1")
      << "no percentage: with the 8 it would tell the suppressed 4";
  EXPECT_EQ(recs[1].reason,
            "2nd: 10 incidents in the last 28 days (2.5 a week), down 50% on the window before "
            "(20); no camera covers it");
  EXPECT_NE(recs[2].reason.find("<5 incidents"), std::string::npos) << recs[2].reason;
}

TEST(Storage_Recommendations, equal_scores_put_the_uncovered_site_first) {
  const Timestamp now = at("2026-11-01T00:00:00Z");
  std::vector<IncidentPoint> points;
  spread(points, "talbot-walk", "ASB", 6, now - std::chrono::days(90), now);
  spread(points, "neasden-tc", "ASB", 6, now - std::chrono::days(90), now);
  const auto recs = recommend_sites(points, kSites, {{"tw1", "talbot-walk"}},
                                    {.as_of = now, .cluster = "Harlesden"});
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].site, "neasden-tc");
  EXPECT_FALSE(recs[0].covered);
}

TEST(Storage_Effectiveness, exact_poisson_comparison_matches_hand_worked_values) {
  // n = 5 all after, equal exposure: P(k=5) = P(k=0) = 1/32 -> two-sided p = 2/32.
  const RateComparison c = compare_rates(0, 1, 5, 1);
  EXPECT_NEAR(c.p_value, 0.0625, 1e-12);
  EXPECT_FALSE(c.change) << "no rate before to compare with";
  EXPECT_EQ(c.verdict, "no significant change");
  EXPECT_NEAR(compare_rates(10, 1, 10, 1).p_value, 1.0, 1e-12);
  // 32 vs 8 over 8 weeks each: p = 2 * P(X <= 8 | n = 40, 1/2) = 1.82e-4.
  const RateComparison fall = compare_rates(32, 8, 8, 8);
  EXPECT_NEAR(fall.p_value, 1.82166e-4, 1e-8);
  EXPECT_NEAR(*fall.change, -0.75, 1e-12);
  EXPECT_EQ(fall.verdict, "significant fall (p < 0.01)");
}

TEST(Storage_Effectiveness, before_during_after_at_the_site_and_its_ring) {
  // Deployed 8 weeks; 4/week before, 1/week during, 3/week after at the site; the ring
  // (Neasden, 1.26 km) goes from 1 to 3 a week (8 -> 24: p = 0.0070): displacement.
  const Deployment d{
      7,       "tw1", "talbot-walk", at("2026-09-01T00:00:00Z"), at("2026-10-27T00:00:00Z"),
      "HAR-1", "ASB", "chair"};
  const auto weeks8 = std::chrono::weeks(8);
  std::vector<IncidentPoint> points;
  spread(points, "talbot-walk", "ASB", 32, d.from - weeks8, d.from);
  spread(points, "talbot-walk", "ASB", 8, d.from, *d.to);
  spread(points, "talbot-walk", "ASB", 24, *d.to, *d.to + weeks8);
  spread(points, "neasden-tc", "ASB", 8, d.from - weeks8, d.from);
  spread(points, "neasden-tc", "ASB", 24, d.from, *d.to);
  spread(points, "honeypot-lane", "ASB", 50, d.from - weeks8, *d.to);  // too far to count
  const Effectiveness e = assess_deployment(
      d, points, kSites, {.ring_km = 1.5, .window_weeks = 8, .now = *d.to + weeks8});
  EXPECT_EQ(e.ring_sites, std::vector<std::string>{"neasden-tc"});
  EXPECT_EQ(e.site_before.count, 32);
  EXPECT_NEAR(e.site_before.weeks, 8, 1e-9);
  EXPECT_EQ(e.site_during.count, 8);
  EXPECT_EQ(e.site_after.count, 24);
  EXPECT_NEAR(*e.site_change.change, -0.75, 1e-9);
  EXPECT_LT(e.site_change.p_value, 0.01);
  ASSERT_TRUE(e.site_after_change);
  EXPECT_NEAR(*e.site_after_change->change, -0.25, 1e-9);
  EXPECT_EQ(e.ring_before.count, 8);
  EXPECT_EQ(e.ring_during.count, 24);
  EXPECT_NEAR(*e.ring_change.change, 2.0, 1e-9);
  EXPECT_NEAR(e.ring_change.p_value, 0.00699, 1e-4);
  EXPECT_NE(e.summary.find("possible displacement"), std::string::npos) << e.summary;
  int site_total = 0, ring_total = 0;
  for (const WeekRow& w : e.weeks) {
    site_total += w.site;
    ring_total += w.ring;
  }
  EXPECT_EQ(site_total, 64);
  EXPECT_EQ(ring_total, 32);
  EXPECT_EQ(e.weeks.front().phase, "before");
  EXPECT_EQ(e.weeks.back().phase, "after");
}

TEST(Storage_Effectiveness, an_open_deployment_runs_to_now) {
  const Deployment d{1,   "tw1", "honeypot-lane", at("2026-10-01T00:00:00Z"), std::nullopt, "",
                     "r", "c"};
  std::vector<IncidentPoint> points;
  spread(points, "honeypot-lane", "ASB", 10, d.from, d.from + std::chrono::weeks(2));
  const Effectiveness e = assess_deployment(
      d, points, kSites, {.window_weeks = 8, .now = d.from + std::chrono::weeks(2)});
  EXPECT_TRUE(e.ring_sites.empty());
  EXPECT_EQ(e.site_during.count, 10);
  EXPECT_NEAR(e.site_during.weeks, 2, 1e-9);
  EXPECT_FALSE(e.site_after_change);
  EXPECT_NE(e.summary.find("No neighbouring sites"), std::string::npos);
  EXPECT_THROW(assess_deployment({.site = "nowhere"}, points, kSites, {}), std::invalid_argument);
}

CCTV_ON_BOTH_STORES(Storage_HotspotsStore);

}  // namespace
}  // namespace cctv::storage
