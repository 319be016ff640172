// SPDX-License-Identifier: Apache-2.0
// Shared by the browser scenarios: settings from the environment, Debian's chromium through
// playwright-core, login, and one way to pass or fail. Each scenario is a plain Node script:
// it exits 0 when it passed and 1 with a "FAIL <scenario>: <why>" line when it did not, and
// saves a screenshot either way.
//
// Environment: CCTV_CONSOLE_URL (e.g. http://127.0.0.1:8080), CCTV_USER, CCTV_PASSWORD,
// CCTV_SCREENSHOT_DIR (default: the current directory), CHROMIUM (default /usr/bin/chromium),
// CCTV_HEADED=1 to watch. For run.sh: CCTV_READY_FILE is written once the browser is up, and
// login() waits up to CCTV_CONSOLE_WAIT_S (default 0) for the console to answer.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const settings = {
  url: (process.env.CCTV_CONSOLE_URL || '').replace(/\/$/, ''),
  user: process.env.CCTV_USER || '',
  password: process.env.CCTV_PASSWORD || '',
  screenshots: resolve(process.env.CCTV_SCREENSHOT_DIR || '.'),
  chromium: process.env.CHROMIUM || '/usr/bin/chromium',
  readyFile: process.env.CCTV_READY_FILE || '',
  consoleWaitS: Number(process.env.CCTV_CONSOLE_WAIT_S || 0),
};

export class Failure extends Error {}

// Throws a Failure with `message` unless `condition` holds.
export function check(condition, message) {
  if (!condition) throw new Failure(message);
}

// Runs `body({page, log, shot})` in a fresh browser; `timeoutS` bounds the whole scenario.
// `autoplay: false` keeps the browser's autoplay rule (sound only after a click on the page);
// `context`: Playwright context options (e.g. locale) over the default 1400x900 viewport.
export async function scenario(name, body, { timeoutS = 180, autoplay = true, context: contextOptions = {} } = {}) {
  const started = Date.now();
  const log = (msg) => console.log(`[${name} +${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);
  for (const key of ['url', 'user', 'password']) {
    if (!settings[key]) return finish(name, new Failure(`set CCTV_CONSOLE_URL, CCTV_USER and CCTV_PASSWORD (${key} is empty)`));
  }
  mkdirSync(settings.screenshots, { recursive: true });
  let browser = null;
  let page = null;
  const pageErrors = [];
  const shot = async (suffix = '') => {
    const path = join(settings.screenshots, `browser-${name}${suffix}.png`);
    await page?.screenshot({ path, fullPage: true }).then(() => log(`screenshot ${path}`), () => {});
  };
  let error = null;
  let timer = null;
  try {
    browser = await chromium.launch({
      executablePath: settings.chromium, headless: process.env.CCTV_HEADED !== '1',
      args: [`--autoplay-policy=${autoplay ? 'no-user-gesture-required' : 'document-user-activation-required'}`],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...contextOptions });
    page = await context.newPage();
    page.setDefaultTimeout(15000);
    if (settings.readyFile) writeFileSync(settings.readyFile, 'ready\n');
    page.on('pageerror', (err) => { pageErrors.push(err.message); log(`page error: ${err.message}`); });
    page.on('console', (m) => {
      // The console asks "who am I?" on load; its 401 before login is expected.
      if (m.type() !== 'error' && m.type() !== 'warning') return;
      if (!m.text().includes('status of 401')) log(`console ${m.type()}: ${m.text()}`);
    });
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Failure(`did not finish within ${timeoutS} s`)), timeoutS * 1000);
    });
    await Promise.race([body({ page, log, shot }), timeout]);
    check(pageErrors.length === 0, `the page threw: ${pageErrors.join(' | ')}`);
    await shot();
  } catch (err) {
    error = err;
    await shot('-FAILED');
  } finally {
    clearTimeout(timer);
    await browser?.close().catch(() => {});
  }
  return finish(name, error, log);
}

function finish(name, error, log = console.log) {
  if (!error) {
    log('PASS');
    return;
  }
  const why = error instanceof Failure ? error.message : (error.stack || String(error)).split('\n').slice(0, 4).join('\n');
  console.error(`FAIL ${name}: ${why}`);
  process.exitCode = 1;
}

// Opens the console and logs in; resolves once the app's header is showing.
export async function login(page, { user = settings.user, password = settings.password } = {}) {
  await open(page);
  await page.locator('#login-user').fill(user);
  await page.locator('#login-password').fill(password);
  await page.locator('#login-submit').click();
  await page.locator('#app').waitFor({ state: 'visible' }).catch(async () => {
    const shown = await page.locator('#login-error').textContent().catch(() => '');
    throw new Failure(`login as '${user}' failed: ${shown || 'the console did not open'}`);
  });
}

// Loads the console, waiting up to CCTV_CONSOLE_WAIT_S for it to start listening.
export async function open(page) {
  const deadline = Date.now() + settings.consoleWaitS * 1000;
  for (;;) {
    try {
      await page.goto(`${settings.url}/`);
      return;
    } catch (err) {
      if (Date.now() >= deadline) throw new Failure(`cannot open ${settings.url}/: ${err.message.split('\n')[0]}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

// Fills and submits the open workflow <dialog>.
export async function submitDialog(page, fields) {
  const dialog = page.locator('dialog[open]');
  await dialog.waitFor();
  for (const [name, value] of Object.entries(fields)) {
    const input = dialog.locator(`[name="${name}"]`);
    if (await input.evaluate((el) => el.tagName === 'SELECT')) await input.selectOption(value);
    else await input.fill(value);
  }
  await dialog.locator('button[type=submit]').click();
  await dialog.waitFor({ state: 'detached' });
}

// Runs `cctv inject-alarms` with `args` (after --config); resolves with {child, exited}.
export function injectAlarms(args) {
  const child = spawn(process.env.CCTV_BINARY, ['inject-alarms', '--config', process.env.CCTV_CONFIG, ...args],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

// The page at each control-room screen size: a screenshot `browser-<name>-<w>x<h>.png` kept as an
// artefact, and a failure if the page scrolls sideways or the navigation bar takes two rows.
export const SCREEN_SIZES = [{ width: 1920, height: 1080 }, { width: 1366, height: 768 }];
export async function checkScreens(page, name, log) {
  const before = page.viewportSize();
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);  // layout settles
    const path = join(settings.screenshots, `browser-${name}-${size.width}x${size.height}.png`);
    await page.screenshot({ path, fullPage: true });
    log(`screenshot ${path}`);
    const fit = await page.evaluate(() => {
      const link = document.querySelector('#nav a');
      return {
        scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
        nav: document.getElementById('nav').getBoundingClientRect().height,
        link: link ? link.getBoundingClientRect().height : 0,
      };
    });
    check(fit.scrollWidth <= fit.innerWidth,
      `${name} at ${size.width}x${size.height} scrolls sideways: ${fit.scrollWidth} px wide in a ${fit.innerWidth} px window`);
    check(fit.nav < 1.5 * fit.link + 16, `${name} at ${size.width}x${size.height}: the navigation bar wraps (${fit.nav} px high)`);
  }
  await page.setViewportSize(before);
}
