// The pure grading rules of static/assets/grading.js (quizzes, course-format spec §2.3–2.4) and
// static/assets/case-score.js (cases, §2.5). Expected
// values are worked out by hand from the spec's formulas, never by calling the code under test.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const G = require(path.join(__dirname, '..', '..', 'static', 'assets', 'grading.js'));
const C = require(path.join(__dirname, '..', '..', 'static', 'assets', 'case-score.js'));

const single = {
  id: 's', type: 'single', points: 1,
  options: [
    { correct: false, pin: false, feedback: '<p>A is wrong</p>' },
    { correct: true, pin: false, feedback: '<p>B is right</p>' },
    { correct: false, pin: true, feedback: '' },
  ],
};
// Three right options out of five.
const multiple = (scoring, points = 1) => ({
  id: 'm', type: 'multiple', points, scoring,
  options: [{ correct: true }, { correct: true }, { correct: true }, { correct: false, feedback: 'no' }, { correct: false }],
});

test('text is folded: case, spaces, full-width forms, trailing punctuation', () => {
  assert.equal(G.normalizeText('  Robotic   Process\tAutomation  '), 'robotic process automation');
  // Full-width Latin letters and the ideographic space (U+3000).
  assert.equal(G.normalizeText('ＲＯＢＯＴＩＣ\u3000ｐｒｏｃｅｓｓ'), 'robotic process');
  // Full-width digits and punctuation inside the answer.
  assert.equal(G.normalizeText('１２３，４５６'), '123,456');
  // Trailing punctuation, ASCII and Chinese, any mix of it.
  for (const end of ['.', ',', '!', '?', '。', '！', '？', '、', '，', ';', '；', ':', '：', '?!', '。 ', '...']) {
    assert.equal(G.normalizeText('最小权限' + end), '最小权限', JSON.stringify(end));
  }
  // Punctuation inside the answer stays.
  assert.equal(G.normalizeText('Hello, world!'), 'hello, world');
  assert.equal(G.normalizeText('a。b'), 'a.b');
  assert.equal(G.normalizeText(null), '');
});

test('text questions accept variants and explain known wrong answers', () => {
  const q = {
    id: 't', type: 'text', points: 1,
    accept: ['Least privilege', '最小权限原则', 'PoLP'],
    reject: [{ value: 'Zero trust', feedback: '<p>Related, but different.</p>' }],
  };
  for (const a of ['least privilege', ' LEAST   PRIVILEGE. ', 'ｌｅａｓｔ　ｐｒｉｖｉｌｅｇｅ！', '最小权限原则。', '最小权限原则！', 'polp?']) {
    const r = G.grade(q, a);
    assert.equal(r.status, 'correct', a);
    assert.equal(r.earned, 1);
  }
  const rej = G.grade(q, 'zero  TRUST!');
  assert.equal(rej.status, 'incorrect');
  assert.equal(rej.earned, 0);
  assert.equal(rej.rejected, 0);
  assert.deepEqual(rej.feedback, ['<p>Related, but different.</p>']);
  const other = G.grade(q, 'need to know');
  assert.equal(other.rejected, -1);
  assert.deepEqual(other.feedback, []);
  assert.equal(G.grade(q, '   ').status, 'unanswered');
  assert.equal(G.grade(q, '。').status, 'unanswered');
});

