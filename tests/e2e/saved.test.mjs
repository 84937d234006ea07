// The session kept in the browser: resumed after a reload at the time its clock had reached,
// not lost by starting another session that takes no step; a transcript saved mid-session
// opens as a session to carry on; ending a session asks first.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { loadPicker } from './lib.mjs';
import { clockSeconds, consoleButton, debrief, logon, settle, startScenario } from './drive.mjs';
import { test } from './fixtures.mjs';

const resumeText = (page) => page.getByRole('region', { name: 'Saved session' }).innerText();

test('a saved session survives a reload and a new session that takes no step', async ({ t }) => {
  const page = t.page;
  await startScenario(page, 'Exchange 2003 to SP1: active/passive', 5);
  await logon(page, 'NODE1', 'CORP\\exadmin');

  // A reload offers it back.
  await loadPicker(page, '/');
  assert.match(await resumeText(page), /active\/passive.*seed 5.*after 1 step\b/);

  // "Not now", then another scenario started and left without a step: on the next visit the
  // first session is still the one offered.
  await page.getByRole('button', { name: 'Not now' }).click();
  await startScenario(page, 'Exchange 2003 to SP1: active/active, two EVSs', 9);
  await page.getByRole('button', { name: 'Scenarios' }).click();
  await loadPicker(page, '/');
  assert.match(await resumeText(page), /active\/passive.*seed 5/);

  // Resumed, it is where it was; End asks before it ends anything, and Keep going keeps it.
  await page.getByRole('button', { name: 'Resume it' }).click();
  await page.getByTestId('session').waitFor();
  await page.getByTestId('end').click();
  const confirm = page.getByTestId('confirm-end');
  await confirm.waitFor();
  await t.screenshot('confirm-end');
  await page.keyboard.press('Escape');
  assert.equal(await confirm.count(), 0);
  assert.equal(await page.getByTestId('end').isDisabled(), false, 'the session goes on');
  const d = await debrief(page, true);
  assert.equal(d.verdict, 'Failed');
  assert.match(await d.locator.getByTestId('score-explained').innerText(), /objectives in play met/);
});

test('a reload comes back to the time the clock reached, and a saved transcript opens to carry on', async ({ t }) => {
  const page = t.page;
  await startScenario(page, 'Exchange 2003 to SP1: active/passive', 5);
  await logon(page, 'NODE1', 'CORP\\exadmin');
  await consoleButton(page, 'NODE1', 'Windows NT Backup', 'Back up files');
  // Time runs on past the last step: the backup finishes.
  await settle(page);
  const reached = await clockSeconds(page);
  assert.ok(reached > 0);

  await loadPicker(page, '/');
  await page.getByRole('button', { name: 'Resume it' }).click();
  await page.getByTestId('session').waitFor();
  assert.equal(await clockSeconds(page), reached, 'the clock where it was, not at the last step');
  assert.ok(await page.getByTestId('wait').isDisabled(), 'the backup has finished, as it had');

  // Save mid-session: the file says unfinished, and opened it is a session to carry on.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save', exact: true }).click()]);
  const file = await download.path();
  const text = readFileSync(file, 'utf8');
  assert.match(text, /\nunfinished \d/);
  assert.doesNotMatch(text, /\nend /);
  await page.getByRole('button', { name: 'Scenarios' }).click();
  await page.locator('input[type=file][accept^=".transcript"]:not([multiple])').setInputFiles({ name: 'mid.transcript', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await page.getByTestId('session').waitFor();
  assert.equal(await clockSeconds(page), reached);
  assert.equal(await page.getByTestId('debrief').count(), 0, 'no final debrief');
  assert.equal(await page.getByTestId('end').isDisabled(), false, 'the session goes on');
  await t.screenshot('opened-unfinished');
});
