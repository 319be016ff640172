// SPDX-License-Identifier: Apache-2.0
// Camera health: the camera store (from /api/cameras, kept live by the event stream) and the
// Cameras page, a table of every camera's state, frame rates, drops, last frame and outages.

import { api } from './api.js';
import { h, replace, toast } from './dom.js';
import { age, label, localTime } from './format.js';

class CameraStore extends EventTarget {
  #items = new Map();
  #timer = null;

  async refresh() {
    const { cameras } = await api.cameras();
    this.#items = new Map(cameras.map((c) => [c.id, c]));
    this.dispatchEvent(new Event('change'));
  }

  // The stream sends every camera every few seconds: one 'change' per burst, not per camera.
  upsert(camera) {
    this.#items.set(camera.id, { ...this.#items.get(camera.id), ...camera });
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      this.dispatchEvent(new Event('change'));
    }, 100);
  }

  get(id) {
    return this.#items.get(id);
  }

  all() {
    return [...this.#items.values()];
  }
}

export const cameraStore = new CameraStore();

const STATE_ORDER = { offline: 0, degraded: 1, unknown: 2, online: 3 };

export function stateBadge(camera) {
  const state = camera?.state || 'unknown';
  return h('span', { class: `badge cam-${state}`, 'data-state': state }, label(state));
}

export function lastFrame(camera) {
  return camera?.last_frame_at ? `${localTime(camera.last_frame_at)} (${age(camera.last_frame_at)})` : 'no frames yet';
}

const fps = (v) => (typeof v === 'number' ? v.toFixed(1) : '—');

function row(c, ctx) {
  return h('tr', { class: `cam-row cam-row-${c.state}`, dataset: { camera: c.id } },
    h('td', {}, h('a', { href: `#/live/${encodeURIComponent(c.id)}` }, c.name || c.id), h('div', { class: 'muted small' }, c.id)),
    h('td', {}, ctx.siteName(c.site)),
    h('td', {}, stateBadge(c), c.tamper && h('span', { class: 'badge cam-tampered', 'data-tamper': c.tamper }, `Tamper: ${c.tamper}`)),
    h('td', { class: 'num' }, fps(c.fps_in)),
    h('td', { class: 'num' }, fps(c.fps_out)),
    h('td', { class: 'num' }, String(c.frames_dropped ?? '—')),
    h('td', {}, lastFrame(c)),
    h('td', { class: 'num' }, String(c.outages_24h ?? '—')));
}

export function mountCameras(el, ctx) {
  const body = h('tbody');
  const summary = h('span', { class: 'muted' });
  replace(el,
    h('div', { class: 'page-head' }, h('h1', {}, 'Cameras'), summary),
    h('table', { class: 'table', id: 'camera-table' },
      h('thead', {}, h('tr', {}, ['Camera', 'Site', 'State', 'FPS in', 'FPS out', 'Dropped frames', 'Last frame', 'Outages (24 h)']
        .map((t) => h('th', { scope: 'col' }, t)))), body));

  const render = () => {
    const cameras = cameraStore.all().sort((a, b) =>
      (STATE_ORDER[a.state] ?? 2) - (STATE_ORDER[b.state] ?? 2) || a.id.localeCompare(b.id));
    replace(body, cameras.map((c) => row(c, ctx)));
    const down = cameras.filter((c) => c.state !== 'online').length;
    summary.textContent = `${cameras.length} cameras · ${down} not online`;
  };
  const refresh = () => cameraStore.refresh().catch((err) => toast(err.message, 'error'));
  cameraStore.addEventListener('change', render);
  render();
  refresh();
  const timer = setInterval(refresh, 15000);  // fps and "ago" move even without events
  return () => {
    cameraStore.removeEventListener('change', render);
    clearInterval(timer);
  };
}
