// The accessibility audit: axe-core (from npm, through @axe-core/playwright) on every screen
// with the WCAG 2.0, 2.1 and 2.2 A and AA rules: the picker (with a notice, data set aside, a
// roster), each tool, a context menu, a dialog, the debrief, an exam, the presenter view. Zero violations; each one found is listed with its elements.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { audit, loadPicker } from './lib.mjs';
import { consoleButton, debrief, logon, startScenario, tab } from './drive.mjs';
import { test } from './fixtures.mjs';


test('every screen passes the WCAG 2.2 AA audit', async ({ t }) => {
  const page = t.page;
  const found = [];
  await loadPicker(page, '/');
  found.push(...(await audit(page, 'picker')));

  await startScenario(page, 'Exchange 2003 to SP1: active/passive', 3);
  const tabs = await page.getByRole('tab').allInnerTexts();
  for (const name of tabs) {
    await tab(page, name);
    found.push(...(await audit(page, `tool ${name}`)));
  }
  // Several steps: the timeline's rows and their buttons are audited too (with four, axe's
  // target-size rule finds buttons under 24 px stacked too close).
  await logon(page, 'NODE1', 'CORP\\exadmin');
  await logon(page, 'NODE2', 'CORP\\exadmin');
  await logon(page, 'NODE1', 'CORP\\jsmith');
  await logon(page, 'NODE1', 'CORP\\exadmin');
  await tab(page, 'Cluster Administrator');
  await page.getByRole('treeitem', { name: 'EVS1', exact: true }).click();
  await page.getByTestId('resource-Exchange System Attendant - EVS1').click({ button: 'right' });
  await page.getByRole('menu').waitFor();
  found.push(...(await audit(page, 'context menu')));
  await page.keyboard.press('Escape');

  await page.getByTestId('end').click();
  await page.getByTestId('confirm-end').waitFor();
  found.push(...(await audit(page, 'end dialog')));
  await page.keyboard.press('Escape');

  const d = await debrief(page, false);
  await d.locator.waitFor();
  found.push(...(await audit(page, 'debrief')));
  await t.screenshot('debrief');

  // A migration's screens: the Exchange Administrator, Windows, Cluster and Exchange Setup.
  await startScenario(page, 'Exchange 5.5 into a cluster: Move Users', 2);
  for (const name of await page.getByRole('tab').allInnerTexts()) {
    await tab(page, name);
    found.push(...(await audit(page, `migration ${name}`)));
  }
  // Saved data set aside, and a notice, on the picker.
  await page.evaluate(() => localStorage.setItem('clusterdrill.session', 'not a transcript'));
  await loadPicker(page, '/');
  await page.getByRole('region', { name: 'Set aside' }).waitFor();
  found.push(...(await audit(page, 'picker with data set aside')));
  // A notice (a file refused) above the picker.
  await page.locator('input[type=file][accept^=".toml"]').setInputFiles({ name: 'bad.toml', mimeType: 'text/plain', buffer: Buffer.from('id = [') });
  await page.getByTestId('notice').waitFor();
  found.push(...(await audit(page, 'picker with a notice')));

  // The class roster with a row in it.
  const golden = readFileSync('tests/golden/e2003-sp1-active-passive.transcript');
  await page.locator('input[type=file][multiple]').setInputFiles({ name: 'golden.transcript', mimeType: 'text/plain', buffer: golden });
  await page.getByTestId('roster-table').waitFor();
  found.push(...(await audit(page, 'picker with a roster')));

  // An exam in progress, with its countdown (the definition made as an instructor makes it).
  const exam = execFileSync('cargo', ['run', '-q', '--bin', 'clusterdrill', '--', 'exam', 'make', 'e2003-sp1-active-passive', '--seeds', '1..5', '--time-limit', '30m'], { encoding: 'utf8' });
  await page.getByLabel('Start an exam…').setInputFiles({ name: 'sp1.exam', mimeType: 'text/plain', buffer: Buffer.from(exam) });
  await page.getByTestId('countdown').waitFor();
  found.push(...(await audit(page, 'exam')));
  assert.equal(await page.getByRole('button', { name: 'Scenarios' }).count(), 0, 'no way out of an exam but its end');
  await debrief(page, true);
  await page.getByRole('button', { name: 'Back to the scenarios' }).click();

  // The presenter view: a reel at a captioned step, its link shown, and at its end (the debrief).
  await page.getByTestId('reel-choice').selectOption('parallel-evs-upgrade');
  await page.getByTestId('present').click();
  await page.getByRole('button', { name: /^21:/ }).click();
  await page.getByTestId('share').click();
  found.push(...(await audit(page, 'presenter')));
  await page.keyboard.press('End');
  await page.getByTestId('debrief').waitFor();
  found.push(...(await audit(page, 'presenter at the end')));

  assert.deepEqual(found, [], found.join('\n'));
});

/** What has the keyboard focus: its tag, role, name or test id. */
const focused = (page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    return e === document.body || !e ? 'body' : `${e.tagName.toLowerCase()} ${e.getAttribute('role') ?? ''} ${e.id || e.dataset.testid || e.getAttribute('aria-label') || e.textContent.trim().slice(0, 30)}`;
  });

