// SPDX-License-Identifier: Apache-2.0
// A recording segment that a crash (SIGKILL, power loss) cut off mid-write: the recorder never
// closed nor announced it, so no index row points at it. Recovery times its playable packets
// with libavformat and hashes it as an indexed segment is hashed. A container left open
// (Matroska without the duration and seek index matroskamux writes when a segment ends) is
// remuxed by stream copy, never re-encoded, into a closed file that atomically replaces the
// cut one: what is dropped is only the incomplete tail the demuxer cannot read, which never
// played. A closed file is kept byte for byte.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "cctv/common/time.hpp"
#include "cctv/storage/recording_index.hpp"

namespace cctv::storage {

struct RecoveredSegment {
  Recording recording;           // end: start + the kept frames' duration; as the file is now
  std::int64_t frames = 0;       // playable video frames kept
  std::int64_t bytes_found = 0;  // the file's size as the crash left it
  bool remuxed = false;          // false: it was closed already and is kept as it was
  std::string note() const;      // one line for the log and the audit row
};

// `start`: the UTC of the segment's first frame (its file name's). nullopt for an empty file,
// which is removed (the recorder removes those too). Throws ClipError when the file cannot be
// read (nothing playable: it is left as it is) or its repair cannot be written.
std::optional<RecoveredSegment> recover_segment(const std::string& camera, Timestamp start,
                                                const std::filesystem::path& path);

}  // namespace cctv::storage
