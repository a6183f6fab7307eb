// Property tests of the mastery rule (static/assets/mastery.js, docs/format.md "How the browser
// estimates a level"): on many random frameworks and saved states, from a fixed seed, the
// estimate equals the rule computed here straight from the documentation, and it behaves as a
// rule of this kind must (a better answer never lowers the level, order does not matter).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const M = require('../../static/assets/mastery.js');

const CASES = 500;

/* xorshift32: the same cases on every run; a failure prints its seed. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
  };
}

/* A random framework (scale, min_evidence, questions and cases tagged with `c`) and state. */
function generate(seed) {
  const r = rng(seed);
  const levels = r.int(1, 5);
  const thresholds = [0];
  for (let i = 1; i < levels; i++) thresholds.push(Math.round(r.next() * 100) / 100);
  thresholds.sort((a, b) => a - b);
  const scale = thresholds.map((t, i) => ({ level: i + 1, name: 'L' + (i + 1), min_mastery: t }));
  const framework = {
    scale,
    min_evidence: r.int(0, 4),
    competencies: [{ id: 'c', name: 'C' }, { id: 'other', name: 'O' }],
    roles: [],
    modules: [],
    questions: {},
    cases: {},
  };
  const state = { answers: {}, cases: {} };
  const nq = r.int(0, 8);
  for (let i = 0; i < nq; i++) {
    const points = r.int(1, 5);
    const tags = r.next() < 0.8 ? ['c'] : ['other'];
    framework.questions['q' + i] = { points, competencies: tags, version: 'v1' };
    if (r.next() < 0.75) {
      // Sometimes an answer saved for an older version of the question: it does not count.
      const v = r.next() < 0.9 ? 'v1' : 'v0';
      state.answers['q' + i] = { v, points, earned: r.pick([0, points, r.next() * points, points * 1.5, -1]) };
    }
  }
  const nc = r.int(0, 3);
  for (let i = 0; i < nc; i++) {
    const best = r.pick([5, 7, 10]);
    framework.cases['k' + i] = { best, competencies: r.next() < 0.8 ? ['c'] : ['other'], version: 'v1' };
    if (r.next() < 0.7) {
      const runs = [];
      const n = r.int(1, 3);
      for (let j = 0; j < n; j++) runs.push({ ending: 'e', at: r.int(1, 5), score: r.int(-3, 12) });
      state.cases['k' + i] = { v: 'v1', runs };
    }
  }
  return { framework, state };
}

const clamp01 = (x) => Math.min(1, Math.max(0, x));

/* The documented rule, written independently of mastery.js. */
function reference(framework, state) {
  let points = 0;
  let earned = 0;
  let count = 0;
  for (const [id, q] of Object.entries(framework.questions)) {
    const a = state.answers[id];
    if (!q.competencies.includes('c') || !a || a.v !== q.version) continue;
    points += q.points;
    earned += q.points * clamp01(a.earned / a.points);
    count += 1;
  }
  for (const [id, k] of Object.entries(framework.cases)) {
    const saved = state.cases[id];
    if (!k.competencies.includes('c') || !saved) continue;
    // The latest run: greatest `at`, the later one on a tie.
    let latest = null;
    for (const run of saved.runs) if (!latest || run.at >= latest.at) latest = run;
    points += 3;
    earned += 3 * clamp01(latest.score / k.best);
    count += 1;
  }
  const mastery = points > 0 ? earned / points : 0;
  const assessed = count > 0 && count >= framework.min_evidence;
  let level = null;
  if (assessed) {
    for (const s of framework.scale) if (s.min_mastery <= mastery + 1e-9) level = Math.max(level ?? 0, s.level);
  }
  return { mastery, level, count };
}

test('the estimate follows the documented rule on random frameworks and states', () => {
  for (let seed = 1; seed <= CASES; seed++) {
    const { framework, state } = generate(seed);
    const got = M.estimate(framework, state, 'c');
    const want = reference(framework, state);
    assert.ok(Math.abs(got.mastery - want.mastery) < 1e-9, `seed ${seed}: mastery ${got.mastery} ≠ ${want.mastery}`);
    assert.ok(got.mastery >= 0 && got.mastery <= 1, `seed ${seed}: mastery ${got.mastery} outside 0..1`);
    assert.equal(got.count, want.count, `seed ${seed}: evidence count`);
    assert.equal(got.level, want.level, `seed ${seed}: level`);
  }
});

test('a better answer never lowers the mastery or the level', () => {
  for (let seed = 1; seed <= CASES; seed++) {
    const { framework, state } = generate(seed);
    const before = M.estimate(framework, state, 'c');
    for (const [id, a] of Object.entries(state.answers)) {
      const better = JSON.parse(JSON.stringify(state));
      better.answers[id] = Object.assign({}, a, { earned: a.points });
      const after = M.estimate(framework, better, 'c');
      assert.ok(after.mastery >= before.mastery - 1e-12, `seed ${seed}, ${id}: mastery fell`);
      assert.ok((after.level ?? 0) >= (before.level ?? 0), `seed ${seed}, ${id}: level fell`);
    }
  }
});

test('the order of questions and cases does not change the estimate', () => {
  for (let seed = 1; seed <= CASES; seed++) {
    const { framework, state } = generate(seed);
    const reversed = Object.assign({}, framework, {
      questions: Object.fromEntries(Object.entries(framework.questions).reverse()),
      cases: Object.fromEntries(Object.entries(framework.cases).reverse()),
    });
    const a = M.estimate(framework, state, 'c');
    const b = M.estimate(reversed, state, 'c');
    assert.ok(Math.abs(a.mastery - b.mastery) < 1e-9, `seed ${seed}`);
    assert.equal(a.level, b.level, `seed ${seed}`);
  }
});
