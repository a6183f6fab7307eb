// The diagnostic's rules and "Your path" (static/assets/mastery.js; docs/format.md, "How the
// browser estimates a level"): diagnostic evidence and its weight, self-ratings beside the
// measured level, and the path order. Every expected value is worked out by hand beside it.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const M = require('../../static/assets/mastery.js');

const scale = [
  { level: 1, name: 'Aware', min_mastery: 0.0 },
  { level: 2, name: 'Practising', min_mastery: 0.5 },
  { level: 3, name: 'Proficient', min_mastery: 0.7 },
  { level: 4, name: 'Expert', min_mastery: 0.9 },
];

/* Levels given directly, as estimateAll returns them (level null: not yet assessed). */
const levels = (map) => Object.keys(map).map((id) => ({ id, level: map[id] }));
const ids = (path) => path.map((m) => m.id);
const skipped = (path) => path.filter((m) => m.skip).map((m) => m.id);

function course(modules, targets) {
  return {
    scale,
    roles: [{ id: 'r', name: 'R', targets }],
    modules: modules.map(([id, competencies, prerequisites, quiz]) => ({
      id, title: id.toUpperCase(), url: `modules/${id}/index.html`, competencies, prerequisites: prerequisites || [], quiz: quiz || null,
    })),
  };
}

test('path: the largest gap first, gaps counted from the role target', () => {
  // targets a 3, b 2, c 4; levels a 1, b 2, c 1 → gaps a 2, b 0, c 3.
  // m1 [a] gap 2, m2 [b] gap 0 (skip), m3 [c] gap 3 → m3, m1, m2.
  const fw = course([['m1', ['a']], ['m2', ['b']], ['m3', ['c']]], { a: 3, b: 2, c: 4 });
  const p = M.path(fw, levels({ a: 1, b: 2, c: 1 }), 'r');
  assert.deepEqual(ids(p), ['m3', 'm1', 'm2']);
  assert.deepEqual(p.map((m) => m.gap), [3, 2, 0]);
  assert.deepEqual(skipped(p), ['m2']);
  // A level not yet assessed counts 0: the whole target is the gap. a null → gap 3 > c's 3? tie:
  // m1 gap 3, m3 gap 3 → course order m1, m3; then m2.
  assert.deepEqual(ids(M.path(fw, levels({ a: null, b: 2, c: 1 }), 'r')), ['m1', 'm3', 'm2']);
});

test('path: a module never comes before one it requires, and a prerequisite is pulled forward', () => {
  // gaps: a 0 (m1 skippable), b 1 (m2), c 3 (m3 needs m1).
  // m3's urgency 3 flows to m1, so m1 (gap 0, urgency 3) comes first, then m3, then m2.
  const fw = course([['m1', ['a']], ['m2', ['b']], ['m3', ['c'], ['m1']]], { a: 1, b: 2, c: 4 });
  const p = M.path(fw, levels({ a: 2, b: 1, c: 1 }), 'r');
  assert.deepEqual(ids(p), ['m1', 'm3', 'm2']);
  assert.deepEqual(skipped(p), ['m1']);
  assert.deepEqual(p[1].prerequisites, ['m1']);
  // A chain: m4 (gap 2) needs m3 needs m2 needs m1; m5 gap 1, free. Levels a..e all 1;
  // targets a 1, b 1, c 1, d 3, e 2 → gaps 0, 0, 0, 2, 1: the chain first (urgency 2), then m5.
  const chain = course([['m1', ['a']], ['m5', ['e']], ['m2', ['b'], ['m1']], ['m3', ['c'], ['m2']], ['m4', ['d'], ['m3']]],
    { a: 1, b: 1, c: 1, d: 3, e: 2 });
  assert.deepEqual(ids(M.path(chain, levels({ a: 1, b: 1, c: 1, d: 1, e: 1 }), 'r')), ['m1', 'm2', 'm3', 'm4', 'm5']);
});

