// Shared helpers for the black-box browser tests (fixtures.mjs, playwright.config.mjs) and the
// measurements (measure.mjs).
//
// @playwright/test, playwright-core, sirv and axe-core come from target/tools (installed by
// `make tools`, never at the repo's top level); Playwright drives Debian's Chromium
// (/usr/bin/chromium): no browser is downloaded.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const DIST = path.resolve(process.env.E2E_DIST ?? path.join(REPO, 'dist'));
export const OUT = path.join(REPO, 'target', 'e2e');
export const TOOLS = path.resolve(process.env.E2E_TOOLS ?? path.join(REPO, 'target', 'tools'));
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** The app's scenario picker. */
export const PICKER = '[data-testid=scenario-picker]';

export function requireDist() {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`${path.join(DIST, 'index.html')} not found: run \`make build\` first`);
  }
}

export function loadPlaywright() {
  const require = createRequire(path.join(TOOLS, 'package.json'));
  try {
    return require('playwright-core');
  } catch (e) {
    throw new Error(`playwright-core not found under ${TOOLS}: run \`make tools\` (${e.message})`);
  }
}

/**
 * Launches headless Chromium. Playwright's launch() gives every run a fresh, temporary
 * --user-data-dir (playwright_chromiumdev_profile-*) and deletes it on close; each test then
 * gets its own browser context (no shared cache, cookies or storage).
 */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: run \`make tools\` (apt-get install chromium)`);
  }
  const { chromium } = loadPlaywright();
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/**
 * Runs in every page before its own scripts: records CSP violations in window.__csp and the
 * time (performance.now(), ms since navigation start) at which the picker first appears in
 * window.__pickerAt.
 */
export function instrument(picker) {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push({
      directive: e.violatedDirective,
      blocked: e.blockedURI,
      source: e.sourceFile,
      line: e.lineNumber,
      sample: e.sample,
    });
  });
  const mark = () => {
    if (window.__pickerAt === undefined && document.querySelector(picker)) {
      window.__pickerAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(mark);
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * A fresh browser context and page, instrumented, with its problems (`watchProblems`).
 */
export async function openPage(browser, baseURL) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  await context.addInitScript(instrument, PICKER);
  const page = await context.newPage();
  return { context, page, problems: watchProblems(page) };
}

/**
 * The page's problems as they happen: console errors, uncaught errors, failed requests and
 * HTTP errors.
 */
export function watchProblems(page) {
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  // A request the browser cancelled because the page navigated away (net::ERR_ABORTED) is not
  // the app failing.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

/** CSP violations the page has seen so far. */
export async function cspViolations(page) {
  return page.evaluate(() => window.__csp ?? []);
}

/**
 * Navigates to `url` and waits until the picker is visible. Returns timings in ms:
 * `wall` (Node's clock, from before page.goto to the picker being visible) and `inPage`
 * (performance.now() when the picker entered the DOM, measured from navigation start).
 */
export async function loadPicker(page, url = '/', timeout = 30_000) {
  const t0 = performance.now();
  const response = await page.goto(url, { waitUntil: 'commit', timeout });
  await page.locator(PICKER).waitFor({ state: 'visible', timeout });
  const wall = performance.now() - t0;
  const inPage = await page.evaluate(() => window.__pickerAt ?? null);
  return { response, wall, inPage };
}

/** The visible scenario titles in the picker ([data-testid=scenario-title]). */
export async function scenarioTitles(page) {
  const titles = [];
  for (const item of await page.locator(`${PICKER} [data-testid=scenario-title]`).all()) {
    if (!(await item.isVisible())) continue;
    const text = (await item.innerText()).trim();
    if (text) titles.push(text);
  }
  return titles;
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The static server (static/serve.mjs: sirv, as `make serve` runs it) and its arguments for `root`. */
export function staticServer(root, host, port) {
  return [process.execPath, [path.join(REPO, 'static', 'serve.mjs'), root, host, String(port)]];
}

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Serves `root` (dist/ by default) on `port` (a free one by default) until `close()`. */
export async function startServer(root = DIST, port = undefined) {
  port ??= await freePort();
  const [command, args] = staticServer(root, '127.0.0.1', port);
  const child = spawn(command, args, { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) {
        const close = () => new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill();
        });
        return { url, port, close };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`the static server did not answer on ${url}`);
}

// The WCAG rules, and axe's best practices (a main landmark, one level-one heading, all content
// in landmarks), which a screen-reader user relies on as much.
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** axe-core's violations on the page as it stands, one line each, named after `screen`. */
export async function audit(page, screen) {
  const { AxeBuilder } = createRequire(path.join(TOOLS, 'package.json'))('@axe-core/playwright');
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.map((v) => `${screen}: ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`);
}
