// SPDX-License-Identifier: Apache-2.0
// Playback through the console: a camera's timeline (recorded spans, gaps, alarms, incidents)
// and its footage as a seekable MP4 cut from real recordings, with every window checked and
// each one opened audited once.
#include <algorithm>

#include "cctv/storage/audit_log.hpp"
#include "console_fixture.hpp"
#include "storage/footage_test_util.hpp"

namespace cctv::test {
namespace {

using namespace std::chrono_literals;

class Console_Playback : public ConsoleTest {
 protected:
  void SetUp() override {
    ConsoleTest::SetUp();
    storage::RecordingIndex index(db_path());
    start_ = std::chrono::floor<std::chrono::seconds>(now_utc()) - 60s;
    // [start, start + 6 s), a 4 s outage, then [start + 10 s, start + 14 s).
    synthesise_recording(index, dir / "recordings", "tw1", start_, 3);
    synthesise_recording(index, dir / "recordings", "tw1", start_ + 10s, 2);
    op_ = login("operator1");
  }

  std::string window(const std::string& what, Timestamp from, Timestamp to,
                     const std::string& camera = "tw1") const {
    return "/api/cameras/" + camera + "/" + what + "?from=" + format_utc(from) +
           "&to=" + format_utc(to);
  }

  int playback_views() const {
    const auto rows = storage::AuditLog(db_path()).list();
    return static_cast<int>(std::count_if(rows.begin(), rows.end(), [](const auto& e) {
      return e.action == "playback.view" && e.actor == "operator1" && e.target == "tw1";
    }));
  }

  Timestamp start_{};
  Login op_;
};

TEST_F(Console_Playback, timeline_shows_recorded_spans_gaps_alarms_and_incidents) {
  const std::string incident = raise_alarm("tw1", start_ + 11s);
  raise_alarm("mob1", start_ + 12s);  // another camera's alarm is not on this timeline
  const auto r = get(window("timeline", start_ - 5s, start_ + 20s), op_);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto t = json(r);
  const auto span = [](Timestamp a, Timestamp b) {
    return nlohmann::json{{"from", format_utc(a)}, {"to", format_utc(b)}};
  };
  EXPECT_EQ(t["spans"],
            nlohmann::json::array({span(start_, start_ + 6s), span(start_ + 10s, start_ + 14s)}));
  EXPECT_EQ(t["gaps"],
            nlohmann::json::array({span(start_ - 5s, start_), span(start_ + 6s, start_ + 10s),
                                   span(start_ + 14s, start_ + 20s)}));
  ASSERT_EQ(t["events"].size(), 1u) << t.dump();
  EXPECT_EQ(t["events"][0]["ts"], format_utc(start_ + 11s));
  EXPECT_EQ(t["events"][0]["type"], "loitering");
  ASSERT_EQ(t["incidents"].size(), 1u) << t.dump();
  EXPECT_EQ(t["incidents"][0]["id"], incident);
}

TEST_F(Console_Playback, bad_windows_cameras_and_roles_are_refused_with_a_reason) {
  const auto refused = [&](const std::string& path, int status, const std::string& reason,
                           const Login& who) {
    const auto r = get(path, who);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << path << ": " << r->body;
    EXPECT_NE(json(r).value("error", "").find(reason), std::string::npos) << r->body;
  };
  refused("/api/cameras/tw1/timeline?from=" + format_utc(start_), 400,
          "'from' and 'to' are required", op_);
  refused("/api/cameras/tw1/playback?from=yesterday&to=" + format_utc(start_), 400, "ISO-8601",
          op_);
  refused(window("timeline", start_, start_), 400, "'to' must be after 'from'", op_);
  refused(window("timeline", start_ - 25h, start_), 400, "at most 24 hours", op_);
  refused(window("playback", start_ - 2h, start_), 400, "at most 1 hour", op_);
  refused(window("playback", start_, start_ + 5s, "nope"), 404, "no camera 'nope'", op_);
  refused(window("playback", start_ + 6s, start_ + 10s), 404, "no recorded footage", op_);
  refused(window("playback", start_, start_ + 5s), 403, "", login("police1"));
  EXPECT_EQ(playback_views(), 0);
}

TEST_F(Console_Playback,
       footage_is_a_seekable_mp4_from_the_keyframe_before_the_window_audited_once) {
  const Timestamp from = start_ + 1500ms;
  const std::string path = window("playback", from, start_ + 5s);
  const auto head = client().Head(path, {{"Cookie", op_.cookie}});
  ASSERT_EQ(head->status, 200);
  EXPECT_EQ(playback_views(), 0) << "a HEAD request sends no footage";
  const auto whole = get(path, op_);
  ASSERT_EQ(whole->status, 200) << whole->body;
  EXPECT_EQ(whole->get_header_value("Content-Type"), "video/mp4");
  const std::string& mp4 = whole->body;
  ASSERT_GT(mp4.size(), 1000u);
  EXPECT_EQ(mp4.substr(4, 4), "ftyp");
  EXPECT_LT(mp4.find("moov"), mp4.find("mdat")) << "moov first: a browser seeks before it has all";
  // A keyframe each second: the cut starts at the one at start + 1 s, and says so.
  EXPECT_EQ(whole->get_header_value("X-Playback-Start"), format_utc(start_ + 1s));
  EXPECT_EQ(head->get_header_value("X-Playback-Start"), format_utc(start_ + 1s));
  EXPECT_EQ(whole->get_header_value("X-Playback-End"), format_utc(start_ + 5s));

  const auto part = client().Get(path, {{"Cookie", op_.cookie}, {"Range", "bytes=100-199"}});
  ASSERT_EQ(part->status, 206);
  EXPECT_EQ(part->body, mp4.substr(100, 100));
  EXPECT_EQ(playback_views(), 1) << "one view per window, not one per range";
  ASSERT_EQ(get(path, op_)->status, 200);
  EXPECT_EQ(playback_views(), 2) << "opened again: another view";
}

}  // namespace
}  // namespace cctv::test
