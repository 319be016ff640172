// SPDX-License-Identifier: Apache-2.0
// The alarm list: open alarm and camera incidents, kept live by the event stream. The store
// lives for the whole session (so a new alarm beeps on any page); the page renders it.

import { api } from './api.js';
import { h, replace, safeUrl } from './dom.js';
import { age, duration, label, localTime } from './format.js';
import { beep } from './sound.js';
import { acknowledgeSelected, filterBar, loadFilters, repeatKey, rowsOf } from './alarm_tools.js';
import { actions, workflowButtons } from './workflow.js';
import { footageLinks } from './playback.js';

const isOpenAlarm = (i) => i.state !== 'closed' && (i.kind === 'alarm' || i.kind === 'camera');

// The server's order: held (raised while unstaffed, still unacknowledged) first, then active
// (still going on), then new before acknowledged, then priority 1..4, then newest.
function compare(a, b) {
  const held = (i) => (i.held && i.state === 'new' ? 0 : 1);
  const active = (i) => (i.alarm_active ? 0 : 1);
  const fresh = (i) => (i.state === 'new' ? 0 : 1);
  return held(a) - held(b) || active(a) - active(b) || fresh(a) - fresh(b) || a.priority - b.priority ||
    Date.parse(b.started_at) - Date.parse(a.started_at);
}

class AlarmStore extends EventTarget {
  #items = new Map();
  #loaded = false;
  #pending = null;  // stream updates that arrive while a refresh is in flight
  #inflight = null;
  #again = false;
  #generation = 0;  // bumped at logout, so a read still in flight is dropped
  held = 0;

  reset() {
    this.#generation++;
    this.#items.clear();
    this.#loaded = false;
    this.held = 0;
    this.#changed([]);
  }

  // Re-reads the open alarms; calls while one is in flight fold into one more read after it.
  refresh() {
    if (this.#inflight) {
      this.#again = true;
      return this.#inflight;
    }
    this.#inflight = (async () => {
      try {
        do {
          this.#again = false;
          await this.#load();
        } while (this.#again);
      } finally {
        this.#inflight = null;
      }
    })();
    return this.#inflight;
  }

  async #load() {
    this.#pending = [];
    const generation = this.#generation;
    try {
      const reply = await api.alarms();
      if (generation !== this.#generation) return;
      const fresh = reply.alarms.filter(isOpenAlarm);
      const added = this.#loaded ? fresh.filter((a) => !this.#items.has(a.id)).map((a) => a.id) : [];
      this.#items = new Map(fresh.map((a) => [a.id, a]));
      this.held = reply.held_alarms || 0;
      this.#loaded = true;
      const pending = this.#pending;
      this.#pending = null;
      this.#changed(added);
      for (const incident of pending) this.upsert(incident);
    } finally {
      this.#pending = null;
    }
  }

  // Every incident from the stream or a workflow step comes through here; pages showing one
  // incident listen for 'incident'.
  upsert(incident) {
    this.#pending?.push(incident);
    this.dispatchEvent(new CustomEvent('incident', { detail: incident }));
    const had = this.#items.has(incident.id);
    if (!isOpenAlarm(incident)) {
      if (had) this.#items.delete(incident.id);
      if (had) this.#changed([]);
      return;
    }
    this.#items.set(incident.id, incident);
    this.#changed(had || !this.#loaded ? [] : [incident.id]);
  }

  sorted() {
    return [...this.#items.values()].sort(compare);
  }

  count() {
    return this.#items.size;
  }

  // An alarm still going on that nobody has acknowledged: the tone repeats while there is one.
  needsAttention() {
    return [...this.#items.values()].some((i) => i.state === 'new' && i.alarm_active);
  }

  get loaded() {
    return this.#loaded;
  }

  #changed(added) {
    if (added.length) beep();
    this.dispatchEvent(new CustomEvent('change', { detail: { added } }));
  }
}

export const alarmStore = new AlarmStore();

// A test alarm (cctv inject-alarms) says so wherever an incident is shown.
export function testBadge(i) {
  return i.test ? h('span', { class: 'badge badge-test', title: 'Test alarm: not a real incident' }, 'TEST') : null;
}

function measure(i) {
  if (i.tamper_kind) return `View ${i.tamper_kind}`;
  if (i.category === 'crowding' || i.max_count > 0) return `Count ${i.max_count}`;
  if (i.max_dwell_s > 0) return `Dwell ${duration(i.max_dwell_s)}`;
  return '';
}

