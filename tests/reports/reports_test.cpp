// SPDX-License-Identifier: Apache-2.0
// The heat map, charts and the HTML pack: real PNGs decoded by OpenCV, HTML checked for
// balanced tags, numbers checked against a known incident set.
#include <cmath>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <nlohmann/json.hpp>
#include "cctv/reports/charts.hpp"
#include "cctv/reports/density.hpp"

#include "cctv/reports/ljag_pack.hpp"
#include "cctv/storage/incident_log.hpp"
#include "support/temp_dir.hpp"

namespace cctv::reports {
namespace {

Timestamp at(const char* iso) { return *parse_utc(iso); }

const std::vector<storage::RegisteredSite> kSites = {
    {"talbot-walk", "Talbot Walk", "Harlesden", 51.5443, -0.2497, ""},
    {"neasden-tc", "Neasden Town Centre", "Harlesden", 51.5556, -0.2510, ""},
    {"harlesden-tc", "Harlesden Town Centre", "Harlesden", 51.5366, -0.2476, ""},
    {"honeypot-lane", "Honeypot Lane", "Wembley", 51.5905, -0.2790, ""}};

cv::Mat decode(const std::string& png) {
  return cv::imdecode(std::vector<unsigned char>(png.begin(), png.end()), cv::IMREAD_COLOR);
}

// Pixels that are neither white nor grey: drawn in colour.
int coloured_pixels(const cv::Mat& img) {
  int n = 0;
  for (int y = 0; y < img.rows; ++y) {
    for (int x = 0; x < img.cols; ++x) {
      const cv::Vec3b p = img.at<cv::Vec3b>(y, x);
      const int spread = std::max({p[0], p[1], p[2]}) - std::min({p[0], p[1], p[2]});
      n += spread > 40 ? 1 : 0;
    }
  }
  return n;
}

// Every non-void element closed in order: what a browser would parse without repair.
std::string unbalanced_tag(const std::string& html) {
  static const std::regex tag(R"(<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>)");
  static const std::set<std::string> kVoid = {"meta", "img", "br", "link", "hr", "input"};
  std::vector<std::string> open;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator();
       ++it) {
    const std::string name = (*it)[2];
    if (kVoid.contains(name)) continue;
    if ((*it)[1] == "") {
      open.push_back(name);
    } else if (open.empty() || open.back() != name) {
      return "</" + name + "> closes " + (open.empty() ? "nothing" : "<" + open.back() + ">");
    } else {
      open.pop_back();
    }
  }
  return open.empty() ? "" : "<" + open.back() + "> never closed";
}

TEST(Reports_Density, the_grid_integrates_to_the_incidents_and_peaks_at_the_hotspot) {
  const LocalProjection projection(kSites);
  const std::vector<WeightedPoint> points = {{projection.project(51.5443, -0.2497), 40},
                                             {projection.project(51.5556, -0.2510), 10}};
  const DensityGrid g =
      kernel_density(points, {.bandwidth_km = 0.4, .cell_km = 0.05, .margin_km = 2});
  double sum = 0;
  int best = 0;
  for (std::size_t i = 0; i < g.values.size(); ++i) {
    sum += g.values[i] * g.cell_km * g.cell_km;
    if (g.values[i] > g.values[static_cast<std::size_t>(best)]) best = static_cast<int>(i);
  }
  EXPECT_NEAR(sum, 50, 0.5);
  const double east = g.west_km + (best % g.cols + 0.5) * g.cell_km;
  const double north = g.south_km + (best / g.cols + 0.5) * g.cell_km;
  EXPECT_NEAR(east, points[0].at.east_km, 0.06);
  EXPECT_NEAR(north, points[0].at.north_km, 0.06);
  // Talbot Walk is ~1.26 km south of Neasden.
  EXPECT_NEAR(points[1].at.north_km - points[0].at.north_km, 1.25, 0.02);
}

TEST(Reports_Charts, the_heat_map_decodes_and_glows_where_the_incidents_are) {
  const std::string png =
      heat_map_png(kSites, {{"talbot-walk", 40}, {"neasden-tc", 3}},
                   {.title = "Incidents October 2026", .labels = {{"neasden-tc", "<5"}}});
  const cv::Mat img = decode(png);
  ASSERT_FALSE(img.empty());
  EXPECT_GT(std::max(img.cols, img.rows), 600);
  EXPECT_GT(coloured_pixels(img), 5000);
  const std::string none = heat_map_png(kSites, {}, {.title = "nothing"});
  EXPECT_LT(coloured_pixels(decode(none)), 50) << "no incidents: a plain grid with the sites";
}

TEST(Reports_Charts, bar_line_and_weekly_charts_are_drawn) {
  const cv::Mat bars = decode(bar_chart_png("per site", {{"A", 12, "12"}, {"B", 3, "<5", true}}));
  ASSERT_FALSE(bars.empty());
  EXPECT_GT(coloured_pixels(bars), 1000);
  const cv::Mat hidden = decode(bar_chart_png("per site", {{"B", 3, "<5", true}}));
  EXPECT_EQ(coloured_pixels(hidden), 0) << "a suppressed count draws no bar";
  const cv::Mat line = decode(line_chart_png("trend", {"2026-09", "2026-10"}, {{"all", {5, 9}}}));
  EXPECT_GT(coloured_pixels(line), 200);
  std::vector<storage::WeekRow> weeks;
  for (int i = 0; i < 10; ++i) {
    weeks.push_back({at("2026-09-07T00:00:00Z") + std::chrono::weeks(i),
                     i < 4 ? "before" : "during", 4 - i % 3, 2});
  }
  EXPECT_GT(coloured_pixels(decode(weekly_chart_png("weekly", weeks))), 2000);
  // Nothing to draw, or a suppressed month (NaN) in the trend: still a picture, no throw.
  EXPECT_FALSE(decode(weekly_chart_png("no weeks", {})).empty());
  const cv::Mat gap =
      decode(line_chart_png("gap", {"a", "b", "c"}, {{"all", {5, std::nan(""), 9}}}));
  EXPECT_GT(coloured_pixels(gap), 20);
  EXPECT_LT(coloured_pixels(gap), coloured_pixels(line)) << "no line through the hidden month";
}

struct Reports_Pack : ::testing::Test {
  test::TempDir dir;
  std::string db = (dir / "cctv.db").string();

