// The SCORM adapter's pure part (src/scorm/adapter.js): the compact suspend-data format, how the
// LMS's copy and this browser's are merged, the status and score the LMS is told, session time.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const Scorm = require('../../src/scorm/adapter.js');
const Store = require('../../static/assets/store.js');

const MIN = 60000;
const T0 = 28000000 * MIN; // a whole minute, so times survive the minute precision unchanged

// A course the way `skillpress export scorm` describes it to the adapter.
const TABLE = {
  format: 1,
  mastery: 75,
  assessment: 'final',
  lessons: ['m1/a', 'm1/b', 'm1/c', 'm2/a'],
  modules: [[[0, 1, 2], 0], [[3], -1]],
  questions: [['q1', 1, 'v1'], ['q2', 2, 'v2'], ['q3', 3, 'v3'], ['q4', 1, 'v4'], ['q5', 1, 'v5'], ['q6', 1, 'v6']],
  quizzes: [['check1', 0], ['final', 3], ['bank', 0]],
  cases: [['c1', 'cv1', 10, ['bad', 'good']], ['c2', 'cv2', 0, ['end']]],
  fp: { lessons: 1, questions: 2, quizzes: 3, cases: 262143 },
};

const attempt = (at, earned, possible, passed) => ({ at, earned, possible, passed, answers: { q1: 0 }, versions: { q1: 'v1' }, questions: ['q1'], seed: 7 });

function fullState() {
  const s = Store.empty();
  s.role = 'senior-agent';
  s.last = { path: 'modules/m1/b.html', title: 'B', at: T0 };
  s.lessons = {
    'm1/a': { visited: T0 - 90 * MIN, completed: T0 - 90 * MIN },
    'm1/b': { visited: T0 - 30 * MIN },
    'm2/a': { visited: T0 - 5000 * MIN, completed: T0 - 4000 * MIN },
  };
  s.answers = {
    q1: { v: 'v1', earned: 1, points: 1, at: T0 },
    q2: { v: 'v2', earned: 2 / 3, points: 2, at: T0 },
    q3: { v: 'old', earned: 3, points: 3, at: T0 }, // answered to an older version: not kept
    q5: { v: 'v5', earned: 0, points: 1, at: T0 },
  };
  s.quizzes = {
    check1: { attempts: [60, 90, 40, 50, 55].map((p, i) => attempt(T0 - (100 - i) * MIN, p / 10, 10, p >= 70)), current: null },
    final: { attempts: [attempt(T0 - 50 * MIN, 12.5, 20, false), attempt(T0 - 20 * MIN, 17.25, 20, true)], current: null },
  };
  s.cases = {
    c1: { v: 'cv1', runs: [
      { at: T0 - 70 * MIN, path: [['n', 0]], ending: 'good', score: 9, fraction: 0.9, passed: true },
      { at: T0 - 10 * MIN, path: [['n', 1]], ending: 'bad', score: -2.5, fraction: 0, passed: false },
      { at: T0 - 5 * MIN, path: [['n', 1]], ending: 'bad', score: 3, fraction: 0.3, passed: false },
    ] },
    c2: { v: 'stale', runs: [{ at: T0, path: [], ending: 'end', score: 1, fraction: 1, passed: true }] },
  };
  return s;
}

