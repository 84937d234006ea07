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

test('an instructor drops transcripts on the class roster: each regraded, the forged one flagged', async ({ t }) => {
  const page = t.page;
  await startScenario(page, 'Exchange 2003 to SP1: active/passive', 7);
  await logon(page, 'NODE1', 'CORP\\exadmin');
  const d = await debrief(page, true);
  const [download] = await Promise.all([page.waitForEvent('download'), d.locator.getByRole('button', { name: 'Download transcript' }).click()]);
  const text = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
  await d.locator.getByRole('button', { name: 'Back to the scenarios' }).click();
  const forged = text.replace(/claimed-score \d+/, 'claimed-score 100');
  assert.notEqual(forged, text);
  await page.locator('input[type=file][multiple]').setInputFiles([
    { name: 'ada.transcript', mimeType: 'text/plain', buffer: Buffer.from(text) },
    { name: 'forged.transcript', mimeType: 'text/plain', buffer: Buffer.from(forged) },
  ]);
  const rows = page.getByTestId('roster-table').locator('tbody tr');
  await rows.nth(1).waitFor();
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  const byFile = Object.fromEntries(cells.map((c) => [c[0], c]));
  assert.match(byFile['forged.transcript'].at(-1), /claims a score of 100, but its replay scores \d+/);
  assert.match(byFile['ada.transcript'].at(-1), /^made in practice mode, not in the exam$/);
  await t.screenshot('roster');
  // Held to an exam's file (seeds 1 to 5: seed 7 is not one), as grade --scenario EXAM does.
  const exam = (await import('node:child_process')).execFileSync('cargo', ['run', '-q', '--bin', 'clusterdrill', '--', 'exam', 'make', 'e2003-sp1-active-passive', '--seeds', '1..5'], { encoding: 'utf8' });
  await page.getByLabel('Hold to an exam…').setInputFiles({ name: 'sp1.exam', mimeType: 'text/plain', buffer: Buffer.from(exam) });
  await page.getByTestId('roster-exam').filter({ hasText: 'Held to the exam sp1.exam' }).waitFor();
  const held = await rows.evaluateAll((trs) => trs.map((tr) => tr.lastElementChild.textContent));
  assert.ok(held.every((f) => /is on seed 7, which is not one of the exam's/.test(f)), held.join('\n'));
});

test('a scenario file an instructor loads is checked on the page, as clusterdrill check does', async ({ t }) => {
  const page = t.page;
  await loadPicker(page, '/');
  const file = (await (await import('node:fs/promises')).readFile('scenarios/e2003-sp1-active-passive.toml', 'utf8'))
    .replace('id = "e2003-sp1-active-passive"', 'id = "tight"')
    .replace('budget = "30m"', 'budget = "1m"');
  await page.locator('input[type=file][accept^=".toml"]').setInputFiles({ name: 'tight.toml', mimeType: 'text/plain', buffer: Buffer.from(file) });
  await page.getByTestId('notice').filter({ hasText: 'It cannot be passed' }).waitFor();
  assert.match(await page.getByTestId('notice').innerText(), /tight\.toml: loaded\..*It cannot be passed: .*the downtime budget \(1m\) is too tight/s);
});
