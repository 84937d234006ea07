// Measures the built app (dist/), run by `make measure` (not part of `make test`):
//
//   node tests/e2e/measure.mjs [--loads 10]
//
// - transfer size: the brotli (quality 11) and gzip -9 size of every .wasm, .js, .css and .html
//   file in dist/, summed (what a browser downloads: the build writes both copies and the server
//   sends one), beside the raw sizes;
// - load time: the median over N cold loads (a fresh browser context each, so no HTTP or code
//   cache) of the time from navigation to the scenario picker being visible, as seen from
//   Node (wall) and from the page (performance.now() when the picker entered the DOM).
//
// - click latency: in a session of the first scenario, the time from a click to the updated view
//   (the DOM mutations it causes), over 66 clicks of several kinds: tabs, tree items, logging
//   on and off (actions through the core), the Next event button.
//
// Prints a summary and writes it as JSON to target/e2e/measure.json.

import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';

import { startScenario } from './drive.mjs';
import { DIST, OUT, launchBrowser, loadPicker, median, openPage, requireDist, startServer } from './lib.mjs';

const COUNTED = new Set(['.wasm', '.js', '.css', '.html']);

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name.startsWith('.') ? [] : files(p);
    return e.isFile() ? [p] : [];
  });
}

function transferSizes() {
  const rows = files(DIST)
    .filter((f) => COUNTED.has(path.extname(f)))
    .map((f) => {
      const data = readFileSync(f);
      return {
        file: path.relative(DIST, f),
        raw: data.length,
        gzip: gzipSync(data, { level: zlib.Z_BEST_COMPRESSION }).length,
        br: brotliCompressSync(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
    })
    .sort((a, b) => b.gzip - a.gzip);
  const total = rows.reduce((s, r) => ({ raw: s.raw + r.raw, gzip: s.gzip + r.gzip, br: s.br + r.br }), { raw: 0, gzip: 0, br: 0 });
  return { rows, total };
}

async function loadTimes(loads) {
  const server = await startServer();
  const browser = await launchBrowser();
  const wall = [];
  const inPage = [];
  try {
    for (let i = 0; i < loads; i++) {
      const { context, page, problems } = await openPage(browser, server.url);
      try {
        const r = await loadPicker(page, '/');
        if (r.response.status() !== 200) throw new Error(`GET / returned ${r.response.status()}`);
        wall.push(r.wall);
        if (r.inPage !== null) inPage.push(r.inPage);
        if (problems.length) console.warn(`load ${i + 1}: ${problems.join('; ')}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return { wall, inPage };
}

/** Gives the page `__timedClick(el, limitMs)`: clicks and resolves with the milliseconds to the
 * first DOM change it causes (the view's update: yew patches in one task, and the observer runs
 * after it), or null if nothing changed within the limit, which is a broken measurement, not a
 * fast one. */
async function installTimer(page) {
  await page.evaluate(() => {
    window.__timedClick = (el, limit) =>
      new Promise((resolve) => {
        let t0 = 0;
        const obs = new MutationObserver(() => {
          obs.disconnect();
          resolve(performance.now() - t0);
        });
        obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        t0 = performance.now();
        el.click();
        setTimeout(() => { obs.disconnect(); resolve(null); }, limit);
      });
  });
}

/** Clicks each selector in turn, `rounds` times, timing click-to-DOM-update in the page. */
async function clickLatencies(rounds) {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const { context, page } = await openPage(browser, server.url);
    await startScenario(page, 'Exchange 2003 to SP1: active/passive', 7);
    await installTimer(page);
    const times = await page.evaluate(async (rounds) => {
      const byText = (sel, text) => [...document.querySelectorAll(sel)].find((e) => e.textContent.trim().endsWith(text));
      const steps = [
        () => byText('[role=tab]', 'NODE2 console'),
        () => document.querySelector('[data-testid=console-NODE2] [data-testid=logon]'),
        () => byText('[data-testid=console-NODE2] button', 'Log off'),
        () => byText('[role=tab]', 'Cluster Administrator'),
        () => byText('[role=treeitem]', 'Resources'),
        () => byText('[role=treeitem]', 'EVS1'),
        () => byText('[role=tab]', 'Event Viewer'),
        () => document.querySelector('[data-testid=open-log]'),
        () => byText('[role=tab]', 'NODE1 console'),
        () => document.querySelector('[data-testid=console-NODE1] [data-testid=logon]'),
        () => byText('[data-testid=console-NODE1] button', 'Log off'),
      ];
      const out = [];
      for (let r = 0; r < rounds; r++) {
        for (const find of steps) {
          const el = find();
          if (!el) throw new Error(`missing element at step ${steps.indexOf(find)}`);
          const t = await window.__timedClick(el, 500);
          if (t === null) throw new Error(`step ${steps.indexOf(find)} (${el.textContent.trim()}) changed nothing within 500 ms`);
          out.push(t);
          await new Promise((r) => requestAnimationFrame(() => r()));
        }
      }
      return out;
    }, rounds);
    await context.close();
    return times;
  } finally {
    await browser.close();
    await server.close();
  }
}

/** The presenter view on the longest reel: every position reached by a jump on the step strip
 * (a rewind: replayed from the start), then every step forward from the start, timed from the
 * click to the updated view; and the solver's judgement of every position (the point of no
 * return search), timed as a whole. */
async function presenterLatencies() {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const { context, page } = await openPage(browser, server.url);
    await loadPicker(page, '/');
    await page.getByTestId('reel-choice').selectOption('right-way-e2003-sp1-active-active');
    await page.getByTestId('present').click();
    await page.getByTestId('presenter').waitFor();
    await installTimer(page);
    const result = await page.evaluate(async () => {
      const strip = () => [...document.querySelectorAll('.reel-strip button')];
      const timed = (el) => window.__timedClick(el, 2000);
      const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
      const n = strip().length;
      // Jumps: far to near, in an order that never steps by one.
      const order = [];
      for (let k = 0; k < n; k++) order.push((k * 7 + 3) % n);
      const jumps = [];
      for (const k of order) {
        const t = await timed(strip()[k]);
        if (t !== null) jumps.push(t);
        await frame();
      }
      await timed(strip()[0]);
      await frame();
      const steps = [];
      for (let k = 1; k < n; k++) {
        steps.push(await timed(document.querySelector('[data-testid=step-next]')));
        await frame();
      }
      return { positions: n, jumps, steps };
    });
    // The judgements of every position, one search at a time between frames (from the step
    // before the end: the end shows the final debrief).
    await page.keyboard.press('Escape');
    await page.getByTestId('step-back').click();
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Find the point of no return' }).click();
    await page.getByTestId('no-return').filter({ hasText: /Point of no return|No point of no return/ }).waitFor({ timeout: 300_000 });
    result.judgeAllMs = Date.now() - t0;
    await context.close();
    return result;
  } finally {
    await browser.close();
    await server.close();
  }
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const ms = (n) => `${n.toFixed(0)} ms`;

async function main() {
  const args = process.argv.slice(2);
  const i = args.indexOf('--loads');
  const loads = i >= 0 ? Number(args[i + 1]) : 10;
  if (!Number.isInteger(loads) || loads < 1) throw new Error('--loads needs a positive integer');
  requireDist();

  const size = transferSizes();
  console.log(`Transfer size of ${DIST} (brotli 11, gzip -9):`);
  for (const r of size.rows) console.log(`  ${r.file.padEnd(48)} ${kib(r.raw).padStart(11)} raw ${kib(r.br).padStart(11)} br ${kib(r.gzip).padStart(11)} gzip`);
  console.log(`  ${'total'.padEnd(48)} ${kib(size.total.raw).padStart(11)} raw ${kib(size.total.br).padStart(11)} br ${kib(size.total.gzip).padStart(11)} gzip`);

  const times = await loadTimes(loads);
  const summary = (xs) => (xs.length ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) } : null);
  const wall = summary(times.wall);
  const inPage = summary(times.inPage);
  console.log(`Navigation to visible picker over ${loads} cold loads:`);
  console.log(`  wall (Node):     median ${ms(wall.median)} (min ${ms(wall.min)}, max ${ms(wall.max)})`);
  if (inPage) console.log(`  in page (DOM):   median ${ms(inPage.median)} (min ${ms(inPage.min)}, max ${ms(inPage.max)})`);

  const clicks = await clickLatencies(6);
  const sorted = [...clicks].sort((a, b) => a - b);
  const click = { count: clicks.length, median: median(clicks), p95: sorted[Math.floor(sorted.length * 0.95)], max: sorted[sorted.length - 1] };
  console.log(`Click to updated view over ${click.count} clicks: median ${click.median.toFixed(1)} ms, p95 ${click.p95.toFixed(1)} ms, worst ${click.max.toFixed(1)} ms`);

  const p = await presenterLatencies();
  const stat = (xs) => ({ median: median(xs), max: Math.max(...xs) });
  const presenter = { positions: p.positions, jumpMs: { ...stat(p.jumps), samples: p.jumps }, stepMs: { ...stat(p.steps), samples: p.steps }, judgeAllMs: p.judgeAllMs };
  console.log(`Presenter, longest reel (${p.positions} positions): a jump (rewind) median ${presenter.jumpMs.median.toFixed(1)} ms, worst ${presenter.jumpMs.max.toFixed(1)} ms; a step forward median ${presenter.stepMs.median.toFixed(1)} ms, worst ${presenter.stepMs.max.toFixed(1)} ms; every position judged in ${(p.judgeAllMs / 1000).toFixed(1)} s`);

  mkdirSync(OUT, { recursive: true });
  const out = path.join(OUT, 'measure.json');
  writeFileSync(out, JSON.stringify({ dist: DIST, transfer: size, loads, loadMs: { wall, inPage, samples: times }, clickMs: { ...click, samples: clicks }, presenter }, null, 2) + '\n');
  console.log(`Wrote ${path.relative(process.cwd(), out)}`);
}

main().catch((e) => {
  console.error(`measure: ${e?.stack ?? e}`);
  process.exit(1);
});
