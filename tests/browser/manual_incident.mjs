// SPDX-License-Identifier: Apache-2.0
// Scenario (b): create a manual incident with the form, then find it with the search.
import { check, login, scenario } from './lib.mjs';

scenario('manual-incident', async ({ page, log, shot }) => {
  await login(page);
  await page.locator('nav a[data-page=incidents]').click();
  await page.locator('#new-incident').click();
  const form = page.locator('#new-incident-form');
  await form.waitFor();

  const token = `bt${Date.now().toString(36)}`;
  const description = `Street drinking group outside the launderette (${token})`;
  const categories = await form.locator('[name=category] option').evaluateAll((o) => o.map((x) => x.value).filter(Boolean));
  const category = categories.includes('street drinking') ? 'street drinking' : categories[0];
  check(category, 'the category list is empty');
  await form.locator('[name=category]').selectOption(category);
  await form.locator('[name=site]').selectOption({ index: 1 });
  const cameras = await form.locator('[name=camera] option').count();
  if (cameras > 1) await form.locator('[name=camera]').selectOption({ index: 1 });
  await form.locator('[name=description]').fill(description);
  await form.locator('[name=action_taken]').fill('Police informed via radio');
  await form.locator('[name=priority]').selectOption('2');
  await shot('-1-form');
  await form.locator('button[type=submit]').click();

  await page.waitForURL((url) => /^#\/incidents\/[A-Za-z0-9-]+$/.test(url.hash) && url.hash !== '#/incidents/new').catch(async () => {
    throw new Error(`the incident was not created: ${await page.locator('#new-incident-form .form-error').textContent()}`);
  });
  const id = decodeURIComponent(page.url().split('/').pop());
  await page.locator('#incident-state').waitFor();
  const details = await page.locator('.fields').textContent();
  check(details.includes(description), 'the new incident page does not show the description');
  check(details.includes('P2'), 'the new incident page does not show priority 2');
  log(`created incident ${id} (${category})`);

  await page.locator('nav a[data-page=incidents]').click();
  const search = page.locator('#incident-search');
  await search.waitFor();
  await search.locator('[name=q]').fill(token);
  await search.locator('[name=category]').selectOption(category);
  const today = await page.evaluate(() => import('./format.js').then((f) => f.londonDate(0)));
  await search.locator('[name=from]').fill(today);
  await search.locator('[name=to]').fill(today);
  // The page first lists the last week's incidents, this one among them: wait for the search's
  // own answer (its status leaves "Searching…"), not merely for the row.
  const answered = () => page.waitForFunction(
    () => document.querySelector('#incident-search + p[role=status]')?.textContent !== 'Searching…');
  await search.locator('button[type=submit]').click();
  await answered();
  const results = page.locator('#incident-results tbody tr');
  await page.locator(`#incident-results tbody tr[data-id="${id}"]`).waitFor();
  check(await results.count() === 1, `the search for '${token}' found ${await results.count()} rows, expected 1`);
  log(`search by text, category and today's date finds incident ${id}`);

  await search.locator('[name=q]').fill(`${token}-nothing`);
  await search.locator('button[type=submit]').click();
  await page.locator('p[role=status]', { hasText: 'No incidents match' }).waitFor();
  log('a search for other text finds nothing');
  await search.locator('[name=q]').fill(token);
  await search.locator('button[type=submit]').click();
  await answered();
  await page.locator(`#incident-results tbody tr[data-id="${id}"]`).waitFor();
});
