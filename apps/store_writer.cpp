// SPDX-License-Identifier: Apache-2.0
#include "store_writer.hpp"

#include <spdlog/spdlog.h>

namespace cctv::app {
namespace {

constexpr std::size_t kMaxBatch = 500;
constexpr std::chrono::milliseconds kPoll{50};
// After stop, keep reading until the bus has been quiet this long.
constexpr std::chrono::milliseconds kDrainQuiet{300};

}  // namespace

StoreWriter::StoreWriter(zmq::context_t& ctx, const std::string& endpoint, storage::EventStore& store)
    : subscriber_(ctx, endpoint), store_(store), thread_([this](std::stop_token stop) { run(stop); }) {}

StoreWriter::~StoreWriter() {
  thread_.request_stop();
  thread_.join();
}

// A failed write keeps the batch for the next attempt: the database may be briefly locked.
void StoreWriter::write(std::vector<Event>& batch) {
  try {
    store_.upsert(batch);
    batch.clear();
  } catch (const std::exception& e) {
    spdlog::error("[store] writing {} events failed, will retry: {}", batch.size(), e.what());
  }
}

void StoreWriter::run(std::stop_token stop) {
  std::vector<Event> batch;
  for (;;) {
    const bool stopping = stop.stop_requested();
    auto received = subscriber_.receive(stopping ? kDrainQuiet : kPoll);
    if (received && received->gap) {
      spdlog::warn("[store] missed events {}..{} from {}", received->gap->first, received->gap->last,
                   received->gap->source);
    }
    if (received && received->event) batch.push_back(std::move(*received->event));
    if (received && !received->event) spdlog::warn("[store] dropped undecodable message: {}", received->error);
    if (!batch.empty() && (!received || batch.size() >= kMaxBatch)) write(batch);
    if (stopping && !received) {
      if (!batch.empty()) spdlog::error("[store] {} events could not be written before shutdown", batch.size());
      return;
    }
  }
}

}  // namespace cctv::app
