// SPDX-License-Identifier: Apache-2.0
// The console's REST API. The session is an HttpOnly cookie the browser sends by itself;
// every POST/DELETE carries the CSRF token from the session response. A 401 anywhere means
// the session is gone: `onUnauthorized` sends the operator back to the login screen.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

let csrf = '';
let onUnauthorized = () => {};

export function setCsrf(token) {
  csrf = token || '';
}

export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Cannot reach the console server; check the network and try again.');
  }
  const data = response.status === 204 ? {} : await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = typeof data.error === 'string' && data.error ? data.error : `HTTP ${response.status}`;
    if (response.status === 401 && path !== '/api/session') onUnauthorized();
    throw new ApiError(response.status, message);
  }
  return data;
}

const get = (path) => request('GET', path);
const post = (path, body = {}) => request('POST', path, body);
const incidentPath = (id, step) => `/api/incidents/${encodeURIComponent(id)}/${step}`;

export const api = {
  login: (user, password) => post('/api/session', { user, password }),
  session: () => get('/api/session'),
  logout: () => request('DELETE', '/api/session'),
  meta: () => get('/api/meta'),
  alarms: () => get('/api/alarms'),
  acknowledgeAll: (ids, note) => post('/api/alarms/acknowledge', { ids, note }),
  wall: () => get('/api/wall'),
  saveWall: (wall) => post('/api/wall', wall),
  cameras: () => get('/api/cameras'),
  incidents(filters) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v !== '' && v != null) query.set(k, v);
    return get(`/api/incidents?${query}`);
  },
  incident: (id) => get(`/api/incidents/${encodeURIComponent(id)}`),
  createIncident: (body) => post('/api/incidents', body),
  acknowledge: (id) => post(incidentPath(id, 'acknowledge')),
  assign: (id, assignee) => post(incidentPath(id, 'assign'), { assignee }),
  note: (id, text) => post(incidentPath(id, 'notes'), { text }),
  close: (id, outcome, note) => post(incidentPath(id, 'close'), { outcome, note }),
  priority: (id, priority) => post(incidentPath(id, 'priority'), { priority }),
  policeRef: (id, policeRef) => post(incidentPath(id, 'police-ref'), { police_ref: policeRef }),
  ljagPack: (query) => get(`/api/ljag/pack?${query}`),
  deployments: () => get('/api/ljag/deployments'),
  deploy: (body) => post('/api/ljag/deployments', body),
  exports: () => get('/api/exports'),
  requestExport: (body) => post('/api/exports', body),
  approveExport: (id, note) => post(`/api/exports/${Number(id)}/approve`, { note }),
  refuseExport: (id, reason) => post(`/api/exports/${Number(id)}/refuse`, { reason }),
  exportKey: () => get('/api/export-key'),
  adminUsers: () => get('/api/admin/users'),
  addUser: (body) => post('/api/admin/users', body),
  userAction: (name, action, body) => post(`/api/admin/users/${encodeURIComponent(name)}/${action}`, body),
  adminSessions: () => get('/api/admin/sessions'),
  revokeSession: (id) => post(`/api/admin/sessions/${encodeURIComponent(id)}/revoke`),
  audit(q, before) {
    const query = new URLSearchParams();
    if (q) query.set('q', q);
    if (before) query.set('before', before);
    return get(`/api/admin/audit?${query}`);
  },
  verifyAudit: () => get('/api/admin/audit/verify'),
  cameraHealth: () => get('/api/admin/camera-health'),
  timeline: (camera, query) => get(`/api/cameras/${encodeURIComponent(camera)}/timeline?${query}`),
};
