// SPDX-License-Identifier: Apache-2.0
#include <stdexcept>

#include "cctv/capture/source.hpp"
#include "test_source.hpp"

namespace cctv::capture {

std::unique_ptr<Source> create_source(const config::Camera& camera) {
  const std::string& url = camera.analytics_url.empty() ? camera.url : camera.analytics_url;
  const std::string test_scheme = "test://";
  if (url.rfind(test_scheme, 0) == 0) {
    const std::string scene = url.substr(test_scheme.size());
    if (auto script = builtin_scene(scene)) return std::make_unique<TestSource>(camera, std::move(*script));
    throw std::invalid_argument("camera '" + camera.id + "': no synthetic scene named '" + scene +
                                "'; use test://street or test://walkers");
  }
  throw std::invalid_argument("camera '" + camera.id + "': source '" + url +
                              "' needs the GStreamer capture pipelines, which this build does not have yet; "
                              "use a test:// scene");
}

}  // namespace cctv::capture
