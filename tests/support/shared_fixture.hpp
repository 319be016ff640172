// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace cctv::test {

// A directory of read-only test data that every test process of this build shares, made once:
// CTest runs each test in its own process, and recording real footage takes real time. The
// first process to ask runs `make` on an empty directory (others wait on a lock) and marks it
// complete; later ones reuse it. Keyed by the test binary's modification time, so a rebuilt
// binary makes its data again. If `make` throws, the directory is removed and the error
// passes on.
std::filesystem::path shared_fixture(const std::string& name,
                                     const std::function<void(const std::filesystem::path&)>& make);

}  // namespace cctv::test
