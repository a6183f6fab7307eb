// The learner's saved state (static/assets/store.js, with the file methods of store-file.js and
// the case, diagnostic and certificate records of store-records.js):
// storage, migration, invalidation, export / import, what happens when the browser refuses to
// store anything, and that no saved progress is ever lost without a word (unreadable values are
// kept aside, imports are checked whole, failed saves are reported).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const Store = require('../../static/assets/store-file.js');
require('../../static/assets/store-records.js');

/** A localStorage stand-in; `failWrites` makes every setItem throw like a full quota, `room`
 * only the writes longer than that many characters (a nearly full quota). */
function memory(initial = {}) {
  const data = { ...initial };
  return {
    data,
    failWrites: false,
    room: Infinity,
    getItem(k) { return Object.prototype.hasOwnProperty.call(data, k) ? data[k] : null; },
    setItem(k, v) {
      if (this.failWrites || String(v).length > this.room) {
        const e = new Error('The quota has been exceeded.');
        e.name = 'QuotaExceededError';
        throw e;
      }
      data[k] = String(v);
    },
    removeItem(k) { delete data[k]; },
  };
}

const NOW = 1700000000000;
const clock = () => NOW;
const open = (storage, id = 'cs') => Store.open(id, { storage, now: clock });
const saved = (storage, id = 'cs') => JSON.parse(storage.data['skillpress:' + id]);

test('a new learner starts empty and every change is saved under skillpress:<course id>', () => {
  const s = memory();
  const store = open(s);
  assert.equal(store.available, true);
  assert.equal(store.problem, null);
  assert.deepEqual(store.state, {
    version: 1, role: null, last: null, lessons: {}, answers: {}, quizzes: {}, cases: {}, certificate: null, diagnostic: null,
  });
  assert.equal(store.recordAnswer('q1', 'v1', 1, 2), true);
  assert.deepEqual(saved(s).answers, { q1: { v: 'v1', earned: 1, points: 2, at: NOW } });
  store.visit('modules/m/l.html', 'A lesson', 'm/l');
  assert.deepEqual(saved(s).last, { path: 'modules/m/l.html', title: 'A lesson', at: NOW });
  assert.deepEqual(saved(s).lessons, { 'm/l': { visited: NOW } });
  store.completeLesson('m', 'l');
  assert.equal(saved(s).lessons['m/l'].completed, NOW);
  store.completeLesson('m', 'l', false);
  assert.deepEqual(saved(s).lessons['m/l'], { visited: NOW });
  store.recordAttempt('quiz', { earned: 3, possible: 4, passed: true, answers: {}, versions: {} });
  store.setCurrent('quiz', { seed: 1, questions: ['q1'], answers: {}, graded: {} });
  store.recordCaseRun('case', 'c1', { path: [['a', 0]], ending: 'good', score: 5, fraction: 0.5, passed: false });
  store.setRole('lead');
  const again = open(s);
  assert.deepEqual(again.state, store.state);
  assert.equal(again.state.quizzes.quiz.attempts[0].at, NOW);
  assert.equal(again.state.cases.case.runs.length, 1);
  assert.equal(again.state.role, 'lead');
  // Another course in the same browser has its own entry.
  assert.deepEqual(open(s, 'other').state.answers, {});
});

test('a case run saved under another case version starts a fresh run list', () => {
  const store = open(memory());
  store.recordCaseRun('c', 'v1', { ending: 'a', score: 1 });
  store.recordCaseRun('c', 'v1', { ending: 'b', score: 2 });
  assert.equal(store.state.cases.c.runs.length, 2);
  store.recordCaseRun('c', 'v2', { ending: 'a', score: 3 });
  assert.deepEqual(store.state.cases.c.runs.map((r) => r.score), [3]);
  assert.equal(store.state.cases.c.v, 'v2');
});