test('suspend data is compact base64url text that decodes to what it holds', () => {
  const text = Scorm.encode(fullState(), TABLE);
  assert.match(text, /^sp1\.[A-Za-z0-9_-]+$/);
  assert.ok(text.length < 120, `${text.length} characters: ${text}`);
  assert.equal(Scorm.encode(fullState(), TABLE), text, 'the same state, the same text');

  const d = Scorm.decode(text, TABLE);
  assert.deepEqual(d.skipped, []);
  assert.deepEqual(d.damaged, []);
  assert.equal(d.base, T0 - 5 * MIN, 'the base is the latest time in the data');
  assert.deepEqual(d.lessons, {
    'm1/a': { visited: T0 - 90 * MIN, completed: T0 - 90 * MIN },
    'm1/b': { visited: T0 - 5 * MIN },
    'm2/a': { visited: T0 - 4000 * MIN, completed: T0 - 4000 * MIN },
  });
  assert.deepEqual(Object.keys(d.answers), ['q1', 'q2', 'q5']);
  assert.deepEqual(d.answers.q2, { v: 'v2', earned: 0.6667, points: 2, at: T0 - 5 * MIN });
  assert.equal(d.answers.q5.earned, 0);
  // An unlimited quiz keeps the best attempt and the two latest; a limited one every attempt.
  assert.deepEqual(d.quizzes.check1.map((a) => [a.at, a.earned, a.possible, a.passed]),
    [[T0 - 99 * MIN, 9, 10, true], [T0 - 97 * MIN, 5, 10, false], [T0 - 96 * MIN, 5.5, 10, false]]);
  assert.deepEqual(d.quizzes.final.map((a) => [a.earned, a.passed]), [[12.5, false], [17.25, true]]);
  assert.equal(d.quizzes.bank, undefined);
  // A case keeps its best run and its latest; a case played under another version nothing.
  assert.deepEqual(d.cases.c1, { v: 'cv1', runs: [
    { at: T0 - 70 * MIN, path: [], ending: 'good', score: 9, fraction: 0.9, passed: true },
    { at: T0 - 5 * MIN, path: [], ending: 'bad', score: 3, fraction: 0.3, passed: false },
  ] });
  assert.equal(d.cases.c2, undefined);
  assert.equal(d.role, 'senior-agent');
});

test('a section written for another version of the course is skipped, the rest restored', () => {
  const text = Scorm.encode(fullState(), TABLE);
  const changed = { ...TABLE, fp: { ...TABLE.fp, questions: 99 } };
  const d = Scorm.decode(text, changed);
  assert.deepEqual(d.skipped, ['questions']);
  assert.equal(d.answers, null);
  assert.equal(Object.keys(d.lessons).length, 3);
  assert.equal(d.quizzes.final.length, 2);
  // Not ours, or cut short by an LMS that truncates: nothing, or only what is whole.
  assert.equal(Scorm.decode('', TABLE), null);
  assert.equal(Scorm.decode('{"a":1}', TABLE), null);
  const cut = Scorm.decode(text.slice(0, 30), TABLE);
  assert.ok(cut.damaged.length > 0);
  assert.equal(cut.role, null);
});

test('an empty state and trailing empty items take almost no room', () => {
  const text = Scorm.encode(Store.empty(), TABLE);
  assert.equal(text.length, 4 + 1 + 4 * 4 + 1 + 1, text);
  const d = Scorm.decode(text, TABLE);
  assert.deepEqual([d.lessons, d.answers, d.quizzes, d.cases, d.role], [{}, {}, {}, {}, null]);
});

test('a state too large for 4,096 characters is shortened step by step', () => {
  const s = fullState();
  const full = Scorm.encode(s, TABLE);
  assert.deepEqual(Scorm.fit(s, TABLE), { text: full, level: 0 });
  const noAnswers = Scorm.fit(s, TABLE, full.length - 1);
  assert.equal(noAnswers.level, 1);
  assert.equal(Object.keys(Scorm.decode(noAnswers.text, TABLE).answers).length, 0);
  const least = Scorm.fit(s, TABLE, noAnswers.text.length - 1);
  assert.equal(least.level, 2);
  const d = Scorm.decode(least.text, TABLE);
  assert.equal(d.quizzes.check1.length, 1, 'the best attempt');
  assert.equal(d.cases.c1.runs.length, 1, 'the latest run');
  assert.equal(d.lessons['m2/a'].completed, d.base, 'lesson times left out');
  assert.equal(Scorm.fit(s, TABLE, 10).text, null);
});

