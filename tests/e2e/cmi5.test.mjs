// The cmi5 package (`make package`) launched as an LMS launches an AU, against Learning Locker's
// LRS (xapi-statements, in memory) behind a test LMS (tests/e2e/lms.mjs): the statements the
// LRS holds afterwards are read back and checked against xapi-validation and the cmi5 rules
// (order, categories, context template, result properties per verb), and the transcript they
// carry regrades as the learner's result.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { logon } from './drive.mjs';
import { test } from './fixtures.mjs';
import { audit } from './lib.mjs';
import { startLms, unpack } from './lms.mjs';

const VERB = (v) => `http://adlnet.gov/expapi/verbs/${v}`;
const CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const MOVEON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const SESSION = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';

/** The statements of a registration, once the LRS holds `count` of them. */
async function statementsOf(lms, registration, count) {
  for (let i = 0; i < 100; i++) {
    const s = await lms.statements(registration);
    if (s.length >= count) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the LRS never held ${count} statements for ${registration}`);
}

/** The cmi5 rules every statement of the AU's session keeps (cmi5 9.1 to 9.7). */
function checkCmi5(statements, launch) {
  for (const s of statements) {
    const verb = s.verb.id.split('/').at(-1);
    assert.equal(s.context.registration, launch.registration, verb);
    assert.equal(s.context.extensions[SESSION], launch.sessionId, `${verb}: the session id of the context template`);
    assert.deepEqual(s.context.contextActivities.grouping.map((a) => a.id), ['urn:clusterdrill:au:e2003-sp1-active-passive:publisher'], `${verb}: the template's grouping`);
    const categories = s.context.contextActivities.category.map((a) => a.id);
    const judged = ['completed', 'passed', 'failed'].includes(verb);
    assert.deepEqual(categories.sort(), judged ? [CMI5, MOVEON].sort() : [CMI5], `${verb}: categories`);
    assert.equal(s.object.id, 'urn:clusterdrill:au:test');
    assert.deepEqual(s.actor.account, launch.actor.account);
    assert.ok(!Number.isNaN(Date.parse(s.timestamp)), `${verb}: timestamp`);
    const r = s.result ?? {};
    assert.equal('success' in r, ['passed', 'failed'].includes(verb), `${verb}: success only in passed and failed`);
    assert.equal('completion' in r, verb === 'completed', `${verb}: completion only in completed`);
    assert.equal('score' in r && verb !== 'passed' && verb !== 'failed', false, `${verb}: a score only in passed and failed`);
    if (['completed', 'passed', 'failed', 'terminated'].includes(verb)) assert.match(r.duration, /^PT(\d+H)?(\d+M)?\d+(\.\d+)?S$/, `${verb}: duration`);
  }
}

test('cmi5: an exam attempt sends initialized, completed, failed and terminated, with the transcript as evidence', async ({ t }) => {
  const page = t.page;
  const lms = await startLms(unpack('clusterdrill-sample-cmi5.zip'));
  try {
    const launch = lms.cmi5Launch();
    await page.goto(launch.url);
    await page.getByTestId('session').waitFor();
    assert.match(await page.getByTestId('countdown').innerText(), /^Exam · (89|90):\d\d left$/);
    await logon(page, 'NODE1', 'CORP\\exadmin');
    const found = await audit(page, 'cmi5 session');
    // The LMS serves the files: no service worker of ours under a launch.
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
    await page.getByTestId('end').click();
    await page.getByTestId('confirm-end-button').click();
    const d = page.getByTestId('debrief');
    await d.waitFor();
    const code = (await d.getByTestId('result-code').innerText()).trim();
    found.push(...(await audit(page, 'cmi5 result')));
    assert.deepEqual(found, [], 'the LMS bar and the result pass the WCAG 2.2 AA audit');
    await t.screenshot('cmi5-result');
    await d.getByRole('button', { name: 'Return to the LMS' }).click();
    await page.waitForURL(/returned\.html$/);

    const statements = await statementsOf(lms, launch.registration, 4);
    assert.deepEqual(statements.map((s) => s.verb.id), ['initialized', 'completed', 'failed', 'terminated'].map(VERB));
    assert.deepEqual(lms.warnings, [], 'xapi-validation found nothing wrong');
    checkCmi5(statements, launch);
    const failed = statements[2];
    assert.equal(failed.result.success, false);
    // 0 is below the mastery score: the score agrees with the verdict, so it is sent.
    assert.deepEqual(failed.result.score, { scaled: 0, raw: 0, min: 0, max: 100 });
    assert.equal(failed.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/masteryscore'], 0.7);
    assert.equal(failed.result.extensions['urn:clusterdrill:xapi:result-code'], code);
    // The evidence regrades to the same code with the CLI an instructor uses.
    const transcript = failed.result.extensions['urn:clusterdrill:xapi:transcript'];
    assert.match(transcript, /\nlearner Ada Byron \(ada-1042\)\nstarted \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\nmode exam\n/);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'cmi5-')), 'attempt.transcript');
    writeFileSync(file, transcript);
    const graded = execFileSync('cargo', ['run', '-q', '--bin', 'clusterdrill', '--', 'grade', file, '--exam'], { encoding: 'utf8' });
    assert.match(graded, new RegExp(`Result code ${code}`));
  } finally {
    await lms.close();
  }
});

