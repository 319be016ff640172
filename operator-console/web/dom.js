// SPDX-License-Identifier: Apache-2.0
// DOM helpers. Every string from the server goes in as a text node or an attribute value,
// never as HTML, so nothing the server (or a camera name, or a note) says can run as markup.

// h('button', {class: 'btn', onclick: fn}, 'Label', childNode, ...): builds an element.
// Attributes starting with "on" become listeners; `dataset` is an object; null/false skip.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'class') {
      el.className = value;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Replaces an element's children.
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// Only same-origin absolute paths ("/evidence/..."): never javascript:, data: or another host.
export function safeUrl(url) {
  if (typeof url !== 'string' || !url.startsWith('/') || url.startsWith('//')) return null;
  return url;
}

// A short message at the bottom of the screen; kind: info | error.
export function toast(message, kind = 'info') {
  const box = document.getElementById('toasts');
  const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
  box.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

// A modal form in a <dialog>. fields: [{name, label, type: text|textarea|select|number,
// options: [[value, label]], value, required}]. Resolves to {name: value} or null (cancelled).
export function formDialog({ title, fields, submitLabel = 'Save', danger = false }) {
  return new Promise((resolve) => {
    const inputs = fields.map((f) => field(f));
    const form = h('form', { method: 'dialog', class: 'dialog-form' },
      h('h2', {}, title),
      inputs.map((i) => i.wrapper),
      h('div', { class: 'dialog-buttons' },
        h('button', { type: 'button', class: 'btn', onclick: () => dialog.close('cancel') }, 'Cancel'),
        h('button', { type: 'submit', class: danger ? 'btn btn-danger' : 'btn btn-primary', value: 'ok' },
          submitLabel)));
    const dialog = h('dialog', { class: 'dialog' }, form);
    let result = null;
    form.addEventListener('submit', () => {
      result = Object.fromEntries(inputs.map((i) => [i.name, i.input.value.trim()]));
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'ok' ? result : null);
    });
    document.body.append(dialog);
    dialog.showModal();
    inputs[0]?.input.focus();
  });
}

function field({ name, label, type = 'text', options = [], value = '', required = false }) {
  const id = `dlg-${name}`;
  let input;
  if (type === 'select') {
    input = h('select', { id, name, required },
      options.map(([v, l]) => h('option', { value: v, selected: String(v) === String(value) }, l)));
  } else if (type === 'textarea') {
    input = h('textarea', { id, name, rows: 4, required });
    input.value = value;
  } else {
    input = h('input', { id, name, type, required, autocomplete: 'off' });
    input.value = value;
  }
  const wrapper = h('div', { class: 'field' }, h('label', { for: id }, label), input);
  return { name, input, wrapper };
}
