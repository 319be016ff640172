// SPDX-License-Identifier: Apache-2.0
// Thumbnails in the alarm list against a real console and SQLite file: a page of them is one
// audit row at most, while opening a snapshot full size is one `evidence.view` row each time.
#include <opencv2/imgcodecs.hpp>

#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/evidence.hpp"
#include "console_fixture.hpp"

namespace cctv::test {
namespace {

// A real 1280 x 720 JPEG, as a camera node's snapshot would be.
std::string camera_jpeg() {
  const cv::Mat frame(720, 1280, CV_8UC3, cv::Scalar(40, 90, 160));
  std::vector<unsigned char> bytes;
  cv::imencode(".jpg", frame, bytes);
  return {bytes.begin(), bytes.end()};
}

// The audit rows `user` caused about evidence.
std::vector<std::string> evidence_audit(const std::string& db, const std::string& user) {
  std::vector<std::string> actions;
  for (const auto& e : storage::AuditLog(db).list()) {
    if (e.actor == user && e.action.starts_with("evidence.")) actions.push_back(e.action);
  }
  return actions;
}

TEST_F(ConsoleTest, a_page_of_thumbnails_is_one_audit_row_and_opening_a_snapshot_is_one_view) {
  constexpr int kAlarms = 6;
  storage::EvidenceStore store(db_path(), dir.path());
  const std::string jpeg = camera_jpeg();
  for (int n = 0; n < kAlarms; ++n) {
    const std::string incident = raise_alarm("tw1", now_utc() - std::chrono::minutes(n));
    const std::string event = storage::IncidentLog(db_path()).event_ids(incident).front();
    store.write(
        {.kind = storage::EvidenceKind::snapshot,
         .camera = "tw1",
         .path = storage::snapshot_path("tw1", now_utc(), event, storage::EvidenceKind::snapshot),
         .event_id = event},
        jpeg);
  }
  const Login op = login("operator1");
  const auto alarms = json(get("/api/alarms", op))["alarms"];
  ASSERT_EQ(alarms.size(), std::size_t{kAlarms});
  for (int page = 0; page < 2; ++page) {  // the list drawn, then drawn again on the next change
    for (const auto& alarm : alarms) {
      const auto thumbnail = get(alarm["thumbnail_url"].get<std::string>(), op);
      ASSERT_EQ(thumbnail->status, 200) << thumbnail->body;
      EXPECT_EQ(thumbnail->get_header_value("Content-Type"), "image/jpeg");
      const cv::Mat small =
          cv::imdecode(std::vector<unsigned char>(thumbnail->body.begin(), thumbnail->body.end()),
                       cv::IMREAD_COLOR);
      ASSERT_FALSE(small.empty());
      EXPECT_LE(small.cols, 384) << "a thumbnail, not the evidence itself";
      EXPECT_LE(small.rows, 216);
    }
  }
  EXPECT_EQ(evidence_audit(db_path(), "operator1"),
            (std::vector<std::string>{"evidence.thumbnails"}))
      << 2 * kAlarms << " thumbnail loads";

  const auto opened = get(alarms[0]["snapshot_url"].get<std::string>(), op);
  ASSERT_EQ(opened->status, 200);
  EXPECT_EQ(opened->body, jpeg) << "full size, as recorded";
  EXPECT_EQ(evidence_audit(db_path(), "operator1"),
            (std::vector<std::string>{"evidence.thumbnails", "evidence.view"}));
  EXPECT_EQ(get(alarms[0]["thumbnail_url"].get<std::string>())->status, 401)
      << "no thumbnail without a login";
}

}  // namespace
}  // namespace cctv::test
