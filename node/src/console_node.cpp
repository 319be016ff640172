// SPDX-License-Identifier: Apache-2.0
#include "cctv/node/console_node.hpp"

#include "cctv/console/console_server.hpp"
#include "cctv/node/data_layout.hpp"

namespace cctv::node {

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
      .db_path = database_path(config.storage.data_dir),
      .data_dir = config.storage.data_dir,
      .config = config,
      .ctx = impl_->params.ctx,
      .live_endpoint = config.bus.subscribe,
      .notice_endpoint = config.bus.publish,
  });
}

void ConsoleNode::stop() { impl_->server.reset(); }

int ConsoleNode::port() const { return impl_->server ? impl_->server->port() : 0; }

}  // namespace cctv::node
