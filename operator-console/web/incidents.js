// SPDX-License-Identifier: Apache-2.0
// The incident log: search and filter, the "New incident" form, and (incident_detail.js) one
// incident. Routes: #/incidents, #/incidents/new, #/incidents/<id>.

import { api } from './api.js';
import { h, replace, toast } from './dom.js';
import { label, localTime, londonDate, londonInputNow, londonToUtc, shortId } from './format.js';
import { testBadge } from './alarms.js';
import { mountIncidentDetail } from './incident_detail.js';
import { PRIORITIES } from './workflow.js';

const ALARM_TYPES = ['loitering', 'crowding', 'camera_offline', 'camera_error', 'storage_high_water', 'camera_tamper'];
const FILTER_KEY = 'cctv.incidentFilters';

export function mountIncidents(el, ctx, params) {
  if (params[0] === 'new') return mountNew(el, ctx);
  if (params[0]) return mountIncidentDetail(el, ctx, params[0]);
  return mountSearch(el, ctx);
}

const option = (value, text, selected) => h('option', { value, selected: value === selected }, text);

function select(name, text, options, value) {
  return h('div', { class: 'field' }, h('label', { for: `f-${name}` }, text),
    h('select', { id: `f-${name}`, name }, options.map(([v, l]) => option(v, l, value))));
}

function input(name, text, type, value, attrs = {}) {
  return h('div', { class: 'field' }, h('label', { for: `f-${name}` }, text),
    h('input', { id: `f-${name}`, name, type, value, autocomplete: 'off', ...attrs }));
}

function categoryOptions(ctx, blank) {
  return [['', blank], ...ctx.meta.categories.map((c) => [c, c]),
    ...ALARM_TYPES.filter((t) => !ctx.meta.categories.includes(t)).map((t) => [t, `${label(t)} (alarm)`])];
}

function mountSearch(el, ctx) {
  const saved = JSON.parse(sessionStorage.getItem(FILTER_KEY) || 'null') || { from: londonDate(-7) };
  const f = (k) => saved[k] || '';
  const form = h('form', { class: 'filters', id: 'incident-search', role: 'search' },
    input('from', 'From (date)', 'date', f('from')),
    input('to', 'To (date, inclusive)', 'date', f('to')),
    select('site', 'Site', [['', 'All sites'], ...ctx.meta.sites.map((s) => [s.id, s.name])], f('site')),
    select('camera', 'Camera', [['', 'All cameras'], ...ctx.meta.cameras.map((c) => [c.id, `${c.name} (${c.id})`])], f('camera')),
    select('category', 'Category', categoryOptions(ctx, 'All categories'), f('category')),
    select('state', 'State', [['', 'Any state'], ['new', 'New'], ['acknowledged', 'Acknowledged'], ['closed', 'Closed']], f('state')),
    input('q', 'Text', 'search', f('q'), { placeholder: 'description, notes, police ref…' }),
    h('div', { class: 'field field-buttons' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Search'),
      h('button', { type: 'button', class: 'btn', onclick: clear }, 'Clear')));
  const status = h('p', { class: 'muted', role: 'status' });
  const body = h('tbody');
  const table = h('table', { class: 'table', id: 'incident-results' },
    h('thead', {}, h('tr', {}, ['ID', 'Started', 'Category', 'Site', 'Camera', 'State', 'Priority', 'Description']
      .map((t) => h('th', { scope: 'col' }, t)))), body);
  replace(el,
    h('div', { class: 'page-head' }, h('h1', {}, 'Incidents'),
      h('a', { class: 'btn btn-primary', href: '#/incidents/new', id: 'new-incident' }, 'New incident')),
    form, status, table);

  function clear() {
    sessionStorage.removeItem(FILTER_KEY);
    for (const field of form.elements) if (field.name) field.value = '';
    form.elements.from.value = londonDate(-7);
    search();
  }

  let generation = 0;
  async function search() {
    const values = Object.fromEntries(new FormData(form));
    sessionStorage.setItem(FILTER_KEY, JSON.stringify(values));
    const next = (d) => londonToUtc(new Date(Date.parse(`${d}T00:00:00Z`) + 86400000).toISOString().slice(0, 10));
    const query = { ...values, from: londonToUtc(values.from), to: values.to ? next(values.to) : '', limit: 200 };
    const mine = ++generation;
    status.textContent = 'Searching…';
    try {
      const { incidents } = await api.incidents(query);
      if (mine !== generation) return;
      replace(body, incidents.map((i) => resultRow(i, ctx)));
      status.textContent = incidents.length === 0 ? 'No incidents match.'
        : `${incidents.length} incident${incidents.length === 1 ? '' : 's'}${incidents.length >= 200 ? ' (first 200; narrow the search)' : ''}`;
    } catch (err) {
      if (mine === generation) status.textContent = `Search failed: ${err.message}`;
    }
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); search(); });
  search();
  return () => { generation++; };
}

