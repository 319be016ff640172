// SPDX-License-Identifier: Apache-2.0
#include <array>
#include <string_view>

#include "sections.hpp"

namespace cctv::config::detail {
namespace {

const Keys kCameraKeys = {"id",        "name",   "site",           "kind", "url", "analytics_url",
                          "analytics", "tamper", "offline_after_s"};
const Keys kAnalyticsKeys = {
    "enabled", "fps", "width", "height", "detector", "model", "detection_interval", "motion_mask"};
const Keys kTamperKeys = {"enabled", "min_duration_s", "sensitivity"};
const Keys kSensitivities = {"low", "medium", "high"};
const Keys kKinds = {"fixed", "mobile"};
const Keys kDetectors = {"motion", "yolox"};
constexpr std::array<std::string_view, 4> kSchemes = {"rtsp://", "rtsps://", "file://", "test://"};

// The URL with any "user:password@" replaced, so messages never show credentials.
std::string redacted(const std::string& url) {
  const std::size_t scheme_end = url.find("://");
  const std::size_t start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  const std::size_t at = url.find('@', start);
  if (at == std::string::npos || url.find('/', start) < at) return url;
  return url.substr(0, start) + "***" + url.substr(at);
}

void check_url(const MapReader& r, std::string_view key, const std::string& url) {
  for (std::string_view scheme : kSchemes) {
    if (url.size() > scheme.size() && url.starts_with(scheme)) return;
  }
  r.error(*r.get(key), "'" + std::string(key) + "' '" + redacted(url) +
                           "' must start with rtsp://, rtsps://, file:// or test:// followed by "
                           "the stream address");
}

std::vector<Polygon> read_motion_mask(const MapReader& r) {
  std::vector<Polygon> areas;
  const std::vector<YAML::Node> items = r.list("motion_mask", "polygons");
  for (std::size_t i = 0; i < items.size(); ++i) {
    MapReader area = r;
    area.set_context(r.context() + " motion_mask area " + std::to_string(i + 1));
    areas.push_back(read_polygon(area, items[i]));
  }
  return areas;
}

AnalyticsSettings read_analytics(const MapReader& r) {
  AnalyticsSettings a;
  r.check_keys(kAnalyticsKeys);
  r.read("enabled", a.enabled);
  r.read("fps", a.fps, Bounds::above(0).at_most(30));
  r.read("width", a.width, Bounds::between(64, 3840));
  r.read("height", a.height, Bounds::between(64, 2160));
  const bool detector_ok = r.read_choice("detector", a.detector, kDetectors);
  r.read("model", a.model);
  r.read("detection_interval", a.detection_interval, Bounds::between(1, 30));
  a.motion_mask = read_motion_mask(r);
  if (detector_ok && a.detector == "yolox" && a.model.empty()) {
    r.error(r.mark(),
            "detector 'yolox' needs 'model', the path of its .onnx file; add e.g. "
            "'model: models/yolox_nano.onnx' or use 'detector: motion'");
  }
  return a;
}

TamperSettings read_tamper(const MapReader& r) {
  TamperSettings t;
  r.check_keys(kTamperKeys);
  r.read("enabled", t.enabled);
  // Under half a second a single glitched frame is an alarm; over ten minutes it is no alarm.
  r.read("min_duration_s", t.min_duration_s, Bounds::between(0.5, 600));
  std::string sensitivity;
  if (r.read_choice("sensitivity", sensitivity, kSensitivities)) {
    t.sensitivity = sensitivity == "low"    ? TamperSensitivity::low
                    : sensitivity == "high" ? TamperSensitivity::high
                                            : TamperSensitivity::medium;
  }
  return t;
}

void read_camera(MapReader& r, Camera& camera, LoadState& state) {
  read_identity(r, state.cameras, camera.id);
  r.check_keys(kCameraKeys);
  if (!r.read("name", camera.name)) camera.name = camera.id;
  if (r.require("site", camera.site, "site: <site id>")) {
    state.sites.check_reference(r, "site", camera.site);
  }
  std::string kind;
  if (r.read_choice("kind", kind, kKinds)) {
    camera.kind = kind == "mobile" ? CameraKind::mobile : CameraKind::fixed;
  }
  if (r.require("url", camera.url, "url: rtsp://camera-host/stream")) {
    check_url(r, "url", camera.url);
  }
  if (r.read("analytics_url", camera.analytics_url)) {
    check_url(r, "analytics_url", camera.analytics_url);
  }
  camera.analytics = read_analytics(r.child("analytics", r.context() + " analytics"));
  camera.tamper = read_tamper(r.child("tamper", r.context() + " tamper"));
  r.read("offline_after_s", camera.offline_after_s, Bounds::above(0));
}

}  // namespace

std::vector<Camera> read_cameras(const std::vector<YAML::Node>& items, LoadState& state) {
  return read_list<Camera>(items, "camera", state.diag,
                           [&](MapReader& r, Camera& camera) { read_camera(r, camera, state); });
}

}  // namespace cctv::config::detail
