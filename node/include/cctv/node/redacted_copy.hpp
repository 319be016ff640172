// SPDX-License-Identifier: Apache-2.0
// The redacted working copy of an export (subject-access requests, third-party protection):
// the stream-copied working copy decoded, every person blurred except the tracks kept (and
// faces, with a Haar cascade), the frame's UTC and Europe/London time burnt in (it is
// re-encoded, so its pictures are no longer the camera's), encoded again as H.264 MP4.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cctv/storage/export_package.hpp"

namespace cctv::node {

inline constexpr const char* kDefaultFaceCascade =
    "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

struct RedactionOptions {
  std::vector<std::int64_t> keep_tracks;
  std::string face_cascade;  // empty: people only
};

storage::DerivedCopy redacted_copy(const RedactionOptions& options);

}  // namespace cctv::node
