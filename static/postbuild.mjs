// The web build's last step, after Trunk (a post_build hook in Trunk.toml; also run by hand as
// `node static/postbuild.mjs DIR`): writes the service worker with the exact list of files the
// build made (never a hand-kept list), then a brotli and a gzip copy beside each file, so that
// a static server sends them precompressed (static/serve.mjs; the README tells a hoster how).

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('postbuild: give the build directory (or run as a Trunk hook)');

const COMPRESSED = /\.(br|gz)$/;
// Already compressed: a copy would be no smaller.
const STORED = /\.(png|jpe?g|webp|woff2)$/;
// Only an LMS launch loads the LMS bridge, and under an LMS no worker is registered: offline
// use does not need it.
const LMS_ONLY = new Set(['lms.js']);
const all = readdirSync(dir)
  .filter((f) => statSync(path.join(dir, f)).isFile() && !COMPRESSED.test(f) && f !== 'sw.js')
  .sort();
const files = all.filter((f) => !LMS_ONLY.has(f));

// The worker: its version is a digest of every file, so any change of the build is a new worker.
const template = readFileSync(path.join(here, 'sw.js'), 'utf8');
const digest = createHash('sha256').update(template);
for (const f of files) digest.update(f).update('\0').update(readFileSync(path.join(dir, f)));
const version = digest.digest('hex').slice(0, 16);
writeFileSync(path.join(dir, 'sw.js'), template.replace("'__VERSION__'", `'${version}'`).replace('__FILES__', JSON.stringify(files)));

// Precompressed copies of every file, the worker included.
for (const f of [...all, 'sw.js'].filter((f) => !STORED.test(f))) {
  const body = readFileSync(path.join(dir, f));
  const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  writeFileSync(path.join(dir, `${f}.br`), br);
  writeFileSync(path.join(dir, `${f}.gz`), gzipSync(body, { level: 9 }));
}
console.log(`postbuild: service worker ${version} over ${files.length} files; .br and .gz written`);
