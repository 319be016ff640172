// SPDX-License-Identifier: Apache-2.0
// Display formats. The server stores and sends UTC; the control room reads Europe/London
// (GMT in winter, BST in summer), so every time shown goes through these formatters.

export const TIME_ZONE = 'Europe/London';

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE, day: '2-digit', month: 'short', year: 'numeric',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
});
const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE, weekday: 'short', day: '2-digit', month: 'short',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
});
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

// "23 Nov 2025, 14:03:12 GMT"; "—" for null or unparseable.
export function localTime(iso) {
  const ms = Date.parse(iso ?? '');
  return Number.isNaN(ms) ? '—' : dateTime.format(ms);
}

export function clockNow() {
  return clock.format(Date.now());
}

// "3 min ago", "2 h ago" from a UTC ISO time.
export function age(iso) {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (Number.isNaN(s)) return '';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

// 83 -> "1 min 23 s".
export function duration(seconds) {
  const s = Math.round(Number(seconds) || 0);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

// "camera_offline" -> "Camera offline".
export function label(text) {
  const t = String(text ?? '').replaceAll('_', ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

// Wall-clock fields of a UTC instant in London.
function londonFields(ms) {
  const f = Object.fromEntries(parts.formatToParts(ms).map((p) => [p.type, p.value]));
  return { y: +f.year, mo: +f.month, d: +f.day, h: +f.hour, mi: +f.minute, s: +f.second };
}

// London's offset from UTC at an instant, in ms (0 in GMT, 3,600,000 in BST).
function offsetAt(ms) {
  const f = londonFields(ms);
  return Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s) - Math.floor(ms / 1000) * 1000;
}

// "2025-03-30T01:30" (London wall clock, as from <input type=datetime-local> or a date
// "2025-03-30") -> UTC ISO "2025-03-30T01:30:00.000Z". A time skipped by the spring change
// resolves forward; a time repeated in autumn takes the first (BST) one.
export function londonToUtc(local) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local || '');
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  const first = wall - offsetAt(wall - 3600000);
  const utc = offsetAt(first) === wall - first ? first : wall - offsetAt(wall);
  return new Date(utc).toISOString();
}

// Now as a London "YYYY-MM-DDTHH:MM" for a datetime-local input's default.
export function londonInputNow(ms = Date.now()) {
  const f = londonFields(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${f.y}-${p(f.mo)}-${p(f.d)}T${p(f.h)}:${p(f.mi)}`;
}

// Date and time inputs in UK order whatever the browser's locale (<input type=datetime-local>
// shows the browser's, MM/DD/YYYY in en-US): a text input with this pattern.
export const UK_DATE_TIME = {
  pattern: '\\s*\\d{1,2}/\\d{1,2}/\\d{4},? \\d{1,2}:\\d{2}(:\\d{2})?\\s*',
  placeholder: 'DD/MM/YYYY HH:MM:SS',
};

// Now as London "DD/MM/YYYY HH:MM:SS".
export function ukInputNow(ms = Date.now()) {
  const f = londonFields(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(f.d)}/${p(f.mo)}/${f.y} ${p(f.h)}:${p(f.mi)}:${p(f.s)}`;
}

// "DD/MM/YYYY HH:MM[:SS]" (London wall clock) -> UTC ISO; null unless it is a real date and time.
export function ukToUtc(text) {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text || '');
  if (!m) return null;
  const [d, mo, y, hh, mi, ss] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || hh > 23 || mi > 59 || ss > 59) return null;
  const p = (n) => String(n).padStart(2, '0');
  return londonToUtc(`${y}-${p(mo)}-${p(d)}T${p(hh)}:${p(mi)}:${p(ss)}`);
}

// Today's London date "YYYY-MM-DD", `days` from today.
export function londonDate(days = 0) {
  return londonInputNow(Date.now() + days * 86400000).slice(0, 10);
}

// Incident ids are UUIDs; people read and say the first 8 characters ("930504ee").
export function shortId(id) {
  const s = String(id ?? '');
  return /^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(s) ? s.slice(0, 8) : s;
}
