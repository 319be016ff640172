// SPDX-License-Identifier: Apache-2.0
// libFuzzer: the operator console's request handling (operator-console/), in process: every
// route, guard and error answer (ConsoleRoutes) on an httplib::Server that reads one raw HTTP
// request from memory, over a real SQLite store whose writes go to a StoreRequests.
// The input: a first line naming who asks (operator1, supervisor1, police1, ljag1, admin1 are
// logged in; their session cookie and CSRF token are added to the request; anything else asks
// without a session), then the raw request. "$INCIDENT" in it becomes a real incident's id.
// Property: no request, however malformed, makes the console fail (a 5xx): bad input is a 4xx.
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <map>

#include "cctv/config/loader.hpp"
#include "cctv/console/console_routes.hpp"
#include "cctv/reports/register_sync.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/site_register.hpp"
#include "cctv/storage/users.hpp"
#include "fuzz_support.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace cctv;
using fuzz::expect;

// One connection's bytes: reads the request from memory, keeps what the server writes.
class MemoryStream : public httplib::Stream {
 public:
  explicit MemoryStream(std::string_view request) : request_(request) {}

  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const std::size_t n = std::min(size, request_.size());
    std::copy_n(request_.data(), n, ptr);
    request_.remove_prefix(n);
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    written_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8080;
  }
  socket_t socket() const override { return INVALID_SOCKET; }

  // The answer's status ("HTTP/1.1 404 Not Found" -> 404); 0 when nothing was written.
  int status() const {
    if (written_.size() < 12 || written_.compare(0, 5, "HTTP/") != 0) return 0;
    return std::atoi(written_.c_str() + 9);
  }

 private:
  std::string_view request_;
  std::string written_;
};

// httplib's request processing, on one request held in memory.
class InProcessServer : public httplib::Server {
 public:
  int answer(std::string_view request) {
    MemoryStream stream(request);
    bool closed = false;
    process_request(stream, true, closed, nullptr);
    return stream.status();
  }
};

// The demo's sites, cameras and categories: what a control room runs with.
config::Config console_config() {
  static const config::LoadResult demo =
      config::load_config_file(std::string(CCTV_SOURCE_DIR) + "/config/demo.yaml");
  expect(demo.config.has_value(), "config/demo.yaml loads");
  return *demo.config;
}

// Each has a user named after it with "1" appended: operator1, ..., admin1.
constexpr const char* kRoles[] = {"operator", "supervisor", "police", "ljag", "admin"};

struct Identity {
  std::string cookie;  // "cctv_session=..."
  std::string csrf;
};

// A console over a store with a user of every role, each logged in, and one alarm incident.
class Console {
 public:
  Console() {
    const std::string db = (dir_ / "cctv.db").string();
    storage::UserStore users(db);
    for (const char* role : kRoles) {
      users.add(std::string(role) + "1", *storage::parse_role(role), "correct horse battery");
    }
    storage::SiteRegister sites(db);
    reports::sync_register(sites, console_config());
    store_ = std::make_unique<storage::StoreRequests>(storage::StoreRequestsParams{
        .db_path = db, .categories = console_config().incidents.categories});
    const storage::StoreTransport transport = [this](const nlohmann::json& r) {
      return store_->answer(r);
    };
    for (const char* role : kRoles) {
      const auto login = storage::StoreClient(transport).login(std::string(role) + "1", true, "");
      identities_[std::string(role) + "1"] = {"cctv_session=" + login.token, login.session->csrf};
    }
    incident_ = raise_alarm(db);
    routes_ = std::make_unique<console::ConsoleRoutes>(
        server_, console::ConsoleParams{.db_path = db,
                                        .store = transport,
                                        .data_dir = dir_.path().string(),
                                        .config = console_config()});
  }

  // The status the console answers `request` from `who` with.
  int answer(std::string_view who, std::string request) {
    constexpr std::string_view kIncident = "$INCIDENT";
    for (std::size_t at = 0; (at = request.find(kIncident, at)) != std::string::npos;) {
      request.replace(at, kIncident.size(), incident_);
      at += incident_.size();
    }
    const auto identity = identities_.find(std::string(who));
    const std::size_t line_end = request.find("\r\n");
    if (identity != identities_.end() && line_end != std::string::npos) {
      request.insert(line_end + 2, "Cookie: " + identity->second.cookie +
                                       "\r\nX-CSRF-Token: " + identity->second.csrf + "\r\n");
    }
    return server_.answer(request);
  }

 private:
  static std::string raise_alarm(const std::string& db) {
    Event e;
    e.id = "fuzz-alarm";
    e.source = "fuzz";
    e.seq = 1;
    e.type = EventType::loitering;
    e.phase = EventPhase::start;
    e.camera = "tw1";
    e.site = "talbot-walk";
    e.zone = "walkway";
    e.ts = now_utc();
    e.started_at = e.ts;
    e.entered_at = e.ts - std::chrono::seconds(60);
    e.dwell_s = 60;
    e.track_ids = {1};
    e.severity = Severity::alarm;
    storage::EventStore(db).upsert({e});
    storage::IncidentLog log(db);
    log.catch_up();
    return log.search({}).at(0).id;
  }

  test::TempDir dir_;
  std::unique_ptr<storage::StoreRequests> store_;
  std::map<std::string, Identity> identities_;
  std::string incident_;
  InProcessServer server_;
  std::unique_ptr<console::ConsoleRoutes> routes_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  spdlog::set_level(spdlog::level::off);  // 4xx answers and their reasons are logged
  static Console console;
  const std::string_view input = fuzz::as_text(data, size);
  const std::size_t first_line = std::min(input.find('\n'), input.size());
  const std::string_view who = input.substr(0, first_line);
  const std::string request(input.substr(std::min(first_line + 1, input.size())));
  const int status = console.answer(who, request);
  expect(status < 500, "the console answers bad input with a 4xx, not a failure",
         std::to_string(status));
  return 0;
}
