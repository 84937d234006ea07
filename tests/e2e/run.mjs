// Black-box browser tests of the built app (dist/), run by `make test-e2e`:
//
//   node tests/e2e/run.mjs [substring ...]
//
// Serves dist/ on a free loopback port (serve.mjs), launches headless Chromium through
// playwright-core, and runs every test in tests/e2e/*.test.mjs (or those whose file or test
// name contains one of the given substrings).
//
// A test file exports `tests`: an object mapping test names to async functions that get a
// context `t` with:
//   t.page, t.context, t.baseURL   Playwright page and browser context (fresh per test)
//   t.problems                     console errors, uncaught errors, failed requests so far
//   t.cspViolations()              CSP violations the page reported so far
//   t.screenshot(label)            saves target/e2e/<file>--<label>.png
//   t.metric(name, value, unit)    prints a measurement
//   t.expectProblems()             opts out of the automatic check below
// After each test the runner fails it if the page logged any problem or CSP violation (unless
// the test opted out), and on failure saves a screenshot.
//
// Prints one line per test, then "e2e: N passed, N failed"; exits non-zero if any failed.

import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { DIST, OUT, cspViolations, launchBrowser, openPage, requireDist } from './lib.mjs';
import { startServer } from './serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TEST_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS ?? 90_000);

function slug(s) {
  return s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  const filters = process.argv.slice(2);
  requireDist();
  mkdirSync(OUT, { recursive: true });

  const files = readdirSync(HERE)
    .filter((f) => f.endsWith('.test.mjs'))
    .sort();
  if (files.length === 0) throw new Error(`no *.test.mjs files in ${HERE}`);

  const server = await startServer({ root: DIST });
  let browser;
  let passed = 0;
  const failed = [];
  try {
    browser = await launchBrowser();
    console.log(`e2e: ${DIST} at ${server.url}, Chromium ${browser.version()}`);
    for (const file of files) {
      const mod = await import(pathToFileURL(path.join(HERE, file)).href);
      const tests = mod.tests ?? {};
      const names = Object.keys(tests);
      if (names.length === 0) throw new Error(`${file} exports no tests`);
      for (const name of names) {
        const full = `${file} › ${name}`;
        if (filters.length && !filters.some((f) => full.includes(f))) continue;
        const { context, page, problems } = await openPage(browser, server.url);
        let allowProblems = false;
        const shot = (label) => path.join(OUT, `${slug(file.replace(/\.test\.mjs$/, ''))}--${slug(label)}.png`);
        const t = {
          page,
          context,
          baseURL: server.url,
          problems,
          cspViolations: () => cspViolations(page),
          screenshot: async (label) => {
            const file = shot(label);
            await page.screenshot({ path: file, fullPage: true });
            console.log(`    screenshot: ${path.relative(process.cwd(), file)}`);
            return file;
          },
          metric: (metric, value, unit = '') => {
            const shown = typeof value === 'number' ? value.toFixed(unit === 'ms' ? 0 : 2) : value;
            console.log(`    ${metric}: ${shown}${unit ? ' ' + unit : ''}`);
          },
          expectProblems: () => {
            allowProblems = true;
          },
        };
        const started = performance.now();
        try {
          await withTimeout(tests[name](t), TEST_TIMEOUT_MS, full);
          if (!allowProblems) {
            const csp = await cspViolations(page);
            if (csp.length) throw new Error(`CSP violations:\n${JSON.stringify(csp, null, 2)}`);
            if (problems.length) throw new Error(`the page reported problems:\n  ${problems.join('\n  ')}`);
          }
          passed++;
          console.log(`ok   ${full} (${Math.round(performance.now() - started)} ms)`);
        } catch (e) {
          failed.push(full);
          console.log(`FAIL ${full} (${Math.round(performance.now() - started)} ms)`);
          console.log(String(e?.stack ?? e).replace(/^/gm, '    '));
          if (problems.length) console.log(`    page problems:\n      ${problems.join('\n      ')}`);
          try {
            await page.screenshot({ path: shot(`${name}--FAILED`), fullPage: true });
            console.log(`    screenshot: ${path.relative(process.cwd(), shot(`${name}--FAILED`))}`);
          } catch {
            // the page may be gone
          }
        } finally {
          await context.close().catch(() => {});
        }
      }
    }
  } finally {
    await browser?.close().catch(() => {});
    await server.close();
  }

  if (passed + failed.length === 0) {
    console.log(`e2e: no test matched ${JSON.stringify(filters)}`);
    return 1;
  }
  if (failed.length) console.log(`\nFailed:\n  ${failed.join('\n  ')}`);
  console.log(`e2e: ${passed} passed, ${failed.length} failed`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`e2e: ${e?.stack ?? e}`);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  },
);
