// Levels, gaps and recommendations (static/assets/mastery.js) against spec §2.7. Every expected
// value below is worked out by hand in the comment next to it.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const M = require('../../static/assets/mastery.js');

const framework = {
  scale: [
    { level: 1, name: 'Aware', min_mastery: 0.0 },
    { level: 2, name: 'Practising', min_mastery: 0.5 },
    { level: 3, name: 'Proficient', min_mastery: 0.7 },
    { level: 4, name: 'Expert', min_mastery: 0.9 },
  ],
  min_evidence: 3,
  competencies: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }, { id: 'c', name: 'C' }],
  roles: [
    { id: 'agent', name: 'Agent', targets: { a: 3, b: 2, c: 1 } },
    { id: 'lead', name: 'Lead', targets: { a: 4 } },
  ],
  default_role: 'agent',
  modules: [],
  questions: {
    q1: { points: 1, competencies: ['a'], version: 'v' },
    q2: { points: 2, competencies: ['a'], version: 'v' },
    q3: { points: 3, competencies: ['a', 'b'], version: 'v' },
    q4: { points: 1, competencies: ['b'], version: 'v' },
    q5: { points: 1, competencies: ['c'], version: 'v' },
    q6: { points: 1, competencies: ['c'], version: 'v' },
    q7: { points: 1, competencies: ['c'], version: 'v' },
    qnew: { points: 1, competencies: ['a'], version: 'new' },
  },
  cases: {
    k1: { competencies: ['a'], best: 10, version: 'k' },
    k2: { competencies: ['b'], best: 4, version: 'k' },
  },
};

const answer = (earned, points, v = 'v') => ({ v, earned, points, at: 1 });
const state = (answers = {}, cases = {}) => ({ version: 1, answers, cases, quizzes: {}, lessons: {} });

test('the level waits for min_evidence graded items', () => {
  // Two items, both right: mastery 1, but 2 < 3 items, so "not yet assessed".
  let e = M.estimate(framework, state({ q1: answer(1, 1), q2: answer(2, 2) }), 'a');
  assert.equal(e.count, 2);
  assert.equal(e.assessed, false);
  assert.equal(e.level, null);
  assert.equal(e.mastery, 1);
  // A third item: (1 + 2 + 0) / (1 + 2 + 3) = 0.5, exactly the min_mastery of level 2.
  e = M.estimate(framework, state({ q1: answer(1, 1), q2: answer(2, 2), q3: answer(0, 3) }), 'a');
  assert.equal(e.count, 3);
  assert.equal(e.assessed, true);
  assert.equal(e.mastery, 0.5);
  assert.equal(e.level, 2);
  // No evidence at all.
  e = M.estimate(framework, state(), 'a');
  assert.deepEqual([e.count, e.level, e.mastery, e.assessed], [0, null, 0, false]);
});

test('the level is the highest scale level reached', () => {
  assert.equal(M.levelFor(framework.scale, 0), 1);
  assert.equal(M.levelFor(framework.scale, 0.49), 1);
  assert.equal(M.levelFor(framework.scale, 0.5), 2);
  assert.equal(M.levelFor(framework.scale, 0.69), 2);
  assert.equal(M.levelFor(framework.scale, 0.7), 3);
  assert.equal(M.levelFor(framework.scale, 0.95), 4);
  assert.equal(M.levelFor(framework.scale, 1), 4);
  // A scale that starts above 0: below its first level there is no level.
  assert.equal(M.levelFor([{ level: 1, min_mastery: 0.3 }], 0.2), null);
  // Out of order in the file: still the highest level reached.
  assert.equal(M.levelFor([{ level: 3, min_mastery: 0.7 }, { level: 1, min_mastery: 0 }], 0.8), 3);
});

test('a level is shown with its name on the scale, the number alone where it has none', () => {
  assert.equal(M.levelName(framework, 3), '3 · Proficient');
  assert.equal(M.levelName({ scale: [{ level: 1, min_mastery: 0 }] }, 1), '1');
  assert.equal(M.levelName(framework, 7), '7');
});

test('a learner exactly on a threshold reaches it despite floating point', () => {
  // Three 1-point answers worth 0.7 each: 2.1 / 3 is 0.6999999999999998 in binary floating point.
  const f = { ...framework, questions: { x: { points: 1, competencies: ['c'], version: 'v' }, y: { points: 1, competencies: ['c'], version: 'v' }, z: { points: 1, competencies: ['c'], version: 'v' } } };
  const e = M.estimate(f, state({ x: answer(0.7, 1), y: answer(0.7, 1), z: answer(0.7, 1) }), 'c');
  assert.equal(e.level, 3);
  assert.equal(M.fixed2(e.mastery), '0.70');
});