test('numbers are read with full-width digits, decimal commas and units', () => {
  assert.deepEqual(G.parseNumber('15'), [15]);
  assert.deepEqual(G.parseNumber('１５．５'), [15.5]);
  assert.deepEqual(G.parseNumber('15,5'), [15.5]);
  assert.deepEqual(G.parseNumber('-0,25'), [-0.25]);
  assert.deepEqual(G.parseNumber('−3'), [-3]);
  assert.deepEqual(G.parseNumber('1,234.5'), [1234.5]);
  assert.deepEqual(G.parseNumber('1.234,5'), [1234.5]);
  assert.deepEqual(G.parseNumber('1,234,567'), [1234567]);
  assert.deepEqual(G.parseNumber('2 400'), [2400]);
  // A single comma before three digits is ambiguous: both readings count.
  assert.deepEqual(G.parseNumber('2,400'), [2400, 2.4]);
  // The unit after (or before) the number.
  assert.deepEqual(G.parseNumber('15 %', '%'), [15]);
  assert.deepEqual(G.parseNumber('15%', '%'), [15]);
  assert.deepEqual(G.parseNumber('１５％', '%'), [15]);
  assert.deepEqual(G.parseNumber('48 hours', 'hours'), [48]);
  assert.deepEqual(G.parseNumber('48 h', 'hours'), [48]);
  assert.deepEqual(G.parseNumber('48 Hours.', 'hours'), [48]);
  assert.deepEqual(G.parseNumber('¥ 120', '¥'), [120]);
  assert.deepEqual(G.parseNumber('3 分钟', '分钟'), [3]);
  // Not numbers, or the wrong unit.
  assert.deepEqual(G.parseNumber('abc'), []);
  assert.deepEqual(G.parseNumber(''), []);
  assert.deepEqual(G.parseNumber('15 kg', '%'), []);
  assert.deepEqual(G.parseNumber('15 %'), []);
  assert.deepEqual(G.parseNumber('1,2,3'), []);
});

test('numeric answers: tolerance and range edges are inclusive', () => {
  const tol = { id: 'n', type: 'numeric', points: 2, answer: 15, tolerance: 0.5, unit: '%' };
  for (const a of ['15', '14.5', '15.5', '15,4 %', '１５', '14,5']) assert.equal(G.grade(tol, a).earned, 2, a);
  for (const a of ['14.49', '15.51', '16', '-15']) assert.equal(G.grade(tol, a).earned, 0, a);
  // Floating point: 0.32 − 0.3 is 0.020000000000000018 in binary, still within 0.02.
  const small = { id: 'x', type: 'numeric', points: 1, answer: 0.3, tolerance: 0.02 };
  for (const a of ['0.32', '0.28', '0,3']) assert.equal(G.grade(small, a).status, 'correct', a);
  assert.equal(G.grade(small, '0.33').status, 'incorrect');
  const exact = { id: 'e', type: 'numeric', points: 1, answer: 19, tolerance: 0 };
  assert.equal(G.grade(exact, '19').status, 'correct');
  assert.equal(G.grade(exact, '19.01').status, 'incorrect');
  const range = { id: 'r', type: 'numeric', points: 1, range: [80, 90] };
  for (const a of ['80', '90', '85.5', '８０']) assert.equal(G.grade(range, a).status, 'correct', a);
  for (const a of ['79.99', '90.01']) assert.equal(G.grade(range, a).status, 'incorrect', a);
  const bad = G.grade(tol, 'fifteen');
  assert.equal(bad.invalid, true);
  assert.equal(bad.status, 'incorrect');
  assert.equal(G.grade(tol, ' ').status, 'unanswered');
});

test('single choice: points, chosen feedback, marks', () => {
  const right = G.grade(single, 1);
  assert.equal(right.earned, 1);
  assert.equal(right.correct, true);
  assert.deepEqual(right.options, ['', 'correct', '']);
  assert.deepEqual(right.optionFeedback, [1]);
  const wrong = G.grade(single, 0);
  assert.equal(wrong.earned, 0);
  assert.equal(wrong.status, 'incorrect');
  assert.deepEqual(wrong.options, ['incorrect', 'missed', '']);
  assert.deepEqual(wrong.optionFeedback, [0]);
  // An option without feedback shows none.
  assert.deepEqual(G.grade(single, 2).optionFeedback, []);
  assert.equal(G.grade(single, null).status, 'unanswered');
});