test('replace: the LMS copy only; merge: this browser\'s details with everything the LMS adds', () => {
  const lms = Scorm.decode(Scorm.encode(fullState(), TABLE), TABLE);
  const other = Store.empty();
  other.lessons['m1/c'] = { visited: T0, completed: T0 };
  other.certificate = { name: 'Someone else' };
  const replaced = Scorm.merge(other, lms, 'replace', Store.empty);
  assert.equal(replaced.lessons['m1/c'], undefined, 'another learner\'s progress does not leak in');
  assert.equal(replaced.certificate, null);
  assert.equal(replaced.quizzes.final.attempts.length, 2);
  assert.deepEqual(replaced.quizzes.final.attempts[0].answers, {});

  const mine = fullState();
  mine.lessons['m1/c'] = { visited: T0, completed: T0 }; // done here, not yet in the LMS
  mine.answers.q1 = { v: 'v1', earned: 0, points: 1, at: T0 }; // the LMS says otherwise
  mine.quizzes.final.current = { seed: 1, questions: ['q1'], answers: {}, graded: {} };
  const merged = Scorm.merge(mine, lms, 'merge', Store.empty);
  assert.ok(merged.lessons['m1/c'].completed);
  assert.equal(merged.answers.q1.earned, 1, 'the LMS wins where they disagree');
  assert.equal(merged.answers.q2.earned, 2 / 3, 'an answer the LMS rounded keeps its exact value');
  assert.equal(merged.quizzes.final.attempts.length, 2, 'attempts the LMS holds are not doubled');
  assert.deepEqual(merged.quizzes.final.attempts[1].answers, { q1: 0 }, 'the attempt keeps its answers');
  assert.ok(merged.quizzes.final.current, 'the attempt in progress stays');
  assert.equal(merged.quizzes.check1.attempts.length, 5);
  assert.equal(merged.cases.c1.runs.length, 3);
  assert.equal(merged.cases.c1.runs[0].path.length, 1);
  assert.deepEqual(mine.lessons['m1/c'].completed, T0, 'the local state is not modified');

  // On a new device the LMS copy is everything, and survives another round trip.
  const fresh = Scorm.merge(Store.empty(), lms, 'merge', Store.empty);
  assert.equal(Scorm.encode(fresh, TABLE), Scorm.encode(replaced, TABLE));
  assert.equal(Scorm.encode(replaced, TABLE), Scorm.encode(fullState(), TABLE));
});

test('the LMS hears the best final-assessment result against the mastery score', () => {
  const s = fullState();
  assert.deepEqual(Scorm.evaluate(s, TABLE, 75), { status: 'passed', raw: 86.25 });
  assert.deepEqual(Scorm.evaluate(s, TABLE, 90), { status: 'failed', raw: 86.25 });
  s.quizzes.final.attempts.pop();
  assert.deepEqual(Scorm.evaluate(s, TABLE, 75), { status: 'failed', raw: 62.5 });
  s.quizzes.final.attempts = [attempt(T0, 15, 20, true)];
  assert.deepEqual(Scorm.evaluate(s, TABLE, 75), { status: 'passed', raw: 75 }, 'a score equal to the mastery score passes');
  delete s.quizzes.final;
  assert.deepEqual(Scorm.evaluate(s, TABLE, 75), { status: null, raw: null });
});

test('without a final assessment the course is completed when every module is done', () => {
  const table = { ...TABLE, assessment: null };
  const s = Store.empty();
  assert.equal(Scorm.evaluate(s, table, 80).status, null);
  for (const k of ['m1/a', 'm1/b', 'm1/c', 'm2/a']) s.lessons[k] = { visited: T0, completed: T0 };
  assert.equal(Scorm.evaluate(s, table, 80).status, null, 'the module check is not passed yet');
  s.quizzes.check1 = { attempts: [attempt(T0, 3, 10, false)], current: null };
  assert.equal(Scorm.evaluate(s, table, 80).status, null);
  s.quizzes.check1.attempts.push(attempt(T0, 9, 10, true));
  assert.deepEqual(Scorm.evaluate(s, table, 80), { status: 'completed', raw: null });
});

