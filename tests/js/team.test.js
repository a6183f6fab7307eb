// The team view's numbers (static/assets/team-data.js) for a small team whose every figure is
// worked out by hand in the comments. Three learners load — Ana (evidence everywhere), Ben
// (mostly wrong) and Chen (no evidence at all) — and Dana's file, from another course, is
// skipped, as are a broken file, a file of a newer format, a file that is not an export and a
// second copy of Ana's file.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const Team = require('../../static/assets/team-data.js');
const Mastery = require('../../static/assets/mastery.js');

const COURSE = 'cs-demo';
const NOW = Date.UTC(2026, 0, 5);

// Levels: 1 from mastery 0, 2 from 0.5, 3 from 0.8; a level needs 2 graded items.
// Role agent targets a: 2, b: 3 (no target for c); role lead targets a: 3, c: 2.
const framework = {
  scale: [
    { level: 1, name: 'Aware', min_mastery: 0 },
    { level: 2, name: 'Practising', min_mastery: 0.5 },
    { level: 3, name: 'Proficient', min_mastery: 0.8 },
  ],
  min_evidence: 2,
  competencies: [{ id: 'a', name: 'Apologising' }, { id: 'b', name: 'Bots' }, { id: 'c', name: 'Calm' }],
  roles: [
    { id: 'agent', name: 'Agent', targets: { a: 2, b: 3 } },
    { id: 'lead', name: 'Lead', targets: { a: 3, c: 2 } },
  ],
  default_role: 'agent',
  modules: [
    { id: 'm1', title: 'One', url: 'modules/m1/index.html', competencies: ['a'], prerequisites: [], lessons: ['l1', 'l2'], quiz: 'm1-check' },
    { id: 'm2', title: 'Two', url: 'modules/m2/index.html', competencies: ['b'], prerequisites: ['m1'], lessons: ['l1'], quiz: null },
    { id: 'm3', title: 'Three', url: 'modules/m3/index.html', competencies: ['c'], prerequisites: [], lessons: ['l1'], quiz: null },
  ],
  questions: {
    q1: { points: 1, competencies: ['a'], version: 'v1', type: 'single' },
    q2: { points: 2, competencies: ['a', 'b'], version: 'v2', type: 'multiple' },
    q3: { points: 1, competencies: ['b'], version: 'v3', type: 'text' },
    q4: { points: 1, competencies: ['c'], version: 'v4', type: 'true_false' },
    q5: { points: 1, competencies: ['c'], version: 'v5', type: 'single' },
  },
  cases: {
    k1: { competencies: ['b'], best: 6, version: 'k', title: 'Refund call', url: 'cases/k1.html', endings: { good: 'Resolved', bad: 'Escalated' } },
  },
  quizzes: {
    'm1-check': { title: 'Check one', url: 'quizzes/m1-check.html', kind: 'bank' },
    final: { title: 'Final', url: 'quizzes/final.html', kind: 'assessment' },
  },
  final: 'final',
};

const ans = (v, earned, points, at = 10) => ({ v, earned, points, at });
const done = { visited: 1, completed: 2 };

function exportText(state, extra = {}) {
  return JSON.stringify({ format: 'skillpress-progress', course: COURSE, exported: '2026-01-04T10:00:00.000Z', version: 1, ...extra, ...state });
}

const ana = {
  role: 'agent',
  lessons: { 'm1/l1': done, 'm1/l2': done, 'm3/l1': done },
  answers: { q1: ans('v1', 1, 1), q2: ans('v2', 2, 2), q3: ans('v3', 0, 1), q4: ans('v4', 1, 1), q5: ans('v5', 0, 1) },
  quizzes: {
    'm1-check': { attempts: [{ at: 50, earned: 3, possible: 3, passed: true, answers: { q1: 0, q2: [1, 0] }, versions: { q1: 'v1', q2: 'v2' } }], current: null },
    final: {
      attempts: [
        { at: 60, earned: 5, possible: 10, passed: false, answers: { q3: 'refund', q5: 1 }, versions: { q3: 'v3', q5: 'v5' } },
        { at: 70, earned: 8, possible: 10, passed: true, answers: { q3: 'refund', q4: false, q5: 1 }, versions: { q3: 'v3', q4: 'v4', q5: 'v5' } },
      ],
      current: null,
    },
  },
  cases: { k1: { v: 'k', runs: [{ at: 80, path: [], ending: 'good', score: 6, fraction: 1, passed: true }] } },
  certificate: { name: 'Ana Silva' },
};

