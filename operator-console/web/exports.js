// SPDX-License-Identifier: Apache-2.0
// Police footage requests (#/exports). Police: a request form (with an optional redacted copy)
// and their own requests, with the build's progress, the package download and the working
// copies to play. Supervisors and admins: every request, to approve with a note after a
// confirmation, or refuse with a reason. Both see the export key's fingerprint, which
// recipients compare with `cctv verify`'s output. The list follows the console's export
// stream (/api/exports/events), so a decision or a finished build shows without a reload.

import { api } from './api.js';
import { formDialog, h, replace, safeUrl, toast } from './dom.js';
import { UK_DATE_TIME, localTime, ukInputNow, ukToUtc } from './format.js';

const STATE_TEXT = {
  requested: 'Awaiting approval', approved: 'Approved, queued', refused: 'Refused', building: 'Building',
  ready: 'Ready to download', failed: 'Failed', downloaded: 'Downloaded',
};

// #/exports/new/<camera>/<from>/<to> (UTC ISO, from the Playback page) prefills the request.
export function mountExports(el, ctx, [mode, camera, from, to] = []) {
  const police = ctx.session.role === 'police';
  const prefill = mode === 'new' && !Number.isNaN(Date.parse(from)) && !Number.isNaN(Date.parse(to))
    ? { camera, from: Date.parse(from), to: Date.parse(to) } : null;
  const list = h('div', { id: 'export-list', class: 'table-scroll' });
  const key = h('p', { class: 'muted', id: 'export-key' });
  replace(el, h('h1', {}, police ? 'Footage requests' : 'Footage requests to decide'),
    police ? requestForm(ctx, () => refresh(), prefill) : prefillNote(ctx, prefill), key, list);
  api.exportKey().then((k) => {
    key.textContent = `Packages are signed with export key ${k.fingerprint} (Ed25519).`;
  }).catch(() => {});

  // One read at a time; a change announced meanwhile reads once more afterwards.
  let reading = null;
  let again = false;
  async function refresh() {
    if (reading) {
      again = true;
      return;
    }
    reading = (async () => {
      do {
        again = false;
        try {
          const { requests } = await api.exports();
          // A playing working copy is not cut off by another row's update: that shows later.
          const playing = list.querySelector('video');
          if (playing && !playing.paused && !playing.ended) {
            playing.addEventListener('pause', refresh, { once: true });
            continue;
          }
          replace(list, requests.length ? table(requests, police, refresh) : h('p', { class: 'muted' }, 'No requests.'));
        } catch (err) {
          toast(err.message, 'error');
        }
      } while (again);
    })();
    await reading;
    reading = null;
  }
  const events = new EventSource('/api/exports/events');
  events.addEventListener('open', refresh);  // also catches up after a reconnection
  events.addEventListener('exports', refresh);
  return () => events.close();
}

function field(name, text, input) {
  input.id = `x-${name}`;
  input.name = name;
  return h('div', { class: 'field' }, h('label', { for: input.id }, text), input);
}

// Supervisors and admins do not file requests: the window is shown for the officer's request.
function prefillNote(ctx, prefill) {
  if (!prefill) return null;
  return h('p', { class: 'banner', id: 'export-prefill' },
    `Footage requests are submitted by police users. Window to request: ${ctx.cameraName(prefill.camera)}, `,
    `${localTime(new Date(prefill.from).toISOString())} – ${localTime(new Date(prefill.to).toISOString())}.`);
}

function requestForm(ctx, done, prefill = null) {
  const now = ukInputNow();
  const when = (name, text, ms) => field(name, `${text} (UK time, ${UK_DATE_TIME.placeholder})`,
    h('input', { required: true, value: ms === undefined ? now : ukInputNow(ms), pattern: UK_DATE_TIME.pattern, placeholder: UK_DATE_TIME.placeholder, autocomplete: 'off' }));
  const keepTracks = h('input', { pattern: '\\s*(\\d+\\s*(,\\s*\\d+\\s*)*)?', placeholder: 'e.g. 12, 40', autocomplete: 'off' });
  const cameras = h('select', { multiple: true, size: Math.min(6, ctx.meta.cameras.length), required: true },
    ctx.meta.cameras.map((c) => h('option', { value: c.id, selected: c.id === prefill?.camera }, `${c.name} (${c.id})`)));
  const error = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'export-form', id: 'export-request' },
    field('reference', 'Crime / incident reference', h('input', { required: true, maxlength: 64 })),
    field('officer', 'Requesting officer', h('input', { required: true, maxlength: 128 })),
    field('force', 'Force / organisation', h('input', { required: true, maxlength: 128 })),
    field('cameras', 'Cameras', cameras),
    when('from', 'From', prefill?.from), when('to', 'To', prefill?.to),
    field('reason', 'Reason / legal basis', h('textarea', { rows: 3, required: true, maxlength: 2000 })),
    h('fieldset', { class: 'export-redaction' }, h('legend', {}, 'Redacted copy (third parties blurred)'),
      h('label', {}, h('input', { type: 'checkbox', name: 'redact', id: 'x-redact' }), ' Also make a redacted working copy'),
      field('keep_tracks', 'Track ids to leave visible (comma-separated)', keepTracks),
      h('label', {}, h('input', { type: 'checkbox', name: 'faces', id: 'x-faces' }), ' Blur faces too')),
    error,
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Submit request'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const v = (name) => form.elements[name].value.trim();
    const from = ukToUtc(v('from'));
    const to = ukToUtc(v('to'));
    if (!from || !to) {
      error.textContent = `Write ${from ? "'To'" : "'From'"} as a UK date and time, ${UK_DATE_TIME.placeholder}.`;
      return;
    }
    const redact = form.elements.redact.checked;
    try {
      await api.requestExport({
        reference: v('reference'), officer: v('officer'), force: v('force'),
        cameras: [...cameras.selectedOptions].map((o) => o.value), from, to, reason: v('reason'),
        redaction: redact ? {
          keep_tracks: v('keep_tracks').split(',').map((t) => t.trim()).filter(Boolean).map(Number),
          faces: form.elements.faces.checked,
        } : null,
      });
      toast('Request submitted; a supervisor will decide it.');
      form.reset();
      done();
    } catch (err) {
      error.textContent = err.message;
    }
  });
  return form;
}

