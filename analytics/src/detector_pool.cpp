// SPDX-License-Identifier: Apache-2.0
#include "cctv/analytics/detector_pool.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>
#include <opencv2/core/utility.hpp>

#include "cctv/common/thread_priority.hpp"

namespace cctv::analytics {
namespace {

struct Job {
  const std::string& camera;
  const std::string& key;
  const VideoFrame& frame;
  const Motion& motion;
  DetectionArea area;
  bool live = false;  // has a patience: may be skipped
  std::uint64_t arrival = 0;
  enum class State { waiting, running, done } state = State::waiting;
  std::vector<Detection> found;
  std::exception_ptr error;
};

struct CameraShare {
  DetectorFigures figures;
  std::uint64_t last_served = 0;  // the pool's service count when it was last served; 0: never
};

}  // namespace

struct DetectorPool::Impl {
  Params params;
  mutable std::mutex mutex;
  std::condition_variable work_ready;
  std::condition_variable job_done;
  std::vector<Job*> queue;
  std::map<std::string, CameraShare, std::less<>> cameras;
  // One detector per key and worker: a cv::dnn::Net must not run on two threads at once.
  std::vector<std::map<std::string, std::unique_ptr<ObjectDetector>, std::less<>>> detectors;
  std::vector<std::thread> threads;
  std::uint64_t arrivals = 0;
  std::uint64_t services = 0;
  bool stopping = false;

  // The waiting job of the camera served longest ago (never served first), then the oldest.
  std::vector<Job*>::iterator next_job() {
    return std::min_element(queue.begin(), queue.end(), [&](const Job* a, const Job* b) {
      const std::uint64_t sa = cameras[a->camera].last_served;
      const std::uint64_t sb = cameras[b->camera].last_served;
      return sa != sb ? sa < sb : a->arrival < b->arrival;
    });
  }

  void work(std::size_t worker) {
    if (params.worker_nice > 0 && !lower_this_thread(params.worker_nice)) {
      spdlog::warn("detector worker {} keeps the normal priority", worker);
    }
    std::unique_lock lock(mutex);
    for (;;) {
      work_ready.wait(lock, [&] { return stopping || !queue.empty(); });
      if (stopping) return;
      const auto it = next_job();
      Job& job = **it;
      queue.erase(it);
      job.state = Job::State::running;
      cameras[job.camera].last_served = ++services;
      ObjectDetector& detector = *detectors[worker].find(job.key)->second;
      // A closer look at small people costs more; a live camera gets it only while nobody
      // else waits, so that it never makes another camera skip a frame.
      DetectionArea area = job.area;
      if (job.live && !queue.empty()) area.smallest_person = 0;
      lock.unlock();
      try {
        job.found = detector.detect(job.frame, job.motion, area);
      } catch (...) {
        job.error = std::current_exception();
      }
      lock.lock();
      job.state = Job::State::done;
      ++cameras[job.camera].figures.runs;
      job_done.notify_all();
    }
  }

  // Takes a job that no worker has started out of the queue.
  void withdraw(Job& job) { queue.erase(std::find(queue.begin(), queue.end(), &job)); }
};

DetectorPool::DetectorPool(Params params) : impl_(std::make_unique<Impl>()) {
  if (params.workers <= 0)
    params.workers = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  impl_->params = params;
  // Each worker runs its model on its own core; OpenCV's own threads would only contend.
  cv::setNumThreads(1);
  impl_->detectors.resize(static_cast<std::size_t>(params.workers));
  for (std::size_t w = 0; w < impl_->detectors.size(); ++w) {
    impl_->threads.emplace_back([this, w] { impl_->work(w); });
  }
}

DetectorPool::~DetectorPool() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->work_ready.notify_all();
  impl_->job_done.notify_all();
  for (std::thread& t : impl_->threads) t.join();
}

void DetectorPool::add_detector(const std::string& key, const Factory& make) {
  std::lock_guard lock(impl_->mutex);
  for (auto& of_worker : impl_->detectors) {
    if (!of_worker.contains(key)) of_worker.emplace(key, make());
  }
}

std::optional<std::vector<Detection>> DetectorPool::detect(
    const std::string& camera, const std::string& key, const VideoFrame& frame,
    const Motion& motion, const DetectionArea& area, std::chrono::milliseconds patience) {
  Job job{camera, key, frame, motion, area, patience.count() > 0};
  std::unique_lock lock(impl_->mutex);
  if (impl_->stopping) return std::nullopt;
  if (!impl_->detectors.front().contains(key)) {
    throw std::invalid_argument("detector '" + key + "' was never added to the pool");
  }
  job.arrival = ++impl_->arrivals;
  impl_->cameras[camera];  // a newcomer counts as never served
  impl_->queue.push_back(&job);
  impl_->work_ready.notify_one();
  const auto deadline = std::chrono::steady_clock::now() + patience;
  auto settled = [&] {
    return job.state == Job::State::done || (job.state == Job::State::waiting && impl_->stopping);
  };
  if (patience.count() > 0) {
    if (!impl_->job_done.wait_until(lock, deadline, settled) && job.state == Job::State::waiting) {
      impl_->withdraw(job);
      ++impl_->cameras[camera].figures.skipped;
      return std::nullopt;
    }
  }
  impl_->job_done.wait(lock, settled);     // started in time: wait for it to finish
  if (job.state == Job::State::waiting) {  // the pool is stopping
    impl_->withdraw(job);
    return std::nullopt;
  }
  if (job.error) std::rethrow_exception(job.error);
  return std::move(job.found);
}

DetectorFigures DetectorPool::figures(const std::string& camera) const {
  std::lock_guard lock(impl_->mutex);
  const auto it = impl_->cameras.find(camera);
  return it == impl_->cameras.end() ? DetectorFigures{} : it->second.figures;
}

int DetectorPool::workers() const { return impl_->params.workers; }

}  // namespace cctv::analytics
