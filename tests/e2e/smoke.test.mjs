// Smoke test: the built app loads, shows the scenario picker with the built-in scenarios, and
// the page reports no console error and no Content-Security-Policy violation.

import assert from 'node:assert/strict';

import { PICKER, loadPicker, scenarioTitles } from './lib.mjs';
import { test } from './fixtures.mjs';

test('the scenario picker shows the built-in scenarios, without errors or CSP violations', async ({ t }) => {
  const { response, wall, inPage } = await loadPicker(t.page, '/');
  assert.equal(response.status(), 200, 'GET / status');
  t.metric('navigation to visible picker', wall, 'ms');
  if (inPage !== null) t.metric('navigation start to picker in DOM (in page)', inPage, 'ms');

  const csp = await t.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.ok(csp && csp.includes("default-src 'none'"), `a strict CSP meta tag, got ${csp}`);
  for (const loose of ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:']) {
    assert.ok(!csp.split(/[\s;]+/).includes(loose), `the CSP must not allow ${loose}: ${csp}`);
  }
  assert.equal(await t.page.locator('script:not([src])').count(), 0, 'the built page has no inline script');

  const titles = await scenarioTitles(t.page);
  console.log(`    scenario titles: ${titles.map((s) => JSON.stringify(s)).join(', ')}`);
  assert.ok(titles.length >= 5, `at least 5 visible scenario titles in ${PICKER}, found ${titles.length}`);
  assert.equal(new Set(titles).size, titles.length, 'scenario titles are distinct');
  assert.match(await t.page.title(), /Cluster Drill/);

  // Give late errors (a failed fetch, a panic in an effect) a moment to surface.
  await t.page.waitForTimeout(300);
  await t.screenshot('picker');
  assert.deepEqual(await t.cspViolations(), [], 'CSP violations');
  assert.deepEqual(t.problems, [], 'console errors and failed requests');
});