function table(requests, police, refresh) {
  return h('table', { class: 'table', id: 'export-requests' },
    h('thead', {}, h('tr', {}, ['Ref', 'Officer', 'Cameras', 'Window (UK time)', 'Reason', 'State', '']
      .map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, requests.map((r) => row(r, police, refresh))));
}

function row(r, police, refresh) {
  return h('tr', { dataset: { id: r.id, state: r.state } },
    h('td', {}, r.reference),
    h('td', {}, `${r.officer}, ${r.force}`),
    h('td', {}, r.cameras.join(', ')),
    h('td', {}, `${r.from_local} – ${r.to_local}`),
    h('td', { class: 'export-reason' }, r.reason, redactionText(r.redaction)),
    h('td', { class: 'export-state' }, state(r)),
    h('td', {}, police ? downloads(r) : decision(r, refresh)));
}

function redactionText(redaction) {
  if (!redaction) return null;
  const kept = redaction.keep_tracks.length ? `tracks ${redaction.keep_tracks.join(', ')} left visible` : 'every person blurred';
  return h('div', { class: 'export-redaction-asked' }, `Redacted copy asked: ${kept}${redaction.faces ? ', faces blurred' : ''}.`);
}

function state(r) {
  const parts = [STATE_TEXT[r.state] || r.state];
  if (r.state === 'building' || r.state === 'approved') {
    parts.push(' ', h('progress', { max: 1, value: r.progress, 'aria-label': 'Build progress' }),
      ` ${Math.round(r.progress * 100)}%`);
  }
  if (r.decision_reason) parts.push(h('div', { class: 'muted' }, `${r.decided_by}: ${r.decision_reason}`));
  if (r.error) parts.push(h('div', { class: 'form-error' }, r.error));
  return parts;
}

function downloads(r) {
  const url = safeUrl(r.package_url);
  if (!url) return null;
  const player = h('div', { class: 'export-player' });
  return [
    h('a', { class: 'btn btn-primary export-download', href: url, download: '' }, 'Download package (.zip)'),
    (r.working_urls || []).map((w, i) => h('button', {
      type: 'button', class: 'btn export-play',
      onclick: () => replace(player, h('video', { src: safeUrl(w), controls: true, autoplay: true, muted: true, class: 'export-video' })),
    }, `Play ${r.cameras[i]}`)),
    player,
  ];
}

function decision(r, refresh) {
  if (r.state !== 'requested') return r.decided_by ? `by ${r.decided_by}` : null;
  const act = (fn) => async () => {
    try {
      await fn();
      refresh();
    } catch (err) {
      toast(err.message, 'error');
    }
  };
  return [
    h('button', {
      type: 'button', class: 'btn btn-primary export-approve',
      onclick: act(async () => {
        const answer = await formDialog({
          title: `Approve request ${r.reference}? The footage of ${r.cameras.join(', ')} from ${r.from_local} to ${r.to_local} will be built for ${r.officer} (${r.force})${r.redaction ? ', with a redacted copy' : ''}.`,
          submitLabel: 'Approve and build',
          fields: [{ name: 'note', label: 'Note for the record (optional)', type: 'textarea' }],
        });
        if (answer) await api.approveExport(r.id, answer.note);
      }),
    }, 'Approve'),
    ' ',
    h('button', {
      type: 'button', class: 'btn btn-danger export-refuse',
      onclick: act(async () => {
        const answer = await formDialog({
          title: `Refuse request ${r.reference}`, danger: true, submitLabel: 'Refuse',
          fields: [{ name: 'reason', label: 'Reason for refusal', type: 'textarea', required: true }],
        });
        if (answer) await api.refuseExport(r.id, answer.reason);
      }),
    }, 'Refuse'),
  ];
}
