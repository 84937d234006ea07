// A tiny, dependency-free static file server for the built app (dist/).
//
//   node tests/e2e/serve.mjs [--root dist] [--host 127.0.0.1] [--port 8080]
//
// Used by `make serve` and by the browser tests (run.mjs, measure.mjs), which import
// startServer() and listen on a free port. Serves files with the right MIME types
// (application/wasm for .wasm, so that WebAssembly.instantiateStreaming works), never outside
// the root, and only on the address it is given (loopback by default).

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.toml': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/** Resolves a URL path to a file under root, or null if it would leave root. */
function resolveInRoot(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

async function fileFor(root, urlPath) {
  const file = resolveInRoot(root, urlPath);
  if (!file) return null;
  try {
    const s = await stat(file);
    if (s.isFile()) return { file, size: s.size };
    if (s.isDirectory()) {
      const index = path.join(file, 'index.html');
      const si = await stat(index);
      if (si.isFile()) return { file: index, size: si.size };
    }
  } catch {
    // fall through
  }
  return null;
}

/**
 * Starts serving `root`. Resolves to { server, url, port, close() } once listening.
 * port 0 picks a free port.
 */
export async function startServer({ root, host = '127.0.0.1', port = 0, log = false } = {}) {
  const absRoot = path.resolve(root);
  const server = createServer(async (req, res) => {
    const done = (status, headers = {}, body = '') => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
      if (log) console.log(`${status} ${req.method} ${req.url}`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return done(405, { Allow: 'GET, HEAD' }, 'method not allowed\n');
    }
    let pathname;
    try {
      pathname = new URL(req.url, 'http://localhost').pathname;
    } catch {
      return done(400, {}, 'bad request\n');
    }
    let found = await fileFor(absRoot, pathname);
    // A path without a file extension that names no file is a client-side route: serve the app.
    if (!found && !path.posix.extname(pathname)) {
      found = await fileFor(absRoot, '/index.html');
    }
    if (!found) return done(404, {}, 'not found\n');
    const type = MIME[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': found.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (log) console.log(`200 ${req.method} ${req.url}`);
    if (req.method === 'HEAD') return res.end();
    const stream = createReadStream(found.file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    port: actualPort,
    url: `http://${shownHost}:${actualPort}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function parseArgs(argv) {
  const opts = { root: 'dist', host: '127.0.0.1', port: 8080, log: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--root') opts.root = next();
    else if (a === '--host') opts.host = next();
    else if (a === '--port') opts.port = Number(next());
    else if (a === '--log') opts.log = true;
    else if (a === '-h' || a === '--help') {
      console.log('usage: node tests/e2e/serve.mjs [--root dist] [--host 127.0.0.1] [--port 8080] [--log]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error('bad --port');
  return opts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  try {
    await stat(path.join(opts.root, 'index.html'));
  } catch {
    console.error(`serve: ${path.join(opts.root, 'index.html')} not found (run \`make build\` first)`);
    process.exit(1);
  }
  let started;
  try {
    started = await startServer(opts);
  } catch (e) {
    console.error(`serve: cannot listen on ${opts.host}:${opts.port}: ${e.message}`);
    process.exit(1);
  }
  const { url, close } = started;
  console.log(`Serving ${path.resolve(opts.root)} at ${url}  (Ctrl-C to stop)`);
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
