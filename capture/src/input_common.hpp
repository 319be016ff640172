// SPDX-License-Identifier: Apache-2.0
// Private: what the source kinds share, and one factory per kind (rtsp_source.cpp, file_source.cpp,
// test_source.cpp). Each parses and checks its URL up front (std::invalid_argument) and makes a
// fresh Input per connection attempt.
#pragma once

#include <map>
#include <string>

#include "capture_pipeline.hpp"

namespace cctv::capture {

// Where a demuxed/depayloaded stream goes, for the signal handlers of an input's parsebin.
struct StreamTarget {
  CapturePipeline* pipeline = nullptr;
  int input = 0;
  Roles roles;
  std::string name;   // for messages
  bool pace = false;  // insert clocksync (files played in real time)
  int parsebins = 0;  // for unique element names
};
// A parsebin whose video stream is attached to `target` (which must outlive the pipeline);
// the caller adds and links it. "no video stream in <name>" if the input has none.
GstElement* add_parsebin(StreamTarget& target);

// A URL split into its address and our options ("?key=value&flag"); keys not in `known`
// stay in the address (real camera URLs carry their own query parameters).
struct SourceUrl {
  std::string address;
  std::map<std::string, std::string> options;
};
SourceUrl split_options(const std::string& url, std::initializer_list<const char*> known);
// Throws std::invalid_argument unless `text` is a number in [lo, hi].
double number_option(const SourceUrl& url, const std::string& key, double fallback, double lo,
                     double hi);
bool flag_option(const SourceUrl& url, const std::string& key);
// "rtsp://user:secret@host/x" -> "rtsp://host/x", for messages and logs.
std::string redact(const std::string& url);

// rtsp://, rtsps://  options: transport=tcp|udp, latency_ms=<n>
InputFactory rtsp_input(const std::string& url, Roles roles);
// file:///path  options: loop, realtime
InputFactory file_input(const std::string& url, Roles roles);
// test://<scene>  options: width, height, fps (default: the analytics settings)
InputFactory test_input(const std::string& url, Roles roles,
                        const config::AnalyticsSettings& analytics);

}  // namespace cctv::capture
