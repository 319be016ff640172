// SPDX-License-Identifier: Apache-2.0
// The alarm tone, made with WebAudio (no audio file): once for a new alarm, then again every
// REPEAT_MS while an unacknowledged alarm is active. "Sound on" is remembered across reloads,
// but a browser only lets a page make sound after a click or key press on it (the autoplay
// rule), so after a load the page asks for one click (`needsClick()`, shown on screen) and
// `unlock()`, called from any click or key, starts the audio. `beep()` stays silent (never
// throws) while audio is blocked or muted.

const MUTE_KEY = 'cctv.muted';
export const REPEAT_MS = 10000;
let context = null;
const listeners = new Set();

export function isMuted() {
  return localStorage.getItem(MUTE_KEY) === '1';
}

export function setMuted(muted) {
  localStorage.setItem(MUTE_KEY, muted ? '1' : '0');
  notify();
}

// Sound is wanted but the browser holds it back until the operator clicks the page.
export function needsClick() {
  return !isMuted() && context?.state !== 'running';
}

// `fn()` runs whenever needsClick() may have changed.
export function onSoundState(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function notify() {
  for (const fn of listeners) fn();
}

export function unlock() {
  try {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!context && Ctx) {
      context = new Ctx();
      context.addEventListener('statechange', notify);
    }
    if (context && context.state === 'suspended') context.resume().then(notify, () => {});
  } catch {
    context = null;
  }
  notify();
}

// Two short 880 Hz tones.
export function beep() {
  if (isMuted() || !context || context.state !== 'running') return;
  try {
    const start = context.currentTime;
    for (const offset of [0, 0.22]) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.type = 'sine';
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.3, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.16);
      osc.connect(gain).connect(context.destination);
      osc.start(start + offset);
      osc.stop(start + offset + 0.18);
    }
  } catch {
    // Audio is a cue, not a requirement: the visual flash still shows the alarm.
  }
}

// Beeps every REPEAT_MS while `pending()` says an alarm still wants attention; returns a stop.
export function repeatWhile(pending) {
  const timer = setInterval(() => { if (pending()) beep(); }, REPEAT_MS);
  return () => clearInterval(timer);
}