const ben = {
  role: 'agent',
  lessons: { 'm3/l1': done, 'm1/l1': { visited: 5 } },
  answers: { q1: ans('v1', 0, 1), q2: ans('v2', 1, 2), q3: ans('v3', 0, 1), q4: ans('v4', 0, 1), q5: ans('v5', 0, 1) },
  quizzes: {
    // q1: the older attempt chose option 1, the newer one option 2: the newer counts.
    'm1-check': {
      attempts: [
        { at: 100, earned: 0, possible: 3, passed: false, answers: { q1: 1, q2: [0] }, versions: { q1: 'v1', q2: 'v2' } },
        { at: 200, earned: 1, possible: 3, passed: false, answers: { q1: 2, q2: [3, 0] }, versions: { q1: 'v1', q2: 'v2' } },
      ],
      current: null,
    },
    // q4 was answered in the attempt still in progress; q5 in an attempt for an older version
    // of q5 (ignored) and in the finished one.
    final: {
      attempts: [
        { at: 150, earned: 4, possible: 10, passed: false, answers: { q3: 'Refund ', q5: 3 }, versions: { q3: 'v3', q5: 'v5' } },
        { at: 300, earned: 0, possible: 10, passed: false, answers: { q5: 0 }, versions: { q5: 'old' } },
      ],
      current: { seed: 1, questions: ['q4'], answers: { q4: true }, graded: { q4: { earned: 0, points: 1 } }, versions: { q4: 'v4' } },
    },
  },
  cases: {
    k1: {
      v: 'k',
      runs: [
        { at: 90, path: [], ending: 'good', score: 6, fraction: 1, passed: true },
        { at: 95, path: [], ending: 'bad', score: 2, fraction: 0.33, passed: false },
      ],
    },
  },
};

const chen = { lessons: { 'm3/l1': done } };

const files = [
  { name: 'ana.json', text: exportText(ana, { learner: 'Ana Silva' }) },
  { name: 'ben-progress.json', text: exportText(ben) },
  { name: 'chen.json', text: exportText(chen, { learner: '  Chen \n Wei ' }) },
  { name: 'dana.json', text: exportText(ana, { course: 'other-course', learner: 'Dana' }) },
  { name: 'broken.json', text: '{"format": "skillpress-progress", ' },
  { name: 'future.json', text: exportText(chen, { version: 99 }) },
  { name: 'notes.json', text: JSON.stringify({ hello: 'world' }) },
  { name: 'ana-again.json', text: exportText(ana, { learner: 'Ana Silva' }) },
];

const team = Team.load(files, COURSE, NOW);
const L = team.learners;

test('good files load, the others are listed with the reason', () => {
  assert.deepEqual(L.map((l) => [l.name, l.file]), [['Ana Silva', 'ana.json'], ['ben-progress', 'ben-progress.json'], ['Chen Wei', 'chen.json']]);
  assert.deepEqual(team.skipped.map((s) => [s.file, s.reason, s.course]), [
    ['dana.json', 'team_skip_wrong_course', 'other-course'],
    ['broken.json', 'team_skip_malformed', null],
    ['future.json', 'team_skip_future_version', null],
    ['notes.json', 'team_skip_wrong_format', null],
    ['ana-again.json', 'team_skip_duplicate', null],
  ]);
  assert.equal(team.skipped[4].of, 'ana.json');
  // The state is the migrated one store.js would import.
  assert.deepEqual(L[2].state.answers, {});
  assert.equal(L[2].exported, '2026-01-04T10:00:00.000Z');
});

