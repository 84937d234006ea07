// Loads the wasm app without an inline script, so that the page's Content-Security-Policy
// can forbid inline scripts. Trunk.toml's `pattern_script` puts a <meta name="clusterdrill-app">
// carrying the (hashed) names of the wasm-bindgen glue and the .wasm file into the page.
const meta = document.querySelector('meta[name="clusterdrill-app"]');
if (!meta) {
  throw new Error('clusterdrill: the page lacks <meta name="clusterdrill-app">');
}
const { default: init } = await import(meta.dataset.js);
const wasm = await init({ module_or_path: meta.dataset.wasm });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));

// Offline use: the service worker (static/sw.js, written into the build by static/postbuild.mjs).
// Not inside an LMS, which serves the files itself: a SCORM package runs in the LMS's frame, and
// a cmi5 launch carries its `endpoint` in the URL.
const inLms = window.top !== window.self || new URLSearchParams(location.search).has('endpoint');
if ('serviceWorker' in navigator && !inLms) {
  // Registering again does not look for a new worker: update() does, so that a build deployed
  // since the last visit is cached for offline use from this load on.
  navigator.serviceWorker
    .register('./sw.js', { updateViaCache: 'none' })
    .then((registration) => registration.update())
    .catch((e) => console.warn('clusterdrill: no offline use:', e));
}
