// SPDX-License-Identifier: Apache-2.0
// Scenario (d): a wrong password shows an error and leaves the login form usable; the right
// password then works.
import { check, login, open, scenario, settings } from './lib.mjs';

scenario('wrong-password', async ({ page, log, shot }) => {
  await open(page);
  await page.locator('#login-user').fill(settings.user);
  await page.locator('#login-password').fill(`${settings.password}-wrong`);
  await page.locator('#login-submit').click();
  const error = page.locator('#login-error');
  await page.waitForFunction(() => document.querySelector('#login-error')?.textContent.trim() !== '');
  const text = (await error.textContent()).trim();
  log(`error shown: ${text}`);
  check(/wrong user name or password/i.test(text), `unexpected login error: '${text}'`);
  check(await page.locator('#app').isHidden(), 'the console opened after a wrong password');
  check(await page.locator('#login-submit').isEnabled(), 'the login button stayed disabled');
  await shot('-1-error');

  await login(page);
  check(await page.locator('#who .user').textContent() === settings.user, 'the header does not show the user');
  log('the right password then logs in');
});
