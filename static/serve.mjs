// Serves the built trainer (`make serve`, and the e2e tests): sirv, the static server from npm,
// over node:http, sending the precompressed .br or .gz copy the build wrote when the browser
// takes it. Files named by their hash are cached for a year; index.html and the service worker
// are revalidated at every load, so that a new build is picked up at once.
//
//   node static/serve.mjs DIR [HOST] [PORT]

import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const tools = process.env.E2E_TOOLS ?? path.join(here, '..', 'target', 'tools');
const sirv = createRequire(path.join(tools, 'package.json'))('sirv');

const [root = 'dist', host = '127.0.0.1', port = '8080'] = process.argv.slice(2);
// Trunk's file hashes: `name-0123456789abcdef.ext` (and `_bg.wasm` after it); a hash that
// starts with zeros is written shorter.
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.[a-z]+$/;

const serve = sirv(root, {
  brotli: true,
  gzip: true,
  etag: true,
  setHeaders(res, pathname) {
    // The worker is never kept by the HTTP cache: a stale copy would bring an old build back.
    const cache = HASHED.test(pathname) ? 'public, max-age=31536000, immutable' : pathname === '/sw.js' ? 'no-store' : 'no-cache';
    res.setHeader('Cache-Control', cache);
  },
});

createServer((req, res) => serve(req, res, () => {
  res.statusCode = 404;
  res.end('Not found');
})).listen(Number(port), host, () => console.log(`Cluster Drill on http://${host}:${port}/`));
