// SPDX-License-Identifier: Apache-2.0
// Live view: a camera wall and a single-camera view, both MJPEG (<img> on /live/<id>.mjpeg),
// with an overlay toggle (zones and tracks drawn by the server) and camera state badges.
//
// A browser keeps at most 6 HTTP/1.1 connections to one server, and each MJPEG stream holds
// one open (so does the event stream), so the wall shows WALL_SIZE cameras per page and every
// stream is closed when its image leaves the screen.

import { h, replace } from './dom.js';
import { cameraStore, lastFrame, stateBadge } from './cameras.js';

const WALL_SIZE = 4;
const OVERLAY_KEY = 'cctv.overlay';
const BLANK = 'data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==';

const overlayOn = () => localStorage.getItem(OVERLAY_KEY) === '1';
const streamUrl = (id, retry = 0) => {
  const q = new URLSearchParams();
  if (overlayOn()) q.set('overlay', '1');
  if (retry) q.set('retry', String(retry));
  const s = q.toString();
  return `/live/${encodeURIComponent(id)}.mjpeg${s ? `?${s}` : ''}`;
};

// One live image; `stop()` closes its stream. Retries every 5 s after an error.
function liveImage(camera, cls) {
  const img = h('img', { class: `live ${cls}`, alt: `Live view of ${camera.name}`, dataset: { camera: camera.id } });
  const note = h('span', { class: 'live-note', hidden: true }, 'No picture — retrying…');
  let stopped = false;
  let retry = 0;
  let timer = null;
  img.addEventListener('error', () => {
    if (stopped) return;
    note.hidden = false;
    timer = setTimeout(() => { if (!stopped) img.src = streamUrl(camera.id, ++retry); }, 5000);
  });
  img.addEventListener('load', () => { note.hidden = true; });
  img.src = streamUrl(camera.id);
  return {
    el: h('div', { class: 'live-frame' }, img, note),
    restart() { if (!stopped) img.src = streamUrl(camera.id, ++retry); },
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

export function mountLive(el, ctx, params) {
  const cameras = ctx.meta.cameras;
  const images = [];
  const statuses = new Map();  // camera id -> status element
  const stopAll = () => { images.splice(0).forEach((i) => i.stop()); };
  const showStatus = () => { for (const [id, s] of statuses) replace(s, status(cameras.find((c) => c.id === id))); };
  let page = 0;

  function wall() {
    stopAll();
    statuses.clear();
    const pages = Math.max(1, Math.ceil(cameras.length / WALL_SIZE));
    page = Math.min(Math.max(page, 0), pages - 1);
    const shown = cameras.slice(page * WALL_SIZE, (page + 1) * WALL_SIZE);
    const tiles = shown.map((c) => {
      const image = liveImage(c, 'tile-image');
      images.push(image);
      const s = h('div', { class: 'tile-status' }, status(c));
      statuses.set(c.id, s);
      return h('figure', { class: 'tile', dataset: { camera: c.id } },
        h('a', { class: 'tile-link', href: `#/live/${encodeURIComponent(c.id)}`, 'aria-label': `Open ${c.name}` }, image.el),
        h('figcaption', {}, h('strong', {}, c.name), h('span', { class: 'muted' }, ` ${c.id} · ${ctx.siteName(c.site)}`), s));
    });
    const pager = pages > 1 && h('div', { class: 'pager' },
      h('button', { type: 'button', class: 'btn', disabled: page === 0, onclick: () => { page--; wall(); } }, '← Previous'),
      h('span', {}, `Page ${page + 1} of ${pages}`),
      h('button', { type: 'button', class: 'btn', disabled: page === pages - 1, onclick: () => { page++; wall(); } }, 'Next →'));
    replace(el,
      h('div', { class: 'page-head' }, h('h1', {}, 'Live view'), overlayToggle(() => images.forEach((i) => i.restart())), pager),
      cameras.length === 0 ? h('p', { class: 'empty' }, 'No cameras configured.') : h('div', { class: 'wall', id: 'camera-wall' }, tiles));
    keys = (e) => {
      if (e.key === 'PageDown' && page < pages - 1) { page++; wall(); }
      else if (e.key === 'PageUp' && page > 0) { page--; wall(); }
    };
  }

  function single(id) {
    stopAll();
    statuses.clear();
    const camera = cameras.find((c) => c.id === id);
    if (!camera) {
      replace(el, h('h1', {}, 'Live view'), h('p', { class: 'form-error', role: 'alert' }, `No camera '${id}'.`),
        h('a', { class: 'btn', href: '#/live' }, 'Back to the wall'));
      return;
    }
    const index = cameras.indexOf(camera);
    const go = (d) => `#/live/${encodeURIComponent(cameras[(index + d + cameras.length) % cameras.length].id)}`;
    const image = liveImage(camera, 'single-image');
    images.push(image);
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

  let keys = null;
  const onKey = (e) => keys?.(e);
  document.addEventListener('keydown', onKey);
  cameraStore.addEventListener('change', showStatus);
  cameraStore.refresh().catch(() => {});
  if (params[0]) single(params[0]);
  else wall();
  return () => {
    stopAll();
    document.removeEventListener('keydown', onKey);
    cameraStore.removeEventListener('change', showStatus);
  };
}
