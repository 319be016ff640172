// SPDX-License-Identifier: Apache-2.0
// Evidence downloads (/evidence/<id>): snapshots and clips, found by id in the evidence table,
// never by a path from the request, so nothing outside the evidence store can be reached. Each
// file is checked against its recorded SHA-256 before it is served, and each view is audited.
// A snapshot's thumbnail (/evidence/<id>/thumbnail, too small to identify anyone by) is what
// lists show; those loads are audited once per user per period (thumbnail_audit.hpp).
#include <algorithm>
#include <fstream>
#include <sstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cctv/common/sha256.hpp"
#include "console_state.hpp"
#include "file_response.hpp"

namespace cctv::console {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ApiError(410, "the evidence file is missing from disk: " + path.filename().string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

// Thumbnails fit this box (the alarm list's 192 x 108, twice over for high-density screens).
constexpr int kThumbnailWidth = 384;
constexpr int kThumbnailHeight = 216;
constexpr int kThumbnailQuality = 75;

// The evidence named in the path and its file's bytes, checked against the recorded SHA-256 (a
// mismatch is audited and refused).
std::pair<storage::Evidence, std::string> checked_file(ConsoleState& state, const std::string& id,
                                                       const Session& s) {
  auto evidence = state.evidence.get(id);
  if (!evidence) throw ApiError(404, "no evidence '" + id + "'");
  std::string bytes = read_file(state.evidence.file(evidence->path));
  if (sha256_hex(bytes) != evidence->sha256) {
    state.store.audit(s.user, "evidence.mismatch", evidence->id, {{"path", evidence->path}});
    throw ApiError(409,
                   "the evidence file no longer matches its recorded SHA-256; it has been altered");
  }
  return {std::move(*evidence), std::move(bytes)};
}

std::string thumbnail_jpeg(const std::string& jpeg) {
  const cv::Mat image =
      cv::imdecode(std::vector<unsigned char>(jpeg.begin(), jpeg.end()), cv::IMREAD_COLOR);
  if (image.empty()) throw ApiError(422, "the snapshot cannot be decoded as a JPEG");
  const double scale =
      std::min({1.0, double(kThumbnailWidth) / image.cols, double(kThumbnailHeight) / image.rows});
  cv::Mat small;
  cv::resize(image, small, {}, scale, scale, cv::INTER_AREA);
  std::vector<unsigned char> out;
  cv::imencode(".jpg", small, out, {cv::IMWRITE_JPEG_QUALITY, kThumbnailQuality});
  return {out.begin(), out.end()};
}

void serve_file(ConsoleState& state, const httplib::Request& req, httplib::Response& res,
                const Session& s) {
  auto [evidence, bytes] = checked_file(state, req.matches[1], s);
  if (starts_a_view(req)) {
    state.store.audit(s.user, "evidence.view", evidence.id,
                      {{"kind", to_string(evidence.kind)}, {"path", evidence.path}});
  }
  res.set_header("Cache-Control", "private, no-store");
  const bool clip = evidence.kind == storage::EvidenceKind::clip;
  res.set_content(std::move(bytes), clip ? "video/mp4" : "image/jpeg");
}

void serve_thumbnail(ConsoleState& state, const httplib::Request& req, httplib::Response& res,
                     const Session& s) {
  const auto [evidence, bytes] = checked_file(state, req.matches[1], s);
  if (evidence.kind == storage::EvidenceKind::clip)
    throw ApiError(404, "a clip has no thumbnail; open it instead");
  std::string thumbnail = thumbnail_jpeg(bytes);
  if (state.thumbnail_audit.starts_period(s.user, now_utc())) {
    state.store.audit(
        s.user, "evidence.thumbnails", evidence.id,
        {{"first", evidence.id}, {"period_s", state.thumbnail_audit.period().count()}});
  }
  res.set_header("Cache-Control", "private, no-store");
  res.set_content(std::move(thumbnail), "image/jpeg");
}

}  // namespace

void add_evidence_routes(Api& api, ConsoleState& state) {
  api.get(R"(/evidence/([A-Za-z0-9-]{1,64}))", kWatchers,
          [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
            serve_file(state, req, res, s);
          });
  api.get(R"(/evidence/([A-Za-z0-9-]{1,64})/thumbnail)", kWatchers,
          [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
            serve_thumbnail(state, req, res, s);
          });
}

std::vector<storage::Evidence> incident_evidence(ConsoleState& state,
                                                 const std::string& incident_id) {
  std::vector<storage::Evidence> all;
  for (const std::string& event : state.incidents.event_ids(incident_id)) {
    for (storage::Evidence& e : state.evidence.of_event(event)) all.push_back(std::move(e));
  }
  for (storage::Evidence& e : state.evidence.of_incident(incident_id)) all.push_back(std::move(e));
  return all;
}

nlohmann::json evidence_json(const storage::Evidence& e) {
  nlohmann::json out = {
      {"id", e.id},         {"kind", to_string(e.kind)}, {"url", "/evidence/" + e.id},
      {"sha256", e.sha256}, {"bytes", e.bytes},          {"created_at", format_utc(e.created_at)}};
  if (e.kind != storage::EvidenceKind::clip) out["thumbnail_url"] = thumbnail_url(e);
  return out;
}

std::string thumbnail_url(const storage::Evidence& e) { return "/evidence/" + e.id + "/thumbnail"; }

}  // namespace cctv::console
