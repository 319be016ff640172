// SPDX-License-Identifier: Apache-2.0
// Private: `test://<scene>` cameras, played in real time at the camera's analytics size/fps.
#pragma once

#include "cctv/capture/source.hpp"
#include "cctv/capture/synthetic_scene.hpp"

namespace cctv::capture {

class TestSource final : public Source {
 public:
  TestSource(const config::Camera& camera, SceneScript script);
  std::optional<std::string> run(std::stop_token stop, FrameSink& sink) override;

 private:
  std::string camera_id_;
  double fps_;
  SyntheticScene scene_;
};

}  // namespace cctv::capture
