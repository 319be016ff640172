// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/site_register.hpp"

#include <mutex>

#include "cctv/common/sql.hpp"
#include "schema.hpp"
#include "time_json.hpp"

namespace cctv::storage {
namespace {

// Sites and cameras are replaced by every sync; deployments only ever gain rows and have
// their open `to` set once.

constexpr const char* kDeploymentColumns =
    "id, camera, site, from_ts, to_ts, ljag_case, reason, deployed_by";

Deployment read_deployment(const sql::Statement& s) {
  Deployment d;
  d.id = s.integer(0);
  d.camera = s.text(1);
  d.site = s.text(2);
  d.from = parse_utc(s.text(3)).value_or(Timestamp{});
  if (!s.is_null(4)) d.to = parse_utc(s.text(4));
  d.ljag_case = s.text(5);
  d.reason = s.text(6);
  d.deployed_by = s.text(7);
  return d;
}

std::optional<RegisteredCamera> find_camera(const sql::Database& db, const std::string& id) {
  sql::Statement s(db, "SELECT id, name, home_site, mobile FROM register_cameras WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return RegisteredCamera{s.text(0), s.text(1), s.text(2), s.integer(3) != 0};
}

bool site_exists(const sql::Database& db, const std::string& id) {
  sql::Statement s(db, "SELECT 1 FROM register_sites WHERE id = ?1");
  s.bind(1, id);
  return s.step();
}

std::optional<Deployment> open_deployment(const sql::Database& db, const std::string& camera) {
  sql::Statement s(db, std::string("SELECT ") + kDeploymentColumns +
                           " FROM deployments WHERE camera = ?1 AND to_ts IS NULL");
  s.bind(1, camera);
  if (!s.step()) return std::nullopt;
  return read_deployment(s);
}

void check_request(const sql::Database& db, const DeploymentRequest& r) {
  const auto camera = find_camera(db, r.camera);
  if (!camera) throw DeploymentError("camera", "unknown camera '" + r.camera + "'");
  if (!camera->mobile) {
    throw DeploymentError(
        "camera", "camera '" + r.camera + "' is fixed; only mobile (re-deployable) cameras move");
  }
  if (!site_exists(db, r.site)) throw DeploymentError("site", "unknown site '" + r.site + "'");
  if (r.reason.empty()) throw DeploymentError("reason", "a deployment needs a reason");
  if (r.at > now_utc() + std::chrono::minutes(5)) {
    throw DeploymentError("at", "a deployment is recorded when the camera goes live; " +
                                    format_utc(r.at) + " is in the future");
  }
  const auto open = open_deployment(db, r.camera);
  const std::string here = open ? open->site : camera->home_site;
  if (here == r.site) {
    throw DeploymentError("site", "camera '" + r.camera + "' is already at '" + r.site + "'");
  }
  if (open && r.at < open->from) {
    throw DeploymentError("at", "camera '" + r.camera + "' has been at '" + open->site +
                                    "' since " + format_utc(open->from) +
                                    "; a new deployment cannot start before that");
  }
}

}  // namespace

std::map<std::string, std::string> camera_sites_at(const std::vector<RegisteredCamera>& cameras,
                                                   const std::vector<Deployment>& deployments,
                                                   Timestamp t) {
  std::map<std::string, std::string> out;
  for (const RegisteredCamera& c : cameras) out[c.id] = c.home_site;
  for (const Deployment& d : deployments) {
    if (out.contains(d.camera) && d.from <= t && (!d.to || t < *d.to)) out[d.camera] = d.site;
  }
  return out;
}

struct SiteRegister::Impl {
  Impl(const std::string& path, Access access) : db(path, open_options(access)) {
    prepare_schema(db, access);
  }
  sql::Database db;
  mutable std::mutex mutex;
};

nlohmann::json deployment_json(const Deployment& d) {
  return {{"id", d.id},
          {"camera", d.camera},
          {"site", d.site},
          {"from", format_utc(d.from)},
          {"to", time_or_null(d.to)},
          {"ljag_case", d.ljag_case},
          {"reason", d.reason},
          {"deployed_by", d.deployed_by}};
}

SiteRegister::SiteRegister(const std::string& db_path, Access access)
    : impl_(std::make_unique<Impl>(db_path, access)) {}
SiteRegister::~SiteRegister() = default;

void SiteRegister::sync(const std::vector<RegisteredSite>& sites,
                        const std::vector<RegisteredCamera>& cameras) {
  std::lock_guard lock(impl_->mutex);
  sql::Transaction tx(impl_->db);
  impl_->db.exec("DELETE FROM register_sites; DELETE FROM register_cameras;");
  for (const RegisteredSite& site : sites) {
    sql::Statement s(impl_->db,
                     "INSERT INTO register_sites (id, name, cluster, lat, lon, owner) VALUES "
                     "(?1, ?2, ?3, ?4, ?5, ?6)");
    s.bind(1, site.id).bind(2, site.name).bind(3, site.cluster).bind(4, site.lat);
    s.bind(5, site.lon).bind(6, site.owner).step();
  }
  for (const RegisteredCamera& camera : cameras) {
    sql::Statement s(impl_->db,
                     "INSERT INTO register_cameras (id, name, home_site, mobile) VALUES "
                     "(?1, ?2, ?3, ?4)");
    s.bind(1, camera.id).bind(2, camera.name).bind(3, camera.home_site);
    s.bind(4, static_cast<std::int64_t>(camera.mobile)).step();
  }
  tx.commit();
}

std::vector<RegisteredSite> SiteRegister::sites() const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   "SELECT id, name, cluster, lat, lon, owner FROM register_sites ORDER BY id");
  std::vector<RegisteredSite> out;
  while (s.step()) {
    out.push_back({s.text(0), s.text(1), s.text(2), s.real(3), s.real(4), s.text(5)});
  }
  return out;
}

