// SPDX-License-Identifier: Apache-2.0
// LJAG tasking through the real `cctv` binary: demo data, the monthly pack, `cctv deploy`, and
// a hot redeploy while `cctv run` keeps recording both cameras.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include <opencv2/imgcodecs.hpp>

#include <nlohmann/json.hpp>

#include "cctv/reports/ljag_pack.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/hotspots.hpp"
#include "cctv/storage/recording_index.hpp"
#include "cctv/storage/site_register.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

namespace cctv {
namespace {

const std::string kDemoConfig = std::string(CCTV_SOURCE_DIR) + "/config/demo.yaml";

test::CommandResult cctv(std::vector<std::string> args) {
  args.insert(args.begin(), CCTV_BINARY);
  return test::run_command(args);
}

std::vector<std::string> demo_args(const std::filesystem::path& data) {
  return {"demo-data", "--data",  data.string(), "--config", kDemoConfig,
          "--month",   "2026-05", "--months",    "6"};
}

std::map<std::string, int> counts_per_site(const std::filesystem::path& data) {
  std::map<std::string, int> out;
  for (const auto& p :
       storage::load_incident_points((data / "cctv.db").string(), Timestamp{}, now_utc())) {
    ++out[p.site];
  }
  return out;
}

// One demo store shared by the tests of a process: six months (May to October 2026) keep it
// quick, also in the sanitizer build, and still hold the deployments the pack assesses.
class E2E_Ljag : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    demo_ = cctv(demo_args(dir_->path() / "demo"));
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::filesystem::path demo() { return dir_->path() / "demo"; }
  static test::TempDir* dir_;
  static test::CommandResult demo_;
};
test::TempDir* E2E_Ljag::dir_ = nullptr;
test::CommandResult E2E_Ljag::demo_;

TEST_F(E2E_Ljag, demo_data_fills_months_of_incidents_deterministically_and_refuses_a_used_store) {
  ASSERT_EQ(demo_.exit_code, 0) << demo_.err;
  const auto counts = counts_per_site(demo());
  int total = 0;
  for (const auto& [site, n] : counts) total += n;
  EXPECT_GT(total, 500) << demo_.out;
  EXPECT_GT(counts.at("talbot-walk"), counts.at("gladstone-park")) << "the hotspot is hotter";
  EXPECT_EQ(counts.size(), 11u) << "every demo site has incidents";
  const auto deployments = storage::SiteRegister((demo() / "cctv.db").string()).deployments();
  EXPECT_GE(deployments.size(), 3u) << "the moves that fall in these six months";

  const auto again = cctv(demo_args(dir_->path() / "again"));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(counts_per_site(dir_->path() / "again"), counts) << "same seed, same data";
  const auto used = cctv({"demo-data", "--data", demo().string(), "--config", kDemoConfig});
  EXPECT_EQ(used.exit_code, 1);
  EXPECT_NE(used.err.find("already has incidents"), std::string::npos) << used.err;
}

TEST_F(E2E_Ljag, report_ljag_writes_the_html_pack_with_decodable_pictures) {
  ASSERT_EQ(demo_.exit_code, 0) << demo_.err;
  const auto out = dir_->path() / "pack";
  const auto r = cctv({"report", "ljag", "--data", demo().string(), "--cluster", "Wembley",
                       "--month", "2026-10", "--out", out.string(), "--no-pdf"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto html = test::read_file(out / "ljag-Wembley-2026-10.html");
  EXPECT_NE(html.find("<table id=\"hotspots\">"), std::string::npos);
  EXPECT_NE(html.find("Honeypot Lane"), std::string::npos);
  EXPECT_NE(html.find("Effectiveness of deployments"), std::string::npos);
  int images = 0;
  for (const auto& entry : std::filesystem::directory_iterator(out)) {
    if (entry.path().extension() != ".png") continue;
    ++images;
    const cv::Mat img = cv::imread(entry.path().string());
    EXPECT_FALSE(img.empty()) << entry.path();
    EXPECT_NE(html.find(entry.path().filename().string()), std::string::npos);
  }
  EXPECT_GE(images, 5) << "heat map, sites, trend and the two Wembley deployments";
  const auto bad = cctv(
      {"report", "ljag", "--data", demo().string(), "--month", "2026-13", "--out", out.string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--month"), std::string::npos) << bad.err;
}

TEST_F(E2E_Ljag, report_ljag_prints_a_pdf_where_chromium_is_installed) {
  ASSERT_EQ(demo_.exit_code, 0) << demo_.err;
  if (test::run_command({"/bin/sh", "-c", "command -v chromium"}).exit_code != 0) {
    GTEST_SKIP() << "no chromium: the report skips the PDF";
  }
  const auto out = dir_->path() / "pdf";
  const auto r = cctv({"report", "ljag", "--data", demo().string(), "--cluster", "Harlesden",
                       "--month", "2026-10", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto pdf = test::read_file(out / "ljag-Harlesden-2026-10.pdf");
  EXPECT_EQ(pdf.substr(0, 5), "%PDF-") << r.out;
}

// A total published with the counts it adds up, as a reader of the pack sees them.
struct PublishedGroup {
  std::string what;
  std::string total;
  std::vector<std::string> parts;
};

std::vector<PublishedGroup> published_groups(const nlohmann::json& pack) {
  const nlohmann::json& hotspots = pack["hotspots"];
  const auto text = [](const nlohmann::json& v) { return v.get<std::string>(); };
  std::vector<PublishedGroup> groups{{"all sites", text(hotspots["total"]), {}}};
  for (const auto& site : hotspots["sites"]) {
    groups.front().parts.push_back(text(site["total"]));
    PublishedGroup row{text(site["site"]), text(site["total"]), {}};
    for (const auto& cell : site["by_category"]) row.parts.push_back(text(cell));
    groups.push_back(row);
  }
  return groups;
}

bool is_number(const std::string& shown) {
  return !shown.empty() && shown.find_first_not_of("0123456789") == std::string::npos;
}

// How a reader could work out a hidden count of `g` from the rest ("" when they cannot): the
// total minus the parts shown, when one part is hidden, or when every hidden part must be at
// the bound its mark gives ("<5": 1 to 4; "*": 5 or more).
std::string derivation(const PublishedGroup& g) {
  long long shown = 0, least = 0, most = 0;
  int hidden = 0;
  bool unbounded = false;
  for (const std::string& part : g.parts) {
    if (is_number(part)) {
      shown += std::stoll(part);
      continue;
    }
    ++hidden;
    least += part == "<5" ? 1 : 5;
    most += part == "<5" ? 4 : 0;
    unbounded = unbounded || part != "<5";
  }
  if (!is_number(g.total)) return hidden == 0 ? "the hidden total is the sum of its parts" : "";
  const long long rest = std::stoll(g.total) - shown;
  if (hidden == 1)
    return "the one hidden part is the total minus the others: " + std::to_string(rest);
  if (hidden > 1 && (rest == least || (!unbounded && rest == most)))
    return "every hidden part is at its bound (" + std::to_string(rest) + " over " +
           std::to_string(hidden) + ")";
  return "";
}

TEST_F(E2E_Ljag, no_suppressed_count_can_be_worked_out_from_a_published_total) {
  ASSERT_EQ(demo_.exit_code, 0) << demo_.err;
  int suppressed = 0;
  for (const char* cluster : {"Harlesden", "Kilburn", "Wembley", ""}) {
    for (const char* month : {"2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"}) {
      const nlohmann::json pack = reports::pack_json(reports::build_ljag_pack(
          {.db_path = (demo() / "cctv.db").string(), .cluster = cluster, .month = month}));
      for (const PublishedGroup& g : published_groups(pack)) {
        EXPECT_EQ(derivation(g), "")
            << cluster << " " << month << ", " << g.what << ": total " << g.total;
        suppressed += static_cast<int>(std::count(g.parts.begin(), g.parts.end(), "<5"));
      }
      EXPECT_EQ(pack["trend"].back()["count"], pack["hotspots"]["total"])
          << "the month's trend point is the table's total, shown the same";
    }
  }
  EXPECT_GT(suppressed, 20) << "the demo data has small counts to protect";
}

TEST_F(E2E_Ljag, deploy_moves_a_mobile_camera_and_names_the_bad_field) {
  ASSERT_EQ(demo_.exit_code, 0) << demo_.err;
  const std::string data = demo().string();
  const auto fixed =
      cctv({"deploy", "hl1", "--site", "stonebridge", "--reason", "r", "--data", data});
  EXPECT_EQ(fixed.exit_code, 2);
  EXPECT_NE(fixed.err.find("--camera: camera 'hl1' is fixed"), std::string::npos) << fixed.err;
  const auto nowhere =
      cctv({"deploy", "gp1", "--site", "nowhere", "--reason", "r", "--data", data});
  EXPECT_EQ(nowhere.exit_code, 2);
  EXPECT_NE(nowhere.err.find("--site"), std::string::npos);
  const auto ok = cctv({"deploy", "gp1", "--site", "wembley-central", "--case", "WEM-21",
                        "--reason", "ASB at the station", "--data", data, "--as", "ljag-chair"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  const auto list = cctv({"deployments", "--data", data, "--camera", "gp1"});
  EXPECT_NE(list.out.find("wembley-central"), std::string::npos) << list.out;
  EXPECT_EQ(storage::SiteRegister((demo() / "cctv.db").string()).current_sites().at("gp1"),
            "wembley-central");
  const auto audit = cctv({"audit", "list", "--data", data});
  EXPECT_NE(audit.out.find("deployment.create"), std::string::npos);
}

// A mobile camera's old site and the one it moves to.
const std::string kTwoSites = R"(sites:
  - {id: old-site, name: Old Site, cluster: Harlesden, lat: 51.5443, lon: -0.2497}
  - {id: new-site, name: New Site, cluster: Harlesden, lat: 51.5556, lon: -0.2510}
)";

// The bus (with its broker) and the console of a one-node test system.
std::string bus_and_console(int pub, int sub, int console) {
  return "bus: {source: ljag-node, publish: \"tcp://127.0.0.1:" + std::to_string(pub) +
         "\", subscribe: \"tcp://127.0.0.1:" + std::to_string(sub) +
         "\", broker: true, replay: \"tcp://127.0.0.1:*\"}\nconsole: {bind: \"127.0.0.1:" +
         std::to_string(console) + "\"}\n";
}

std::string two_camera_config(int pub, int sub, int console) {
  return kTwoSites + R"(cameras:
  - {id: mob, site: old-site, kind: mobile, url: "test://plaza", analytics: {fps: 6, width: 640, height: 360}}
  - {id: fix, site: old-site, url: "test://walkers", analytics: {fps: 6, width: 320, height: 180}}
zones:
  - {id: old-kerb, camera: mob, site: old-site, polygon: [[0.02, 0.02], [0.1, 0.02], [0.1, 0.1]],
     rules: {loitering: {dwell_s: 600}}}
  - {id: new-walkway, camera: mob, site: new-site, polygon: [[0.02, 0.55], [0.98, 0.55], [0.98, 0.98], [0.02, 0.98]],
     rules: {loitering: {dwell_s: 2, grace_s: 2}}}
storage: {segment_s: 1}
)" + bus_and_console(pub, sub, console);
}

// A mobile camera on the street scene (someone loiters on the walkway from t = 0.7 s to 95.7 s)
// whose old site has a walkway zone and whose new site has none.
std::string loitering_camera_config(int pub, int sub, int console) {
  return kTwoSites + R"(cameras:
  - {id: mob, site: old-site, kind: mobile, url: "test://street", analytics: {fps: 6, width: 640, height: 360}}
zones:
  - {id: old-walkway, camera: mob, site: old-site, polygon: [[0.02, 0.55], [0.98, 0.55], [0.98, 0.98], [0.02, 0.98]],
     rules: {loitering: {dwell_s: 2, grace_s: 2}}}
)" + bus_and_console(pub, sub, console);
}

// `cctv run` on the config `make_config(publish, subscribe, console ports)` gives, with a fresh
// data directory.
struct RunningSystem {
  explicit RunningSystem(std::string (*make_config)(int, int, int))
      : config(dir.write("run.yaml", make_config(test::free_tcp_port(), test::free_tcp_port(),
                                                 test::free_tcp_port()))),
        run({CCTV_BINARY, "run", "--config", config.string(), "--data", data.string()},
            dir / "run.log") {}
  test::TempDir dir;
  std::filesystem::path config;
  std::filesystem::path data = dir / "data";
  std::string db = (data / "cctv.db").string();
  test::Process run;
};

// The largest hole between consecutive recording segments of `camera` around `t`.
double largest_gap_s(const std::string& db, const std::string& camera, Timestamp from,
                     Timestamp to) {
  auto segments = storage::RecordingIndex(db).find(camera, from, to);
  std::sort(segments.begin(), segments.end(), [](auto& a, auto& b) { return a.start < b.start; });
  double gap = 0;
  for (std::size_t i = 1; i < segments.size(); ++i)
    gap = std::max(gap, seconds_between(segments[i - 1].end, segments[i].start));
  return gap;
}

TEST(E2E_LjagHotRedeploy,
     moving_one_camera_leaves_the_other_running_and_later_events_carry_the_new_site) {
  RunningSystem system(two_camera_config);
  const std::string& db = system.db;
  const auto segments = [&](const std::string& camera) {
    if (!std::filesystem::exists(db)) return std::size_t{0};
    return storage::RecordingIndex(db)
        .find(camera, Timestamp{}, now_utc() + std::chrono::hours(1))
        .size();
  };
  // Deployed early in the plaza scene: its group walks in from t = 8 s, so the fresh analytics
  // see them moving and the new site's zone raises loitering soon after.
  ASSERT_TRUE(test::wait_until(std::chrono::seconds(40), [&] {
    return segments("mob") >= 2 && segments("fix") >= 2;
  })) << test::read_file(system.dir / "run.log.err");
  const Timestamp before = now_utc();
  // --config: the running system's bus, where the store hears of the move.
  const auto deployed =
      cctv({"deploy", "mob", "--site", "new-site", "--case", "HAR-9", "--reason", "test", "--data",
            system.data.string(), "--config", system.config.string()});
  ASSERT_EQ(deployed.exit_code, 0) << deployed.err;
  const Timestamp moved = now_utc();

  storage::EventStore events(db);
  const auto new_site_alarm = [&] {
    for (const Event& e :
         events.query({.camera = "mob", .type = EventType::loitering, .since = moved})) {
      if (e.phase == EventPhase::start) return std::optional<Event>(e);
    }
    return std::optional<Event>();
  };
  ASSERT_TRUE(test::wait_until(std::chrono::seconds(60), [&] {
    return new_site_alarm().has_value();
  })) << test::read_file(system.dir / "run.log.err");
  EXPECT_EQ(new_site_alarm()->site, "new-site");
  EXPECT_EQ(new_site_alarm()->zone, "new-walkway") << "the new site's zone, not the old one's";
  const auto fix_now = segments("fix");
  ASSERT_TRUE(
      test::wait_until(std::chrono::seconds(20), [&] { return segments("fix") >= fix_now + 2; }));
  const Timestamp after = now_utc();

  system.run.signal(SIGINT);
  EXPECT_EQ(system.run.wait(std::chrono::seconds(20)), 0)
      << test::read_file(system.dir / "run.log.err");
  // Neither pipeline restarted: the recordings run on without a hole across the move.
  const Timestamp from = before - std::chrono::seconds(3);
  const double fix_gap = largest_gap_s(db, "fix", from, after),
               mob_gap = largest_gap_s(db, "mob", from, after);
  std::cout << "largest gap between recording segments across the move: fix " << fix_gap
            << " s, mob " << mob_gap << " s\n";
  EXPECT_LT(fix_gap, 1.0);
  EXPECT_LT(mob_gap, 1.0);
  EXPECT_GE(storage::RecordingIndex(db).find("fix", from, after).size(), 4u);
  const std::string log =
      test::read_file(system.dir / "run.log.err") + test::read_file(system.dir / "run.log");
  EXPECT_NE(log.find("[mob] moved from old-site to new-site"), std::string::npos);
}

TEST(E2E_LjagHotRedeploy, an_alarm_open_at_the_old_site_ends_when_the_camera_moves) {
  RunningSystem system(loitering_camera_config);
  const std::string& db = system.db;
  // Each track's loitering alarm: start, updates, end.
  const auto alarms = [&] {
    std::map<std::int64_t, std::vector<Event>> by_track;
    if (!std::filesystem::exists(db)) return by_track;
    for (const Event& e :
         storage::EventStore(db).query({.camera = "mob", .type = EventType::loitering})) {
      by_track[e.track_ids.at(0)].push_back(e);
    }
    return by_track;
  };
  const auto end_of = [](const std::vector<Event>& alarm) {
    return alarm.back().phase == EventPhase::end ? std::optional<Event>(alarm.back())
                                                 : std::nullopt;
  };
  ASSERT_TRUE(test::wait_until(std::chrono::seconds(40), [&] { return !alarms().empty(); }))
      << test::read_file(system.dir / "run.log.err");
  // The loiterer (on the walkway from t = 0.7 s to 95.7 s) raises the first alarm, and it is
  // still open: only the move can end it now.
  std::int64_t loiterer = 0;
  Timestamp first{Timestamp::max()};
  for (const auto& [track, alarm] : alarms()) {
    if (alarm.front().ts < first) std::tie(loiterer, first) = std::pair(track, alarm.front().ts);
  }
  ASSERT_FALSE(end_of(alarms().at(loiterer)));

  const auto deployed =
      cctv({"deploy", "mob", "--site", "new-site", "--case", "HAR-9", "--reason", "test", "--data",
            system.data.string(), "--config", system.config.string()});
  ASSERT_EQ(deployed.exit_code, 0) << deployed.err;
  ASSERT_TRUE(test::wait_until(std::chrono::seconds(30),
                               [&] { return end_of(alarms().at(loiterer)).has_value(); }))
      << "the loiterer's alarm ends with the move\n"
      << test::read_file(system.dir / "run.log.err");
  const Event end = *end_of(alarms().at(loiterer));
  EXPECT_EQ(end.site, "old-site");
  EXPECT_EQ(end.zone, "old-walkway");
  EXPECT_EQ(end.message, "camera redeployed to new-site");
  ASSERT_TRUE(test::wait_until(std::chrono::seconds(10), [&] {
    const auto all = alarms();
    return std::all_of(all.begin(), all.end(), [&](const auto& a) { return end_of(a.second); });
  })) << "no alarm of the old site stays open";
  system.run.signal(SIGINT);
  EXPECT_EQ(system.run.wait(std::chrono::seconds(20)), 0)
      << test::read_file(system.dir / "run.log.err");
}

}  // namespace
}  // namespace cctv
