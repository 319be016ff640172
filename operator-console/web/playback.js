// SPDX-License-Identifier: Apache-2.0
// Playback of recorded footage (#/playback[/<camera>/<UTC ISO time>]): a camera and a UK date
// and time, a timeline bar of the recorded spans, gaps, incidents and alarm markers around that
// time (click anywhere, or on a marker, to go there), and a player with play/pause, frame
// steps and x1-x8 speed. The player plays cuts of WINDOW_MS from the server (MP4, moov first,
// fetched in ranges); each cut starts at a keyframe, whose wall-clock time the server gives in
// X-Playback-Start, so the time shown is the recording's own. Opening a cut is audited.

import { api } from './api.js';
import { h, replace, toast } from './dom.js';
import { label, londonToUtc } from './format.js';

const WINDOW_MS = 5 * 60 * 1000;
const PRE_ALARM_MS = 10 * 1000;
const ZOOMS = [[24 * 3600 * 1000, '24 h'], [3600 * 1000, '1 h'], [10 * 60 * 1000, '10 min']];
const SPEEDS = [1, 2, 4, 8];
const EXPORTERS = ['police', 'supervisor', 'admin'];

const ukFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', day: '2-digit', month: '2-digit', year: 'numeric',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
});
// "12/11/2026 14:03:12 GMT"
export const ukTime = (ms) => ukFormat.format(ms).replace(',', '');

// The Playback page at `iso` minus `beforeMs` on `camera`.
export function playbackHref(camera, iso, beforeMs = PRE_ALARM_MS) {
  const at = new Date(Date.parse(iso) - beforeMs).toISOString();
  return `#/playback/${encodeURIComponent(camera)}/${encodeURIComponent(at)}`;
}

// "Live" and "Playback at alarm time - 10 s" for an alarm or incident.
export function footageLinks(camera, iso) {
  if (!camera || Number.isNaN(Date.parse(iso ?? ''))) return null;
  return h('span', { class: 'footage-links' },
    h('a', { class: 'btn btn-link', href: `#/live/${encodeURIComponent(camera)}` }, 'Live'),
    // Short, so an alarm stays one row (20+ on a 1080p screen); the full meaning in the title.
    h('a', { class: 'btn btn-link footage-playback', href: playbackHref(camera, iso),
      title: 'Playback at alarm time - 10 s', 'aria-label': 'Playback at alarm time - 10 s' }, 'Replay -10 s'));
}

// "dd/mm/yyyy" and "hh:mm[:ss]" (UK time) -> ms, or NaN.
function parseUk(date, time) {
  const d = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(date.trim());
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time.trim());
  if (!d || !t) return NaN;
  const p = (n) => String(n).padStart(2, '0');
  return Date.parse(londonToUtc(`${d[3]}-${p(d[2])}-${p(d[1])}T${p(t[1])}:${t[2]}:${t[3] ?? '00'}`) ?? '');
}

