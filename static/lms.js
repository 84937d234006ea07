// The trainer under a learning management system: SCORM 1.2's API object, or cmi5's launch
// parameters and xAPI. static/boot.js loads this file only when an LMS launched the page (the
// SCORM package's launch URL carries `?lms=scorm12`, a cmi5 launch its `endpoint`), before the
// app starts; the app (src/ui/lms.rs) reads `launch` and hands `record` what the trainer says
// the LMS should hold (src/trainer/lms.rs decides what: this file only carries it). Anything
// wrong with the launch becomes `launch.problem`: the app says so and runs as practice.

const XAPI_VERSION = '1.0.3';
const CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const MOVEON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const MASTERY = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
const VERB = (name) => ({ id: `http://adlnet.gov/expapi/verbs/${name}`, display: { 'en-US': name } });
// Cluster Drill's own result extensions: the evidence an instructor regrades with
// `clusterdrill grade`, its result code, and the score when it is not sent as result.score.
const EXT = 'urn:clusterdrill:xapi:';
// The AU's own state document: the attempt in progress, to resume at the next launch.
const ATTEMPT_STATE = 'urn:clusterdrill:state:attempt';
const EXAM_FILE = 'exam.txt';
const MAX_EXAM_CHARS = 256 * 1024;

/** Connects to the LMS: resolves to the bridge the app uses ({ launch, record, leave, ready }). */
export async function connect(kind) {
  const started = Date.now();
  try {
    return kind === 'scorm12' ? await scorm12(started) : await cmi5(started);
  } catch (e) {
    return inert(kind, e instanceof Error ? e.message : String(e));
  }
}

// A launch that cannot record: the app shows the problem and runs as practice.
function inert(kind, problem) {
  return { launch: { standard: kind, mode: 'normal', problem }, record() {}, leave() {}, ready() {} };
}

// The exam a launch names: the definition itself, or the name of a file in the package.
async function examText(given) {
  const value = (given ?? '').trim();
  if (value.startsWith('clusterdrill-exam')) return value;
  const name = value || EXAM_FILE;
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(name) || name.startsWith('.')) throw new Error(`the launch names the exam \`${name.slice(0, 60)}\`, which is not a file name`);
  const response = await fetch(new URL(name, document.baseURI));
  if (!response.ok) throw new Error(`the exam file ${name} could not be read (HTTP ${response.status})`);
  const text = await response.text();
  if (text.length > MAX_EXAM_CHARS) throw new Error(`the exam file ${name} is over ${MAX_EXAM_CHARS / 1024} KiB`);
  return text;
}

// ---------------------------------------------------------------------------------------------
// SCORM 1.2: the API object is found by the standard search of the parent windows, then the
// opener's (ADL's SCORM 1.2 RTE, 3.3.6.1).

function findApi(win) {
  for (let tries = 0; win && tries < 500; tries++) {
    try {
      if (win.API) return win.API;
    } catch {
      // A frame of another origin: not the LMS's.
    }
    if (!win.parent || win.parent === win) break;
    win = win.parent;
  }
  return null;
}

