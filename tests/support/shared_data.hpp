// SPDX-License-Identifier: Apache-2.0
// Where the tests and benchmarks find real footage and the detector model. None of it is in the
// repository: PETS09-S2L1 comes with Debian's opencv-doc, its ground truth and YOLOX-Nano with
// ../shared; whoever needs one skips with a clear message when it is absent.
#pragma once

namespace cctv::test {

// PETS09-S2L1 as OpenCV's examples ship it: 768x576, 795 frames at about 7 fps, MS-MPEG4.
inline constexpr char kPets09Video[] = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
// Its MOTChallenge ground truth.
inline constexpr char kPets09GroundTruth[] = CCTV_SHARED_DIR "/data/pets09-s2l1/gt.txt";
// The person detector's ONNX model.
inline constexpr char kYoloxNanoModel[] = CCTV_SHARED_DIR "/models/yolox_nano/yolox_nano.onnx";

}  // namespace cctv::test
