// The page's Content-Security-Policy is enforced, and the tests would see a violation: an
// inline script and an inline style attribute are refused, and each is reported as a
// securitypolicyviolation event (which smoke.test.mjs expects to see none of). (eval cannot be
// checked from here: code that Playwright evaluates is exempt from the page's CSP; smoke.test.mjs
// checks that the policy does not allow 'unsafe-eval'.)

import assert from 'node:assert/strict';

import { loadPicker } from './lib.mjs';

export const tests = {
  'an inline script and an inline style are refused and reported': async (t) => {
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
  },
};
