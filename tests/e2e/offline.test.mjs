// Offline and installable: loaded once, the trainer works with the server down (the picker, a
// session, the saved session), and a new build deployed is what runs at the next load, whole.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

import { DIST, REPO, loadPicker, openPage, startServer } from './lib.mjs';
import { logon, startScenario } from './drive.mjs';
import { test } from './fixtures.mjs';

/** A copy of dist/ to serve and change, as a hoster's directory. */
function deployment() {
  const dir = mkdtempSync(path.join(tmpdir(), 'clusterdrill-deploy-'));
  cpSync(DIST, dir, { recursive: true });
  return dir;
}

/** The build the deployment in `dir` serves: its worker's version. */
function deployed(dir) {
  return readFileSync(path.join(dir, 'sw.js'), 'utf8').match(/VERSION = '(\w+)'/)[1];
}

/** The build the worker in control of the page serves, if one does. */
function servedBuild(page) {
  return page.evaluate(() => {
    const controller = navigator.serviceWorker.controller;
    if (!controller) return null;
    return new Promise((resolve) => {
      navigator.serviceWorker.addEventListener('message', (e) => resolve(e.data.version), { once: true });
      controller.postMessage('version');
      setTimeout(() => resolve(null), 1000);
    });
  });
}

/** Waits (up to 30 s) until `check()` is true; `page.evaluate` awaits what the page returns. */
async function until(what, check) {
  for (const start = Date.now(); Date.now() - start < 30_000; await new Promise((r) => setTimeout(r, 250))) {
    if (await check()) return;
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** Waits until the worker in control of the page serves `version`, and the cache holds no other. */
async function controlledBy(page, version) {
  await until(`the worker of build ${version} controls the page`, async () => (await servedBuild(page)) === version);
  await until('the cache holds one build', async () => (await page.evaluate(() => caches.keys())).length === 1);
}

test('loaded once, it works offline, and a new build is used at the next load', async ({ browser }) => {
  const dir = deployment();
  let server = await startServer(dir);
  const { context, page, problems } = await openPage(browser, server.url);
  try {
    await loadPicker(page, '/');
    await controlledBy(page, deployed(dir));
    const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json());
    assert.deepEqual(manifest.icons.map((i) => i.sizes), ['192x192', '512x512']);
    assert.equal(manifest.display, 'standalone');
    // A session acted in: it is the saved one.
    await startScenario(page, 'Exchange 2003 to SP1: active/passive', 5);
    await logon(page, 'NODE1', 'CORP\\exadmin');

    // The server goes down: the page, a new session and the saved one all still work.
    await server.close();
    await loadPicker(page, '/');
    assert.match(await page.getByRole('region', { name: 'Saved session' }).innerText(), /seed 5.*after 1 step\b/);
    await page.getByRole('button', { name: 'Resume it' }).click();
    await page.getByTestId('session').waitFor();
    await page.getByRole('button', { name: 'Scenarios' }).click();
    await startScenario(page, 'Exchange 2003 to SP1: active/active, two EVSs', 9);
    await logon(page, 'NODE2', 'CORP\\exadmin');

    // A new build deployed (its page changed, so its worker too): the next load runs it, and
    // offline again it is the new one that the cache holds, not a mix.
    const html = path.join(dir, 'index.html');
    writeFileSync(html, readFileSync(html, 'utf8').replace('<title>Cluster Drill</title>', '<title>Cluster Drill</title>\n    <meta name="build" content="next" />'));
    execFileSync(process.execPath, [path.join(REPO, 'static', 'postbuild.mjs'), dir]);
    server = await startServer(dir, server.port);
    await loadPicker(page, '/');
    assert.equal(await page.locator('meta[name=build]').getAttribute('content'), 'next');
    await controlledBy(page, deployed(dir));
    await server.close();
    await loadPicker(page, '/');
    assert.equal(await page.locator('meta[name=build]').getAttribute('content'), 'next');
    await page.getByTestId('start').click();
    await page.getByTestId('session').waitFor();
    // Offline, the navigations the server could not answer are the only failures.
    assert.deepEqual(problems.filter((p) => !/request failed: http:\/\/127\.0\.0\.1:\d+\/ \(net::ERR_CONNECTION_REFUSED\)/.test(p)), []);
  } finally {
    await context.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('inside an LMS frame the service worker is not registered', async ({ t }) => {
  const page = t.page;
  // A page framing the trainer, as a SCORM LMS does.
  await page.route('**/lms.html', (route) => route.fulfill({ contentType: 'text/html', body: '<iframe src="/" style="width:100%;height:90vh"></iframe>' }));
  await page.goto('/lms.html');
  const frame = page.frameLocator('iframe');
  await frame.getByTestId('scenario-picker').waitFor();
  const registrations = await page.frames()[1].evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
  assert.equal(registrations, 0);
});