std::vector<RegisteredCamera> SiteRegister::cameras() const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   "SELECT id, name, home_site, mobile FROM register_cameras ORDER BY id");
  std::vector<RegisteredCamera> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2), s.integer(3) != 0});
  return out;
}

Deployment SiteRegister::deploy(const std::string& actor, const DeploymentRequest& r) {
  std::lock_guard lock(impl_->mutex);
  sql::Transaction tx(impl_->db);
  check_request(impl_->db, r);
  const std::string at = format_utc(r.at);
  sql::Statement close(impl_->db,
                       "UPDATE deployments SET to_ts = ?2 WHERE camera = ?1 AND to_ts IS NULL");
  close.bind(1, r.camera).bind(2, at).step();
  sql::Statement open(impl_->db,
                      "INSERT INTO deployments (camera, site, from_ts, ljag_case, reason, "
                      "deployed_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");
  open.bind(1, r.camera).bind(2, r.site).bind(3, at).bind(4, r.ljag_case).bind(5, r.reason);
  open.bind(6, actor);
  Deployment d{open.step_to_integer(),
               r.camera,
               r.site,
               r.at,
               std::nullopt,
               r.ljag_case,
               r.reason,
               actor};
  tx.commit();
  return d;
}

std::vector<Deployment> SiteRegister::deployments(const std::string& camera) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db, std::string("SELECT ") + kDeploymentColumns +
                                  " FROM deployments WHERE ?1 = '' OR camera = ?1"
                                  " ORDER BY from_ts DESC, id DESC");
  s.bind(1, camera);
  std::vector<Deployment> out;
  while (s.step()) out.push_back(read_deployment(s));
  return out;
}

std::map<std::string, std::string> SiteRegister::current_sites() const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   "SELECT c.id, COALESCE(d.site, c.home_site) FROM register_cameras c"
                   " LEFT JOIN deployments d ON d.camera = c.id AND d.to_ts IS NULL");
  std::map<std::string, std::string> out;
  while (s.step()) out[s.text(0)] = s.text(1);
  return out;
}

std::int64_t SiteRegister::version() const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db, "SELECT COALESCE(MAX(id), 0) FROM deployments");
  s.step();
  return s.integer(0);
}

}  // namespace cctv::storage
