// SPDX-License-Identifier: Apache-2.0
// Scenario: many open alarms. 30 injected alarms list active ones first, 20 or more compact rows
// fit a 1080p screen, filters narrow the list, a zone's repeats fold into one row, and all of
// them are acknowledged in one go with a note that each incident's history then shows.
import { check, injectAlarms, login, scenario, checkScreens, submitDialog } from './lib.mjs';

const COUNT = 30;

scenario('alarm-scale', async ({ page, log, shot }) => {
  check(process.env.CCTV_BINARY && process.env.CCTV_CONFIG, 'set CCTV_BINARY and CCTV_CONFIG');
  await login(page);
  await page.locator('#alarm-list[data-loaded]').waitFor({ state: 'attached' });
  // Long alarms, so that they are still active while the test works on them.
  const inject = injectAlarms(['--count', String(COUNT), '--interval-ms', '20', '--duration-s', '600']);
  try {
    const testRows = page.locator('#alarm-list .alarm[data-test="true"]');
    await testRows.nth(COUNT - 1).waitFor({ timeout: 60000 });
    log(`${await testRows.count()} test alarms listed`);

    const active = await page.locator('#alarm-list .alarm').evaluateAll((rows) => rows.map((r) => r.dataset.active));
    const firstInactive = active.indexOf('false');
    check(firstInactive < 0 || !active.slice(firstInactive).includes('true'), `an active alarm is ranked below an ended one: ${active}`);

    await page.setViewportSize({ width: 1920, height: 1080 });
    const onScreen = await page.locator('#alarm-list .alarm').evaluateAll(
      (rows) => rows.filter((r) => r.getBoundingClientRect().bottom <= window.innerHeight).length);
    check(onScreen >= 20, `only ${onScreen} alarm rows fit a 1920x1080 screen`);
    log(`${onScreen} rows on a 1920x1080 screen`);
    await checkScreens(page, 'alarm_scale-1-list', log);

    // Filters: acknowledged only shows none of them; back to any state shows them all.
    await page.locator('select.filter[name=state]').selectOption('acknowledged');
    await page.waitForFunction(() => !document.querySelector('#alarm-list .alarm[data-test="true"]'));
    await page.locator('select.filter[name=state]').selectOption('');
    await testRows.nth(COUNT - 1).waitFor();
    log('the state filter narrows the list and widens it again');

    // Three repeats of one zone, handed to the page's alarm store as the event stream would.
    await page.evaluate(async () => {
      const { alarmStore } = await import('/alarms.js');
      const base = alarmStore.sorted().find((i) => i.test);
      for (const n of [1, 2, 3]) {
        alarmStore.upsert({ ...base, id: `repeat-${n}`, zone: 'repeat-zone', started_at: new Date(Date.now() - n * 1000).toISOString() });
      }
    });
    const group = page.locator('#alarm-list .alarm[data-id^="repeat-"][data-repeats="3"]');
    await group.waitFor();
    check(await page.locator('#alarm-list .alarm[data-id^="repeat-"]').count() === 1, 'the repeats are not folded into one row');
    await group.locator('button.repeats').click();
    await page.locator('#alarm-list .alarm.repeat').nth(1).waitFor();
    log('three repeats of a zone fold into one row and unfold on a click');
    await page.evaluate(async () => {
      const { alarmStore } = await import('/alarms.js');
      for (const n of [1, 2, 3]) alarmStore.upsert({ ...alarmStore.sorted().find((i) => i.id === `repeat-${n}`), state: 'closed' });
    });
    await page.waitForFunction(() => !document.querySelector('#alarm-list .alarm[data-id^="repeat-"]'));

    // Bulk acknowledge: the injected alarms, each ticked (the scene's own alarms stay as they are).
    const ids = await testRows.evaluateAll((rows) => rows.map((r) => r.dataset.id));
    for (const id of ids) await page.locator(`#alarm-list .alarm[data-id="${id}"] input.select`).check();
    const label = await page.locator('#acknowledge-selected').textContent();
    check(label.includes(`(${ids.length})`), `the bulk button says '${label}' for ${ids.length} selected`);
    await page.locator('#acknowledge-selected').click();
    const note = `Bulk test ${Date.now()}: drill alarms`;
    await submitDialog(page, { note });
    await page.waitForFunction((n) => document.querySelectorAll('#alarm-list .alarm[data-test="true"][data-state="acknowledged"]').length >= n,
      ids.length, { timeout: 30000 });
    log(`${ids.length} alarms acknowledged in one go`);
    const history = await page.evaluate((id) => fetch(`/api/incidents/${id}`).then((r) => r.json()), ids[0]);
    const step = history.history.find((h) => h.action === 'acknowledged');
    check(step && JSON.stringify(step).includes(note), `the acknowledgement in the history has no note: ${JSON.stringify(step)}`);
    await checkScreens(page, 'alarm_scale-2-acknowledged', log);
  } finally {
    inject.child.kill('SIGINT');
  }
}, { timeoutS: 240 });
