// What the wasm's transfer size is made of (`make size-profile`): the code of a wasm built with
// its names kept (wasm-opt -g) grouped into parts by function name, each part and the data
// brotli-compressed on its own. twiggy gives the raw bytes of each function; this gives what a
// part costs a first visit, which is what the size budget counts (html! code, for one, compresses
// worse than the average).
//
//   node static/wasm-parts.mjs NAMED.wasm

import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';

// First match wins: a function belongs to the first part whose pattern its name matches.
const PARTS = [
  ['components\' views (html!)', /Stateful>::view/],
  ['scenario reader and TOML', /toml|clusterdrill::sim::scenario::(file|read|build)/],
  ['rest of the UI and yew', /clusterdrill::ui|yew|implicit_clone|gloo|web_sys|js_sys|wasm_bindgen/],
  ['simulator core and trainer', /clusterdrill::(sim|trainer)|miniz_oxide|rand_|base64/],
  ['std, core, alloc and the rest', /^/],
];

const wasm = readFileSync(process.argv[2] ?? '');
let at = 8;
const leb = () => {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = wasm[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) return value;
  }
};
const bytes = (n) => wasm.subarray(at, (at += n));
const sections = [];
while (at < wasm.length) {
  const id = wasm[at++];
  const size = leb();
  sections.push({ id, start: at, size });
  at += size;
}
const section = (id) => sections.filter((s) => s.id === id);

// Imported functions come first in the function index space.
let imported = 0;
for (const s of section(2)) {
  at = s.start;
  for (let n = leb(); n > 0; n--) {
    bytes(leb());
    bytes(leb());
    const kind = wasm[at++];
    if (kind === 0) { leb(); imported++; }
    else if (kind === 1) { at++; if (wasm[at++] & 1) leb(); leb(); }
    else if (kind === 2) { if (wasm[at++] & 1) { leb(); leb(); } else leb(); }
    else if (kind === 3) at += 2;
    else if (kind === 4) { at++; leb(); }
  }
}
const names = new Map();
for (const s of section(0)) {
  at = s.start;
  if (bytes(leb()).toString() !== 'name') continue;
  while (at < s.start + s.size) {
    const sub = wasm[at++];
    const end = leb() + at;
    if (sub === 1) for (let n = leb(); n > 0; n--) names.set(leb(), bytes(leb()).toString());
    at = end;
  }
}
if (names.size === 0) throw new Error('wasm-parts: the wasm has no function names (build it with wasm-opt -g)');

const bodies = new Map(PARTS.map(([part]) => [part, []]));
for (const s of section(10)) {
  at = s.start;
  for (let i = 0, n = leb(); i < n; i++) {
    const body = bytes(leb());
    const name = names.get(imported + i) ?? '';
    bodies.get(PARTS.find(([, re]) => re.test(name))[0]).push(body);
  }
}
const brotli = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kib = (n) => (n / 1024).toFixed(1).padStart(7);
const rows = [...bodies].map(([part, list]) => [part, Buffer.concat(list)]);
rows.push(['data (strings, scenarios, reels)', Buffer.concat(section(11).map((s) => wasm.subarray(s.start, s.start + s.size)))]);
console.log(`${'part'.padEnd(34)}    raw KiB  brotli KiB`);
let sum = 0;
for (const [part, b] of rows) {
  const br = brotli(b);
  sum += br;
  console.log(`${part.padEnd(34)}${kib(b.length)}    ${kib(br)}`);
}
console.log(`${'parts compressed apart, in all'.padEnd(34)}${' '.repeat(7)}    ${kib(sum)}`);
console.log(`${'the whole wasm (names kept)'.padEnd(34)}${kib(wasm.length)}    ${kib(brotli(wasm))}`);