test('questions weigh by their points; partial credit counts as its fraction', () => {
  // q1 1/1 (w 1), q2 0/2 (w 2), q3 1.5/3 (w 3): (1 + 0 + 1.5) / 6 = 0.41666… → level 1.
  const e = M.estimate(framework, state({ q1: answer(1, 1), q2: answer(0, 2), q3: answer(1.5, 3) }), 'a');
  assert.equal(e.count, 3);
  assert.ok(Math.abs(e.mastery - 2.5 / 6) < 1e-12);
  assert.equal(e.level, 1);
  assert.equal(M.fixed2(e.mastery), '0.42');
  // The same q3 answer counts for b as well: q3 0.5 (w 3) + q4 1/1 (w 1) = 2.5 / 4, only 2 items.
  const b = M.estimate(framework, state({ q3: answer(1.5, 3), q4: answer(1, 1) }), 'b');
  assert.equal(b.mastery, 0.625);
  assert.equal(b.level, null);
});

test('a case weighs 3 and its fraction is score / best, clamped to 0..1', () => {
  const run = (score, at = 1) => ({ at, ending: 'end', score, path: [] });
  // q1 1/1 (w 1, f 1), q2 0/2 (w 2, f 0), k1 15/10 → 1 (w 3): (1 + 0 + 3) / 6 = 0.6667 → level 2.
  let e = M.estimate(framework, state({ q1: answer(1, 1), q2: answer(0, 2) }, { k1: { v: 'k', runs: [run(15)] } }), 'a');
  assert.equal(e.count, 3);
  assert.deepEqual(e.items.find((i) => i.kind === 'case'), { kind: 'case', id: 'k1', weight: 3, fraction: 1 });
  assert.equal(M.fixed2(e.mastery), '0.67');
  assert.equal(e.level, 2);
  // A negative score clamps to 0: (1 + 0 + 0) / 6 = 0.1667 → level 1.
  e = M.estimate(framework, state({ q1: answer(1, 1), q2: answer(0, 2) }, { k1: { v: 'k', runs: [run(-4)] } }), 'a');
  assert.equal(M.fixed2(e.mastery), '0.17');
  assert.equal(e.level, 1);
  // 7 of 10: (1 + 0 + 3 × 0.7) / 6 = 3.1 / 6 = 0.5167.
  e = M.estimate(framework, state({ q1: answer(1, 1), q2: answer(0, 2) }, { k1: { v: 'k', runs: [run(7)] } }), 'a');
  assert.equal(M.fixed2(e.mastery), '0.52');
  // A case with no runs is no evidence.
  e = M.estimate(framework, state({}, { k1: { v: 'k', runs: [] } }), 'a');
  assert.equal(e.count, 0);
});

test('the latest answer and the latest finished run win, even when an older one was better', () => {
  // The saved answers hold only the latest graded answer; older quiz attempts are history.
  const s = state({ q4: answer(0, 1), q3: answer(3, 3) }, {
    k2: { v: 'k', runs: [{ at: 1, ending: 'best', score: 4 }, { at: 5, ending: 'worst', score: 0 }, { at: 3, ending: 'mid', score: 2 }] },
  });
  s.quizzes = { bank: { attempts: [{ at: 0, earned: 1, possible: 1, passed: true, answers: { q4: 0 } }], current: null } };
  // b: q3 3/3 (w 3, f 1), q4 0/1 (w 1, f 0), k2 latest run (at 5) 0/4 (w 3, f 0): 3 / 7 = 0.4286 → level 1.
  const e = M.estimate(framework, s, 'b');
  assert.equal(e.count, 3);
  assert.equal(M.fixed2(e.mastery), '0.43');
  assert.equal(e.level, 1);
  // On equal times the run recorded later wins.
  assert.equal(M.latestRun([{ at: 2, ending: 'a' }, { at: 2, ending: 'b' }]).ending, 'b');
  assert.equal(M.latestRun([]), null);
});

test('answers and runs of another version of the question or case do not count', () => {
  const e = M.estimate(framework, state({ qnew: answer(1, 1, 'old'), q1: answer(1, 1) }, { k1: { v: 'old', runs: [{ at: 1, ending: 'x', score: 10 }] } }), 'a');
  assert.deepEqual(e.items.map((i) => i.id), ['q1']);
});

test('estimateAll lists every competency in framework order', () => {
  const all = M.estimateAll(framework, state({ q5: answer(1, 1), q6: answer(1, 1), q7: answer(0, 1) }));
  assert.deepEqual(all.map((e) => [e.id, e.name, e.level]), [['a', 'A', null], ['b', 'B', null], ['c', 'C', 2]]);
  // c: 2 / 3 = 0.6667.
  assert.equal(M.fixed2(all[2].mastery), '0.67');
});

