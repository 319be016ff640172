// SPDX-License-Identifier: Apache-2.0
// Private: typed access to one YAML map. Every problem is recorded in Diagnostics at the
// offending node as "<context>: <what is wrong>; <how to fix it>", and reading carries on.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.hpp"

namespace cctv::config::detail {

using Keys = std::vector<std::string>;

// The range a number must fall in; an open end excludes the bound itself.
struct Bounds {
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  double lo = -kInf;
  double hi = kInf;
  bool lo_open = false;
  bool hi_open = false;

  static Bounds above(double v) { return {v, kInf, true, false}; }
  static Bounds at_least(double v) { return {v, kInf, false, false}; }
  static Bounds between(double lo, double hi) { return {lo, hi, false, false}; }
  Bounds at_most(double v) const { return {lo, v, lo_open, false}; }

  // These bounds, narrowed to [min, max] where they reach beyond it.
  Bounds within(double min, double max) const;
  bool contains(double v) const;
  std::string describe() const;  // "> 0 and <= 30", ">= 0", "between 64 and 3840"
};

// How a node reads in a message: "'six'", "a list of 3 items", "a map" or "nothing".
std::string describe(const YAML::Node& node);

// A finite number from a scalar node ("6", "+0.5", "-1e3"); false for anything else.
bool to_number(const YAML::Node& node, double& out);

// The text of a number as a message shows it: 30, 0.5, -0.279.
std::string format_number(double v);

class MapReader {
 public:
  // An absent or null node reads as an empty map; any other non-map is reported.
  MapReader(const YAML::Node& node, Diagnostics& diag, std::string context);

  bool valid() const { return valid_; }
  const std::string& context() const { return context_; }
  void set_context(std::string context) { context_ = std::move(context); }
  YAML::Mark mark() const { return node_.Mark(); }
  Diagnostics& diagnostics() const { return diag_; }

  // The value under `key` (the first one if it is repeated).
  std::optional<YAML::Node> get(std::string_view key) const;
  // Reports keys outside `allowed` (with a did-you-mean) and keys given twice.
  void check_keys(const Keys& allowed) const;

  // Reads an optional field into `out` (T: std::string, double, int or bool), leaving `out`
  // unchanged when absent or wrong. True when present and valid. Bounds apply to numbers.
  template <class T>
  bool read(std::string_view key, T& out, const Bounds& bounds = {}) const;
  // As read(), and reports an absent field at this map; `example` shows a correct line.
  template <class T>
  bool require(std::string_view key, T& out, std::string_view example) const;
  // A string that must be one of `choices`.
  bool read_choice(std::string_view key, std::string& out, const Keys& choices) const;
  // The items of a list field; absent or null is an empty list. `items` names them in messages.
  std::vector<YAML::Node> list(std::string_view key, std::string_view items) const;
  // The map under `key`, read with its own context.
  MapReader child(std::string_view key, std::string context) const;

  void missing(std::string_view key, std::string_view example) const;
  // Records "<context>: <problem>" at a node or position.
  void error(const YAML::Node& at, const std::string& problem) const;
  void error(const YAML::Mark& at, const std::string& problem) const;

 private:
  YAML::Node node_;
  Diagnostics& diag_;
  std::string context_;
  bool valid_ = true;
};

// Reads each map in `items` into a T with `read_item(MapReader&, T&)`; items that are not maps
// are reported and skipped. Each reader starts with the context "<kind> #<n>".
template <class T, class ReadItem>
std::vector<T> read_list(const std::vector<YAML::Node>& items, const std::string& kind,
                         Diagnostics& diag, ReadItem&& read_item) {
  std::vector<T> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    MapReader reader(items[i], diag, kind + " #" + std::to_string(i + 1));
    if (!reader.valid()) continue;
    T value{};
    read_item(reader, value);
    out.push_back(std::move(value));
  }
  return out;
}

}  // namespace cctv::config::detail
