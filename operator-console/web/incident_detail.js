// SPDX-License-Identifier: Apache-2.0
// One incident: its fields, workflow buttons, clip, snapshots, notes, timeline and events.

import { api } from './api.js';
import { h, replace, safeUrl } from './dom.js';
import { duration, label, localTime, shortId } from './format.js';
import { alarmStore, testBadge } from './alarms.js';
import { workflowButtons } from './workflow.js';
import { footageLinks } from './playback.js';

const dash = (v) => (v === null || v === undefined || v === '' ? '—' : v);

function fields(i, ctx) {
  const rows = [
    ['Reference', i.id], ['Kind', label(i.kind)], ['Category', label(i.category)], ['State', label(i.state)],
    ['Priority', `P${i.priority}`], ['Camera', i.camera ? ctx.cameraName(i.camera) : '—'],
    ['Site', ctx.siteName(i.site)], ['Zone', dash(i.zone)],
    ['Started', localTime(i.started_at)], ['Ended', i.ended_at ? localTime(i.ended_at) : '—'],
    ['Alarm active', i.alarm_active ? 'Yes' : 'No'], ['Description', dash(i.description)],
    ['Action taken', dash(i.action_taken)], ['Police reference', dash(i.police_ref)],
    ['Assigned to', dash(i.assigned_to)],
    ['Acknowledged', i.acknowledged_by ? `${i.acknowledged_by}, ${localTime(i.acknowledged_at)}` : '—'],
    ['Closed', i.closed_by ? `${i.closed_by}, ${localTime(i.closed_at)}` : '—'], ['Outcome', dash(i.outcome)],
    ['Events', String(i.event_count ?? 0)],
  ];
  if (i.max_count > 0) rows.push(['Most people', String(i.max_count)]);
  if (i.max_dwell_s > 0) rows.push(['Longest dwell', duration(i.max_dwell_s)]);
  return h('dl', { class: 'fields' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', { 'data-field': k }, v)]));
}

function section(title, ...content) {
  return h('section', { class: 'panel' }, h('h2', {}, title), ...content);
}

function detailsText(details) {
  if (!details || typeof details !== 'object') return details ? String(details) : '';
  return Object.entries(details).filter(([, v]) => v !== '' && v !== null)
    .map(([k, v]) => `${label(k)}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · ');
}

function evidence(items) {
  const clip = items.find((e) => e.kind === 'clip' && safeUrl(e.url));
  const pictures = items.filter((e) => e.kind.startsWith('snapshot') && safeUrl(e.url));
  return [
    clip && section('Clip', h('video', { controls: true, preload: 'none', src: safeUrl(clip.url), class: 'clip' }),
      h('p', { class: 'muted small' }, `SHA-256 ${clip.sha256} · ${clip.bytes} bytes`)),
    pictures.length > 0 && section('Snapshots', h('div', { class: 'snapshots' }, pictures.map((e) =>
      h('figure', {},
        h('a', { href: safeUrl(e.url), target: '_blank', rel: 'noopener', title: 'Open full size (audited as a view)' },
          h('img', { src: safeUrl(e.thumbnail_url), alt: `${label(e.kind)} ${localTime(e.created_at)}`, loading: 'lazy' })),
        h('figcaption', { class: 'muted small' }, `${label(e.kind)} · ${localTime(e.created_at)}`))))),
  ];
}

function notes(history) {
  const rows = history.filter((r) => (r.action === 'note' && r.details?.text) || (r.action === 'closed' && r.details?.note));
  return section('Notes', rows.length === 0 ? h('p', { class: 'muted' }, 'No notes yet.')
    : h('ul', { class: 'notes', id: 'incident-notes' }, rows.map((r) => h('li', {},
      h('div', { class: 'muted small' }, `${localTime(r.ts)} · ${r.actor}${r.action === 'closed' ? ' (closing note)' : ''}`),
      h('p', { class: 'note-text' }, r.details.text ?? r.details.note)))));
}

function timeline(history) {
  return section('Timeline', h('ol', { class: 'timeline', id: 'incident-history' }, history.map((r) => h('li', {},
    h('time', { datetime: r.ts }, localTime(r.ts)), ' ',
    h('strong', {}, label(r.action)), ' ', h('span', { class: 'muted' }, `by ${r.actor || 'system'}`),
    detailsText(r.details) && h('div', { class: 'small' }, detailsText(r.details))))));
}

function events(list) {
  if (!list?.length) return null;
  const cells = (e) => typeof e === 'string' ? [e, '', '', '', '', '']
    : [localTime(e.ts), label(e.type), e.phase, dash(e.zone),
      e.count != null ? `${e.count} people` : e.dwell_s != null ? duration(e.dwell_s) : '', dash(e.severity)];
  return section('Events', h('table', { class: 'table' },
    h('thead', {}, h('tr', {}, ['Time', 'Type', 'Phase', 'Zone', 'Dwell / count', 'Severity'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, list.map((e) => h('tr', {}, cells(e).map((c) => h('td', {}, c)))))));
}

export function mountIncidentDetail(el, ctx, id) {
  let alive = true;
  replace(el, h('p', { class: 'muted' }, 'Loading…'));

  async function load() {
    try {
      const i = await api.incident(id);
      if (alive) render(i);
    } catch (err) {
      if (alive) replace(el, h('h1', {}, `Incident ${shortId(id)}`), h('p', { class: 'form-error', role: 'alert' }, err.message),
        h('a', { class: 'btn', href: '#/incidents' }, 'Back to incidents'));
    }
  }

  function render(i) {
    const done = (updated) => alarmStore.upsert(updated);  // reloads through onIncident
    replace(el,
      h('div', { class: 'page-head' },
        h('a', { class: 'btn btn-link', href: '#/incidents' }, '← Incidents'),
        h('h1', { title: i.id }, `Incident ${shortId(i.id)}: ${label(i.category)}`),
        h('span', { class: `badge badge-${i.state}`, id: 'incident-state' }, label(i.state)),
        testBadge(i),
        i.alarm_active && h('span', { class: 'badge badge-active' }, 'ALARM ACTIVE')),
      workflowButtons(i, ctx, done, { full: true }),
      footageLinks(i.camera, i.started_at),
      h('div', { class: 'detail-grid' },
        h('div', {}, section('Details', fields(i, ctx)), notes(i.history || [])),
        h('div', {}, evidence(i.evidence || []), timeline(i.history || []))),
      events(i.events));
  }

  let reloadTimer = null;
  const onIncident = (e) => {
    if (e.detail.id !== id) return;
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(load, 150);
  };
  alarmStore.addEventListener('incident', onIncident);
  load();
  return () => {
    alive = false;
    clearTimeout(reloadTimer);
    alarmStore.removeEventListener('incident', onIncident);
  };
}
