// The browser data exactly as the build writes it (tests/js/fixtures/full/*.json, made from the
// Rust structs in src/resolved/data/ and checked against the built pages by
// tests/browser_data.rs), fed to the real grading, mastery and case logic. A change of shape on
// either side fails here. The expected values come from the fixture's YAML
// (tests/fixtures/full), not from the code under test.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const G = require('../../static/assets/grading.js');
const M = require('../../static/assets/mastery.js');
const C = require('../../static/assets/case-score.js');

const fixture = (name) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'full', name + '.json'), 'utf8'));
const bank = fixture('quiz-listening-check');
const final = fixture('quiz-final');
const refund = fixture('case-refund');
const framework = fixture('framework');
const nav = fixture('nav');

// The right answer to a question, read from its data the way quiz.js offers it to a learner.
function rightAnswer(q) {
  const upTo = (n) => Array.from({ length: n }, (_, i) => i);
  switch (q.type) {
    case 'single': return q.options.findIndex((o) => o.correct);
    case 'multiple': return q.options.flatMap((o, i) => (o.correct ? [i] : []));
    case 'true_false': return q.answer;
    case 'text': return q.accept[0];
    case 'numeric': return String(q.answer != null ? q.answer : (q.range[0] + q.range[1]) / 2) + q.unit;
    case 'order': return upTo(q.items);
    case 'match': return upTo(q.pairs);
    default: throw new Error('a question type the test does not know: ' + q.type);
  }
}

test('the bank has every question type, with the settings the YAML gives', () => {
  assert.deepEqual([...new Set(bank.questions.map((q) => q.type))].sort(),
    ['match', 'multiple', 'numeric', 'order', 'single', 'text', 'true_false']);
  // listening-check.yaml says `pass: 0.6`; attempts, shuffle and feedback are defaults.
  assert.equal(bank.pass, 0.6);
  assert.equal(bank.kind, 'bank');
  assert.equal(bank.attempts, 0);
  assert.equal(bank.shuffle, true);
  assert.equal(bank.feedback, 'immediate');
  for (const q of bank.questions) {
    assert.equal(typeof q.points, 'number', q.id);
    assert.equal(typeof q.difficulty, 'number', q.id);
    assert.ok(Array.isArray(q.competencies) && q.competencies.length > 0, q.id);
    assert.equal(typeof q.version, 'string', q.id);
  }
});

test('every question graded with its right answer earns its points, and the quiz passes', () => {
  const results = bank.questions.map((q) => {
    const r = G.grade(q, rightAnswer(q));
    assert.equal(r.status, 'correct', q.id);
    assert.equal(r.earned, q.points, q.id);
    return r;
  });
  const sum = G.summarize(results, bank.pass);
  assert.equal(sum.passed, true);
  assert.equal(sum.fraction, 1);
  // l-multiple is worth 2 points (listening-check.yaml), the others 1.
  assert.equal(sum.possible, bank.questions.length + 1);
});

test('a quiz with nothing answered fails against the pass mark it carries', () => {
  const results = bank.questions.map((q) => G.grade(q, null));
  assert.ok(results.every((r) => r.status === 'unanswered' && r.earned === 0));
  assert.equal(G.summarize(results, bank.pass).passed, false);
});

test('an assessment pool names each question\'s bank, and its draws take what final.yaml says', () => {
  assert.equal(final.kind, 'assessment');
  assert.ok(final.questions.every((q) => typeof q.bank === 'string'));
  const pool = new Set(final.questions.map((q) => q.id));
  const perAttempt = final.draw.reduce((n, d) => n + (d.count || 0) + (d.questions || []).length, 0);
  for (let seed = 0; seed < 20; seed++) {
    const ids = G.drawQuestions(final, seed);
    assert.equal(ids.length, perAttempt, 'seed ' + seed);
    assert.equal(new Set(ids).size, ids.length, 'no question twice');
    assert.ok(ids.every((id) => pool.has(id)));
  }
  // Each drawn question matches a draw that counts questions, or is named by one.
  for (const q of final.questions) {
    assert.ok(final.draw.some((d) => G.matchesDraw(q, d) || (d.questions || []).includes(q.id)), q.id);
  }
});