test('cmi5: a second launch of the same registration resumes the attempt; Browse mode records no result', async ({ t }) => {
  const page = t.page;
  const lms = await startLms(unpack('clusterdrill-sample-cmi5.zip'));
  try {
    const first = lms.cmi5Launch();
    await page.goto(first.url);
    await page.getByTestId('session').waitFor();
    await logon(page, 'NODE1', 'CORP\\exadmin');
    await page.getByTestId('lms-bar').getByRole('button', { name: 'Save and return to the LMS' }).click();
    await page.waitForURL(/returned\.html$/);
    // The LMS launches the AU again for the same registration: a new session, the same attempt.
    const second = lms.cmi5Launch({ registration: first.registration });
    await page.goto(second.url);
    await page.getByTestId('session').waitFor();
    assert.equal(await page.locator('.timeline h2').innerText(), 'Timeline (1 step)');
    assert.match(await page.getByTestId('notice').innerText(), /The exam in progress, as it stood/);

    // Browse: practice, and only initialized and terminated.
    const browse = lms.cmi5Launch({ launchMode: 'Browse' });
    await page.goto(browse.url);
    await page.getByTestId('scenario-picker').waitFor();
    assert.match(await page.getByTestId('notice').innerText(), /opened this in Browse mode: practice, nothing is recorded/);
    await page.getByTestId('start').click();
    await page.getByTestId('session').waitFor();
    await page.getByTestId('lms-bar').getByRole('button').click();
    await page.waitForURL(/returned\.html$/);
    const statements = await statementsOf(lms, browse.registration, 2);
    assert.deepEqual(statements.map((s) => s.verb.id), ['initialized', 'terminated'].map(VERB));
    checkCmi5(statements, browse);
    assert.deepEqual(lms.warnings, []);
  } finally {
    await lms.close();
  }
});

test('cmi5: a launch without its parameters, or one used twice, says so and runs as practice', async ({ t }) => {
  const page = t.page;
  t.expectProblems();
  const lms = await startLms(unpack('clusterdrill-sample-cmi5.zip'));
  try {
    const launch = lms.cmi5Launch({ omit: ['fetch'] });
    await page.goto(launch.url);
    await page.getByTestId('scenario-picker').waitFor();
    assert.match(await page.getByTestId('notice').innerText(), /The cmi5 launch cannot record a result: the launch URL has no `fetch` parameter\. This is practice/);
    assert.equal(await page.getByTestId('lms-bar').count(), 0);

    const once = lms.cmi5Launch();
    await page.goto(once.url);
    await page.getByTestId('session').waitFor();
    // A reload reuses the launch URL, whose token was handed out already.
    await page.reload();
    await page.getByTestId('scenario-picker').waitFor();
    const said = await page.getByTestId('notice').innerText();
    assert.match(said, /cannot record a result: the LMS gave no authorization: The authorization token has already been returned/);
    assert.match(said, /this page was reloaded, which ends its connection to the LMS: your attempt is kept there, so go back to the LMS and launch the exam again/);
    await page.getByTestId('start').click();
    await page.getByTestId('session').waitFor();
  } finally {
    await lms.close();
  }
});

test('cmi5: a result the LMS does not take is told to the learner, and nothing after it is sent', async ({ t }) => {
  const page = t.page;
  t.expectProblems();
  const lms = await startLms(unpack('clusterdrill-sample-cmi5.zip'));
  try {
    const launch = lms.cmi5Launch();
    await page.goto(launch.url);
    await page.getByTestId('session').waitFor();
    await logon(page, 'NODE1', 'CORP\\exadmin');
    lms.faults.refuseStatements = true;
    const sent = lms.received.length;
    await page.getByTestId('end').click();
    await page.getByTestId('confirm-end-button').click();
    await page.getByTestId('debrief').waitFor();
    await page.getByTestId('notice').filter({ hasText: 'The LMS: the LMS refused the completed statement (HTTP 503): tell your instructor' }).waitFor();
    // Completed was refused: failed never followed, and the attempt is not marked done, so a
    // later launch can still record it.
    assert.deepEqual(lms.received.slice(sent).map((s) => s.verb.id.split('/').at(-1)), ['completed']);
    assert.doesNotMatch(lms.attemptState(launch) ?? '', /"done"/);
  } finally {
    await lms.close();
  }
});
