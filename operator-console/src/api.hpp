// SPDX-License-Identifier: Apache-2.0
// Private: how every console endpoint is guarded and answers. Deny by default: a route names
// the roles allowed; the session comes from the HttpOnly cookie; every POST/DELETE must carry
// the session's CSRF token, and every POST a JSON body (Content-Type: application/json, which
// a form or a cross-site request without a preflight cannot send); handlers throw ApiError for a
// 4xx with a JSON reason, and any other exception becomes a 500 without internals.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "cctv/storage/sessions.hpp"
#include "cctv/storage/store_requests.hpp"

namespace cctv::console {

// Accounts and sessions live in the store; the console checks them on every request.
using storage::LoginOutcome;
using storage::NewSession;
using storage::parse_role;
using storage::Role;
using storage::Session;
using storage::User;
using storage::UserStore;
using storage::watches_alarms;

inline constexpr const char* kSessionCookie = "cctv_session";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, const std::string& reason) : std::runtime_error(reason), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

void reply_json(httplib::Response& res, const nlohmann::json& body, int status = 200);
void reply_error(httplib::Response& res, int status, const std::string& reason);
std::string cookie_value(const httplib::Request& req, const std::string& name);
// Throws ApiError 415 unless the request says its body is JSON.
void require_json_body(const httplib::Request& req);

using Roles = std::set<Role>;
inline const Roles kWatchers = {Role::operator_, Role::supervisor, Role::admin};

class Api {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&, const Session&)>;

  Api(httplib::Server& server, storage::StoreClient& store) : server_(server), store_(store) {}

  void get(const std::string& pattern, Roles roles, Handler handler);
  void post(const std::string& pattern, Roles roles, Handler handler);
  void del(const std::string& pattern, Roles roles, Handler handler);
  // Any exception a handler throws, as the answer it deserves.
  static void answer_exception(httplib::Response& res, std::exception_ptr e);

 private:
  httplib::Server::Handler guard(Roles roles, bool changes_state, Handler handler);
  httplib::Server& server_;
  storage::StoreClient& store_;  // sessions are touched in the store
};

// A JSON request body, read field by field; any problem is a 400 naming the field.
class JsonBody {
 public:
  // `allowed`: the fields this endpoint takes; any other field is an error (a typo is not ignored).
  JsonBody(const std::string& body, const std::vector<std::string_view>& allowed);

  std::string text(const std::string& name, std::size_t max_length) const;  // required, non-empty
  std::string optional_text(const std::string& name, std::size_t max_length) const;
  std::optional<int> optional_int(const std::string& name, int min, int max) const;
  // Required, 1..max_items non-empty strings.
  std::vector<std::string> text_list(const std::string& name, std::size_t max_items,
                                     std::size_t max_length) const;
  Timestamp time(const std::string& name) const;  // required, ISO-8601 with Z or offset
  // An optional nested object, read field by field as a JsonBody; nullopt when absent or null.
  std::optional<JsonBody> optional_object(const std::string& name,
                                          const std::vector<std::string_view>& allowed) const;
  bool optional_bool(const std::string& name) const;  // absent: false
  // Optional (empty when absent), at most max_items whole numbers from 0 to max.
  std::vector<std::int64_t> int_list(const std::string& name, std::size_t max_items,
                                     std::int64_t max) const;

 private:
  explicit JsonBody(nlohmann::json j) : json_(std::move(j)) {}
  // Any field not in `allowed` is a 400 naming it (after `prefix`, for a nested object).
  void check_fields(const std::vector<std::string_view>& allowed, const std::string& prefix) const;
  const nlohmann::json* field(const std::string& name) const;
  nlohmann::json json_;
};

// A query-string parameter checked the same way: absent is empty; too long or with control
// characters is a 400.
std::optional<std::string> query_text(const httplib::Request& req, const std::string& name,
                                      std::size_t max_length);
std::optional<Timestamp> query_time(const httplib::Request& req, const std::string& name);

}  // namespace cctv::console
