// SPDX-License-Identifier: Apache-2.0
// The console's shell: login, the header (pages allowed to the role, London clock, sound,
// user, logout), hash routing between pages, and the server-sent event stream that keeps the
// alarm list and camera states live on every page.

import { api, setCsrf, setUnauthorizedHandler } from './api.js';
import { h, replace, toast } from './dom.js';
import { clockNow } from './format.js';
import { isMuted, needsClick, onSoundState, repeatWhile, setMuted, unlock } from './sound.js';
import { alarmStore, mountAlarms } from './alarms.js';
import { mountIncidents } from './incidents.js';
import { mountLive } from './live.js';
import { cameraStore, mountCameras } from './cameras.js';
import { mountTasking } from './tasking.js';
import { mountExports } from './exports.js';
import { mountAdmin } from './admin.js';
import { mountPlayback } from './playback.js';

const STAFF = ['operator', 'supervisor', 'admin'];
const PAGES = {
  alarms: { title: 'Alarms', roles: STAFF, mount: mountAlarms },
  incidents: { title: 'Incidents', roles: STAFF, mount: mountIncidents },
  live: { title: 'Live view', roles: STAFF, mount: mountLive },
  playback: { title: 'Playback', roles: STAFF, mount: mountPlayback },
  cameras: { title: 'Cameras', roles: STAFF, mount: mountCameras },
  exports: { title: 'Exports', roles: ['police', 'supervisor', 'admin'], mount: mountExports },
  tasking: { title: 'Tasking', roles: ['ljag', 'supervisor', 'admin'], mount: mountTasking },
  admin: { title: 'Admin', roles: ['admin'], mount: mountAdmin },
};

// What every page gets: the session, the lists from /api/meta and name look-ups.
const ctx = {
  session: null,
  meta: null,
  cameraName(id) {
    const c = this.meta?.cameras.find((x) => x.id === id);
    return c ? `${c.name} (${c.id})` : id || '—';
  },
  siteName(id) {
    return this.meta?.sites.find((x) => x.id === id)?.name || id || '—';
  },
};

const $ = (id) => document.getElementById(id);
let stream = null;
let unmountPage = null;
let clockTimer = null;

function allowed(name) {
  return PAGES[name]?.roles.includes(ctx.session?.role);
}

// ---- login ------------------------------------------------------------------------------

function showLogin(message = '') {
  stopSession();
  $('app').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message;
  $('login-password').value = '';
  $('login-user').focus();
}

async function onLoginSubmit(event) {
  event.preventDefault();
  unlock();  // a user gesture: lets the alarm beep play later
  const button = $('login-submit');
  button.disabled = true;
  $('login-error').textContent = '';
  try {
    const session = await api.login($('login-user').value.trim(), $('login-password').value);
    sessionStorage.removeItem('cctv.heldDismissed');  // a new login shows its held alarms
    await enter(session, session.held_alarms || 0);
  } catch (err) {
    $('login-error').textContent = err.status === 401 ? 'Wrong user name or password.' : err.message;
    $('login-password').select();
  } finally {
    button.disabled = false;
  }
}

// ---- session ----------------------------------------------------------------------------

async function enter(session, heldAlarms) {
  setCsrf(session.csrf);
  ctx.session = session;
  ctx.meta = await api.meta();
  $('login').hidden = true;
  $('app').hidden = false;
  replace($('who'), h('span', { class: 'user' }, session.user), ' ', h('span', { class: 'role' }, session.role));
  buildNav();
  startClock();
  showSound();
  if (STAFF.includes(session.role)) {
    startStream();
    alarmStore.refresh().then(() => {
      if (heldAlarms === null) showHeldBanner(alarmStore.held);
    }).catch((err) => toast(err.message, 'error'));
  }
  if (heldAlarms) {
    showHeldBanner(heldAlarms);
    history.replaceState(null, '', '#/alarms');
  }
  route();
}

function stopSession() {
  stream?.close();
  stream = null;
  unmountPage?.();
  unmountPage = null;
  clearInterval(clockTimer);
  ctx.session = null;
  alarmStore.reset();
  $('held-banner').hidden = true;
  $('conn').hidden = true;
  showSound();
}

async function logout() {
  try {
    await api.logout();
  } catch {
    // Logged out on this side whatever the server said.
  }
  sessionStorage.removeItem('cctv.heldDismissed');
  showLogin('');
}

function showHeldBanner(count) {
  if (!count || sessionStorage.getItem('cctv.heldDismissed') === '1') return;
  const word = count === 1 ? 'alarm' : 'alarms';
  $('held-text').textContent = `${count} ${word} raised while the control room was unstaffed`;
  $('held-banner').hidden = false;
}

