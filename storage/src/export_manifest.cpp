// SPDX-License-Identifier: Apache-2.0
#include "export_manifest.hpp"

#include <algorithm>

namespace cctv::storage {
namespace {

nlohmann::json camera_json(const ExportCamera& c) {
  return {{"id", c.id}, {"name", c.name}, {"site", c.site}, {"location", c.location}};
}

nlohmann::json requester_json(const ExportRequester& r) {
  nlohmann::json j = nlohmann::json::object();
  if (r.request_id != 0) j["request_id"] = r.request_id;
  for (const auto& [name, value] : {std::pair{"officer", &r.officer},
                                    {"force", &r.force},
                                    {"reason", &r.reason},
                                    {"approved_by", &r.approved_by}}) {
    if (!value->empty()) j[name] = *value;
  }
  return j;
}

}  // namespace

nlohmann::json both_times(Timestamp t) {
  return {{"utc", format_utc(t)}, {"local", format_london(t)}};
}

void ManifestBuilder::add_master(const std::string& path, const ExportCamera& camera,
                                 const Recording& r) {
  files_.push_back({{"path", path},
                    {"kind", "master"},
                    {"camera", camera.id},
                    {"bytes", r.bytes},
                    {"sha256", r.sha256},
                    {"recorded_from", both_times(r.start)},
                    {"recorded_to", both_times(r.end)},
                    {"stored_as", r.path}});
}

void ManifestBuilder::add_working(const std::string& path, const ExportCamera& camera,
                                  const Clip& clip, std::int64_t bytes, const std::string& sha256,
                                  const std::vector<std::string>& masters) {
  files_.push_back(
      {{"path", path},
       {"kind", "working"},
       {"camera", camera.id},
       {"bytes", bytes},
       {"sha256", sha256},
       {"derived_from", masters},
       {"process",
        "stream copy: the master's H.264 packets unchanged in an MP4 container, starting at the "
        "keyframe at or before the window's start"},
       {"redacted", false},
       {"shows_from", both_times(clip.start)},
       {"shows_to", both_times(clip.end)},
       {"duration_s", seconds_between(clip.start, clip.end)},
       {"frames", clip.frames}});
}

void ManifestBuilder::add_derived(const std::string& path, const std::string& from,
                                  const DerivedCopy& copy, std::int64_t bytes,
                                  const std::string& sha256, const std::string& notes_json) {
  const auto source = std::find_if(files_.begin(), files_.end(),
                                   [&](const nlohmann::json& f) { return f["path"] == from; });
  nlohmann::json f = *source;
  f["path"] = path;
  f["bytes"] = bytes;
  f["sha256"] = sha256;
  f["made_from"] = from;
  f["process"] = copy.process;
  f["redacted"] = copy.redacted;
  f["notes"] = nlohmann::json::parse(notes_json.empty() ? "{}" : notes_json);
  files_.push_back(std::move(f));
}

void ManifestBuilder::add_file(const std::string& path, const std::string& kind, std::int64_t bytes,
                               const std::string& sha256) {
  files_.push_back({{"path", path}, {"kind", kind}, {"bytes", bytes}, {"sha256", sha256}});
}

std::vector<std::string> ManifestBuilder::paths() const {
  std::vector<std::string> out;
  for (const auto& f : files_) out.push_back(f["path"]);
  return out;
}

std::string ManifestBuilder::text(const ExportSpec& spec, const std::string& public_key,
                                  const std::vector<std::string>& warnings) const {
  nlohmann::json cameras = nlohmann::json::array();
  for (const ExportCamera& c : spec.cameras) cameras.push_back(camera_json(c));
  nlohmann::json manifest = {{"format", kManifestFormat},
                             {"exhibit_reference", spec.reference},
                             {"created_at", both_times(now_utc())},
                             {"system", spec.system},
                             {"operator", spec.operator_name},
                             {"request", requester_json(spec.requester)},
                             {"window",
                              {{"from", both_times(spec.from)},
                               {"to", both_times(spec.to)},
                               {"duration_s", seconds_between(spec.from, spec.to)},
                               {"local_time_zone", "Europe/London"}}},
                             {"cameras", cameras},
                             {"files", files_},
                             {"signature",
                              {{"algorithm", "Ed25519"},
                               {"public_key", public_key},
                               {"signed_file", kManifestFile},
                               {"signature_file", kSignatureFile}}},
                             {"warnings", warnings}};
  return manifest.dump(2) + "\n";
}

std::string readme_text(const ExportSpec& spec, const std::string& key_fingerprint) {
  return "CCTV evidential export, reference " + spec.reference + "\n" +
         "Window: " + format_utc(spec.from) + " to " + format_utc(spec.to) + " (UTC)\n" +
         "        " + format_london(spec.from) + " to " + format_london(spec.to) +
         " (Europe/London)\n\n"
         "master/   The recorded footage in its native format (Matroska, H.264), bit for bit as\n"
         "          the system stored it: every recording segment that covers the window.\n"
         "working/  Working copies, one MP4 per camera, made from the masters by stream copy\n"
         "          (the same H.264 pictures, not re-encoded) and cut to the window, starting at\n"
         "          the keyframe at or before its start. They play in web browsers and VLC. A\n"
         "          working copy marked \"redacted\" in the manifest has been re-encoded.\n"
         "manifest.json  Every file's size and SHA-256, which working copy derives from which\n"
         "          masters, the cameras and their locations, the window in UTC and local time,\n"
         "          who made the package and when.\n"
         "manifest.sig   Ed25519 signature (hex) of manifest.json by the installation's export "
         "key.\n"
         "export_key.pub The export key's public half (hex); fingerprint " +
         key_fingerprint +
         ".\n\n"
         "To verify (offline): cctv verify <this directory or its .zip>\n"
         "It checks every file's size and SHA-256 against the manifest, that no file is missing\n"
         "or added, and the signature. Without the cctv tool: compare `sha256sum` of each file\n"
         "with manifest.json, and check manifest.sig over the exact bytes of manifest.json with\n"
         "any Ed25519 implementation (e.g. libsodium crypto_sign_verify_detached) and the key in\n"
         "export_key.pub. Compare the key's fingerprint with the one the issuing control room\n"
         "publishes (its console shows it under Exports), so that a package rebuilt and re-signed\n"
         "by someone else is recognised.\n";
}

}  // namespace cctv::storage
