// Results anyone can check, as a learner meets them: the name given in the picker (kept in the
// browser) and the real start time go into the transcript, and the end shows a result code that
// the downloaded transcript carries.

import assert from 'node:assert/strict';

import { debrief, logon, startScenario } from './drive.mjs';
import { test } from './fixtures.mjs';
import { loadPicker } from './lib.mjs';

test("the learner's name and the start time go into the transcript, and the end shows a result code", async ({ t }) => {
  const page = t.page;
  await loadPicker(page, '/');
  await page.getByTestId('learner').fill('Ada Byron');
  await page.getByTestId('learner').press('Tab');
  // Kept in the browser: a reload still knows the name.
  await startScenario(page, 'Exchange 2003 to SP1: active/passive', 7);
  await logon(page, 'NODE1', 'CORP\\exadmin');
  const d = await debrief(page, true);
  const code = (await d.locator.getByTestId('result-code').innerText()).trim();
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
  const [download] = await Promise.all([page.waitForEvent('download'), d.locator.getByRole('button', { name: 'Download transcript' }).click()]);
  const text = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
  assert.match(text, /\nlearner Ada Byron\nstarted \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\nmode practice\nmade-by learner\n/);
  assert.ok(text.includes(`\nresult-code ${code}\n`), text);
});
