// The Move Users migration in the browser: build the cluster from the consoles, install Exchange
// 5.5 on both nodes, move the users in the Exchange Administrator and watch their logons.

import assert from 'node:assert/strict';

import { clusterMenu, consoleButton, consoleOf, debrief, expectMessage, logon, section, settle, showGroups, startScenario, tab } from './drive.mjs';
import { test } from './fixtures.mjs';

async function text(c, legend, label, value) {
  await section(c, legend).getByLabel(label).fill(value);
}

test('Move Users: the cluster built from the consoles, the users moved and their logons counted', async ({ t }) => {
  const page = t.page;
  await startScenario(page, 'Exchange 5.5 into a cluster: Move Users', 11);
  for (const node of ['NODE1', 'NODE2']) {
    await logon(page, node, 'CONTOSO\\exadmin');
    const c = await consoleOf(page, node);
    await text(c, 'Microsoft Cluster Server Setup', 'Cluster name', 'EXCLUS');
    await section(c, 'Microsoft Cluster Server Setup').getByLabel('Service account').selectOption('CONTOSO\\svc-exchange');
    await section(c, 'Microsoft Cluster Server Setup').getByRole('button', { name: 'Install' }).click();
    await settle(page);
  }
  // The resource group for Exchange, brought online before Setup.
  await tab(page, 'Cluster Administrator');
  await page.getByRole('button', { name: 'New group…' }).click();
  await page.getByLabel('Group', { exact: true }).fill('EXVS');
  await page.getByLabel('Network Name').fill('EXCLUSTER');
  await page.getByRole('button', { name: 'Create' }).click();
  await expectMessage(page, 'Created group EXVS');
  await showGroups(page);
  await clusterMenu(page, 'NODE1', 'group-EXVS', 'Bring Online');
  await settle(page);
  // Exchange Setup on the primary node, then Update Node on the other.
  const c1 = await consoleOf(page, 'NODE1');
  const setup = section(c1, 'Exchange Server 5.5 Setup (cluster)');
  await setup.getByLabel('Mode').selectOption('Install');
  await setup.getByLabel('Organization').fill('Contoso');
  await setup.getByLabel('Site').fill('HQ');
  await setup.getByLabel('Service account').selectOption('CONTOSO\\svc-exchange');
  await setup.getByRole('button', { name: 'Run Setup' }).click();
  await settle(page);
  const c2 = await consoleOf(page, 'NODE2');
  await section(c2, 'Exchange Server 5.5 Setup (cluster)').getByLabel('Mode').selectOption('Update Node');
  await section(c2, 'Exchange Server 5.5 Setup (cluster)').getByRole('button', { name: 'Run Setup' }).click();
  await showGroups(page);
  await clusterMenu(page, 'NODE1', 'group-EXVS', 'Bring Online');
  await settle(page);
  // Move User in the Exchange Administrator.
  await tab(page, 'Exchange Administrator');
  const ex = page.getByTestId('exadmin');
  await ex.getByLabel('Machine').selectOption('NODE1');
  await ex.getByLabel('From').selectOption('OLDSRV');
  await ex.getByLabel('To').selectOption('EXCLUSTER');
  await ex.getByRole('button', { name: /Move User/ }).click();
  await expectMessage(page, 'Moving 150 mailboxes');
  await page.getByTestId('skip').click();
  await page.getByTestId('skip').click();
  await ex.getByTestId('logons').waitFor();
  const early = await ex.getByTestId('logons').innerText();
  await settle(page);
  const late = await ex.getByTestId('logons').innerText();
  assert.match(late, /^150 of 150 have logged on/, late);
  assert.notEqual(early, late);
  await t.screenshot('moved');
  const d = await debrief(page);
  assert.deepEqual(d.findings, [], 'no findings so far');
  await t.screenshot('debrief');
  await page.getByRole('button', { name: 'Carry on' }).click();

  // The old server, shut down, is removed in Windows NT Server Manager (seed 001, step 4), not
  // in the Exchange Administrator.
  assert.equal(await ex.getByRole('button', { name: /Remove/ }).count(), 0);
  await logon(page, 'OLDSRV', 'CONTOSO\\exadmin');
  await consoleButton(page, 'OLDSRV', 'Windows', 'Shut down');
  await settle(page);
  const c = await consoleOf(page, 'NODE1');
  await section(c, 'Windows NT Server Manager').getByLabel('Server').selectOption('OLDSRV');
  await section(c, 'Windows NT Server Manager').getByRole('button', { name: 'Remove from the site and the domain' }).click();
  await expectMessage(page, 'OLDSRV removed from the site and deleted from the domain.');
});
