// A small LMS for the package tests, on loopback. It does what an LMS does with the zips that
// `make package` writes, and no more:
//
// - unpacks a package and serves it under /package/;
// - SCORM 1.2: a launch page (/scorm12.html) that hosts scorm-again's runtime (the SCORM API an
//   LMS embeds) as `window.API`, set up from the package's imsmanifest.xml and the attempt's
//   state, with the SCO in a frame;
// - cmi5: the launch (the fetch URL's one-time auth token, the LMS.LaunchData state document
//   and the launch URL), and the xAPI endpoint the AU talks to: the State API here (the LRS
//   below has none), statements checked with Learning Locker's xapi-validation, then stored
//   in Learning Locker's LRS (xapi-statements, data in memory), from which the test reads
//   them back.

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

import { OUT, REPO, TOOLS, freePort } from './lib.mjs';

const require = createRequire(path.join(TOOLS, 'package.json'));

export const PACKAGES = path.join(REPO, 'target', 'package');

/** Unpacks a zip of target/package into target/e2e/lms/NAME and returns the folder. */
export function unpack(zipName) {
  const { unzipSync } = require('fflate');
  const dir = path.join(OUT, 'lms', zipName.replace(/\.zip$/, ''));
  rmSync(dir, { recursive: true, force: true });
  const files = unzipSync(readFileSync(path.join(PACKAGES, zipName)));
  for (const [name, data] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (!file.startsWith(dir + path.sep)) throw new Error(`the zip has an entry outside its folder: ${name}`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
  }
  return dir;
}

const TYPES = { html: 'text/html', js: 'text/javascript', mjs: 'text/javascript', css: 'text/css', wasm: 'application/wasm', svg: 'image/svg+xml', png: 'image/png', json: 'application/json', webmanifest: 'application/manifest+json', txt: 'text/plain', xml: 'application/xml' };

/** Learning Locker's LRS (xapi-statements), data in memory, on a free loopback port. */
async function startLrs() {
  const port = await freePort();
  const storage = path.join(OUT, 'lms', 'lrs-storage');
  mkdirSync(storage, { recursive: true });
  const env = {
    ...process.env,
    EXPRESS_PORT: String(port),
    MODELS_REPO: 'memory',
    // No Mongo or Redis: the test auth and events repos, which accept the LMS's token.
    AUTH_REPO: 'test',
    EVENTS_REPO: 'test',
    STORAGE_REPO: 'local',
    FS_LOCAL_STORAGE_DIR: storage,
    EXPRESS_MORGAN_DIRECTORY: path.join(storage, 'access-logs'),
    WINSTON_CONSOLE_LEVEL: 'error',
    WINSTON_CLOUDWATCH_ENABLED: 'false',
    SERVICE_AWAIT_UPDATES: 'true',
    // Anything it might reach for, on a closed loopback port.
    LL_CLIENT_INFO_ENDPOINT: 'http://127.0.0.1:9/none',
    REDIS_URL: 'redis://127.0.0.1:9/0',
    MONGO_URL: 'mongodb://127.0.0.1:9/none',
  };
  // It listens on every interface unless told otherwise: loopback only.
  const entry = require.resolve('xapi-statements/dist/index.js');
  const loopback = `const http = require('http'); const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (port, ...rest) { return typeof port === 'number' || /^\\d+$/.test(String(port)) ? listen.call(this, Number(port), '127.0.0.1', ...rest.filter((a) => typeof a === 'function')) : listen.call(this, port, ...rest); };
require(${JSON.stringify(entry)});`;
  const child = spawn(process.execPath, ['-e', loopback], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}/xAPI/`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}about`)).ok) return { url, close: () => child.kill() };
    } catch {
      // not yet
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`Learning Locker's LRS (xapi-statements) did not start: ${stderr.slice(-2000)}`);
}

/**
 * The LMS, serving `packageDir`. Returns { url, scorm12Url(state), cmi5Launch(options),
 * statements(registration), warnings, close() }.
 */
