// SPDX-License-Identifier: Apache-2.0
#include "api.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "cctv/storage/export_requests.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/site_register.hpp"

namespace cctv::console {
namespace {

bool has_control_characters(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 && c != '\n' && c != '\t';
  });
}

std::string checked_text(const std::string& name, const std::string& value,
                         std::size_t max_length) {
  if (value.size() > max_length) {
    throw ApiError(400,
                   "'" + name + "' is longer than " + std::to_string(max_length) + " characters");
  }
  if (has_control_characters(value))
    throw ApiError(400, "'" + name + "' contains control characters");
  return value;
}

Timestamp checked_time(const std::string& name, const std::string& value) {
  const auto t = parse_utc(value);
  if (!t)
    throw ApiError(
        400,
        "'" + name + "' must be an ISO-8601 time with Z or an offset, e.g. 2026-11-23T10:25:00Z");
  return *t;
}

}  // namespace

void reply_json(httplib::Response& res, const nlohmann::json& body, int status) {
  res.status = status;
  // What the API answers is about people and incidents: never kept by a browser or a proxy.
  if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
  // A reason may quote the request (a path of bytes that are not UTF-8): those bytes are
  // replaced rather than failing the answer.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

void reply_error(httplib::Response& res, int status, const std::string& reason) {
  reply_json(res, {{"error", reason}}, status);
}

std::string cookie_value(const httplib::Request& req, const std::string& name) {
  const std::string cookies = req.get_header_value("Cookie");
  const std::string key = name + "=";
  for (std::size_t pos = 0; pos < cookies.size();) {
    while (pos < cookies.size() && cookies[pos] == ' ') ++pos;
    const std::size_t end = std::min(cookies.find(';', pos), cookies.size());
    if (cookies.compare(pos, key.size(), key) == 0)
      return cookies.substr(pos + key.size(), end - pos - key.size());
    pos = end + 1;
  }
  return {};
}

void require_json_body(const httplib::Request& req) {
  std::string type = req.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));  // "application/json; charset=utf-8" is JSON too
  std::erase(type, ' ');
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (type != "application/json")
    throw ApiError(415, "send the body as JSON, with the header Content-Type: application/json");
}

void Api::answer_exception(httplib::Response& res, std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const ApiError& error) {
    reply_error(res, error.status(), error.what());
  } catch (const storage::DeploymentError& error) {
    reply_json(res, {{"error", error.what()}, {"field", error.field()}}, 400);
  } catch (const storage::IncidentInputError& error) {
    reply_error(res, 400, error.what());
  } catch (const storage::IncidentError& error) {
    reply_error(res, 409, error.what());
  } catch (const storage::ExportRequestError& error) {
    reply_error(res, 409, error.what());
  } catch (const storage::UserError& error) {
    reply_error(res, 400, error.what());
  } catch (const storage::StoreUnavailable& error) {
    spdlog::error("console: {}", error.what());
    reply_error(res, 503, "the store did not answer; try again in a moment");
  } catch (const std::exception& error) {
    spdlog::error("console: {}", error.what());
    reply_error(res, 500, "internal error; the console log has the details");
  }
}

httplib::Server::Handler Api::guard(Roles roles, bool changes_state, Handler handler) {
  return [this, roles = std::move(roles), changes_state, handler = std::move(handler)](
             const httplib::Request& req, httplib::Response& res) {
    try {
      const auto session = store_.touch_session(cookie_value(req, kSessionCookie));
      if (!session) throw ApiError(401, "log in first");
      if (!roles.contains(session->role)) {
        throw ApiError(403,
                       "the " + std::string(to_string(session->role)) + " role may not do this");
      }
      if (changes_state && req.get_header_value(kCsrfHeader) != session->csrf) {
        throw ApiError(403, "missing or wrong CSRF token (header X-CSRF-Token)");
      }
      if (req.method == "POST") require_json_body(req);
      handler(req, res, *session);
    } catch (...) {
      answer_exception(res, std::current_exception());
    }
  };
}

void Api::get(const std::string& pattern, Roles roles, Handler handler) {
  server_.Get(pattern, guard(std::move(roles), false, std::move(handler)));
}

void Api::post(const std::string& pattern, Roles roles, Handler handler) {
  server_.Post(pattern, guard(std::move(roles), true, std::move(handler)));
}

void Api::del(const std::string& pattern, Roles roles, Handler handler) {
  server_.Delete(pattern, guard(std::move(roles), true, std::move(handler)));
}

