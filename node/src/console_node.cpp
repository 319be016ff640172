// SPDX-License-Identifier: Apache-2.0
#include "cctv/node/console_node.hpp"

#include "cctv/bus/request_reply.hpp"
#include "cctv/console/console_server.hpp"
#include "cctv/node/data_layout.hpp"
#include "session_limits.hpp"

namespace cctv::node {
namespace {

// A store step is a few milliseconds; a store that takes this long is down or stuck.
constexpr std::chrono::seconds kStoreTimeout{5};

storage::StoreTransport remote_store(zmq::context_t& ctx, const std::string& endpoint) {
  auto client = std::make_shared<bus::RequestClient>(ctx, endpoint, kStoreTimeout);
  return [client](const nlohmann::json& request) {
    try {
      return nlohmann::json::parse(client->call(request.dump()));
    } catch (const bus::RequestTimeout& e) {
      throw storage::StoreUnavailable("the store node: " + std::string(e.what()));
    }
  };
}

}  // namespace

struct ConsoleNode::Impl {
  ConsoleNodeParams params;
  std::unique_ptr<console::ConsoleServer> server;
};

ConsoleNode::ConsoleNode(ConsoleNodeParams params)
    : impl_(std::make_unique<Impl>(Impl{std::move(params), nullptr})) {}

ConsoleNode::~ConsoleNode() { stop(); }

void ConsoleNode::start() {
  const config::Config& config = impl_->params.config;
  impl_->server = std::make_unique<console::ConsoleServer>(console::ConsoleParams{
      .bind = config.console.bind,
      .db_path = store_location(config.storage),
      .store = impl_->params.store ? impl_->params.store
                                   : remote_store(*impl_->params.ctx, config.bus.store_requests),
      .data_dir = config.storage.data_dir,
      .config = config,
      .ctx = impl_->params.ctx,
      .live_endpoint = config.bus.subscribe,
      .sessions = session_limits(config.console),
  });
}

void ConsoleNode::stop() { impl_->server.reset(); }

int ConsoleNode::port() const { return impl_->server ? impl_->server->port() : 0; }

}  // namespace cctv::node
