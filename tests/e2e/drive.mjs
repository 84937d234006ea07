// Driving the trainer as a learner does: pick a scenario, use a console's tools, right-click in
// Cluster Administrator, let time pass, read the debrief. Shared by the scenario tests.

import assert from 'node:assert/strict';

import { loadPicker } from './lib.mjs';

/** Opens the picker, selects the scenario with this title, sets the seed and starts. */
export async function startScenario(page, title, seed) {
  await loadPicker(page, '/');
  await page.locator('[data-testid=scenario-title]', { hasText: title }).click();
  const seedField = page.getByLabel('Seed');
  await seedField.fill(String(seed));
  await page.getByTestId('start').click();
  await page.getByTestId('session').waitFor();
}

export async function tab(page, name) {
  await page.getByRole('tab', { name }).click();
}

/** The console of a machine, as a locator, with its tab selected. */
export async function consoleOf(page, machine) {
  await tab(page, `${machine} console`);
  const c = page.getByTestId(`console-${machine}`);
  await c.waitFor();
  return c;
}

/** A console's fieldset by its legend. */
export function section(c, legend) {
  // A CSS :has(), not a `has` locator: the console may be in a frame (an LMS's).
  return c.locator(`fieldset:has(> legend:has-text(${JSON.stringify(legend)}))`);
}

export async function logon(page, machine, account) {
  const c = await consoleOf(page, machine);
  await section(c, 'Logon').getByLabel('Account').selectOption(account);
  await section(c, 'Logon').getByTestId('logon').click();
  await expectMessage(page, `Logged on to ${machine}`);
}

export async function install(page, machine, pkg) {
  const c = await consoleOf(page, machine);
  await section(c, 'Setup and updates').getByLabel('Package').selectOption(pkg);
  await section(c, 'Setup and updates').getByTestId('install').click();
}

/** A node brought to Exchange 2003 SP1 the supported way: hotfix 831464, restart, log on, SP1. */
export async function upgradeNodeToSp1(page, machine, account) {
  await install(page, machine, 'hotfix-831464');
  await settle(page);
  await consoleButton(page, machine, 'Windows', 'Restart');
  await settle(page);
  await logon(page, machine, account);
  await install(page, machine, 'exchange-2003-sp1');
  await settle(page);
}

export async function consoleButton(page, machine, legend, name) {
  const c = await consoleOf(page, machine);
  await section(c, legend).getByRole('button', { name, exact: true }).click();
}

/** Each node's files, then each node's system state, from their consoles, waiting for each. */
export async function backupNodes(page, nodes) {
  for (const what of ['Back up files', 'Back up system state']) {
    for (const node of nodes) await consoleButton(page, node, 'Windows NT Backup', what);
    await settle(page);
  }
}

export async function backupExchange(page, machine, server) {
  const c = await consoleOf(page, machine);
  const s = section(c, 'Windows NT Backup');
  await s.getByLabel('Exchange server').selectOption(server);
  await s.getByRole('button', { name: 'Back up Exchange databases' }).click();
}

/** The last action's outcome, as the side panel shows it. */
export async function message(page) {
  return (await page.getByTestId('message').innerText()).trim();
}

export async function expectMessage(page, text) {
  const m = await message(page);
  assert.ok(m.includes(text), `expected the message to say "${text}", got: ${m}`);
}

/** Lets simulated time run until nothing is under way (the "Until done" button greys out). */
export async function settle(page) {
  const wait = page.getByTestId('wait');
  if (await wait.isDisabled()) return;
  await wait.click();
  assert.ok(await wait.isDisabled(), 'still busy after waiting until done');
}

/** The simulated clock, in seconds. */
export async function clockSeconds(page) {
  const [h, m, sec] = (await page.getByTestId('clock').innerText()).trim().split(':').map(Number);
  return (h * 60 + m) * 60 + sec;
}

/** Cluster Administrator, running on `node`, a right-click on the row, then a menu item. */
export async function clusterMenu(page, node, row, item) {
  await tab(page, 'Cluster Administrator');
  await page.getByTestId('cluadmin-console').selectOption(node);
  const target = page.getByTestId(row);
  await target.click({ button: 'right' });
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

/** Shows the groups (not one group's resources) in Cluster Administrator's details pane. */
export async function showGroups(page) {
  await tab(page, 'Cluster Administrator');
  await page.getByRole('treeitem', { name: 'Groups' }).click();
}

export async function showGroup(page, group) {
  await tab(page, 'Cluster Administrator');
  await page.getByRole('treeitem', { name: group, exact: true }).click();
}

export async function resourceState(page, name) {
  return (await page.getByTestId(`resource-${name}`).getByTestId('state').innerText()).trim();
}

/** Opens the debrief and returns its score, verdict and finding ids. */
export async function debrief(page, end = false) {
  await page.getByTestId(end ? 'end' : 'debrief-button').click();
  // Ending asks first: it is for good.
  if (end) await page.getByTestId('confirm-end-button').click();
  const d = page.getByTestId('debrief');
  await d.waitFor();
  const score = Number((await d.getByTestId('score').innerText()).trim());
  const verdict = (await d.getByTestId('verdict').innerText()).trim();
  const findings = await d.locator('[data-finding]').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding')));
  return { score, verdict, findings, locator: d };
}
