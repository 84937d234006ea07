// A team lead in a meeting room: opens the parallel-upgrade reel from the picker, steps to the
// hang with its caption, steps back, takes over before the second upgrade and finishes it the
// right way to a passing debrief; a shared link opens in a fresh browser; a learner undoes.

import assert from 'node:assert/strict';

import {
  backupExchange, backupNodes, clusterMenu, consoleButton, debrief, expectMessage, logon, settle, showGroup, showGroups, startScenario,
  upgradeNodeToSp1,
} from './drive.mjs';
import { test } from './fixtures.mjs';
import { loadPicker } from './lib.mjs';

async function openReel(page, name) {
  await loadPicker(page, '/');
  await page.getByTestId('reel-choice').selectOption(name);
  await page.getByTestId('present').click();
  await page.getByTestId('presenter').waitFor();
}

const position = async (page) => (await page.getByTestId('position').innerText()).trim();
const caption = async (page) => (await page.getByTestId('caption').innerText()).trim();

/** Nothing in the presenter's bar is cut off: every child fits inside it, side to side. */
async function nothingClipped(page) {
  return page.evaluate(() => {
    const bar = document.querySelector('[data-testid=presenter]').getBoundingClientRect();
    const out = [];
    for (const el of document.querySelectorAll('[data-testid=presenter] *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || el.closest('.sr-only')) continue;
      if (r.right > bar.right + 1 || r.left < bar.left - 1 || el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'hidden') {
        out.push(`${el.tagName}.${el.className}: ${el.textContent.slice(0, 40)}`);
      }
    }
    return out;
  });
}

test('the parallel-upgrade reel: step to the hang, back, take over and finish it right', async ({ t }) => {
  const page = t.page;
  await openReel(page, 'parallel-evs-upgrade');
  assert.equal(await position(page), 'The start');
  assert.match(await caption(page), /Two EVSs on two nodes/);
  // The keyboard is on the presenter's controls.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'present-next');

  // Straight to the second upgrade on the strip: the hang's caption, in the debrief's words.
  await page.getByRole('button', { name: /^21: NODE2: upgrade-evs EVS2/ }).click();
  assert.equal(await position(page), 'Step 21 of 21');
  const hang = await caption(page);
  assert.match(hang, /The second starts while the first still runs/);
  assert.match(hang, /Two Exchange virtual servers upgraded at the same time\./);
  assert.match(hang, /Source: KB 822582/);
  assert.match(await page.getByTestId('findings-so-far').innerText(), /Two Exchange virtual servers upgraded at the same time/);
  await page.getByTestId('judgement').filter({ hasText: 'From here it can no longer pass.' }).waitFor({ timeout: 20_000 });
  for (const [width, height] of [[1920, 1080], [1280, 720]]) {
    await page.setViewportSize({ width, height });
    assert.deepEqual(await nothingClipped(page), [], `${width}x${height}: clipped`);
    await t.screenshot(`hang-${width}x${height}`);
  }
  // The room sees the console the step was taken on: NODE2's Cluster Administrator, both
  // upgrades under way in it.
  await page.getByRole('tab', { name: 'Cluster Administrator' }).click();
  assert.equal(await page.getByTestId('cluadmin-console').inputValue(), 'NODE2');
  const cluadmin = await page.getByTestId('cluadmin').innerText();
  assert.match(cluadmin, /Upgrading Exchange Virtual Server EVS1…[^]*Upgrading Exchange Virtual Server EVS2…/);
  // And the event logs as they stand at the step, read without leaving the recording.
  await page.getByRole('tab', { name: 'Event Viewer' }).click();
  assert.equal(await page.getByTestId('open-log').count(), 0, 'nothing to act on while presenting');
  assert.ok((await page.locator('[data-testid=eventviewer] tbody tr').count()) > 0, 'the log as it stands');
  assert.equal(await position(page), 'Step 21 of 21');

  // A clicker's Page Up, then the arrow keys, step back and forth; the clicker still steps
  // after a tool's tab was clicked to show it (the arrows are the tabs' there).
  await page.keyboard.press('PageUp');
  assert.equal(await position(page), 'Step 20 of 21');
  await page.getByRole('tab', { name: 'NODE2 console' }).click();
  await page.keyboard.press('PageDown');
  assert.equal(await position(page), 'Step 21 of 21');
  await page.keyboard.press('PageUp');
  assert.equal(await position(page), 'Step 20 of 21');
  await page.getByTestId('step-next').focus();
  // Presenting, the header has no live controls to leave the recording by surprise.
  assert.equal(await page.getByTestId('run').count(), 0);
  assert.equal(await page.getByTestId('end').count(), 0);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await position(page), 'Step 20 of 21');
  assert.match(await caption(page), /The first Upgrade Exchange Virtual Server starts/);
  await page.getByTestId('judgement').filter({ hasText: 'From here it can still pass' }).waitFor({ timeout: 20_000 });

  // The point of no return, found step by step without freezing the page.
  await page.getByRole('button', { name: 'Find the point of no return' }).click();
  await page.getByTestId('no-return').filter({ hasText: 'Point of no return: after step 21.' }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: /^21: .*\(point of no return\)/ }).waitFor();
  await t.screenshot('no-return');

  // The end opens the recording's final debrief; a clicker (or the arrows) steps back from it
  // as from anywhere else.
  await page.keyboard.press('End');
  await page.getByTestId('debrief').waitFor();
  await page.keyboard.press('PageUp');
  assert.equal(await position(page), 'Step 21 of 21');
  await page.getByTestId('debrief').waitFor({ state: 'detached' });
  await page.keyboard.press('End');
  await page.getByTestId('debrief').waitFor();
  await page.keyboard.press('ArrowLeft');
  assert.equal(await position(page), 'Step 21 of 21');
  await page.keyboard.press('PageUp');
  assert.equal(await position(page), 'Step 20 of 21');

  // Take over before the second upgrade: the twenty steps are kept, the rest is live.
  await page.getByTestId('take-over').click();
  await page.getByTestId('presenter').waitFor({ state: 'detached' });
  assert.match(await page.getByTestId('notice').innerText(), /Live from step 20 of “Two EVSs upgraded at once/);
  assert.match(await page.locator('.timeline h2').innerText(), /\(20 steps\)/);
  await settle(page);
  await showGroup(page, 'EVS2');
  await clusterMenu(page, 'NODE2', 'resource-Exchange System Attendant - EVS2', 'Upgrade Exchange Virtual Server');
  await settle(page);
  await showGroups(page);
  await clusterMenu(page, 'NODE2', 'group-EVS1', 'Bring Online');
  await clusterMenu(page, 'NODE2', 'group-EVS2', 'Bring Online');
  await settle(page);
  await consoleButton(page, 'NODE2', 'Windows', 'Event Viewer: read the Application log');
  await expectMessage(page, 'Application log read');
  await upgradeNodeToSp1(page, 'NODE1', 'CORP\\exadmin');
  await showGroups(page);
  await clusterMenu(page, 'NODE1', 'group-EVS1', 'Move Group');
  await settle(page);
  await consoleButton(page, 'NODE1', 'Windows', 'Event Viewer: read the Application log');
  await backupNodes(page, ['NODE1', 'NODE2']);
  await backupExchange(page, 'NODE1', 'EVS1');
  await backupExchange(page, 'NODE2', 'EVS2');
  await settle(page);
  const d = await debrief(page, true);
  await t.screenshot('taken-over-debrief');
  assert.deepEqual(d.findings, []);
  assert.equal(d.verdict, 'Passed');
});

