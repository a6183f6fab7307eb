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

/* ---- the shape the scripts read ------------------------------------------------------------ */

// Every key of each kind of data, with its type: the fields grading.js, quiz.js, case.js,
// case-score.js, mastery.js, map.js, progress.js, team-data.js and skillpress.js read, which
// trust the build for them (no defaults in JS). A key renamed, dropped or added on the Rust side
// fails here; so does a script-side rename, through the behaviour tests above and below.
// A spec is a type name ('string', 'number|null', …), [element spec], { '*': value spec } for a
// map, or an object spec (exactly these keys).
const MAP = (v) => ({ '*': v });
const QUESTION_COMMON = {
  'bank?': 'string', // in an assessment's pool: the bank the question is written in
  competencies: ['string'], difficulty: 'number', explanation: 'string', id: 'string',
  points: 'number', type: 'string', version: 'string',
};
// The keys of each question type beside the common ones (`tolerance`, `answer` and `range` of
// a numeric question are written only when the author gives them).
const QUESTION_TYPES = {
  single: { options: [{ correct: 'boolean', feedback: 'string', pin: 'boolean' }] },
  multiple: { options: [{ correct: 'boolean', feedback: 'string', pin: 'boolean' }], scoring: 'string' },
  true_false: { answer: 'boolean', feedback_false: 'string', feedback_true: 'string' },
  text: { accept: ['string'], reject: [{ feedback: 'string', value: 'string' }] },
  numeric: { 'answer?': 'number', 'range?': ['number'], 'tolerance?': 'number', unit: 'string' },
  order: { items: 'number', scoring: 'string' },
  match: { choices: 'number', pairs: 'number', scoring: 'string' },
};
const SHAPES = {
  quiz: {
    attempts: 'number', feedback: 'string', id: 'string', kind: 'string', pass: 'number',
    pick: 'number|null', questions: 'question', shuffle: 'boolean', title: 'string',
    draw: 'null|draw',
  },
  draw: [{
    competency: 'string|null', count: 'number|null', difficulty: 'null|numbers', from: 'string|null',
    questions: 'null|strings',
  }],
  case: {
    best: 'number', best_path: [['string|number']], competencies: ['string'], debrief: 'string',
    dimensions: [{ id: 'string', name: 'string' }],
    endings: MAP({ html: 'string', outcome: 'string', title: 'string' }),
    id: 'string',
    nodes: MAP({
      choices: [{ effects: MAP('number'), feedback: 'string', html: 'string', next: 'string', quality: 'string|null' }],
      messages: [{ from: 'string', html: 'string' }],
      prompt: 'string',
    }),
    pass: 'number', persona: 'null|persona', start: 'string', title: 'string', version: 'string',
  },
  persona: { mood: 'string|null', name: 'string' },
  framework: {
    cases: MAP({ best: 'number', competencies: ['string'], endings: MAP('string'), title: 'string', url: 'string', version: 'string' }),
    competencies: [{ id: 'string', name: 'string' }],
    default_role: 'string',
    diagnostic: 'null|diagnostic',
    final: 'string|null',
    min_evidence: 'number',
    modules: [{
      competencies: ['string'], id: 'string', lessons: ['string'], prerequisites: ['string'],
      quiz: 'string|null', title: 'string', url: 'string',
    }],
    questions: MAP({ competencies: ['string'], points: 'number', type: 'string', version: 'string' }),
    quizzes: MAP({ kind: 'string', title: 'string', url: 'string' }),
    roles: [{ id: 'string', name: 'string', targets: MAP('number') }],
    scale: [{ level: 'number', min_mastery: 'number', name: 'string' }],
  },
  diagnostic: { competencies: MAP(['string']), roles: MAP(['string']), url: 'string', weight: 'number' },
  nav: {
    links: [{ kind: 'string', title: 'string|null', url: 'string' }],
    modules: [{
      check: 'null|check', id: 'string', lessons: [{ id: 'string', title: 'string', url: 'string' }],
      title: 'string', url: 'string',
    }],
  },
  check: { quiz: 'string', title: 'string', url: 'string' },
  numbers: ['number'],
  strings: ['string'],
};

