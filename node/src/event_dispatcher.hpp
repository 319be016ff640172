// SPDX-License-Identifier: Apache-2.0
// Private: how a camera node's events leave the threads that raise them. The frame thread must
// never wait on a disk, a database or the network, so alarms (with the frame for their
// snapshots), health changes and recording segments are queued here, and one thread writes the
// snapshot JPEGs, hashes segments and appends everything to the durable outbox, each time all
// that has queued up in one transaction (group commit). Events leave in the order raised, and
// segments in the order closed, but an event goes ahead of segments still waiting: an alarm
// must not wait while a node's cameras' segments are hashed.
// Once a segment's announcement is in the outbox, it becomes its camera's announced mark
// (announced_mark.hpp): a crash leaves only segments after the mark to recover.
// The queue is bounded: past kMaxFrames queued frames a snapshot is dropped (the alarm still
// goes), past kMaxJobs a job is dropped; both are counted per camera for the camera's health.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <opencv2/core.hpp>

#include "cctv/bus/publisher.hpp"
#include "cctv/capture/source.hpp"
#include "cctv/common/event.hpp"
#include "cctv/storage/segment_recovery.hpp"

namespace cctv::node {

struct DispatchDrops {
  std::uint64_t events = 0;     // alarms, health changes or segments never published
  std::uint64_t snapshots = 0;  // alarms published without their snapshots
};

class EventDispatcher {
 public:
  static constexpr std::size_t kMaxJobs = 4096;
  static constexpr std::size_t kMaxFrames = 16;  // 640x360 BGR: ~11 MB held at most
  static constexpr std::size_t kMaxBatch = 256;  // jobs per outbox transaction

  // `data_dir`: where snapshots are written (evidence/snapshots/...).
  EventDispatcher(bus::Publisher& publisher, std::filesystem::path data_dir);
  ~EventDispatcher();  // publishes what is queued, then joins
  EventDispatcher(const EventDispatcher&) = delete;
  EventDispatcher& operator=(const EventDispatcher&) = delete;

  // Never blocks on I/O. `frame` (BGR, may be empty): snapshots of the alarm with `zone` drawn;
  // `reference` (BGR, may be empty): the view before a camera_tamper, kept beside them.
  void publish(Event e, const cv::Mat& frame = {}, const Polygon& zone = {},
               const cv::Mat& reference = {});
  // Announces a closed recording segment (hashed on the dispatcher's thread).
  void announce_segment(const std::string& camera, const capture::Segment& segment);
  // Announces a segment found unannounced at start (hashed already), marked as recovered.
  void announce_recovered(const storage::RecoveredSegment& segment);

  DispatchDrops drops(const std::string& camera) const;
  std::size_t queued() const;  // jobs waiting, for health and back-pressure in benchmarks

 private:
  struct Job {
    Event event;
    cv::Mat frame;
    Polygon zone;
    cv::Mat reference;
    std::optional<capture::Segment> segment;
    std::optional<storage::RecoveredSegment> recovered;
  };
  // A batch's events in outbox order, and the segments that become announced once kept.
  struct Outgoing {
    std::vector<Event> events;
    std::vector<std::pair<std::filesystem::path, std::filesystem::path>> announced_segments;
  };
  static bool is_recording(const Job& job) { return job.segment || job.recovered; }
  void enqueue(Job job);
  void run(std::stop_token stop);
  std::vector<Job> next_jobs();                                                // with mutex_ held
  std::size_t waiting() const { return events_.size() + recordings_.size(); }  // mutex_ held
  void dispatch(std::vector<Job>& jobs);
  void flush(Outgoing& out);
  void prepare(Job& job, Outgoing& out);
  void announce_recording(const storage::Recording& r, Outgoing& out,
                          const storage::RecoveredSegment* recovered = nullptr);
  void snapshot(Event& e, const Job& job, Outgoing& out);
  void release_frame(Job& job);
  bool send(std::vector<Event>& events);
  void count_lost(const Event& e, const char* why);

  bus::Publisher& publisher_;
  std::filesystem::path data_dir_;  // absolute
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<Job> events_;      // alarms, health changes
  std::deque<Job> recordings_;  // segments to hash and announce
  std::size_t frames_queued_ = 0;
  std::map<std::string, DispatchDrops> drops_;
  std::jthread thread_;  // last: started once the rest is ready
};

}  // namespace cctv::node
