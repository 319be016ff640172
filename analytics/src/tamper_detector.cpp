// SPDX-License-Identifier: Apache-2.0
// The tamper detector: a reference of the scene learnt slowly from frames judged clear, and a
// persistence rule. The reference is frozen while a tamper is suspected or open, so a tampered
// view is never learnt as the scene.
#include "cctv/analytics/tamper_detector.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "tamper_features.hpp"

namespace cctv::analytics {
namespace {

// The reference follows the scene with this time constant of frame time: slow enough that a
// tamper (seconds) is never absorbed before it is reported, fast enough to follow dusk and dawn
// (tens of minutes) and lights changing a part of the view.
constexpr double kReferenceSeconds = 120;
// Until it has this many frames the reference is the plain mean of all frames so far (a fast
// start from the first frame); no verdict before kWarmupFrames.
constexpr int kWarmupFrames = 10;
// A single frame never moves the reference more than this, so the first frame after an outage
// (a long gap of frame time) is compared with the old scene before it is learnt.
constexpr double kMaxWeight = 0.05;
// A suspected tamper survives gaps of clear frames this long (a frame that happens to match
// amid a tampered view), so persistence is counted over the episode, not restarted by noise.
constexpr Millis kGrace{1000};

double looseness(config::TamperSensitivity s) {
  switch (s) {
    case config::TamperSensitivity::low:
      return 0.8;
    case config::TamperSensitivity::high:
      return 1.25;
    case config::TamperSensitivity::medium:
      break;
  }
  return 1.0;
}

class TamperDetectorImpl final : public TamperDetector {
 public:
  explicit TamperDetectorImpl(const Params& p)
      : min_duration_(p.min_duration), looser_(looseness(p.sensitivity)) {}

  std::optional<TamperChange> update(const cv::Mat& luma, Timestamp ts) override {
    if (luma.size() != size_) {  // a new stream: learn its scene afresh, closing any alarm
      std::optional<TamperChange> closed = restart(luma.size());
      if (closed) return closed;
    }
    tamper::Features f = tamper::measure(luma);
    last_ = frames_ >= kWarmupFrames ? tamper::judge(reference_, f, looser_) : TamperVerdict{};
    std::optional<TamperChange> change = step(ts);
    if (view_clear()) learn(f, ts);
    return change;
  }

  const TamperVerdict& last() const override { return last_; }
  bool view_clear() const override { return !suspected_since_ && !open_; }

 private:
  std::optional<TamperChange> restart(cv::Size size) {
    size_ = size;
    frames_ = 0;
    suspected_since_.reset();
    std::optional<TamperChange> closed = std::exchange(open_, std::nullopt);
    if (closed) closed->phase = EventPhase::end;
    return closed;
  }

  void learn(const tamper::Features& f, Timestamp ts) {
    ++frames_;
    if (frames_ == 1) {
      reference_ = f;
    } else {
      const double dt =
          last_learnt_ ? std::chrono::duration<double>(ts - *last_learnt_).count() : 0;
      const double follow = 1 - std::exp(-std::max(dt, 0.0) / kReferenceSeconds);
      tamper::blend(reference_, f, std::min(std::max(follow, 1.0 / frames_), kMaxWeight));
    }
    last_learnt_ = ts;
  }

  // The persistence rule: a start after `min_duration` of a suspected tamper (gaps under
  // kGrace bridged), an end after `min_duration` without one.
  std::optional<TamperChange> step(Timestamp ts) {
    if (last_.kind) {
      if (!suspected_since_) {
        suspected_since_ = ts;
        seen_.fill(0);
      }
      ++seen_[static_cast<std::size_t>(*last_.kind)];
      last_seen_ = ts;
      if (!open_ && ts - *suspected_since_ >= min_duration_) {
        open_ = TamperChange{EventPhase::start, most_seen(), *suspected_since_};
        return open_;
      }
      return std::nullopt;
    }
    if (!suspected_since_) return std::nullopt;
    if (open_ ? ts - *last_seen_ < min_duration_ : ts - *last_seen_ <= kGrace) return std::nullopt;
    suspected_since_.reset();
    if (!open_) return std::nullopt;
    TamperChange end = *open_;
    end.phase = EventPhase::end;
    open_.reset();
    return end;
  }

  TamperKind most_seen() const {
    return static_cast<TamperKind>(std::max_element(seen_.begin(), seen_.end()) - seen_.begin());
  }

  Millis min_duration_;
  double looser_;
  cv::Size size_;
  int frames_ = 0;
  tamper::Features reference_;
  std::optional<Timestamp> last_learnt_;
  TamperVerdict last_;
  std::optional<Timestamp> suspected_since_;
  std::optional<Timestamp> last_seen_;
  std::array<int, 4> seen_{};  // frames of each kind in the suspected episode
  std::optional<TamperChange> open_;
};

}  // namespace

std::string_view to_string(TamperKind k) {
  switch (k) {
    case TamperKind::covered:
      return "covered";
    case TamperKind::moved:
      return "moved";
    case TamperKind::defocused:
      return "defocused";
    case TamperKind::obscured:
      return "obscured";
  }
  return "unknown";
}

TamperDetector::Params TamperDetector::params_of(const config::TamperSettings& settings) {
  return {Millis(static_cast<std::int64_t>(std::lround(settings.min_duration_s * 1000))),
          settings.sensitivity};
}

std::unique_ptr<TamperDetector> TamperDetector::create(const Params& params) {
  return std::make_unique<TamperDetectorImpl>(params);
}

}  // namespace cctv::analytics
