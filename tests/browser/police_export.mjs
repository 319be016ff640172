// SPDX-License-Identifier: Apache-2.0
// A police footage request end to end: an officer submits it in the Exports page, a
// supervisor approves it in another browser session, the officer sees it built, downloads the
// package (which `cctv verify` passes) and plays the working copy in Chromium's <video>.
// Needs CCTV_POLICE_USER, CCTV_SUPERVISOR_USER (password CCTV_PASSWORD) and CCTV_BINARY, which
// run.sh sets.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, login, scenario, settings } from './lib.mjs';

const police = process.env.CCTV_POLICE_USER || '';
const supervisor = process.env.CCTV_SUPERVISOR_USER || '';
const reference = `BT-${Date.now()}`;

// London wall-clock "YYYY-MM-DDTHH:MM:SS" at `ms`, as the form's datetime-local input reports
// it: Chromium drops zero seconds ("…T01:33"), and Playwright refuses to fill a value the input
// would report differently ("Malformed value": one run in thirty, when "from" or "to" fell on :00).
function londonInput(ms) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const seconds = parts.second === '00' ? '' : `:${parts.second}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}${seconds}`;
}

const row = (page) => page.locator('#export-requests tr', { hasText: reference });

await scenario('police_export', async ({ page, log }) => {
  check(police && supervisor && process.env.CCTV_BINARY, 'set CCTV_POLICE_USER, CCTV_SUPERVISOR_USER and CCTV_BINARY');
  await login(page, { user: police });
  // The camera has recorded since before this login; ask for a window after it, once the
  // recording segment holding it has closed (segments are 10 s).
  const loggedIn = Date.now();
  const from = loggedIn + 4000, to = loggedIn + 9000;
  await page.waitForTimeout(Math.max(0, to + 15000 - Date.now()));
  await page.goto(`${settings.url}/#/exports`);
  await page.locator('#x-reference').fill(reference);
  await page.locator('#x-officer').fill('PC 4521 Jones');
  await page.locator('#x-force').fill('Metropolitan Police');
  await page.locator('#x-cameras').selectOption(['tw1']);
  await page.locator('#x-from').fill(londonInput(from));
  await page.locator('#x-to').fill(londonInput(to));
  await page.locator('#x-reason').fill('Robbery investigation, DPA 2018 Sch 2 para 2');
  await page.locator('#export-request button[type=submit]').click();
  await row(page).waitFor();
  check((await row(page).getAttribute('data-state')) === 'requested', 'the new request is not awaiting approval');
  log('request submitted');

  const other = await page.context().browser().newContext();
  const boss = await other.newPage();
  await login(boss, { user: supervisor });
  await boss.goto(`${settings.url}/#/exports`);
  await row(boss).locator('.export-approve').click();
  await boss.waitForFunction((ref) => [...document.querySelectorAll('#export-requests tr')]
    .some((tr) => tr.textContent.includes(ref) && tr.dataset.state !== 'requested'), reference);
  await other.close();
  log('approved by the supervisor');

  const deadline = Date.now() + 90000;
  for (;;) {
    await page.goto(`${settings.url}/#/exports`);
    await page.reload();
    await row(page).waitFor();
    const state = await row(page).getAttribute('data-state');
    if (state === 'ready') break;
    check(state !== 'failed', `the build failed: ${await row(page).locator('.export-state').textContent()}`);
    check(Date.now() < deadline, `the package was not built within 90 s (state ${state})`);
    await page.waitForTimeout(1000);
  }
  log('package built');

  const [download] = await Promise.all([page.waitForEvent('download'), row(page).locator('.export-download').click()]);
  const dir = mkdtempSync(join(tmpdir(), 'cctv-export-'));
  try {
    const zip = join(dir, 'package.zip');
    await download.saveAs(zip);
    check(readFileSync(zip).subarray(0, 2).toString() === 'PK', 'the download is not a zip');
    const out = execFileSync(process.env.CCTV_BINARY, ['verify', zip], { encoding: 'utf8' });
    check(out.includes('RESULT: PASS'), `cctv verify did not pass:\n${out}`);
    log('downloaded package verifies');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  await row(page).locator('.export-play').first().click();
  const video = page.locator('video.export-video');
  await video.waitFor();
  await page.waitForFunction(() => {
    const v = document.querySelector('video.export-video');
    return v && v.readyState >= 2 && v.currentTime > 0.2;
  }, null, { timeout: 20000 }).catch(async () => {
    const v = await video.evaluate((el) => ({ ready: el.readyState, t: el.currentTime, error: el.error?.message || el.error?.code }));
    throw new Error(`the working copy does not play in Chromium: ${JSON.stringify(v)}`);
  });
  log('working copy plays');
});