// The prototype's shape (docs/learner.md, "Version 0").
const V0 = {
  role: 'agent',
  last: 'modules/basics/first.html',
  lessons: { 'basics/first': true, 'basics/second': 'visited', 'basics/third': 'completed', 'basics/none': false },
  scores: { 'basics-check': [{ score: 3, total: 4, passed: true, date: '2023-05-01T10:00:00.000Z' }] },
  answers: { 'q-right': { correct: true, points: 2 }, 'q-wrong': { correct: false } },
  cases: { refund: { ending: 'resolved', score: 6, best: 4, date: 'not a date' } },
};

test('migration from version 0 keeps progress and marks the unversioned evidence', () => {
  const s = memory({ 'skillpress:cs': JSON.stringify(V0) });
  const store = open(s);
  assert.equal(store.available, true);
  assert.deepEqual(store.state, {
    version: 1,
    role: 'agent',
    last: { path: 'modules/basics/first.html', title: '', at: NOW },
    lessons: {
      'basics/first': { visited: NOW, completed: NOW },
      'basics/second': { visited: NOW },
      'basics/third': { visited: NOW, completed: NOW },
    },
    answers: {
      'q-right': { v: null, earned: 2, points: 2, at: NOW },
      'q-wrong': { v: null, earned: 0, points: 1, at: NOW },
    },
    quizzes: {
      'basics-check': {
        attempts: [{ at: Date.UTC(2023, 4, 1, 10), earned: 3, possible: 4, passed: true, answers: {}, versions: {} }],
        current: null,
      },
    },
    cases: { refund: { v: null, runs: [{ at: NOW, path: [], ending: 'resolved', score: 6, fraction: 1 }] } },
    certificate: null,
    diagnostic: null,
  });
  // Migration is written back only with the next change.
  assert.equal(JSON.parse(s.data['skillpress:cs']).version, undefined);
  store.save();
  assert.equal(saved(s).version, 1);
  // The first invalidate that knows those questions drops the unversioned answers.
  assert.equal(store.invalidate({ questions: { 'q-right': 'abc' }, cases: { refund: 'x' } }), 2);
  assert.deepEqual(Object.keys(store.state.answers), ['q-wrong']);
  assert.deepEqual(store.state.cases, {});
});

const KEPT = 'skillpress:cs~unreadable';

test('an unreadable saved value is kept aside before anything overwrites it', () => {
  for (const raw of ['{"version": 1, "lessons": {"m/l": {"completed": 1', '[]', '"text"', '{"version": "one"}',
    '{"version": 1.5}', '{"version": -1}', 'null']) {
    const s = memory({ 'skillpress:cs': raw });
    const store = open(s);
    // The page works (from an empty state), and says why.
    assert.equal(store.available, true, raw);
    assert.equal(store.problem, 'unreadable', raw);
    assert.deepEqual(store.state.answers, {}, raw);
    // The value is copied, byte for byte, before the first save replaces it.
    assert.equal(s.data[KEPT], raw, raw);
    store.recordAnswer('q', 'v', 1, 1);
    assert.equal(saved(s).answers.q.earned, 1, raw);
    assert.equal(s.data[KEPT], raw, raw);
    assert.equal(store.kept(), raw, raw);
    assert.equal(store.keptName(), 'cs-unreadable-progress.txt');
    // Later visits still offer the copy, until the learner discards it.
    const later = open(s);
    assert.equal(later.problem, null);
    assert.equal(later.kept(), raw);
    assert.equal(later.discardKept(), true);
    assert.equal(later.kept(), null);
    assert.equal(KEPT in s.data, false);
    assert.equal(later.state.answers.q.earned, 1);
  }
});

