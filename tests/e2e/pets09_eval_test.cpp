// SPDX-License-Identifier: Apache-2.0
// `cctv eval` on real footage, PETS09-S2L1 View 001 (795 frames, 7 fps), with the shipped
// zones, scored as the MOTChallenge scorer does: the YOLOX chain keeps its measured figures, on
// the footage as it is and at half size (a wider view of smaller people). Skips when the video,
// the ground truth or the model is absent. Takes about a minute per 60 ms inference; set
// CCTV_SKIP_SLOW_TESTS=1 to skip it (e.g. in the sanitizer build).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include "support/half_size_scene.hpp"
#include "support/process.hpp"
#include "support/shared_data.hpp"
#include "support/temp_dir.hpp"

namespace cctv {
namespace {

const std::string kVideo = test::kPets09Video;
const std::string kGt = test::kPets09GroundTruth;
const std::string kModel = test::kYoloxNanoModel;
const std::string kZones = std::string(CCTV_SOURCE_DIR) + "/tests/data/pets09-zones.yaml";
const std::string kHalfZones = std::string(CCTV_SOURCE_DIR) + "/tests/data/pets09-half-zones.yaml";

// Why a slow evaluation cannot run here, or nothing.
std::optional<std::string> cannot_evaluate() {
  if (std::getenv("CCTV_SKIP_SLOW_TESTS")) return "CCTV_SKIP_SLOW_TESTS is set";
  for (const std::string& f : {kVideo, kGt, kModel}) {
    if (!std::filesystem::exists(f))
      return f + " is absent (video: package opencv-doc; ground truth and model: ../shared)";
  }
  return std::nullopt;
}

nlohmann::json evaluate(const std::string& video, const std::string& gt, const std::string& zones,
                        int interval = 0) {  // 0: the zones file's
  std::vector<std::string> command{CCTV_BINARY,  "eval",  "--video", video,     "--gt",
                                   gt,           "--fps", "7",       "--zones", zones,
                                   "--detector", "yolox", "--model", kModel,    "--json"};
  if (interval > 0) command.insert(command.end(), {"--interval", std::to_string(interval)});
  const auto r = test::run_command(command);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

TEST(E2E_Pets09Eval, yolox_meets_the_targets) {
  if (const auto why = cannot_evaluate()) GTEST_SKIP() << *why;
  const auto j = evaluate(kVideo, kGt, kZones);
  ASSERT_FALSE(j.empty());
  EXPECT_EQ(j["frames"], 795);
  EXPECT_EQ(j["gt_frames"], 795);
  // Scored as TrackEval scores MOT15 (conf 0 people removed). Floors just under the figures
  // measured on 2026-12-07 (README): they guard against regressions; the targets
  // (MOTA 0.85, IDF1 0.75) are not met yet.
  EXPECT_GE(j["detection"]["precision"].get<double>(), 0.89);
  EXPECT_GE(j["detection"]["recall"].get<double>(), 0.87);
  EXPECT_GE(j["tracking"]["mota"].get<double>(), 0.77);
  EXPECT_GE(j["tracking"]["idf1"].get<double>(), 0.74);
  // HOTA 0.5875 (DetA 0.611, AssA 0.565) on 2026-12-08, as TrackEval's hota.py gives it.
  EXPECT_GE(j["tracking"]["hota"].get<double>(), 0.57);
  EXPECT_GE(j["tracking"]["deta"].get<double>(), 0.59);
  EXPECT_GE(j["tracking"]["assa"].get<double>(), 0.54);
  EXPECT_EQ(j["tracking"]["mostly_lost"], 0);
  EXPECT_LE(j["zones"]["count_mae"].get<double>(), 0.17);
  // The ground truth holds three 20 s loitering episodes in the centre and one crowd on the
  // south-east path; identity-matched, two loitering alarms and the crowd are right, and
  // nothing else is raised (README).
  EXPECT_EQ(j["loitering"]["truth"], 3);
  EXPECT_GE(j["loitering"]["matched"].get<long>(), 2);
  EXPECT_EQ(j["loitering"]["predicted"], j["loitering"]["matched"]);
  EXPECT_EQ(j["crowding"]["truth"], 1);
  EXPECT_EQ(j["crowding"]["matched"], 1);
  EXPECT_EQ(j["crowding"]["predicted"], 1);
}

// At detection interval 3 (what a node with many cameras runs), two frames in three place people
// without the detector: by the picture in their boxes (image_shift). Measured 2026-12-07: MOTA
// 0.759, IDF1 0.819; 0.721 and 0.802 by the motion model alone.
TEST(E2E_Pets09Eval, yolox_at_interval_3_follows_people_between_runs) {
  if (const auto why = cannot_evaluate()) GTEST_SKIP() << *why;
  const auto j = evaluate(kVideo, kGt, kZones, 3);
  ASSERT_FALSE(j.empty());
  std::cout << "interval 3: " << j["tracking"].dump() << '\n';
  EXPECT_GE(j["tracking"]["mota"].get<double>(), 0.74);
  EXPECT_GE(j["tracking"]["idf1"].get<double>(), 0.78);
  EXPECT_EQ(j["crowding"]["matched"], 1);
  EXPECT_EQ(j["loitering"]["predicted"], j["loitering"]["matched"]);
}

// PETS09 at half size (support/half_size_scene.hpp) and its ground truth moved with it.
void write_half_size(const std::filesystem::path& video, const std::filesystem::path& gt) {
  constexpr int kWidth = 768, kHeight = 576;
  cv::VideoCapture in(kVideo);
  cv::VideoWriter out(video.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 7,
                      {kWidth, kHeight});
  ASSERT_TRUE(out.isOpened()) << "cannot write " << video;
  for (cv::Mat frame; in.read(frame);) out.write(test::half_size_frame(frame));
  std::ifstream rows(kGt);
  std::ofstream moved(gt);
  for (std::string line; std::getline(rows, line);) {
    std::vector<std::string> f;
    std::stringstream cells(line);
    for (std::string c; std::getline(cells, c, ',');) f.push_back(c);
    ASSERT_GE(f.size(), 7u) << line;
    const auto moved_to = [](const std::string& v, double side) {
      return std::to_string(test::to_half_size(std::stod(v), side));
    };
    const auto halved = [](const std::string& v) {
      return std::to_string(std::stod(v) * test::kHalfSizeShrink);
    };
    f[2] = moved_to(f[2], kWidth);
    f[3] = moved_to(f[3], kHeight);
    f[4] = halved(f[4]);
    f[5] = halved(f[5]);
    for (std::size_t i = 0; i < f.size(); ++i) moved << (i ? "," : "") << f[i];
    moved << '\n';
  }
}

TEST(E2E_Pets09Eval, yolox_holds_up_on_people_half_the_size) {
  if (const auto why = cannot_evaluate()) GTEST_SKIP() << *why;
  const test::TempDir dir;
  write_half_size(dir / "half.avi", dir / "gt.txt");
  const auto j = evaluate((dir / "half.avi").string(), (dir / "gt.txt").string(), kHalfZones);
  ASSERT_FALSE(j.empty());
  EXPECT_EQ(j["frames"], 795);
  std::cout << "half size: " << j["tracking"].dump() << '\n';
  // Measured 2026-12-07 (README): MOTA 0.73, IDF1 0.67, recall 0.82; 0.50, 0.46 and 0.61 when
  // crops were seen at the whole frame's scale. The floors keep the closer look honest.
  EXPECT_GE(j["tracking"]["mota"].get<double>(), 0.68);
  EXPECT_GE(j["tracking"]["idf1"].get<double>(), 0.6);
  EXPECT_GE(j["detection"]["recall"].get<double>(), 0.76);
}

TEST(E2E_Pets09Eval, missing_model_is_a_clear_error) {
  if (!std::filesystem::exists(kVideo) || !std::filesystem::exists(kGt))
    GTEST_SKIP() << "PETS09 data absent";
  const auto r = test::run_command({CCTV_BINARY, "eval", "--video", kVideo, "--gt", kGt, "--fps",
                                    "7", "--zones", kZones, "--detector", "yolox", "--model",
                                    "/nonexistent/yolox.onnx"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("yolox model '/nonexistent/yolox.onnx' not found"), std::string::npos)
      << r.err;
}

// The first `frames` of PETS09 as the MOTChallenge benchmark ships a sequence (seqinfo.ini,
// numbered images, gt/gt.txt), and the same pictures as a lossless video beside it.
void write_sequence(const std::filesystem::path& dir, int frames,
                    const std::filesystem::path& video, const std::filesystem::path& gt) {
  std::filesystem::create_directories(dir / "img1");
  std::filesystem::create_directories(dir / "gt");
  cv::VideoCapture in(kVideo);
  cv::VideoWriter out(video.string(), cv::VideoWriter::fourcc('F', 'F', 'V', '1'), 7, {768, 576});
  ASSERT_TRUE(out.isOpened()) << "cannot write " << video;
  cv::Mat frame;
  for (int k = 1; k <= frames && in.read(frame); ++k) {
    char name[16];
    std::snprintf(name, sizeof name, "%06d.png", k);
    ASSERT_TRUE(
        cv::imwrite((dir / "img1" / name).string(), frame, {cv::IMWRITE_PNG_COMPRESSION, 1}));
    out.write(frame);
  }
  std::ofstream(dir / "seqinfo.ini") << "[Sequence]\r\nname=PETS09-S2L1\r\nimDir=img1\r\n"
                                        "frameRate=7\r\nseqLength="
                                     << frames << "\r\nimExt=.png\r\n";
  std::ifstream rows(kGt);
  std::ofstream kept(dir / "gt" / "gt.txt"), beside(gt);
  for (std::string line; std::getline(rows, line);) {
    if (std::stoi(line) > frames) continue;
    kept << line << '\n';
    beside << line << '\n';
  }
}

nlohmann::json evaluate_motion(std::vector<std::string> footage) {
  std::vector<std::string> command{CCTV_BINARY, "eval"};
  command.insert(command.end(), footage.begin(), footage.end());
  command.insert(command.end(), {"--zones", kZones, "--detector", "motion", "--json"});
  const auto r = test::run_command(command);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  if (r.exit_code != 0) return nlohmann::json::object();
  nlohmann::json j = nlohmann::json::parse(r.out);
  j.erase("ms_per_frame");
  return j;
}

// Held-out footage usually comes as MOTChallenge sequences: `--sequence` reads one as it is,
// its frame rate and ground truth included, with no re-encoding to change what is scored.
TEST(E2E_Pets09Eval, a_motchallenge_sequence_folder_scores_as_its_video) {
  if (std::getenv("CCTV_SKIP_SLOW_TESTS")) GTEST_SKIP() << "CCTV_SKIP_SLOW_TESTS is set";
  if (!std::filesystem::exists(kVideo) || !std::filesystem::exists(kGt))
    GTEST_SKIP() << "PETS09 data absent (video: package opencv-doc; ground truth: ../shared)";
  constexpr int kFrames = 120;
  const test::TempDir dir;
  write_sequence(dir / "PETS09-S2L1", kFrames, dir / "same.mkv", dir / "gt.txt");
  const auto from_video = evaluate_motion(
      {"--video", (dir / "same.mkv").string(), "--gt", (dir / "gt.txt").string(), "--fps", "7"});
  const auto from_sequence = evaluate_motion({"--sequence", (dir / "PETS09-S2L1").string()});
  ASSERT_FALSE(from_sequence.empty());
  EXPECT_EQ(from_sequence["frames"], kFrames);
  EXPECT_GT(from_sequence["tracking"]["true_positives"].get<long>(), 100)
      << "the motion chain found people in the images";
  EXPECT_EQ(from_sequence, from_video);
}

TEST(E2E_Pets09Eval, a_folder_that_is_no_sequence_is_a_clear_error) {
  const test::TempDir dir;
  const auto r = test::run_command({CCTV_BINARY, "eval", "--sequence", dir.path().string(),
                                    "--zones", kZones, "--detector", "motion"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot open sequence info '" + (dir / "seqinfo.ini").string() + "'"),
            std::string::npos)
      << r.err;
  std::ofstream(dir / "seqinfo.ini") << "[Sequence]\nimDir=img1\nimExt=.jpg\nframeRate=30\n"
                                        "seqLength=600\n";
  const auto no_frames = test::run_command(
      {CCTV_BINARY, "eval", "--sequence", dir.path().string(), "--zones", kZones});
  EXPECT_EQ(no_frames.exit_code, 2);
  EXPECT_NE(no_frames.err.find("names frames img1/000001.jpg onwards, but '" +
                               (dir / "img1" / "000001.jpg").string() + "' is absent"),
            std::string::npos)
      << no_frames.err;
}

}  // namespace
}  // namespace cctv
