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
// No launch waits longer than this for the LMS before it says so and runs as practice.
const TIMEOUT_MS = 15_000;
const timeout = () => AbortSignal.timeout(TIMEOUT_MS);

/**
 * Connects to the LMS: resolves to the bridge the app uses ({ launch, record, leave, ready },
 * and `onProblem`, which the app sets to hear of a result the LMS did not take).
 */
export async function connect(kind) {
  const started = Date.now();
  try {
    return kind === 'scorm12' ? await scorm12(started) : await cmi5(started);
  } catch (e) {
    const problem = e instanceof Error ? e.message : String(e);
    // A reload inside the LMS ends the page's connection to it (LMSFinish was called, a cmi5
    // token is fetched once): the attempt was kept there, and goes on from a new launch.
    const reloaded = performance.getEntriesByType?.('navigation')?.[0]?.type === 'reload';
    return inert(kind, reloaded ? `${problem}; this page was reloaded, which ends its connection to the LMS: your attempt is kept there, so go back to the LMS and launch the exam again to go on` : problem);
  }
}

// A launch that cannot record: the app shows the problem and runs as practice.
function inert(kind, problem) {
  return { launch: { standard: kind, mode: 'normal', problem, live: false }, record() {}, leave() {}, ready() {} };
}

// Tells the learner (through the app) what went wrong with the LMS after the launch.
function complain(bridge, message) {
  console.warn(`clusterdrill: ${message}`);
  bridge.onProblem?.(message);
}

