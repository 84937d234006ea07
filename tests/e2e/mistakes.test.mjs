// Two classic mistakes, made in the browser: upgrading two EVSs at once (Setup hangs, with only
// the hourglass to show it), and bringing only the System Attendant back online (the store
// stays offline and users stay down).

import assert from 'node:assert/strict';

import {
  clockSeconds, clusterMenu, consoleButton, consoleOf, debrief, expectMessage, logon, resourceState, settle, showGroup, showGroups, startScenario, tab, upgradeNodeToSp1,
} from './drive.mjs';
import { test } from './fixtures.mjs';

test('upgrading two EVSs at once hangs the second and is named in the debrief', async ({ t }) => {
  const page = t.page;
  await startScenario(page, 'Exchange 2003 to SP1: active/active, two EVSs', 3);
  // Rights for EVS2, which spans the Sales administrative group.
  await logon(page, 'NODE1', 'CORP\\domadmin');
  const c1 = await consoleOf(page, 'NODE1');
  const rights = c1.locator('fieldset', { has: page.locator('legend', { hasText: 'Rights' }) });
  await rights.getByLabel('Account').selectOption('CORP\\exadmin');
  await rights.getByLabel('Administrative group').selectOption('Sales');
  await rights.getByRole('button', { name: 'Delegate Exchange Full Administrator' }).click();
  await logon(page, 'NODE1', 'CORP\\exadmin');
  await logon(page, 'NODE2', 'CORP\\exadmin');
  // Free NODE2 and bring it to SP1.
  await showGroups(page);
  await clusterMenu(page, 'NODE1', 'group-EVS2', 'Move Group');
  await settle(page);
  await upgradeNodeToSp1(page, 'NODE2', 'CORP\\exadmin');
  // Both EVSs: SA offline, to NODE2, then both upgrades at once.
  for (const evs of ['EVS1', 'EVS2']) {
    await showGroup(page, evs);
    await clusterMenu(page, 'NODE1', `resource-Exchange System Attendant - ${evs}`, 'Take Offline');
  }
  await settle(page);
  await showGroups(page);
  await clusterMenu(page, 'NODE1', 'group-EVS1', 'Move Group');
  await clusterMenu(page, 'NODE1', 'group-EVS2', 'Move Group');
  await settle(page);
  for (const evs of ['EVS1', 'EVS2']) {
    await showGroup(page, evs);
    await clusterMenu(page, 'NODE2', `resource-Exchange System Attendant - ${evs}`, 'Upgrade Exchange Virtual Server');
  }
  // Waiting lets one upgrade finish; the other hangs. Nothing more will happen, yet it looks
  // like work under way: the console shows the hourglass (and only that), and waiting again
  // only watches it for a quarter of an hour.
  const wait = page.getByTestId('wait');
  await wait.click();
  const c2 = await consoleOf(page, 'NODE2');
  assert.equal(await c2.getByTestId('hourglass').count(), 1);
  assert.ok(await wait.isEnabled(), 'a hung Setup still looks under way');
  const before = await clockSeconds(page);
  await wait.click();
  assert.equal(await clockSeconds(page), before + 15 * 60);
  assert.equal(await c2.getByTestId('hourglass').count(), 1);
  // NODE2's Cluster Administrator stops responding.
  await page.getByRole('tab', { name: 'Cluster Administrator' }).click();
  await page.getByTestId('cluadmin-console').selectOption('NODE2');
  assert.match(await page.getByTestId('cluadmin').getAttribute('class'), /\bhung\b/);
  await showGroups(page);
  await clusterMenu(page, 'NODE2', 'group-EVS2', 'Bring Online');
  await expectMessage(page, 'not responding');
  // The hint knows the way out: Task Manager, End task.
  await page.getByRole('button', { name: 'Hint', exact: true }).click();
  assert.match(await page.getByTestId('hint').innerText(), /NODE2: end-task/);
  await t.screenshot('hung');
  const d = await debrief(page);
  await t.screenshot('parallel-debrief');
  assert.ok(d.findings.includes('parallel-evs-upgrade'), `findings: ${d.findings}`);
  assert.equal(d.verdict, 'Not passing yet');
});

