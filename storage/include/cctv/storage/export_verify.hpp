// SPDX-License-Identifier: Apache-2.0
// Offline verification of an export package (its directory or its .zip): every file the
// manifest lists must be there with its size and SHA-256, no other file may have been added,
// and manifest.sig must be a valid Ed25519 signature of manifest.json by the key the manifest
// names (and, if the caller knows the issuing installation's key, by that key).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace cctv::storage {

struct FileCheck {
  std::string path;  // inside the package
  bool ok = false;
  std::string problem;  // why not, when not ok
};

struct ExportVerification {
  std::string problem;  // the package cannot be checked at all (not found, no manifest, ...)
  std::string reference;
  std::string public_key;  // the key the manifest names
  std::string fingerprint;
  FileCheck signature;           // manifest.json against manifest.sig
  std::vector<FileCheck> files;  // every listed file, then any file not listed
  bool ok() const;
};

// `expected_public_key`: hex of the issuer's published key; empty to accept the package's own.
ExportVerification verify_export(const std::filesystem::path& package,
                                 const std::string& expected_public_key = "");

}  // namespace cctv::storage
