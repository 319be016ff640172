// SPDX-License-Identifier: Apache-2.0
// Playback: the timeline of tw1 shows recorded spans and the loitering alarm's marker; clicking
// the marker plays the recording from the alarm's time (the video's time advances); from the
// incident, "Playback at alarm time - 10 s" plays from ten seconds before, and the frame shown
// there is the recording's frame at the time the page says: compared with frames decoded by
// ffmpeg straight from the recording segment the store indexed (at that time, and a second
// either side, where the scene's walkers have moved), it matches the right one. The page is
// shot at 1920x1080 and 1366x768 and must not scroll sideways at either size.
//
// Needs CCTV_DATA_DIR (run.sh sets it): the store's cctv.db and recordings, read with sqlite3
// and ffmpeg.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { check, login, scenario, settings } from './lib.mjs';

const CAMERA = 'tw1';
const FRAME_W = 160;
const FRAME_H = 90;

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

// The first loitering alarm on tw1 with 12 s of recording before it and 20 s after (segments
// are indexed when they close, every 10 s; the first alarm can come before 12 s were recorded).
async function recordedAlarm(page, log) {
  for (const deadline = Date.now() + 240000; Date.now() < deadline; await wait(2000)) {
    const found = await page.evaluate(async (camera) => {
      const r = await fetch(`/api/incidents?camera=${camera}&category=loitering`);
      const { incidents } = await r.json();
      // Only this run's: the demo data holds a year of older incidents on tw1.
      const since = Date.now() - 15 * 60000;
      const alarms = incidents.filter((i) => !i.test && Date.parse(i.started_at) > since)
        .sort((a, b) => a.started_at.localeCompare(b.started_at));
      for (const alarm of alarms) {
        const at = Date.parse(alarm.started_at);
        const from = new Date(at - 12000).toISOString();
        const to = new Date(at + 20000).toISOString();
        const t = await (await fetch(`/api/cameras/${camera}/timeline?from=${from}&to=${to}`)).json();
        if (t.spans.some((s) => s.from === from && s.to === to)) return alarm;
      }
      return null;
    }, CAMERA);
    if (found) return found;
    log('waiting for an alarm with its footage indexed');
  }
  throw new Error('no loitering alarm on tw1 with 12 s of recording before and 20 s after it within 240 s');
}

async function playing(page) {
  await page.waitForFunction(() => {
    const v = document.querySelector('#pb-video');
    return v && v.readyState >= 2 && !v.paused && v.dataset.start;
  }, null, { timeout: 30000 });
}

// Wall-clock ms of the frame the player shows: its cut's start plus its time.
const shownAt = (page) => page.evaluate(() => {
  const v = document.querySelector('#pb-video');
  return Date.parse(v.dataset.start) + v.currentTime * 1000;
});

// The picture as FRAME_W x FRAME_H luma, as drawn by the browser.
const browserFrame = (page) => page.evaluate(([w, h]) => {
  const v = document.querySelector('#pb-video');
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  const g = c.getContext('2d');
  g.drawImage(v, 0, 0, w, h);
  const rgba = g.getImageData(0, 0, w, h).data;
  const out = [];
  for (let i = 0; i < rgba.length; i += 4) out.push(0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2]);
  return out;
}, [FRAME_W, FRAME_H]);

// The recording's frame at wall-clock `ms`, decoded by ffmpeg from the indexed segment.
function recordedFrame(ms) {
  const db = join(process.env.CCTV_DATA_DIR, 'cctv.db');
  const iso = new Date(ms).toISOString();  // the index's own format (format_utc)
  const row = execFileSync('sqlite3', ['-readonly', '-separator', '|', db,
    `SELECT path, start FROM recordings WHERE camera = '${CAMERA}' AND start <= '${iso}' AND "end" > '${iso}' ORDER BY start DESC LIMIT 1`],
  { encoding: 'utf8' }).trim();
  check(row, `no recording segment of ${CAMERA} holds ${iso}`);
  const [path, start] = row.split('|');
  const offset = ((ms - Date.parse(start)) / 1000).toFixed(3);
  const size = FRAME_W * FRAME_H;
  const decode = (seek, frames) => execFileSync('ffmpeg', ['-v', 'error', ...seek, '-i', path, ...frames,
    '-vf', `scale=${FRAME_W}:${FRAME_H}`, '-pix_fmt', 'gray', '-f', 'rawvideo', 'pipe:1'], { maxBuffer: 1 << 24 });
  let raw = decode(['-ss', offset], ['-frames:v', '1']);
  // A time within the segment's last frame (after its start, before the segment's end) is past
  // every frame's start, so seeking there decodes nothing: the frame shown then is the last one.
  if (raw.length === 0) raw = decode(['-sseof', '-1'], []).subarray(-size);
  check(raw.length === size, `ffmpeg decoded ${raw.length} bytes at ${offset} s of ${path}`);
  return Array.from(raw);
}

