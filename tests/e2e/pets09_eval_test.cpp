// SPDX-License-Identifier: Apache-2.0
// `cctv eval` on real footage, PETS09-S2L1 View 001 (795 frames, 7 fps), with the shipped
// zones, scored as the MOTChallenge scorer does: the YOLOX chain keeps its measured figures. Skips
// when the video, the ground truth or the model is absent. Takes about a minute per 60 ms
// inference; set CCTV_SKIP_SLOW_TESTS=1 to skip it (e.g. in the sanitizer build).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/shared_data.hpp"

namespace cctv {
namespace {

const std::string kVideo = test::kPets09Video;
const std::string kGt = test::kPets09GroundTruth;
const std::string kModel = test::kYoloxNanoModel;
const std::string kZones = std::string(CCTV_SOURCE_DIR) + "/tests/data/pets09-zones.yaml";

TEST(E2E_Pets09Eval, yolox_meets_the_targets) {
  if (std::getenv("CCTV_SKIP_SLOW_TESTS")) GTEST_SKIP() << "CCTV_SKIP_SLOW_TESTS is set";
  for (const std::string& f : {kVideo, kGt, kModel}) {
    if (!std::filesystem::exists(f)) {
      GTEST_SKIP() << f
                   << " is absent (video: package opencv-doc; ground truth and model: ../shared)";
    }
  }
  const auto r =
      test::run_command({CCTV_BINARY, "eval", "--video", kVideo, "--gt", kGt, "--fps", "7",
                         "--zones", kZones, "--detector", "yolox", "--model", kModel, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["frames"], 795);
  EXPECT_EQ(j["gt_frames"], 795);
  // Scored as TrackEval scores MOT15 (conf 0 people removed). Floors just under the figures
  // measured on 2026-12-07 (README): they guard against regressions; the targets
  // (MOTA 0.85, IDF1 0.75) are not met yet.
  EXPECT_GE(j["detection"]["precision"].get<double>(), 0.89);
  EXPECT_GE(j["detection"]["recall"].get<double>(), 0.87);
  EXPECT_GE(j["tracking"]["mota"].get<double>(), 0.77);
  EXPECT_GE(j["tracking"]["idf1"].get<double>(), 0.74);
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

}  // namespace
}  // namespace cctv