JsonBody::JsonBody(const std::string& body, const std::vector<std::string_view>& allowed) {
  json_ = nlohmann::json::parse(body.empty() ? std::string("{}") : body, nullptr, false);
  if (json_.is_discarded()) throw ApiError(400, "the body is not valid JSON");
  if (!json_.is_object()) throw ApiError(400, "the body must be a JSON object");
  check_fields(allowed, "");
}

void JsonBody::check_fields(const std::vector<std::string_view>& allowed,
                            const std::string& prefix) const {
  for (const auto& [key, value] : json_.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      throw ApiError(400, "unknown field '" + prefix + key + "'");
    }
  }
}

std::optional<JsonBody> JsonBody::optional_object(
    const std::string& name, const std::vector<std::string_view>& allowed) const {
  const nlohmann::json* f = field(name);
  if (!f) return std::nullopt;
  if (!f->is_object()) throw ApiError(400, "'" + name + "' must be an object");
  JsonBody inner(*f);
  inner.check_fields(allowed, name + ".");
  return inner;
}

bool JsonBody::optional_bool(const std::string& name) const {
  const nlohmann::json* f = field(name);
  if (!f) return false;
  if (!f->is_boolean()) throw ApiError(400, "'" + name + "' must be true or false");
  return f->get<bool>();
}

std::vector<std::int64_t> JsonBody::int_list(const std::string& name, std::size_t max_items,
                                             std::int64_t max) const {
  const nlohmann::json* f = field(name);
  if (!f) return {};
  const auto in_range = [max](const nlohmann::json& x) {
    return x.is_number_integer() && x.get<std::int64_t>() >= 0 && x.get<std::int64_t>() <= max;
  };
  if (!f->is_array() || f->size() > max_items || !std::all_of(f->begin(), f->end(), in_range)) {
    throw ApiError(400, "'" + name + "' must be a list of at most " + std::to_string(max_items) +
                            " whole numbers from 0 to " + std::to_string(max));
  }
  return f->get<std::vector<std::int64_t>>();
}

const nlohmann::json* JsonBody::field(const std::string& name) const {
  const auto it = json_.find(name);
  if (it == json_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string JsonBody::text(const std::string& name, std::size_t max_length) const {
  std::string value = optional_text(name, max_length);
  if (value.empty()) throw ApiError(400, "'" + name + "' is required");
  return value;
}

std::string JsonBody::optional_text(const std::string& name, std::size_t max_length) const {
  const nlohmann::json* f = field(name);
  if (!f) return {};
  if (!f->is_string()) throw ApiError(400, "'" + name + "' must be a string");
  return checked_text(name, f->get<std::string>(), max_length);
}

std::optional<int> JsonBody::optional_int(const std::string& name, int min, int max) const {
  const nlohmann::json* f = field(name);
  if (!f) return std::nullopt;
  if (!f->is_number_integer() || f->get<std::int64_t>() < min || f->get<std::int64_t>() > max) {
    throw ApiError(400, "'" + name + "' must be a whole number from " + std::to_string(min) +
                            " to " + std::to_string(max));
  }
  return f->get<int>();
}

std::vector<std::string> JsonBody::text_list(const std::string& name, std::size_t max_items,
                                             std::size_t max_length) const {
  const nlohmann::json* f = field(name);
  if (!f || !f->is_array() || f->empty() || f->size() > max_items ||
      !std::all_of(f->begin(), f->end(), [](const nlohmann::json& x) { return x.is_string(); })) {
    throw ApiError(
        400, "'" + name + "' must be a list of 1 to " + std::to_string(max_items) + " strings");
  }
  std::vector<std::string> out;
  for (const nlohmann::json& x : *f) {
    out.push_back(checked_text(name, x.get<std::string>(), max_length));
    if (out.back().empty()) throw ApiError(400, "'" + name + "' holds an empty string");
  }
  return out;
}

Timestamp JsonBody::time(const std::string& name) const {
  return checked_time(name, text(name, 64));
}

std::optional<std::string> query_text(const httplib::Request& req, const std::string& name,
                                      std::size_t max_length) {
  if (!req.has_param(name)) return std::nullopt;
  std::string value = checked_text(name, req.get_param_value(name), max_length);
  if (value.empty()) return std::nullopt;
  return value;
}

std::optional<Timestamp> query_time(const httplib::Request& req, const std::string& name) {
  const auto text = query_text(req, name, 64);
  if (!text) return std::nullopt;
  return checked_time(name, *text);
}

}  // namespace cctv::console