export async function startLms(packageDir) {
  const validate = require('xapi-validation').default;
  const lrs = await startLrs();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/`;
  const tokens = new Map(); // fetch id -> { token, used }
  const state = new Map(); // stateId|activityId|agent|registration -> body
  const warnings = []; // statements xapi-validation found fault with
  const received = []; // every statement the AU sent, in order
  const faults = { refuseStatements: false }; // set by a test: the LMS failing

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, base);
    const body = await new Promise((resolve) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    const send = (status, text, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(text);
    };
    if (url.pathname.startsWith('/package/')) {
      const file = path.join(packageDir, decodeURIComponent(url.pathname.slice('/package/'.length)));
      if (!file.startsWith(packageDir + path.sep)) return send(403, 'no', 'text/plain');
      try {
        return send(200, readFileSync(file), TYPES[path.extname(file).slice(1)] ?? 'application/octet-stream');
      } catch {
        return send(404, 'not found', 'text/plain');
      }
    }
    if (url.pathname === '/tools/scorm12.js') {
      return send(200, readFileSync(path.join(TOOLS, 'node_modules', 'scorm-again', 'dist', 'scorm12.js')), 'text/javascript');
    }
    if (url.pathname === '/scorm12.html') return send(200, SCORM_HOST, 'text/html');
    if (url.pathname === '/returned.html') return send(200, '<!doctype html><title>LMS</title><link rel="icon" href="data:,"><h1>Back in the LMS</h1>', 'text/html');
    if (url.pathname.startsWith('/fetch/') && req.method === 'POST') {
      const t = tokens.get(url.pathname.slice('/fetch/'.length));
      if (!t) return send(200, JSON.stringify({ 'error-code': '2', 'error-text': 'unknown launch' }));
      if (t.used) return send(200, JSON.stringify({ 'error-code': '1', 'error-text': 'The authorization token has already been returned.' }));
      t.used = true;
      return send(200, JSON.stringify({ 'auth-token': t.token }));
    }
    if (url.pathname.startsWith('/xapi/')) {
      const auth = req.headers.authorization ?? '';
      if (![...tokens.values()].some((t) => auth === `Basic ${t.token}`)) return send(401, JSON.stringify({ message: 'no valid token' }));
      if (req.headers['x-experience-api-version'] !== '1.0.3') return send(400, JSON.stringify({ message: 'X-Experience-API-Version' }));
      const rest = url.pathname.slice('/xapi/'.length);
      if (rest === 'activities/state') {
        const p = url.searchParams;
        const key = ['stateId', 'activityId', 'agent', 'registration'].map((k) => p.get(k)).join('|');
        // No stateId: the ids of the documents kept for that activity, agent and registration.
        if (req.method === 'GET' && !p.has('stateId')) {
          return send(200, JSON.stringify([...state.keys()].map((k) => k.split('|')).filter(([, ...rest]) => rest.join('|') === key.slice(1)).map(([id]) => id)));
        }
        if (req.method === 'GET') return state.has(key) ? send(200, state.get(key)) : send(404, '{}');
        if (req.method === 'PUT' || req.method === 'POST') {
          if (p.get('stateId') === 'LMS.LaunchData') return send(403, JSON.stringify({ message: 'the AU must not change LMS.LaunchData' }));
          state.set(key, body);
          return send(204, '');
        }
      }
      if (rest === 'agents/profile' && req.method === 'GET' && url.searchParams.get('profileId') === 'cmi5LearnerPreferences') {
        return send(200, JSON.stringify({ languagePreference: 'en-US', audioPreference: 'off' }));
      }
      if (rest === 'statements' && req.method === 'POST') {
        let statement;
        try {
          statement = JSON.parse(body);
        } catch {
          return send(400, JSON.stringify({ message: 'not JSON' }));
        }
        received.push(statement);
        if (faults.refuseStatements) return send(503, JSON.stringify({ message: 'the LRS is down' }));
        const found = validate(statement);
        if (found.length) warnings.push({ verb: statement.verb?.id, warnings: found.map((w) => ({ path: w.path?.join('.'), type: w.constructor?.name, data: w.data })) });
        const stored = await fetch(`${lrs.url}statements`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3', Authorization: auth }, body });
        return send(stored.status, await stored.text());
      }
      return send(404, JSON.stringify({ message: `no ${req.method} ${rest} here` }));
    }
    send(404, 'not found', 'text/plain');
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    url: base,
    received,
    faults,
    /** The AU's own state document for a registration, if it wrote one. */
    attemptState(launch) {
      return [...state.entries()].find(([k]) => k.startsWith('urn:clusterdrill:state:attempt|') && k.endsWith(`|${launch.registration}`))?.[1];
    },
    warnings,
    /** The SCORM launch page for an attempt whose LMS-side state is `cmi` (scorm-again's JSON). */
    scorm12Url(cmi, { window = false } = {}) {
      const manifest = readFileSync(path.join(packageDir, 'imsmanifest.xml'), 'utf8');
      const pick = (tag) => manifest.match(new RegExp(`<${tag}>([^<]*)</${tag}>`))?.[1];
      const href = manifest.match(/adlcp:scormtype="sco" href="([^"]+)"/)[1];
      // What the LMS takes from the manifest: the launch data and the mastery score.
      const setup = { ...cmi, launch_data: pick('adlcp:datafromlms'), student_data: { mastery_score: pick('adlcp:masteryscore') } };
      // In the query, not the fragment: a new attempt's page is a new page, never the old one's.
      const query = new URLSearchParams({ launch: JSON.stringify({ setup, sco: `package/${href}` }) });
      if (window) query.set('window', '1');
      return `${base}scorm12.html?${query}`;
    },
    /** A cmi5 launch, as the LMS makes it: the launch data stored, a one-time fetch URL. */
    cmi5Launch({ launchMode = 'Normal', masteryScore = 0.7, returnURL = `${base}returned.html`, launchParameters = 'exam.txt', registration = randomUUID(), omit = [] } = {}) {
      const fetchId = randomUUID();
      tokens.set(fetchId, { token: Buffer.from(`au:${randomUUID()}`).toString('base64'), used: false });
      const actor = { objectType: 'Agent', name: 'Ada Byron', account: { homePage: base, name: 'ada-1042' } };
      const activityId = 'urn:clusterdrill:au:test';
      const sessionId = randomUUID();
      const launchData = {
        contextTemplate: {
          contextActivities: { grouping: [{ id: 'urn:clusterdrill:au:e2003-sp1-active-passive:publisher', objectType: 'Activity' }] },
          extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': sessionId },
        },
        launchMode,
        launchParameters,
        masteryScore,
        moveOn: 'CompletedAndPassed',
        returnURL,
      };
      state.set(['LMS.LaunchData', activityId, JSON.stringify(actor), registration].join('|'), JSON.stringify(launchData));
      const params = { endpoint: `${base}xapi/`, fetch: `${base}fetch/${fetchId}`, actor: JSON.stringify(actor), registration, activityId };
      for (const k of omit) delete params[k];
      return { url: `${base}package/index.html?${new URLSearchParams(params)}`, registration, sessionId, actor };
    },
    /** The statements Learning Locker holds for a registration, oldest first. */
    async statements(registration) {
      const r = await fetch(`${lrs.url}statements?registration=${registration}&ascending=true&limit=100`, { headers: { 'X-Experience-API-Version': '1.0.3', Authorization: 'Basic dGVzdDp0ZXN0' } });
      if (!r.ok) throw new Error(`the LRS answered ${r.status}: ${await r.text()}`);
      return (await r.json()).statements;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      lrs.close();
    },
  };
}

// The LMS's launch page for a SCO: scorm-again's SCORM 1.2 API as window.API, set up with the
// attempt's data before the SCO starts (in this window's realm, as scorm-again needs), every
// commit and the finish recorded for the test to read.
const SCORM_HOST = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title><link rel="icon" href="data:,">
<script src="/tools/scorm12.js"></script>
<style>html, body, iframe { margin: 0; border: 0; width: 100%; height: 100%; }</style>
</head><body>
<script>
  const { setup, sco } = JSON.parse(new URLSearchParams(location.search).get('launch'));
  window.API = new Scorm12API({ autocommit: false, lmsCommitUrl: false, logLevel: 5 });
  window.API.loadFromJSON(JSON.parse(JSON.stringify(setup)));
  window.lms = { commits: [], finished: false };
  window.API.on('LMSCommit', () => window.lms.commits.push(window.API.renderCommitCMI(true)));
  window.API.on('LMSFinish', () => { window.lms.finished = true; });
  // The SCO in a frame (most LMSs), or in a window of its own (?window: the API is then the
  // opener's).
  if (new URLSearchParams(location.search).has('window')) {
    window.sco = window.open(sco, 'sco');
  } else {
    const frame = document.createElement('iframe');
    frame.title = 'Cluster Drill';
    frame.src = sco;
    document.body.append(frame);
  }
</script>
</body></html>`;
