// SPDX-License-Identifier: Apache-2.0
// The incident workflow buttons (acknowledge, assign, note, close; priority and police
// reference in the detail view), shared by the alarm list and the incident page.

import { api } from './api.js';
import { formDialog, h, toast } from './dom.js';
import { shortId } from './format.js';

const PRIORITIES = [['1', '1 — urgent'], ['2', '2 — high'], ['3', '3 — normal'], ['4', '4 — low']];

// Runs one workflow step; returns the updated incident, or null when it failed or was cancelled.
async function run(step, done) {
  try {
    const incident = await step();
    if (incident) {
      done(incident);
      toast('Saved');
    }
    return incident;
  } catch (err) {
    toast(err.message, 'error');
    return null;
  }
}

export const actions = {
  acknowledge: (incident, ctx, done) => run(() => api.acknowledge(incident.id), done),

  async assign(incident, ctx, done) {
    const v = await formDialog({
      title: `Assign incident ${shortId(incident.id)}`, submitLabel: 'Assign',
      fields: [{ name: 'assignee', label: 'Assign to (user name)', value: incident.assigned_to || ctx.session.user, required: true }],
    });
    return v && run(() => api.assign(incident.id, v.assignee), done);
  },

  async note(incident, ctx, done) {
    const v = await formDialog({
      title: `Note on incident ${shortId(incident.id)}`, submitLabel: 'Add note',
      fields: [{ name: 'text', label: 'Note', type: 'textarea', required: true }],
    });
    return v && run(() => api.note(incident.id, v.text), done);
  },

  async close(incident, ctx, done) {
    const v = await formDialog({
      title: `Close incident ${shortId(incident.id)}`, submitLabel: 'Close incident', danger: true,
      fields: [
        { name: 'outcome', label: 'Outcome', type: 'select', required: true,
          options: [['', 'Choose an outcome…'], ...ctx.meta.outcomes.map((o) => [o, o])] },
        { name: 'note', label: 'Closing note', type: 'textarea' },
      ],
    });
    return v && run(() => api.close(incident.id, v.outcome, v.note), done);
  },

  async priority(incident, ctx, done) {
    const v = await formDialog({
      title: `Priority of incident ${shortId(incident.id)}`, submitLabel: 'Set priority',
      fields: [{ name: 'priority', label: 'Priority', type: 'select', options: PRIORITIES, value: incident.priority }],
    });
    return v && run(() => api.priority(incident.id, Number(v.priority)), done);
  },

  async policeRef(incident, ctx, done) {
    const v = await formDialog({
      title: `Police reference for incident ${shortId(incident.id)}`, submitLabel: 'Save reference',
      fields: [{ name: 'police_ref', label: 'Police reference (e.g. CAD or crime number)', value: incident.police_ref, required: true }],
    });
    return v && run(() => api.policeRef(incident.id, v.police_ref), done);
  },
};

// The button row for one incident. `full` adds priority and police reference.
// `done(updatedIncident)` is called after each successful step.
export function workflowButtons(incident, ctx, done, { full = false } = {}) {
  const open = incident.state !== 'closed';
  const button = (name, text, cls = 'btn', key = '') =>
    h('button', { type: 'button', class: cls, 'data-action': name, 'aria-keyshortcuts': key || null,
      onclick: (e) => { e.stopPropagation(); actions[name](incident, ctx, done); } }, text);
  return h('div', { class: 'actions' },
    incident.state === 'new' && button('acknowledge', 'Acknowledge', 'btn btn-primary', 'A'),
    open && button('assign', 'Assign', 'btn', 'S'),
    button('note', 'Add note', 'btn', 'N'),
    open && button('close', 'Close…', 'btn btn-danger', 'C'),
    full && open && button('priority', 'Priority'),
    full && button('policeRef', 'Police ref'));
}

export { PRIORITIES };