test('multiple choice: all_or_nothing and partial as in spec §2.3', () => {
  const aon = multiple('all_or_nothing');
  assert.equal(G.grade(aon, [0, 1, 2]).earned, 1);
  assert.equal(G.grade(aon, [0, 1]).earned, 0);
  assert.equal(G.grade(aon, [0, 1, 2, 3]).earned, 0);
  // No scoring key means all_or_nothing.
  assert.equal(G.grade(multiple(undefined), [0, 1]).earned, 0);

  // partial: points × max(0, right − wrong) / correct options (3 here).
  const p = multiple('partial');
  assert.equal(G.grade(p, [0, 1, 2]).earned, 1);
  assert.equal(G.grade(p, [0, 1]).earned, 2 / 3);
  assert.equal(G.grade(p, [0, 1]).status, 'partial');
  assert.equal(G.grade(p, [0, 1, 3]).earned, 1 / 3);
  assert.equal(G.grade(p, [0, 1, 2, 3]).earned, 2 / 3);
  assert.equal(G.grade(p, [0, 3]).earned, 0);
  assert.equal(G.grade(p, [0, 3, 4]).earned, 0); // never below zero
  assert.equal(G.grade(p, [3]).status, 'incorrect');
  assert.equal(G.grade(multiple('partial', 2), [0, 1, 3]).earned, 2 / 3);
  const r = G.grade(p, [0, 3]);
  assert.deepEqual(r.options, ['correct', 'missed', 'missed', 'incorrect', '']);
  assert.deepEqual(r.optionFeedback, [3]);
  assert.equal(G.grade(p, []).status, 'unanswered');
});

test('true/false shows the feedback for the answer given', () => {
  const q = { id: 'tf', type: 'true_false', points: 1, answer: false, feedback_true: 'T', feedback_false: 'F' };
  const f = G.grade(q, false);
  assert.equal(f.earned, 1);
  assert.deepEqual(f.feedback, ['F']);
  const tr = G.grade(q, true);
  assert.equal(tr.earned, 0);
  assert.deepEqual(tr.feedback, ['T']);
  assert.equal(G.grade(q, null).status, 'unanswered');
  assert.equal(G.grade({ ...q, feedback_true: '' }, true).feedback.length, 0);
});

test('order: all_or_nothing, and partial by the share of items in place', () => {
  const aon = { id: 'o', type: 'order', points: 2, items: 5, scoring: 'all_or_nothing' };
  assert.equal(G.grade(aon, [0, 1, 2, 3, 4]).earned, 2);
  assert.equal(G.grade(aon, [1, 0, 2, 3, 4]).earned, 0);
  const p = { ...aon, scoring: 'partial' };
  // Items 2, 3 and 4 in place: 2 × 3/5.
  const r = G.grade(p, [1, 0, 2, 3, 4]);
  assert.equal(r.earned, 1.2);
  assert.deepEqual(r.items, [false, false, true, true, true]);
  assert.equal(G.grade(p, [4, 3, 2, 1, 0]).earned, 0.4); // only the middle one
  assert.equal(G.grade(p, [1, 2, 3, 4, 0]).earned, 0);
  assert.equal(G.grade(p, [1, 2, 3, 4, 0]).status, 'incorrect');
});

test('match: values 0..n-1 are the pairs, distractors never match', () => {
  const aon = { id: 'mt', type: 'match', points: 2, pairs: 3, choices: 5, scoring: 'all_or_nothing' };
  assert.equal(G.grade(aon, [0, 1, 2]).earned, 2);
  assert.equal(G.grade(aon, [0, 1, 3]).earned, 0);
  const p = { ...aon, scoring: 'partial' };
  const r = G.grade(p, [0, 1, 3]);
  assert.equal(r.earned, 4 / 3);
  assert.deepEqual(r.pairs, [true, true, false]);
  assert.equal(G.grade(p, [0, null, null]).earned, 2 / 3);
  assert.equal(G.grade(p, [1, 0, 4]).earned, 0);
  assert.equal(G.grade(p, [null, null, null]).status, 'unanswered');
});

test('a quiz passes when earned / possible reaches the pass mark', () => {
  const rs = (pairs) => pairs.map(([earned, possible]) => ({ earned, possible }));
  assert.deepEqual(G.summarize(rs([[4, 5]]), 0.8), { earned: 4, possible: 5, fraction: 0.8, passed: true });
  assert.equal(G.summarize(rs([[3.99, 5]]), 0.8).passed, false);
  // Ten questions of 0.1 points add up to 0.7000000000000001 or 0.6999999999999999: still a pass at 0.7.
  assert.equal(G.summarize(rs(Array(7).fill([0.1, 0.1]).concat(Array(3).fill([0, 0.1]))), 0.7).passed, true);
  assert.equal(G.summarize([], 0.7).passed, false);
  // The pass mark is the one the quiz data carries (the build applies the default, 0.7).
  assert.equal(G.summarize(rs([[7, 10]]), 0.7).passed, true);
  assert.equal(G.summarize(rs([[7, 10]]), 0.75).passed, false);
});