test('bringing only the System Attendant online leaves the store offline while downtime runs', async ({ t }) => {
  const page = t.page;
  await startScenario(page, 'Exchange 2003 to SP1: active/passive', 5);
  await logon(page, 'NODE1', 'CORP\\exadmin');
  await logon(page, 'NODE2', 'CORP\\exadmin');
  await upgradeNodeToSp1(page, 'NODE2', 'CORP\\exadmin');
  await showGroup(page, 'EVS1');
  await clusterMenu(page, 'NODE1', 'resource-Exchange System Attendant - EVS1', 'Take Offline');
  await settle(page);
  await showGroups(page);
  await clusterMenu(page, 'NODE1', 'group-EVS1', 'Move Group');
  await settle(page);
  await showGroup(page, 'EVS1');
  await clusterMenu(page, 'NODE2', 'resource-Exchange System Attendant - EVS1', 'Upgrade Exchange Virtual Server');
  await settle(page);
  // Only the SA.
  await clusterMenu(page, 'NODE2', 'resource-Exchange System Attendant - EVS1', 'Bring Online');
  await settle(page);
  assert.equal(await resourceState(page, 'Exchange System Attendant - EVS1'), 'Online');
  assert.equal(await resourceState(page, 'Exchange Information Store Instance - EVS1'), 'Offline');
  assert.equal(await resourceState(page, 'SMTP Virtual Server Instance - EVS1'), 'Offline');
  // Let the clock run: downtime keeps growing, mailboxes stay unreachable.
  const downtime = async () => (await page.getByTestId('downtime').innerText()).trim();
  const before = await downtime();
  const clockBefore = await page.getByTestId('clock').innerText();
  await page.getByTestId('run').click();
  await page.waitForTimeout(2500);
  await page.getByTestId('run').click();
  const after = await downtime();
  assert.notEqual(after, before, 'the downtime meter moved');
  // Users are down, so the clock is not auto-paused: some 25 s pass at 10x in 2.5 s.
  const secs = (t) => t.split(':').reduce((a, b) => a * 60 + Number(b), 0);
  const ran = secs(await page.getByTestId('clock').innerText()) - secs(clockBefore);
  assert.ok(ran >= 10, `the clock ran ${ran} s`);
  assert.match(after, /0 of 400 mailboxes up/);
  await t.screenshot('sa-only');
  const d = await debrief(page);
  assert.ok(d.findings.includes('sa-only-online'), `findings: ${d.findings}`);
  await t.screenshot('sa-only-debrief');
});

test("Cluster Administrator shows nothing of the cluster from a node that is restarting", async ({ t }) => {
  const page = t.page;
  await startScenario(page, 'Exchange 2003 to SP1: active/passive', 3);
  await logon(page, 'NODE2', 'CORP\\exadmin');
  await tab(page, 'Cluster Administrator');
  await page.getByTestId('cluadmin-console').selectOption('NODE2');
  await consoleButton(page, 'NODE2', 'Windows', 'Restart');
  await tab(page, 'Cluster Administrator');
  assert.equal(await page.getByTestId('cluadmin-down').innerText(), 'NODE2 is restarting.');
  assert.equal(await page.locator('.cluadmin [role=tree]').count(), 0, 'no tree from a console that is down');
  assert.equal(await page.getByRole('button', { name: 'New group…' }).count(), 0, 'nothing to act on from it');
  await t.screenshot('cluadmin-down');
  // From the other node's console, the cluster is there (NODE2 down in it); once NODE2 is
  // back, its own Cluster Administrator shows the cluster again.
  await page.getByTestId('cluadmin-console').selectOption('NODE1');
  await page.locator('.cluadmin [role=tree]').waitFor();
  await settle(page);
  await page.getByTestId('cluadmin-console').selectOption('NODE2');
  await page.locator('.cluadmin [role=tree]').waitFor();
});