// A camera tamper's reference: the view as it was before, beside the tampered one.
function referenceThumb(i) {
  const url = safeUrl(i.reference_thumbnail_url);
  return url && h('img', { class: 'reference', src: url, alt: 'Reference view before the tamper',
    title: 'Before (reference view)', width: 56, height: 32, loading: 'lazy' });
}

// One compact line per alarm (20+ on a 1080p screen). `row.groupSize` > 1: it stands for that
// many repeats of its zone, folded; `row.repeat`: one of an unfolded group.
function alarmRow(row, ctx, view) {
  const i = row.incident;
  const url = safeUrl(i.thumbnail_url);
  const done = (updated) => alarmStore.upsert(updated);
  const ids = row.members.map((m) => m.id);
  const select = h('input', { type: 'checkbox', class: 'select', 'aria-label': `Select ${label(i.category)} alarm`,
    checked: ids.every((id) => view.selected.has(id)) });
  select.addEventListener('change', () => view.select(ids, select.checked));
  const key = repeatKey(i);
  return h('article', {
    class: `alarm p${i.priority} state-${i.state}${i.held ? ' held' : ''}${row.repeat ? ' repeat' : ''}`, role: 'listitem', tabindex: 0,
    dataset: { id: i.id, startedAt: i.started_at, category: i.category, state: i.state, test: String(Boolean(i.test)),
      active: String(Boolean(i.alarm_active)), repeats: String(row.groupSize || 1) },
  },
  select,
  h('div', { class: 'thumb' }, url
    ? h('img', { src: url, alt: `Snapshot of ${label(i.category)}`, width: 56, height: 32, loading: 'lazy' })
    : h('span', { class: 'no-thumb' }, '—'),
    referenceThumb(i)),
  h('span', { class: `prio prio-${i.priority}`, title: 'Priority (1 is highest)' }, `P${i.priority}`),
  h('strong', { class: 'category' }, label(i.category)),
  h('span', { class: 'badges' },
    testBadge(i),
    i.alarm_active && h('span', { class: 'badge badge-active' }, 'ALARM ACTIVE'),
    h('span', { class: `badge badge-${i.state}` }, label(i.state)),
    i.held && h('span', { class: 'badge badge-held' }, 'Raised while unstaffed'),
    row.groupSize > 1 && h('button', { type: 'button', class: 'btn btn-link repeats', 'aria-expanded': String(view.expanded.has(key)),
      onclick: () => view.toggle(key) }, `×${row.groupSize} in this zone`)),
  h('span', { class: 'where' },
    h('span', { class: 'camera' }, ctx.cameraName(i.camera)), ' · ', ctx.siteName(i.site), i.zone && ` · ${i.zone}`),
  h('span', { class: 'when' },
    h('time', { datetime: i.started_at }, localTime(i.started_at)),
    ' · ', h('span', { 'data-age': i.started_at }, age(i.started_at)),
    measure(i) && ` · ${measure(i)}`,
    i.acknowledged_by && ` · ack ${i.acknowledged_by}`, i.assigned_to && ` · → ${i.assigned_to}`),
  workflowButtons(i, ctx, done),
  footageLinks(i.camera, i.started_at),
  h('a', { class: 'btn btn-link', href: `#/incidents/${encodeURIComponent(i.id)}` }, 'Details'));
}

const KEYS = { a: 'acknowledge', s: 'assign', n: 'note', c: 'close' };

