// SPDX-License-Identifier: Apache-2.0
// The manifest comes from the package under test, so nothing in it is trusted before the
// signature is checked, and no listed path may point outside the package.
#include "cctv/storage/export_verify.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <functional>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "cctv/common/sha256.hpp"
#include "cctv/storage/export_key.hpp"
#include "export_manifest.hpp"
#include "zip_archive.hpp"

namespace cctv::storage {
namespace {

namespace fs = std::filesystem;
using Sink = std::function<void(std::string_view)>;

// The files of a package, by their '/'-separated paths inside it.
class PackageFiles {
 public:
  virtual ~PackageFiles() = default;
  virtual std::vector<std::string> list() const = 0;
  // False when the file is absent or cannot be read whole.
  virtual bool read(const std::string& path, const Sink& sink) const = 0;
};

class DirectoryFiles final : public PackageFiles {
 public:
  explicit DirectoryFiles(fs::path dir) : dir_(std::move(dir)) {}
  std::vector<std::string> list() const override {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir_)) {
      if (!e.is_directory()) out.push_back(fs::relative(e.path(), dir_).generic_string());
    }
    return out;
  }
  bool read(const std::string& path, const Sink& sink) const override {
    std::ifstream in(dir_ / path, std::ios::binary);
    if (!in) return false;
    std::array<char, 1 << 16> buffer;
    while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
      sink({buffer.data(), static_cast<std::size_t>(in.gcount())});
    }
    return !in.bad();
  }

 private:
  fs::path dir_;
};

// A zip of a package directory: entries under one top-level folder, which is left out.
class ZipFiles final : public PackageFiles {
 public:
  explicit ZipFiles(const fs::path& zip) : zip_(zip) {
    const auto& entries = zip_.entries();
    if (!entries.empty()) {
      const std::string& first = entries.front().name;
      const std::string top = first.substr(0, first.find('/') + 1);
      if (!top.empty() && std::all_of(entries.begin(), entries.end(),
                                      [&](const auto& e) { return e.name.starts_with(top); })) {
        prefix_ = top;
      }
    }
  }
  std::vector<std::string> list() const override {
    std::vector<std::string> out;
    for (const auto& e : zip_.entries()) {
      if (!e.name.ends_with('/')) out.push_back(e.name.substr(prefix_.size()));
    }
    return out;
  }
  bool read(const std::string& path, const Sink& sink) const override {
    return zip_.read(prefix_ + path, sink);
  }

 private:
  ZipReader zip_;
  std::string prefix_;
};

std::unique_ptr<PackageFiles> open_package(const fs::path& package) {
  if (fs::is_directory(package)) return std::make_unique<DirectoryFiles>(package);
  return std::make_unique<ZipFiles>(package);
}

std::optional<std::string> read_text(const PackageFiles& files, const std::string& path) {
  std::string text;
  if (!files.read(path, [&](std::string_view bytes) { text.append(bytes); })) return std::nullopt;
  return text;
}

bool safe_path(const std::string& path) {
  const fs::path p(path);
  return !path.empty() && p.is_relative() &&
         std::none_of(p.begin(), p.end(), [](const fs::path& part) { return part == ".."; });
}

FileCheck check_file(const PackageFiles& files, const nlohmann::json& listed) {
  FileCheck check{listed.value("path", ""), false, ""};
  if (!safe_path(check.path)) {
    check.problem = "the manifest lists a path outside the package";
    return check;
  }
  Sha256 hash;
  std::int64_t bytes = 0;
  if (!files.read(check.path, [&](std::string_view b) {
        hash.update(b);
        bytes += static_cast<std::int64_t>(b.size());
      })) {
    check.problem = "missing or unreadable";
  } else if (bytes != listed.value("bytes", std::int64_t{-1})) {
    check.problem = "size " + std::to_string(bytes) + " bytes, the manifest says " +
                    std::to_string(listed.value("bytes", std::int64_t{-1}));
  } else if (hash.hex() != listed.value("sha256", "")) {
    check.problem = "SHA-256 differs from the manifest: the file has been altered";
  } else {
    check.ok = true;
  }
  return check;
}

FileCheck check_signature(const PackageFiles& files, const std::string& manifest,
                          const std::string& public_key, const std::string& expected_key) {
  FileCheck check{kSignatureFile, false, ""};
  const auto signature = read_text(files, kSignatureFile);
  std::string sig = signature.value_or("");
  while (!sig.empty() && (sig.back() == '\n' || sig.back() == '\r')) sig.pop_back();
  if (!signature) {
    check.problem = "missing: the package is unsigned";
  } else if (!signature_valid(public_key, manifest, sig)) {
    check.problem =
        "manifest.json does not match manifest.sig: one of them has been altered, or the "
        "signature is not by the key the manifest names";
  } else if (!expected_key.empty() && expected_key != public_key) {
    check.problem = "signed by key " + key_fingerprint(public_key) + ", not the expected key " +
                    key_fingerprint(expected_key);
  } else {
    check.ok = true;
  }
  return check;
}

void check_package(const PackageFiles& files, const std::string& expected_key,
                   ExportVerification& v) {
  const auto manifest_text = read_text(files, kManifestFile);
  if (!manifest_text) {
    v.problem = "no manifest.json: not an export package";
    return;
  }
  const auto manifest = nlohmann::json::parse(*manifest_text, nullptr, false);
  if (manifest.is_discarded() || !manifest.is_object() || !manifest.contains("files") ||
      !manifest["files"].is_array()) {
    v.problem = "manifest.json is not a package manifest (damaged?)";
    v.signature = {kManifestFile, false, "not readable as a manifest"};
    return;
  }
  v.reference = manifest.value("exhibit_reference", "");
  v.public_key =
      manifest.contains("signature") ? manifest["signature"].value("public_key", "") : "";
  v.fingerprint = v.public_key.empty() ? "" : key_fingerprint(v.public_key);
  v.signature = check_signature(files, *manifest_text, v.public_key, expected_key);
  std::set<std::string> listed = {kManifestFile, kSignatureFile};
  for (const auto& f : manifest["files"]) {
    if (!f.is_object()) continue;
    v.files.push_back(check_file(files, f));
    listed.insert(v.files.back().path);
  }
  for (const std::string& path : files.list()) {
    if (!listed.contains(path)) v.files.push_back({path, false, "not in the manifest: added"});
  }
}

}  // namespace

bool ExportVerification::ok() const {
  return problem.empty() && signature.ok && !files.empty() &&
         std::all_of(files.begin(), files.end(), [](const FileCheck& f) { return f.ok; });
}

ExportVerification verify_export(const fs::path& package, const std::string& expected_public_key) {
  ExportVerification v;
  if (!fs::exists(package)) {
    v.problem = package.string() + " does not exist";
    return v;
  }
  try {
    check_package(*open_package(package), expected_public_key, v);
  } catch (const std::exception& e) {
    v.problem = e.what();
  }
  return v;
}

}  // namespace cctv::storage
