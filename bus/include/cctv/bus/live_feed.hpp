// SPDX-License-Identifier: Apache-2.0
// The live side channel from capture nodes to consoles: JPEG frames at a modest rate
// ("live.<camera>": [topic, meta JSON, JPEG, JPEG with zones and tracks drawn]) and camera status
// ("status.<camera>": [topic, JSON]), and change notices from whoever commits to the store
// ("chg.<what>": [topic, JSON], what = incident | export | deployment). Unlike events this is best
// effort: a frame that cannot be sent at once is dropped, and nothing is stored, since the next
// frame replaces it anyway; a notice only says "read the store again", and the store stays the
// source of truth.
//
// Frames cost their publisher two JPEG encodes, so they are made only while watched: a console
// subscribes to "live.<camera>" while someone views that camera, the broker passes the
// subscription up to every publisher, and a LivePublisher answers wants_frames() from the
// subscriptions that reached it (a subscriber to all of "live." gets every camera's frames).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include <zmq.hpp>

namespace cctv::bus {

inline constexpr const char* kLiveFramePrefix = "live.";
inline constexpr const char* kLiveStatusPrefix = "status.";
inline constexpr const char* kNoticePrefix = "chg.";
inline constexpr const char* kIncidentNotice = "incident";
inline constexpr const char* kExportNotice = "export";
inline constexpr const char* kDeploymentNotice = "deployment";

// The store's deployment notice: where every camera is now ({"sites": {camera: site}}).
std::string sites_notice(const std::map<std::string, std::string>& sites);
// The sites a deployment notice carries; nullopt for a writer's {"changed": camera} or for
// anything malformed (never throws: a bad notice must not stop a receiving thread).
std::optional<std::map<std::string, std::string>> sites_in_notice(const std::string& json);

struct LiveMessage {
  enum class Kind { frame, status, notice } kind = Kind::frame;
  std::string camera;  // notices: what changed (kIncidentNotice, ...)
  std::string meta;    // JSON object text: frame time, size, tracks (frame), figures (status) or
                       // what changed (notice)
  std::string jpeg;    // frames only
  std::string overlay_jpeg;  // the same frame with zones and tracks drawn
};

class LivePublisher {
 public:
  // Connects an XPUB socket to `endpoint` (the broker frontend, like the event publisher), which
  // hears the subscriptions of every subscriber behind the broker.
  LivePublisher(zmq::context_t& ctx, const std::string& endpoint);
  // Whether a subscriber takes `camera`'s frames: a subscription that reached this publisher is
  // "live.<camera>" itself or names no camera (a prefix of "live.": all frames). ZeroMQ's prefix
  // filter sends cam10's frames to a "live.cam1" subscriber too, but they are not made for it
  // (the console drops them). False while the broker is
  // away; a broker that (re)starts sends the subscriptions it holds. Thread-safe; never blocks.
  bool wants_frames(const std::string& camera);
  // Thread-safe; never blocks: returns false when the message was dropped.
  bool send_frame(const LiveMessage& frame);
  bool send_status(const std::string& camera, const std::string& status);
  bool send_notice(const std::string& what, const std::string& json);

 private:
  bool send(std::span<const zmq::const_buffer> parts);
  // Under mutex_: applies the subscription changes that arrived (on every send too, so that
  // they do not pile up in a publisher that never asks).
  void read_subscriptions();

  std::mutex mutex_;
  zmq::socket_t socket_;
  zmq::socket_t disconnections_;         // socket_'s monitor: the broker connection was lost
  std::set<std::string> subscriptions_;  // topic prefixes someone behind the broker subscribes to
};

class LiveSubscriber {
 public:
  // Connects a SUB socket to `endpoint` (the broker backend) for the topics starting with one
  // of `prefixes` (kLiveFramePrefix, kLiveStatusPrefix, kNoticePrefix, or narrower).
  LiveSubscriber(zmq::context_t& ctx, const std::string& endpoint,
                 const std::vector<std::string>& prefixes = {kLiveFramePrefix, kLiveStatusPrefix});
  // Waits up to `timeout`; nullopt on timeout or for a malformed message.
  std::optional<LiveMessage> receive(std::chrono::milliseconds timeout);
  // Takes or stops taking the topics starting with `prefix`; from the thread that receives.
  void subscribe(const std::string& prefix);
  void unsubscribe(const std::string& prefix);

 private:
  zmq::socket_t socket_;
};

}  // namespace cctv::bus
