// SPDX-License-Identifier: Apache-2.0
// The sites and deployments register (LJAG tasking): the sites (name, cluster, position, owner)
// and cameras of the installation, mirrored from the config so that reports need only the
// database, and the deployment history of every mobile camera (where it was, from when to when,
// for which LJAG case and why). A mobile camera with no deployment is at its config site.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cctv/common/time.hpp"
#include "cctv/storage/schema.hpp"

namespace cctv::storage {

struct RegisteredSite {
  std::string id;
  std::string name;
  std::string cluster;  // LJAG cluster / ward
  double lat = 0;
  double lon = 0;
  std::string owner;
  bool operator==(const RegisteredSite&) const = default;
};

struct RegisteredCamera {
  std::string id;
  std::string name;
  std::string home_site;  // the config's site: where a mobile camera is until first deployed
  bool mobile = false;
  bool operator==(const RegisteredCamera&) const = default;
};

struct Deployment {
  std::int64_t id = 0;
  std::string camera;
  std::string site;
  Timestamp from{};
  std::optional<Timestamp> to;  // empty while the camera is still there
  std::string ljag_case;        // the requesting LJAG case reference, e.g. "HAR-2026-014"
  std::string reason;
  std::string deployed_by;
};

// As the console, the CLI and the audit trail show it.
nlohmann::json deployment_json(const Deployment& d);

struct DeploymentRequest {
  std::string camera;
  std::string site;
  Timestamp at{};  // when the camera went (or goes) live at the site
  std::string ljag_case;
  std::string reason;
};

// A deployment that cannot be made; field() names the request field at fault (camera, site,
// at, ljag_case, reason) and nothing was changed.
class DeploymentError : public std::runtime_error {
 public:
  DeploymentError(std::string field, const std::string& what)
      : std::runtime_error(what), field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

// Where each camera was at `t`: the deployment covering `t`, else (before its first deployment,
// or a fixed camera) its home site. Pure, for reports "as at" a past date.
std::map<std::string, std::string> camera_sites_at(const std::vector<RegisteredCamera>& cameras,
                                                   const std::vector<Deployment>& deployments,
                                                   Timestamp t);

class SiteRegister {
 public:
  // Opens (or creates the tables in) the store's SQLite file. Throws std::runtime_error.
  explicit SiteRegister(const std::string& db_path, Access access = Access::write);
  ~SiteRegister();
  SiteRegister(const SiteRegister&) = delete;
  SiteRegister& operator=(const SiteRegister&) = delete;

  // Makes the register's sites and cameras these (from the config); deployments are kept.
  void sync(const std::vector<RegisteredSite>& sites, const std::vector<RegisteredCamera>& cameras);

  std::vector<RegisteredSite> sites() const;
  std::vector<RegisteredCamera> cameras() const;

  // Moves a mobile camera: ends its open deployment at `r.at` and opens one at `r.site`, in one
  // transaction. Throws DeploymentError for an unknown or fixed camera, an unknown site, the
  // site it is already at, a time before its current deployment began, or a missing reason.
  Deployment deploy(const std::string& actor, const DeploymentRequest& r);

  // Newest first; `camera` empty: every camera's.
  std::vector<Deployment> deployments(const std::string& camera = "") const;
  // Where every registered camera is now: its open deployment's site, else its home site.
  std::map<std::string, std::string> current_sites() const;
  // Changes whenever a deployment is made: what `cctv run` polls to move cameras.
  std::int64_t version() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::storage
