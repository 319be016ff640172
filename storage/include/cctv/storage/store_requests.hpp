// SPDX-License-Identifier: Apache-2.0
// What a console asks the store to write, as JSON requests, so that the store node stays the
// only writer of its database wherever the console runs. StoreRequests carries them out (in the
// store node); StoreClient writes them and reads the answers (in a console). Between the two
// runs any transport that hands one request to StoreRequests::answer and brings its answer
// back: a function call in one process, the store's request socket across machines.
//
// A request is {"op": ..., fields}; an answer {"ok": result} or {"error": {"kind", "message",
// "field"}}, which StoreClient throws again as the storage error it was (IncidentError, ...),
// so a console answers the same 4xx whichever way its store is reached. Each operator step is
// applied and audited in one request.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cctv/common/time.hpp"
#include "cctv/storage/export_requests.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/login_throttle.hpp"
#include "cctv/storage/sessions.hpp"
#include "cctv/storage/site_register.hpp"
#include "cctv/storage/users.hpp"

namespace cctv::storage {

// The store did not answer (down, or too slow): the step may or may not have been applied.
class StoreUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The store refused the request itself (malformed, unknown op) or failed: a defect, not an
// operator's mistake.
class StoreRequestError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct StoreRequestsParams {
  std::string db_path;
  std::vector<std::string> categories;  // incident categories (config.incidents.categories)
  SessionLimits sessions;               // when console sessions end
  ThrottlePolicy login;
};

class StoreRequests {
 public:
  explicit StoreRequests(StoreRequestsParams params);  // opens the store for writing
  ~StoreRequests();
  StoreRequests(const StoreRequests&) = delete;
  StoreRequests& operator=(const StoreRequests&) = delete;

  // Carries out one request; never throws (an error is in the answer). Thread-safe.
  nlohmann::json answer(const nlohmann::json& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One request to the store and its answer.
using StoreTransport = std::function<nlohmann::json(const nlohmann::json&)>;

// A disabled account, an unknown name and a wrong password are all bad_credentials.
enum class LoginOutcome { ok, bad_credentials, throttled };

struct LoginAnswer {
  LoginOutcome outcome = LoginOutcome::bad_credentials;
  std::chrono::seconds retry_after{0};  // when throttled
  std::string token;                    // when ok: for the cookie
  std::optional<Session> session;       // when ok
  int held_alarms = 0;  // when ok: unacknowledged alarms raised while nobody was on duty
};

class StoreClient {
 public:
  explicit StoreClient(StoreTransport transport) : transport_(std::move(transport)) {}

  // Every call throws what the store threw (IncidentError, ExportRequestError,
  // DeploymentError, ...), StoreUnavailable or StoreRequestError.
  void audit(const std::string& actor, const std::string& action, const std::string& target,
             const nlohmann::json& details = nlohmann::json::object());

  // After the console checked the password (UserStore::password_matches): refuses it while
  // LoginThrottle says wait, counts a failure, audits it, and on success starts a session.
  // `ip` is throttled, and goes into the audit row and the session.
  LoginAnswer login(const std::string& user, bool password_ok, const std::string& ip);
  std::optional<Session> touch_session(const std::string& token);
  void end_session(const std::string& token, const std::string& user);

  std::string create_incident(const std::string& actor, const ManualIncident& m);
  // An incident workflow step ("acknowledge", "assign", "notes", "close", "priority",
  // "police-ref") with its fields, audited as "incident.<step>" with those fields.
  void incident_step(const std::string& actor, const std::string& incident, const std::string& step,
                     const nlohmann::json& fields);

  // Acknowledges each of `incidents` with `note` (may be empty) in its history, each audited as
  // "incident.acknowledge" with the note. One that cannot be (unknown, not new) is left as it is
  // and does not stop the rest: answers {"acknowledged": [ids], "refused": [{"id", "reason"}]}.
  nlohmann::json acknowledge_all(const std::string& actor,
                                 const std::vector<std::string>& incidents,
                                 const std::string& note);

  // Replaces the user's saved camera wall (a JSON object the console validated).
  void save_wall(const std::string& user, const nlohmann::json& wall);

  std::int64_t submit_export(const std::string& actor, const NewExportRequest& r);
  void approve_export(const std::string& actor, std::int64_t id, const std::string& note);
  void refuse_export(const std::string& actor, std::int64_t id, const std::string& reason);
  void record_download(const std::string& actor, std::int64_t id);

  // An administrator's change to accounts or sessions, as `cctv user` makes it (UserAdmin):
  // `action` is add, disable, enable, remove, reset-password, role, unlock, sessions,
  // revoke-user or revoke-session, with its fields (name, role, password, session). Returns
  // what it did: {"cleared"} (unlock), {"sessions_ended"} (revoke-*), the live sessions
  // (sessions), else null. Throws UserError when refused.
  nlohmann::json user_admin(const std::string& actor, const std::string& action,
                            nlohmann::json fields = nlohmann::json::object());

  // The deployment made, as deployment_json() shows it.
  nlohmann::json deploy(const std::string& actor, const DeploymentRequest& r);

 private:
  nlohmann::json call(const nlohmann::json& request);
  StoreTransport transport_;
};

}  // namespace cctv::storage
