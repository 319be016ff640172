// SPDX-License-Identifier: Apache-2.0
// Scenario (c): the live view gets frames (an <img> that decodes and changes), with and without
// the overlay, on the wall and in the single-camera view; the camera page lists the camera.
import { check, login, scenario } from './lib.mjs';

// A fingerprint of what an <img> shows now (its pixels, downscaled), or null before a frame.
function fingerprint(img) {
  if (!img || img.naturalWidth === 0) return null;
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 36;
  const g = canvas.getContext('2d');
  g.drawImage(img, 0, 0, 64, 36);
  const data = g.getImageData(0, 0, 64, 36).data;
  let hash = 0;
  for (let i = 0; i < data.length; i++) hash = (hash * 31 + data[i]) >>> 0;
  return `${img.naturalWidth}x${img.naturalHeight}:${hash}`;
}

async function expectMovingFrames(page, selector, what, log) {
  const img = page.locator(selector).first();
  await img.waitFor();
  let first = null;
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    const now = await img.evaluate(fingerprint);
    if (now && !first) { first = now; log(`${what}: first frame ${now.split(':')[0]}`); }
    if (now && first && now !== first) { log(`${what}: frames change`); return; }
    await page.waitForTimeout(500);
  }
  check(first, `${what}: no frame decoded within 30 s (naturalWidth stayed 0)`);
  check(false, `${what}: the picture did not change within 30 s`);
}

scenario('live-view', async ({ page, log, shot }) => {
  await login(page);
  await page.locator('nav a[data-page=live]').click();
  await page.locator('#camera-wall').waitFor();
  await expectMovingFrames(page, '#camera-wall img.live', 'wall', log);
  const badge = await page.locator('#camera-wall .tile .badge').first().textContent();
  log(`wall badge: ${badge}`);

  await page.locator('#overlay-toggle').check();
  await page.locator('#camera-wall[data-overlay="1"]').waitFor();  // the wall's stream restarted with the overlay
  await expectMovingFrames(page, '#camera-wall img.live', 'wall with overlay', log);
  await shot('-1-wall');

  await page.locator('#camera-wall .tile-link').first().click();
  await page.locator('#camera-single').waitFor();
  await expectMovingFrames(page, '#camera-single img.live', 'single camera', log);
  await page.locator('.tile-status .badge').waitFor();
  await page.locator('#overlay-toggle').uncheck();
  await expectMovingFrames(page, '#camera-single img.live', 'single camera without overlay', log);
  await shot('-2-single');

  await page.locator('nav a[data-page=cameras]').click();
  const row = page.locator('#camera-table tbody tr').first();
  await row.waitFor();
  const state = await row.locator('.badge').getAttribute('data-state');
  log(`camera page: first camera ${await row.getAttribute('data-camera')} is ${state}`);
  await page.locator('#camera-table .badge[data-state=online]').first().waitFor({ timeout: 20000 })
    .catch(() => { throw new Error('the camera page shows no camera online while its live view has frames'); });
  // Back to the wall, so that the final screenshot shows live frames.
  await page.locator('nav a[data-page=live]').click();
  await expectMovingFrames(page, '#camera-wall img.live', 'wall again', log);
});