test('a saved state with parts of the wrong type keeps what it can read and the whole original', () => {
  const raw = JSON.stringify({
    version: 1, role: 5, last: 'x', lessons: { a: 1, b: { completed: 7 } }, answers: { q: { v: 'a', earned: 1, points: 0 } },
    quizzes: { z: { attempts: 'no' } }, cases: { c: { v: 1, runs: [null, { ending: 'e' }] } },
  });
  const s = memory({ 'skillpress:cs': raw });
  const store = open(s);
  assert.equal(store.problem, 'unreadable');
  assert.equal(s.data[KEPT], raw);
  assert.equal(store.state.role, null);
  assert.equal(store.state.last, null);
  assert.deepEqual(store.state.lessons, { b: { completed: 7 } });
  assert.deepEqual(store.state.answers, {});
  assert.deepEqual(store.state.quizzes, { z: { attempts: [], current: null } });
  assert.deepEqual(store.state.cases, { c: { v: '1', runs: [{ ending: 'e' }] } });
  // What the format allows is not flagged.
  assert.equal(Store.problemIn(store.state), null);
  assert.equal(Store.problemIn({ version: 1, lessons: [] }), 'lessons');
  assert.equal(Store.problemIn({ version: 1, quizzes: { x: { attempts: [1] } } }), 'quizzes.x');
  assert.equal(Store.problemIn({ version: 1, last: { path: 3 } }), 'last');
  assert.equal(Store.problemIn([]), '');
  assert.equal(Store.problemIn({ version: 'x' }), 'version');
});

test('when the copy cannot be made, nothing is written at all and the page says so', () => {
  // Storage nearly full: the copy fails, so the unreadable value must stay where it is.
  const full = memory({ 'skillpress:cs': '{broken' });
  full.room = 4;
  const a = open(full);
  assert.equal(a.available, false);
  assert.equal(a.problem, 'unreadable');
  full.room = Infinity;
  assert.equal(a.recordAnswer('q', 'v', 1, 1), false);
  assert.equal(full.data['skillpress:cs'], '{broken');
  assert.equal(KEPT in full.data, false);
  // The copy is still offered from memory.
  assert.equal(a.kept(), '{broken');

  // An older, different copy the learner has not dealt with: neither value is overwritten.
  const twice = memory({ 'skillpress:cs': '{second', [KEPT]: '{first' });
  const b = open(twice);
  assert.equal(b.available, false);
  assert.equal(b.recordAnswer('q', 'v', 1, 1), false);
  assert.equal(twice.data['skillpress:cs'], '{second');
  assert.equal(b.kept(), '{first');
  // Once the learner discards the first copy, the second is kept aside and saving resumes.
  b.discardKept();
  assert.equal(b.kept(), '{second');
  assert.equal(b.available, true);
  assert.equal(b.recordAnswer('q', 'v', 1, 1), true);
  assert.equal(saved(twice).answers.q.earned, 1);
  assert.equal(twice.data[KEPT], '{second');
});

test('state saved by a newer skillpress is left untouched and the page works in memory', () => {
  const raw = JSON.stringify({ version: 2, answers: { q: { v: 'x', earned: 1, points: 1 } } });
  const s = memory({ 'skillpress:cs': raw });
  const store = open(s);
  assert.equal(store.available, false);
  assert.equal(store.problem, 'future');
  assert.equal(store.recordAnswer('q2', 'v', 1, 1), false);
  assert.equal(store.state.answers.q2.earned, 1);
  assert.equal(s.data['skillpress:cs'], raw);
  assert.equal(Store.migrate({ version: 2 }, NOW), null);
});

test('invalidate drops only answers and runs whose version changed', () => {
  const s = memory();
  const store = open(s);
  store.recordAnswer('same', 'v1', 1, 1);
  store.recordAnswer('changed', 'v1', 1, 1);
  store.recordAnswer('elsewhere', 'v1', 1, 1);
  store.recordCaseRun('case-same', 'c1', { ending: 'a', score: 1 });
  store.recordCaseRun('case-changed', 'c1', { ending: 'a', score: 1 });
  store.recordAttempt('quiz', { earned: 2, possible: 2, passed: true, answers: { same: 0, changed: 1 }, versions: { same: 'v1', changed: 'v1' } });
  store.setCurrent('quiz', {
    seed: 7, questions: ['same', 'changed'], answers: { same: 0, changed: 1 }, graded: { same: true, changed: true },
    versions: { same: 'v1', changed: 'v1' },
  });
  const dropped = store.invalidate({
    questions: { same: 'v1', changed: 'v2', unanswered: 'v9' },
    cases: { 'case-same': 'c1', 'case-changed': 'c2' },
  });
  assert.equal(dropped, 3); // the answer, the unfinished attempt's answer, the case
  assert.deepEqual(Object.keys(store.state.answers).sort(), ['elsewhere', 'same']);
  assert.deepEqual(Object.keys(store.state.cases), ['case-same']);
  const cur = store.state.quizzes.quiz.current;
  assert.deepEqual(cur.answers, { same: 0 });
  assert.deepEqual(cur.graded, { same: true });
  assert.deepEqual(cur.questions, ['same', 'changed']);
  // Finished attempts are history: kept as they were.
  assert.equal(store.state.quizzes.quiz.attempts.length, 1);
  assert.deepEqual(saved(s).answers, store.state.answers);
  // Nothing changed: nothing dropped.
  assert.equal(store.invalidate({ questions: { same: 'v1' }, cases: { 'case-same': 'c1' } }), 0);
  assert.equal(store.invalidate(undefined), 0);
});

