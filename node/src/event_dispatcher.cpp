// SPDX-License-Identifier: Apache-2.0
#include "event_dispatcher.hpp"

#include <spdlog/spdlog.h>

#include "alarm_snapshot.hpp"
#include "announced_mark.hpp"
#include "cctv/node/data_layout.hpp"
#include "cctv/storage/recording_index.hpp"

namespace cctv::node {
namespace {

// The announcement of a file this node wrote; its id is the evidence id for evidence files.
Event announcement(EventType type, const std::string& camera, Timestamp ts, FileRef file) {
  Event a;
  a.type = type;
  a.camera = camera;
  a.ts = ts;
  a.file = std::move(file);
  return a;
}

Event evidence_announcement(const storage::Evidence& evidence, Timestamp ts) {
  Event a = announcement(EventType::evidence_file, evidence.camera, ts,
                         {.path = evidence.path,
                          .bytes = evidence.bytes,
                          .sha256 = evidence.sha256,
                          .kind = std::string(storage::to_string(evidence.kind)),
                          .event = evidence.event_id});
  a.id = evidence.id;
  return a;
}

}  // namespace

EventDispatcher::EventDispatcher(bus::Publisher& publisher, std::filesystem::path data_dir)
    : publisher_(publisher),
      data_dir_(std::filesystem::absolute(data_dir)),
      thread_([this](std::stop_token stop) { run(stop); }) {}

EventDispatcher::~EventDispatcher() {
  thread_.request_stop();
  thread_.join();
}

void EventDispatcher::publish(Event e, const cv::Mat& frame, const Polygon& zone,
                              const cv::Mat& reference) {
  enqueue({.event = std::move(e), .frame = frame, .zone = zone, .reference = reference});
}

void EventDispatcher::announce_segment(const std::string& camera, const capture::Segment& segment) {
  Job job{.segment = segment};
  job.event.camera = camera;
  enqueue(std::move(job));
}

void EventDispatcher::announce_recovered(const storage::RecoveredSegment& segment) {
  Job job{.recovered = segment};
  job.event.camera = segment.recording.camera;
  enqueue(std::move(job));
}

DispatchDrops EventDispatcher::drops(const std::string& camera) const {
  std::lock_guard lock(mutex_);
  const auto it = drops_.find(camera);
  return it == drops_.end() ? DispatchDrops{} : it->second;
}

void EventDispatcher::enqueue(Job job) {
  {
    std::lock_guard lock(mutex_);
    DispatchDrops& drops = drops_[job.event.camera];
    if (jobs_.size() >= kMaxJobs) {
      // Said once per thousand: a stalled disk must not also flood the log.
      if (++drops.events % 1000 == 1) {
        spdlog::critical("[{}] {} event(s) dropped so far: {} wait for the outbox (disk stalled?)",
                         job.event.camera, drops.events, jobs_.size());
      }
      return;
    }
    if (!job.frame.empty() && frames_queued_ >= kMaxFrames) {
      job.frame.release();
      job.reference.release();
      if (++drops.snapshots % 100 == 1) {
        spdlog::warn("[{}] {} alarm(s) sent without their snapshots so far: {} wait for the disk",
                     job.event.camera, drops.snapshots, frames_queued_);
      }
    }
    // The frame is shared with the capture pipeline's next frames only by reference count:
    // take a copy so the pipeline may reuse its buffer.
    if (!job.frame.empty()) {
      job.frame = job.frame.clone();
      job.reference = job.reference.clone();
      ++frames_queued_;
    }
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void EventDispatcher::run(std::stop_token stop) {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, stop, [this] { return !jobs_.empty(); });
      // On stop, what is queued still goes to the outbox: it is local disk, and quick.
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
      if (!job.frame.empty()) --frames_queued_;
    }
    dispatch(job);
  }
}

void EventDispatcher::dispatch(Job& job) {
  try {
    if (job.segment) {
      announce_recording(
          storage::describe_segment(job.event.camera, job.segment->start, job.segment->end,
                                    std::filesystem::absolute(job.segment->path).string()));
      return;
    }
    if (job.recovered) {
      announce_recording(job.recovered->recording, &*job.recovered);
      return;
    }
    if (!job.frame.empty()) snapshot(job.event, job);
    send(job.event);
  } catch (const std::exception& e) {
    spdlog::error("[{}] could not publish {}: {}", job.event.camera, to_string(job.event.type),
                  e.what());
  }
}

void EventDispatcher::announce_recording(const storage::Recording& r,
                                         const storage::RecoveredSegment* recovered) {
  Event a = announcement(EventType::recording_segment, r.camera, r.end,
                         {.path = r.path,
                          .bytes = r.bytes,
                          .sha256 = r.sha256,
                          .kind = recovered ? std::string(kRecoveredSegment) : ""});
  a.started_at = r.start;
  if (recovered) a.message = recovered->note();
  if (send(a)) mark_announced(recordings_dir(data_dir_) / r.camera, r.path);
}

// Snapshots first, so the store holds them by the time the alarm refers to them.
void EventDispatcher::snapshot(Event& e, const Job& job) {
  if (e.id.empty()) e.id = new_uuid();
  try {
    for (const storage::Evidence& file :
         save_alarm_snapshots(data_dir_, e, job.frame, job.zone, job.reference)) {
      Event a = evidence_announcement(file, e.ts);
      send(a);
      e.snapshot = file.id;  // the annotated one comes last
    }
  } catch (const std::exception& ex) {  // the alarm still goes out, without a snapshot
    spdlog::error("[{}] no snapshot of {} {}: {}", e.camera, to_string(e.type), e.id, ex.what());
  }
}

// The outbox is on local disk; if even that fails the event cannot be kept, so say so loudly.
bool EventDispatcher::send(Event& e) {
  try {
    publisher_.publish(e);
    return true;
  } catch (const std::exception& ex) {
    std::lock_guard lock(mutex_);
    ++drops_[e.camera].events;
    spdlog::critical("[{}] could not keep {} event: {}", e.camera, to_string(e.type), ex.what());
    return false;
  }
}

}  // namespace cctv::node