export function mountPlayback(el, ctx, [cameraArg, atArg] = []) {
  const cameras = ctx.meta.cameras;
  const start = Date.parse(atArg ?? '');
  const s = {
    camera: cameras.some((c) => c.id === cameraArg) ? cameraArg : cameras[0]?.id,
    position: Number.isNaN(start) ? Date.now() - WINDOW_MS : start,
    zoom: ZOOMS[0][0], barFrom: 0, timeline: null, cut: null, playing: true, frameS: 0.1, alive: true,
  };
  const video = h('video', { id: 'pb-video', class: 'pb-video', muted: true, playsinline: true, preload: 'auto' });
  video.muted = true;
  const bar = h('div', { id: 'pb-timeline', class: 'pb-bar', title: 'Click to go to that time' });
  const scale = h('div', { class: 'pb-scale' });
  const position = h('span', { id: 'pb-position', class: 'pb-position', 'aria-live': 'off' });
  const status = h('p', { id: 'pb-status', class: 'muted', role: 'status' });
  const cameraSelect = h('select', { id: 'pb-camera' }, cameras.map((c) => h('option', { value: c.id, selected: c.id === s.camera }, `${c.name} (${c.id})`)));
  const dateInput = h('input', { id: 'pb-date', inputmode: 'numeric', placeholder: 'dd/mm/yyyy', size: 10, 'aria-label': 'Date (dd/mm/yyyy, UK)' });
  const timeInput = h('input', { id: 'pb-time', inputmode: 'numeric', placeholder: 'hh:mm:ss', size: 8, 'aria-label': 'Time (hh:mm:ss, UK)' });
  const zoomSelect = h('select', { id: 'pb-zoom', 'aria-label': 'Timeline span' }, ZOOMS.map(([ms, text]) => h('option', { value: ms }, text)));
  const playButton = h('button', { type: 'button', class: 'btn', id: 'pb-play' }, 'Pause');
  const speedButtons = SPEEDS.map((x) => h('button', { type: 'button', class: 'btn btn-small pb-speed', dataset: { rate: x }, 'aria-pressed': String(x === 1) }, `x${x}`));
  const exportLink = h('a', { class: 'btn', id: 'pb-export', hidden: !EXPORTERS.includes(ctx.session.role) }, 'Export this window');

  const form = h('form', { class: 'pb-form' },
    h('label', { for: 'pb-camera' }, 'Camera'), cameraSelect,
    h('label', { for: 'pb-date' }, 'Date'), dateInput,
    h('label', { for: 'pb-time' }, 'Time (UK)'), timeInput,
    h('button', { type: 'submit', class: 'btn btn-primary', id: 'pb-go' }, 'Go'),
    h('label', { for: 'pb-zoom' }, 'Timeline'), zoomSelect);
  replace(el, h('h1', {}, 'Playback'), form,
    h('div', { class: 'pb-player' }, video),
    bar, scale,
    h('div', { class: 'pb-buttons' },
      h('button', { type: 'button', class: 'btn', id: 'pb-step-back', title: 'Back one frame' }, '◀ Step'),
      playButton,
      h('button', { type: 'button', class: 'btn', id: 'pb-step-forward', title: 'Forward one frame' }, 'Step ▶'),
      h('span', { class: 'pb-speeds', role: 'group', 'aria-label': 'Speed' }, speedButtons),
      position, exportLink),
    status);

  const toPercent = (ms) => `${((ms - s.barFrom) / s.zoom) * 100}%`;
  const clampedWidth = (a, b) => {
    const from = Math.max(a, s.barFrom);
    const to = Math.min(b, s.barFrom + s.zoom);
    return to > from ? `${((to - from) / s.zoom) * 100}%` : null;
  };
  function block(cls, a, b, title) {
    const width = clampedWidth(a, b);
    if (!width) return null;
    const div = h('div', { class: cls, title });
    div.style.left = toPercent(Math.max(a, s.barFrom));
    div.style.width = width;
    return div;
  }

  function drawBar() {
    const t = s.timeline;
    const playhead = h('div', { class: 'pb-playhead', id: 'pb-playhead' });
    const parts = [];
    if (t) {
      for (const x of t.spans) parts.push(block('pb-span', Date.parse(x.from), Date.parse(x.to), `Recorded ${ukTime(Date.parse(x.from))} – ${ukTime(Date.parse(x.to))}`));
      for (const x of t.gaps) parts.push(block('pb-gap', Date.parse(x.from), Date.parse(x.to), `No recording ${ukTime(Date.parse(x.from))} – ${ukTime(Date.parse(x.to))}`));
      for (const i of t.incidents) {
        const a = Date.parse(i.started_at);
        parts.push(block('pb-incident', a, i.ended_at ? Date.parse(i.ended_at) : Date.now(), `Incident: ${label(i.category)}`));
      }
      for (const e of t.events) {
        if (e.phase !== 'start' && e.phase !== 'instant') continue;
        const at = Date.parse(e.ts);
        const text = `${label(e.type)}${e.test ? ' (test)' : ''} at ${ukTime(at)}`;
        const marker = h('button', { type: 'button', class: 'pb-marker', title: text, 'aria-label': text, dataset: { ts: e.ts } });
        marker.style.left = toPercent(at);
        marker.addEventListener('click', (ev) => { ev.stopPropagation(); seek(at); });
        parts.push(marker);
      }
    }
    replace(bar, parts, playhead);
    replace(scale, h('span', {}, ukTime(s.barFrom)), h('span', {}, ukTime(s.barFrom + s.zoom)));
    showPosition();
  }

  function showPosition() {
    position.textContent = ukTime(s.position);
    const head = bar.querySelector('#pb-playhead');
    if (head) head.style.left = toPercent(Math.min(Math.max(s.position, s.barFrom), s.barFrom + s.zoom));
    const p = ukTime(s.position).split(' ');
    if (document.activeElement !== dateInput) dateInput.value = p[0];
    if (document.activeElement !== timeInput) timeInput.value = p[1];
  }

  async function loadTimeline() {
    s.barFrom = s.position - s.zoom / 2;
    const q = new URLSearchParams({ from: new Date(s.barFrom).toISOString(), to: new Date(s.barFrom + s.zoom).toISOString() });
    try {
      s.timeline = await api.timeline(s.camera, q);
    } catch (err) {
      s.timeline = null;
      toast(err.message, 'error');
    }
    if (s.alive) drawBar();
  }

  // Plays from `ms`: within the cut loaded, a seek; otherwise a new cut starting there.
  async function seek(ms) {
    s.position = ms;
    showPosition();
    const cut = s.cut;
    if (cut && ms >= cut.start && ms < cut.end) {
      video.currentTime = (ms - cut.start) / 1000;
      if (s.playing) video.play().catch(() => {});
      return;
    }
    await loadCut(ms);
  }

  async function loadCut(ms) {
    const q = new URLSearchParams({ from: new Date(ms).toISOString(), to: new Date(ms + WINDOW_MS).toISOString() });
    const url = `/api/cameras/${encodeURIComponent(s.camera)}/playback?${q}`;
    status.textContent = `Loading ${ukTime(ms)}…`;
    const answer = await fetch(url, { method: 'HEAD', credentials: 'same-origin', cache: 'no-store' }).catch(() => null);
    if (!s.alive) return;
    if (!answer?.ok) {
      s.cut = null;
      video.removeAttribute('src');
      video.load();
      status.textContent = answer?.status === 404
        ? `No recording from ${ukTime(ms)} for ${WINDOW_MS / 60000} minutes.`
        : `Playback failed (${answer ? `HTTP ${answer.status}` : 'no answer'}).`;
      return;
    }
    s.cut = { start: Date.parse(answer.headers.get('X-Playback-Start')), end: Date.parse(answer.headers.get('X-Playback-End')) };
    exportLink.href = `#/exports/new/${encodeURIComponent(s.camera)}/${new Date(s.cut.start).toISOString()}/${new Date(s.cut.end).toISOString()}`;
    video.dataset.start = new Date(s.cut.start).toISOString();  // the wall clock of time 0
    video.src = url;
    video.addEventListener('loadedmetadata', () => {
      video.currentTime = Math.max(0, (ms - s.cut.start) / 1000);
      video.playbackRate = currentRate();
      if (s.playing) video.play().catch(() => {});
      status.textContent = `Playing the recording from ${ukTime(s.cut.start)} to ${ukTime(s.cut.end)}.`;
    }, { once: true });
  }

  const currentRate = () => Number(speedButtons.find((b) => b.getAttribute('aria-pressed') === 'true')?.dataset.rate || 1);

  function onFrame(_now, meta) {
    if (!s.alive) return;
    if (s.cut) {
      const step = meta.mediaTime - (s.lastMediaTime ?? meta.mediaTime);
      if (step > 0.005 && step < 1 && video.playbackRate === 1) s.frameS = step;
      s.lastMediaTime = meta.mediaTime;
    }
    video.requestVideoFrameCallback?.(onFrame);
  }
  video.requestVideoFrameCallback?.(onFrame);
  video.addEventListener('timeupdate', () => {
    if (!s.cut) return;
    s.position = s.cut.start + video.currentTime * 1000;
    if (s.position < s.barFrom || s.position > s.barFrom + s.zoom) loadTimeline();
    else showPosition();
  });
  video.addEventListener('ended', () => {
    if (s.cut && s.cut.end < Date.now() - 1000) loadCut(s.cut.end);  // carry on into the next cut
  });

  function setPlaying(on) {
    s.playing = on;
    playButton.textContent = on ? 'Pause' : 'Play';
    if (on) video.play().catch(() => {});
    else video.pause();
  }
  playButton.addEventListener('click', () => setPlaying(!s.playing));
  const step = (frames) => () => {
    setPlaying(false);
    video.currentTime = Math.max(0, video.currentTime + frames * s.frameS);
  };
  el.querySelector('#pb-step-back').addEventListener('click', step(-1));
  el.querySelector('#pb-step-forward').addEventListener('click', step(1));
  for (const b of speedButtons) {
    b.addEventListener('click', () => {
      for (const o of speedButtons) o.setAttribute('aria-pressed', String(o === b));
      video.playbackRate = Number(b.dataset.rate);
    });
  }
  bar.addEventListener('click', (e) => {
    const r = bar.getBoundingClientRect();
    seek(s.barFrom + ((e.clientX - r.left) / r.width) * s.zoom);
  });
  zoomSelect.addEventListener('change', () => { s.zoom = Number(zoomSelect.value); loadTimeline(); });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const at = parseUk(dateInput.value, timeInput.value);
    if (Number.isNaN(at)) {
      toast('Give the date as dd/mm/yyyy and the time as hh:mm or hh:mm:ss (UK time).', 'error');
      return;
    }
    s.camera = cameraSelect.value;
    s.position = at;
    s.cut = null;
    loadTimeline();
    seek(at);
  });
  cameraSelect.addEventListener('change', () => form.requestSubmit());

  if (s.camera) {
    loadTimeline();
    seek(s.position);
  } else {
    status.textContent = 'No cameras are configured.';
  }
  return () => {
    s.alive = false;
    video.pause();
    video.removeAttribute('src');
    video.load();
  };
}
