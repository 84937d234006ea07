// The page's Content-Security-Policy is enforced, and the tests would see a violation: an
// inline script and an inline style attribute are refused, and each is reported as a
// securitypolicyviolation event (which smoke.test.mjs expects to see none of). (eval cannot be
// checked from here: code that Playwright evaluates is exempt from the page's CSP; smoke.test.mjs
// checks that the policy does not allow 'unsafe-eval'.)

import assert from 'node:assert/strict';

import { loadPicker } from './lib.mjs';
import { test } from './fixtures.mjs';

test('an inline script and an inline style are refused and reported', async ({ t }) => {
  t.expectProblems(); // the violations below are logged as console errors on purpose
  await loadPicker(t.page, '/');
  const result = await t.page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.head.append(script);
    const div = document.createElement('div');
    div.innerHTML = '<span style="color: red">x</span>';
    document.body.append(div);
    const styled = getComputedStyle(div.firstChild).color === 'rgb(255, 0, 0)';
    div.remove();
    await new Promise((r) => setTimeout(r, 100));
    return { inlineRan: window.__inlineRan === true, styled };
  });
  assert.deepEqual(result, { inlineRan: false, styled: false });
  const directives = (await t.cspViolations()).map((v) => v.directive);
  for (const d of ['script-src-elem', 'style-src-attr']) {
    assert.ok(directives.includes(d), `a ${d} violation is reported (got ${directives.join(', ')})`);
  }
});

// The fixture is what makes every other test fail on a console error or a CSP violation: both
// must fail a test that does not expect them.
test('a console error fails the test that did not expect it', async ({ t }) => {
  test.fail();
  await loadPicker(t.page, '/');
  await t.page.evaluate(() => console.error('deliberate'));
});

test('a CSP violation fails the test that did not expect it', async ({ t }) => {
  test.fail();
  await loadPicker(t.page, '/');
  // Reported by the page as a securitypolicyviolation event (and logged as a console error).
  await t.page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<span style="color: red">x</span>'));
  await t.page.waitForTimeout(100);
});
