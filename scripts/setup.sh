#!/usr/bin/env bash
# Installs every Debian package the project needs, then configures and builds it.
# Idempotent: when every package is already installed, apt is not touched.
# Usage: [CCTV_TARGETS="t1 t2"] [CCTV_EXTRA_PACKAGES="p1 p2"] scripts/setup.sh [build-dir] [extra cmake args...]
# (CCTV_TARGETS: build only these targets, default all; CCTV_EXTRA_PACKAGES: Debian packages
# only some builds need, e.g. clang for `make fuzz`)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config ccache make git ca-certificates tzdata
  libopencv-dev opencv-doc
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstreamer-plugins-bad1.0-dev
  libgstrtspserver-1.0-dev gstreamer1.0-tools
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-plugins-ugly gstreamer1.0-libav
  libavformat-dev libavcodec-dev libavutil-dev libswscale-dev ffmpeg
  libzmq3-dev cppzmq-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15 iproute2 libyaml-cpp-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
  libcli11-dev libcpp-httplib-dev libssl-dev libsodium-dev libhowardhinnant-date-dev libzip-dev
  opencv-data
  chromium
)
read -ra extra_packages <<<"${CCTV_EXTRA_PACKAGES:-}"
packages+=("${extra_packages[@]}")
# Node.js for the browser tests: Debian's, unless the machine already has one (NodeSource's
# nodejs bundles npm and conflicts with Debian's npm package).
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${#missing[@]} missing packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update
  "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

# playwright-core for the browser tests, pinned by tests/browser/package-lock.json.
lock=tests/browser/package-lock.json
if [ ! -f tests/browser/node_modules/.package-lock.json ] || [ "$lock" -nt tests/browser/node_modules/.package-lock.json ]; then
  npm ci --prefix tests/browser --no-audit --no-fund
fi

build_dir=${1:-build}
shift || true
# Release: optimised without debug info, which costs a quarter of the compile time (a build
# for debugging passes -DCMAKE_BUILD_TYPE=RelWithDebInfo or Debug after the directory).
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$build_dir" -j"${CCTV_JOBS:-2}" ${CCTV_TARGETS:+--target $CCTV_TARGETS}