// The exam a launch names: the definition itself, or the name of a file in the package.
async function examText(given) {
  const value = (given ?? '').trim();
  if (value.startsWith('clusterdrill-exam')) return value;
  const name = value || EXAM_FILE;
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(name) || name.startsWith('.')) throw new Error(`the launch names the exam \`${name.slice(0, 60)}\`, which is not a file name`);
  const response = await fetch(new URL(name, document.baseURI), { signal: timeout() });
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
  // An attempt under way here (a Normal launch that has recorded progress): leaving suspends it.
  let attempt = false;
  const commit = () => {
    if (String(api.LMSCommit('')) !== 'true') complain(bridge, `the LMS did not save what was sent (LMSCommit: ${api.LMSGetErrorString(api.LMSGetLastError())}): tell your instructor`);
  };
  const finish = () => {
    if (finished) return;
    finished = true;
    if (attempt && !done) set('cmi.core.exit', 'suspend');
    set('cmi.core.session_time', timespan(Date.now() - started));
    commit();
    api.LMSFinish('');
  };
  addEventListener('pagehide', finish);
  // Back from the browser's page cache after LMSFinish: nothing more reaches the LMS.
  addEventListener('pageshow', (e) => e.persisted && finished && complain(bridge, 'this session with the LMS has ended: launch the exam again from the LMS'));
  const bridge = {
    launch: { ...launch, live: true },
    ready() {},
    record(r) {
      if (finished || done) return;
      if (r.kind === 'progress') {
        attempt = true;
        if (get('cmi.core.lesson_status') !== 'incomplete') set('cmi.core.lesson_status', 'incomplete');
        if (r.suspend) set('cmi.suspend_data', r.suspend);
        else complain(bridge, 'this attempt has grown past what the LMS can keep (4,096 characters): finish it in this sitting, or the LMS resumes it from an earlier step');
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
      commit();
    },
    leave() {
      finish();
    },
  };
  return bridge;
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

  const tokenResponse = await fetch(p.get('fetch'), { method: 'POST', signal: timeout() }).catch((e) => {
    throw new Error(`the LMS could not be reached for authorization (${e.name === 'TimeoutError' ? 'no answer' : 'a network error'})`);
  });
  const token = tokenResponse.ok ? await tokenResponse.json().catch(() => null) : null;
  if (!token?.['auth-token']) {
    throw new Error(token?.['error-text'] ? `the LMS gave no authorization: ${token['error-text']}` : `the LMS gave no authorization token (HTTP ${tokenResponse.status})`);
  }
  const headers = { Authorization: `Basic ${token['auth-token']}`, 'X-Experience-API-Version': XAPI_VERSION };
  const agent = JSON.stringify(actor);
  const stateUrl = (stateId) => {
    const u = new URL('activities/state', endpoint);
    u.search = new URLSearchParams({ stateId, activityId, agent, registration }).toString();
    return u;
  };
  const stateResponse = await fetch(stateUrl('LMS.LaunchData'), { headers, signal: timeout() });
  if (!stateResponse.ok) throw new Error(`the LMS's launch data could not be read (HTTP ${stateResponse.status})`);
  const launchData = await stateResponse.json();
  if (!launchData?.contextTemplate) throw new Error('the LMS\'s launch data has no contextTemplate');
  const launchMode = String(launchData.launchMode ?? '');
  const normal = launchMode.toLowerCase() === 'normal';
  const mastery = typeof launchData.masteryScore === 'number' ? launchData.masteryScore : null;
  // What the last session of this registration kept: asked for only if the list of the AU's
  // state documents names it (a missing document is an HTTP 404, which browsers log as an error).
  const listUrl = stateUrl('');
  listUrl.searchParams.delete('stateId');
  // Any failure here is a problem, never "nothing kept": a fresh attempt would overwrite it.
  const read = async (url, what) => {
    const r = await fetch(url, { headers, signal: timeout() });
    if (!r.ok) throw new Error(`${what} could not be read from the LMS (HTTP ${r.status})`);
    return r.json();
  };
  const ids = await read(listUrl, 'the saved attempts');
  const kept = Array.isArray(ids) && ids.includes(ATTEMPT_STATE) ? await read(stateUrl(ATTEMPT_STATE), 'the saved attempt') : null;
  // The learner's preferences (cmi5 11.0: read at startup). The trainer has no audio and is in
  // English only, so nothing depends on them; a learner without any is the usual case.
  const preferences = new URL('agents/profile', endpoint);
  preferences.search = new URLSearchParams({ agent, profileId: 'cmi5LearnerPreferences' }).toString();
  await fetch(preferences, { headers, signal: timeout() }).catch(() => null);
  const launch = {
    standard: 'cmi5',
    mode: launchMode,
    learnerId: actor.account?.name ?? String(actor.mbox ?? '').replace(/^mailto:/, ''),
    learnerName: actor.name ?? '',
    masteryScore: mastery === null ? null : String(mastery),
    resume: kept?.status === 'in-progress' ? kept.suspend ?? null : null,
    problem: null,
  };
  if (normal && kept?.status === 'done') launch.problem = 'the LMS already holds the result of this registration';
  try {
    launch.exam = await examText(launchData.launchParameters);
  } catch (e) {
    launch.problem ??= e.message;
  }

  // Statements and state documents go one after another, in order; after a failure nothing
  // more is sent (a later statement must not stand without the one before), and the learner
  // hears of it.
  let queue = Promise.resolve(true);
  let broken = false;
  let terminated = false;
  let initializedAt = null;
  const statement = (verb, { result, moveOn = false, extensions = {} }) => {
    const template = structuredClone(launchData.contextTemplate);
    const activities = template.contextActivities ?? {};
    const given = activities.category;
    const category = [...(Array.isArray(given) ? given : given ? [given] : []), { id: CMI5, objectType: 'Activity' }];
    if (moveOn) category.push({ id: MOVEON, objectType: 'Activity' });
    const s = {
      id: uuid(),
      actor,
      verb: VERB(verb),
      object: { id: activityId, objectType: 'Activity' },
      // The template's values stand (cmi5 10.2.1): ours only add to them.
      context: { ...template, registration, contextActivities: { ...activities, category }, extensions: { ...extensions, ...template.extensions } },
      timestamp: new Date().toISOString(),
    };
    if (result) s.result = result;
    return JSON.stringify(s);
  };
  const post = (what, url, method, body) =>
    fetch(url, { method, headers: { ...headers, 'Content-Type': 'application/json' }, body, keepalive: body.length < 60000 }).then(
      (r) => r.ok || Promise.reject(new Error(`the LMS refused ${what} (HTTP ${r.status})`)),
    );
  const enqueue = (what, url, method, body) => {
    queue = queue.then((ok) =>
      ok && !broken
        ? post(what, url, method, body).catch((e) => {
            broken = true;
            complain(bridge, `${e.message.startsWith('the LMS') ? e.message : `${what} did not reach the LMS`}: tell your instructor before you leave`);
            return false;
          })
        : false,
    );
    return queue;
  };
  const send = (verb, options = {}) => enqueue(`the ${verb} statement`, new URL('statements', endpoint), 'POST', statement(verb, options));
  const putState = (doc) => enqueue('the attempt', stateUrl(ATTEMPT_STATE), 'PUT', JSON.stringify(doc));
  const secondsSince = (t) => (Date.now() - t) / 1000;
  const terminatedStatement = () => statement('terminated', { result: { duration: isoDuration(secondsSince(initializedAt ?? started)) } });
  // Leaving on purpose: after what is queued, then back to the LMS.
  const terminate = () => {
    if (terminated) return queue;
    terminated = true;
    return enqueue('the terminated statement', new URL('statements', endpoint), 'POST', terminatedStatement());
  };
  // The page going away: at once, with keepalive; whatever is still queued may not make it.
  addEventListener('pagehide', () => {
    if (terminated || broken) return;
    terminated = true;
    post('the terminated statement', new URL('statements', endpoint), 'POST', terminatedStatement()).catch(() => {});
  });
  addEventListener('pageshow', (e) => e.persisted && terminated && complain(bridge, 'this session with the LMS has ended: launch the exam again from the LMS'));
  let done = false;
  const bridge = {
    launch: { ...launch, live: true },
    ready() {
      initializedAt = Date.now();
      send('initialized');
    },
    record(r) {
      if (terminated || done || !normal || launch.problem) return;
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
        // Marked done only once the LMS has the result (the queue stops at a failure).
        putState({ status: 'done', suspend: r.packed ?? null });
      }
    },
    async leave() {
      await terminate();
      if (launchData.returnURL) location.assign(launchData.returnURL);
    },
  };
  return bridge;
}