test('two learners of the same name get one row each', () => {
  const same = Team.load([
    { name: 'x.json', text: exportText(chen, { learner: 'Sam' }) },
    { name: 'y.json', text: exportText(ben, { learner: 'Sam' }) },
    { name: 'folder/Sam.json', text: exportText(ana) },
    { name: 'locked.json', text: null },
    { name: 'damaged.json', text: exportText({ answers: { q1: 'x' } }) },
  ], COURSE, NOW);
  assert.deepEqual(same.learners.map((l) => l.name), ['Sam', 'Sam (2)', 'Sam (3)']);
  // A file the browser could not read is listed too.
  assert.deepEqual(same.skipped, [
    { file: 'locked.json', reason: 'team_skip_unreadable', course: null },
    // A part that is not what a progress file holds: skipped, naming the part.
    { file: 'damaged.json', reason: 'team_skip_damaged', course: null, at: 'answers.q1' },
  ]);
});

const agentRows = Team.heatMap(framework, L, 'agent');

test('heat map: levels from the learner map code, the role targets and each gap', () => {
  const table = agentRows.map((r) => [r.learner.name, r.cells.map((c) => [c.competency, c.level, c.target, c.gap, c.count]), r.totalGap]);
  assert.deepEqual(table, [
    // Ana — a: q1 1/1 (weight 1), q2 2/2 (weight 2): mastery 1, level 3, target 2, gap 0.
    //        b: q2 (2 × 1) + q3 (1 × 0) + k1 (3 × 6/6) = 5 / 6 = 0.83: level 3, target 3, gap 0.
    //        c: q4 1 + q5 0 = 1 / 2 = 0.5: level 2, no target.
    ['Ana Silva', [['a', 3, 2, 0, 2], ['b', 3, 3, 0, 3], ['c', 2, null, 0, 2]], 0],
    // Ben — a: q1 0 + q2 2 × 0.5 = 1 / 3 = 0.33: level 1, gap 1.
    //        b: q2 2 × 0.5 + q3 0 + k1 3 × 2/6 (the latest run, "bad") = 2 / 6: level 1, gap 2.
    //        c: 0 / 2: level 1.
    ['ben-progress', [['a', 1, 2, 1, 2], ['b', 1, 3, 2, 3], ['c', 1, null, 0, 2]], 3],
    // Chen — nothing assessed: each target is the whole gap (2 + 3).
    ['Chen Wei', [['a', null, 2, 2, 0], ['b', null, 3, 3, 0], ['c', null, null, 0, 0]], 5],
  ]);
  assert.equal(Mastery.fixed2(agentRows[0].cells[1].mastery), '0.83');
  // The same figures as the learner's own map for the same state.
  const own = Mastery.estimateAll(framework, L[1].state).map((e) => e.level);
  assert.deepEqual(agentRows[1].cells.map((c) => c.level), own);
});

test('heat map rows sort by learner, by total gap and by one competency', () => {
  const names = (rows) => rows.map((r) => r.learner.name);
  assert.deepEqual(names(Team.sortRows(agentRows, 'learner')), ['Ana Silva', 'ben-progress', 'Chen Wei']);
  assert.deepEqual(names(Team.sortRows(agentRows, 'gap')), ['Chen Wei', 'ben-progress', 'Ana Silva']);
  // Competency c has no target (gaps all 0): lowest level first, not yet assessed counting as 0.
  assert.deepEqual(names(Team.sortRows(agentRows, 'competency', 'c')), ['Chen Wei', 'ben-progress', 'Ana Silva']);
  // Competency a under the lead role: gaps Ana 0 (3 of 3), Ben 2, Chen 3.
  const lead = Team.heatMap(framework, L, 'lead');
  assert.deepEqual(names(Team.sortRows(lead, 'competency', 'a')), ['Chen Wei', 'ben-progress', 'Ana Silva']);
  // The input order is left alone.
  assert.deepEqual(names(agentRows), ['Ana Silva', 'ben-progress', 'Chen Wei']);
});

