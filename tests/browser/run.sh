#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Browser tests of the operator console against a real `cctv run` (one synthetic test://street
# camera whose zone raises loitering about 20 s after start), driven by Debian's chromium through
# playwright-core. Called by CTest:
#
#   tests/browser/run.sh CCTV_BINARY [SCREENSHOT_DIR] [SCENARIO.mjs ...]
#
# SCREENSHOT_DIR defaults to $CCTV_SCREENSHOT_DIR, else <binary dir>/../browser-screenshots.
# Exit 0: every scenario passed; 1: a scenario or the set-up failed; 77: skipped (no chromium,
# node or node_modules; install them with `apt-get install chromium` and `npm ci` here).
# CCTV_BROWSER_KEEP=1 keeps the temporary data directory.
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cctv="${1:-}"
[ -n "$cctv" ] || { echo "usage: $0 CCTV_BINARY [SCREENSHOT_DIR] [SCENARIO.mjs ...]" >&2; exit 1; }
cctv="$(cd "$(dirname "$cctv")" && pwd)/$(basename "$cctv")"
shots="${2:-${CCTV_SCREENSHOT_DIR:-$(dirname "$cctv")/../browser-screenshots}}"
shift $(( $# >= 2 ? 2 : $# ))
scenarios=("$@")
# ljag_tasking.mjs last: it redeploys tw1.
[ ${#scenarios[@]} -gt 0 ] || scenarios=(alarm_workflow.mjs manual_incident.mjs live_view.mjs playback.mjs wrong_password.mjs police_export.mjs admin_users.mjs test_alarm.mjs ljag_tasking.mjs)
chromium="${CHROMIUM:-/usr/bin/chromium}"

skip() { echo "SKIP: browser tests: $*"; exit 77; }
[ -x "$chromium" ] || skip "no chromium at $chromium (apt-get install chromium, or set CHROMIUM)"
command -v node >/dev/null || skip "no node (apt-get install nodejs npm)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 18 ] || skip "node $(node --version) is too old for playwright-core (needs 18 or later)"
[ -f "$here/node_modules/playwright-core/package.json" ] || skip "no $here/node_modules (run: npm ci --prefix $here)"
[ -x "$cctv" ] || { echo "FAIL: no cctv binary at $cctv" >&2; exit 1; }

mkdir -p "$shots"
shots="$(cd "$shots" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/cctv-browser.XXXXXX")"
data="$work/data"
config="$work/browser.yaml"
server_log="$work/cctv-run.log"
reasons="$work/failures.txt"
suite="$(IFS=-; echo "${scenarios[*]%.mjs}" | cut -c1-60)"
server=""
first_pid=""

stop_server() {
  [ -n "$server" ] || return 0
  kill -INT "$server" 2>/dev/null
  for _ in $(seq 1 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$server" 2>/dev/null; then
    echo "cctv run did not stop within 20 s of SIGINT; killing it" >&2
    kill -KILL "$server" 2>/dev/null
  fi
  wait "$server" 2>/dev/null
  server=""
}

finish() {
  local status=$?
  [ -z "$first_pid" ] || kill "$first_pid" 2>/dev/null
  stop_server
  if [ "$status" -ne 0 ] && [ -f "$server_log" ]; then
    cp "$server_log" "$shots/browser-cctv-run-$suite.log"
    echo "---- last lines of the server log ($shots/browser-cctv-run-$suite.log) ----"
    tail -n 40 "$server_log"
  fi
  # Last, where a truncated CI log still shows them: why each failed scenario failed.
  [ ! -s "$reasons" ] || { echo "---- why ----"; cat "$reasons"; }
  if [ "${CCTV_BROWSER_KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

# Three free TCP ports on 127.0.0.1: the console and the bus broker's two sides.
read -r console_port pub_port sub_port < <(node -e '
  const net = require("net");
  const servers = [0, 1, 2].map(() => net.createServer());
  Promise.all(servers.map((s) => new Promise((r) => s.listen(0, "127.0.0.1", () => r(s.address().port)))))
    .then((ports) => { console.log(ports.join(" ")); servers.forEach((s) => s.close()); });')

# One camera like the demo's tw1: the synthetic street scene. Its first loiterers start about
# 10 s after the pipeline; dwell_s 20 puts the alarm about 20 s after start, after the first
# scenario has logged in, so that it is seen arriving live. CCTV_BROWSER_CAMERAS=N (2..9) adds
# N-1 small moving test patterns without zones (cam2, cam3, ...) for the camera wall; no tamper
# detection on them: a ball on a black view is a covered view to the detector.
# CCTV_BROWSER_SCENE_ALARMS=0 keeps tw1's scene quiet (a dwell longer than any run), for
# scenarios that must know every alarm they see is their own (the alarm tone).
dwell_s=20
[ "${CCTV_BROWSER_SCENE_ALARMS:-1}" = 1 ] || dwell_s=86400
cameras="${CCTV_BROWSER_CAMERAS:-1}"
case "$cameras" in [1-9]) ;; *) echo "FAIL: CCTV_BROWSER_CAMERAS must be 1 to 9, not '$cameras'" >&2; exit 1 ;; esac
extra_cameras=""
for n in $(seq 2 "$cameras"); do
  extra_cameras+="  - {id: cam$n, name: Wall camera $n, site: neasden-tc, url: \"test://ball\", analytics: {fps: 4, width: 320, height: 180}, tamper: {enabled: false}}"$'\n'
done

cat >"$config" <<YAML
sites:
  - {id: talbot-walk, name: Talbot Walk / Church End, cluster: Harlesden, lat: 51.5443, lon: -0.2497}
  - {id: neasden-tc, name: Neasden Town Centre, cluster: Harlesden, lat: 51.5556, lon: -0.2510}
  - {id: harlesden-tc, name: Harlesden Town Centre, cluster: Harlesden, lat: 51.5366, lon: -0.2476}
  - {id: stonebridge, name: Stonebridge Estate, cluster: Harlesden, lat: 51.5440, lon: -0.2700}
  - {id: honeypot-lane, name: Honeypot Lane, cluster: Wembley, lat: 51.5905, lon: -0.2790}
cameras:
  - id: tw1
    name: Talbot Walk East
    site: talbot-walk
    kind: mobile
    url: test://street
    analytics: {fps: 6, width: 640, height: 360}
${extra_cameras}zones:
  - id: tw1-walkway
    camera: tw1
    name: Walkway by the shops
    polygon: [[0.02, 0.55], [0.98, 0.55], [0.98, 0.98], [0.02, 0.98]]
    rules:
      loitering: {dwell_s: $dwell_s, grace_s: 3, update_s: 30}
storage: {data_dir: "$data", segment_s: 10}
bus: {source: browser-test, publish: "tcp://127.0.0.1:$pub_port", subscribe: "tcp://127.0.0.1:$sub_port", replay: "tcp://127.0.0.1:*", outbox_sync: normal}
console: {bind: "127.0.0.1:$console_port"}
YAML

user="browser-operator"
password="bt-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
mkdir -p "$data"
for account in "$user:operator" "browser-police:police" "browser-supervisor:supervisor" "browser-admin:admin"; do
  if ! printf '%s\n' "$password" | "$cctv" user add "${account%%:*}" --role "${account##*:}" --data "$data" \
      --password-stdin >"$work/user-add.log" 2>&1; then
    echo "FAIL: cctv user add ${account%%:*} failed:" >&2
    cat "$work/user-add.log" >&2
    exit 1
  fi
done

# LJAG tasking: a year of (closed) demo incidents and deployments, and an ljag user.
ljag_user="browser-ljag"
if ! "$cctv" demo-data --data "$data" --config "$config" >"$work/demo-data.log" 2>&1 ||
   ! printf '%s\n' "$password" | "$cctv" user add "$ljag_user" --role ljag --data "$data" --password-stdin \
    >>"$work/demo-data.log" 2>&1; then
  echo "FAIL: demo data or the ljag user failed:" >&2
  cat "$work/demo-data.log" >&2
  exit 1
fi

export CCTV_CONSOLE_URL="http://127.0.0.1:$console_port" CCTV_USER="$user" CCTV_PASSWORD="$password"
export CCTV_LJAG_USER="$ljag_user"
export CCTV_POLICE_USER="browser-police" CCTV_SUPERVISOR_USER="browser-supervisor" CCTV_BINARY="$cctv"
export CCTV_ADMIN_USER="browser-admin"
export CCTV_SCREENSHOT_DIR="$shots" CHROMIUM="$chromium" CCTV_CONFIG="$config" CCTV_DATA_DIR="$data"
passed=0
failed=0
failures=()
tally() {  # tally SCENARIO STATUS OUTPUT
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); return; fi
  failed=$((failed + 1))
  failures+=("$1")
  { grep -E '^FAIL ' "$3" || echo "$1: exit status $2, no FAIL line"; } >>"$reasons"
}


# The first scenario's browser starts before the server and waits for it, so that it is logged
# in when the first alarm is raised and sees it arrive (a browser can take 5-20 s to start on a
# busy machine).
first="${scenarios[0]}"
ready="$work/browser-ready"
echo "==== $first (browser started before the server)"
CCTV_READY_FILE="$ready" CCTV_CONSOLE_WAIT_S=90 node "$here/$first" >"$work/$first.out" 2>&1 &
first_pid=$!
waited=0
until [ -f "$ready" ] || ! kill -0 "$first_pid" 2>/dev/null || [ "$waited" -ge 600 ]; do
  sleep 0.1
  waited=$((waited + 1))
done

"$cctv" run --config "$config" --data "$data" >"$server_log" 2>&1 &
server=$!
started=$SECONDS
until (exec 3<>"/dev/tcp/127.0.0.1/$console_port") 2>/dev/null; do
  if ! kill -0 "$server" 2>/dev/null; then
    server=""
    echo "FAIL: cctv run exited before the console listened" >&2
    exit 1
  fi
  if [ $((SECONDS - started)) -ge 60 ]; then
    echo "FAIL: the console did not listen on 127.0.0.1:$console_port within 60 s" >&2
    exit 1
  fi
  sleep 0.1
done
echo "cctv run is up (console $CCTV_CONSOLE_URL, data $data) after $((SECONDS - started)) s"

wait "$first_pid"
status=$?
first_pid=""
cat "$work/$first.out"
tally "$first" "$status" "$work/$first.out"
for scenario in "${scenarios[@]:1}"; do
  echo "==== $scenario"
  node "$here/$scenario" 2>&1 | tee "$work/$scenario.out"
  tally "$scenario" "${PIPESTATUS[0]}" "$work/$scenario.out"
done

echo "screenshots in $shots"
[ "$failed" -eq 0 ] || echo "failed: ${failures[*]}"
echo "browser: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