test('path: ties go to the larger sum of gaps, then to course order', () => {
  // targets 2 everywhere, levels 1 → every gap 1. m1 [a], m2 [b, c] (sum 2), m3 [d], m4 [e, f]
  // (sum 2): every module's gap is 1 → m2, m4 (sum 2, course order), then m1, m3.
  const fw = course([['m1', ['a']], ['m2', ['b', 'c']], ['m3', ['d']], ['m4', ['e', 'f']]],
    { a: 2, b: 2, c: 2, d: 2, e: 2, f: 2 });
  const at1 = levels({ a: 1, b: 1, c: 1, d: 1, e: 1, f: 1 });
  assert.deepEqual(ids(M.path(fw, at1, 'r')), ['m2', 'm4', 'm1', 'm3']);
  // The module's gap is its largest, not its sum: m1 [a] gap 2 beats m2 [b, c] gaps 1 + 1.
  assert.deepEqual(ids(M.path(fw, levels({ a: 0, b: 1, c: 1, d: 2, e: 2, f: 2 }), 'r')), ['m1', 'm2', 'm3', 'm4']);
});

test('path: a learner at target everywhere keeps course order and may skip every module', () => {
  const fw = course([['m1', ['a'], [], 'm1-check'], ['m2', ['b'], ['m1']], ['m3', ['a', 'b']]], { a: 2, b: 3 });
  const p = M.path(fw, levels({ a: 2, b: 4 }), 'r');
  assert.deepEqual(ids(p), ['m1', 'm2', 'm3']);
  assert.deepEqual(skipped(p), ['m1', 'm2', 'm3']);
  assert.deepEqual(p.map((m) => m.gap), [0, 0, 0]);
  // The check to confirm with: m1 has one, the others link to nothing (the page uses the module).
  assert.equal(p[0].check, 'modules/m1/check.html');
  assert.equal(p[1].check, null);
  // A competency the role has no target for counts as reached; a module without competencies
  // has nothing to show the learner knows it, so it is never marked skippable.
  const other = course([['m1', ['x']], ['m2', []]], { a: 2 });
  assert.deepEqual(skipped(M.path(other, levels({ x: null }), 'r')), ['m1']);
});

test('path: an unknown role targets nothing; a prerequisite cycle cannot loop', () => {
  const fw = course([['m1', ['a'], ['m2']], ['m2', ['a'], ['m1']], ['m3', ['a']]], { a: 2 });
  assert.deepEqual(ids(M.path(fw, levels({ a: 1 }), 'nobody')), ['m3', 'm1', 'm2']);
});

/* ---- diagnostic evidence and self-ratings -------------------------------------------- */

const diagFramework = {
  scale,
  min_evidence: 3,
  competencies: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }],
  roles: [{ id: 'r', name: 'R', targets: { a: 3, b: 2 } }],
  modules: [],
  cases: {},
  questions: {
    d1: { points: 1, competencies: ['a'], version: 'v' },
    d2: { points: 2, competencies: ['a'], version: 'v' },
    q3: { points: 1, competencies: ['a'], version: 'v' },
    d4: { points: 1, competencies: ['b'], version: 'v' },
    d5: { points: 1, competencies: ['b'], version: 'v' },
  },
  diagnostic: { weight: 0.5, url: 'diagnostic.html', competencies: { a: ['d1', 'd2'], b: ['d4', 'd5'] }, roles: { r: ['a', 'b'] } },
};
const answer = (earned, points) => ({ v: 'v', earned, points, at: 0 });

