// SPDX-License-Identifier: Apache-2.0
// The new-alarm beep, made with WebAudio (no audio file). Browsers only let a page make sound
// after a user gesture: `unlock()` is called from the login click and any key or click, and
// `beep()` stays silent (never throws) while audio is blocked or muted.

const MUTE_KEY = 'cctv.muted';
let context = null;

export function isMuted() {
  return localStorage.getItem(MUTE_KEY) === '1';
}

export function setMuted(muted) {
  localStorage.setItem(MUTE_KEY, muted ? '1' : '0');
}

export function unlock() {
  try {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!context && Ctx) context = new Ctx();
    if (context && context.state === 'suspended') context.resume().catch(() => {});
  } catch {
    context = null;
  }
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
