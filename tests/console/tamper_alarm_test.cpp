// SPDX-License-Identifier: Apache-2.0
// A camera tamper in the console, against a real console and SQLite file: the alarm list gives
// its kind, priority 2 (high) and both pictures (the tampered view and the reference view before
// it), each served as a thumbnail; camera health shows the open tamper until it ends.
#include <opencv2/imgcodecs.hpp>

#include "cctv/storage/evidence.hpp"
#include "console_fixture.hpp"

namespace cctv::test {
namespace {

std::string jpeg_of(const cv::Scalar& colour) {
  std::vector<unsigned char> bytes;
  cv::imencode(".jpg", cv::Mat(360, 640, CV_8UC3, colour), bytes);
  return {bytes.begin(), bytes.end()};
}

Event tamper_event(EventPhase phase, Timestamp started, Timestamp ts) {
  Event e;
  e.id = new_uuid();
  e.source = "test";
  e.seq = static_cast<std::uint64_t>(ts.time_since_epoch().count());
  e.type = EventType::camera_tamper;
  e.phase = phase;
  e.camera = "tw1";
  e.site = "talbot-walk";
  e.ts = ts;
  e.started_at = started;
  e.kind = "covered";
  e.severity = Severity::alarm;
  return e;
}

void store_event(const std::string& db, const Event& e) {
  storage::EventStore(db).upsert({e});
  storage::IncidentLog(db).catch_up();
}

TEST_F(ConsoleTest, a_tamper_alarm_lists_its_kind_and_both_snapshots_and_shows_in_camera_health) {
  const Timestamp started = now_utc() - std::chrono::seconds(10);
  const Event start = tamper_event(EventPhase::start, started, started + std::chrono::seconds(5));
  store_event(db_path(), start);
  storage::EvidenceStore store(db_path(), dir.path());
  const std::map<storage::EvidenceKind, std::string> pictures = {
      {storage::EvidenceKind::snapshot_reference, jpeg_of({90, 120, 150})},
      {storage::EvidenceKind::snapshot_clean, jpeg_of({20, 20, 20})},
      {storage::EvidenceKind::snapshot, jpeg_of({20, 20, 20})}};
  std::map<storage::EvidenceKind, std::string> ids;
  for (const auto& [kind, jpeg] : pictures) {
    ids[kind] = store
                    .write({.kind = kind,
                            .camera = "tw1",
                            .path = storage::snapshot_path("tw1", start.ts, start.id, kind),
                            .event_id = start.id},
                           jpeg)
                    .id;
  }

  const Login op = login("operator1");
  const auto alarms = json(get("/api/alarms", op))["alarms"];
  ASSERT_EQ(alarms.size(), 1u);
  const auto& alarm = alarms[0];
  EXPECT_EQ(alarm["category"], "camera_tamper");
  EXPECT_EQ(alarm["tamper_kind"], "covered");
  EXPECT_EQ(alarm["priority"], 2);
  EXPECT_EQ(alarm["snapshot_url"], "/evidence/" + ids[storage::EvidenceKind::snapshot]);
  EXPECT_EQ(alarm["reference_url"], "/evidence/" + ids[storage::EvidenceKind::snapshot_reference]);
  const auto mean_of = [&](const std::string& url) {
    const auto r = get(url, op);
    EXPECT_EQ(r->status, 200) << url << ": " << r->body;
    const cv::Mat image =
        cv::imdecode(std::vector<unsigned char>(r->body.begin(), r->body.end()), cv::IMREAD_COLOR);
    EXPECT_FALSE(image.empty()) << url;
    return image.empty() ? cv::Scalar() : cv::mean(image);
  };
  EXPECT_LT(mean_of(alarm["thumbnail_url"].get<std::string>())[2], 40) << "the tampered view";
  EXPECT_GT(mean_of(alarm["reference_thumbnail_url"].get<std::string>())[2], 120)
      << "the reference view";

  const auto camera_health = [&] {
    const nlohmann::json cameras = json(get("/api/cameras", op))["cameras"];
    for (const auto& c : cameras) {
      if (c["id"] == "tw1") return c;
    }
    return nlohmann::json();
  };
  EXPECT_EQ(camera_health()["tamper"], "covered");
  store_event(db_path(), tamper_event(EventPhase::end, started, now_utc()));
  EXPECT_TRUE(camera_health()["tamper"].is_null()) << "the view is back";
}

}  // namespace
}  // namespace cctv::test