test('score hooks: at most two decimals, no trailing zeros; case scores with two', () => {
  assert.equal(G.formatScore(2 / 3, 15), '0.67/15');
  assert.equal(G.formatScore(9.533333333333333, 15), '9.53/15');
  assert.equal(G.formatScore(1.2, 2), '1.2/2');
  assert.equal(G.formatScore(15, 15), '15/15');
  assert.equal(G.formatNumber(1.005), '1.01');
  assert.equal(G.formatNumber(0.5), '0.5');
  assert.equal(G.formatNumber(0), '0');
  assert.equal(C.formatFraction(10 / 30), '0.33');
  assert.equal(C.formatFraction(1), '1.00');
  assert.equal(C.formatFraction(0), '0.00');
  assert.equal(C.formatFraction(0.125), '0.13');
});

test('seeded shuffles repeat, keep every entry, and leave pinned ones in place', () => {
  const a = G.random(42), b = G.random(42);
  for (let i = 0; i < 5; i++) assert.equal(a(), b());
  const list = ['a', 'b', 'c', 'd', 'e', 'none of the above'];
  const pins = [false, false, false, false, false, true];
  const seen = new Set();
  for (let seed = 0; seed < 200; seed++) {
    const out = G.shuffle(list, G.random(seed), pins);
    assert.equal(out[5], 'none of the above');
    assert.deepEqual([...out].sort(), [...list].sort());
    seen.add(out.join());
  }
  assert.ok(seen.size > 50, `${seen.size} different orders`);
  // A pin in the middle too.
  for (let seed = 0; seed < 50; seed++) {
    assert.equal(G.shuffle([0, 1, 2, 3, 4], G.random(seed), [false, false, true, false, false])[2], 2);
  }
  assert.deepEqual(G.shuffle([1, 2, 3], G.random(1), [true, true, true]), [1, 2, 3]);
});

test('options, order items and match choices per attempt', () => {
  const q = { id: 'q', options: [{}, {}, {}, { pin: true }] };
  assert.deepEqual(G.optionOrder(q, 7, false), [0, 1, 2, 3]);
  for (let seed = 0; seed < 50; seed++) {
    const o = G.optionOrder(q, seed, true);
    assert.equal(o[3], 3);
    assert.deepEqual([...o].sort(), [0, 1, 2, 3]);
    assert.deepEqual(G.optionOrder(q, seed, true), o, 'same seed, same order');
  }
  // An order question never starts solved.
  for (let seed = 0; seed < 200; seed++) {
    const items = G.itemOrder({ id: 'o', items: 2 }, seed);
    assert.deepEqual(items, [1, 0]);
    const five = G.itemOrder({ id: 'o5', items: 5 }, seed);
    assert.notDeepEqual(five, [0, 1, 2, 3, 4]);
    assert.deepEqual([...five].sort(), [0, 1, 2, 3, 4]);
  }
  const c = G.choiceOrder({ id: 'm', pairs: 3, choices: 5 }, 3);
  assert.deepEqual([...c].sort(), [0, 1, 2, 3, 4]);
});

const bank = (id, n, extra = {}) => Array.from({ length: n }, (_, i) => ({
  id: `${id}-${i}`, bank: id, difficulty: (i % 3) + 1, competencies: [i % 2 ? 'odd' : 'even'], ...extra,
}));

test('a bank draws `pick` questions, the same ones again for the same seed', () => {
  const quiz = { questions: bank('b', 10), pick: 4, shuffle: true };
  const ids = G.drawQuestions(quiz, 99);
  assert.equal(ids.length, 4);
  assert.equal(new Set(ids).size, 4);
  assert.deepEqual(G.drawQuestions(quiz, 99), ids);
  const sets = new Set();
  for (let seed = 0; seed < 30; seed++) sets.add(G.drawQuestions(quiz, seed).slice().sort().join());
  assert.ok(sets.size > 10);
  // Without shuffle: the picked questions in source order; without pick: all of them.
  const plain = G.drawQuestions({ ...quiz, shuffle: false }, 5);
  assert.deepEqual(plain, [...plain].sort((x, y) => Number(x.split('-')[1]) - Number(y.split('-')[1])));
  assert.deepEqual(G.drawQuestions({ questions: bank('b', 3), shuffle: false }, 1), ['b-0', 'b-1', 'b-2']);
  const all = G.drawQuestions({ questions: bank('b', 6), shuffle: true }, 1);
  assert.deepEqual([...all].sort(), ['b-0', 'b-1', 'b-2', 'b-3', 'b-4', 'b-5']);
});

