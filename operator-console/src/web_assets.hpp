// SPDX-License-Identifier: Apache-2.0
// Private: the files of operator-console/web, compiled in by cmake/embed_files.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace cctv::console {

struct WebAsset {
  std::string_view path;  // "/index.html", "/js/app.js", ...
  std::string_view bytes;
};

const std::vector<WebAsset>& web_assets();

}  // namespace cctv::console