test('a shared link opens the recording in a fresh browser; a damaged one says so', async ({ t, browser }) => {
  const page = t.page;
  await openReel(page, 'sa-only-online');
  await page.getByTestId('step-next').click();
  await page.getByTestId('share').click();
  const address = await page.getByTestId('share-link').inputValue();
  assert.match(address, /^http:\/\/127\.0\.0\.1:\d+\/#share=[A-Za-z0-9_-]+@1$/);
  assert.ok(address.length < 2000, `${address.length} characters`);

  const fresh = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const other = await fresh.newPage();
    const errors = [];
    other.on('pageerror', (e) => errors.push(String(e)));
    await other.goto(address);
    await other.getByTestId('presenter').waitFor();
    assert.equal((await other.locator('.reel-title').innerText()).trim(), 'After the upgrade, only the System Attendant brought back online');
    assert.match(await position(other), /^Step 1 of \d+$/, 'it opens at the step it was shared from');
    // The address is the trainer's own again: a reload does not reopen the link.
    assert.equal(new URL(other.url()).hash, '');
    await other.screenshot({ path: 'target/e2e/presenter--shared-link-1920x1080.png' });

    await other.goto(address.replace(/#share=.*/, '#share=AAAAbroken'));
    await other.reload();
    await other.getByTestId('scenario-picker').waitFor();
    assert.match(await other.getByTestId('notice').innerText(), /This shared link cannot be opened: the link is (damaged|cut short)/);
    assert.deepEqual(errors, []);
  } finally {
    await fresh.close();
  }
});

test('a learner undoes the last step with Ctrl+Z and any step from the timeline', async ({ t }) => {
  const page = t.page;
  await startScenario(page, 'Exchange 2003 to SP1: active/passive', 7);
  await logon(page, 'NODE1', 'CORP\\exadmin');
  await logon(page, 'NODE2', 'CORP\\exadmin');
  await consoleButton(page, 'NODE2', 'Windows NT Backup', 'Back up files');
  const heading = () => page.locator('.timeline h2').innerText();
  assert.equal(await heading(), 'Timeline (3 steps)');
  await page.getByTestId('clock').click();
  await page.keyboard.press('Control+z');
  assert.equal(await heading(), 'Timeline (2 steps, 1 undo)');
  await page.getByRole('button', { name: 'back to here: just after step 1, NODE1: logon CORP\\exadmin' }).click();
  assert.equal(await heading(), 'Timeline (1 step, 2 undos)');
  const d = await debrief(page);
  assert.match(await d.locator.innerText(), /2 undos/);
});

test("the instructor cuts a node's power mid-upgrade: the session goes on live, the fault marked", async ({ t }) => {
  const page = t.page;
  await openReel(page, 'right-way-e2003-sp1-active-passive');
  // To the step that starts SP1 Setup on NODE2.
  await page.getByRole('button', { name: /: NODE2: install exchange-2003-sp1/ }).click();
  await page.getByTestId('fault-choice').selectOption({ label: 'NODE2 loses power' });
  await t.screenshot('fault-menu');
  await page.getByTestId('inject').click();
  await page.getByTestId('presenter').waitFor({ state: 'detached' });
  const last = page.locator('.timeline li').first();
  assert.match(await last.innerText(), /NODE2: fault power-loss\s+instructor's fault/);
  assert.match(await page.getByTestId('message').innerText(), /NODE2 lost power\./);
  const d = await debrief(page);
  assert.match(await d.locator.getByTestId('faults').innerText(), /step \d+ · NODE2: fault power-loss/);
  await t.screenshot('fault-debrief');
});

test('every title and caption of every reel is read whole on a 1280x720 projector, nothing cut or scrolled away', async ({ t }) => {
  const page = t.page;
  await page.setViewportSize({ width: 1280, height: 720 });
  await loadPicker(page, '/');
  const reels = await page.getByTestId('reel-choice').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(reels.length >= 40, `${reels.length} reels`);
  const cut = [];
  for (const reel of reels) {
    await openReel(page, reel);
    const [titleScroll, titleClient] = await page.locator('.reel-title').evaluate((h) => [h.scrollHeight, h.clientHeight]);
    if (titleScroll > titleClient + 1) cut.push(`${reel}: its title`);
    const steps = page.locator('.strip-step');
    const n = await steps.count();
    for (let i = 0; i < n; i++) {
      if (!/\bcaptioned\b/.test(await steps.nth(i).getAttribute('class'))) continue;
      await steps.nth(i).click();
      const [scroll, client] = await page.getByTestId('caption').evaluate((c) => [c.scrollHeight, c.clientHeight]);
      if (scroll > client + 1) cut.push(`${reel} at ${i}: ${scroll} px of caption in ${client}`);
    }
  }
  assert.deepEqual(cut, []);
});

test("Exchange Administrator, presenting, runs on the console each step was taken on", async ({ t }) => {
  const page = t.page;
  await openReel(page, 'right-way-e55-move-users');
  await page.getByRole('button', { name: /^\d+: NODE1: move-users OLDSRV EXCLUSTER/ }).click();
  await page.getByRole('tab', { name: 'Exchange Administrator' }).click();
  assert.equal(await page.getByTestId('exadmin').getByLabel('Machine').inputValue(), 'NODE1');
  await page.getByRole('button', { name: /^\d+: OLDSRV: shutdown/ }).click();
  assert.equal(await page.getByTestId('exadmin').getByLabel('Machine').inputValue(), 'OLDSRV');
});
