// SPDX-License-Identifier: Apache-2.0
// Evidential export packages, after the UK guidance for retrieving digital CCTV evidence: the
// master is the footage in its native format, bit for bit; anything processed is a working
// copy, named so and traceable to its master. A package is a directory and a .zip of it:
//   master/<camera>/<segment>   the recording segments covering the window, as stored
//   working/<camera>.mp4        the window cut by stream copy (plays in browsers and VLC)
//   working/<camera>-<x>.mp4    optional re-encoded copies (redacted), see DerivedCopy
//   manifest.json               what is in it: reference, cameras, window (UTC and local),
//                               every file's size and SHA-256, derivations, who and when
//   manifest.sig                Ed25519 signature of manifest.json by the export key
//   export_key.pub              the export key's public half
//   README.txt                  what the package is and how to verify it
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cctv/common/time.hpp"
#include "cctv/storage/export_key.hpp"
#include "cctv/storage/recording_index.hpp"

namespace cctv::storage {

// Nothing to export, a stored segment that no longer matches its recorded hash, or a disk
// that fails: what() says which. No half-built package is left behind.
class ExportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ExportCamera {
  std::string id;
  std::string name;
  std::string site;      // site id
  std::string location;  // where it looks, for people: site name, area, coordinates
};

// Who asked for the footage and why; empty fields are left out of the manifest.
struct ExportRequester {
  std::int64_t request_id = 0;  // 0: not from a console request
  std::string officer;
  std::string force;
  std::string reason;  // reason or legal basis
  std::string approved_by;
};

// A further working copy made from each camera's stream-copied one where re-encoding cannot
// be avoided (a redaction): working/<camera>-<suffix>.mp4, listed as derived from the same
// masters, with what was done.
struct DerivedCopy {
  std::string suffix;   // e.g. "redacted"
  std::string process;  // what was done, for the manifest
  bool redacted = false;
  // Writes `out` from the working copy `in`, whose first frame is at `start` (UTC). Returns
  // notes for the manifest (JSON object text, e.g. the tracks kept). Throws on failure.
  std::function<std::string(const std::filesystem::path& in, Timestamp start,
                            const std::filesystem::path& out)>
      make;
};

struct ExportSpec {
  std::string reference;  // exhibit / crime / incident reference
  std::vector<ExportCamera> cameras;
  Timestamp from{};
  Timestamp to{};
  std::string operator_name;  // who built it
  std::string system;         // the installation, e.g. its host name
  ExportRequester requester;
  std::vector<DerivedCopy> derived;  // none: only the stream copies
};

struct ExportPackage {
  std::filesystem::path dir;
  std::filesystem::path zip;
  std::int64_t zip_bytes = 0;
  std::string zip_sha256;
  std::string manifest_sha256;
  int files = 0;                      // files the manifest lists
  std::vector<std::string> warnings;  // holes in the footage and the like
};

// Told the share of the work done (0..1) and the stage ("master", "working", "zip").
using ExportProgress = std::function<void(double done, std::string_view stage)>;

// Builds the package at `dir` and `dir`.zip (neither may exist). Throws ExportError.
ExportPackage build_export_package(const RecordingIndex& index, const ExportKey& key,
                                   const ExportSpec& spec, const std::filesystem::path& dir,
                                   const ExportProgress& progress = {});

}  // namespace cctv::storage
