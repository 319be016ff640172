// SPDX-License-Identifier: Apache-2.0
// Scenario: the camera wall at 3x3 shows 9 live tiles that keep updating over one connection (no
// MJPEG stream per tile), outlines a camera's tile red while it has an active alarm, keeps the
// user's layout and tile order across a reload, and opens a tile's single view on a click.
// Needs 9 cameras: run.sh with CCTV_BROWSER_CAMERAS=9.
import { check, injectAlarms, login, scenario, checkScreens } from './lib.mjs';

// Each tile's frame count now.
const frameCounts = (page) => page.locator('#camera-wall .tile img.live')
  .evaluateAll((imgs) => Object.fromEntries(imgs.map((i) => [i.dataset.camera, Number(i.dataset.frames)])));

scenario('camera-wall', async ({ page, log, shot }) => {
  check(process.env.CCTV_BINARY && process.env.CCTV_CONFIG, 'set CCTV_BINARY and CCTV_CONFIG');
  const liveRequests = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/live/')) liveRequests.push(r.url()); });
  await login(page);
  await page.locator('nav a[data-page=live]').click();
  await page.locator('#camera-wall').waitFor();
  await page.locator('.layouts button[data-layout="9"]').click();
  await page.locator('#camera-wall[data-layout="9"] .tile').nth(8).waitFor();
  const tiles = await page.locator('#camera-wall .tile').count();
  check(tiles === 9, `the 3x3 wall shows ${tiles} tiles, not 9`);

  // Every tile updates: each gets at least 3 more frames.
  const before = await frameCounts(page);
  const deadline = Date.now() + 60000;
  let now = before;
  while (Date.now() < deadline) {
    now = await frameCounts(page);
    if (Object.keys(now).length === 9 && Object.entries(now).every(([id, n]) => n >= (before[id] || 0) + 3)) break;
    await page.waitForTimeout(1000);
  }
  const stale = Object.entries(now).filter(([id, n]) => n < (before[id] || 0) + 3).map(([id]) => id);
  check(stale.length === 0, `tiles not updating within 60 s: ${stale.join(', ')} (${JSON.stringify(now)})`);
  log(`9 tiles updating: ${JSON.stringify(now)}`);
  const walls = liveRequests.filter((u) => u.includes('/live/wall?'));
  check(liveRequests.every((u) => u.includes('/live/wall?')), `per-camera streams opened: ${liveRequests.join(' ')}`);
  log(`live requests: ${walls.length} wall stream(s), no per-tile MJPEG`);

  // An active alarm on one camera outlines its tile; a camera without one stays plain (tw1's
  // street scene may raise alarms of its own, so it is neither).
  const alarmed = await page.locator('#camera-wall .tile').nth(4).getAttribute('data-camera');
  const quiet = await page.locator('#camera-wall .tile').nth(5).getAttribute('data-camera');
  const inject = injectAlarms(['--camera', alarmed, '--count', '1', '--duration-s', '60']);
  await page.locator(`#camera-wall .tile.tile-alarm[data-camera="${alarmed}"]`).waitFor({ timeout: 60000 });
  const outlined = await page.locator('#camera-wall .tile.tile-alarm').evaluateAll((t) => t.map((x) => x.dataset.camera));
  check(!outlined.includes(quiet), `tiles outlined: ${outlined.join(', ')}; ${quiet} has no alarm`);
  const colour = await page.locator(`#camera-wall .tile[data-camera="${alarmed}"]`).evaluate((t) => getComputedStyle(t).borderTopColor);
  check(colour === 'rgb(229, 72, 77)', `the alarmed tile's outline is ${colour}, not red`);
  log(`${alarmed}'s tile outlined red while its alarm is active`);
  await checkScreens(page, 'camera_wall-1-3x3-alarm', log);
  check(await inject.exited === 0, 'cctv inject-alarms failed');
  await page.locator(`#camera-wall .tile.tile-alarm[data-camera="${alarmed}"]`).waitFor({ state: 'detached', timeout: 30000 });
  log('the outline went when the alarm ended');

  // Swap the first tile's camera; layout and order survive a reload (saved for this user).
  const last = await page.locator('#camera-wall .tile').nth(8).getAttribute('data-camera');
  await page.locator('#camera-wall .tile').first().locator('select.tile-pick').selectOption(last);
  await page.locator(`#camera-wall .tile:first-child[data-camera="${last}"]`).waitFor();
  const order = await page.locator('#camera-wall .tile').evaluateAll((t) => t.map((x) => x.dataset.camera));
  await page.waitForTimeout(1000);  // the save is in flight
  await page.reload();
  await page.locator('#camera-wall[data-layout="9"] .tile').nth(8).waitFor();
  const reloaded = await page.locator('#camera-wall .tile').evaluateAll((t) => t.map((x) => x.dataset.camera));
  check(JSON.stringify(reloaded) === JSON.stringify(order), `after a reload the wall is ${reloaded}, not the saved ${order}`);
  check(await page.locator('.layouts button[data-layout="9"][aria-pressed="true"]').count() === 1, 'the 3x3 button is not shown pressed');
  log(`saved wall restored after reload: ${reloaded.join(',')}`);

  for (const [layout, count] of [['16', 9], ['4', 4], ['1', 1]]) {
    await page.locator(`.layouts button[data-layout="${layout}"]`).click();
    await page.locator(`#camera-wall[data-layout="${layout}"]`).waitFor();
    const n = await page.locator('#camera-wall .tile').count();
    check(n === count, `layout ${layout} shows ${n} tiles, not ${count}`);
    const fits = await page.locator('#camera-wall').evaluate((w) => w.getBoundingClientRect().bottom <= window.innerHeight + 1);
    check(fits, `layout ${layout}: the wall is taller than the screen`);
    if (layout === '16') await checkScreens(page, 'camera_wall-2-4x4', log);
  }
  await page.locator('.layouts button[data-layout="9"]').click();

  await page.locator('#camera-wall .tile-link').first().click();
  await page.locator('#camera-single img.live').waitFor();
  check(page.url().endsWith(`#/live/${encodeURIComponent(order[0])}`), `the tile opened ${page.url()}`);
  await checkScreens(page, 'camera_wall-3-single', log);
  log('a click on a tile opens its single view');
}, { timeoutS: 360 });
