// SPDX-License-Identifier: Apache-2.0
// Live view: the camera wall (1, 2x2, 3x3 or 4x4 tiles, saved per user) and a single-camera
// view, with an overlay toggle (zones and tracks drawn by the server) and camera state badges.
// A tile is outlined red while its camera has an active alarm; a click opens its single view.
//
// A browser keeps at most 6 HTTP/1.1 connections to one server, so the wall does not open an
// MJPEG stream per tile: one fetch of /live/wall carries every tile's frames, each part naming
// its camera (wall_stream.js), and each frame is shown in its tile as a blob. The single view
// is one MJPEG <img>.

import { api } from './api.js';
import { h, replace, toast } from './dom.js';
import { alarmStore } from './alarms.js';
import { cameraStore, lastFrame, stateBadge } from './cameras.js';
import { openWallStream } from './wall_stream.js';

const LAYOUTS = [[1, '1'], [4, '2×2'], [9, '3×3'], [16, '4×4']];
const OVERLAY_KEY = 'cctv.overlay';
const BLANK = 'data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==';

const overlayOn = () => localStorage.getItem(OVERLAY_KEY) === '1';
const singleUrl = (id, retry = 0) => {
  const q = new URLSearchParams();
  if (overlayOn()) q.set('overlay', '1');
  if (retry) q.set('retry', String(retry));
  const s = q.toString();
  return `/live/${encodeURIComponent(id)}.mjpeg${s ? `?${s}` : ''}`;
};

// The single view's live image; `stop()` closes its stream. Retries every 5 s after an error.
function liveImage(camera) {
  const img = h('img', { class: 'live single-image', alt: `Live view of ${camera.name}`, dataset: { camera: camera.id } });
  const note = h('span', { class: 'live-note', hidden: true }, 'No picture — retrying…');
  let stopped = false;
  let retry = 0;
  let timer = null;
  img.addEventListener('error', () => {
    if (stopped) return;
    note.hidden = false;
    timer = setTimeout(() => { if (!stopped) img.src = singleUrl(camera.id, ++retry); }, 5000);
  });
  img.addEventListener('load', () => { note.hidden = true; });
  img.src = singleUrl(camera.id);
  return {
    el: h('div', { class: 'live-frame' }, img, note),
    restart() { if (!stopped) img.src = singleUrl(camera.id, ++retry); },
    stop() { stopped = true; clearTimeout(timer); img.src = BLANK; },
  };
}

function overlayToggle(onChange) {
  const box = h('input', { type: 'checkbox', id: 'overlay-toggle', checked: overlayOn() });
  box.addEventListener('change', () => { localStorage.setItem(OVERLAY_KEY, box.checked ? '1' : '0'); onChange(); });
  return h('label', { class: 'toggle', for: 'overlay-toggle' }, box, ' Zones and tracks');
}

function status(camera) {
  const state = cameraStore.get(camera.id);
  return [stateBadge(state), ' ', h('span', { class: 'muted small' }, `Last frame ${lastFrame(state)}`)];
}

// Cameras with an alarm going on now.
function alarmedCameras() {
  return new Set(alarmStore.sorted().filter((i) => i.alarm_active).map((i) => i.camera));
}

// The saved wall, kept to configured cameras and filled up to its layout with unused ones.
function fitWall(wall, cameras) {
  const known = new Set(cameras.map((c) => c.id));
  const chosen = [...new Set((wall.cameras || []).filter((id) => known.has(id)))].slice(0, wall.layout);
  for (const c of cameras) {
    if (chosen.length >= wall.layout) break;
    if (!chosen.includes(c.id)) chosen.push(c.id);
  }
  return { layout: wall.layout, cameras: chosen };
}

