// Damaged saved data in the browser: a saved session corrupted, cut short, from an older
// format or version, or of a scenario that is gone, and a stored scenario file that no longer
// loads. Each is set aside with why (kept whole, to download or remove), the page works, and
// nothing else saved is lost.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { loadPicker } from './lib.mjs';
import { test } from './fixtures.mjs';

const GOOD = [
  'clusterdrill-transcript 1',
  'scenario e2003-sp1-active-passive',
  'scenario-version 1',
  'seed 4',
  '0:00:00 NODE1: logon CORP\\exadmin',
  'unfinished 0:00:00',
  '',
].join('\n');

const DAMAGE = [
  { kind: 'corrupted', text: GOOD.replace('logon', 'log\u0000on'), why: /cannot be read \(line 5/ },
  { kind: 'truncated', text: GOOD.slice(0, GOOD.indexOf('unfinished')), why: /cut short/ },
  { kind: 'old format', text: GOOD.replace('transcript 1', 'transcript 0'), why: /not a Cluster Drill transcript/ },
  { kind: 'older scenario version', text: GOOD.replace('scenario-version 1', 'scenario-version 0'), why: /cannot be resumed: it was made with version 0/ },
  { kind: 'scenario gone', text: GOOD.replace('scenario e2003', 'scenario gone-e2003'), why: /does not have/ },
];

async function store(page, items) {
  await loadPicker(page, '/');
  await page.evaluate((items) => {
    localStorage.clear();
    for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v);
  }, items);
  await loadPicker(page, '/');
}

const storage = (page) => page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));

for (const { kind, text, why } of DAMAGE) {
  test(`a saved session ${kind} is set aside with why, and the page works`, async ({ t }) => {
    const page = t.page;
    await store(page, { 'clusterdrill.session': text });
    const aside = page.getByRole('region', { name: 'Set aside' });
    const said = await aside.innerText();
    assert.match(said, /The saved session could not be used/);
    assert.match(said, why);
    assert.equal(await page.getByRole('region', { name: 'Saved session' }).count(), 0, 'nothing to resume');
    // Moved aside whole; the next visit still lists it.
    const kept = await storage(page);
    assert.equal(kept['clusterdrill.set-aside.saved-session.transcript'], text);
    assert.equal(kept['clusterdrill.session'], undefined);
    await loadPicker(page, '/');
    assert.match(await aside.innerText(), why);
    if (kind === 'corrupted') await t.screenshot('set-aside');
    // Downloaded, it is the text as it was.
    const [download] = await Promise.all([page.waitForEvent('download'), aside.getByRole('button', { name: /^Download/ }).click()]);
    assert.equal(download.suggestedFilename(), 'saved-session.transcript');
    assert.equal(readFileSync(await download.path(), 'utf8'), text);
    // The picker works: a session starts, and is kept as the new saved one once it acts.
    await page.getByTestId('start').click();
    await page.getByTestId('session').waitFor();
    await page.getByRole('button', { name: 'Scenarios' }).click();
    // Removed when the learner says so, and only then.
    await aside.getByRole('button', { name: /^Remove/ }).click();
    assert.equal(await aside.count(), 0);
    assert.equal((await storage(page))['clusterdrill.set-aside.saved-session.transcript'], undefined);
  });
}

test('an exam in progress whose exam file is damaged is set aside with it, and the page works', async ({ t }) => {
  const page = t.page;
  const exam = GOOD.replace('seed 4\n', 'seed 4\nmode exam\n');
  const damaged = 'clusterdrill-exam 1\ntitle Half a file\n';
  await store(page, { 'clusterdrill.session': exam, 'clusterdrill.exam': damaged });
  const said = await page.getByRole('region', { name: 'Set aside' }).innerText();
  assert.match(said, /The exam file of the saved exam could not be used: its exam file cannot be read/);
  assert.match(said, /The saved session could not be used: its exam file cannot be read/);
  assert.equal(await page.getByRole('region', { name: 'Saved session' }).count(), 0, 'nothing to resume');
  const kept = await storage(page);
  assert.equal(kept['clusterdrill.set-aside.saved.exam'], damaged);
  assert.equal(kept['clusterdrill.set-aside.saved-session.transcript'], exam);
  assert.equal(kept['clusterdrill.exam'], undefined);
  await page.getByTestId('start').click();
  await page.getByTestId('session').waitFor();
});

test('a stored scenario file that no longer loads is set aside, and the rest still loads', async ({ t }) => {
  const page = t.page;
  const file = readFileSync(new URL('../../scenarios/e2003-sp1-active-passive.toml', import.meta.url), 'utf8');
  const mine = file.replace('id = "e2003-sp1-active-passive"', 'id = "mine"').replace('title = "Exchange 2003 to SP1: active/passive"', 'title = "My drill"');
  const broken = file.replace('id = "e2003-sp1-active-passive"', 'id = "broken"').replace('host = "NODE1"', 'host = "NODE9"');
  await store(page, { 'clusterdrill.scenario.mine': mine, 'clusterdrill.scenario.broken': broken, 'clusterdrill.session': GOOD });
  const said = await page.getByRole('region', { name: 'Set aside' }).innerText();
  assert.match(said, /The scenario file broken\.toml could not be used: broken\.toml:\d+:\d+: no machine named `NODE9`/);
  // The good scenario and the good session are there as before.
  assert.ok((await page.getByTestId('scenario-title').allInnerTexts()).includes('My drill'));
  assert.match(await page.getByRole('region', { name: 'Saved session' }).innerText(), /seed 4.*after 1 step\b/);
  const kept = await storage(page);
  assert.equal(kept['clusterdrill.set-aside.broken.toml'], broken);
  assert.equal(kept['clusterdrill.scenario.broken'], undefined);
  assert.equal(kept['clusterdrill.scenario.mine'], mine);
});

test('a file past the size limit is refused before it is read', async ({ t }) => {
  const page = t.page;
  await loadPicker(page, '/');
  const big = Buffer.from('# padding\n'.repeat(200_000));
  await page.locator('input[type=file][accept^=".transcript"]:not([multiple])').setInputFiles({ name: 'big.transcript', mimeType: 'text/plain', buffer: big });
  assert.match(await page.getByTestId('notice').innerText(), /big\.transcript is 1954 KiB; at most 1184 KiB is read/);
  await page.locator('input[type=file][accept^=".toml"]').setInputFiles({ name: 'big.toml', mimeType: 'text/plain', buffer: big });
  assert.match(await page.getByTestId('notice').innerText(), /big\.toml is 1954 KiB; at most 64 KiB is read/);
});
