// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/user_admin.hpp"

#include <sodium.h>

#include <array>

#include <nlohmann/json.hpp>

namespace cctv::storage {
namespace {

// 96 random bits as 16 URL-safe base64 characters: typed once, then changed.
std::string one_time_password() {
  std::array<unsigned char, 12> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::array<char, 32> text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), kVariant);
  return text.data();
}

}  // namespace

UserAdmin::UserAdmin(const std::string& db_path, std::string actor)
    : actor_(std::move(actor)),
      users_(db_path),
      throttle_(db_path),
      sessions_(db_path, SessionLimits{}),
      audit_(db_path) {}

void UserAdmin::ended_access(const std::string& action, const std::string& name) {
  const int ended = sessions_.revoke_user(name, now_utc());
  audit_.append(actor_, action, name, nlohmann::json{{"sessions_ended", ended}}.dump());
}

void UserAdmin::add(const std::string& name, Role role, const std::string& password) {
  users_.add(name, role, password);
  audit_.append(actor_, "user.add", name, nlohmann::json{{"role", to_string(role)}}.dump());
}

void UserAdmin::disable(const std::string& name) {
  users_.set_disabled(name, true);
  ended_access("user.disable", name);
}

void UserAdmin::enable(const std::string& name) {
  users_.set_disabled(name, false);
  audit_.append(actor_, "user.enable", name);
}

void UserAdmin::remove(const std::string& name) {
  users_.remove(name);
  ended_access("user.remove", name);
}

void UserAdmin::reset_password(const std::string& name, const std::string& password) {
  users_.set_password(name, password);
  ended_access("user.reset-password", name);
}

void UserAdmin::change_role(const std::string& name, Role role) {
  users_.set_role(name, role);
  const int ended = sessions_.revoke_user(name, now_utc());
  audit_.append(actor_, "user.role", name,
                nlohmann::json{{"role", to_string(role)}, {"sessions_ended", ended}}.dump());
}

std::vector<CreatedAccount> UserAdmin::add_missing(
    const std::vector<std::pair<std::string, Role>>& accounts) {
  std::vector<CreatedAccount> added;
  for (const auto& [name, role] : accounts) {
    if (users_.find(name)) continue;
    CreatedAccount account{name, role, one_time_password()};
    users_.add(name, role, account.password);
    audit_.append(actor_, "user.add", name,
                  nlohmann::json{{"role", to_string(role)}, {"from", "config"}}.dump());
    added.push_back(std::move(account));
  }
  return added;
}

bool UserAdmin::unlock(const std::string& name) {
  const bool cleared = throttle_.unlock(name);
  audit_.append(actor_, "user.unlock", name, nlohmann::json{{"cleared", cleared}}.dump());
  return cleared;
}

std::vector<SessionInfo> UserAdmin::live_sessions(const std::string& user) {
  audit_.append(actor_, "session.list", user.empty() ? "all" : user);
  return sessions_.list_live(now_utc(), user);
}

int UserAdmin::revoke_session(const std::string& id) {
  const int ended = sessions_.revoke(id, now_utc());
  if (ended > 0) audit_.append(actor_, "session.revoke", id);
  return ended;
}

int UserAdmin::revoke_sessions_of(const std::string& user) {
  const int ended = sessions_.revoke_user(user, now_utc());
  audit_.append(actor_, "session.revoke", user, nlohmann::json{{"sessions_ended", ended}}.dump());
  return ended;
}

}  // namespace cctv::storage
