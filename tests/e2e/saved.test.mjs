// The session kept in the browser: resumed after a reload, not lost by starting another
// session that takes no step, and ending a session asks first.

import assert from 'node:assert/strict';

import { loadPicker } from './lib.mjs';
import { debrief, logon, startScenario } from './drive.mjs';
import { test } from './fixtures.mjs';

const resumeText = (page) => page.getByRole('region', { name: 'Saved session' }).innerText();

test('a saved session survives a reload and a new session that takes no step', async ({ t }) => {
  const page = t.page;
  await startScenario(page, 'Exchange 2003 to SP1: active/passive', 5);
  await logon(page, 'NODE1', 'CORP\\exadmin');

  // A reload offers it back.
  await loadPicker(page, '/');
  assert.match(await resumeText(page), /active\/passive.*seed 5.*after 1 steps/);

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
  assert.match(await d.locator.getByTestId('score-explained').innerText(), /objectives met/);
});
