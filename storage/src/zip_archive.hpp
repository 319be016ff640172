// SPDX-License-Identifier: Apache-2.0
// Private: zip files through libzip. Entries are stored, not deflated: the bulk is H.264,
// which does not compress, and a stored entry is a plain copy any unzip tool reads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

struct zip;

namespace cctv::storage {

struct ZipInput {
  std::string name;  // entry name inside the zip, '/'-separated
  std::filesystem::path file;
};

// Writes `files` into a new zip at `zip`, crash-safely (complete or absent). `progress` is
// told the share done (0..1) now and then. Throws std::runtime_error naming the zip.
void write_zip(const std::filesystem::path& zip, const std::vector<ZipInput>& files,
               const std::function<void(double)>& progress);

class ZipReader {
 public:
  struct Entry {
    std::string name;
    std::int64_t bytes = 0;
  };

  // Throws std::runtime_error when `zip` is not a readable zip file.
  explicit ZipReader(const std::filesystem::path& zip);
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  const std::vector<Entry>& entries() const { return entries_; }
  // Feeds the entry's bytes to `sink` in pieces; false when the entry cannot be read whole
  // (a damaged zip).
  bool read(const std::string& name, const std::function<void(std::string_view)>& sink) const;

 private:
  ::zip* zip_ = nullptr;
  std::vector<Entry> entries_;
};

}  // namespace cctv::storage
