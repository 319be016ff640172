// SPDX-License-Identifier: Apache-2.0
// Evidence downloads (/evidence/<id>): snapshots and clips, found by id in the evidence table,
// never by a path from the request, so nothing outside the evidence store can be reached. Each
// file is checked against its recorded SHA-256 before it is served, and each view is audited.
#include <fstream>
#include <sstream>

#include "cctv/common/sha256.hpp"
#include "console_state.hpp"

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

// Browsers fetch a video in ranges; one view is the request for its start.
bool starts_a_view(const httplib::Request& req) {
  const std::string range = req.get_header_value("Range");
  return range.empty() || range.starts_with("bytes=0-");
}

}  // namespace

void add_evidence_routes(Api& api, ConsoleState& state) {
  api.get(
      R"(/evidence/([A-Za-z0-9-]{1,64}))", kWatchers,
      [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
        const auto evidence = state.evidence.get(req.matches[1]);
        if (!evidence) throw ApiError(404, "no evidence '" + std::string(req.matches[1]) + "'");
        std::string bytes = read_file(state.evidence.file(evidence->path));
        if (sha256_hex(bytes) != evidence->sha256) {
          state.store.audit(s.user, "evidence.mismatch", evidence->id, {{"path", evidence->path}});
          throw ApiError(
              409, "the evidence file no longer matches its recorded SHA-256; it has been altered");
        }
        if (starts_a_view(req)) {
          state.store.audit(s.user, "evidence.view", evidence->id,
                            {{"kind", to_string(evidence->kind)}, {"path", evidence->path}});
        }
        res.set_header("Cache-Control", "private, no-store");
        const bool clip = evidence->kind == storage::EvidenceKind::clip;
        res.set_content(std::move(bytes), clip ? "video/mp4" : "image/jpeg");
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
  return {
      {"id", e.id},         {"kind", to_string(e.kind)}, {"url", "/evidence/" + e.id},
      {"sha256", e.sha256}, {"bytes", e.bytes},          {"created_at", format_utc(e.created_at)}};
}

}  // namespace cctv::console