/** SCORM 1.2's CMITimespan, HHHH:MM:SS.SS. */
export function timespan(ms) {
  const cs = Math.max(0, Math.round(ms / 10));
  const h = Math.min(9999, Math.floor(cs / 360000));
  const m = Math.floor((cs % 360000) / 6000);
  const s = (cs % 6000) / 100;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(2).padStart(5, '0')}`;
}

async function scorm12(started) {
  const api = findApi(window) ?? (window.opener ? findApi(window.opener) : null);
  if (!api) throw new Error('no SCORM 1.2 API object was found in the windows around this page');
  if (String(api.LMSInitialize('')) !== 'true') {
    const code = api.LMSGetLastError();
    throw new Error(`the LMS refused LMSInitialize: ${api.LMSGetErrorString(code)} (${code})`);
  }
  const get = (element) => String(api.LMSGetValue(element) ?? '');
  const set = (element, value) => {
    if (String(api.LMSSetValue(element, String(value))) !== 'true') console.warn(`clusterdrill: the LMS refused ${element}: ${api.LMSGetErrorString(api.LMSGetLastError())}`);
  };
  const mode = get('cmi.core.lesson_mode') || 'normal';
  const launch = {
    standard: 'scorm12',
    mode,
    learnerId: get('cmi.core.student_id'),
    learnerName: get('cmi.core.student_name'),
    masteryScore: get('cmi.student_data.mastery_score') || null,
    resume: get('cmi.core.entry') === 'ab-initio' ? null : get('cmi.suspend_data') || null,
    problem: null,
  };
  const status = get('cmi.core.lesson_status');
  if (mode === 'normal' && (status === 'passed' || status === 'failed') && get('cmi.core.entry') !== 'ab-initio') {
    launch.problem = `the LMS already holds this attempt's result (${status})`;
  }
  try {
    launch.exam = await examText(get('cmi.launch_data'));
  } catch (e) {
    launch.problem ??= e.message;
  }
  let finished = false;
  let done = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    if (!done) set('cmi.core.exit', 'suspend');
    set('cmi.core.session_time', timespan(Date.now() - started));
    api.LMSCommit('');
    api.LMSFinish('');
  };
  addEventListener('pagehide', finish);
  return {
    launch,
    ready() {},
    record(r) {
      if (finished || done) return;
      if (r.kind === 'progress') {
        if (get('cmi.core.lesson_status') !== 'incomplete') set('cmi.core.lesson_status', 'incomplete');
        if (r.suspend) set('cmi.suspend_data', r.suspend);
      } else if (r.kind === 'done') {
        done = true;
        if (r.scoreAgrees) {
          set('cmi.core.score.raw', r.score);
          set('cmi.core.score.min', 0);
          set('cmi.core.score.max', 100);
        }
        set('cmi.core.lesson_status', r.passed ? 'passed' : 'failed');
        // The evidence stays with the attempt: the transcript, packed as the suspend data was.
        if (r.packed) set('cmi.suspend_data', r.packed);
        set('cmi.core.exit', '');
        set('cmi.core.session_time', timespan(Date.now() - started));
      }
      api.LMSCommit('');
    },
    leave() {
      finish();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// cmi5 (the AICC's cmi5 profile of xAPI): the launch parameters, the auth token from the fetch
// URL, LMS.LaunchData, then statements in the order the profile sets: initialized, completed,
// passed or failed (Normal launches only), terminated.

/** ISO 8601 duration of whole seconds (xAPI's result.duration). */
export function isoDuration(secs) {
  const s = Math.max(0, Math.floor(secs));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s % 60}S`;
}

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

async function cmi5(started) {
  const p = new URLSearchParams(location.search);
  for (const name of ['endpoint', 'fetch', 'actor', 'registration', 'activityId']) {
    if (!p.get(name)) throw new Error(`the launch URL has no \`${name}\` parameter`);
  }
  let actor;
  try {
    actor = JSON.parse(p.get('actor'));
  } catch {
    throw new Error('the launch URL\'s `actor` is not JSON');
  }
  if (typeof actor !== 'object' || actor === null || !(actor.account || actor.mbox)) throw new Error('the launch URL\'s `actor` names no account');
  const registration = p.get('registration');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(registration)) throw new Error('the launch URL\'s `registration` is not a UUID');
  const activityId = p.get('activityId');
  let endpoint;
  try {
    endpoint = new URL(p.get('endpoint'));
    new URL(p.get('fetch'));
  } catch {
    throw new Error('the launch URL\'s `endpoint` or `fetch` is not a URL');
  }
  if (!endpoint.pathname.endsWith('/')) endpoint.pathname += '/';

  const tokenResponse = await fetch(p.get('fetch'), { method: 'POST' }).catch(() => null);
  const token = tokenResponse?.ok ? await tokenResponse.json().catch(() => null) : null;
  if (!token?.['auth-token']) {
    throw new Error(token?.['error-text'] ? `the LMS gave no authorization: ${token['error-text']}` : 'the LMS gave no authorization token (the launch may have been used already: launch again from the LMS)');
  }
  const headers = { Authorization: `Basic ${token['auth-token']}`, 'X-Experience-API-Version': XAPI_VERSION };
  const agent = JSON.stringify(actor);
  const stateUrl = (stateId) => {
    const u = new URL('activities/state', endpoint);
    u.search = new URLSearchParams({ stateId, activityId, agent, registration }).toString();
    return u;
  };
  const stateResponse = await fetch(stateUrl('LMS.LaunchData'), { headers });
  if (!stateResponse.ok) throw new Error(`the LMS's launch data could not be read (HTTP ${stateResponse.status})`);
  const launchData = await stateResponse.json();
  if (!launchData?.contextTemplate) throw new Error('the LMS\'s launch data has no contextTemplate');
  const launchMode = launchData.launchMode ?? 'Normal';
  const mastery = typeof launchData.masteryScore === 'number' ? launchData.masteryScore : null;
  // What the last session of this registration kept: asked for only if the list of the AU's
  // state documents names it (a missing document is an HTTP 404, which browsers log as an error).
  const listUrl = stateUrl('');
  listUrl.searchParams.delete('stateId');
  const ids = await fetch(listUrl, { headers }).then((r) => (r.ok ? r.json() : [])).catch(() => []);
  const kept = Array.isArray(ids) && ids.includes(ATTEMPT_STATE) ? await fetch(stateUrl(ATTEMPT_STATE), { headers }).then((r) => (r.ok ? r.json() : null)).catch(() => null) : null;
  const launch = {
    standard: 'cmi5',
    mode: launchMode,
    learnerId: actor.account?.name ?? String(actor.mbox ?? '').replace(/^mailto:/, ''),
    learnerName: actor.name ?? '',
    masteryScore: mastery === null ? null : String(mastery),
    resume: kept?.status === 'in-progress' ? kept.suspend ?? null : null,
    problem: null,
  };
  if (launchMode === 'Normal' && kept?.status === 'done') launch.problem = 'the LMS already holds the result of this registration';
  try {
    launch.exam = await examText(launchData.launchParameters);
  } catch (e) {
    launch.problem ??= e.message;
  }

  // Statements go one after another, in order.
  let queue = Promise.resolve();
  let terminated = false;
  let initializedAt = null;
  const send = (verb, { result, moveOn = false, extensions = {} } = {}) => {
    const template = structuredClone(launchData.contextTemplate);
    const activities = template.contextActivities ?? {};
    const category = [...(activities.category ?? []), { id: CMI5, objectType: 'Activity' }];
    if (moveOn) category.push({ id: MOVEON, objectType: 'Activity' });
    const statement = {
      id: uuid(),
      actor,
      verb: VERB(verb),
      object: { id: activityId, objectType: 'Activity' },
      context: { ...template, registration, contextActivities: { ...activities, category }, extensions: { ...template.extensions, ...extensions } },
      timestamp: new Date().toISOString(),
    };
    if (result) statement.result = result;
    const body = JSON.stringify(statement);
    queue = queue.then(() =>
      fetch(new URL('statements', endpoint), { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body, keepalive: body.length < 60000 })
        .then((r) => r.ok || console.warn(`clusterdrill: the LRS refused the ${verb} statement (HTTP ${r.status})`))
        .catch((e) => console.warn(`clusterdrill: the ${verb} statement was not sent:`, e)),
    );
    return queue;
  };
  const putState = (doc) => {
    const body = JSON.stringify(doc);
    queue = queue.then(() =>
      fetch(stateUrl(ATTEMPT_STATE), { method: 'PUT', headers: { ...headers, 'Content-Type': 'application/json' }, body, keepalive: body.length < 60000 }).catch((e) =>
        console.warn('clusterdrill: the attempt was not saved in the LMS:', e),
      ),
    );
  };
  const secondsSince = (t) => (Date.now() - t) / 1000;
  const terminate = () => {
    if (terminated) return queue;
    terminated = true;
    return send('terminated', { result: { duration: isoDuration(secondsSince(initializedAt ?? started)) } });
  };
  addEventListener('pagehide', terminate);
  let done = false;
  return {
    launch,
    ready() {
      initializedAt = Date.now();
      send('initialized');
    },
    record(r) {
      if (terminated || done || launchMode !== 'Normal' || launch.problem) return;
      if (r.kind === 'progress') {
        if (r.suspend) putState({ status: 'in-progress', suspend: r.suspend });
      } else if (r.kind === 'done') {
        done = true;
        const duration = isoDuration(r.durationSecs);
        const evidence = { [`${EXT}transcript`]: r.transcript, [`${EXT}result-code`]: r.resultCode, [`${EXT}score`]: r.score };
        send('completed', { result: { completion: true, duration }, moveOn: true });
        const result = { success: r.passed, duration, extensions: evidence };
        if (r.scoreAgrees) result.score = { scaled: r.score / 100, raw: r.score, min: 0, max: 100 };
        send(r.passed ? 'passed' : 'failed', { result, moveOn: true, extensions: mastery === null ? {} : { [MASTERY]: mastery } });
        putState({ status: 'done', suspend: r.packed ?? null });
      }
    },
    async leave() {
      await terminate();
      if (launchData.returnURL) location.assign(launchData.returnURL);
    },
  };
}