test('the case\'s best path scores its best, passes and ends in a success', () => {
  const run = C.scoreCase(refund, refund.best_path);
  assert.equal(run.valid, true);
  assert.equal(run.score, refund.best);
  assert.equal(run.fraction, 1);
  assert.equal(run.passed, true);
  assert.equal(refund.endings[run.ending].outcome, 'success');
  // refund.yaml lists two dimensions of its own.
  assert.deepEqual(Object.keys(run.totals), refund.dimensions.map((d) => d.id));
  assert.deepEqual(refund.dimensions.map((d) => d.id), ['satisfaction', 'efficiency']);
});

test('a case run that ends badly fails against the case\'s pass mark', () => {
  // From the start, the choice marked `poor` at each step leads to the ending `lost`.
  const path = [];
  let node = refund.start;
  while (refund.nodes[node]) {
    const choices = refund.nodes[node].choices;
    let i = choices.findIndex((c) => c.quality === 'poor');
    if (i < 0) i = choices.length - 1;
    path.push([node, i]);
    node = choices[i].next;
  }
  const run = C.scoreCase(refund, path);
  assert.equal(run.valid, true);
  assert.equal(run.passed, false);
  assert.ok(run.score < refund.pass * refund.best);
});

test('answers to every question at full marks give each assessed competency the top level', () => {
  const answers = {};
  for (const [id, q] of Object.entries(framework.questions)) {
    answers[id] = { v: q.version, earned: q.points, points: q.points, at: 1 };
  }
  const cases = {};
  for (const [id, c] of Object.entries(framework.cases)) {
    cases[id] = { v: c.version, runs: [{ ending: Object.keys(c.endings)[0], score: c.best, at: 1 }] };
  }
  const state = { version: 1, answers, cases, quizzes: {}, lessons: {} };
  const top = Math.max(...framework.scale.map((s) => s.level));
  const estimates = M.estimateAll(framework, state);
  assert.deepEqual(estimates.map((e) => e.id), framework.competencies.map((c) => c.id));
  for (const e of estimates) {
    const tagged = Object.values(framework.questions).filter((q) => q.competencies.includes(e.id)).length
      + Object.values(framework.cases).filter((c) => c.competencies.includes(e.id)).length;
    assert.equal(e.count, tagged, e.id);
    assert.equal(e.assessed, tagged >= framework.min_evidence, e.id);
    if (e.assessed) assert.equal(e.level, top, e.id);
  }
  // The default role is resolved by the build (course.yaml's, else the first role).
  const gaps = M.gaps(framework, estimates, framework.default_role);
  const role = framework.roles.find((r) => r.id === framework.default_role);
  assert.deepEqual(gaps.map((g) => g.id).sort(), Object.keys(role.targets).sort());
});

test('recommendations and navigation name the same modules and lessons', () => {
  const all = framework.competencies.map((c) => c.id);
  const recommended = M.recommend(framework, all, {});
  for (const r of recommended) assert.ok(nav.modules.some((m) => m.id === r.id && m.url === r.url), r.id);
  assert.deepEqual(nav.modules.map((m) => [m.id, m.lessons.map((l) => l.id)]),
    framework.modules.map((m) => [m.id, m.lessons]));
  for (const m of nav.modules.filter((x) => x.check)) {
    assert.ok(framework.quizzes[m.check.quiz], m.check.quiz);
    assert.equal(framework.modules.find((x) => x.id === m.id).quiz, m.check.quiz);
  }
  const assessment = nav.links.find((l) => l.kind === 'assessment');
  assert.equal(assessment.url, framework.quizzes.final.url);
});
