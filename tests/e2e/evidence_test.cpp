// SPDX-License-Identifier: Apache-2.0
// Evidence end to end: `cctv run` on a synthetic camera where a passer-by lingers in a zone
// (short dwell, 2 s segments, 2 s pre/post-roll). The alarm's start event carries a snapshot
// whose two JPEGs decode and match their SHA-256; once the alarm has ended and its post-roll is
// recorded, the incident gets a clip (registered, hashed, noted in its history) that plays and
// covers the alarm; `cctv clip` over the same window gives the same packets.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "cctv/common/sha256.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/evidence.hpp"
#include "cctv/storage/incident_log.hpp"
#include "storage/media_test_util.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace cctv {
namespace {

using namespace std::chrono_literals;

// Walker 2 of test://walkers crosses the frame at y = 0.7 from t = 5 s to 14 s; the zone holds
// its feet for about 3.5 s of that, long enough for a 1.5 s dwell.
std::string evidence_config(const test::TempDir& dir) {
  return "sites: [{id: s1, name: Site One}]\n"
         "cameras:\n"
         "  - {id: kh1, site: s1, url: \"test://walkers\", analytics: {fps: 6, width: 640, height: "
         "360}}\n"
         "zones:\n"
         "  - id: kh1-crossing\n"
         "    camera: kh1\n"
         "    polygon: [[0.3, 0.6], [0.75, 0.6], [0.75, 0.8], [0.3, 0.8]]\n"
         "    rules: {loitering: {dwell_s: 1.5, grace_s: 0.5}}\n"
         "storage: {data_dir: " +
         (dir / "data").string() +
         ", segment_s: 2, clip_pre_roll_s: 2, clip_post_roll_s: 2}\n"
         "bus: {source: evidence-node, publish: \"tcp://127.0.0.1:" +
         std::to_string(test::free_tcp_port()) +
         "\", subscribe: \"tcp://127.0.0.1:" + std::to_string(test::free_tcp_port()) +
         "\", replay: \"tcp://127.0.0.1:*\", outbox_sync: normal}\n";
}

template <typename Check>
bool eventually(std::chrono::seconds timeout, Check check) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (check()) return true;
    std::this_thread::sleep_for(250ms);
  }
  return check();
}

// The first alarm incident with a clip noted in its history, and that note's details.
std::optional<std::pair<storage::Incident, nlohmann::json>> clipped_incident(
    const std::string& db) {
  if (!std::filesystem::exists(db)) return std::nullopt;
  storage::IncidentLog log(db);
  for (const storage::Incident& i : log.search({.category = "loitering"})) {
    for (const auto& h : log.history(i.id)) {
      if (h.action == "clip") return std::pair{i, nlohmann::json::parse(h.details)};
    }
  }
  return std::nullopt;
}

void expect_registered(const storage::EvidenceStore& store, const storage::Evidence& e) {
  const auto file = store.file(e.path);
  ASSERT_TRUE(std::filesystem::exists(file)) << file;
  EXPECT_EQ(e.sha256, sha256_file(file.string())) << e.path;
  EXPECT_EQ(e.bytes, static_cast<std::int64_t>(std::filesystem::file_size(file)));
}