export function mountLive(el, ctx, params) {
  const cameras = ctx.meta.cameras;
  const byId = (id) => cameras.find((c) => c.id === id);
  const statuses = new Map();  // camera id -> status element
  let stopStream = () => {};
  let refreshAlarms = () => {};
  let keys = null;
  const showStatus = () => { for (const [id, s] of statuses) replace(s, status(byId(id))); };

  function cameraPicker(wall, slot) {
    const select = h('select', { class: 'tile-pick', 'aria-label': `Camera in tile ${slot + 1}` },
      cameras.map((c) => h('option', { value: c.id, selected: c.id === wall.cameras[slot] }, c.name)));
    select.addEventListener('change', () => {
      const next = [...wall.cameras];
      const other = next.indexOf(select.value);
      if (other >= 0) next[other] = next[slot];  // swap, so each camera shows once
      next[slot] = select.value;
      showWall({ layout: wall.layout, cameras: next }, true);
    });
    return select;
  }

  function tile(wall, slot) {
    const c = byId(wall.cameras[slot]);
    const img = h('img', { class: 'live tile-image', alt: `Live view of ${c.name}`, dataset: { camera: c.id, frames: '0' } });
    const s = h('span', { class: 'tile-status' }, status(c));
    statuses.set(c.id, s);
    return h('figure', { class: 'tile', dataset: { camera: c.id } },
      h('a', { class: 'tile-link', href: `#/live/${encodeURIComponent(c.id)}`, 'aria-label': `Open ${c.name}` },
        h('div', { class: 'live-frame' }, img)),
      h('figcaption', {}, cameraPicker(wall, slot), h('span', { class: 'muted small' }, ctx.siteName(c.site)), s,
        h('span', { class: 'badge badge-active tile-alarm-badge' }, 'Alarm')));
  }

  function showWall(wall, save) {
    stopStream();
    statuses.clear();
    if (save) api.saveWall(wall).catch((err) => toast(`The wall was not saved: ${err.message}`, 'error'));
    const tiles = wall.cameras.map((_, slot) => tile(wall, slot));
    const grid = h('div', { class: 'wall', id: 'camera-wall',
      dataset: { layout: String(wall.layout), overlay: overlayOn() ? '1' : '0' } }, tiles);
    const layoutButtons = h('div', { class: 'layouts', role: 'group', 'aria-label': 'Wall layout' },
      LAYOUTS.map(([n, name]) => h('button', {
        type: 'button', class: 'btn btn-small', 'aria-pressed': String(n === wall.layout), dataset: { layout: String(n) },
        onclick: () => showWall(fitWall({ layout: n, cameras: wall.cameras }, cameras), true),
      }, name)));
    const restart = () => showWall(wall, false);
    replace(el, h('div', { class: 'page-head' }, h('h1', {}, 'Live view'), layoutButtons, overlayToggle(restart)), grid);
    const images = new Map(tiles.map((t) => [t.dataset.camera, t.querySelector('img')]));
    const stream = openWallStream(wall.cameras, overlayOn(), (camera, blob) => {
      const img = images.get(camera);
      if (!img) return;
      const previous = img.src;
      img.src = URL.createObjectURL(blob);
      img.dataset.frames = String(Number(img.dataset.frames) + 1);
      if (previous.startsWith('blob:')) URL.revokeObjectURL(previous);
    });
    stopStream = () => {
      stream.stop();
      for (const img of images.values()) if (img.src.startsWith('blob:')) URL.revokeObjectURL(img.src);
    };
    refreshAlarms = () => {
      const alarmed = alarmedCameras();
      for (const t of tiles) t.classList.toggle('tile-alarm', alarmed.has(t.dataset.camera));
    };
    refreshAlarms();
    keys = null;
  }

  function single(id) {
    const camera = byId(id);
    if (!camera) {
      replace(el, h('h1', {}, 'Live view'), h('p', { class: 'form-error', role: 'alert' }, `No camera '${id}'.`),
        h('a', { class: 'btn', href: '#/live' }, 'Back to the wall'));
      return;
    }
    const index = cameras.indexOf(camera);
    const go = (d) => `#/live/${encodeURIComponent(cameras[(index + d + cameras.length) % cameras.length].id)}`;
    const image = liveImage(camera);
    stopStream = () => image.stop();
    const s = h('div', { class: 'tile-status' }, status(camera));
    statuses.set(camera.id, s);
    replace(el,
      h('div', { class: 'page-head' },
        h('a', { class: 'btn btn-link', href: '#/live' }, '← Wall'),
        h('h1', {}, camera.name), h('span', { class: 'muted' }, `${camera.id} · ${ctx.siteName(camera.site)}`),
        overlayToggle(() => image.restart()),
        h('a', { class: 'btn', href: go(-1), 'aria-keyshortcuts': 'ArrowLeft' }, '← Previous camera'),
        h('a', { class: 'btn', href: go(1), 'aria-keyshortcuts': 'ArrowRight' }, 'Next camera →')),
      s, h('div', { class: 'single', id: 'camera-single' }, image.el));
    keys = (e) => {
      if (e.target.closest('input, select, textarea') || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'ArrowLeft') location.hash = go(-1);
      else if (e.key === 'ArrowRight') location.hash = go(1);
      else if (e.key === 'Escape') location.hash = '#/live';
    };
  }

  let unmounted = false;
  const onKey = (e) => keys?.(e);
  const onAlarms = () => refreshAlarms();
  document.addEventListener('keydown', onKey);
  cameraStore.addEventListener('change', showStatus);
  alarmStore.addEventListener('change', onAlarms);
  cameraStore.refresh().catch(() => {});
  if (params[0]) {
    single(params[0]);
  } else if (cameras.length === 0) {
    replace(el, h('h1', {}, 'Live view'), h('p', { class: 'empty' }, 'No cameras configured.'));
  } else {
    api.wall().catch(() => ({ layout: 4, cameras: [] })).then((wall) => {
      if (!unmounted) showWall(fitWall(wall, cameras), false);
    });
  }
  return () => {
    unmounted = true;
    stopStream();
    document.removeEventListener('keydown', onKey);
    cameraStore.removeEventListener('change', showStatus);
    alarmStore.removeEventListener('change', onAlarms);
  };
}
