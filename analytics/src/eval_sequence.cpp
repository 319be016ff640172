// SPDX-License-Identifier: Apache-2.0
// MOTChallenge seqinfo.ini: "key=value" lines under [Sequence], as the benchmark ships them.
#include <charconv>
#include <map>
#include <stdexcept>

#include "cctv/analytics/evaluation.hpp"
#include "eval_support.hpp"

namespace cctv::analytics {
namespace {

constexpr char kSection[] = "Sequence";

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

struct Value {
  std::string text;
  std::size_t line = 0;
};

// The [Sequence] section's keys, with the line each was on.
std::map<std::string, Value, std::less<>> sequence_keys(std::string_view text) {
  std::map<std::string, Value, std::less<>> keys;
  bool in_section = false;
  for (std::size_t line_no = 1; !text.empty(); ++line_no) {
    const std::string_view line = trimmed(next_line(text));
    if (line.empty() || line.front() == ';' || line.front() == '#') continue;
    if (line.front() == '[') {
      in_section = line == std::string("[") + kSection + "]";
      continue;
    }
    const std::size_t eq = line.find('=');
    if (!in_section || eq == std::string_view::npos) continue;
    keys[std::string(trimmed(line.substr(0, eq)))] = {std::string(trimmed(line.substr(eq + 1))),
                                                      line_no};
  }
  return keys;
}

class Reader {
 public:
  Reader(std::string_view text, const std::string& source)
      : keys_(sequence_keys(text)), source_(source) {}

  std::string text(const std::string& key, const char* what) const {
    const Value& v = find(key, what);
    if (v.text.empty()) fail(v, key + " is empty; it should be " + what);
    return v.text;
  }

  std::string optional_text(const std::string& key) const {
    const auto it = keys_.find(key);
    return it == keys_.end() ? std::string() : it->second.text;
  }

  template <class Number>
  Number positive(const std::string& key, const char* what) const {
    const Value& v = find(key, what);
    Number n{};
    const auto [ptr, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), n);
    if (ec != std::errc() || ptr != v.text.data() + v.text.size() || !(n > 0)) {
      fail(v, key + " '" + v.text + "' should be " + what + ", a number above 0");
    }
    return n;
  }

 private:
  const Value& find(const std::string& key, const char* what) const {
    const auto it = keys_.find(key);
    if (it == keys_.end()) {
      throw std::invalid_argument(source_ + ": no " + key + "= line under [" + kSection +
                                  "]; add " + what);
    }
    return it->second;
  }

  [[noreturn]] void fail(const Value& v, const std::string& why) const {
    throw std::invalid_argument(source_ + ":" + std::to_string(v.line) + ": " + why);
  }

  std::map<std::string, Value, std::less<>> keys_;
  std::string source_;
};

}  // namespace

MotSequenceInfo parse_mot_sequence_info(std::string_view text, const std::string& source) {
  const Reader r(text, source);
  MotSequenceInfo info;
  info.name = r.optional_text("name");
  info.image_dir = r.text("imDir", "the folder of the frames, e.g. img1");
  info.image_ext = r.text("imExt", "the frames' file extension, e.g. .jpg");
  info.frame_rate = r.positive<double>("frameRate", "the frames a second it was taken at");
  info.length = r.positive<long>("seqLength", "the number of frames");
  return info;
}

}  // namespace cctv::analytics