  void SetUp() override {
    storage::SiteRegister reg(db);
    reg.sync(kSites, {{"tw1", "Talbot Walk East", "talbot-walk", true}});
    storage::IncidentLog log(db, {"ASB", "drug dealing"});
    const auto add = [&](const std::string& site, const std::string& cat, int n, const char* from) {
      for (int i = 0; i < n; ++i) {
        log.create("op", {.category = cat,
                          .site = site,
                          .occurred_at = at(from) + std::chrono::hours(20 * i + 1),
                          .description = "seen on camera"});
      }
    };
    add("talbot-walk", "ASB", 12, "2026-10-01T00:00:00Z");
    add("talbot-walk", "drug dealing", 3, "2026-10-10T00:00:00Z");
    add("neasden-tc", "ASB", 2, "2026-10-03T00:00:00Z");
    add("honeypot-lane", "ASB", 7, "2026-10-03T00:00:00Z");
    add("talbot-walk", "ASB", 20, "2026-08-01T00:00:00Z");
    reg.deploy("chair",
               {"tw1", "neasden-tc", at("2026-09-01T09:00:00Z"), "HAR-1", "street drinking"});
  }
};

TEST_F(Reports_Pack, counts_for_the_cluster_and_month_with_suppression) {
  const LjagPack pack =
      build_ljag_pack({.db_path = db, .cluster = "Harlesden", .month = "2026-10"});
  ASSERT_EQ(pack.table.sites.size(), 3u);
  EXPECT_EQ(pack.table.sites[0].site, "talbot-walk");
  EXPECT_EQ(pack.table.sites[0].total, 15);
  EXPECT_EQ(pack.table.total, 17);
  ASSERT_EQ(pack.trend.size(), 12u);
  EXPECT_EQ(pack.trend.front().month, "2025-11");
  EXPECT_EQ(pack.trend.back().count, 17);
  ASSERT_EQ(pack.effectiveness.size(), 1u);
  EXPECT_EQ(pack.recommendations.front().site, "talbot-walk");
  EXPECT_FALSE(pack.recommendations.front().covered) << "tw1 was at Neasden at the month's end";
  const nlohmann::json j = pack_json(pack);
  EXPECT_EQ(j["hotspots"]["total"], "17");
  EXPECT_EQ(j["hotspots"]["sites"][0]["total"], "*") << "17 - 15 would give Neasden's <5 away";
  EXPECT_EQ(j["hotspots"]["sites"][0]["by_category"]["ASB"], "12");
  EXPECT_EQ(j["hotspots"]["sites"][0]["by_category"]["drug dealing"], "<5");
  EXPECT_EQ(j["hotspots"]["sites"][1]["total"], "<5");
  EXPECT_EQ(j["hotspots"]["sites"][2]["total"], "0");
  EXPECT_EQ(j["deployments"][0]["camera"], "tw1");
  const LjagPack exact = build_ljag_pack(
      {.db_path = db, .cluster = "Harlesden", .month = "2026-10", .suppress = false});
  EXPECT_EQ(pack_json(exact)["hotspots"]["sites"][1]["total"], "2");
  EXPECT_THROW(build_ljag_pack({.db_path = db, .cluster = "Nowhere", .month = "2026-10"}),
               std::invalid_argument);
  EXPECT_THROW(build_ljag_pack({.db_path = db, .cluster = "", .month = "October"}),
               std::invalid_argument);
}

TEST_F(Reports_Pack, the_html_pack_and_its_pictures_are_written_and_valid) {
  const LjagPack pack =
      build_ljag_pack({.db_path = db, .cluster = "Harlesden", .month = "2026-10"});
  const PackFiles files = write_ljag_pack(pack, dir / "out");
  EXPECT_EQ(files.html.filename(), "ljag-Harlesden-2026-10.html");
  std::ifstream in(files.html);
  std::stringstream html;
  html << in.rdbuf();
  EXPECT_EQ(unbalanced_tag(html.str()), "");
  EXPECT_NE(html.str().find("<tr><td>Neasden Town Centre</td><td class=\"n\">&lt;5</td>"),
            std::string::npos)
      << "Neasden's 2 incidents are suppressed";
  EXPECT_NE(html.str().find("<tr><td>Talbot Walk</td><td class=\"n\">*</td>"), std::string::npos)
      << "and Talbot Walk's 15 withheld, since the total is shown";
  EXPECT_NE(html.str().find("Talbot Walk"), std::string::npos);
  ASSERT_EQ(files.images.size(), 4u);  // heat map, sites, trend, one deployment
  for (const auto& image : files.images) {
    const cv::Mat img = cv::imread(image.string());
    ASSERT_FALSE(img.empty()) << image;
    if (image.filename() == "ljag-Harlesden-2026-10-sites.png") {
      // Talbot Walk's 15 is withheld (17 - 15 would give Neasden's <5 away): neither has a bar.
      EXPECT_EQ(coloured_pixels(img), 0) << image << " draws a withheld count";
    } else {
      EXPECT_GT(coloured_pixels(img), 100) << image << " looks empty";
    }
    EXPECT_NE(html.str().find(image.filename().string()), std::string::npos);
  }
}

}  // namespace
}  // namespace cctv::reports