test('diagnostic answers are evidence with their own weight, and a finished diagnostic shows a level', () => {
  // a: d1 right (1 pt), d2 wrong (2 pt), both in the diagnostic: weights 0.5 and 1,
  // mastery (0.5·1 + 1·0) / 1.5 = 0.33 → level 1, shown although 2 items < min_evidence 3.
  const state = { answers: {}, cases: {}, diagnostic: { ratings: {}, answers: { d1: answer(1, 1), d2: answer(0, 2) } } };
  const a = M.estimate(diagFramework, state, 'a');
  assert.deepEqual(a.items.map((e) => [e.kind, e.id, e.weight]), [['diagnostic', 'd1', 0.5], ['diagnostic', 'd2', 1]]);
  assert.equal(M.fixed2(a.mastery), '0.33');
  assert.equal(a.level, 1);
  // Add q3 right in a module (weight 1): (0.5 + 0 + 1) / 2.5 = 0.6 → level 2.
  state.answers.q3 = answer(1, 1);
  assert.equal(M.estimate(diagFramework, state, 'a').level, 2);
  // d2 answered right in a module too: that answer counts instead of the diagnostic's, at full
  // weight: (0.5·1 + 2·1 + 1·1) / (0.5 + 2 + 1) = 1 → level 4. d2 is counted once.
  state.answers.d2 = answer(2, 2);
  const again = M.estimate(diagFramework, state, 'a');
  assert.equal(again.count, 3);
  assert.equal(again.level, 4);
  // An unfinished diagnostic (d5 not answered) and too few items: not yet assessed.
  const half = { answers: {}, cases: {}, diagnostic: { ratings: {}, answers: { d4: answer(1, 1) } } };
  assert.equal(M.estimate(diagFramework, half, 'b').level, null);
  // A diagnostic answer to an older version of its question does not count.
  const stale = { answers: {}, cases: {}, diagnostic: { ratings: {}, answers: { d4: { v: 'old', earned: 1, points: 1 }, d5: answer(1, 1) } } };
  assert.equal(M.estimate(diagFramework, stale, 'b').count, 1);
});

test('the self-rating is shown beside the level, never raises it, and two levels apart is flagged', () => {
  const answers = { d1: answer(0, 1), d2: answer(0, 2), d4: answer(1, 1), d5: answer(1, 1) };
  // a: 0 → level 1; b: 1 → level 4.
  const rated = (ratings) => ({ answers: {}, cases: {}, diagnostic: { ratings, answers } });
  const unrated = M.estimateAll(diagFramework, rated({}));
  const s = rated({ a: 4, b: 2 });
  const withRatings = M.estimateAll(diagFramework, s);
  // The ratings change no level and no mastery.
  assert.deepEqual(withRatings, unrated);
  const [ea, eb] = withRatings;
  // a: rated 4, measured 1 → three above: over-confidence.
  assert.deepEqual(M.selfRating(diagFramework, s, ea), { id: 'a', rating: 4, level: 1, difference: 3, confidence: 'over' });
  // b: rated 2, measured 4 → two below: under-confidence.
  assert.deepEqual(M.selfRating(diagFramework, s, eb), { id: 'b', rating: 2, level: 4, difference: -2, confidence: 'under' });
  // One level apart is no signal.
  assert.equal(M.selfRating(diagFramework, rated({ a: 2 }), ea).confidence, null);
  // Not yet assessed: the rating is shown, nothing is compared.
  const none = { id: 'a', level: null };
  assert.deepEqual(M.selfRating(diagFramework, rated({ a: 4 }), none), { id: 'a', rating: 4, level: null, difference: null, confidence: null });
  // A rating that is no level of the scale is ignored; so is a missing diagnostic.
  assert.equal(M.selfRating(diagFramework, rated({ a: 7 }), ea).rating, null);
  assert.equal(M.selfRating(diagFramework, { answers: {} }, ea).rating, null);
  // And the path only reads levels: a's self-rating of 4 leaves its gap at 3 − 1 = 2.
  const fw = Object.assign({}, diagFramework, { modules: [{ id: 'm', title: 'M', url: 'm', competencies: ['a'], prerequisites: [], quiz: null }] });
  assert.equal(M.path(fw, withRatings, 'r')[0].gap, 2);
});
