// An exam as a learner sits it: started from the exam file an instructor made with
// `clusterdrill exam make`, with every help off and the time counting down; a reload resumes
// the attempt where it stood; the end shows the score and the result code.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { debrief, logon } from './drive.mjs';
import { test } from './fixtures.mjs';
import { loadPicker } from './lib.mjs';

/** An exam definition, made by the command an instructor uses. */
function makeExam() {
  return execFileSync('cargo', ['run', '-q', '--bin', 'clusterdrill', '--', 'exam', 'make', 'e2003-sp1-active-passive', '--seeds', '1..20', '--time-limit', '30m', '--extension', '10m x1'], { encoding: 'utf8' });
}

test('an exam: no help, a countdown, resumed after a reload, a result code at the end', async ({ t }) => {
  const page = t.page;
  const exam = makeExam();
  await loadPicker(page, '/');
  await page.getByTestId('learner').fill('Grace Hopper');
  await page.getByTestId('learner').press('Tab');
  await page.getByLabel('Start an exam…').setInputFiles({ name: 'sp1.exam', mimeType: 'text/plain', buffer: Buffer.from(exam) });
  await page.getByTestId('session').waitFor();
  assert.match(await page.getByTestId('notice').innerText(), /Exam: no hints, no undo, no debrief until you end it\. You have 30m\./);
  assert.match(await page.getByTestId('countdown').innerText(), /^Exam · (29|30):\d\d left$/);
  // Real time counts down while the simulated clock stands still.
  const first = await page.getByTestId('countdown').innerText();
  await page.waitForTimeout(1600);
  assert.notEqual(await page.getByTestId('countdown').innerText(), first);
  assert.equal(await page.getByRole('button', { name: 'Hint' }).count(), 0);
  assert.equal(await page.getByTestId('debrief-button').count(), 0);
  await logon(page, 'NODE1', 'CORP\\exadmin');
  await page.getByTestId('clock').click();
  await page.keyboard.press('Control+z');
  assert.equal(await page.locator('.timeline h2').innerText(), 'Timeline (1 step)', 'no undo in an exam');
  await t.screenshot('exam');

  // A reload: the same attempt, straight away.
  await page.reload();
  await page.getByTestId('session').waitFor();
  assert.equal(await page.locator('.timeline h2').innerText(), 'Timeline (1 step)');
  assert.match(await page.getByTestId('notice').innerText(), /The exam in progress, as it stood/);

  const d = await debrief(page, true);
  assert.match((await d.locator.getByTestId('result-code').innerText()).trim(), /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  const [download] = await Promise.all([page.waitForEvent('download'), d.locator.getByRole('button', { name: 'Download transcript' }).click()]);
  const text = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
  assert.match(text, /\nlearner Grace Hopper\n/);
  assert.match(text, /\nmode exam\n/);
  assert.match(text, /\ntime-used \d+s\n|\ntime-used \d+m\d*s?\n/);
  await t.screenshot('exam-debrief');
});

test('a short exam: Extend adds its time once, the time runs out, the exam ends graded as it stands, and the CLI regrades it alike', async ({ t }) => {
  const page = t.page;
  const exam = execFileSync('cargo', ['run', '-q', '--bin', 'clusterdrill', '--', 'exam', 'make', 'e2003-sp1-active-passive', '--seeds', '1..5', '--time-limit', '4s', '--extension', '3s x1'], { encoding: 'utf8' });
  await loadPicker(page, '/');
  await page.getByLabel('Start an exam…').setInputFiles({ name: 'short.exam', mimeType: 'text/plain', buffer: Buffer.from(exam) });
  await page.getByTestId('session').waitFor();
  await logon(page, 'NODE1', 'CORP\\exadmin');
  // Under five minutes from the start: Extend is there, and takes once.
  await page.getByRole('button', { name: /^Extend/ }).click();
  await page.getByTestId('notice').filter({ hasText: '3s added to the time limit (0 more may be taken).' }).waitFor();
  assert.equal(await page.getByRole('button', { name: /^Extend/ }).count(), 0, 'no more to take');
  // The time runs out: ended, graded, the debrief with the code.
  await page.getByTestId('notice').filter({ hasText: 'Time is up: the exam has ended and is graded as it stands.' }).waitFor({ timeout: 15_000 });
  const d = page.getByTestId('debrief');
  await d.waitFor();
  const code = (await d.getByTestId('result-code').innerText()).trim();
  const [download] = await Promise.all([page.waitForEvent('download'), d.getByRole('button', { name: 'Download transcript' }).click()]);
  const file = await download.path();
  const text = readFileSync(file, 'utf8');
  assert.match(text, /\ntime-used 7s\n/, 'the limit with its extension');
  assert.match(text, /\nextensions 1\n/);
  const graded = execFileSync('cargo', ['run', '-q', '--bin', 'clusterdrill', '--', 'grade', file, '--exam'], { encoding: 'utf8' });
  assert.match(graded, new RegExp(`Result code ${code}\\.`));
  assert.doesNotMatch(graded, /FLAG/);
});
