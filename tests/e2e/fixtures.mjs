// The e2e tests' fixture, over @playwright/test (installed under target/tools by `make tools`,
// never at the repo's top level, so it is loaded from there).
//
// Every test gets `t`: { page, context, baseURL, problems, cspViolations(), screenshot(label),
// metric(name, value, unit), expectProblems() }. The page records Content-Security-Policy
// violations from its first script on; console errors, uncaught errors, failed requests and
// HTTP errors are collected as they happen, and after the test any of them fails it (unless the
// test called t.expectProblems()). Playwright itself saves a screenshot of a failed test.

import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { OUT, PICKER, TOOLS, cspViolations, instrument, watchProblems } from './lib.mjs';

const require = createRequire(path.join(TOOLS, 'package.json'));
const { test: base, expect } = require('@playwright/test');

export { expect };

function slug(s) {
  return s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
}

export const test = base.extend({
  context: async ({ context }, use) => {
    await context.addInitScript(instrument, PICKER);
    await use(context);
  },

  t: async ({ page, context, baseURL }, use, testInfo) => {
    const problems = watchProblems(page);
    let allowProblems = false;
    const file = slug(path.basename(testInfo.file).replace(/\.test\.mjs$/, ''));
    await use({
      page,
      context,
      baseURL,
      problems,
      cspViolations: () => cspViolations(page),
      // A screenshot to look at (target/e2e/FILE--LABEL.png), attached to the test's report too.
      screenshot: async (label) => {
        mkdirSync(OUT, { recursive: true });
        const shot = path.join(OUT, `${file}--${slug(label)}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        await testInfo.attach(label, { path: shot, contentType: 'image/png' });
        return shot;
      },
      metric: (name, value, unit = '') => {
        const shown = typeof value === 'number' ? value.toFixed(unit === 'ms' ? 0 : 2) : value;
        console.log(`    ${name}: ${shown}${unit ? ' ' + unit : ''}`);
      },
      expectProblems: () => {
        allowProblems = true;
      },
    });
    if (!allowProblems && !page.isClosed()) {
      expect(await cspViolations(page), 'Content-Security-Policy violations').toEqual([]);
      expect(problems, 'console errors, uncaught errors and failed requests').toEqual([]);
    }
  },
});
