// SPDX-License-Identifier: Apache-2.0
// LJAG tasking (#/tasking): for a cluster and month, the hotspot table and heat map, the trend,
// redeployment recommendations (Accept deploys a mobile camera), the deployments register and
// the effectiveness of recent deployments. Counts come from the server already suppressed
// ("<5") for the ljag role; this page never sees the exact small numbers.

import { api } from './api.js';
import { formDialog, h, replace, toast } from './dom.js';
import { localTime } from './format.js';

function lastMonth() {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

function clusters(ctx) {
  return [...new Set(ctx.meta.sites.map((s) => s.cluster).filter(Boolean))].sort();
}

function picture(id, path, query, alt) {
  return h('img', { id, class: 'chart', src: `${path}?${query}`, alt });
}

function table(id, head, rows) {
  return h('table', { class: 'table', id },
    h('thead', {}, h('tr', {}, head.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows));
}

function percent(change) {
  return change === null ? '—' : `${change >= 0 ? '+' : ''}${Math.round(change * 100)}%`;
}

function hotspotSection(pack, query) {
  const cats = pack.hotspots.categories;
  const rows = pack.hotspots.sites.map((s) => h('tr', {}, h('td', {}, s.name), h('td', { class: 'num' }, s.total),
    cats.map((c) => h('td', { class: 'num' }, s.by_category[c] || '0'))));
  return h('section', { class: 'panel' },
    h('h2', {}, `Hotspots — ${pack.hotspots.total} incidents`),
    pack.suppressed ? h('p', { class: 'muted' },
      'Counts of 1 to 4 are shown as <5; a count shown as * is withheld so that no <5 can be worked out from a total.') : null,
    h('div', { class: 'table-scroll' }, table('hotspot-table', ['Site', 'Total', ...cats], rows)),
    h('div', { class: 'tasking-pictures' },
      picture('heatmap', '/api/ljag/heatmap.png', query, 'Heat map of incidents'),
      picture('trend-chart', '/api/ljag/trend.png', query, 'Incidents per month')));
}

function recommendationSection(pack, ctx, reload) {
  const mobile = ctx.register.cameras.filter((c) => c.mobile);
  const accept = async (r) => {
    const form = await formDialog({
      title: `Deploy a camera to ${r.name}`,
      submitLabel: 'Deploy',
      fields: [
        { name: 'camera', label: 'Mobile camera', type: 'select', required: true,
          options: mobile.map((c) => [c.id, `${c.name} (${c.id}) — now at ${ctx.siteName(c.site)}`]) },
        { name: 'ljag_case', label: 'LJAG case reference', value: '' },
        { name: 'reason', label: 'Reason', type: 'textarea', required: true, value: r.reason },
      ],
    });
    if (!form) return;
    try {
      await api.deploy({ camera: form.camera, site: r.site, ljag_case: form.ljag_case, reason: form.reason });
      toast(`Camera ${form.camera} deployed to ${r.name}`);
      reload();
    } catch (err) {
      toast(err.message, 'error');
    }
  };
  const rows = pack.recommendations.map((r) => h('tr', { dataset: { site: r.site } },
    h('td', { class: 'num' }, r.rank), h('td', {}, r.name),
    h('td', {}, r.covered ? r.cameras.join(', ') : h('strong', {}, 'no camera')),
    h('td', {}, r.reason),
    h('td', {}, mobile.length ? h('button', { type: 'button', class: 'btn btn-small accept', onclick: () => accept(r) },
      'Accept') : null)));
  return h('section', { class: 'panel' }, h('h2', {}, 'Redeployment recommendations'),
    table('recommendations', ['Rank', 'Site', 'Camera cover', 'Why', ''], rows));
}

function registerSection(ctx) {
  const rows = ctx.register.deployments.map((d) => h('tr', {},
    h('td', {}, d.camera), h('td', {}, ctx.siteName(d.site)), h('td', {}, localTime(d.from)),
    h('td', {}, d.to ? localTime(d.to) : 'still there'), h('td', {}, d.ljag_case || '—'), h('td', {}, d.reason)));
  return h('section', { class: 'panel' }, h('h2', {}, 'Deployments register'),
    table('deployments', ['Camera', 'Site', 'From', 'To', 'LJAG case', 'Reason'], rows));
}

function effectivenessSection(pack, ctx, query) {
  const phase = (p) => (p.weeks <= 0 ? '—' : p.per_week === null ? `${p.count} in ${p.weeks.toFixed(1)} wk`
    : `${p.count} in ${p.weeks.toFixed(1)} wk (${p.per_week.toFixed(1)}/wk)`);
  const items = pack.effectiveness.map((e) => {
    const d = pack.deployments.find((x) => x.id === e.deployment_id);
    return h('article', { class: 'effectiveness', dataset: { deployment: e.deployment_id } },
      h('h3', {}, `Camera ${d.camera} at ${d.site_name}`),
      h('p', {}, e.summary),
      table(`effect-${e.deployment_id}`, ['', 'Before', 'During', 'After', 'Change', 'Significance'], [
        h('tr', {}, h('td', {}, 'At the site'), ['before', 'during', 'after'].map((k) => h('td', {}, phase(e.site[k]))),
          h('td', {}, percent(e.site_change.change)), h('td', {}, e.site_change.verdict)),
        h('tr', {}, h('td', {}, `Neighbours (${e.ring_sites.map((s) => s.name).join(', ') || 'none'})`),
          ['before', 'during', 'after'].map((k) => h('td', {}, phase(e.ring[k]))),
          h('td', {}, percent(e.ring_change.change)), h('td', {}, e.ring_change.verdict)),
      ]),
      picture(`effect-chart-${e.deployment_id}`, `/api/ljag/deployments/${e.deployment_id}/chart.png`, query,
        'Incidents per week at and around the site'));
  });
  return h('section', { class: 'panel' }, h('h2', {}, 'Effectiveness of deployments'),
    items.length ? items : h('p', { class: 'muted' }, 'No deployments at these sites in the last six months.'));
}

export function mountTasking(el, ctx) {
  const form = h('form', { class: 'filters', id: 'tasking-filter' },
    h('div', { class: 'field' }, h('label', { for: 't-cluster' }, 'Cluster'),
      h('select', { id: 't-cluster', name: 'cluster' }, h('option', { value: '' }, 'All clusters'),
        clusters(ctx).map((c) => h('option', { value: c }, c)))),
    h('div', { class: 'field' }, h('label', { for: 't-month' }, 'Month'),
      h('input', { id: 't-month', name: 'month', type: 'month', value: lastMonth(), required: true })),
    h('div', { class: 'field field-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Show')));
  const body = h('div', { id: 'tasking-body' }, h('p', { class: 'muted' }, 'Loading…'));
  let live = true;

  async function load() {
    const query = new URLSearchParams({ cluster: form.cluster.value, month: form.month.value }).toString();
    try {
      const [pack, register] = await Promise.all([api.ljagPack(query), api.deployments()]);
      if (!live) return;
      const page = { ...ctx, register };
      replace(body, hotspotSection(pack, query), recommendationSection(pack, page, load),
        registerSection(page), effectivenessSection(pack, page, query));
    } catch (err) {
      if (live) replace(body, h('p', { class: 'form-error', role: 'alert' }, err.message));
    }
  }
  form.addEventListener('submit', (event) => { event.preventDefault(); load(); });
  replace(el, h('div', { class: 'page-head' }, h('h1', {}, 'LJAG tasking')), form, body);
  load();
  return () => { live = false; };
}
