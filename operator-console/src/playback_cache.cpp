// SPDX-License-Identifier: Apache-2.0
#include "playback_cache.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace cctv::console {
namespace {

std::filesystem::path private_temp_dir() {
  std::string name = (std::filesystem::temp_directory_path() / "cctv-playback-XXXXXX").string();
  if (!mkdtemp(name.data())) {  // mode 0700: footage is for this console's eyes only
    throw std::runtime_error("cannot create a playback directory " + name + ": " +
                             std::strerror(errno));
  }
  return name;
}

}  // namespace

PlaybackCut::~PlaybackCut() {
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
}

PlaybackCache::PlaybackCache(std::size_t max_cuts)
    : dir_(private_temp_dir()), max_cuts_(max_cuts) {}

PlaybackCache::~PlaybackCache() {
  entries_.clear();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::shared_ptr<const PlaybackCut> PlaybackCache::get(
    const std::string& camera, Timestamp from, Timestamp to,
    const std::vector<storage::Recording>& segments) {
  const std::string key = camera + "|" + format_utc(from) + "|" + format_utc(to);
  std::filesystem::path path;
  {
    std::lock_guard lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->key != key) continue;
      entries_.splice(entries_.begin(), entries_, it);
      return it->cut;
    }
    path = dir_ / (std::to_string(next_name_++) + ".mp4");
  }
  // Cut without the lock: other windows are served meanwhile. Two requests for the same new
  // window both cut it; the later one is kept.
  auto cut =
      std::make_shared<const PlaybackCut>(path, storage::extract_clip(segments, from, to, path));
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [&](const Entry& e) { return e.key == key; });
  entries_.push_front({key, cut});
  if (entries_.size() > max_cuts_) entries_.pop_back();
  return cut;
}

}  // namespace cctv::console
