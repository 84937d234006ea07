// Cluster Administrator with the keyboard alone: arrows move between rows and tree items, menus
// open with Shift+F10 where they are asked for and give focus back, dialogs keep focus inside
// and return it to what opened them, and a menu left open closes when focus goes elsewhere.

import assert from 'node:assert/strict';

import { clusterMenu, showGroup, startScenario, tab } from './drive.mjs';
import { test } from './fixtures.mjs';

/** What has keyboard focus: its data-testid or id, else its text. */
const focused = (page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    return a.getAttribute('data-testid') || a.id || a.textContent.trim();
  });

test('Cluster Administrator is usable with the keyboard alone', async ({ t }) => {
  const page = t.page;
  await startScenario(page, 'Exchange 2003 to SP1: active/passive', 3);
  await showGroup(page, 'EVS1');

  // Rows: Down, Up, End, Home.
  const rows = page.locator('[data-testid^="resource-"]');
  const names = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
  assert.ok(names.length > 4, `${names}`);
  await rows.first().focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(page), names[1]);
  await page.keyboard.press('End');
  assert.equal(await focused(page), names[names.length - 1]);
  await page.keyboard.press('ArrowUp');
  assert.equal(await focused(page), names[names.length - 2]);
  await page.keyboard.press('Home');
  assert.equal(await focused(page), names[0]);

  // Shift+F10 opens the row's menu; Escape closes it and gives focus back to the row.
  await page.keyboard.press('Shift+F10');
  await page.getByRole('menu').waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await page.getByRole('menu').count(), 0);
  assert.equal(await focused(page), names[0]);

  // Properties: Tab stays in the dialog; OK gives focus back to the row.
  const sa = 'resource-Exchange System Attendant - EVS1';
  await clusterMenu(page, 'NODE1', sa, 'Properties');
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  for (let i = 0; i < 12; i += 1) {
    await page.keyboard.press('Tab');
    assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), `Tab ${i + 1} left the dialog`);
  }
  // Its pages are tabs, as in Cluster Administrator (the seed's "Registry Replication tab"):
  // the arrows move between them.
  await dialog.getByRole('tab', { name: 'Registry Replication' }).click();
  await dialog.getByTestId('checkpoints').waitFor();
  await page.keyboard.press('ArrowLeft');
  assert.equal(await dialog.getByRole('tab', { selected: true }).innerText(), 'Advanced');
  assert.ok(await dialog.getByText('Pending timeout').isVisible());
  await dialog.getByRole('button', { name: 'OK' }).click();
  assert.equal(await focused(page), sa);

  // The tree: arrows move between items; a group's menu opens on the tree item itself,
  // without changing what the details pane shows.
  const evs1 = page.getByRole('treeitem', { name: 'EVS1', exact: true });
  await evs1.focus();
  await page.keyboard.press('ArrowUp');
  assert.equal(await focused(page), 'tree-g0');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+F10');
  await evs1.getByRole('menu').waitFor();
  assert.equal(await page.getByTestId(sa).count(), 1, 'the details pane still shows EVS1');
  await t.screenshot('tree-menu');
  await page.keyboard.press('Escape');
  assert.equal(await focused(page), 'tree-g1');

  // A menu left open closes when focus moves elsewhere (another tool's tab).
  await page.getByTestId(sa).click({ button: 'right' });
  await page.getByRole('menu').waitFor();
  await tab(page, 'NODE1 console');
  await tab(page, 'Cluster Administrator');
  assert.equal(await page.getByRole('menu').count(), 0);
});