// ---- live updates -----------------------------------------------------------------------

function startStream() {
  stream?.close();
  const source = new EventSource('/api/stream');
  stream = source;
  source.addEventListener('open', () => {
    $('conn').hidden = true;
    alarmStore.refresh().catch(() => {});  // anything missed while disconnected
  });
  source.addEventListener('incident', (e) => parse(e, (i) => alarmStore.upsert(i)));
  source.addEventListener('camera', (e) => parse(e, (c) => cameraStore.upsert(c)));
  source.addEventListener('error', () => {
    $('conn').hidden = false;
    if (source.readyState !== EventSource.CLOSED || stream !== source) return;
    // The server refused the stream (e.g. the session ended): check, then start again.
    setTimeout(async () => {
      if (stream !== source) return;
      try {
        await api.session();
        startStream();
      } catch (err) {
        if (err.status === 401) showLogin('Your session has ended; please log in again.');
        else setTimeout(() => stream === source && startStream(), 5000);
      }
    }, 2000);
  });
}

function parse(event, fn) {
  try {
    fn(JSON.parse(event.data));
  } catch (err) {
    console.warn('bad stream message', err);
  }
}

// ---- header and routing -----------------------------------------------------------------

function buildNav() {
  const links = Object.entries(PAGES).filter(([name]) => allowed(name)).map(([name, page]) =>
    h('a', { href: `#/${name}`, 'data-page': name }, page.title,
      name === 'alarms' ? h('span', { class: 'count', id: 'alarm-count', hidden: true }) : null));
  replace($('nav'), links);
}

function startClock() {
  const tick = () => { $('clock').textContent = clockNow(); };
  tick();
  clearInterval(clockTimer);
  clockTimer = setInterval(tick, 1000);
}

function route() {
  if (!ctx.session) return;
  const [name, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  if (!allowed(name)) {
    const first = Object.keys(PAGES).find(allowed);
    if (location.hash !== `#/${first}`) {
      location.replace(`#/${first}`);
      return;
    }
  }
  unmountPage?.();
  const page = $('page');
  page.replaceChildren();
  for (const a of $('nav').querySelectorAll('a')) {
    a.toggleAttribute('aria-current', a.dataset.page === name);
  }
  pageTitle = `${PAGES[name].title} — CCTV console`;
  updateAlarmCount();
  unmountPage = PAGES[name].mount(page, ctx, rest.map(decodeURIComponent)) || null;
}

// The nav badge and the window title carry the number of open alarms, so a console on another
// screen or tab still shows them.
let pageTitle = 'CCTV console';

function updateAlarmCount() {
  const n = alarmStore.count();
  document.title = n > 0 ? `(${n}) ${pageTitle}` : pageTitle;
  const badge = $('alarm-count');
  if (!badge) return;
  badge.textContent = String(n);
  badge.hidden = n === 0;
}

// The mute button says what the operator will hear; while the browser holds sound back until a
// click (after a reload), a banner asks for that click.
function showSound() {
  const mute = $('mute');
  mute.textContent = isMuted() ? 'Sound off' : needsClick() ? 'Sound on (click to allow)' : 'Sound on';
  mute.setAttribute('aria-pressed', String(!isMuted()));
  $('sound-banner').hidden = !(STAFF.includes(ctx.session?.role) && needsClick());
}

function init() {
  $('login-form').addEventListener('submit', onLoginSubmit);
  $('logout').addEventListener('click', logout);
  $('held-dismiss').addEventListener('click', () => {
    sessionStorage.setItem('cctv.heldDismissed', '1');
    $('held-banner').hidden = true;
  });
  $('mute').addEventListener('click', () => { setMuted(!isMuted()); unlock(); });
  $('sound-allow').addEventListener('click', unlock);
  onSoundState(showSound);
  unlock();  // starts the audio at once where the browser allows it; else the banner asks for a click
  repeatWhile(() => ctx.session && alarmStore.needsAttention());
  document.addEventListener('pointerdown', unlock, { passive: true });
  document.addEventListener('keydown', unlock);
  window.addEventListener('hashchange', () => {
    route();
    $('page').focus({ preventScroll: true });  // keyboard and screen-reader users start on the new page
  });
  alarmStore.addEventListener('change', updateAlarmCount);
  setUnauthorizedHandler(() => showLogin('Your session has ended; please log in again.'));

  api.session().then((s) => enter(s, null)).catch((err) => {
    showLogin(err.status === 401 ? '' : err.message);
  });
}

init();
