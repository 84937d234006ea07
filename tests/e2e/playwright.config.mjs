// The e2e suite on @playwright/test: `make test-e2e` runs
//
//   playwright test -c tests/e2e/playwright.config.mjs [filter...]
//
// against dist/ as built, served by sirv on loopback, in Debian's Chromium (never a browser
// Playwright downloads). Screenshots of failed tests and what tests save go to target/e2e/.

import path from 'node:path';

import { CHROMIUM, CHROMIUM_FLAGS, DIST, OUT, freePort, staticServer } from './lib.mjs';

// A free port, chosen once by the main process: the workers it starts inherit it.
process.env.E2E_PORT ??= String(await freePort());
const PORT = Number(process.env.E2E_PORT);
const [server, serverArgs] = staticServer(DIST, '127.0.0.1', PORT);

export default {
  testDir: '.',
  testMatch: '*.test.mjs',
  outputDir: path.join(OUT, 'results'),
  timeout: 90_000,
  // Each test has its own browser context; two at a time on a two-core machine.
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_FLAGS },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: [server, ...serverArgs].map((a) => JSON.stringify(a)).join(' '),
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
};
