// SPDX-License-Identifier: Apache-2.0
#include "file_response.hpp"

#include <algorithm>
#include <fstream>
#include <vector>

#include "api.hpp"

namespace cctv::console {

void send_file(httplib::Response& res, const std::filesystem::path& path, const std::string& type,
               const std::string& download_name, std::shared_ptr<const void> keep_alive) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) throw ApiError(410, "the file is missing from disk: " + path.filename().string());
  auto in = std::make_shared<std::ifstream>(path, std::ios::binary);
  res.set_header("Cache-Control", "private, no-store");
  if (!download_name.empty())
    res.set_header("Content-Disposition", "attachment; filename=\"" + download_name + "\"");
  res.set_content_provider(size, type,
                           [in, keep_alive = std::move(keep_alive)](
                               std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             std::vector<char> buffer(std::min<std::size_t>(length, 1 << 20));
                             in->seekg(static_cast<std::streamoff>(offset));
                             in->read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
                             return in->gcount() > 0 &&
                                    sink.write(buffer.data(),
                                               static_cast<std::size_t>(in->gcount()));
                           });
}

bool starts_a_view(const httplib::Request& req) {
  if (req.method != "GET") return false;
  const std::string range = req.get_header_value("Range");
  return range.empty() || range.starts_with("bytes=0-");
}

}  // namespace cctv::console
