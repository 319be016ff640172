// SPDX-License-Identifier: Apache-2.0
// libFuzzer: the config loader (config/), YAML text to Config. Properties: a config or errors,
// never both and never neither; every error says something and points inside the file.
#include <algorithm>

#include "cctv/config/loader.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using cctv::fuzz::expect;
  const std::string_view yaml = cctv::fuzz::as_text(data, size);
  const cctv::config::LoadResult result = cctv::config::load_config_string(yaml, "fuzz.yaml");
  expect(result.config.has_value() == result.errors.empty(), "a config or its errors");
  const auto lines = static_cast<int>(std::count(yaml.begin(), yaml.end(), '\n')) + 1;
  for (const cctv::config::ConfigError& error : result.errors) {
    expect(!error.message.empty(), "an error says what is wrong", error.to_string());
    expect(error.line >= 0 && error.line <= lines + 1 && error.column >= 0,
           "an error points inside the file", error.to_string());
  }
  return 0;
}