test('focus goes somewhere sensible after Start, after a dialog closes and after Not now', async ({ t }) => {
  const page = t.page;
  await startScenario(page, 'Exchange 2003 to SP1: active/passive', 3);
  assert.match(await focused(page), /tab/, 'after Start: the selected tool tab');
  await logon(page, 'NODE1', 'CORP\\exadmin');

  await page.getByTestId('debrief-button').click();
  await page.getByRole('button', { name: 'Carry on' }).click();
  assert.match(await focused(page), /debrief-button/, 'after the debrief closes: the button that opened it');
  await page.getByTestId('end').click();
  await page.keyboard.press('Escape');
  assert.match(await focused(page), /end-button/, 'after the end dialog closes: End');

  // Cluster Administrator's New group form: focus into it, Enter creates, and back to the
  // button that opened it (after Create and after Cancel).
  await tab(page, 'Cluster Administrator');
  await page.getByRole('button', { name: 'New group…' }).click();
  assert.match(await focused(page), /^input/, 'the form opens on its first field');
  await page.keyboard.type('Test');
  await page.getByLabel('Network Name').fill('TESTNAME');
  await page.keyboard.press('Enter');
  await page.locator('.cluadmin').getByText('Test', { exact: true }).first().waitFor();
  assert.match(await focused(page), /new-group-open/, 'after Create (Enter): New group…');
  await page.getByRole('button', { name: 'New group…' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  assert.match(await focused(page), /new-group-open/, 'after Cancel: New group…');
  await page.getByRole('button', { name: 'New group…' }).click();
  await page.keyboard.press('Escape');
  assert.match(await focused(page), /new-group-open/, 'after Escape: New group…');
  // Empty, the form is not sent: the browser says so at the field.
  await page.getByRole('button', { name: 'New group…' }).click();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('.new-group input:invalid').count(), 2);
  await page.keyboard.press('Escape');

  // Back to the scenarios: the keyboard goes on at the list.
  await page.getByRole('button', { name: 'Scenarios', exact: true }).click();
  assert.match(await focused(page), /listbox/, 'after Scenarios: the scenario list');

  await loadPicker(page, '/');
  await page.getByRole('button', { name: 'Not now' }).click();
  assert.match(await focused(page), /listbox/, 'after Not now: the scenario list');
});

test('results of actions are announced once each through a live region', async ({ t }) => {
  const page = t.page;
  await startScenario(page, 'Exchange 2003 to SP1: active/passive', 3);
  const region = page.getByTestId('message');
  assert.equal(await region.getAttribute('aria-live'), 'polite');
  await logon(page, 'NODE1', 'CORP\\exadmin');
  assert.match(await region.innerText(), /Logged on to NODE1/);
  // The clock running changes nothing in it: nothing is announced again.
  const before = await region.evaluate((e) => e.innerHTML);
  await page.getByTestId('run').click();
  await page.waitForTimeout(1000);
  await page.getByTestId('run').click();
  assert.equal(await region.evaluate((e) => e.innerHTML), before, 'not re-rendered on a tick');
  // Setup finishing is announced there too, once.
  await consoleButton(page, 'NODE1', 'Windows NT Backup', 'Back up files');
  await page.getByTestId('wait').click();
  await page.getByTestId('finished').first().waitFor();
  assert.equal(await region.getByTestId('finished').count(), 1, await region.innerText());
});

test('the tree and tables expose their roles, and states are told in text', async ({ t }) => {
  const page = t.page;
  await startScenario(page, 'Exchange 2003 to SP1: active/passive', 3);
  await tab(page, 'Cluster Administrator');
  const tree = page.getByRole('tree');
  assert.equal(await tree.count(), 1);
  const groups = tree.getByRole('treeitem', { name: 'Groups' });
  assert.ok(['true', 'false'].includes(await groups.getAttribute('aria-expanded')), 'a parent item says whether it is expanded');
  await page.getByRole('treeitem', { name: 'EVS1', exact: true }).click();
  const grid = page.getByRole('grid').or(page.getByRole('table')).first();
  assert.ok((await grid.getByRole('columnheader').count()) >= 2, 'the details pane has column headers');
  assert.match(await page.getByTestId('resource-Exchange System Attendant - EVS1').innerText(), /Online/);
});

test('at 1024x768 nothing is wider than the window, and a notice covers nothing', async ({ t }) => {
  const page = t.page;
  await page.setViewportSize({ width: 1024, height: 768 });
  await startScenario(page, 'Exchange 2003 to SP1: active/passive', 3);
  for (const name of ['Cluster Administrator', 'NODE1 console', 'Event Viewer']) {
    await tab(page, name);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), `${name}: wider than the window`);
  }
  // A notice (here: the transcript saved) sits below the page's content, not over it, once
  // scrolled to the end.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByTestId('notice').waitFor();
  const { notice, content } = await page.evaluate(() => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    const n = document.querySelector('.notice').getBoundingClientRect();
    const c = document.querySelector('.session').getBoundingClientRect();
    return { notice: n.top, content: c.bottom };
  });
  assert.ok(content <= notice + 1, `the notice (top ${notice}) covers the page's end (${content})`);
  await t.screenshot('notice-1024');

  // In the picker, with a notice up, what the keyboard reaches is scrolled into view above it
  // (WCAG 2.4.11), down to the last control.
  await page.getByRole('button', { name: 'Scenarios', exact: true }).click();
  await page.locator('input[type=file][accept^=".toml"]').setInputFiles({ name: 'bad.toml', mimeType: 'text/plain', buffer: Buffer.from('id = [') });
  await page.getByTestId('notice').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  const hidden = [];
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press('Tab');
    const under = await page.evaluate(() => {
      const e = document.activeElement;
      const bar = document.querySelector('.notice');
      if (!e || e === document.body || !bar || bar.contains(e)) return null;
      const r = e.getBoundingClientRect();
      return r.bottom > bar.getBoundingClientRect().top + 1 ? `${e.tagName} ${e.textContent.trim().slice(0, 30)} (bottom ${r.bottom})` : null;
    });
    if (under) hidden.push(under);
  }
  assert.deepEqual(hidden, [], 'focused controls under the notice');
});
