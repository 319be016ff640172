// SPDX-License-Identifier: Apache-2.0
// What the source kinds share: URL options, redaction, and parsebin to elementary streams.
#include <charconv>
#include <stdexcept>

#include "gst_util.hpp"
#include "input_common.hpp"

namespace cctv::capture {

SourceUrl split_options(const std::string& url, std::initializer_list<const char*> known) {
  SourceUrl out;
  const auto q = url.find('?');
  out.address = url.substr(0, q);
  if (q == std::string::npos) return out;
  std::string kept;
  std::size_t pos = q + 1;
  while (pos <= url.size()) {
    const auto amp = std::min(url.find('&', pos), url.size());
    const std::string item = url.substr(pos, amp - pos);
    const auto eq = item.find('=');
    const std::string key = item.substr(0, eq);
    const bool ours =
        std::any_of(known.begin(), known.end(), [&](const char* k) { return key == k; });
    if (ours) {
      out.options[key] = eq == std::string::npos ? "1" : item.substr(eq + 1);
    } else if (!item.empty()) {
      kept += (kept.empty() ? "?" : "&") + item;
    }
    pos = amp + 1;
  }
  out.address += kept;
  return out;
}

double number_option(const SourceUrl& url, const std::string& key, double fallback, double lo,
                     double hi) {
  auto it = url.options.find(key);
  if (it == url.options.end()) return fallback;
  double value = 0;
  const std::string& text = it->second;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < lo || value > hi) {
    throw std::invalid_argument("option '" + key + "=" + text + "' must be a number from " +
                                std::to_string(lo) + " to " + std::to_string(hi));
  }
  return value;
}

bool flag_option(const SourceUrl& url, const std::string& key) {
  auto it = url.options.find(key);
  if (it == url.options.end()) return false;
  if (it->second == "1" || it->second == "true" || it->second == "yes") return true;
  if (it->second == "0" || it->second == "false" || it->second == "no") return false;
  throw std::invalid_argument("option '" + key + "=" + it->second +
                              "' must be 1/0, true/false or yes/no");
}

std::string redact(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const auto host_end = url.find('/', scheme + 3);
  const auto at = url.rfind('@', host_end);
  if (at == std::string::npos || at < scheme) return url;
  return url.substr(0, scheme + 3) + url.substr(at + 1);
}

namespace {

void on_parsed_pad(GstElement*, GstPad* pad, gpointer data) {
  auto* target = static_cast<StreamTarget*>(data);
  if (!target->pace) {
    target->pipeline->attach_stream(target->input, pad, target->roles);
    return;
  }
  // Play a file at its own speed: hold each frame until its running time, counted from the
  // first frame (the pad may appear well after PLAYING on a loaded machine; frames timed from
  // PLAYING would then rush out and the mailbox drop them). Downstream is built before data
  // can flow in. The sinks do not preroll: clocksync holds data until PLAYING.
  try {
    GstElement* sync = make_element("clocksync");
    g_object_set(sync, "sync-to-first", TRUE, nullptr);
    add_chain(target->pipeline->bin(), {sync});
    GstRef<GstPad> out(gst_element_get_static_pad(sync, "src"));
    target->pipeline->attach_stream(target->input, out.get(), target->roles, pad_caps(pad).get());
    link_pad(pad, sync);
  } catch (const std::exception& e) {
    target->pipeline->fail(e.what());
  }
}

void on_no_more_pads(GstElement*, gpointer data) {
  auto* target = static_cast<StreamTarget*>(data);
  if (!target->pipeline->has_stream(target->input))
    target->pipeline->fail("no video stream in " + target->name);
}

}  // namespace

GstElement* add_parsebin(StreamTarget& target) {
  const std::string name = input_name(target.input) + "-parse" + std::to_string(target.parsebins++);
  GstElement* parsebin = make_element("parsebin", name.c_str());
  g_signal_connect(parsebin, "pad-added", G_CALLBACK(on_parsed_pad), &target);
  g_signal_connect(parsebin, "no-more-pads", G_CALLBACK(on_no_more_pads), &target);
  return parsebin;
}

}  // namespace cctv::capture
