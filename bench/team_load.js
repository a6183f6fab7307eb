#!/usr/bin/env node
// How long the team page takes to load a whole team: N exported progress files (200 by default)
// picked at once on team.html of the built example course, opened from file:// in headless
// Chromium. Timed inside the page, from the file input's `change` event to the moment every
// learner's heat-map row is in the page (reading the files, checking them, every level, gap,
// question and case figure, and the DOM of all five views), median of RUNS loads, each in a
// fresh page. The files are made up but shaped like real ones: every learner answered about
// three quarters of the course's questions (each in a finished quiz attempt, as quiz.js saves
// them), played most cases, completed some lessons; deterministic (seeded).
//
//   node bench/team_load.js [SITE_DIR] [N]        RUNS=5 by default
//
// Without SITE_DIR it builds the example course at the repository root with the debug binary
// (SKILLPRESS_BIN overrides it) into a temporary folder. Needs Chromium at /usr/bin/chromium and
// the npm packages (`npm ci`).
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildCourse, launch, newPage, fileUrl } = require('../tests/e2e/helpers.js');

const site = process.argv[2] && process.argv[2] !== '-' ? path.resolve(process.argv[2]) : buildCourse();
const N = Number(process.argv[3] || 200);
const RUNS = Number(process.env.RUNS || 5);

/* A small seeded generator (mulberry32), so every run loads the same files. */
function rng(seed) {
  return function () {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function frameworkOf(dir) {
  const html = fs.readFileSync(path.join(dir, 'team.html'), 'utf8');
  const m = /<script type="application\/json" id="framework-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('team.html has no #framework-data');
  return { framework: JSON.parse(m[1]), course: /data-course="([^"]+)"/.exec(html)[1] };
}

/* A plausible answer of the question's type, as the grader takes it. */
function givenAnswer(type, r) {
  const n = 1 + Math.floor(r() * 3);
  switch (type) {
    case 'multiple': return [0, n];
    case 'true_false': return r() < 0.5;
    case 'text': return ['refund', 'escalate', 'Refund '][n - 1];
    case 'numeric': return String(n * 10);
    case 'order': case 'match': return [n, 0, ...Array.from({ length: 3 }, (_, k) => k + 1).filter((k) => k !== n)];
    default: return n;
  }
}

function learnerFile(framework, course, i) {
  const r = rng(1000 + i);
  const at = Date.UTC(2026, 0, 1) + i * 60000;
  const state = { version: 1, role: null, last: null, lessons: {}, answers: {}, quizzes: {}, cases: {}, certificate: null };
  const skill = 0.3 + 0.6 * r();
  const byQuiz = {};
  for (const [qid, q] of Object.entries(framework.questions)) {
    if (r() > 0.75) continue;
    const earned = r() < skill ? q.points : 0;
    state.answers[qid] = { v: q.version, earned, points: q.points, at };
    const quiz = Object.keys(framework.quizzes)[Math.floor(r() * Object.keys(framework.quizzes).length)];
    (byQuiz[quiz] = byQuiz[quiz] || { answers: {}, versions: {}, earned: 0, possible: 0 });
    byQuiz[quiz].answers[qid] = givenAnswer(q.type, r);
    byQuiz[quiz].versions[qid] = q.version;
    byQuiz[quiz].earned += earned;
    byQuiz[quiz].possible += q.points;
  }
  for (const [quiz, a] of Object.entries(byQuiz)) {
    const passed = a.earned / a.possible >= 0.7;
    state.quizzes[quiz] = { attempts: [{ at, earned: a.earned, possible: a.possible, passed, answers: a.answers, versions: a.versions }], current: null };
  }
  for (const [cid, c] of Object.entries(framework.cases)) {
    if (r() > 0.8) continue;
    const endings = Object.keys(c.endings);
    const score = Math.round(c.best * r());
    state.cases[cid] = { v: c.version, runs: [{ at, path: [], ending: endings[Math.floor(r() * endings.length)], score, fraction: score / c.best, passed: score / c.best >= 0.7 }] };
  }
  for (const m of framework.modules) {
    for (const l of m.lessons) if (r() < 0.6) state.lessons[`${m.id}/${l}`] = { visited: at, completed: at };
  }
  return JSON.stringify({ format: 'skillpress-progress', course, exported: new Date(at).toISOString(), learner: `Learner ${i + 1}`, ...state }, null, 2);
}

(async () => {
  const { browser, skip } = await launch();
  if (!browser) { console.error(skip); process.exit(2); }
  const { framework, course } = frameworkOf(site);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillpress-team-bench-'));
  const files = [];
  let bytes = 0;
  for (let i = 0; i < N; i++) {
    const file = path.join(dir, `learner-${String(i + 1).padStart(3, '0')}.json`);
    const text = learnerFile(framework, course, i);
    bytes += Buffer.byteLength(text);
    fs.writeFileSync(file, text);
    files.push(file);
  }
  const times = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const { context, page } = await newPage(browser, null);
      await page.goto(fileUrl(site) + 'team.html');
      await page.evaluate(() => {
        document.querySelector('[data-team-input]').addEventListener('change', () => { window.teamStart = performance.now(); }, true);
      });
      await page.setInputFiles('[data-team-input]', files);
      const ms = await page.waitForFunction((n) => {
        const rows = document.querySelectorAll('[data-team-heatmap] tbody tr').length;
        return rows === n && window.teamStart != null && performance.now() - window.teamStart;
      }, N, { timeout: 60000, polling: 'raf' });
      times.push(await ms.jsonValue());
      if (page.outside.length || page.errors.length) throw new Error(`requests ${page.outside} errors ${page.errors}`);
      await context.close();
    }
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`team page, ${N} progress files (${(bytes / 1048576).toFixed(1)} MiB), ${framework.competencies.length} competencies, ${Object.keys(framework.questions).length} questions`);
  console.log(`load to full render: median ${(median / 1000).toFixed(2)} s of ${RUNS} (min ${(times[0] / 1000).toFixed(2)} s, max ${(times[times.length - 1] / 1000).toFixed(2)} s)`);
})().catch((e) => { console.error(e); process.exit(1); });
