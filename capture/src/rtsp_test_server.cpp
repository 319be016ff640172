// SPDX-License-Identifier: Apache-2.0
#include "cctv/capture/rtsp_test_server.hpp"

#include <gst/rtsp-server/rtsp-server.h>

#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "cctv/capture/synthetic_scene.hpp"
#include "encoded_footage.hpp"
#include "gst_util.hpp"
#include "pipeline_fragments.hpp"
#include "scene_feeder.hpp"

namespace cctv::capture {
namespace {

struct Mount {
  std::string path;
  std::string description;            // up to and including the encoder
  std::optional<SceneScript> script;  // feeds the appsrc named "src"
  StreamSpec spec;
  std::shared_ptr<const EncodedFootage> footage;  // or this does, one player per client
  bool loop = false;
};

EncoderSettings settings_of(const StreamSpec& s) {
  return {s.width, s.height, s.fps, s.key_interval_s, s.bitrate_kbps};
}

GstPadProbeReturn on_encoded(GstPad*, GstPadProbeInfo* info, gpointer data) {
  GstBuffer* buffer = GST_PAD_PROBE_INFO_BUFFER(info);
  GstMapInfo map;
  if (gst_buffer_map(buffer, &map, GST_MAP_READ)) {
    static_cast<const Mount*>(data)->spec.on_encoded(
        std::span<const std::uint8_t>(map.data, map.size),
        !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT));
    gst_buffer_unmap(buffer, &map);
  }
  return GST_PAD_PROBE_OK;
}

void stop_feeder(GstRTSPMedia* media, gpointer) {
  if (auto* feeder = static_cast<SceneFeeder*>(g_object_get_data(G_OBJECT(media), "cctv-feeder")))
    feeder->stop();
}

// A new media (one per mount while it has clients, or per client for encoded footage): start
// its scene or footage and hook its tap.
void on_media_configure(GstRTSPMediaFactory*, GstRTSPMedia* media, gpointer data) {
  const auto* mount = static_cast<const Mount*>(data);
  GstRef<GstElement> bin(gst_rtsp_media_get_element(media));
  if (mount->script) {
    GstRef<GstElement> appsrc(gst_bin_get_by_name(GST_BIN(bin.get()), "src"));
    auto* feeder = new SceneFeeder(appsrc.get(), *mount->script,
                                   {mount->spec.width, mount->spec.height}, mount->spec.fps);
    g_object_set_data_full(G_OBJECT(media), "cctv-feeder", feeder,
                           [](gpointer f) { delete static_cast<SceneFeeder*>(f); });
    g_signal_connect(media, "unprepared", G_CALLBACK(stop_feeder), nullptr);
    feeder->start();
  }
  if (mount->footage) {
    GstRef<GstElement> appsrc(gst_bin_get_by_name(GST_BIN(bin.get()), "src"));
    play_encoded_footage(appsrc.get(), mount->footage, mount->loop);
  }
  if (mount->spec.on_encoded) {
    GstRef<GstElement> enc(gst_bin_get_by_name(GST_BIN(bin.get()), "enc"));
    GstRef<GstPad> pad(gst_element_get_static_pad(enc.get(), "src"));
    gst_pad_add_probe(pad.get(), GST_PAD_PROBE_TYPE_BUFFER, on_encoded, const_cast<Mount*>(mount),
                      nullptr);
  }
}

GstRTSPFilterResult remove_client(GstRTSPServer*, GstRTSPClient*, gpointer) {
  return GST_RTSP_FILTER_REMOVE;
}
GstRTSPFilterResult remove_session(GstRTSPSessionPool*, GstRTSPSession*, gpointer) {
  return GST_RTSP_FILTER_REMOVE;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

struct RtspTestServer::Impl {
  RtspServerParams params;
  mutable std::mutex mutex;
  std::vector<std::unique_ptr<Mount>> mounts;
  GMainContext* context = nullptr;
  GMainLoop* loop = nullptr;
  GstRTSPServer* server = nullptr;
  guint source_id = 0;
  std::thread thread;

  void add(std::unique_ptr<Mount> mount);
  void serve(const Mount& mount) const;
  void run_in_loop(std::function<void()> fn) const;
  void release();
};

void RtspTestServer::Impl::add(std::unique_ptr<Mount> mount) {
  if (mount->path.empty() || mount->path.front() != '/') {
    throw std::invalid_argument("mount '" + mount->path + "' must start with '/'");
  }
  std::lock_guard lock(mutex);
  for (const auto& m : mounts) {
    if (m->path == mount->path)
      throw std::invalid_argument("mount '" + mount->path + "' is already served");
  }
  if (server) serve(*mount);
  mounts.push_back(std::move(mount));
}

void RtspTestServer::Impl::serve(const Mount& mount) const {
  GstRTSPMediaFactory* factory = gst_rtsp_media_factory_new();
  const std::string launch =
      "( " + mount.description + " ! rtph264pay name=pay0 pt=96 config-interval=-1 )";
  gst_rtsp_media_factory_set_launch(factory, launch.c_str());
  // One encoder per camera, however many viewers; footage that needs no encoder is unshared.
  gst_rtsp_media_factory_set_shared(factory, mount.footage ? FALSE : TRUE);
  g_signal_connect(factory, "media-configure", G_CALLBACK(on_media_configure),
                   const_cast<Mount*>(&mount));
  GstRTSPMountPoints* points = gst_rtsp_server_get_mount_points(server);
  gst_rtsp_mount_points_add_factory(points, mount.path.c_str(), factory);  // takes the factory
  g_object_unref(points);
}

void RtspTestServer::Impl::run_in_loop(std::function<void()> fn) const {
  auto job = std::make_pair(std::move(fn), std::promise<void>());
  auto done = job.second.get_future();
  g_main_context_invoke(
      context,
      [](gpointer data) -> gboolean {
        auto* j = static_cast<decltype(job)*>(data);
        j->first();
        j->second.set_value();
        return G_SOURCE_REMOVE;
      },
      &job);
  done.wait();
}

void RtspTestServer::Impl::release() {
  if (server) g_object_unref(server);
  if (loop) g_main_loop_unref(loop);
  if (context) g_main_context_unref(context);
  server = nullptr;
  loop = nullptr;
  context = nullptr;
  source_id = 0;
}

RtspTestServer::RtspTestServer(RtspServerParams params) : impl_(std::make_unique<Impl>()) {
  ensure_gstreamer();
  impl_->params = std::move(params);
}

RtspTestServer::~RtspTestServer() { stop(); }

void RtspTestServer::add_scene_mount(const std::string& mount, const std::string& scene,
                                     StreamSpec spec) {
  auto script = builtin_scene(scene);
  if (!script) throw std::invalid_argument("no synthetic scene named '" + scene + "'");
  const std::string description = scene_encoder_description(settings_of(spec));
  impl_->add(
      std::make_unique<Mount>(Mount{mount, description, std::move(script), std::move(spec)}));
}

void RtspTestServer::add_pattern_mount(const std::string& mount, const std::string& pattern,
                                       StreamSpec spec) {
  if (!is_test_pattern(pattern))
    throw std::invalid_argument("videotestsrc has no pattern named '" + pattern + "'");
  const std::string description = pattern_encoder_description(pattern, settings_of(spec));
  impl_->add(std::make_unique<Mount>(Mount{mount, description, std::nullopt, std::move(spec)}));
}

void RtspTestServer::add_file_mount(const std::string& mount, const std::filesystem::path& file,
                                    StreamSpec spec) {
  if (!std::filesystem::is_regular_file(file))
    throw std::invalid_argument("no file " + file.string());
  const std::string description =
      "filesrc location=" + quoted(file.string()) +
      " ! decodebin ! videoscale ! videorate ! video/x-raw,width=" + std::to_string(spec.width) +
      ",height=" + std::to_string(spec.height) + ",framerate=" + fraction(spec.fps) + " ! " +
      encoder_description(settings_of(spec));
  impl_->add(std::make_unique<Mount>(Mount{mount, description, std::nullopt, std::move(spec)}));
}

void RtspTestServer::add_encoded_file_mount(const std::string& mount,
                                            const std::filesystem::path& file, bool loop) {
  auto footage = load_encoded_footage(file);
  impl_->add(std::make_unique<Mount>(
      Mount{mount, "appsrc name=src", std::nullopt, {}, std::move(footage), loop}));
}

void RtspTestServer::start() {
  Impl& d = *impl_;
  std::lock_guard lock(d.mutex);
  if (d.server) return;
  d.context = g_main_context_new();
  d.loop = g_main_loop_new(d.context, FALSE);
  d.server = gst_rtsp_server_new();
  gst_rtsp_server_set_address(d.server, d.params.address.c_str());
  gst_rtsp_server_set_service(d.server, std::to_string(d.params.port).c_str());
  for (const auto& mount : d.mounts) d.serve(*mount);
  d.source_id = gst_rtsp_server_attach(d.server, d.context);
  if (d.source_id == 0) {
    d.release();
    throw std::runtime_error("RTSP test server cannot listen on " + d.params.address + ":" +
                             std::to_string(d.params.port));
  }
  d.params.port = gst_rtsp_server_get_bound_port(d.server);
  d.thread = std::thread([loop = d.loop, context = d.context] {
    g_main_context_push_thread_default(context);
    g_main_loop_run(loop);
    g_main_context_pop_thread_default(context);
  });
}

void RtspTestServer::stop() {
  Impl& d = *impl_;
  std::lock_guard lock(d.mutex);
  if (!d.server) return;
  d.run_in_loop([&d] {
    if (GSource* source = g_main_context_find_source_by_id(d.context, d.source_id))
      g_source_destroy(source);
    gst_rtsp_server_client_filter(d.server, remove_client, nullptr);
    GstRTSPSessionPool* pool = gst_rtsp_server_get_session_pool(d.server);
    gst_rtsp_session_pool_filter(pool, remove_session, nullptr);
    g_object_unref(pool);
  });
  g_main_loop_quit(d.loop);
  d.thread.join();
  d.release();
}

bool RtspTestServer::running() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->server != nullptr;
}

int RtspTestServer::port() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->params.port;
}

std::string RtspTestServer::url(const std::string& mount) const {
  return "rtsp://127.0.0.1:" + std::to_string(port()) + mount;
}

}  // namespace cctv::capture
