// SPDX-License-Identifier: Apache-2.0
// The package is built in a hidden staging directory beside its final place, zipped from
// there, and only then renamed into place: a failure at any step removes the staging
// directory and leaves nothing that looks like a package.
#include "cctv/storage/export_package.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <nlohmann/json.hpp>

#include "cctv/common/sha256.hpp"
#include "cctv/storage/clip_extractor.hpp"
#include "cctv/storage/durable_file.hpp"
#include "export_manifest.hpp"
#include "zip_archive.hpp"

namespace cctv::storage {
namespace {

namespace fs = std::filesystem;

// Shares of the progress bar per stage, by the time each takes.
constexpr double kMasterShare = 0.45;
constexpr double kWorkingShare = 0.15;
constexpr double kZipShare = 0.40;

struct CameraFootage {
  const ExportCamera* camera;
  std::vector<Recording> segments;
};

// Copies `from` to the new file `to`, hashing the bytes as they pass; fsync'd.
std::string copy_and_hash(const fs::path& from, const fs::path& to) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) throw ExportError("cannot read recording segment " + from.string());
  const int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (out < 0) {
    ::close(in);
    throw ExportError("cannot create " + to.string());
  }
  Sha256 hash;
  std::array<char, 1 << 20> buffer;
  bool ok = true;
  for (ssize_t n; ok && (n = ::read(in, buffer.data(), buffer.size())) != 0;) {
    ok = n > 0 && ::write(out, buffer.data(), static_cast<std::size_t>(n)) == n;
    if (ok) hash.update({buffer.data(), static_cast<std::size_t>(n)});
  }
  ok = ok && ::fsync(out) == 0;
  ::close(in);
  ::close(out);
  if (!ok) throw ExportError("cannot copy " + from.string() + " to " + to.string());
  return hash.hex();
}

class PackageBuilder {
 public:
  PackageBuilder(const ExportSpec& spec, const fs::path& staging, const ExportProgress& progress)
      : spec_(spec), staging_(staging), progress_(progress) {}

  void add_masters(const std::vector<CameraFootage>& footage) {
    std::int64_t total = 0, done = 0;
    for (const auto& f : footage)
      for (const Recording& r : f.segments) total += r.bytes;
    for (const auto& f : footage) {
      for (const Recording& r : f.segments) {
        const std::string path =
            "master/" + f.camera->id + "/" + fs::path(r.path).filename().string();
        fs::create_directories((staging_ / path).parent_path());
        const std::string sha256 = copy_and_hash(r.path, staging_ / path);
        if (sha256 != r.sha256) {
          throw ExportError("recording segment " + r.path +
                            " no longer matches the SHA-256 recorded when it was written; it "
                            "has been altered or damaged and cannot be exported as a master");
        }
        manifest_.add_master(path, *f.camera, r);
        done += r.bytes;
        report(kMasterShare * static_cast<double>(done) /
                   static_cast<double>(std::max<std::int64_t>(total, 1)),
               "master");
      }
    }
  }

  void add_working_copies(const std::vector<CameraFootage>& footage) {
    for (std::size_t i = 0; i < footage.size(); ++i) {
      const auto& f = footage[i];
      const std::string path = "working/" + f.camera->id + ".mp4";
      Clip clip;
      try {
        clip = extract_clip(f.segments, spec_.from, spec_.to, staging_ / path);
      } catch (const ClipError& e) {
        throw ExportError("camera " + f.camera->id + ": " + e.what());
      }
      for (const std::string& w : clip.warnings)
        warnings_.push_back("camera " + f.camera->id + ": " + w);
      const fs::path file = staging_ / path;
      manifest_.add_working(path, *f.camera, clip, static_cast<std::int64_t>(fs::file_size(file)),
                            sha256_file(file.string()), masters_of(f));
      for (const DerivedCopy& copy : spec_.derived)
        add_derived(path, f.camera->id, clip.start, copy);
      report(kMasterShare +
                 kWorkingShare * static_cast<double>(i + 1) / static_cast<double>(footage.size()),
             "working");
    }
  }

  // README, public key, manifest and its signature; returns the manifest's text.
  std::string finish(const ExportKey& key) {
    const std::string public_key = key.public_hex();
    add_text_file(kPublicKeyFile, public_key + "\n", "public_key");
    add_text_file(kReadmeFile, readme_text(spec_, key_fingerprint(public_key)), "readme");
    const std::string manifest = manifest_.text(spec_, public_key, warnings_);
    write_file_durably(staging_ / kManifestFile, manifest);
    write_file_durably(staging_ / kSignatureFile, key.sign_hex(manifest) + "\n");
    return manifest;
  }

