// SPDX-License-Identifier: Apache-2.0
// The admin page (#/admin, role admin): console accounts (add, disable/enable, reset password,
// unlock, role, end sessions, remove), the live sessions, the audit log with search and a check
// of its hash chain, and the cameras' health history. The same operations as `cctv user` and
// `cctv audit verify`; the store applies and audits each change.

import { api } from './api.js';
import { formDialog, h, replace, toast } from './dom.js';
import { label } from './format.js';

const ROLES = ['operator', 'supervisor', 'police', 'ljag', 'admin'];
const ROLE_OPTIONS = ROLES.map((r) => [r, label(r)]);

export function mountAdmin(el, ctx) {
  const users = h('div', { id: 'admin-users' });
  const sessions = h('div', { id: 'admin-sessions' });
  const audit = auditSection();
  const health = h('div', { id: 'admin-health' });
  const showUsers = (list) => replace(users, userTable(list, ctx, showUsers, loadSessions));
  async function loadUsers() {
    showUsers((await api.adminUsers()).users);
  }
  async function loadSessions() {
    const list = (await api.adminSessions()).sessions;
    replace(sessions, list.length ? sessionTable(list, loadSessions) : h('p', { class: 'muted' }, 'Nobody is logged in.'));
  }
  replace(el,
    h('h1', {}, 'Administration'),
    h('section', { class: 'admin-section' }, h('h2', {}, 'Users'), addUserForm(showUsers), users),
    h('section', { class: 'admin-section' }, h('h2', {}, 'Live sessions'),
      h('button', { type: 'button', class: 'btn btn-small', onclick: () => loadSessions().catch(fail) }, 'Refresh'), sessions),
    audit.section,
    h('section', { class: 'admin-section' }, h('h2', {}, 'Camera health, last 30 days'), health));
  loadUsers().catch(fail);
  loadSessions().catch(fail);
  audit.search();
  api.cameraHealth().then(({ events }) => replace(health, healthTable(events, ctx))).catch(fail);
}

function fail(err) {
  toast(err.message, 'error');
}

function addUserForm(showUsers) {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'admin-add', id: 'admin-add-user' },
    h('div', { class: 'field' }, h('label', { for: 'au-name' }, 'User name'),
      h('input', { id: 'au-name', name: 'name', required: true, maxlength: 64, pattern: '[A-Za-z0-9._\\-]+', autocomplete: 'off' })),
    h('div', { class: 'field' }, h('label', { for: 'au-role' }, 'Role'),
      h('select', { id: 'au-role', name: 'role' }, ROLE_OPTIONS.map(([v, l]) => h('option', { value: v }, l)))),
    h('div', { class: 'field' }, h('label', { for: 'au-password' }, 'Password (10 characters or more)'),
      h('input', { id: 'au-password', name: 'password', type: 'password', required: true, minlength: 10, autocomplete: 'new-password' })),
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Add user'),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const v = (name) => form.elements[name].value;
    try {
      await api.addUser({ name: v('name').trim(), role: v('role'), password: v('password') });
      toast(`User ${v('name').trim()} added`);
      form.reset();
      showUsers((await api.adminUsers()).users);
    } catch (err) {
      error.textContent = err.message;
    }
  });
  return form;
}

// Each account action: what it asks first (a dialog), then the request; null when cancelled.
const USER_ACTIONS = {
  disable: { text: 'Disable', danger: true, ask: (u) => confirmDialog(`Disable ${u.name}? Their sessions end now.`, 'Disable') },
  enable: { text: 'Enable', ask: () => ({}) },
  password: {
    text: 'Reset password',
    ask: (u) => formDialog({ title: `New password for ${u.name}`, submitLabel: 'Reset password',
      fields: [{ name: 'password', label: 'New password (10 characters or more; their sessions end)', type: 'password', required: true }] }),
  },
  role: {
    text: 'Role…',
    ask: (u) => formDialog({ title: `Role of ${u.name}`, submitLabel: 'Change role',
      fields: [{ name: 'role', label: 'Role (their sessions end)', type: 'select', options: ROLE_OPTIONS, value: u.role }] }),
  },
  unlock: { text: 'Unlock', ask: () => ({}) },
  revoke: { text: 'End sessions', ask: (u) => confirmDialog(`End every session of ${u.name}?`, 'End sessions') },
  remove: { text: 'Remove', danger: true, ask: (u) => confirmDialog(`Remove ${u.name}? The audit log keeps their rows.`, 'Remove') },
};

function confirmDialog(title, submitLabel) {
  return formDialog({ title, submitLabel, danger: true, fields: [] });
}

