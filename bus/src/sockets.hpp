// SPDX-License-Identifier: Apache-2.0
// Private: the small socket steps the bus's sockets share.
#pragma once

#include <chrono>
#include <string>

#include <zmq.hpp>

namespace cctv::bus {

// Waits up to `timeout` for something to read; false on timeout or a signal (EINTR).
bool readable(zmq::socket_t& socket, std::chrono::milliseconds timeout);

// A fresh DEALER connected to `endpoint` that drops what is unsent when closed, so a client can
// give up on a server and start clean (the lazy pirate pattern).
zmq::socket_t connected_dealer(zmq::context_t& ctx, const std::string& endpoint,
                               int send_high_water_mark = 1000);

// "inproc://<name>-<n>", unique in this process: for a socket's private control or monitor pair.
std::string unique_inproc_endpoint(const std::string& name);

}  // namespace cctv::bus