test('export writes a marked file named after the course; import takes it back', () => {
  const s = memory();
  const store = open(s, 'cs-digital');
  store.recordAnswer('q', 'v', 1, 1);
  store.completeLesson('m', 'l');
  const text = store.export();
  const file = JSON.parse(text);
  assert.equal(file.format, 'skillpress-progress');
  assert.equal(file.course, 'cs-digital');
  assert.equal(file.version, 1);
  assert.equal(file.exported, new Date(NOW).toISOString());
  assert.deepEqual(file.answers, store.state.answers);
  assert.equal(store.exportName(), 'cs-digital-progress.json');
  assert.equal(open(memory(), 'a b/c').exportName(), 'a-b-c-progress.json');

  const before = JSON.parse(JSON.stringify(store.state));
  store.reset();
  assert.deepEqual(store.state.answers, {});
  assert.deepEqual(saved(s, 'cs-digital').lessons, {});
  // Checking a file changes nothing and says what it holds.
  const checked = store.checkImport(text);
  assert.equal(checked.ok, true);
  assert.deepEqual(checked.summary, { lessons: 1, attempts: 0, runs: 0 });
  assert.deepEqual(store.summary(), { lessons: 0, attempts: 0, runs: 0 });
  const result = store.import(text);
  assert.deepEqual(result, { ok: true, error: null, saved: true, summary: { lessons: 1, attempts: 0, runs: 0 } });
  assert.deepEqual(store.state, before);
  assert.deepEqual(saved(s, 'cs-digital'), before);
});

test('the export may carry the learner name; readExport reads a file of any course without a store', () => {
  const store = open(memory(), 'cs-digital');
  store.recordAnswer('q', 'v', 1, 1);
  // No name: no `learner` key at all. A name is kept on one line, trimmed.
  assert.equal('learner' in JSON.parse(store.export()), false);
  assert.equal('learner' in JSON.parse(store.export('   ')), false);
  const text = store.export('  Li \n Wei ');
  assert.equal(JSON.parse(text).learner, 'Li Wei');
  const read = Store.readExport(text, 'cs-digital', NOW);
  assert.equal(read.ok, true);
  assert.equal(read.learner, 'Li Wei');
  assert.equal(read.exported, new Date(NOW).toISOString());
  assert.deepEqual(read.state.answers, store.state.answers);
  // The name is not part of the state an import restores.
  assert.equal('learner' in read.state, false);
  assert.deepEqual(Store.readExport(text, 'other', NOW), { ok: false, error: 'import_wrong_course', course: 'cs-digital' });
  const damaged = JSON.stringify({ ...JSON.parse(text), answers: { q: 'x' } });
  assert.deepEqual(Store.readExport(damaged, 'cs-digital', NOW), { ok: false, error: 'import_damaged', at: 'answers.q' });
});