function userTable(users, ctx, showUsers, loadSessions) {
  const run = (u, name) => async () => {
    const fields = await USER_ACTIONS[name].ask(u);
    if (!fields) return;
    try {
      const answer = await api.userAction(u.name, name, fields);
      const cleared = answer.done?.cleared;
      toast(cleared === false ? `No failed logins counted against ${u.name}` : `${USER_ACTIONS[name].text.replace('…', '')}: ${u.name} done`);
      showUsers(answer.users);
      loadSessions().catch(() => {});
    } catch (err) {
      fail(err);
    }
  };
  const buttons = (u) => Object.entries(USER_ACTIONS)
    .filter(([name]) => (name === 'disable' ? !u.disabled : name !== 'enable' || u.disabled))
    .filter(([name]) => u.name !== ctx.session.user || !['disable', 'remove', 'role'].includes(name))
    .map(([name, a]) => h('button', { type: 'button', class: a.danger ? 'btn btn-small btn-danger' : 'btn btn-small', 'data-action': name, onclick: run(u, name) }, a.text));
  return h('div', { class: 'table-scroll' }, h('table', { class: 'table', id: 'admin-user-table' },
    h('thead', {}, h('tr', {}, ['User', 'Role', 'Since (UK time)', 'State', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, users.map((u) => h('tr', { dataset: { user: u.name, role: u.role, disabled: String(u.disabled) } },
      h('td', {}, u.name), h('td', {}, label(u.role)), h('td', {}, u.created_local),
      h('td', {}, u.disabled ? h('span', { class: 'badge cam-offline' }, 'Disabled') : 'Active'),
      h('td', { class: 'admin-actions' }, buttons(u)))))));
}

function sessionTable(list, loadSessions) {
  const revoke = (s) => async () => {
    try {
      await api.revokeSession(s.id);
      toast(`Session of ${s.user} ended`);
      await loadSessions();
    } catch (err) {
      fail(err);
    }
  };
  return h('div', { class: 'table-scroll' }, h('table', { class: 'table', id: 'admin-session-table' },
    h('thead', {}, h('tr', {}, ['Session', 'User', 'Logged in (UK time)', 'Last seen', 'Address', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, list.map((s) => h('tr', { dataset: { session: s.id, user: s.user } },
      h('td', { class: 'mono' }, s.id), h('td', {}, `${s.user} (${s.role})`),
      h('td', {}, s.created_local), h('td', {}, s.last_seen_local), h('td', {}, s.client_address || '—'),
      h('td', {}, h('button', { type: 'button', class: 'btn btn-small', onclick: revoke(s) }, 'End')))))));
}

function auditSection() {
  const rows = h('tbody');
  const result = h('p', { id: 'audit-verify-result', role: 'status' });
  const more = h('button', { type: 'button', class: 'btn btn-small', hidden: true }, 'Older rows');
  const query = h('input', { id: 'audit-q', type: 'search', placeholder: 'user, action, target or detail', maxlength: 200 });
  let next = null;
  async function load(append) {
    try {
      const page = await api.audit(query.value.trim(), append ? next : null);
      const items = page.entries.map((e) => h('tr', { dataset: { seq: e.seq } },
        h('td', { class: 'num' }, String(e.seq)), h('td', {}, e.ts_local), h('td', {}, e.actor),
        h('td', {}, e.action), h('td', { class: 'desc' }, e.target),
        h('td', { class: 'audit-details' }, JSON.stringify(e.details))));
      if (append) rows.append(...items);
      else replace(rows, items);
      next = page.next_before;
      more.hidden = next === null;
    } catch (err) {
      fail(err);
    }
  }
  more.addEventListener('click', () => load(true));
  const form = h('form', { class: 'admin-audit-search', id: 'audit-search' },
    h('label', { for: 'audit-q' }, 'Search'), query,
    h('button', { type: 'submit', class: 'btn' }, 'Search'),
    h('button', {
      type: 'button', class: 'btn', id: 'audit-verify',
      onclick: async () => {
        try {
          const v = await api.verifyAudit();
          result.className = v.intact ? 'ok' : 'form-error';
          result.textContent = v.intact ? 'The audit log is intact: every row chains to the one before.'
            : `The chain is broken: ${v.problems.map((p) => `row ${p.seq}: ${p.what}`).join('; ')}`;
        } catch (err) {
          fail(err);
        }
      },
    }, 'Verify chain'));
  form.addEventListener('submit', (event) => { event.preventDefault(); load(false); });
  const section = h('section', { class: 'admin-section' }, h('h2', {}, 'Audit log'), form, result,
    h('div', { class: 'table-scroll' }, h('table', { class: 'table', id: 'audit-table' },
      h('thead', {}, h('tr', {}, ['#', 'When (UK time)', 'Who', 'Action', 'Target', 'Details'].map((t) => h('th', { scope: 'col' }, t)))),
      rows)), more);
  return { section, search: () => load(false) };
}

function healthTable(events, ctx) {
  if (!events.length) return h('p', { class: 'muted' }, 'No camera faults in the last 30 days.');
  return h('div', { class: 'table-scroll' }, h('table', { class: 'table', id: 'health-table' },
    h('thead', {}, h('tr', {}, ['Camera', 'Fault', 'From (UK time)', 'To', 'Details', 'State'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, events.map((e) => h('tr', {},
      h('td', {}, ctx.cameraName(e.camera)), h('td', {}, label(e.category)), h('td', {}, e.started_local),
      h('td', {}, e.ended_local || 'ongoing'), h('td', { class: 'desc' }, e.description), h('td', {}, label(e.state)))))));
}
