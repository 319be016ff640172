// SPDX-License-Identifier: Apache-2.0
// A police footage request end to end, in a browser whose locale is en-US: an officer submits
// it in the Exports page with UK dates (DD/MM/YYYY, whatever the locale) and a redacted copy, a
// supervisor sees the redaction asked, confirms the approval with a note in another browser
// session, the officer's page shows it approved and then built without a reload (the export
// event stream), the officer downloads the package (which `cctv verify` passes) and plays the
// working copy in Chromium's <video>, which fits its column. Both views are screenshot at
// 1920x1080 and 1366x768 and must not scroll sideways.
// Needs CCTV_POLICE_USER, CCTV_SUPERVISOR_USER (password CCTV_PASSWORD) and CCTV_BINARY, which
// run.sh sets.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, checkScreens, login, scenario, settings, submitDialog } from './lib.mjs';

const police = process.env.CCTV_POLICE_USER || '';
const supervisor = process.env.CCTV_SUPERVISOR_USER || '';
const reference = `BT-${Date.now()}`;

// London wall clock at `ms` as the form takes it: "DD/MM/YYYY HH:MM:SS".
function ukInput(ms) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}`;
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
  check(await page.evaluate(() => navigator.language) === 'en-US', 'the browser is not in the en-US locale');
  const shown = await page.locator('#x-from').inputValue();
  const today = ukInput(Date.now()).slice(0, 10);
  check(shown.slice(0, 10) === today, `the From field shows '${shown}', not today in UK order (${today}) under en-US`);
  await page.locator('#x-reference').fill(reference);
  await page.locator('#x-officer').fill('PC 4521 Jones');
  await page.locator('#x-force').fill('Metropolitan Police');
  await page.locator('#x-cameras').selectOption(['tw1']);
  await page.locator('#x-from').fill(ukInput(from));
  await page.locator('#x-to').fill(ukInput(to));
  await page.locator('#x-reason').fill('Robbery investigation, DPA 2018 Sch 2 para 2');
  await page.locator('#x-redact').check();
  await page.locator('#x-keep_tracks').fill('1, 2');
  const [sent] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith('/api/exports') && r.method() === 'POST'),
    page.locator('#export-request button[type=submit]').click(),
  ]);
  const body = sent.postDataJSON();
  check(body.from === new Date(Math.floor(from / 1000) * 1000).toISOString(),
    `the UK From '${ukInput(from)}' was sent as ${body.from}`);
  await row(page).waitFor();
  check((await row(page).getAttribute('data-state')) === 'requested', 'the new request is not awaiting approval');
  log('request submitted with UK dates under en-US');
  await page.evaluate(() => { window.notReloaded = true; });

  const other = await page.context().browser().newContext({ locale: 'en-US' });
  const boss = await other.newPage();
  await login(boss, { user: supervisor });
  await boss.goto(`${settings.url}/#/exports`);
  const asked = await row(boss).locator('.export-redaction-asked').textContent();
  check(asked.includes('tracks 1, 2 left visible'), `the approver does not see the redaction asked: '${asked}'`);
  await checkScreens(boss, 'exports-supervisor', log);
  await row(boss).locator('.export-approve').click();
  check((await boss.locator('dialog[open] h2').textContent()).includes(reference), 'the approval asks no confirmation naming the request');
  await submitDialog(boss, { note: 'Approved: lawful basis checked' });
  await boss.waitForFunction((ref) => [...document.querySelectorAll('#export-requests tr')]
    .some((tr) => tr.textContent.includes(ref) && tr.dataset.state !== 'requested'), reference);
  await other.close();
  log('approved by the supervisor, with a note');

  // The officer's page, never reloaded, follows the approval and the build.
  const seen = new Set();
  const deadline = Date.now() + 90000;
  for (;;) {
    const state = await row(page).getAttribute('data-state');
    seen.add(state);
    if (state === 'ready') break;
    check(state !== 'failed', `the build failed: ${await row(page).locator('.export-state').textContent()}`);
    check(Date.now() < deadline, `the officer's page did not show the package built within 90 s (state ${state})`);
    await page.waitForTimeout(100);
  }
  check(await page.evaluate(() => window.notReloaded === true), 'the page was reloaded');
  check([...seen].some((st) => st !== 'requested' && st !== 'ready'),
    `the officer's page never showed the request approved or building (saw ${[...seen].join(', ')})`);
  check((await row(page).locator('.export-state').textContent()).includes('Approved: lawful basis checked'),
    'the approval note is not shown');
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
  const fits = await page.evaluate(() => {
    const v = document.querySelector('video.export-video').getBoundingClientRect();
    const cell = document.querySelector('video.export-video').closest('td').getBoundingClientRect();
    return v.right <= cell.right + 1 && v.left >= cell.left - 1;
  });
  check(fits, 'the player overflows its column');
  log('working copy plays inside its column');
  await checkScreens(page, 'exports-police', log);
}, { context: { locale: 'en-US' } });
