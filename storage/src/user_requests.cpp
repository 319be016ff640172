// SPDX-License-Identifier: Apache-2.0
#include "user_requests.hpp"

#include <functional>
#include <map>

#include "cctv/storage/user_admin.hpp"
#include "time_json.hpp"

namespace cctv::storage {
namespace {

using nlohmann::json;

Role role_of(const json& r) {
  const auto role = parse_role(r.at("role").get<std::string>());
  if (!role) throw std::invalid_argument("unknown role; use one of " + std::string(kRoleNames));
  return *role;
}

json session_info_json(const SessionInfo& s) {
  return {{"id", s.id},
          {"user", s.user},
          {"role", to_string(s.role)},
          {"created_at", format_utc(s.created_at)},
          {"created_local", format_london(s.created_at)},
          {"last_seen", format_utc(s.last_seen)},
          {"last_seen_local", format_london(s.last_seen)},
          {"client_address", s.client_address}};
}

using Action = std::function<json(UserAdmin&, const json&)>;

const std::map<std::string, Action, std::less<>>& actions() {
  static const std::map<std::string, Action, std::less<>> table = {
      {"add",
       [](UserAdmin& a, const json& r) {
         a.add(r.at("name"), role_of(r), r.at("password"));
         return json(nullptr);
       }},
      {"disable",
       [](UserAdmin& a, const json& r) {
         a.disable(r.at("name"));
         return json(nullptr);
       }},
      {"enable",
       [](UserAdmin& a, const json& r) {
         a.enable(r.at("name"));
         return json(nullptr);
       }},
      {"remove",
       [](UserAdmin& a, const json& r) {
         a.remove(r.at("name"));
         return json(nullptr);
       }},
      {"reset-password",
       [](UserAdmin& a, const json& r) {
         a.reset_password(r.at("name"), r.at("password"));
         return json(nullptr);
       }},
      {"role",
       [](UserAdmin& a, const json& r) {
         a.change_role(r.at("name"), role_of(r));
         return json(nullptr);
       }},
      {"unlock",
       [](UserAdmin& a, const json& r) {
         return json{{"cleared", a.unlock(r.at("name"))}};
       }},
      {"sessions",
       [](UserAdmin& a, const json&) {
         json out = json::array();
         for (const SessionInfo& s : a.live_sessions()) out.push_back(session_info_json(s));
         return out;
       }},
      {"revoke-user",
       [](UserAdmin& a, const json& r) {
         return json{{"sessions_ended", a.revoke_sessions_of(r.at("name"))}};
       }},
      {"revoke-session",
       [](UserAdmin& a, const json& r) {
         return json{{"sessions_ended", a.revoke_session(r.at("session"))}};
       }},
  };
  return table;
}

}  // namespace

json answer_user_admin(const std::string& db_path, const json& r) {
  const std::string action = r.at("action");
  const auto found = actions().find(action);
  if (found == actions().end()) throw std::invalid_argument("unknown user action '" + action + "'");
  UserAdmin admin(db_path, r.at("actor").get<std::string>());
  return found->second(admin, r);
}

}  // namespace cctv::storage
