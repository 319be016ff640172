// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace cctv::test {

// A directory of read-only test data that the test processes of one CTest run share, made
// once: CTest runs each test in its own process, and recording real footage takes real time.
// The first process to ask runs `make` on an empty directory (others wait on a lock) and marks
// it complete; later ones reuse it. Keyed by the parent process (one CTest run) and the test
// binary's modification time, so the next run or a rebuilt binary makes its data again (a take
// spoilt in one run is not reused by the next); directories of runs that have ended are
// removed. If `make` throws, the directory is removed and the error passes on.
std::filesystem::path shared_fixture(const std::string& name,
                                     const std::function<void(const std::filesystem::path&)>& make);

}  // namespace cctv::test