export function mountAlarms(el, ctx) {
  const list = h('div', { class: 'alarm-list', role: 'list', id: 'alarm-list' });
  const empty = h('p', { class: 'empty' }, 'No open alarms.');
  const summary = h('span', { class: 'muted', id: 'alarm-summary' });
  const filters = loadFilters();
  const grouping = h('input', { type: 'checkbox', id: 'group-repeats', checked: true });
  const selectAll = h('input', { type: 'checkbox', id: 'select-all', 'aria-label': 'Select every alarm shown' });
  const bulk = h('button', { type: 'button', class: 'btn btn-primary btn-small', id: 'acknowledge-selected', disabled: true });
  const rows = new Map();  // id -> {json, el}
  let shown = [];  // the rows rendered last
  const view = {
    selected: new Set(),
    expanded: new Set(),
    select(ids, on) { for (const id of ids) if (on) view.selected.add(id); else view.selected.delete(id); render([]); },
    toggle(key) { if (!view.expanded.delete(key)) view.expanded.add(key); render([]); },
  };
  replace(el,
    h('div', { class: 'page-head alarm-head' }, h('h1', {}, 'Alarms'), summary,
      filterBar(ctx, filters, () => render([])),
      h('label', { class: 'toggle', for: 'group-repeats' }, grouping, ' Group repeats'),
      h('label', { class: 'toggle', for: 'select-all' }, selectAll, ' All'), bulk,
      h('span', { class: 'muted keys', title: 'Keys: ↑/↓ move · A acknowledge · S assign · N note · C close · Enter details' }, 'Keys: ↑↓ A S N C Enter')),
    empty, list);
  grouping.addEventListener('change', () => render([]));
  selectAll.addEventListener('change', () => view.select(shown.flatMap((r) => r.members.map((m) => m.id)), selectAll.checked));
  bulk.addEventListener('click', () => acknowledgeSelected([...view.selected], () => {
    view.selected.clear();
    alarmStore.refresh().catch(() => {});
  }));

  function render(added) {
    const alarms = alarmStore.sorted();
    const open = new Set(alarms.map((a) => a.id));
    for (const id of view.selected) if (!open.has(id)) view.selected.delete(id);
    shown = rowsOf(alarms, filters, grouping.checked, view.expanded);
    const keep = new Set(shown.map((r) => r.incident.id));
    for (const [id, row] of rows) if (!keep.has(id)) { row.el.remove(); rows.delete(id); }
    shown.forEach((r, index) => {
      const incident = r.incident;
      const ids = r.members.map((m) => m.id);
      const json = JSON.stringify([incident, ids, r.groupSize, r.repeat, ids.every((id) => view.selected.has(id)),
        view.expanded.has(repeatKey(incident))]);
      let row = rows.get(incident.id);
      if (!row || row.json !== json) {
        const el2 = alarmRow(r, ctx, view);
        if (row) {
          el2.classList.toggle('unseen', row.el.classList.contains('unseen'));
          const hadFocus = row.el.contains(document.activeElement);
          row.el.replaceWith(el2);
          if (hadFocus) el2.focus();
        }
        row = { json, el: el2 };
        rows.set(incident.id, row);
      }
      if (added.includes(incident.id)) row.el.classList.add('flash', 'unseen');
      if (list.children[index] !== row.el) list.insertBefore(row.el, list.children[index] || null);
    });
    empty.hidden = shown.length > 0;
    list.toggleAttribute('data-loaded', alarmStore.loaded);
    const fresh = alarms.filter((a) => a.state === 'new').length;
    summary.textContent = `${alarms.length} open · ${fresh} unacknowledged` +
      (shown.length < alarms.length ? ` · ${shown.length} rows shown` : '');
    bulk.textContent = `Acknowledge selected (${view.selected.size})`;
    bulk.disabled = view.selected.size === 0;
    selectAll.checked = shown.length > 0 && shown.every((r) => r.members.every((m) => view.selected.has(m.id)));
  }

  const onChange = (e) => render(e.detail.added);
  alarmStore.addEventListener('change', onChange);
  render([]);

  list.addEventListener('focusin', (e) => e.target.closest('.alarm')?.classList.remove('unseen'));
  list.addEventListener('animationend', (e) => e.target.classList?.remove('flash'));
  list.addEventListener('keydown', (e) => {
    const row = e.target.closest?.('.alarm');
    if (!row || e.target !== row || e.altKey || e.ctrlKey || e.metaKey) return;
    const incident = alarmStore.sorted().find((a) => a.id === row.dataset.id);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      (e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling)?.focus();
    } else if (e.key === 'Enter') {
      location.hash = `#/incidents/${encodeURIComponent(row.dataset.id)}`;
    } else if (KEYS[e.key.toLowerCase()] && incident) {
      actions[KEYS[e.key.toLowerCase()]](incident, ctx, (u) => alarmStore.upsert(u));
    } else {
      return;
    }
    e.preventDefault();
  });

  const timer = setInterval(() => {
    for (const span of list.querySelectorAll('[data-age]')) span.textContent = age(span.dataset.age);
  }, 15000);
  return () => {
    alarmStore.removeEventListener('change', onChange);
    clearInterval(timer);
  };
}
