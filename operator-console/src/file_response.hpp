// SPDX-License-Identifier: Apache-2.0
// Private: files the console serves (export packages, working copies, playback cuts), streamed
// from disk in the ranges a browser asks for, and when such a request counts as one view.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <httplib.h>

namespace cctv::console {

// Streams the file at `path` without holding it in memory (a package can be gigabytes), in
// whatever range the request asks for. `download_name`: a Content-Disposition attachment name
// (empty: none). `keep_alive`: held until the answer is sent (a cache entry owning the file).
void send_file(httplib::Response& res, const std::filesystem::path& path, const std::string& type,
               const std::string& download_name, std::shared_ptr<const void> keep_alive = {});

// Browsers fetch a video in ranges; one view (or download) is the GET for its start. A HEAD
// request sends no footage.
bool starts_a_view(const httplib::Request& req);

}  // namespace cctv::console