test('gaps are target − level for every targeted competency; not yet assessed counts as 0', () => {
  // a: q1 1/1, q2 2/2, q3 0/3 → 0.5 → level 2; b: q3, q4 only → not assessed; c: 3/3 → level 4.
  const s = state({ q1: answer(1, 1), q2: answer(2, 2), q3: answer(0, 3), q4: answer(1, 1), q5: answer(1, 1), q6: answer(1, 1), q7: answer(1, 1) });
  const all = M.estimateAll(framework, s);
  assert.deepEqual(M.gaps(framework, all, 'agent'), [
    { id: 'a', name: 'A', level: 2, target: 3, gap: 1 },
    { id: 'b', name: 'B', level: null, target: 2, gap: 2 },
    { id: 'c', name: 'C', level: 4, target: 1, gap: 0 },
  ]);
  // A role targets only some competencies.
  assert.deepEqual(M.gaps(framework, all, 'lead'), [{ id: 'a', name: 'A', level: 2, target: 4, gap: 2 }]);
  assert.deepEqual(M.gaps(framework, all, 'nobody'), []);
  assert.equal(M.role(framework, 'lead').name, 'Lead');
});

const course = {
  modules: [
    { id: 'm1', title: 'M1', url: 'modules/m1/index.html', competencies: ['x'], prerequisites: [] },
    { id: 'm2', title: 'M2', url: 'modules/m2/index.html', competencies: ['a'], prerequisites: ['m1'] },
    { id: 'm3', title: 'M3', url: 'modules/m3/index.html', competencies: ['b'], prerequisites: [] },
    { id: 'm4', title: 'M4', url: 'modules/m4/index.html', competencies: ['a', 'b'], prerequisites: ['m3', 'm2'] },
    { id: 'm5', title: 'M5', url: 'modules/m5/index.html', competencies: ['a'], prerequisites: ['m6'] },
    { id: 'm6', title: 'M6', url: 'modules/m6/index.html', competencies: ['c'], prerequisites: [] },
    { id: 'm7', title: 'M7', url: 'modules/m7/index.html', competencies: ['d'], prerequisites: ['m8'] },
    { id: 'm8', title: 'M8', url: 'modules/m8/index.html', competencies: ['d'], prerequisites: ['m7', 'unknown'] },
  ],
};
const ids = (list) => list.map((m) => m.id);

test('recommendations: tagged modules in course order, prerequisites first, completed left out', () => {
  // a is practised in m2, m4, m5. m2 needs m1; m4 needs m3 and m2; m5 needs m6 (later in the course).
  assert.deepEqual(ids(M.recommend(course, ['a'], {})), ['m1', 'm2', 'm3', 'm4', 'm6', 'm5']);
  const list = M.recommend(course, ['a'], {});
  assert.deepEqual(list[0], { id: 'm1', title: 'M1', url: 'modules/m1/index.html', competencies: [], prerequisiteOf: ['m2'] });
  assert.deepEqual(list.find((m) => m.id === 'm4').competencies, ['a']);
  assert.deepEqual(list.find((m) => m.id === 'm3').prerequisiteOf, ['m4']);
  assert.deepEqual(list.find((m) => m.id === 'm2').prerequisiteOf, ['m4']);
  // Completed modules (and so their own prerequisites' reason to be listed) drop out.
  assert.deepEqual(ids(M.recommend(course, ['a'], { m1: true, m2: true })), ['m3', 'm4', 'm6', 'm5']);
  assert.deepEqual(ids(M.recommend(course, ['a'], { m1: true, m2: true, m4: true, m5: true })), []);
  // b: m3, then m4 with its prerequisites m3 (listed) and m2 (after its own m1).
  assert.deepEqual(ids(M.recommend(course, ['b'], {})), ['m3', 'm1', 'm2', 'm4']);
  // Several gaps together: each module once.
  assert.deepEqual(ids(M.recommend(course, ['b', 'c'], {})), ['m3', 'm1', 'm2', 'm4', 'm6']);
  assert.deepEqual(M.recommend(course, ['b', 'c'], {}).find((m) => m.id === 'm4').competencies, ['b']);
  assert.deepEqual(ids(M.recommend(course, ['nothing'], {})), []);
});

test('a prerequisite cycle or an unknown prerequisite never loops or breaks', () => {
  assert.deepEqual(ids(M.recommend(course, ['d'], {})), ['m8', 'm7']);
});

test('fixed2 is the two-decimal form of data-mastery', () => {
  assert.equal(M.fixed2(0), '0.00');
  assert.equal(M.fixed2(1), '1.00');
  assert.equal(M.fixed2(2 / 3), '0.67');
  assert.equal(M.fixed2(0.125), '0.13');
  assert.equal(M.fixed2(0.285), '0.29'); // 28.499999… × 100 in binary, still rounds half up
  assert.equal(M.fixed2(0.5), '0.50');
});

test('open gaps come in the recommendation order: assessed first, largest first', () => {
  const gaps = [
    { id: 'a', level: 1, gap: 1 },
    { id: 'b', level: null, gap: 3 },
    { id: 'c', level: 2, gap: 0 },
    { id: 'd', level: 1, gap: 2 },
    { id: 'e', level: 2, gap: 1 },
  ];
  // d (assessed, 2), then a and e (assessed, 1, framework order), then b (not yet assessed);
  // c has no gap.
  assert.deepEqual(M.openGaps(gaps).map((g) => g.id), ['d', 'a', 'e', 'b']);
});
