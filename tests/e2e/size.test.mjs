// The transfer budget: everything a first visit downloads (the page, its files, and what the
// service worker caches for offline use: every file of the build), as the server sends it to a
// browser that takes brotli (the .br copy where the build wrote one). Held under a budget set
// from the measured figure, tightened as the build shrinks (the README gives the figures).

import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { DIST } from './lib.mjs';
import { test } from './fixtures.mjs';

/** KiB, brotli. The aim is 150 (issue 13); measured 254.5 on 2026-12-02 before any cut, then
 * 301.9 with the presenter view, the reels, links, faults and undo (issue 12: +47 KiB, nearly
 * all of it yew components and the link's deflate), 317.4 with what transcripts now carry,
 * exams, the class roster and the scenario check (issue 14; each yew component costs some
 * 5 KB of generic lifecycle code before compression), 318.2 with the exam's last words, 323.8 with the LMS launches, then 307.3 with lms.js out of the
 * worker's precache, stateless components made functions, no float formatting and palette icons;
 * 311.8 with the fixes of a trial by a new learner and an instructor (focus, exam rules in
 * grading, the presenter's keys at the end, Cluster Administrator on a node that is down...),
 * 312.5 with a code review's and a second trial's, 313.9 with Properties as tabs and the last trial's fixes,
 * 318.6 with an audit's (the roster held to an exam and reading an LMS's packed transcripts, the
 * presenter's Event Viewer, an exam's real time, every message said plainly, reels redone), 321.0
 * with the review's fixes and narrated correct runs. The budget is 1% over the measured figure:
 * a fix of a few hundred bytes passes, an accident does not (the smallest one seen, CLI-only
 * code or a dependency such as the link's deflate, is 5 to 10 KiB).
 * Why 150 is out of reach: README, "Why the 150 KiB aim is out of reach" (`make size-profile`). */
const BUDGET_KIB = 324;

test(`what a first visit downloads stays under ${BUDGET_KIB} KiB with brotli`, async () => {
  // The page, the worker, and every file the worker caches (the build's own list in sw.js).
  const worker = readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const cached = JSON.parse(worker.match(/const FILES = (\[[^\]]*\]);/)[1]);
  assert.ok(cached.includes('index.html') && cached.some((f) => f.endsWith('.wasm')), 'the worker caches the page and the app');
  const sent = [...new Set([...cached, 'index.html', 'sw.js'])]
    .map((f) => {
      const br = path.join(DIST, `${f}.br`);
      return { file: f, bytes: statSync(existsSync(br) ? br : path.join(DIST, f)).size };
    })
    .sort((a, b) => b.bytes - a.bytes);
  const total = sent.reduce((s, r) => s + r.bytes, 0);
  console.log(`    transfer (brotli): ${(total / 1024).toFixed(1)} KiB: ${sent.map((r) => `${r.file} ${(r.bytes / 1024).toFixed(1)}`).join(', ')}`);
  // Every compressible file has its precompressed copies.
  for (const { file } of sent) {
    if (!/\.png$/.test(file)) assert.ok(existsSync(path.join(DIST, `${file}.br`)) && existsSync(path.join(DIST, `${file}.gz`)), file);
  }
  assert.ok(total <= BUDGET_KIB * 1024, `${(total / 1024).toFixed(1)} KiB is over the budget of ${BUDGET_KIB} KiB`);
});
