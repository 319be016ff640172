// SPDX-License-Identifier: Apache-2.0
// Scenario: a drill from `cctv inject-alarms` shows in the alarm list with a TEST badge, ends
// by itself and leaves the list, and the incident log shows it closed, still marked TEST.
// Needs CCTV_BINARY and CCTV_CONFIG (run.sh sets both).
import { check, injectAlarms, login, scenario } from './lib.mjs';

scenario('test-alarm', async ({ page, log, shot }) => {
  check(process.env.CCTV_BINARY && process.env.CCTV_CONFIG, 'set CCTV_BINARY and CCTV_CONFIG');
  await login(page);
  await page.locator('#alarm-list[data-loaded]').waitFor({ state: 'attached' });
  const injected = injectAlarms(['--count', '1', '--duration-s', '8']).exited;
  const row = page.locator('#alarm-list .alarm[data-test="true"]').first();
  await row.waitFor({ timeout: 30000 });
  const badge = (await row.locator('.badge-test').textContent())?.trim();
  check(badge === 'TEST', `the test alarm's row shows no TEST badge (got '${badge}')`);
  const id = await row.getAttribute('data-id');
  log(`test alarm ${id} listed with a TEST badge`);
  await shot('-1-listed');

  check(await injected === 0, 'cctv inject-alarms failed');
  await page.locator(`#alarm-list .alarm[data-id="${id}"]`).waitFor({ state: 'detached', timeout: 30000 });
  log('it ended and left the alarm list by itself');

  await page.evaluate(() => { location.hash = '#/incidents'; });
  const logged = page.locator(`tr[data-id="${id}"]`);
  await logged.waitFor({ timeout: 15000 });
  check(await logged.locator('.badge-test').count() === 1, 'the incident log shows no TEST badge');
  const state = (await logged.locator('.badge-closed').textContent().catch(() => ''))?.trim();
  check(/closed/i.test(state), `the incident log shows it '${state}', not closed`);
  log('the incident log shows it closed, marked TEST');
});
