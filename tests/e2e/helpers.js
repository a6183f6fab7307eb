// Shared helpers for the browser tests: build a course with the real binary, serve it on a
// sub-path over HTTP or open it from file://, drive Debian's Chromium with playwright-core, and
// run axe-core inside the page. Every test is run by `cargo test` (see tests/js.rs).
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const REPO = path.resolve(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

function skillpressBin() {
  const bin = process.env.SKILLPRESS_BIN || path.join(REPO, 'target', 'debug', 'skillpress');
  if (!fs.existsSync(bin)) throw new Error(`skillpress binary not found at ${bin}; run cargo build`);
  return bin;
}

/** Copies a course folder (the repository root by default) and builds it; returns the output dir. */
// Temporary course copies are removed when the test process ends.
const created = [];
process.on('exit', () => {
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});

function buildCourse(root = REPO, extraArgs = []) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'skillpress-e2e-'));
  created.push(work);
  const course = path.join(work, 'course');
  fs.mkdirSync(course);
  for (const entry of ['course.yaml', 'content', 'quizzes', 'templates', 'static']) {
    const from = path.join(root, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(course, entry), { recursive: true });
  }
  const out = path.join(work, 'public');
  execFileSync(skillpressBin(), ['build', '--root', course, '--out', out, '--quiet', ...extraArgs], { stdio: 'pipe' });
  return out;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.png': 'image/png', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
};

/** Serves `dir` under the URL prefix `prefix` (a sub-path such as `/training/cs/`). */
async function serve(dir, prefix = '/training/cs/') {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (!url.pathname.startsWith(prefix)) { res.writeHead(404); res.end('outside the sub-path'); return; }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end('not found'); return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { base: `http://127.0.0.1:${port}${prefix}`, close: () => new Promise((r) => server.close(r)) };
}

function fileUrl(dir) {
  return 'file://' + dir + '/';
}

/**
 * Launches Chromium, or explains why it cannot. Under CI=true a missing browser is a failure;
 * elsewhere the caller skips with the returned reason.
 */
async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    const why = `Chromium not found at ${CHROMIUM} (apt-get install chromium)`;
    if (process.env.CI === 'true') throw new Error(why);
    return { browser: null, skip: why };
  }
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  return { browser, skip: null };
}

/**
 * A new page that records every request leaving `file://` or the test server, and every
 * console error and page error.
 */
async function newPage(browser, allowedOrigin, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.outside = [];
  page.errors = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith('file://') || (allowedOrigin && u.startsWith(allowedOrigin)) || u.startsWith('data:') || u.startsWith('blob:')) {
      route.continue();
    } else {
      page.outside.push(u);
      route.abort();
    }
  });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  return { context, page };
}

/** Serious and critical axe-core violations on the current page. */
async function axeViolations(page) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    return await axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * For a test file that works on the built example course: before its tests, launch Chromium,
 * build the course and serve it; after them, close both. `assign` receives
 * `{browser, skip, out, server}` (browser null and skip the reason when Chromium is missing).
 */
function useExampleSite(assign) {
  const { before, after } = require('node:test');
  const site = { browser: null, skip: null, out: null, server: null };
  before(async () => {
    Object.assign(site, await launch());
    if (site.browser) {
      site.out = buildCourse();
      site.server = await serve(site.out);
    }
    assign(site);
  });
  after(async () => {
    if (site.server) await site.server.close();
    if (site.browser) await site.browser.close();
  });
}

/** The right answer to a question, in the form the grader takes, read from the answer key the
 * page embeds (quizzes and assessments draw at random, so tests cannot hard-code it). */
function rightAnswer(q) {
  switch (q.type) {
    case 'single': return q.options.findIndex((o) => o.correct);
    case 'multiple': return q.options.map((o, i) => (o.correct ? i : -1)).filter((i) => i >= 0);
    case 'true_false': return q.answer;
    case 'text': return q.accept[0];
    case 'numeric': return String(q.range ? q.range[0] : q.answer);
    case 'order': return Array.from({ length: q.items }, (_, i) => i);
    case 'match': return Array.from({ length: q.pairs }, (_, i) => i);
    default: throw new Error(q.type);
  }
}

/** Where the example course keeps a learner's state in localStorage. */
const STATE_KEY = 'skillpress:cs-digital-skills';

/** The example course's saved state as the page's browser holds it (null when nothing is saved). */
function savedState(page) {
  return page.evaluate((key) => JSON.parse(window.localStorage.getItem(key)), STATE_KEY);
}

module.exports = { STATE_KEY, savedState, rightAnswer, REPO, buildCourse, serve, fileUrl, launch, newPage, axeViolations, skillpressBin, useExampleSite };
