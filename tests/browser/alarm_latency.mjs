// SPDX-License-Identifier: Apache-2.0
// Alarm latency (a measurement, not a test): from an alarm's frame timestamp (`started_at`) to
// its row being rendered in the operator's browser. In the page, a MutationObserver on the
// alarm list records Date.now() - Date.parse(started_at) for each newly added alarm row (and,
// one animation frame later, the same at paint); after COUNT alarms it prints JSON with the
// median and p99.
//
//   CCTV_CONSOLE_URL=http://127.0.0.1:8080 CCTV_USER=u CCTV_PASSWORD=p \
//   CCTV=build/apps/cctv CCTV_CONFIG=cfg.yaml node tests/browser/alarm_latency.mjs
//
// With CCTV and CCTV_CONFIG set it injects the alarms itself (injectAlarms below); without,
// it waits for them to be injected by hand with the command it prints. Optional: COUNT (100),
// INTERVAL_MS (200), CCTV_SCREENSHOT_DIR (saves browser-alarm-latency.png there).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { login, settings } from './lib.mjs';

const count = Number(process.env.COUNT || 100);
const intervalMs = Number(process.env.INTERVAL_MS || 200);

// Publishes `count` test loitering alarms onto the bus, one every `intervalMs`, each ending 10 s later.
function injectAlarms() {
  const args = ['inject-alarms', '--config', process.env.CCTV_CONFIG || 'CFG', '--count', String(count), '--interval-ms', String(intervalMs)];
  if (!process.env.CCTV || !process.env.CCTV_CONFIG) {
    console.error(`waiting for ${count} alarms; inject them with:\n  "$CCTV" ${args.join(' ')}`);
    return null;
  }
  const child = spawn(process.env.CCTV, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('exit', (code) => { if (code) console.error(`cctv inject-alarms exited with ${code}`); });
  return child;
}

// Runs in the page: records each alarm row the first time it is added to the list.
function observe() {
  const list = document.getElementById('alarm-list');
  const seen = new Set([...list.querySelectorAll('.alarm')].map((row) => row.dataset.id));
  window.__latency = [];
  new MutationObserver((records) => {
    const now = Date.now();
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof HTMLElement) || !node.matches('.alarm') || seen.has(node.dataset.id)) continue;
        seen.add(node.dataset.id);
        const sample = { id: node.dataset.id, dom_ms: now - Date.parse(node.dataset.startedAt) };
        requestAnimationFrame(() => { sample.paint_ms = Date.now() - Date.parse(node.dataset.startedAt); });
        window.__latency.push(sample);
      }
    }
  }).observe(list, { childList: true });
}

function stats(values) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const rank = (p) => v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)];
  return { median_ms: rank(50), p99_ms: rank(99), min_ms: v[0], max_ms: v[v.length - 1],
    mean_ms: Math.round(v.reduce((a, b) => a + b, 0) / v.length) };
}

const browser = await chromium.launch({ executablePath: settings.chromium });
let child = null;
let exitCode = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await login(page);
  await page.locator('#alarm-list[data-loaded]').waitFor({ state: 'attached' });
  await page.evaluate(observe);
  child = injectAlarms();
  const deadline = Date.now() + count * intervalMs + 60000;
  let samples = [];
  while (Date.now() < deadline) {
    samples = await page.evaluate(() => window.__latency);
    if (samples.length >= count) break;
    await page.waitForTimeout(250);
  }
  await page.waitForTimeout(100);  // the last rows' animation frame
  samples = (await page.evaluate(() => window.__latency)).slice(0, count);
  if (process.env.CCTV_SCREENSHOT_DIR) {
    await page.screenshot({ path: join(process.env.CCTV_SCREENSHOT_DIR, 'browser-alarm-latency.png') });
  }
  const result = {
    alarms: samples.length, wanted: count, interval_ms: intervalMs,
    rendered: stats(samples.map((s) => s.dom_ms)), painted: stats(samples.map((s) => s.paint_ms)),
  };
  console.log(JSON.stringify(result, null, 2));
  if (samples.length < count) {
    console.error(`only ${samples.length} of ${count} alarms were rendered in time`);
    exitCode = 1;
  }
} catch (err) {
  console.error(`alarm latency: ${err.message}`);
  exitCode = 1;
} finally {
  // It ends each alarm after its duration: let it, so that none is left active.
  if (child && child.exitCode === null) await new Promise((resolve) => child.on('exit', resolve));
  await browser.close();
}
process.exit(exitCode);