test('import refuses bad files with a reason and keeps the current state', () => {
  const s = memory();
  const store = open(s, 'cs');
  store.recordAnswer('keep', 'v', 1, 1);
  const good = JSON.parse(store.export());
  const cases = [
    ['{"format": "skillpress-progress", ', 'import_malformed'],
    ['', 'import_malformed'],
    [JSON.stringify({ ...good, format: 'something-else' }), 'import_wrong_format'],
    [JSON.stringify({ answers: {} }), 'import_wrong_format'],
    ['[1, 2]', 'import_wrong_format'],
    [JSON.stringify({ ...good, course: 'another-course' }), 'import_wrong_course'],
    [JSON.stringify({ ...good, version: 2 }), 'import_future_version'],
    // A version that is no version at all must not wipe anything (it once imported as empty).
    [JSON.stringify({ ...good, version: 'one' }), 'import_bad_version'],
    [JSON.stringify({ ...good, version: 1.5 }), 'import_bad_version'],
    [JSON.stringify({ ...good, version: -1 }), 'import_bad_version'],
    // A damaged part is refused whole, with where it is.
    [JSON.stringify({ ...good, lessons: [] }), 'import_damaged'],
    [JSON.stringify({ ...good, quizzes: { q: { attempts: 'x' } } }), 'import_damaged'],
  ];
  for (const [text, error] of cases) {
    const result = store.import(text);
    assert.equal(result.ok, false, text);
    assert.equal(result.error, error, text);
    assert.deepEqual(Object.keys(store.state.answers), ['keep'], text);
    assert.deepEqual(Object.keys(saved(s).answers), ['keep'], text);
  }
  assert.equal(store.import(JSON.stringify({ ...good, course: 'x' })).course, 'x');
  assert.equal(store.checkImport(JSON.stringify({ ...good, answers: { q: 'x' } })).at, 'answers.q');
  // An exported prototype file (no version) is migrated on the way in.
  const old = store.import(JSON.stringify({ format: 'skillpress-progress', course: 'cs', ...V0 }));
  assert.equal(old.ok, true);
  assert.equal(store.state.lessons['basics/first'].completed, NOW);
  assert.equal(store.state.answers['q-right'].earned, 2);
});

test('a full quota keeps the page working in memory and says so', () => {
  const s = memory();
  const store = open(s);
  store.recordAnswer('first', 'v', 1, 1);
  s.failWrites = true;
  let told = 0;
  store.onChange(() => { told++; });
  assert.equal(store.recordAnswer('second', 'v', 0, 1), false);
  assert.equal(store.available, false);
  assert.equal(store.problem, 'full');
  assert.equal(told, 1);
  // Still recorded for this page, and later calls do not throw.
  assert.equal(store.state.answers.second.earned, 0);
  assert.equal(store.completeLesson('m', 'l'), false);
  assert.equal(store.import(store.export()).ok, true);
  assert.equal(store.reset(), false);
  // What was saved before the quota ran out is still there.
  assert.deepEqual(Object.keys(saved(s).answers), ['first']);
});

test('an import the browser refuses to store says so, and the saved state stays as it was', () => {
  const s = memory();
  const store = open(s);
  store.completeLesson('m', 'old');
  const other = open(memory());
  other.completeLesson('m', 'new');
  other.completeLesson('m', 'newer');
  const file = other.export();
  s.failWrites = true;
  const result = store.import(file);
  assert.equal(result.ok, true);
  assert.equal(result.saved, false);
  assert.equal(store.problem, 'full');
  // Shown for this page, but the next page load returns to what was saved: the page must not
  // say "imported".
  assert.deepEqual(Object.keys(store.state.lessons), ['m/new', 'm/newer']);
  assert.deepEqual(Object.keys(saved(s).lessons), ['m/old']);
});

test('storage that is missing or blocked: memory only, never an exception', () => {
  const throwing = {
    getItem() { throw new Error('SecurityError'); },
    setItem() { throw new Error('SecurityError'); },
    removeItem() { throw new Error('SecurityError'); },
  };
  for (const storage of [null, undefined, throwing]) {
    const store = open(storage);
    assert.equal(store.available, false);
    assert.equal(store.problem, 'unavailable');
    assert.equal(store.recordAnswer('q', 'v', 1, 1), false);
    assert.equal(store.visit('index.html', 'Home'), false);
    assert.equal(store.state.answers.q.points, 1);
    assert.equal(store.invalidate({ questions: { q: 'w' } }), 1);
    assert.equal(store.import('nope').error, 'import_malformed');
  }
});

