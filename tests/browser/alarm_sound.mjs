// SPDX-License-Identifier: Apache-2.0
// Scenario: the alarm tone under the browser's real autoplay rule. A new alarm sounds, and the
// tone repeats every 10 s while the alarm is active and unacknowledged; after a reload the page
// says it needs a click before it may sound, stays silent until then, and sounds again after
// one; acknowledging the alarm stops it. A hook counts the tones (oscillators started; a tone
// is two).
import { check, injectAlarms, login, scenario, checkScreens } from './lib.mjs';

const countTones = () => {
  window.__oscillators = 0;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function counted(...args) {
    window.__oscillators++;
    return start.apply(this, args);
  };
};
// Acknowledges every new alarm (those earlier scenarios left), so that only the test's alarm
// decides whether the tone repeats.
const acknowledgeOthers = (page) => page.evaluate(async () => {
  const { api } = await import('/api.js');
  const ids = (await api.alarms()).alarms.filter((i) => i.state === 'new').map((i) => i.id);
  if (ids.length) await api.acknowledgeAll(ids, 'browser test: quiet before the sound test');
});
const tones = (page) => page.evaluate(() => Math.floor(window.__oscillators / 2));

scenario('alarm-sound', async ({ page, log, shot }) => {
  check(process.env.CCTV_BINARY && process.env.CCTV_CONFIG, 'set CCTV_BINARY and CCTV_CONFIG');
  // A scene alarm arriving after the acknowledgement rightly sounds, and would read as a repeat.
  check(process.env.CCTV_BROWSER_SCENE_ALARMS === '0', 'run with CCTV_BROWSER_SCENE_ALARMS=0 (a quiet street scene)');
  await page.addInitScript(countTones);
  await login(page);  // the login click lets the page sound
  await page.locator('#alarm-list[data-loaded]').waitFor({ state: 'attached' });
  await page.locator('#sound-banner').waitFor({ state: 'hidden', timeout: 5000 })
    .catch(() => { throw new Error('the page asks for a click right after the login click'); });
  await acknowledgeOthers(page);
  const inject = injectAlarms(['--count', '1', '--duration-s', '150']);
  try {
    await page.locator('#alarm-list .alarm[data-test="true"][data-state="new"]').first().waitFor({ timeout: 30000 });
    const id = await page.locator('#alarm-list .alarm[data-test="true"][data-state="new"]').first().getAttribute('data-id');
    const row = page.locator(`#alarm-list .alarm[data-id="${id}"]`);
    await page.waitForFunction(() => window.__oscillators >= 2, null, { timeout: 5000 });
    log('the new alarm sounded');
    await page.waitForTimeout(21000);
    const repeated = await tones(page);
    check(repeated >= 3, `${repeated} tones in the 21 s after a new alarm; the tone should repeat every 10 s`);
    log(`${repeated} tones by 21 s after the alarm`);

    await page.reload();
    await page.locator('#alarm-list[data-loaded]').waitFor({ state: 'attached' });
    await page.locator('#sound-banner').waitFor();
    const button = (await page.locator('#mute').textContent()).trim();
    check(/click/i.test(button), `after a reload the sound button says '${button}', not that a click is needed`);
    await checkScreens(page, 'alarm_sound-1-needs-click', log);
    await page.waitForTimeout(11000);
    check(await tones(page) === 0, 'the page sounded before any click (the browser should have blocked it)');
    log('after the reload: silent, and the page asks for a click');

    await page.locator('#sound-allow').click();
    await page.locator('#sound-banner').waitFor({ state: 'hidden' });
    await page.waitForFunction(() => window.__oscillators >= 2, null, { timeout: 12000 });
    log(`after one click the tone repeats again (${await tones(page)} tone(s))`);

    await row.locator('[data-action=acknowledge]').click();
    await page.locator(`#alarm-list .alarm[data-id="${id}"][data-state="acknowledged"]`).waitFor();
    await acknowledgeOthers(page);
    const atAck = await tones(page);
    await page.waitForTimeout(11000);
    check(await tones(page) === atAck, 'the tone went on after the alarm was acknowledged');
    log('acknowledged: the tone stopped');
  } finally {
    inject.child.kill('SIGINT');
  }
}, { timeoutS: 180, autoplay: false });