test('team profile: below / at / above, median, the modules for the biggest team gaps', () => {
  const p = Team.profile(framework, agentRows, L);
  assert.deepEqual(p.competencies.map((c) => [c.id, c.target, c.below, c.at, c.above, c.unassessed, c.median, c.teamGap]), [
    // a (target 2): Ben 1 below, Ana 3 above, Chen not assessed; median of 3 and 1 = 2;
    // team gap 0 + 1 + 2 = 3.
    ['a', 2, 1, 0, 1, 1, 2, 3],
    // b (target 3): Ben below, Ana at; median 2; team gap 0 + 2 + 3 = 5.
    ['b', 3, 1, 1, 0, 1, 2, 5],
    // c: no target, so no below/at/above and no gap; median of 2 and 1 = 1.5.
    ['c', null, null, null, null, 1, 1.5, 0],
  ]);
  // The learner's rule: b (5) before a (3).
  assert.deepEqual(p.open.map((g) => [g.id, g.gap]), [['b', 5], ['a', 3]]);
  // Course order, each module after its prerequisites: m1 (for a, and m2's prerequisite), m2.
  assert.deepEqual(p.modules.map((m) => [m.id, m.competencies, m.prerequisiteOf]), [['m1', ['a'], ['m2']], ['m2', ['b'], []]]);

  // Lead: a (target 3) Ana at, Ben below, gap 0 + 2 + 3 = 5; c (target 2) Ana at, Ben below,
  // gap 0 + 1 + 2 = 3. m3 would close c, but all three completed it: only m1 is left.
  const lead = Team.profile(framework, Team.heatMap(framework, L, 'lead'), L);
  assert.deepEqual(lead.competencies.map((c) => [c.id, c.below, c.at, c.above, c.teamGap]), [
    ['a', 1, 1, 0, 5], ['b', null, null, null, 0], ['c', 1, 1, 0, 3],
  ]);
  assert.deepEqual(lead.modules.map((m) => m.id), ['m1']);
  // Without learners there is nothing to recommend.
  assert.deepEqual(Team.profile(framework, [], []).modules, []);
});

test('median', () => {
  assert.equal(Team.median([]), null);
  assert.equal(Team.median([4]), 4);
  assert.equal(Team.median([3, 1, 2]), 2);
  assert.equal(Team.median([1, 4, 2, 3]), 2.5);
});

test('weakest questions: share wrong and the most chosen wrong answer', () => {
  const w = Team.weakestQuestions(framework, L);
  assert.deepEqual(w.map((x) => [x.id, x.answered, x.wrong, x.shareWrong, x.wrongAnswer && x.wrongAnswer.key, x.wrongAnswer && x.wrongAnswer.count]), [
    // q3: both answered wrong, "refund" and "Refund " are one answer once folded.
    ['q3', 2, 2, 1, '"refund"', 2],
    // q5: both wrong, Ana chose 1, Ben 3 (his attempt for the old version, option 0, is ignored):
    // a tie, the first given wins.
    ['q5', 2, 2, 1, '1', 1],
    // Then the questions half the team got wrong, in course order: Ben's answers (q1 from his
    // newer attempt, q2 partly right is still wrong, q4 from the unfinished attempt).
    ['q1', 2, 1, 0.5, '2', 1],
    ['q2', 2, 1, 0.5, '[0,3]', 1],
    ['q4', 2, 1, 0.5, 'true', 1],
  ]);
  assert.equal(w[0].wrongAnswer.answer, 'refund');
  // Chen answered nothing and counts nowhere; with him alone no question is weak.
  assert.deepEqual(Team.weakestQuestions(framework, [L[2]]), []);
});

test('answers fold the way the grader folds them', () => {
  assert.equal(Team.answerKey('text', '  ＲＥＦＵＮＤ。'), '"refund"');
  assert.equal(Team.answerKey('numeric', '1,5'), '"1.5"');
  assert.equal(Team.answerKey('multiple', [2, '0']), '[0,2]');
  assert.equal(Team.answerKey('single', null), null);
  assert.equal(Team.answerKey('order', [1, 0]), '[1,0]');
});

test('case results: endings reached and the average score of the latest runs', () => {
  assert.deepEqual(Team.caseResults(framework, L), [{
    id: 'k1',
    title: 'Refund call',
    played: 2,
    // Ana's only run ended "good"; Ben's latest "bad" (his earlier "good" does not count).
    endings: [{ id: 'good', title: 'Resolved', count: 1 }, { id: 'bad', title: 'Escalated', count: 1 }],
    averageScore: 4, // (6 + 2) / 2
    averageFraction: (1 + 2 / 6) / 2, // 0.67
  }]);
});

