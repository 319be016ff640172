// SPDX-License-Identifier: Apache-2.0
// Export packages: built from recorded footage, they verify; the masters are the stored
// segments byte for byte; the working copy plays and covers the window to within a GOP; a
// failed build leaves nothing behind; the manifest labels a window across the October
// BST->GMT change correctly.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include <mutex>
#include <thread>

#include "cctv/capture/rtsp_test_server.hpp"
#include "cctv/capture/source.hpp"
#include "cctv/storage/export_package.hpp"
#include "cctv/storage/export_verify.hpp"
#include "media_test_util.hpp"
#include "storage/footage_test_util.hpp"
#include "support/temp_dir.hpp"

namespace cctv::storage {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr double kGopS = 1.0;  // both kinds of test footage have a keyframe each second

nlohmann::json read_json(const fs::path& path) {
  return nlohmann::json::parse(test::read_file(path));
}

// Records camera `camera` from an RTSP test camera into 2 s segments until `segments` have
// closed, indexing each as `cctv run` does.
std::vector<storage::Recording> record_rtsp(storage::RecordingIndex& index,
                                            const std::filesystem::path& dir,
                                            const std::string& camera, std::size_t segments) {
  class Indexer final : public capture::RecordingListener, public capture::FrameSink {
   public:
    explicit Indexer(storage::RecordingIndex& index) : index_(index) {}
    void on_segment_closed(const capture::Segment& s) override {
      const auto r = storage::describe_segment(s.camera, s.start, s.end, s.path.string());
      index_.add(r);
      std::lock_guard lock(mutex_);
      recorded_.push_back(r);
    }
    void on_frame(const capture::Frame&) override {}
    std::vector<storage::Recording> recorded() const {
      std::lock_guard lock(mutex_);
      return recorded_;
    }

   private:
    storage::RecordingIndex& index_;
    mutable std::mutex mutex_;
    std::vector<storage::Recording> recorded_;
  };
  capture::RtspTestServer server;
  server.add_scene_mount("/" + camera, "street",
                         {.width = 640,
                          .height = 360,
                          .fps = test::kFootageFps,
                          .key_interval_s = 1,
                          .bitrate_kbps = 512});
  server.start();
  config::Camera cam;
  cam.id = camera;
  cam.site = "test-site";
  cam.url = server.url("/" + camera);
  cam.analytics.enabled = false;
  Indexer indexer(index);
  auto source = capture::create_source(
      cam, {.recordings_dir = dir, .segment_s = 2, .recording_listener = &indexer});
  std::jthread runner([&](std::stop_token stop) { source->run(stop, indexer); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (indexer.recorded().size() < segments && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  runner.request_stop();
  runner.join();
  return indexer.recorded();
}

ExportSpec spec_for(const std::string& camera, Timestamp from, Timestamp to) {
  return {.reference = "CRI-2026-0001",
          .cameras = {{.id = camera,
                       .name = "High St north",
                       .site = "s1",
                       .location = "High Street, Wembley"}},
          .from = from,
          .to = to,
          .operator_name = "tester",
          .system = "test-node",
          .requester = {
              .request_id = 7, .officer = "PC 123 Smith", .force = "Met", .reason = "s.29 DPA"}};
}

TEST(Storage_ExportPackage,
     package_from_rtsp_recording_verifies_with_identical_masters_and_a_playable_working_copy) {
  test::TempDir dir;
  RecordingIndex index((dir / "cctv.db").string());
  const auto segments = record_rtsp(index, dir / "recordings", "cam1", 4);
  ASSERT_GE(segments.size(), 4u);
  // A window across the join of the second and third segments.
  const Timestamp from = segments[1].start + 500ms, to = segments[2].end - 300ms;
  const ExportKey key = ExportKey::load_or_create(dir / "keys");
  std::vector<double> progress;
  const ExportPackage package =
      build_export_package(index, key, spec_for("cam1", from, to), dir / "exports" / "CRI-1",
                           [&](double done, std::string_view) { progress.push_back(done); });

  const ExportVerification dir_check = verify_export(package.dir);
  EXPECT_TRUE(dir_check.ok()) << dir_check.problem << dir_check.signature.problem;
  EXPECT_TRUE(verify_export(package.zip).ok());
  EXPECT_EQ(package.zip_sha256, sha256_file(package.zip.string()));
  ASSERT_FALSE(progress.empty());
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
  EXPECT_DOUBLE_EQ(progress.back(), 1.0);

  const auto manifest = read_json(package.dir / "manifest.json");
  std::vector<std::string> masters;
  for (const auto& f : manifest["files"]) {
    if (f["kind"] != "master") continue;
    masters.push_back(f["path"]);
    const auto stored = std::find_if(segments.begin(), segments.end(), [&](const Recording& r) {
      return fs::path(r.path).filename() == fs::path(f["path"].get<std::string>()).filename();
    });
    ASSERT_NE(stored, segments.end()) << f["path"];
    EXPECT_EQ(test::read_file(package.dir / f["path"].get<std::string>()),
              test::read_file(stored->path))
        << "a master must be the stored segment byte for byte";
  }
  EXPECT_EQ(masters.size(), 2u) << "exactly the segments that overlap the window";

  const auto& working = *std::find_if(manifest["files"].begin(), manifest["files"].end(),
                                      [](const auto& f) { return f["kind"] == "working"; });
  EXPECT_EQ(working["path"], "working/cam1.mp4");
  EXPECT_EQ(working["derived_from"].get<std::vector<std::string>>(), masters);
  EXPECT_EQ(working["redacted"], false);
  const test::Media media = test::read_media(package.dir / "working/cam1.mp4", true);
  ASSERT_TRUE(media.error.empty()) << media.error;
  EXPECT_EQ(media.codec, "h264");
  EXPECT_EQ(media.decoded_frames, static_cast<int>(media.packets.size()));
  EXPECT_TRUE(media.packets.front().key);
  const double window_s = seconds_between(from, to);
  EXPECT_GE(media.duration_s(), window_s - 0.2);
  EXPECT_LE(media.duration_s(), window_s + kGopS + 0.2);
  const auto boxes = test::mp4_boxes(package.dir / "working/cam1.mp4");
  EXPECT_LT(std::find(boxes.begin(), boxes.end(), "moov"),
            std::find(boxes.begin(), boxes.end(), "mdat"))
      << "moov first, so a browser plays it while it downloads";

  EXPECT_EQ(manifest["exhibit_reference"], "CRI-2026-0001");
  EXPECT_EQ(manifest["cameras"][0]["location"], "High Street, Wembley");
  EXPECT_EQ(manifest["window"]["from"]["utc"], format_utc(from));
  EXPECT_EQ(manifest["request"]["officer"], "PC 123 Smith");
  EXPECT_EQ(manifest["signature"]["public_key"], key.public_hex());
  EXPECT_TRUE(fs::exists(package.dir / "README.txt"));
}

TEST(Storage_ExportPackage,
     a_window_across_the_october_clock_change_has_its_true_duration_and_labels) {
  test::TempDir dir;
  RecordingIndex index((dir / "cctv.db").string());
  // 2026-10-25 01:00 UTC: British Summer Time ends, local clocks go back from 02:00 to 01:00.
  const Timestamp change = *parse_utc("2026-10-25T01:00:00Z");
  test::synthesise_recording(index, dir / "recordings", "cam1", change - 6s, 6);
  const Timestamp from = change - 4s, to = change + 4s;
  const ExportPackage package = build_export_package(index, ExportKey::load_or_create(dir / "keys"),
                                                     spec_for("cam1", from, to), dir / "dst");
  const auto manifest = read_json(package.dir / "manifest.json");
  EXPECT_EQ(manifest["window"]["from"]["local"], "2026-10-25 01:59:56 BST");
  EXPECT_EQ(manifest["window"]["to"]["local"], "2026-10-25 01:00:04 GMT");
  EXPECT_DOUBLE_EQ(manifest["window"]["duration_s"].get<double>(), 8.0);
  const double working_s = test::read_media(package.dir / "working/cam1.mp4").duration_s();
  EXPECT_GE(working_s, 8.0 - 0.2);
  EXPECT_LE(working_s, 8.0 + kGopS + 0.2);
  EXPECT_TRUE(verify_export(package.zip).ok());
}

TEST(Storage_ExportPackage, a_failed_build_leaves_no_package_behind) {
  test::TempDir dir;
  RecordingIndex index((dir / "cctv.db").string());
  const Timestamp start = *parse_utc("2026-03-01T12:00:00Z");
  const auto segments = test::synthesise_recording(index, dir / "recordings", "cam1", start, 2);
  const ExportKey key = ExportKey::load_or_create(dir / "keys");
  const auto nothing_left = [&] {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir / "exports"))
      names.push_back(e.path().filename().string());
    return names;
  };
  fs::create_directories(dir / "exports");

  EXPECT_THROW(
      build_export_package(index, key, spec_for("cam2", start, start + 2s), dir / "exports" / "p"),
      ExportError)
      << "a camera without footage";
  // A stored segment altered after it was recorded cannot be a master.
  {
    std::fstream f(segments[1].path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(200);
    f.put('\x55');
  }
  try {
    build_export_package(index, key, spec_for("cam1", start, start + 4s), dir / "exports" / "p");
    ADD_FAILURE() << "an altered segment was exported";
  } catch (const ExportError& e) {
    EXPECT_NE(std::string(e.what()).find(segments[1].path), std::string::npos) << e.what();
  }
  EXPECT_EQ(nothing_left(), std::vector<std::string>{});
}

TEST(Storage_ExportKey, is_made_once_private_to_its_owner_and_refused_when_others_can_read_it) {
  test::TempDir dir;
  const std::string public_key = ExportKey::load_or_create(dir / "keys").public_hex();
  struct stat st {};
  ASSERT_EQ(::stat(export_key_file(dir / "keys").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const ExportKey again = ExportKey::load_or_create(dir / "keys");
  EXPECT_EQ(again.public_hex(), public_key);
  const std::string signature = again.sign_hex("manifest");
  EXPECT_TRUE(signature_valid(public_key, "manifest", signature));
  EXPECT_FALSE(signature_valid(public_key, "manifesT", signature));
  ::chmod(export_key_file(dir / "keys").c_str(), 0644);
  EXPECT_THROW(ExportKey::load_or_create(dir / "keys"), ExportKeyError);
}

}  // namespace
}  // namespace cctv::storage
