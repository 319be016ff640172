// SPDX-License-Identifier: Apache-2.0
#include "yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>
#include <type_traits>

#include "suggest.hpp"

namespace cctv::config::detail {
namespace {

bool parse_number(const YAML::Node& node, double& out) {
  if (!node.IsScalar()) return false;
  std::string_view text = node.Scalar();
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

bool decode(const YAML::Node& node, std::string& out) {
  if (!node.IsScalar()) return false;
  out = node.Scalar();
  return true;
}

bool decode(const YAML::Node& node, double& out) {
  return parse_number(node, out) && std::isfinite(out);
}

bool decode(const YAML::Node& node, bool& out) {
  return node.IsScalar() && YAML::convert<bool>::decode(node, out);
}

const char* expected(const std::string*) { return "a single value"; }
const char* expected(const bool*) { return "true or false"; }

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

bool Bounds::contains(double v) const {
  const bool above_lo = lo_open ? v > lo : v >= lo;
  const bool below_hi = hi_open ? v < hi : v <= hi;
  return above_lo && below_hi;
}

Bounds Bounds::within(double min, double max) const {
  Bounds b = *this;
  if (b.lo < min) b = {min, b.hi, false, b.hi_open};
  if (b.hi > max) b = {b.lo, max, b.lo_open, false};
  return b;
}

std::string Bounds::describe() const {
  if (std::isfinite(lo) && std::isfinite(hi) && !lo_open && !hi_open) {
    return "between " + format_number(lo) + " and " + format_number(hi);
  }
  std::string out;
  if (std::isfinite(lo)) out += (lo_open ? "> " : ">= ") + format_number(lo);
  if (std::isfinite(lo) && std::isfinite(hi)) out += " and ";
  if (std::isfinite(hi)) out += (hi_open ? "< " : "<= ") + format_number(hi);
  return out;
}

std::string describe(const YAML::Node& node) {
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) {
    return "a list of " + std::to_string(node.size()) + (node.size() == 1 ? " item" : " items");
  }
  if (node.IsScalar()) return quoted(node.Scalar());
  return "nothing";
}

bool to_number(const YAML::Node& node, double& out) { return decode(node, out); }

std::string format_number(double v) {
  std::ostringstream out;
  out.precision(15);
  out << v;
  return out.str();
}

MapReader::MapReader(const YAML::Node& node, Diagnostics& diag, std::string context)
    : node_(node), diag_(diag), context_(std::move(context)) {
  if (node_.IsMap() || node_.IsNull() || !node_.IsDefined()) return;
  valid_ = false;
  diag_.add(node_.Mark(),
            context_ + " must be a map of 'key: value' lines, got " + describe(node_));
}

std::optional<YAML::Node> MapReader::get(std::string_view key) const {
  if (!node_.IsMap()) return std::nullopt;
  for (const auto& pair : node_) {
    if (pair.first.IsScalar() && pair.first.Scalar() == key) return pair.second;
  }
  return std::nullopt;
}

void MapReader::check_keys(const Keys& allowed) const {
  if (!node_.IsMap()) return;
  Keys seen;
  for (const auto& pair : node_) {
    const YAML::Node& key = pair.first;
    if (!key.IsScalar()) {
      error(key, "a key must be a plain name; allowed keys are " + join(allowed));
      continue;
    }
    const std::string& name = key.Scalar();
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      error(key, "key " + quoted(name) + " is given twice; keep only one");
    } else if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      error(key, "unknown key " + quoted(name) + "; " + hint(name, allowed, "allowed keys are "));
    }
    seen.push_back(name);
  }
}

template <class T>
bool MapReader::read(std::string_view key, T& out, const Bounds& bounds) const {
  const std::optional<YAML::Node> node = get(key);
  if (!node) return false;
  if constexpr (std::is_same_v<T, double> || std::is_same_v<T, int>) {
    // Both read as double, so "6.0" is a whole number and 1e12 is out of range, not mistyped.
    constexpr bool whole = std::is_same_v<T, int>;
    double number = 0;
    if (!decode(*node, number) || (whole && number != std::trunc(number))) {
      error(*node, quoted(key) + " must be " + (whole ? "a whole number" : "a number") + ", got " +
                       describe(*node));
      return false;
    }
    const Bounds limits =
        whole ? bounds.within(std::numeric_limits<int>::min(), std::numeric_limits<int>::max())
              : bounds;
    if (!limits.contains(number)) {
      // Name the int limits only when they are what the value breaks.
      const Bounds& shown = bounds.contains(number) ? limits : bounds;
      error(*node, quoted(key) + " is " + node->Scalar() + "; use a value " + shown.describe());
      return false;
    }
    out = static_cast<T>(number);
  } else {
    T value{};
    if (!decode(*node, value)) {
      error(*node, quoted(key) + " must be " + expected(&value) + ", got " + describe(*node));
      return false;
    }
    out = std::move(value);
  }
  return true;
}

template <class T>
bool MapReader::require(std::string_view key, T& out, std::string_view example) const {
  if (!get(key)) {
    missing(key, example);
    return false;
  }
  return read(key, out);
}

template bool MapReader::read(std::string_view, std::string&, const Bounds&) const;
template bool MapReader::read(std::string_view, double&, const Bounds&) const;
template bool MapReader::read(std::string_view, int&, const Bounds&) const;
template bool MapReader::read(std::string_view, bool&, const Bounds&) const;
template bool MapReader::require(std::string_view, std::string&, std::string_view) const;

bool MapReader::read_choice(std::string_view key, std::string& out, const Keys& choices) const {
  std::string value;
  if (!read(key, value)) return false;
  if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
    std::string problem = quoted(key) + " is " + quoted(value) + "; use one of " + join(choices);
    if (auto near = closest(value, choices)) problem += " (did you mean " + quoted(*near) + "?)";
    error(*get(key), problem);
    return false;
  }
  out = std::move(value);
  return true;
}

std::vector<YAML::Node> MapReader::list(std::string_view key, std::string_view items) const {
  const std::optional<YAML::Node> node = get(key);
  if (!node || node->IsNull()) return {};
  if (!node->IsSequence()) {
    error(*node, quoted(key) + " must be a list of " + std::string(items) +
                     " (one '- ' entry each), got " + describe(*node));
    return {};
  }
  std::vector<YAML::Node> out;
  for (const YAML::Node& item : *node) out.push_back(item);
  return out;
}

MapReader MapReader::child(std::string_view key, std::string context) const {
  return MapReader(get(key).value_or(YAML::Node()), diag_, std::move(context));
}

void MapReader::missing(std::string_view key, std::string_view example) const {
  error(node_,
        "missing required field " + quoted(key) + "; add e.g. '" + std::string(example) + "'");
}

void MapReader::error(const YAML::Node& at, const std::string& problem) const {
  error(at.Mark(), problem);
}

void MapReader::error(const YAML::Mark& at, const std::string& problem) const {
  diag_.add(at, context_ + ": " + problem);
}

}  // namespace cctv::config::detail