test('an assessment takes fixed questions first, then draws from what is left (spec §2.4)', () => {
  const questions = [...bank('a', 6), ...bank('b', 6)];
  const quiz = {
    shuffle: false,
    questions,
    draw: [
      { from: 'a', count: 2 },
      { competency: 'odd', count: 1, difficulty: [2, 3] },
      { questions: ['a-0', 'b-1'] },
    ],
  };
  for (let seed = 0; seed < 100; seed++) {
    const ids = G.drawQuestions(quiz, seed);
    assert.equal(ids.length, 5);
    assert.equal(new Set(ids).size, 5, 'a question appears at most once');
    assert.deepEqual(ids.slice(0, 2), ['a-0', 'b-1'], 'fixed questions first');
    const fromA = ids.slice(2, 4);
    for (const id of fromA) assert.match(id, /^a-[1-5]$/);
    // odd competency, difficulty 2 or 3: a-1 (d2), a-5 (d3), b-1 (d2, fixed), b-5 (d3), b-3 (d1: no), a-3 (d1: no).
    for (const id of ids.slice(4)) assert.ok(['a-1', 'a-5', 'b-5'].includes(id), `${id} in the filtered pool`);
    assert.deepEqual(G.drawQuestions(quiz, seed), ids);
  }
  // A draw never takes a question an earlier draw took: once `a` has taken all six, the
  // competency draw is left with b-1 and b-5 and runs short instead of repeating.
  const tight = { shuffle: false, questions, draw: [{ from: 'a', count: 6 }, { competency: 'odd', count: 3, difficulty: [2, 3] }] };
  const ids = G.drawQuestions(tight, 3);
  assert.deepEqual(ids.slice(0, 6).sort(), ['a-0', 'a-1', 'a-2', 'a-3', 'a-4', 'a-5']);
  assert.deepEqual(ids.slice(6).sort(), ['b-1', 'b-5']);
  // Shuffled assessments keep the same set.
  const shuffled = G.drawQuestions({ ...quiz, shuffle: true }, 11);
  assert.deepEqual([...shuffled].sort(), [...G.drawQuestions(quiz, 11)].sort());
  // Unknown fixed ids are skipped.
  assert.deepEqual(G.drawQuestions({ shuffle: false, questions, draw: [{ questions: ['nope', 'a-2'] }] }, 1), ['a-2']);
});

test('draw filters: bank, competency and difficulty', () => {
  const q = { id: 'x', bank: 'kpi', competencies: ['speed', 'data'], difficulty: 2 };
  assert.equal(G.matchesDraw(q, { from: 'kpi', count: 1 }), true);
  assert.equal(G.matchesDraw(q, { from: 'other', count: 1 }), false);
  assert.equal(G.matchesDraw(q, { competency: 'data', count: 1 }), true);
  assert.equal(G.matchesDraw(q, { competency: 'care', count: 1 }), false);
  assert.equal(G.matchesDraw(q, { competency: 'data', count: 1, difficulty: [2, 3] }), true);
  assert.equal(G.matchesDraw(q, { competency: 'data', count: 1, difficulty: [3] }), false);
  assert.equal(G.matchesDraw(q, { from: 'kpi', competency: 'care', count: 1 }), false);
  // The build writes every question's difficulty (1 when the author gives none).
  assert.equal(G.matchesDraw({ id: 'y', bank: 'kpi', competencies: [], difficulty: 1 }, { from: 'kpi', difficulty: [1], count: 1 }), true);
  assert.equal(G.matchesDraw(q, { count: 1 }), false, 'a draw names a bank or a competency');
});

