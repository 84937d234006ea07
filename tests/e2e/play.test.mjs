// A learner plays the Exchange 2003 SP1 active/passive scenario to the end by clicking, as the
// seed's walk-through says, and the debrief shows full marks.

import assert from 'node:assert/strict';

import {
  backupExchange, backupNodes, clusterMenu, consoleButton, debrief, expectMessage, logon, resourceState, settle, showGroup,
  showGroups, startScenario, upgradeNodeToSp1,
} from './drive.mjs';
import { test } from './fixtures.mjs';

const EVS1_SA = 'resource-Exchange System Attendant - EVS1';

test('the SP1 active/passive walk-through, clicked through, scores full marks', async ({ t }) => {
  const page = t.page;
  await startScenario(page, 'Exchange 2003 to SP1: active/passive', 7);

  // Full backup first.
  await logon(page, 'NODE1', 'CORP\\exadmin');
  await logon(page, 'NODE2', 'CORP\\exadmin');
  await backupNodes(page, ['NODE1', 'NODE2']);
  await backupExchange(page, 'NODE1', 'EVS1');
  await settle(page);

  // The passive node: hotfix 831464, restart, SP1.
  await upgradeNodeToSp1(page, 'NODE2', 'CORP\\exadmin');
  await t.screenshot('node2-upgraded');

  // SA offline (network name, IP, disk stay online), move the group, upgrade from NODE2.
  await showGroup(page, 'EVS1');
  await clusterMenu(page, 'NODE1', EVS1_SA, 'Take Offline');
  await settle(page);
  assert.equal(await resourceState(page, 'Exchange Information Store Instance - EVS1'), 'Offline');
  assert.equal(await resourceState(page, 'EVS1 Network Name'), 'Online');
  await showGroups(page);
  await clusterMenu(page, 'NODE1', 'group-EVS1', 'Move Group');
  await settle(page);
  await showGroup(page, 'EVS1');
  await clusterMenu(page, 'NODE2', EVS1_SA, 'Upgrade Exchange Virtual Server');
  await settle(page);
  await showGroups(page);
  await clusterMenu(page, 'NODE2', 'group-EVS1', 'Bring Online');
  await settle(page);
  await showGroup(page, 'EVS1');
  assert.equal(await resourceState(page, 'Exchange Information Store Instance - EVS1'), 'Online');
  await t.screenshot('evs1-upgraded');

  // Check the Application log on the node now running EVS1.
  await consoleButton(page, 'NODE2', 'Windows', 'Event Viewer: read the Application log');
  await expectMessage(page, 'Application log read');

  // Then NODE1, and a new full backup: both nodes and the databases SP1 stamped.
  await upgradeNodeToSp1(page, 'NODE1', 'CORP\\exadmin');
  await backupNodes(page, ['NODE1', 'NODE2']);
  await backupExchange(page, 'NODE2', 'EVS1');
  await settle(page);

  const d = await debrief(page, true);
  await t.screenshot('debrief');
  assert.deepEqual(d.findings, [], 'no findings');
  assert.equal(d.score, 100);
  assert.equal(d.verdict, 'Passed');

  // The debrief is modal: the keyboard stays in it, going round from the last button to the
  // first and back.
  // The details come first: they scroll, so the keyboard can reach them.
  const focused = () => page.evaluate(() => document.activeElement.getAttribute('aria-label') ?? document.activeElement.textContent.trim());
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(), 'Back to the scenarios');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Debrief details');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Download transcript');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(), 'Back to the scenarios');
});