function resultRow(i, ctx) {
  const href = `#/incidents/${encodeURIComponent(i.id)}`;
  return h('tr', { class: `state-${i.state}`, dataset: { id: i.id }, onclick: (e) => {
    if (!e.target.closest('a')) location.hash = href;
  } },
  h('td', { class: 'id' }, h('a', { href, title: i.id }, shortId(i.id))),
  h('td', {}, localTime(i.started_at)),
  h('td', {}, label(i.category), i.test ? ' ' : null, testBadge(i)),
  h('td', {}, ctx.siteName(i.site)),
  h('td', {}, i.camera ? ctx.cameraName(i.camera) : '—'),
  h('td', {}, h('span', { class: `badge badge-${i.state}` }, label(i.state))),
  h('td', {}, h('span', { class: `prio prio-${i.priority}` }, `P${i.priority}`)),
  h('td', { class: 'desc' }, i.description));
}

function mountNew(el, ctx) {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const cameraSelect = h('select', { id: 'f-camera', name: 'camera' });
  const siteSelect = h('select', { id: 'f-site', name: 'site', required: true },
    option('', 'Choose a site…', ''), ctx.meta.sites.map((s) => option(s.id, s.name, '')));
  const fillCameras = () => replace(cameraSelect, option('', 'No camera', ''),
    ctx.meta.cameras.filter((c) => !siteSelect.value || c.site === siteSelect.value)
      .map((c) => option(c.id, `${c.name} (${c.id})`, '')));
  siteSelect.addEventListener('change', fillCameras);
  fillCameras();
  const area = (name, text, required) => h('div', { class: 'field field-wide' },
    h('label', { for: `f-${name}` }, text), h('textarea', { id: `f-${name}`, name, rows: 4, required }));
  const form = h('form', { class: 'incident-form', id: 'new-incident-form' },
    select('category', 'Category', categoryOptions(ctx, 'Choose a category…').slice(0, ctx.meta.categories.length + 1), ''),
    h('div', { class: 'field' }, h('label', { for: 'f-site' }, 'Site'), siteSelect),
    h('div', { class: 'field' }, h('label', { for: 'f-camera' }, 'Camera (optional)'), cameraSelect),
    input('occurred_at', 'Occurred at (UK time)', 'datetime-local', londonInputNow(), { required: true }),
    select('priority', 'Priority', PRIORITIES, '3'),
    area('description', 'What happened', true),
    area('action_taken', 'Action taken', false),
    error,
    h('div', { class: 'field-buttons' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Create incident'),
      h('a', { class: 'btn', href: '#/incidents' }, 'Cancel')));
  form.elements.category.required = true;
  replace(el, h('h1', {}, 'New incident'), form);
  form.elements.category.focus();

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = Object.fromEntries(new FormData(form));
    const occurred = londonToUtc(v.occurred_at);
    if (!occurred) { error.textContent = 'Give the date and time it happened.'; return; }
    const body = { category: v.category, site: v.site, occurred_at: occurred, description: v.description.trim(),
      priority: Number(v.priority) };
    if (v.camera) body.camera = v.camera;
    if (v.action_taken.trim()) body.action_taken = v.action_taken.trim();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    error.textContent = '';
    try {
      const incident = await api.createIncident(body);
      toast(`Incident ${shortId(incident.id)} created`);
      location.hash = `#/incidents/${encodeURIComponent(incident.id)}`;
    } catch (err) {
      error.textContent = err.message;
      button.disabled = false;
    }
  });
  return null;
}
