// SPDX-License-Identifier: Apache-2.0
#include "zip_archive.hpp"

#include <zip.h>

#include <array>
#include <stdexcept>

#include "cctv/storage/durable_file.hpp"

namespace cctv::storage {
namespace {

std::string zip_problem(zip_t* zip) { return zip_error_strerror(zip_get_error(zip)); }

void add_entry(zip_t* zip, const ZipInput& input) {
  zip_source_t* source = zip_source_file(zip, input.file.c_str(), 0, -1);
  if (!source)
    throw std::runtime_error("cannot read " + input.file.string() + ": " + zip_problem(zip));
  const zip_int64_t index = zip_file_add(zip, input.name.c_str(), source, ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    zip_source_free(source);
    throw std::runtime_error("cannot add " + input.name + ": " + zip_problem(zip));
  }
  zip_set_file_compression(zip, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
}

}  // namespace

void write_zip(const std::filesystem::path& zip_path, const std::vector<ZipInput>& files,
               const std::function<void(double)>& progress) {
  const std::filesystem::path partial = partial_path(zip_path);
  std::filesystem::remove(partial);
  int error = 0;
  zip_t* zip = zip_open(partial.c_str(), ZIP_CREATE | ZIP_EXCL, &error);
  if (!zip) throw std::runtime_error("cannot create " + partial.string());
  try {
    for (const ZipInput& input : files) add_entry(zip, input);
  } catch (...) {
    zip_discard(zip);
    throw;
  }
  if (progress) {
    zip_register_progress_callback_with_state(
        zip, 0.01,
        [](zip_t*, double done, void* state) {
          (*static_cast<const std::function<void(double)>*>(state))(done);
        },
        nullptr, const_cast<std::function<void(double)>*>(&progress));
  }
  if (zip_close(zip) != 0) {
    const std::string why = zip_problem(zip);
    zip_discard(zip);
    std::filesystem::remove(partial);
    throw std::runtime_error("cannot write " + zip_path.string() + ": " + why);
  }
  commit_file(zip_path);
}

ZipReader::ZipReader(const std::filesystem::path& path) {
  int error = 0;
  zip_ = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (!zip_) {
    zip_error_t e;
    zip_error_init_with_code(&e, error);
    const std::string why = zip_error_strerror(&e);
    zip_error_fini(&e);
    throw std::runtime_error(path.string() + " is not a readable zip file: " + why);
  }
  const zip_int64_t n = zip_get_num_entries(zip_, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(zip_, static_cast<zip_uint64_t>(i), 0, &st) == 0) {
      entries_.push_back({st.name, static_cast<std::int64_t>(st.size)});
    }
  }
}

ZipReader::~ZipReader() {
  if (zip_) zip_discard(zip_);
}

bool ZipReader::read(const std::string& name,
                     const std::function<void(std::string_view)>& sink) const {
  zip_file_t* file = zip_fopen(zip_, name.c_str(), 0);
  if (!file) return false;
  std::array<char, 1 << 16> buffer;
  zip_int64_t n = 0;
  while ((n = zip_fread(file, buffer.data(), buffer.size())) > 0) {
    sink({buffer.data(), static_cast<std::size_t>(n)});
  }
  zip_fclose(file);
  return n == 0;
}

}  // namespace cctv::storage