  void zip(const fs::path& zip_path, const std::string& top) {
    std::vector<ZipInput> inputs;
    for (const std::string& name : manifest_.paths())
      inputs.push_back({top + "/" + name, staging_ / name});
    for (const char* name : {kManifestFile, kSignatureFile})
      inputs.push_back({top + "/" + name, staging_ / name});
    write_zip(zip_path, inputs,
              [this](double done) { report(1 - kZipShare + kZipShare * done, "zip"); });
  }

  int files() const { return static_cast<int>(manifest_.paths().size()); }
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  std::vector<std::string> masters_of(const CameraFootage& f) const {
    std::vector<std::string> paths;
    for (const Recording& r : f.segments) {
      if (r.end > spec_.from && r.start < spec_.to)
        paths.push_back("master/" + f.camera->id + "/" + fs::path(r.path).filename().string());
    }
    return paths;
  }

  void add_derived(const std::string& from, const std::string& camera, Timestamp start,
                   const DerivedCopy& copy) {
    const std::string path = "working/" + camera + "-" + copy.suffix + ".mp4";
    const fs::path file = staging_ / path;
    std::string notes;
    try {
      notes = copy.make(staging_ / from, start, file);
    } catch (const std::exception& e) {
      throw ExportError("camera " + camera + ": cannot make the " + copy.suffix +
                        " working copy: " + e.what());
    }
    manifest_.add_derived(path, from, copy, static_cast<std::int64_t>(fs::file_size(file)),
                          sha256_file(file.string()), notes);
  }

  void add_text_file(const std::string& path, const std::string& text, const std::string& kind) {
    write_file_durably(staging_ / path, text);
    manifest_.add_file(path, kind, static_cast<std::int64_t>(text.size()), sha256_hex(text));
  }

  void report(double done, std::string_view stage) const {
    if (progress_) progress_(std::min(done, 1.0), stage);
  }

  const ExportSpec& spec_;
  fs::path staging_;
  const ExportProgress& progress_;
  ManifestBuilder manifest_;
  std::vector<std::string> warnings_;
};

void check_spec(const ExportSpec& spec) {
  if (spec.reference.empty())
    throw ExportError("an export needs a reference (crime or incident number)");
  if (spec.cameras.empty()) throw ExportError("an export needs at least one camera");
  if (spec.to <= spec.from) {
    throw ExportError("the window's end (" + format_utc(spec.to) + ") must be after its start (" +
                      format_utc(spec.from) + ")");
  }
}

std::vector<CameraFootage> find_footage(const RecordingIndex& index, const ExportSpec& spec) {
  std::vector<CameraFootage> footage;
  for (const ExportCamera& camera : spec.cameras) {
    std::vector<Recording> segments = index.find(camera.id, spec.from, spec.to);
    if (segments.empty()) {
      throw ExportError("camera " + camera.id + " has no recorded footage between " +
                        format_utc(spec.from) + " and " + format_utc(spec.to));
    }
    footage.push_back({&camera, std::move(segments)});
  }
  return footage;
}

}  // namespace

ExportPackage build_export_package(const RecordingIndex& index, const ExportKey& key,
                                   const ExportSpec& spec, const fs::path& dir,
                                   const ExportProgress& progress) {
  check_spec(spec);
  const fs::path zip = fs::path(dir.string() + ".zip");
  if (fs::exists(dir) || fs::exists(zip)) {
    throw ExportError("the package " + dir.string() + " already exists; choose another --out");
  }
  const std::vector<CameraFootage> footage = find_footage(index, spec);
  const fs::path staging = dir.parent_path() / ("." + dir.filename().string() + ".partial");
  try {
    fs::remove_all(staging);
    fs::create_directories(staging);
    PackageBuilder builder(spec, staging, progress);
    builder.add_masters(footage);
    builder.add_working_copies(footage);
    const std::string manifest = builder.finish(key);
    builder.zip(zip, dir.filename().string());
    fs::rename(staging, dir);
    return {dir,
            zip,
            static_cast<std::int64_t>(fs::file_size(zip)),
            sha256_file(zip.string()),
            sha256_hex(manifest),
            builder.files(),
            builder.warnings()};
  } catch (const std::exception& e) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    fs::remove(zip, ignored);
    fs::remove(partial_path(zip), ignored);
    if (dynamic_cast<const ExportError*>(&e)) throw;
    throw ExportError("cannot build the package " + dir.string() + ": " + e.what());
  }
}

}  // namespace cctv::storage
