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

std::size_t EventDispatcher::queued() const {
  std::lock_guard lock(mutex_);
  return waiting();
}

void EventDispatcher::enqueue(Job job) {
  {
    std::lock_guard lock(mutex_);
    DispatchDrops& drops = drops_[job.event.camera];
    if (waiting() >= kMaxJobs) {
      // Said once per thousand: a stalled disk must not also flood the log.
      if (++drops.events % 1000 == 1) {
        spdlog::critical("[{}] {} event(s) dropped so far: {} wait for the outbox (disk stalled?)",
                         job.event.camera, drops.events, waiting());
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
    (is_recording(job) ? recordings_ : events_).push_back(std::move(job));
  }
  wake_.notify_one();
}

void EventDispatcher::run(std::stop_token stop) {
  for (;;) {
    std::vector<Job> jobs;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, stop, [this] { return waiting() > 0; });
      // On stop, what is queued still goes to the outbox: it is local disk, and quick.
      if (waiting() == 0) return;
      jobs = next_jobs();
    }
    dispatch(jobs);
  }
}

// Every event waiting, and only then one recording: hashing a segment reads the whole file (a
// minute of a 4 Mbit/s main stream is 30 MB), and cameras started together close theirs
// together, so an alarm raised meanwhile waits for one segment at most, not for all of them.
std::vector<EventDispatcher::Job> EventDispatcher::next_jobs() {
  std::vector<Job> jobs;
  while (!events_.empty() && jobs.size() < kMaxBatch) {
    jobs.push_back(std::move(events_.front()));
    events_.pop_front();
  }
  if (jobs.empty()) {
    jobs.push_back(std::move(recordings_.front()));
    recordings_.pop_front();
  }
  return jobs;
}

// Group commit: whatever queued up while the last batch was written goes to the outbox in one
// transaction, so a node whose cameras raise events together pays one fsync for all of them,
// not one each. Nothing waits to fill a batch: a lone alarm leaves at once, and what is ready
// leaves before slow work (an alarm's snapshot JPEGs) so no event waits behind another event's
// files.
void EventDispatcher::dispatch(std::vector<Job>& jobs) {
  Outgoing out;
  for (Job& job : jobs) {
    if (!job.frame.empty()) flush(out);  // a recording always comes alone (next_jobs)
    prepare(job, out);
  }
  flush(out);
}

void EventDispatcher::flush(Outgoing& out) {
  if (out.events.empty()) return;
  if (send(out.events)) {
    for (const auto& [camera_dir, segment] : out.announced_segments) {
      mark_announced(camera_dir, segment);
    }
  }
  out = {};
}

void EventDispatcher::prepare(Job& job, Outgoing& out) {
  try {
    if (job.segment) {
      announce_recording(
          storage::describe_segment(job.event.camera, job.segment->start, job.segment->end,
                                    std::filesystem::absolute(job.segment->path).string()),
          out);
      return;
    }
    if (job.recovered) {
      announce_recording(job.recovered->recording, out, &*job.recovered);
      return;
    }
    if (!job.frame.empty()) {
      snapshot(job.event, job, out);
      release_frame(job);
    }
    out.events.push_back(std::move(job.event));
  } catch (const std::exception& e) {
    count_lost(job.event, e.what());
  }
}

// A frame counts against kMaxFrames until its snapshots are written, not merely until its job
// left the queue: a batch holds many jobs.
void EventDispatcher::release_frame(Job& job) {
  job.frame.release();
  job.reference.release();
  std::lock_guard lock(mutex_);
  --frames_queued_;
}

void EventDispatcher::announce_recording(const storage::Recording& r, Outgoing& out,
                                         const storage::RecoveredSegment* recovered) {
  Event a = announcement(EventType::recording_segment, r.camera, r.end,
                         {.path = r.path,
                          .bytes = r.bytes,
                          .sha256 = r.sha256,
                          .kind = recovered ? std::string(kRecoveredSegment) : ""});
  a.started_at = r.start;
  if (recovered) a.message = recovered->note();
  out.events.push_back(std::move(a));
  out.announced_segments.emplace_back(recordings_dir(data_dir_) / r.camera, r.path);
}

// Snapshots first, so the store holds them by the time the alarm refers to them.
void EventDispatcher::snapshot(Event& e, const Job& job, Outgoing& out) {
  if (e.id.empty()) e.id = new_uuid();
  try {
    for (const storage::Evidence& file :
         save_alarm_snapshots(data_dir_, e, job.frame, job.zone, job.reference)) {
      out.events.push_back(evidence_announcement(file, e.ts));
      e.snapshot = file.id;  // the annotated one comes last
    }
  } catch (const std::exception& ex) {  // the alarm still goes out, without a snapshot
    spdlog::error("[{}] no snapshot of {} {}: {}", e.camera, to_string(e.type), e.id, ex.what());
  }
}

// A refused batch is retried event by event, so one event the outbox cannot take (or a disk
// that refused for a moment) costs only the events that really could not be kept. The outbox
// is on local disk; if even that fails an event is lost, so say so loudly.
bool EventDispatcher::send(std::vector<Event>& events) {
  try {
    publisher_.publish(events);
    return true;
  } catch (const std::exception& ex) {
    if (events.size() == 1) {
      count_lost(events.front(), ex.what());
      return false;
    }
  }
  bool all = true;
  for (Event& e : events) {
    try {
      publisher_.publish(e);
    } catch (const std::exception& ex) {
      count_lost(e, ex.what());
      all = false;
    }
  }
  return all;
}

void EventDispatcher::count_lost(const Event& e, const char* why) {
  std::lock_guard lock(mutex_);
  ++drops_[e.camera].events;
  spdlog::critical("[{}] could not keep {} event: {}", e.camera, to_string(e.type), why);
}

}  // namespace cctv::node