test('completion: modules, module checks, assessments, the final assessment and the certificate', () => {
  const c = Team.completion(framework, L);
  assert.deepEqual(c.map((x) => [x.learner.name, x.modulesDone, x.modulesTotal, x.lessonsDone, x.lessonsTotal, x.checksPassed, x.checksTotal, x.assessmentsPassed, x.assessmentsTotal, x.final, x.certificate]), [
    // Ana: m1 (both lessons, check passed) and m3; 3 of 4 lessons; final passed, best 8/10.
    ['Ana Silva', 2, 3, 3, 4, 1, 1, 1, 1, { id: 'final', passed: true, best: 0.8 }, 'named'],
    // Ben: m3 only (m1/l1 visited, not completed); m1's check failed twice; final failed, best 4/10.
    ['ben-progress', 1, 3, 1, 4, 0, 1, 0, 1, { id: 'final', passed: false, best: 0.4 }, 'none'],
    ['Chen Wei', 1, 3, 1, 4, 0, 1, 0, 1, { id: 'final', passed: false, best: null }, 'none'],
  ]);
  // A check passed before the module's lessons are done counts as a check, not as the module.
  const early = Team.load([{ name: 'dee.json', text: exportText({ quizzes: { 'm1-check': ana.quizzes['m1-check'] } }) }], COURSE, NOW);
  const [dee] = Team.completion(framework, early.learners);
  assert.deepEqual([dee.modulesDone, dee.checksPassed, dee.checksTotal], [0, 1, 1]);
  // The assessments are the quizzes the framework data marks so, module checks and diagnostic
  // questions are not.
  const more = { ...framework, quizzes: { ...framework.quizzes, extra: { kind: 'assessment' }, 'diagnostic:a': { kind: 'diagnostic' } } };
  assert.deepEqual(Team.assessmentIds(more), ['final', 'extra']);
});

test('CSV: one row per learner × competency, one per question', () => {
  const w = Team.weakestQuestions(framework, L);
  const text = Team.csv(Team.sortRows(agentRows, 'gap'), w, (qid, a) => (qid === 'q3' ? 'Text: ' + a : JSON.stringify(a)));
  assert.equal(text, '\uFEFF' + [
    'record,learner,competency,level,mastery,target,gap,evidence,question,answered,wrong,share_wrong,most_chosen_wrong_answer',
    'competency,Chen Wei,a,none,,2,2,0,,,,,',
    'competency,Chen Wei,b,none,,3,3,0,,,,,',
    'competency,Chen Wei,c,none,,,0,0,,,,,',
    'competency,ben-progress,a,1,0.33,2,1,2,,,,,',
    'competency,ben-progress,b,1,0.33,3,2,3,,,,,',
    'competency,ben-progress,c,1,0,,0,2,,,,,',
    'competency,Ana Silva,a,3,1,2,0,2,,,,,',
    'competency,Ana Silva,b,3,0.83,3,0,3,,,,,',
    'competency,Ana Silva,c,2,0.5,,0,2,,,,,',
    'question,,,,,,,,q3,2,2,1,Text: refund',
    'question,,,,,,,,q5,2,2,1,1',
    'question,,,,,,,,q1,2,1,0.5,2',
    'question,,,,,,,,q2,2,1,0.5,"[3,0]"', // as Ben gave it; the key is [0,3]
    'question,,,,,,,,q4,2,1,0.5,true',
  ].join('\r\n') + '\r\n');
});

test('CSV fields are quoted and cannot run as spreadsheet formulas', () => {
  assert.equal(Team.csvField('plain', true), 'plain');
  assert.equal(Team.csvField('Wu, "Li"', true), '"Wu, ""Li"""');
  assert.equal(Team.csvField('two\nlines', true), '"two\nlines"');
  assert.equal(Team.csvField('=HYPERLINK("x")', true), '"\'=HYPERLINK(""x"")"');
  assert.equal(Team.csvField('-1', false), '-1');
  assert.equal(Team.csvField(null, true), '');
});
