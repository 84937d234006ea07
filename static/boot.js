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
