// The service worker: the trainer offline (a classroom with no internet, a laptop on a plane).
// static/postbuild.mjs writes dist/sw.js from this file after each build, with FILES, the
// release build's files by their hashed names, and VERSION, a digest of their contents: a new
// build is a new worker, which caches its files and drops the old ones.
//
// The page (a navigation) comes from the network when there is one, so that a new build is
// used at the next load; its other files are named by their hash and never change, so they come
// from the cache. Offline, the cached page and its files make one consistent build.
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `clusterdrill-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // Each file from the server, past the HTTP cache: a host that lets browsers keep the page
      // for a while must not get an old page cached beside the new build's files.
      .then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('clusterdrill-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // caches.match looks in every cache without creating one: a worker still finishing a fetch
  // after a newer one took over must not bring its deleted cache back.
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match('index.html', { cacheName: CACHE }).then((hit) => hit ?? caches.match('index.html'))));
    return;
  }
  event.respondWith(caches.match(request, { ignoreSearch: true }).then((hit) => hit ?? fetch(request)));
});

// Which build this worker serves, for the page (and the tests) to ask.
self.addEventListener('message', (event) => {
  if (event.data === 'version') event.source?.postMessage({ version: VERSION });
});