function typeOf(v) {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

// Throws with the path of the first value that does not fit `spec`.
function assertShape(value, spec, where) {
  if (typeof spec === 'string') {
    const options = spec.split('|');
    if (options.includes(typeOf(value))) return;
    for (const o of options) {
      if (o === 'question') {
        assert.equal(typeOf(value), 'array', where);
        value.forEach((q, i) => assertQuestion(q, `${where}[${i}]`));
        return;
      }
      if (SHAPES[o] && value !== null) return assertShape(value, SHAPES[o], where);
    }
    assert.fail(`${where}: ${typeOf(value)} where the scripts read ${spec}`);
  }
  if (Array.isArray(spec)) {
    assert.equal(typeOf(value), 'array', where);
    value.forEach((x, i) => assertShape(x, spec[0], `${where}[${i}]`));
    return;
  }
  assert.equal(typeOf(value), 'object', where);
  if (spec['*']) {
    for (const [k, v] of Object.entries(value)) assertShape(v, spec['*'], `${where}.${k}`);
    return;
  }
  const required = Object.keys(spec).filter((k) => !k.endsWith('?'));
  const optional = Object.keys(spec).filter((k) => k.endsWith('?')).map((k) => k.slice(0, -1));
  for (const k of required) assert.ok(k in value, `${where}.${k} is missing`);
  for (const k of Object.keys(value)) {
    assert.ok(required.includes(k) || optional.includes(k), `${where}.${k} is not a key the scripts know`);
    assertShape(value[k], spec[k] || spec[k + '?'], `${where}.${k}`);
  }
}

function assertQuestion(q, where) {
  const own = QUESTION_TYPES[q.type];
  assert.ok(own, `${where}: unknown question type ${q.type}`);
  assertShape(q, { ...QUESTION_COMMON, ...own }, `${where} (${q.type})`);
  if (q.type === 'numeric') assert.ok('answer' in q || 'range' in q, `${where}: a numeric question has an answer or a range`);
}

// Every golden data set: the full fixture (en) and the zh-CN edition of the two-language one.
const SETS = ['full', 'two-languages-zh-CN'];
const load = (set) => {
  const dir = path.join(__dirname, 'fixtures', set);
  const out = { quizzes: [], cases: [] };
  for (const f of fs.readdirSync(dir).sort()) {
    const v = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    if (f.startsWith('quiz-')) out.quizzes.push(v);
    else if (f.startsWith('case-')) out.cases.push(v);
    else out[f.replace(/\.json$/, '')] = v;
  }
  return out;
};

for (const set of SETS) {
  const d = load(set);

  test(`${set}: every quiz, case, the framework and the navigation have the shape the scripts read`, () => {
    assert.ok(d.quizzes.length > 0 && d.cases.length > 0 && d.framework && d.nav);
    d.quizzes.forEach((q) => assertShape(q, SHAPES.quiz, `quiz ${q.id}`));
    d.cases.forEach((c) => assertShape(c, SHAPES.case, `case ${c.id}`));
    assertShape(d.framework, SHAPES.framework, 'framework');
    assertShape(d.nav, SHAPES.nav, 'nav');
  });

  test(`${set}: right answers pass every quiz, with the attempts and pass mark the data carries`, () => {
    for (const quiz of d.quizzes) {
      const ids = G.drawQuestions(quiz, 7);
      const byId = Object.fromEntries(quiz.questions.map((q) => [q.id, q]));
      const results = ids.map((id) => G.grade(byId[id], rightAnswer(byId[id])));
      assert.ok(results.every((r) => r.status === 'correct'), quiz.id);
      assert.equal(G.summarize(results, quiz.pass).passed, true, quiz.id);
      assert.equal(G.summarize(results.map(() => ({ earned: 0, possible: 1 })), quiz.pass).passed, false);
      assert.equal(G.attemptsLeft(quiz, 0), quiz.attempts === 0 ? Infinity : quiz.attempts);
    }
  });

  test(`${set}: each case's best path is valid, scores its best and passes`, () => {
    for (const c of d.cases) {
      const run = C.scoreCase(c, c.best_path);
      assert.equal(run.valid, true, c.id);
      assert.equal(run.score, c.best, c.id);
      assert.equal(run.passed, true, c.id);
      assert.deepEqual(Object.keys(run.totals), c.dimensions.map((x) => x.id));
      assert.equal(d.framework.cases[c.id].best, c.best);
      assert.equal(d.framework.cases[c.id].version, c.version);
    }
  });

  test(`${set}: the framework's quizzes, questions and modules agree with the quiz data and the navigation`, () => {
    for (const quiz of d.quizzes) {
      assert.equal(d.framework.quizzes[quiz.id].kind, quiz.kind);
      assert.equal(d.framework.quizzes[quiz.id].title, quiz.title);
      for (const q of quiz.questions) {
        const ev = d.framework.questions[q.id];
        assert.deepEqual([ev.points, ev.version, ev.type, ev.competencies], [q.points, q.version, q.type, q.competencies], q.id);
      }
    }
    assert.deepEqual(d.nav.modules.map((m) => [m.id, m.url, m.lessons.map((l) => l.id), m.check && m.check.quiz]),
      d.framework.modules.map((m) => [m.id, m.url, m.lessons, m.quiz]));
    const estimates = M.estimateAll(d.framework, { answers: {}, cases: {} });
    assert.deepEqual(estimates.map((e) => e.assessed), d.framework.competencies.map(() => false));
  });
}

test('the zh-CN edition carries translated texts, its own URLs and the resolved defaults', () => {
  const zh = load('two-languages-zh-CN');
  const quiz = zh.quizzes[0];
  const han = /[\u4e00-\u9fff]/;
  assert.match(quiz.title, han);
  assert.match(zh.nav.modules[0].title, han);
  assert.match(zh.cases[0].title, han);
  // Defaults applied by the build, whatever the language: the bank sets none of these.
  assert.deepEqual([quiz.pass, quiz.attempts, quiz.shuffle, quiz.feedback], [0.7, 0, true, 'immediate']);
  assert.ok(quiz.questions.every((q) => q.points === 1 && q.difficulty === 1));
  // The edition's URLs are relative to its own folder (zh-CN/), like the English edition's.
  assert.ok(zh.nav.modules.every((m) => !m.url.startsWith('zh-CN/') && !m.url.startsWith('/')));
  // A lesson not translated yet is listed with its English title (the marked fallback).
  assert.ok(zh.nav.modules[0].lessons.some((l) => !han.test(l.title)));
});

test('a field the scripts read that is missing, renamed or of another type fails the shape check', () => {
  const full = load('full');
  const quiz = JSON.parse(JSON.stringify(full.quizzes[0]));
  delete quiz.pass;
  assert.throws(() => assertShape(quiz, SHAPES.quiz, 'quiz'), /quiz\.pass is missing/);
  const renamed = JSON.parse(JSON.stringify(full.framework));
  renamed.minEvidence = renamed.min_evidence;
  delete renamed.min_evidence;
  assert.throws(() => assertShape(renamed, SHAPES.framework, 'framework'), /min_evidence is missing/);
  const q = JSON.parse(JSON.stringify(full.quizzes[0].questions[0]));
  q.points = '1';
  assert.throws(() => assertQuestion(q, 'q'), /points: string where the scripts read number/);
  const c = JSON.parse(JSON.stringify(full.cases[0]));
  c.nodes[c.start].choices[0].weight = 1;
  assert.throws(() => assertShape(c, SHAPES.case, 'case'), /weight is not a key the scripts know/);
});
