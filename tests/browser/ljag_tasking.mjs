// SPDX-License-Identifier: Apache-2.0
// Scenario: an LJAG member (role ljag) opens Tasking on a store of demo data: the heat map and
// charts load, counts are suppressed or numbers, and accepting a recommendation deploys the
// mobile camera, which then shows in the deployments register.
import { check, login, scenario, settings, submitDialog } from './lib.mjs';

const imageLoaded = (img) => img.evaluate((el) => el.complete && el.naturalWidth > 100);

scenario('ljag-tasking', async ({ page, log, shot }) => {
  await login(page, { user: process.env.CCTV_LJAG_USER || 'browser-ljag', password: settings.password });
  const pages = await page.locator('nav a').evaluateAll((links) => links.map((a) => a.dataset.page));
  check(JSON.stringify(pages) === '["tasking"]', `an ljag user should see only Tasking, saw ${pages}`);
  await page.locator('#t-cluster').selectOption('Harlesden');
  await page.locator('#tasking-filter button[type=submit]').click();
  const rows = page.locator('#hotspot-table tbody tr');
  await page.waitForFunction(() => document.querySelector('#tasking-body h2')?.textContent.includes('Hotspots')
    && document.querySelectorAll('#hotspot-table tbody tr').length === 4).catch(async () => {
    throw new Error(`the Harlesden table should list its 4 sites, not ${await rows.count()}`);
  });
  const totals = await page.locator('#hotspot-table tbody tr td:nth-child(2)').allTextContents();
  check(totals.every((t) => /^(\d+|<5|\*)$/.test(t) && !/^[1-4]$/.test(t)), `counts 1..4 must show as <5: ${totals}`);
  for (const id of ['#heatmap', '#trend-chart']) {
    const img = page.locator(id);
    await img.waitFor();
    await page.waitForFunction((sel) => document.querySelector(sel)?.complete, id);
    check(await imageLoaded(img), `${id} did not load as an image`);
  }
  const effect = page.locator('article.effectiveness');
  check(await effect.count() >= 1, 'no deployment effectiveness shown');
  log(`hotspots ${totals.join(', ')}; ${await effect.count()} deployment(s) assessed`);
  await shot('-1-tasking');

  const before = await page.locator('#deployments tbody tr').count();
  const target = page.locator('#recommendations tbody tr', { has: page.locator('strong', { hasText: 'no camera' }) }).first();
  const site = await target.getAttribute('data-site');
  await target.locator('button.accept').click();
  await submitDialog(page, { camera: 'tw1', ljag_case: 'HAR-BROWSER-1' });
  await page.waitForFunction((n) => document.querySelectorAll('#deployments tbody tr').length === n + 1, before);
  const newest = await page.locator('#deployments tbody tr').first().textContent();
  check(newest.includes('HAR-BROWSER-1') && newest.includes('still there'), `the register's newest row is ${newest}`);
  log(`accepted the recommendation for ${site}: tw1 deployed`);
}, { timeoutS: 120 });
