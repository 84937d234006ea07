// Loads the wasm app without an inline script, so that the page's Content-Security-Policy
// can forbid inline scripts. Trunk.toml's `pattern_script` puts a <meta name="clusterdrill-app">
// carrying the (hashed) names of the wasm-bindgen glue and the .wasm file into the page.
const meta = document.querySelector('meta[name="clusterdrill-app"]');
if (!meta) {
  throw new Error('clusterdrill: the page lacks <meta name="clusterdrill-app">');
}

// Launched by an LMS (the SCORM package's `?lms=scorm12`, a cmi5 launch's parameters): the
// bridge to it (static/lms.js, loaded only then) reads the launch before the app starts, and
// the app finds it as `clusterdrillLms`.
const lmsKind = (() => {
  const p = new URLSearchParams(location.search);
  if (p.get('lms') === 'scorm12') return 'scorm12';
  return p.get('lms') === 'cmi5' || p.has('endpoint') || p.has('fetch') ? 'cmi5' : null;
})();
if (lmsKind) {
  try {
    const { connect } = await import('./lms.js');
    globalThis.clusterdrillLms = await connect(lmsKind);
  } catch (e) {
    // The app still starts, as practice, and says why.
    globalThis.clusterdrillLms = { launch: { standard: lmsKind, mode: 'normal', problem: `the bridge to the LMS did not load (${e.message})`, live: false }, record() {}, leave() {}, ready() {} };
  }
}

const { default: init } = await import(meta.dataset.js);
const wasm = await init({ module_or_path: meta.dataset.wasm });
globalThis.clusterdrillLms?.ready();
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));

// Offline use: the service worker (static/sw.js, written into the build by static/postbuild.mjs).
// Not inside an LMS, which serves the files itself: a SCORM package runs in the LMS's frame or
// window, and a cmi5 launch carries its `endpoint` in the URL.
const inLms = lmsKind !== null || window.top !== window.self;
if ('serviceWorker' in navigator && !inLms) {
  // Registering again does not look for a new worker: update() does, so that a build deployed
  // since the last visit is cached for offline use from this load on.
  navigator.serviceWorker
    .register('./sw.js', { updateViaCache: 'none' })
    .then((registration) => registration.update())
    .catch((e) => console.warn('clusterdrill: no offline use:', e));
}
