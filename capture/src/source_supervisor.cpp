// SPDX-License-Identifier: Apache-2.0
#include "cctv/capture/source_supervisor.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

namespace cctv::capture {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kWatchInterval = std::chrono::milliseconds(100);
constexpr auto kRateWindow = std::chrono::seconds(1);

std::int64_t steady_ns(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// Passes the attempt thread's calls on to the owner's sink and listeners until closed: an
// abandoned attempt may wake up long after its owner is gone.
class CallbackGate {
 public:
  template <typename Call>
  void pass(Call&& call) {
    struct InFlight {
      std::atomic<int>& count;
      explicit InFlight(std::atomic<int>& c) : count(c) { ++count; }
      ~InFlight() { --count; }
    } in_flight(in_flight_);
    if (open_) call();
  }
  // No call passes after this; waits up to `patience` for those under way. False if one is
  // still running then (the owner must not be destroyed under it).
  bool close(std::chrono::milliseconds patience) {
    open_ = false;
    const auto deadline = Clock::now() + patience;
    while (in_flight_ > 0) {
      if (Clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  }

 private:
  std::atomic<bool> open_{true};
  std::atomic<int> in_flight_{0};
};

class GatedSink final : public FrameSink {
 public:
  GatedSink(CallbackGate& gate, FrameSink& target) : gate_(gate), target_(target) {}
  void on_frame(const Frame& frame) override {
    gate_.pass([&] { target_.on_frame(frame); });
  }

 private:
  CallbackGate& gate_;
  FrameSink& target_;
};

class GatedRecordingListener final : public RecordingListener {
 public:
  GatedRecordingListener(CallbackGate& gate, RecordingListener* target)
      : gate_(gate), target_(target) {}
  void on_segment_closed(const Segment& segment) override {
    gate_.pass([&] { target_->on_segment_closed(segment); });
  }

 private:
  CallbackGate& gate_;
  RecordingListener* target_;
};

}  // namespace

const char* to_string(CameraState state) {
  switch (state) {
    case CameraState::starting:
      return "starting";
    case CameraState::online:
      return "online";
    case CameraState::offline:
      return "offline";
    case CameraState::ended:
      return "ended";
    case CameraState::stopped:
      return "stopped";
  }
  return "unknown";
}

struct SourceSupervisor::Impl {
  Impl(const config::Camera& cam, FrameSink& s, SupervisorParams p);

  void run_attempts(std::stop_token stop);
  void watch(std::stop_token stop);
  void check_health(Clock::time_point now);
  void update_rates(Clock::time_point now);
  void report_error(const std::string& message, bool healthy_since_last);
  bool wait(std::stop_token stop, std::chrono::milliseconds pause);

  config::Camera camera;
  CallbackGate gate;  // between the attempt thread and the owner's sink and listeners
  GatedSink sink;
  std::optional<GatedRecordingListener> recording_listener;
  SupervisorParams params;
  std::shared_ptr<SourceCounters> counters = std::make_shared<SourceCounters>();
  std::unique_ptr<Source> source;
  const Clock::time_point started = Clock::now();
  const Timestamp started_utc = now_utc();

  mutable std::mutex mutex;  // guards figures and the watchdog state
  std::condition_variable_any wake;
  CameraFigures figures;
  std::string last_reported_error;
  std::int64_t outage_from_ns = 0;  // last frame before the current outage (steady)
  Clock::time_point rate_at = started;
  std::uint64_t rate_in = 0, rate_out = 0, rate_bytes = 0;
  bool abandoned = false;  // by stop(), past its deadline
  std::promise<void> runner_done;
  std::future<void> runner_finished = runner_done.get_future();
  std::jthread runner;
  std::jthread watchdog;
};

SourceSupervisor::Impl::Impl(const config::Camera& cam, FrameSink& s, SupervisorParams p)
    : camera(cam), sink(gate, s), params(std::move(p)) {
  params.source.counters = counters;
  if (params.source.recording_listener) {
    recording_listener.emplace(gate, params.source.recording_listener);
    params.source.recording_listener = &*recording_listener;
  }
  source = create_source(camera, params.source);  // throws for a URL we cannot serve
  figures.camera = camera.id;
}

SourceSupervisor::SourceSupervisor(const config::Camera& camera, FrameSink& sink,
                                   SupervisorParams params)
    : impl_(std::make_shared<Impl>(camera, sink, std::move(params))) {
  // The attempt thread shares the state: an abandoned attempt keeps it alive until it ends.
  impl_->runner = std::jthread([impl = impl_](std::stop_token stop) {
    impl->run_attempts(stop);
    impl->runner_done.set_value();
  });
  impl_->watchdog = std::jthread([impl = impl_.get()](std::stop_token stop) { impl->watch(stop); });
}

SourceSupervisor::~SourceSupervisor() { stop(); }

void SourceSupervisor::request_stop() {
  impl_->runner.request_stop();
  impl_->watchdog.request_stop();
  impl_->wake.notify_all();
}

bool SourceSupervisor::stop() { return stop(Clock::now() + kStopWait); }

bool SourceSupervisor::stop(Clock::time_point deadline) {
  Impl& s = *impl_;
  request_stop();
  if (s.watchdog.joinable()) s.watchdog.join();
  if (s.runner.joinable()) {
    if (s.runner_finished.wait_until(deadline) == std::future_status::ready) {
      s.runner.join();
    } else {
      s.abandoned = true;
      const bool quiet = s.gate.close(std::chrono::milliseconds(200));
      s.runner.detach();
      spdlog::error(
          "[capture {}] the pipeline did not stop in time: abandoned{} (its open segment is "
          "recovered when the node next starts)",
          s.camera.id, quiet ? "" : " while still handing over a frame or segment");
    }
  }
  std::lock_guard lock(s.mutex);
  s.figures.state = CameraState::stopped;
  return !s.abandoned;
}

CameraFigures SourceSupervisor::figures() const {
  std::lock_guard lock(impl_->mutex);
  CameraFigures f = impl_->figures;
  const SourceCounters& c = *impl_->counters;
  f.frames_in = c.frames_in;
  f.frames_out = c.frames_out;
  f.frames_dropped = c.frames_dropped;
  f.recorded_bytes = c.recorded_bytes;
  if (const std::int64_t ms = c.last_frame_utc_ms; ms != 0) f.last_frame = Timestamp(Millis(ms));
  return f;
}

void SourceSupervisor::Impl::run_attempts(std::stop_token stop) {
  auto backoff = params.backoff_initial;
  while (!stop.stop_requested()) {
    const auto begun = Clock::now();
    const std::uint64_t frames_before = counters->frames_in;
    {
      std::lock_guard lock(mutex);
      ++figures.attempts;
    }
    std::optional<std::string> error;
    try {
      error = source->run(stop, sink);
    } catch (const std::exception& e) {  // nothing escapes this thread
      error = std::string("capture failed: ") + e.what();
    }
    if (stop.stop_requested()) return;
    if (!error) {
      spdlog::info("[capture {}] source ended", camera.id);
      std::lock_guard lock(mutex);
      figures.state = CameraState::ended;
      return;
    }
    const bool healthy =
        counters->frames_in > frames_before && Clock::now() - begun >= params.healthy_after;
    if (healthy) backoff = params.backoff_initial;
    report_error(*error, healthy);
    if (!wait(stop, backoff)) return;
    backoff = std::min(backoff * 2, params.backoff_max);
  }
}

void SourceSupervisor::Impl::report_error(const std::string& message, bool healthy_since_last) {
  bool repeat = false;
  {
    std::lock_guard lock(mutex);
    figures.last_error = message;
    repeat = message == last_reported_error && !healthy_since_last;
    last_reported_error = message;
  }
  if (repeat) return;
  spdlog::error("[capture {}] {}", camera.id, message);
  if (params.health) gate.pass([&] { params.health->on_camera_error(camera.id, message); });
}

bool SourceSupervisor::Impl::wait(std::stop_token stop, std::chrono::milliseconds pause) {
  std::unique_lock lock(mutex);
  wake.wait_for(lock, stop, pause, [] { return false; });
  return !stop.stop_requested();
}

void SourceSupervisor::Impl::watch(std::stop_token stop) {
  while (!stop.stop_requested()) {
    const auto now = Clock::now();
    check_health(now);
    update_rates(now);
    std::unique_lock lock(mutex);
    wake.wait_for(lock, stop, kWatchInterval, [] { return false; });
  }
}

void SourceSupervisor::Impl::check_health(Clock::time_point now) {
  const std::int64_t last = counters->last_frame_steady_ns;
  const std::int64_t reference = last != 0 ? last : steady_ns(started);
  const double silent_s = static_cast<double>(steady_ns(now) - reference) / 1e9;
  std::unique_lock lock(mutex);
  const CameraState state = figures.state;
  if ((state == CameraState::starting || state == CameraState::online) &&
      silent_s > camera.offline_after_s) {
    figures.state = CameraState::offline;
    outage_from_ns = reference;
    const Timestamp since =
        last != 0 ? Timestamp(Millis(counters->last_frame_utc_ms.load())) : started_utc;
    lock.unlock();
    spdlog::warn("[capture {}] offline: no frame since {}", camera.id, format_utc(since));
    if (params.health) params.health->on_camera_offline(camera.id, since);
  } else if (state == CameraState::offline && last > outage_from_ns) {
    figures.state = CameraState::online;
    const double outage_s = static_cast<double>(last - outage_from_ns) / 1e9;
    lock.unlock();
    spdlog::info("[capture {}] online again after {:.1f} s", camera.id, outage_s);
    if (params.health) params.health->on_camera_online(camera.id, outage_s);
  } else if (state == CameraState::starting && last != 0) {
    figures.state = CameraState::online;
  }
}

void SourceSupervisor::Impl::update_rates(Clock::time_point now) {
  std::lock_guard lock(mutex);
  const double dt = std::chrono::duration<double>(now - rate_at).count();
  if (now - rate_at < kRateWindow) return;
  const std::uint64_t in = counters->frames_in, out = counters->frames_out,
                      bytes = counters->recorded_bytes;
  figures.fps_in = static_cast<double>(in - rate_in) / dt;
  figures.fps_out = static_cast<double>(out - rate_out) / dt;
  figures.bitrate_kbps = static_cast<double>(bytes - rate_bytes) * 8 / 1000 / dt;
  rate_at = now;
  rate_in = in;
  rate_out = out;
  rate_bytes = bytes;
}

}  // namespace cctv::capture