// Mean absolute difference of two pictures after each is normalised (mean 0, sd 1), so the
// browser's RGB and ffmpeg's limited-range luma compare.
function difference(a, b) {
  const norm = (x) => {
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length) || 1;
    return x.map((v) => (v - mean) / sd);
  };
  const p = norm(a);
  const q = norm(b);
  return p.reduce((s, v, i) => s + Math.abs(v - q[i]), 0) / p.length;
}

async function noSidewaysScroll(page, width, height, log) {
  await page.setViewportSize({ width, height });
  await wait(300);
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  const path = join(settings.screenshots, `browser-playback-${width}x${height}.png`);
  await page.screenshot({ path });
  log(`${width}x${height}: scrollWidth ${scroll}, innerWidth ${inner}; ${path}`);
  check(scroll <= inner, `at ${width}x${height} the page scrolls sideways (scrollWidth ${scroll} > innerWidth ${inner})`);
}

await scenario('playback', async ({ page, log }) => {
  check(process.env.CCTV_DATA_DIR, 'set CCTV_DATA_DIR to the data directory of the cctv run under test');
  await login(page);
  const alarm = await recordedAlarm(page, log);
  const alarmAt = Date.parse(alarm.started_at);
  log(`alarm ${alarm.id} at ${alarm.started_at}`);

  // The timeline around the alarm, 10 minutes wide: spans and the alarm's marker.
  await page.goto(`${settings.url}/#/playback/${CAMERA}/${encodeURIComponent(new Date(alarmAt - 60000).toISOString())}`);
  await page.locator('#pb-zoom').selectOption(String(10 * 60 * 1000));
  await page.locator('#pb-timeline .pb-span').first().waitFor();
  const marker = page.locator(`#pb-timeline .pb-marker[data-ts="${alarm.started_at}"]`).first();  // one per loiterer
  await marker.waitFor();
  check(await page.locator('#pb-timeline .pb-gap').count() >= 1, 'no gap before the recording started on the timeline');

  // Click the marker: the recording plays from the alarm's time, and time advances.
  // Markers of the same time overlap and the bar is redrawn as the video plays: click in the page.
  await page.evaluate((ts) => document.querySelector(`#pb-timeline .pb-marker[data-ts="${ts}"]`).click(), alarm.started_at);
  await page.waitForFunction((at) => {
    const v = document.querySelector('#pb-video');
    return v?.dataset.start && Math.abs(Date.parse(v.dataset.start) + v.currentTime * 1000 - at) < 2000;
  }, alarmAt, { timeout: 30000 });
  await playing(page);
  const t1 = await page.evaluate(() => document.querySelector('#pb-video').currentTime);
  await wait(2000);
  const t2 = await page.evaluate(() => document.querySelector('#pb-video').currentTime);
  log(`after the marker: currentTime ${t1.toFixed(2)} -> ${t2.toFixed(2)} s in 2 s`);
  check(t2 - t1 > 1, `the video's time did not advance (${t1} -> ${t2})`);

  await noSidewaysScroll(page, 1920, 1080, log);
  await noSidewaysScroll(page, 1366, 768, log);
  await page.setViewportSize({ width: 1400, height: 900 });

  // From the incident: playback at alarm time - 10 s, where the scene's walkers are moving.
  await page.goto(`${settings.url}/#/incidents/${encodeURIComponent(alarm.id)}`);
  await page.locator('.footage-playback').click();
  await playing(page);
  const start = await shownAt(page);
  check(Math.abs(start - (alarmAt - 10000)) < 3000,
    `"Playback at alarm time - 10 s" plays from ${new Date(start).toISOString()}, not about ${new Date(alarmAt - 10000).toISOString()}`);
  await page.locator('#pb-play').click();  // pause
  await page.waitForFunction(() => document.querySelector('#pb-video').paused);
  await wait(500);
  const at = await shownAt(page);
  const shown = await browserFrame(page);
  const candidates = [-1000, 0, 1000].map((d) => ({ d, diff: difference(shown, recordedFrame(at + d)) }));
  log(`frame shown at ${new Date(at).toISOString()}: difference from the recording's frame ` +
    candidates.map((c) => `${c.d >= 0 ? '+' : ''}${c.d} ms: ${c.diff.toFixed(3)}`).join(', '));
  const [before, same, after] = candidates.map((c) => c.diff);
  check(same < before && same < after,
    `the frame shown is not the recording's frame at the time shown (${same.toFixed(3)} vs ${before.toFixed(3)} / ${after.toFixed(3)} a second either side)`);
});