test('status changes: a first entry is incomplete, a pass or completion is never taken back', () => {
  assert.equal(Scorm.nextStatus('not attempted', null), 'incomplete');
  assert.equal(Scorm.nextStatus('', null), 'incomplete');
  assert.equal(Scorm.nextStatus('browsed', 'failed'), 'failed');
  assert.equal(Scorm.nextStatus('incomplete', 'passed'), 'passed');
  assert.equal(Scorm.nextStatus('failed', 'passed'), 'passed');
  assert.equal(Scorm.nextStatus('failed', null), 'failed');
  assert.equal(Scorm.nextStatus('passed', 'failed'), 'passed');
  assert.equal(Scorm.nextStatus('completed', null), 'completed');
});

test('session time is a SCORM 1.2 CMITimespan', () => {
  assert.equal(Scorm.timespan(0), '0000:00:00.00');
  assert.equal(Scorm.timespan(3723456), '0001:02:03.46');
  assert.equal(Scorm.timespan(100 * 3600000 + 59994), '0100:00:59.99');
  assert.equal(Scorm.timespan(1e12), '9999:59:59.99');
  assert.match(Scorm.timespan(12345678), /^\d{4}:[0-5]\d:[0-5]\d\.\d\d$/);
});

test('the LMS language preference picks the course language it names', () => {
  const course = ['en', 'zh-CN'];
  assert.equal(Scorm.languageFor('zh-CN', course), 'zh-CN');
  assert.equal(Scorm.languageFor('zh_cn', course), 'zh-CN');
  assert.equal(Scorm.languageFor(' zh ', course), 'zh-CN');
  assert.equal(Scorm.languageFor('en-US', course), 'en');
  assert.equal(Scorm.languageFor('fr', course), null);
  assert.equal(Scorm.languageFor('', course), null);
  assert.equal(Scorm.languageFor(null, course), null);
  // An exact tag wins over a language with the same primary subtag listed first.
  assert.equal(Scorm.languageFor('zh-TW', ['zh-CN', 'zh-TW']), 'zh-TW');
});

test('the diagnostic rides after the role: ratings and answers come back; another diagnostic is skipped', () => {
  const table = Object.assign({}, TABLE, {
    diagnostic: { competencies: ['a', 'b', 'c'], questions: [['q1', 1, 'v1'], ['d2', 2, 'dv2'], ['d3', 1, 'dv3']] },
    fp: Object.assign({}, TABLE.fp, { diagnostic: 77 }),
  });
  const s = fullState();
  // Nothing begun: no section, the text is what a course without a diagnostic writes.
  assert.equal(Scorm.encode(s, table), Scorm.encode(s, TABLE));
  s.diagnostic = {
    ratings: { a: 3, c: 1, unknown: 2 },
    answers: { d2: { v: 'dv2', earned: 1, points: 2, at: T0 }, d3: { v: 'old', earned: 1, points: 1, at: T0 } },
  };
  const text = Scorm.encode(s, table);
  const back = Scorm.decode(text, table);
  // a 3, b not rated, c 1; d2 half right; d3 was answered to an older version: not kept.
  assert.deepEqual(back.diagnostic, { ratings: { a: 3, c: 1 }, answers: { d2: { v: 'dv2', earned: 1, points: 2, at: back.base } } });
  // The section costs a few characters: fp (3), length, 4 rating digits, 2 answer digits.
  assert.ok(text.length - Scorm.encode(fullState(), TABLE).length <= 12, text);
  // Merged into a fresh state it replaces the diagnostic as a whole.
  const merged = Scorm.merge({ diagnostic: { ratings: { b: 4 }, answers: {} } }, back, 'merge', Store.empty);
  assert.deepEqual(merged.diagnostic.ratings, { a: 3, c: 1 });
  // A table whose diagnostic changed skips the section and keeps everything else.
  const changed = Object.assign({}, table, { fp: Object.assign({}, table.fp, { diagnostic: 78 }) });
  const other = Scorm.decode(text, changed);
  assert.deepEqual(other.skipped, ['diagnostic']);
  assert.equal(other.diagnostic, null);
  assert.equal(other.role, 'senior-agent');
  // Older decoders stop after the role: the text still starts with everything they read.
  assert.ok(text.startsWith(Scorm.encode(fullState(), TABLE)));
});