TEST(E2E_Evidence, alarm_snapshots_and_incident_clip) {
  test::TempDir dir;
  const auto config = dir.write("evidence.yaml", evidence_config(dir));
  test::Process cctv({CCTV_BINARY, "run", "--config", config.string()}, dir / "run.log");
  const std::string db = (dir / "data" / "cctv.db").string();

  std::optional<std::pair<storage::Incident, nlohmann::json>> clipped;
  ASSERT_TRUE(eventually(60s, [&] { return (clipped = clipped_incident(db)).has_value(); }))
      << test::read_file(dir / "run.log.err");
  cctv.signal(SIGTERM);
  ASSERT_EQ(cctv.wait(20s), 0) << test::read_file(dir / "run.log.err");
  const auto& [incident, note] = *clipped;
  storage::EvidenceStore evidence(db, dir / "data");

  // The alarm's start carries its snapshot: the annotated frame and the clean one.
  const auto starts =
      storage::EventStore(db).query({.camera = "kh1", .type = EventType::loitering});
  ASSERT_FALSE(starts.empty());
  const Event& start = starts.front();
  ASSERT_EQ(start.phase, EventPhase::start);
  ASSERT_FALSE(start.snapshot.empty()) << "the start event names its snapshot";
  const auto snapshot = evidence.get(start.snapshot);
  ASSERT_TRUE(snapshot);
  EXPECT_EQ(snapshot->kind, storage::EvidenceKind::snapshot);
  EXPECT_EQ(snapshot->path,
            storage::snapshot_path("kh1", start.ts, start.id, storage::EvidenceKind::snapshot));
  const auto both = evidence.of_event(start.id);
  ASSERT_EQ(both.size(), 2u);
  cv::Mat images[2];
  for (std::size_t k = 0; k < 2; ++k) {
    expect_registered(evidence, both[k]);
    images[k] = cv::imread(evidence.file(both[k].path).string());
    ASSERT_FALSE(images[k].empty()) << both[k].path << " does not decode";
    EXPECT_EQ(images[k].size(), cv::Size(640, 360));
  }
  EXPECT_GT(cv::norm(images[0], images[1], cv::NORM_L1), 0) << "one has the boxes and zone drawn";

  // The clip: registered with its hash, plays, and covers pre-roll to post-roll.
  ASSERT_FALSE(note.contains("error")) << note.dump();
  const auto clip = evidence.get(note["evidence"].get<std::string>());
  ASSERT_TRUE(clip);
  EXPECT_EQ(clip->kind, storage::EvidenceKind::clip);
  EXPECT_EQ(clip->incident_id, incident.id);
  EXPECT_EQ(clip->path, storage::clip_path("kh1", incident.started_at, incident.id));
  expect_registered(evidence, *clip);
  ASSERT_TRUE(incident.ended_at);
  const Timestamp clip_start = *parse_utc(note["start"].get<std::string>());
  const Timestamp clip_end = *parse_utc(note["end"].get<std::string>());
  EXPECT_LE(clip_start, incident.started_at - 2s) << note.dump();
  EXPECT_GE(clip_end, *incident.ended_at + 2s - 300ms) << note.dump();
  const test::Media media = test::read_media(evidence.file(clip->path), /*decode=*/true);
  ASSERT_TRUE(media.error.empty()) << media.error;
  EXPECT_EQ(media.decoded_frames, static_cast<int>(media.packets.size()));
  EXPECT_NEAR(media.duration_s(), seconds_between(clip_start, clip_end), 0.01);

  // By hand, over the same window: the same footage.
  const auto out = dir / "manual.mp4";
  const auto cut =
      test::run_command({CCTV_BINARY, "clip", "--data", (dir / "data").string(), "--camera", "kh1",
                         "--from", note["from"].get<std::string>(), "--to",
                         note["to"].get<std::string>(), "--out", out.string()});
  ASSERT_EQ(cut.exit_code, 0) << cut.err;
  EXPECT_NE(cut.out.find("sha256 " + sha256_file(out.string())), std::string::npos) << cut.out;
  const test::Media manual = test::read_media(out);
  ASSERT_EQ(manual.packets.size(), media.packets.size());
  for (std::size_t k = 0; k < media.packets.size(); ++k)
    EXPECT_EQ(manual.packets[k].sha256, media.packets[k].sha256);

  const auto none =
      test::run_command({CCTV_BINARY, "clip", "--data", (dir / "data").string(), "--camera", "kh1",
                         "--from", "2020-01-01T00:00:00Z", "--to", "2020-01-01T00:01:00Z", "--out",
                         (dir / "none.mp4").string()});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no recorded footage"), std::string::npos) << none.err;
}

}  // namespace
}  // namespace cctv
