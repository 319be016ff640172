// SPDX-License-Identifier: Apache-2.0
// The configuration as plain, immutable structs. Loading and validation live in loader.hpp;
// runtime code only ever reads these values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cctv/common/geometry.hpp"

namespace cctv::config {

struct Site {
  std::string id;
  std::string name;
  std::string cluster;  // LJAG cluster / ward, e.g. "Wembley"
  double lat = 0;
  double lon = 0;
  std::string owner;  // optional: council, housing provider, ...
  bool operator==(const Site&) const = default;
};

enum class CameraKind { fixed, mobile };

struct AnalyticsSettings {
  double fps = 6;                   // frames per second handed to analytics, 0 < fps <= 30
  int width = 640;                  // analytics frame size, 64..3840
  int height = 360;                 // 64..2160
  std::string detector = "motion";  // motion | yolox
  std::string model;                // ONNX path, required for yolox
  // The detector runs on every Nth analytics frame that has motion (the tracker carries people
  // in between), 1..30. 1 = every frame with motion.
  int detection_interval = 1;
  // Areas where motion is ignored (trees, a busy road, a clock), normalised polygons.
  std::vector<Polygon> motion_mask;
  // false: the camera is only recorded; its stream is never decoded (and any analytics_url is
  // not opened), which saves most of its CPU.
  bool enabled = true;
  bool operator==(const AnalyticsSettings&) const = default;
};

// Tamper detection (analytics/tamper_detector.hpp): covered, moved, defocused or obscured views.
enum class TamperSensitivity { low, medium, high };
struct TamperSettings {
  bool enabled = true;
  double min_duration_s = 5;  // a tamper persists this long before the alarm, and ends after
                              // the view has been back as long; 0.5..600
  TamperSensitivity sensitivity = TamperSensitivity::medium;
  bool operator==(const TamperSettings&) const = default;
};

struct Camera {
  std::string id;
  std::string name;
  std::string site;  // a Site id
  CameraKind kind = CameraKind::fixed;
  std::string url;            // main stream: rtsp://, file://, test://
  std::string analytics_url;  // optional substream; empty means use url
  AnalyticsSettings analytics;
  double offline_after_s = 10;  // no frames for this long -> camera_offline
  TamperSettings tamper;        // runs with the camera's analytics
  bool operator==(const Camera&) const = default;
};

struct LoiteringRule {
  double dwell_s = 60;   // alarm when the anchor has been in the zone this long, > 0
  double grace_s = 5;    // exits shorter than this do not reset dwell, >= 0
  double update_s = 30;  // period of `update` events while the alarm is open, > 0
  bool operator==(const LoiteringRule&) const = default;
};

struct CrowdingRule {
  int min_people = 6;          // N, >= 2
  double min_duration_s = 30;  // count >= N for this long -> start, >= 0
  int hysteresis = 1;          // ends when count < N - hysteresis ..., 0 <= h < N
  double clear_s = 5;          // ... for this long
  double cooldown_s = 120;     // no new start this long after an end, >= 0
  bool operator==(const CrowdingRule&) const = default;
};

// Armed on the given local (Europe/London) days from `from_minute` to `to_minute`.
// to < from means the window runs past midnight into the next day.
struct ScheduleWindow {
  std::vector<int> days;  // 0 = Monday ... 6 = Sunday
  int from_minute = 0;    // minutes after local midnight
  int to_minute = 24 * 60;
  bool operator==(const ScheduleWindow&) const = default;
};

struct ZoneRules {
  std::optional<LoiteringRule> loitering;
  std::optional<CrowdingRule> crowding;
  std::vector<ScheduleWindow> schedule;  // empty: always armed
  bool operator==(const ZoneRules&) const = default;
};

struct Zone {
  std::string id;
  std::string camera;  // a Camera id
  std::string name;
  Polygon polygon;  // normalised, >= 3 points, simple
  ZoneRules rules;
  // Objects smaller than this (box height, fraction of the image height, 0..1) are ignored
  // in this zone: far-away people the detector sees badly, or toys.
  double min_box_height = 0;
  // Object classes (COCO names, see labels.hpp) the zone's rules count; non-empty.
  std::vector<std::string> classes = {"person"};
  // Optional, for a mobile camera's zones: the zone applies only while its camera is deployed
  // at this Site (the view differs at each site). Empty: wherever the camera is.
  std::string site;
  bool operator==(const Zone&) const = default;
};

struct Storage {
  std::string data_dir = "data";  // overridden by --data
  // The store's database: empty (or "sqlite") for <data_dir>/cctv.db, the embedded default;
  // or a postgresql://user@host[:port]/db URL, its password in PGPASSWORD or ~/.pgpass (a
  // password in the YAML is refused).
  std::string database;
  int retention_days = 31;  // 1..3650
  double segment_s = 60;    // recording segment length in seconds, 1..3600
  // An alarm incident's clip runs from this long before the alarm started to this long after
  // it ended, 0..600 s each.
  double clip_pre_roll_s = 10;
  double clip_post_roll_s = 10;
  // Disk use (share of the data directory's file system) above which retention deletes the
  // oldest unheld footage, until use is below disk_low_water; checked every retention_check_s.
  double disk_high_water = 0.90;   // 0.05..0.99
  double disk_low_water = 0.85;    // 0.01..0.99, below disk_high_water
  double retention_check_s = 600;  // 1..86400
  bool operator==(const Storage&) const = default;
};

// The occurrence book: what operators may file incidents under by hand. Non-empty, no repeats.
struct Incidents {
  std::vector<std::string> categories = {"ASB",
                                         "drug dealing",
                                         "street drinking",
                                         "violence",
                                         "criminal damage",
                                         "rough sleeping",
                                         "vehicle nuisance",
                                         "theft",
                                         "suspicious behaviour",
                                         "missing person",
                                         "other"};
  bool operator==(const Incidents&) const = default;
};

struct Bus {
  std::string source;                            // this node's name in events; empty: the host name
  std::string publish = "tcp://127.0.0.1:5570";  // broker frontend (XSUB); publishers connect
  std::string subscribe = "tcp://127.0.0.1:5571";  // broker backend (XPUB); subscribers connect
  bool broker = true;                              // run the broker in this process
  // This node's replay socket: bound here and announced in heartbeats, so subscribers must be
  // able to dial it (no wildcard host). tcp://127.0.0.1:* takes a free port.
  std::string replay = "tcp://127.0.0.1:5572";
  // The store node's request socket: bound by the store, dialled by consoles, which send their
  // operators' steps there so the store stays the only writer of its database.
  std::string store_requests = "tcp://127.0.0.1:5573";
  double heartbeat_s = 1;            // heartbeat period, 0.05..60
  std::string outbox_sync = "full";  // full: survives power loss (fsync per event) | normal:
                                     // survives a crash of the process
  double outbox_keep_h = 24;         // acknowledged events kept for late readers, 0..8760 hours...
  int outbox_keep_events = 100000;   // ...and at most this many of them, 0..100000000
  bool operator==(const Bus&) const = default;
};

struct User {
  std::string name;
  std::string role;  // operator | supervisor | police | ljag | admin
  bool operator==(const User&) const = default;
};

// HTTPS for the console. Both files are checked when the config is loaded: readable PEM, and
// the key is the certificate's. Relative paths are from the working directory.
struct ConsoleTls {
  std::string cert;  // the certificate (chain), PEM
  std::string key;   // its private key, PEM, not encrypted
  bool enabled() const { return !cert.empty(); }
  bool operator==(const ConsoleTls&) const = default;
};

struct Console {
  std::string bind = "127.0.0.1:8080";
  std::vector<User> users;
  ConsoleTls tls;  // empty: plain HTTP
  // A session ends this long after its login however active it is (a control-room shift), as
  // well as after 12 h unused; > 0 and <= 168 hours.
  double session_max_h = 12;
  bool operator==(const Console&) const = default;
};

struct Config {
  std::vector<Site> sites;
  std::vector<Camera> cameras;
  std::vector<Zone> zones;
  Storage storage;
  Bus bus;
  Console console;
  Incidents incidents;
  bool operator==(const Config&) const = default;

  const Site* find_site(const std::string& id) const;
  const Camera* find_camera(const std::string& id) const;
  std::vector<const Zone*> zones_of(const std::string& camera_id) const;
  // The camera's zones that apply while it is at `site` (zones without a site, and its zones
  // for that site).
  std::vector<Zone> zones_at(const std::string& camera_id, const std::string& site) const;
};

}  // namespace cctv::config