test('scripts of one page share one store', () => {
  const a = Store.open('shared-course');
  const b = Store.open('shared-course');
  assert.equal(a, b);
  assert.notEqual(Store.open('other-course'), a);
  // With an explicit storage (tests) every call is a fresh store.
  const s = memory();
  assert.notEqual(Store.open('shared-course', { storage: s }), Store.open('shared-course', { storage: s }));
});

test('reload takes the state another tab saved', () => {
  const s = memory();
  const a = open(s);
  const b = open(s);
  b.completeLesson('m', 'l');
  assert.deepEqual(a.state.lessons, {});
  let told = 0;
  a.onChange(() => { told++; });
  a.reload();
  assert.equal(a.state.lessons['m/l'].completed, NOW);
  // From a storage event's newValue; null when the other tab removed the entry.
  a.reload(JSON.stringify({ version: 1, role: 'x' }));
  assert.equal(a.state.role, 'x');
  a.reload(null);
  assert.equal(a.state.role, null);
  a.notify();
  assert.equal(told, 1);
});

test('a module is completed when every lesson is and its check is passed', () => {
  const m = { id: 'm', lessons: ['x', { id: 'y' }], quiz: 'm-check' };
  const s = {
    lessons: { 'm/x': { visited: 1, completed: 2 }, 'm/y': { visited: 1, completed: 3 } },
    quizzes: { 'm-check': { attempts: [{ passed: false }] } },
  };
  // 2 lessons + the check = 3 steps, 2 done: 67 %.
  assert.deepEqual(Store.moduleStatus(s, m), { done: 2, total: 2, check: false, completed: false, started: true, percent: 67 });
  s.quizzes['m-check'].attempts.push({ passed: true });
  assert.equal(Store.moduleStatus(s, m).completed, true);
  assert.deepEqual(Store.completedModules(s, [m, { id: 'n', lessons: ['z'], quiz: null }]), { m: true });
  // Nothing saved (a state as normalise() makes it): not started.
  assert.deepEqual(Store.moduleStatus(Store.empty(), m), { done: 0, total: 2, check: false, completed: false, started: false, percent: 0 });
});

test('the diagnostic keeps its ratings and answers apart, drops stale ones, and a retake clears them', () => {
  const storage = memory();
  const s = open(storage);
  assert.equal(s.state.diagnostic, null);
  s.setSelfRating('data-insight', 3);
  s.recordDiagnosticAnswer('q1', 'v1', 1, 2);
  s.recordDiagnosticAnswer('q2', 'v1', 0, 1);
  s.recordAttempt('diagnostic:data-insight', { earned: 1, possible: 3, passed: false });
  assert.deepEqual(saved(storage).diagnostic, {
    ratings: { 'data-insight': 3 },
    answers: { q1: { v: 'v1', earned: 1, points: 2, at: NOW }, q2: { v: 'v1', earned: 0, points: 1, at: NOW } },
  });
  // The module answers are untouched: the diagnostic is evidence of its own kind.
  assert.deepEqual(saved(storage).answers, {});
  // A new version of q2 drops its diagnostic answer.
  assert.equal(s.invalidate({ questions: { q1: 'v1', q2: 'v2' } }), 1);
  assert.deepEqual(Object.keys(saved(storage).diagnostic.answers), ['q1']);
  // Reopened, the part survives normalisation; a rating that is not a number does not.
  storage.data['skillpress:cs'] = JSON.stringify(Object.assign(saved(storage), { diagnostic: { ratings: { a: '3', b: 2 }, answers: { q1: { v: 'v1', earned: 1, points: 2 } } } }));
  assert.deepEqual(open(storage).state.diagnostic.ratings, { b: 2 });
  // A retake: the named ratings, answers and diagnostic quizzes go.
  const again = open(storage);
  again.resetDiagnostic(['b'], ['q1'], ['diagnostic:data-insight']);
  assert.deepEqual(saved(storage).diagnostic, { ratings: {}, answers: {} });
  assert.equal(saved(storage).quizzes['diagnostic:data-insight'], undefined);
});
