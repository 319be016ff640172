// SPDX-License-Identifier: Apache-2.0
// What makes a long alarm list workable: filters (site, camera, type, state, kept for the
// session), repeats of the same zone folded under their highest-ranked alarm, and a selection
// acknowledged in bulk with one note (each incident acknowledged and audited by the store).

import { api } from './api.js';
import { formDialog, h, toast } from './dom.js';
import { label } from './format.js';

const FILTER_KEY = 'cctv.alarmFilters';
const FIELDS = [['site', 'Site'], ['camera', 'Camera'], ['category', 'Type'], ['state', 'State']];
const BULK_LIMIT = 1000;  // ids per request (POST /api/alarms/acknowledge)
const TYPES = ['loitering', 'crowding', 'camera_offline', 'camera_error', 'storage_high_water'];

export function loadFilters() {
  try {
    return JSON.parse(sessionStorage.getItem(FILTER_KEY)) || {};
  } catch {
    return {};
  }
}

export const matches = (i, filters) => FIELDS.every(([k]) => !filters[k] || i[k] === filters[k]);

// Alarms of one zone (or one camera's outages) of one type are repeats of each other.
export const repeatKey = (i) => JSON.stringify([i.camera, i.zone, i.category]);

// The rows to show, in rank order: {incident, members} where members are the alarms the row
// stands for (a folded group's repeats, or just itself).
export function rowsOf(ranked, filters, grouped, expanded) {
  const shown = ranked.filter((i) => matches(i, filters));
  if (!grouped) return shown.map((i) => ({ incident: i, members: [i] }));
  const groups = new Map();  // first seen = highest ranked
  for (const i of shown) {
    const key = repeatKey(i);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(i);
  }
  const rows = [];
  for (const [key, members] of groups) {
    const open = expanded.has(key);
    rows.push({ incident: members[0], members: open ? [members[0]] : members, groupSize: members.length });
    if (open) for (const m of members.slice(1)) rows.push({ incident: m, members: [m], repeat: true });
  }
  return rows;
}

// The filter selects; `onChange(filters)` after each change.
export function filterBar(ctx, filters, onChange) {
  const choices = {
    site: ctx.meta.sites.map((s) => [s.id, s.name]),
    camera: ctx.meta.cameras.map((c) => [c.id, c.name]),
    category: TYPES.map((t) => [t, label(t)]),
    state: [['new', 'New'], ['acknowledged', 'Acknowledged']],
  };
  return FIELDS.map(([key, name]) => {
    const select = h('select', { class: 'filter', name: key, 'aria-label': `${name} filter` },
      h('option', { value: '' }, `Any ${name.toLowerCase()}`),
      choices[key].map(([value, text]) => h('option', { value, selected: filters[key] === value }, text)));
    select.addEventListener('change', () => {
      filters[key] = select.value;
      sessionStorage.setItem(FILTER_KEY, JSON.stringify(filters));
      onChange(filters);
    });
    return select;
  });
}

// Asks for the note and acknowledges `ids`; `done()` after the store answered.
export async function acknowledgeSelected(ids, done) {
  const v = await formDialog({
    title: `Acknowledge ${ids.length} alarm${ids.length === 1 ? '' : 's'}`, submitLabel: 'Acknowledge all',
    fields: [{ name: 'note', label: 'Note for each (why they are acknowledged together)', type: 'textarea', required: true }],
  });
  if (!v) return;
  try {
    let acknowledged = 0;
    let refused = 0;
    for (let from = 0; from < ids.length; from += BULK_LIMIT) {
      const outcome = await api.acknowledgeAll(ids.slice(from, from + BULK_LIMIT), v.note);
      acknowledged += outcome.acknowledged.length;
      refused += outcome.refused.length;
    }
    toast(`${acknowledged} acknowledged${refused ? `, ${refused} already handled` : ''}`);
    done();
  } catch (err) {
    toast(err.message, 'error');
  }
}
