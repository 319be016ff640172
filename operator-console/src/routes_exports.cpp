// SPDX-License-Identifier: Apache-2.0
// Police footage requests (/api/exports): police submit and follow their own requests and
// download the packages built for them; supervisors and admins see every request and approve
// or refuse it. Nobody can have footage built without an approval. The export key's public
// half is published without login (/api/export-key): it is public, and those who receive a
// package (courts, defence) need it to check who signed it.
#include <limits>
#include <utility>
#include <memory>

#include "cctv/storage/export_key.hpp"
#include "console_state.hpp"
#include "file_response.hpp"

namespace cctv::console {
namespace {

constexpr const char* kRequestPath = R"(/api/exports/(\d{1,12}))";
constexpr std::size_t kMaxCameras = 16;
constexpr std::size_t kMaxKeptTracks = 64;
constexpr std::int64_t kMaxTrackId = std::numeric_limits<std::int32_t>::max();
constexpr auto kMaxWindow = std::chrono::hours(24);
const Roles kDeciders = {Role::supervisor, Role::admin};
const Roles kExportViewers = {Role::police, Role::supervisor, Role::admin};
constexpr Millis kKeepAlive{std::chrono::seconds(5)};

std::vector<std::string> working_copies(const storage::ExportRequest& r) {
  std::vector<std::string> out;
  if (r.state == storage::ExportState::ready || r.state == storage::ExportState::downloaded) {
    for (const std::string& camera : r.asked.cameras) out.push_back(camera);
  }
  return out;
}

nlohmann::json request_json(const storage::ExportRequest& r, const Session& s) {
  nlohmann::json j = {{"id", r.id},
                      {"reference", r.asked.reference},
                      {"officer", r.asked.officer},
                      {"force", r.asked.force},
                      {"cameras", r.asked.cameras},
                      {"from", format_utc(r.asked.from)},
                      {"to", format_utc(r.asked.to)},
                      {"from_local", format_london(r.asked.from)},
                      {"to_local", format_london(r.asked.to)},
                      {"reason", r.asked.reason},
                      {"redaction", storage::redaction_json(r.asked.redaction)},
                      {"requested_by", r.requested_by},
                      {"requested_at", format_utc(r.requested_at)},
                      {"state", to_string(r.state)},
                      {"decided_by", r.decided_by},
                      {"decided_at", r.decided_at ? format_utc(*r.decided_at) : ""},
                      {"decision_reason", r.decision_reason},
                      {"progress", r.progress},
                      {"zip_bytes", r.zip_bytes},
                      {"zip_sha256", r.zip_sha256},
                      {"error", r.error}};
  if (s.role == Role::police && !working_copies(r).empty()) {
    j["package_url"] = "/api/exports/" + std::to_string(r.id) + "/package";
    j["working_urls"] = nlohmann::json::array();
    for (const std::string& camera : working_copies(r))
      j["working_urls"].push_back("/api/exports/" + std::to_string(r.id) + "/working/" + camera);
  }
  return j;
}

// The request, if `s` may see it: police only their own (others' look absent).
storage::ExportRequest visible(ConsoleState& state, const std::string& id, const Session& s) {
  const auto r = state.export_requests.get(std::stoll(id));
  if (!r || (s.role == Role::police && r->requested_by != s.user))
    throw ApiError(404, "no export request " + id);
  return *r;
}

storage::NewExportRequest read_request(ConsoleState& state, const httplib::Request& req) {
  const JsonBody body(
      req.body, {"reference", "officer", "force", "cameras", "from", "to", "reason", "redaction"});
  storage::NewExportRequest r{.reference = body.text("reference", 64),
                              .officer = body.text("officer", 128),
                              .force = body.text("force", 128),
                              .cameras = body.text_list("cameras", kMaxCameras, 64),
                              .from = body.time("from"),
                              .to = body.time("to"),
                              .reason = body.text("reason", 2000)};
  if (const auto redact = body.optional_object("redaction", {"keep_tracks", "faces"})) {
    r.redaction = {.wanted = true,
                   .keep_tracks = redact->int_list("keep_tracks", kMaxKeptTracks, kMaxTrackId),
                   .faces = redact->optional_bool("faces")};
  }
  for (const std::string& camera : r.cameras) {
    const auto& cams = state.params.config.cameras;
    if (std::none_of(cams.begin(), cams.end(), [&](const auto& c) { return c.id == camera; }))
      throw ApiError(400, "'cameras': no camera '" + camera + "'");
  }
  if (r.to <= r.from) throw ApiError(400, "'to' must be after 'from'");
  if (r.to - r.from > kMaxWindow)
    throw ApiError(400, "'to' is more than 24 hours after 'from'; split the request");
  if (r.from > now_utc()) throw ApiError(400, "'from' is in the future");
  return r;
}

void add_decision_routes(Api& api, ConsoleState& state) {
  api.post(std::string(kRequestPath) + "/approve", kDeciders,
           [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
             const JsonBody body(req.body, {"note"});
             const auto r = visible(state, req.matches[1], s);
             state.store.approve_export(s.user, r.id, body.optional_text("note", 2000));
             state.export_changes.bump();
             reply_json(res, request_json(*state.export_requests.get(r.id), s));
           });
  api.post(std::string(kRequestPath) + "/refuse", kDeciders,
           [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
             const JsonBody body(req.body, {"reason"});
             const std::string reason = body.text("reason", 2000);
             const auto r = visible(state, req.matches[1], s);
             state.store.refuse_export(s.user, r.id, reason);
             state.export_changes.bump();
             reply_json(res, request_json(*state.export_requests.get(r.id), s));
           });
}

void add_download_routes(Api& api, ConsoleState& state) {
  api.get(std::string(kRequestPath) + "/package", {Role::police},
          [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
            const auto r = visible(state, req.matches[1], s);
            if (working_copies(r).empty())
              throw ApiError(409, "the package is not ready: the request is " +
                                      std::string(to_string(r.state)));
            if (starts_a_view(req)) state.store.record_download(s.user, r.id);
            send_file(res, r.zip_path, "application/zip",
                      std::filesystem::path(r.zip_path).filename().string());
          });
  api.get(std::string(kRequestPath) + R"(/working/([A-Za-z0-9._-]{1,64}))", {Role::police},
          [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
            const auto r = visible(state, req.matches[1], s);
            const std::string camera = req.matches[2];
            const auto cams = working_copies(r);
            if (std::find(cams.begin(), cams.end(), camera) == cams.end())
              throw ApiError(404, "no working copy for camera '" + camera + "' in export request " +
                                      std::to_string(r.id));
            if (starts_a_view(req)) {
              state.store.audit(s.user, "export.view", "export request " + std::to_string(r.id),
                                {{"working_copy", camera}});
            }
            send_file(res, std::filesystem::path(r.package_dir) / "working" / (camera + ".mp4"),
                      "video/mp4", "");
          });
}

// Server-sent events for the Exports page: `event: exports` whenever a request may have changed
// (decided in this console or another, or moved on by the store's build), so the page re-reads
// /api/exports at once instead of polling; a comment every kKeepAlive otherwise, which also
// ends the stream soon after its session does.
void add_change_stream(Api& api, ConsoleState& state) {
  api.get("/api/exports/events", kExportViewers,
          [&state](const httplib::Request&, httplib::Response& res, const Session& s) {
            auto seen = std::make_shared<std::uint64_t>(state.export_changes.generation());
            serve_event_stream(state, s, res, [&state, seen](std::size_t offset) {
              if (offset == 0) return std::string(": connected\nretry: 2000\n\n");
              state.export_changes.wait_past(*seen, kKeepAlive);
              const std::uint64_t now = state.export_changes.generation();
              const bool changed = std::exchange(*seen, now) != now;
              return std::string(changed ? "event: exports\ndata: {}\n\n" : ": idle\n\n");
            });
          });
}

}  // namespace

void add_export_routes(httplib::Server& server, Api& api, ConsoleState& state) {
  api.get("/api/exports", kExportViewers,
          [&state](const httplib::Request&, httplib::Response& res, const Session& s) {
            nlohmann::json out = nlohmann::json::array();
            const auto mine = s.role == Role::police ? std::optional(s.user) : std::nullopt;
            for (const auto& r : state.export_requests.list(mine))
              out.push_back(request_json(r, s));
            reply_json(res, {{"requests", out}});
          });
  api.post("/api/exports", {Role::police},
           [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
             const auto id = state.store.submit_export(s.user, read_request(state, req));
             state.export_changes.bump();
             reply_json(res, request_json(*state.export_requests.get(id), s), 201);
           });
  api.get(kRequestPath, kExportViewers,
          [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
            reply_json(res, request_json(visible(state, req.matches[1], s), s));
          });
  add_decision_routes(api, state);
  add_download_routes(api, state);
  add_change_stream(api, state);
  server.Get("/api/export-key", [&state](const httplib::Request&, httplib::Response& res) {
    const std::string key = state.export_key.public_hex();
    reply_json(res, {{"algorithm", "Ed25519"},
                     {"public_key", key},
                     {"fingerprint", storage::key_fingerprint(key)}});
  });
}

}  // namespace cctv::console
