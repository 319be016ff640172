// SPDX-License-Identifier: Apache-2.0
// The admin page: an admin adds an account, which then logs in in another browser; ends its
// sessions (that browser is sent back to the login screen), changes its role, disables it (its
// login is refused) and enables it, resets its password (the new one works), unlocks it; finds
// those steps in the audit log by searching for the name, checks the chain is intact, and
// removes the account. The page is screenshot at 1920x1080 and 1366x768 and must not scroll
// sideways. Needs CCTV_ADMIN_USER (password CCTV_PASSWORD), which run.sh sets.
import { check, checkScreens, login, scenario, settings, submitDialog } from './lib.mjs';

const admin = process.env.CCTV_ADMIN_USER || '';
const name = `bt-user-${Date.now() % 100000}`;
const firstPassword = 'first long password';
const newPassword = 'second long password';

const userRow = (page) => page.locator(`#admin-user-table tr[data-user="${name}"]`);

// Logs in as the new user in a browser of its own; resolves to its page, or null when refused.
async function loginElsewhere(browser, password) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await login(page, { user: name, password });
    return page;
  } catch {
    await context.close();
    return null;
  }
}

await scenario('admin_users', async ({ page, log }) => {
  check(admin, 'set CCTV_ADMIN_USER');
  await login(page, { user: admin });
  await page.goto(`${settings.url}/#/admin`);
  await page.locator('#admin-user-table').waitFor();

  await page.locator('#au-name').fill(name);
  await page.locator('#au-role').selectOption('operator');
  await page.locator('#au-password').fill(firstPassword);
  await page.locator('#admin-add-user button[type=submit]').click();
  await userRow(page).waitFor();
  check(await userRow(page).getAttribute('data-role') === 'operator', 'the new account is not an operator');
  log('account added');

  const browser = page.context().browser();
  const theirs = await loginElsewhere(browser, firstPassword);
  check(theirs, 'the new account cannot log in');
  await userRow(page).locator('[data-action=revoke]').click();
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/revoke') && r.ok()), submitDialog(page, {})]);
  await theirs.reload();
  await theirs.locator('#login').waitFor({ state: 'visible' });
  await theirs.context().close();
  log('its sessions ended: the other browser is back at the login screen');

  await userRow(page).locator('[data-action=role]').click();
  await submitDialog(page, { role: 'supervisor' });
  await page.waitForFunction((n) => document.querySelector(`#admin-user-table tr[data-user="${n}"]`)?.dataset.role === 'supervisor', name);

  await userRow(page).locator('[data-action=disable]').click();
  await submitDialog(page, {});
  await page.waitForFunction((n) => document.querySelector(`#admin-user-table tr[data-user="${n}"]`)?.dataset.disabled === 'true', name);
  check(!(await loginElsewhere(browser, firstPassword)), 'a disabled account logged in');
  await userRow(page).locator('[data-action=enable]').click();
  await page.waitForFunction((n) => document.querySelector(`#admin-user-table tr[data-user="${n}"]`)?.dataset.disabled === 'false', name);
  log('role changed, disabled (login refused) and enabled');

  await userRow(page).locator('[data-action=password]').click();
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/password') && r.ok()),
    submitDialog(page, { password: newPassword })]);
  check(!(await loginElsewhere(browser, firstPassword)), 'the old password still works');
  const again = await loginElsewhere(browser, newPassword);
  check(again, 'the reset password does not work');
  check((await again.locator('#who .role').textContent()) === 'supervisor', 'the new role is not in the session');
  await again.context().close();
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/unlock') && r.ok()),
    userRow(page).locator('[data-action=unlock]').click()]);
  log('password reset and the account unlocked');

  await page.locator('#audit-q').fill(name);
  await page.locator('#audit-search button[type=submit]').click();
  await page.waitForFunction(() => document.querySelectorAll('#audit-table tbody tr').length > 0);
  await page.waitForFunction((n) => {
    const text = document.querySelector('#audit-table tbody').textContent;
    return ['user.add', 'session.revoke', 'user.role', 'user.disable', 'user.enable', 'user.reset-password', 'user.unlock']
      .every((a) => text.includes(a)) && text.includes(n);
  }, name, { timeout: 10000 }).catch(async () => {
    throw new Error(`the audit search does not show every step: ${await page.locator('#audit-table tbody').textContent()}`);
  });
  await page.locator('#audit-verify').click();
  await page.waitForFunction(() => document.getElementById('audit-verify-result').textContent.includes('intact'));
  log('audit search and verify');

  await checkScreens(page, 'admin', log);
  await userRow(page).locator('[data-action=remove]').click();
  await submitDialog(page, {});
  await userRow(page).waitFor({ state: 'detached' });
  log('account removed');
}, { timeoutS: 420, context: { locale: 'en-US' } });
