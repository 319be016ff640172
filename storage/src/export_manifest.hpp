// SPDX-License-Identifier: Apache-2.0
// Private: an export package's manifest.json and README.txt, written by the package builder
// and read back by the verifier. The manifest lists every file of the package except itself
// and its signature.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cctv/storage/clip_extractor.hpp"
#include "cctv/storage/export_package.hpp"

namespace cctv::storage {

inline constexpr const char* kManifestFile = "manifest.json";
inline constexpr const char* kSignatureFile = "manifest.sig";
inline constexpr const char* kPublicKeyFile = "export_key.pub";
inline constexpr const char* kReadmeFile = "README.txt";
inline constexpr const char* kManifestFormat = "cctv-evidence-export/1";

class ManifestBuilder {
 public:
  void add_master(const std::string& path, const ExportCamera& camera, const Recording& r);
  void add_working(const std::string& path, const ExportCamera& camera, const Clip& clip,
                   std::int64_t bytes, const std::string& sha256,
                   const std::vector<std::string>& masters);
  // A DerivedCopy of the working copy `from`.
  void add_derived(const std::string& path, const std::string& from, const DerivedCopy& copy,
                   std::int64_t bytes, const std::string& sha256, const std::string& notes_json);
  void add_file(const std::string& path, const std::string& kind, std::int64_t bytes,
                const std::string& sha256);
  // Every listed path, in the order added.
  std::vector<std::string> paths() const;
  std::string text(const ExportSpec& spec, const std::string& public_key,
                   const std::vector<std::string>& warnings) const;

 private:
  nlohmann::json files_ = nlohmann::json::array();
};

std::string readme_text(const ExportSpec& spec, const std::string& key_fingerprint);

// "<utc>" and "<Europe/London>" of one instant.
nlohmann::json both_times(Timestamp t);

}  // namespace cctv::storage