const caseData = {
  id: 'c', start: 'a', pass: 0.7, best: 6,
  dimensions: [{ id: 'sat' }, { id: 'eff' }],
  nodes: {
    a: { choices: [
      { next: 'b', effects: { sat: 2, eff: 1 } },
      { next: 'lost', effects: { sat: -3, eff: 0 } },
    ] },
    b: { choices: [
      { next: 'won', effects: { sat: 2, eff: 1 } },
      { next: 'a', effects: { sat: 0, eff: -1 } },
      { next: 'won', effects: { sat: 5, eff: 5 } }, // a lucky path above the stated best
    ] },
  },
  endings: { won: { outcome: 'success' }, lost: { outcome: 'fail' } },
};

test('case runs: the score sums every effect, the fraction is clamped to 0..1', () => {
  const best = C.scoreCase(caseData, [['a', 0], ['b', 0]]);
  assert.equal(best.score, 6);
  assert.equal(best.fraction, 1);
  assert.equal(best.passed, true);
  assert.equal(best.ending, 'won');
  assert.deepEqual(best.totals, { sat: 4, eff: 2 });
  assert.equal(best.valid, true);

  const lost = C.scoreCase(caseData, [['a', 1]]);
  assert.equal(lost.score, -3);
  assert.equal(lost.fraction, 0);
  assert.equal(lost.passed, false);
  assert.equal(lost.ending, 'lost');

  // Round the loop once: (2+1) + (0−1) + (2+1) + (2+1) = 8, above the best of 6: clamped to 1.
  const loop = C.scoreCase(caseData, [['a', 0], ['b', 1], ['a', 0], ['b', 0]]);
  assert.equal(loop.score, 8);
  assert.equal(loop.fraction, 1);
  assert.equal(C.scoreCase(caseData, [['a', 0], ['b', 2]]).fraction, 1);

  // Unfinished and invalid runs.
  const half = C.scoreCase(caseData, [['a', 0]]);
  assert.equal(half.ending, null);
  assert.equal(half.score, 3);
  assert.equal(half.fraction, 0.5);
  assert.equal(half.passed, false);
  assert.equal(C.scoreCase(caseData, [['b', 0]]).valid, false);
  assert.equal(C.scoreCase(caseData, [['a', 1], ['a', 0]]).valid, false, 'nothing after an ending');
  assert.equal(C.scoreCase(caseData, [['a', 7]]).valid, false);

  // 4.2 / 6 = 0.7 exactly the pass mark.
  const d = { ...caseData, best: 6, pass: 0.7 };
  const seventy = { ...d, nodes: { a: { choices: [{ next: 'won', effects: { sat: 4.2 } }] } } };
  assert.equal(C.scoreCase(seventy, [['a', 0]]).passed, true);
});

test('case fraction edge cases', () => {
  assert.equal(C.caseFraction(5, 10), 0.5);
  assert.equal(C.caseFraction(-5, 10), 0);
  assert.equal(C.caseFraction(15, 10), 1);
  assert.equal(C.caseFraction(0, 0), 1);
  assert.equal(C.caseFraction(-1, 0), 0);
  assert.equal(C.choiceScore({ effects: { a: 2, b: -1, c: 0.5 } }), 1.5);
  assert.equal(C.choiceScore({ effects: {} }), 0);
});

test('quizzes and cases format hook numbers by the same rule', () => {
  // The rule is written in both files so a case page need not load the quiz rules.
  for (const n of [0, -0, 1, 2.5, 1.005, 0.125, 2 / 3, -1.239, 1e-7, 123456.789, '3.456', null]) {
    assert.equal(C.formatNumber(n), G.formatNumber(n), String(n));
  }
});

test('attempts left: none written is no limit, otherwise what the limit leaves', () => {
  assert.equal(G.attemptsLeft({ attempts: 0 }, 5), Infinity);
  assert.equal(G.attemptsLeft({ attempts: 3 }, 0), 3);
  assert.equal(G.attemptsLeft({ attempts: 3 }, 2), 1);
  assert.equal(G.attemptsLeft({ attempts: 3 }, 3), 0);
  // More attempts saved than the limit (it was lowered since): none left, never negative.
  assert.equal(G.attemptsLeft({ attempts: 2 }, 4), 0);
});
