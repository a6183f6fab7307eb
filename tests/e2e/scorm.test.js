// The SCORM 1.2 package (`skillpress export scorm`) in a real SCORM runtime: a host page plays the
// LMS with scorm-again's Scorm12API as window.API and opens the package's index.html in an iframe,
// all from the same test server. The learner moves between pages by clicking links, passes the
// final assessment (score worked out by hand), leaves, and relaunches on a "new device" (a new
// browser context, empty localStorage) from the cmi data the runtime kept; then a failed attempt;
// then the size of the suspend data with the whole example course done.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { execFileSync } = require('node:child_process');
const { REPO, serve, launch, newPage, skillpressBin, rightAnswer } = require('./helpers');

const COURSE = 'cs-digital-skills';
const FINAL = 'final-assessment';

/** Reads a zip (stored or deflated entries) into `dest`; returns the entry names. */
function unzip(file, dest) {
  const buf = fs.readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const skip = nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + skip;
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    const target = path.join(dest, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, method === 8 ? zlib.inflateRawSync(data) : data);
    names.push(name);
  }
  return names;
}

// The LMS: scorm-again's SCORM 1.2 runtime, every call recorded with its result and error code.
const HOST = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="scorm12.js"></script>
<script>
  window.lms = { calls: [], log: [] };
  window.launch = function (cmi) {
    var api = new Scorm12API({ autocommit: false, logLevel: 4,
      onLogMessage: function (level, message) { lms.log.push(level + ' ' + message); } });
    if (cmi) api.loadFromJSON(cmi);
    ['LMSInitialize', 'LMSFinish', 'LMSCommit', 'LMSGetValue', 'LMSSetValue'].forEach(function (name) {
      var real = api[name].bind(api);
      api[name] = function () {
        var result = real.apply(null, arguments);
        lms.calls.push({ name: name, args: Array.prototype.slice.call(arguments), result: result, error: String(api.LMSGetLastError()) });
        return result;
      };
    });
    window.API = api;
    document.getElementById('sco').src = 'course/index.html';
  };
  window.leave = function () { document.getElementById('sco').src = 'about:blank'; };
</script></head>
<body><iframe id="sco" name="sco" title="Course" style="width: 100%; height: 800px; border: 0"></iframe></body></html>
`;

let browser, skip, server, mastery, work;
before(async () => {
  ({ browser, skip } = await launch());
  if (!browser) return;
  const bundle = path.join(REPO, 'node_modules', 'scorm-again', 'dist', 'scorm12.js');
  if (!fs.existsSync(bundle)) throw new Error('node_modules/scorm-again is missing: run `npm ci`');
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'skillpress-scorm-'));
  const course = path.join(work, 'course');
  fs.mkdirSync(course);
  for (const entry of ['course.yaml', 'content', 'quizzes']) {
    fs.cpSync(path.join(REPO, entry), path.join(course, entry), { recursive: true });
  }
  const zip = path.join(work, 'package.zip');
  execFileSync(skillpressBin(), ['export', 'scorm', '--root', course, '--out', zip, '--quiet'], { stdio: 'pipe' });
  const lms = path.join(work, 'lms');
  unzip(zip, path.join(lms, 'course'));
  fs.copyFileSync(bundle, path.join(lms, 'scorm12.js'));
  fs.writeFileSync(path.join(lms, 'host.html'), HOST);
  mastery = /<adlcp:masteryscore>([^<]+)</.exec(fs.readFileSync(path.join(lms, 'course', 'imsmanifest.xml'), 'utf8'))[1];
  server = await serve(work, '/');
});
after(async () => {
  if (server) await server.close();
  if (browser) await browser.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/* ---- the LMS side ------------------------------------------------------------------------ */

/** Opens the host page in a new browser context and launches the course with `cmi`. */
async function launchCourse(cmi) {
  const { context, page } = await newPage(browser, server.base, { viewport: { width: 1280, height: 900 } });
  page.warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') page.warnings.push(m.text()); });
  await page.goto(server.base + 'lms/host.html');
  await page.evaluate((c) => window.launch(c), cmi);
  const frame = page.frame({ name: 'sco' });
  await frame.waitForURL(/\/course\/index\.html$/);
  await frame.waitForSelector('html[data-scorm="lms"]', { state: 'attached' });
  return { context, page, frame };
}

const cmi = (page) => page.evaluate(() => {
  const c = window.API.cmi;
  return { status: c.core.lesson_status, raw: c.core.score.raw, min: c.core.score.min, max: c.core.score.max,
    location: c.core.lesson_location, suspend: c.suspend_data, student: c.core.student_id };
});
const calls = (page, name) => page.evaluate((n) => window.lms.calls.filter((c) => !n || c.name === n), name);
/** The last value the course set for an element (write-only ones such as exit cannot be read). */
const lastSet = (page, element) => page.evaluate((el) => {
  const sets = window.lms.calls.filter((c) => c.name === 'LMSSetValue' && c.args[0] === el);
  return sets.length ? sets[sets.length - 1].args[1] : null;
}, element);

/** The cmi data an LMS keeps between launches, as a real LMS would hand it to the next one. */
async function saved(page) {
  const c = await cmi(page);
  const exit = await lastSet(page, 'cmi.core.exit');
  return {
    core: {
      student_id: c.student, student_name: 'Li, Wei', lesson_status: c.status, lesson_location: c.location,
      entry: exit === 'suspend' ? 'resume' : '', score: { raw: c.raw, min: c.min, max: c.max },
    },
    suspend_data: c.suspend,
    student_data: { mastery_score: mastery },
  };
}

/** Every call that failed, except the "already initialized" of each page after the first. */
const failures = async (page) => (await calls(page)).filter((c) => c.error !== '0' && !(c.name === 'LMSInitialize' && c.error === '101'));

/* ---- the learner side ------------------------------------------------------------------- */

/** Clicks a link inside the course and waits for the next page of the course to be connected. */
async function follow(frame, selector, url) {
  await Promise.all([frame.waitForURL(url), frame.click(selector)]);
  await frame.waitForSelector('html[data-scorm="lms"]', { state: 'attached' });
}

const storeState = (frame) => frame.evaluate((id) => window.SkillpressStore.open(id).state, COURSE);

async function answer(frame, q, a) {
  const scope = `[data-quiz="${FINAL}"] [data-question="${q.id}"]`;
  if (q.type === 'single' || q.type === 'true_false') await frame.check(`${scope} [data-option="${a}"]`);
  else if (q.type === 'multiple') for (const i of a) await frame.check(`${scope} [data-option="${i}"]`);
  else if (q.type === 'text' || q.type === 'numeric') await frame.fill(`${scope} [data-answer]`, String(a));
  else if (q.type === 'match') for (let i = 0; i < a.length; i++) await frame.selectOption(`${scope} [data-match="${i}"]`, String(a[i]));
  else if (q.type === 'order') {
    for (let p = 0; p < a.length; p++) {
      for (;;) {
        const now = await frame.$$eval(`${scope} [data-item]`, (els) => els.map((e) => Number(e.dataset.item)));
        if (now.indexOf(a[p]) <= p) break;
        await frame.click(`${scope} [data-item="${a[p]}"] [data-action="up"]`);
      }
    }
  }
}

/** Takes the final assessment: the questions in `right` answered right, the rest left
 * unanswered (order questions put in an order with no item in place), then submits. */
async function takeFinal(frame, right) {
  const data = JSON.parse(await frame.textContent(`#quiz-data-${FINAL}`));
  const drawn = await frame.$$eval(`[data-quiz="${FINAL}"] [data-question]:not([hidden])`, (els) => els.map((e) => e.dataset.question));
  assert.equal(drawn.length, 20);
  let possible = 0;
  for (const id of drawn) {
    const q = data.questions.find((x) => x.id === id);
    possible += q.points;
    if (right(q)) await answer(frame, q, rightAnswer(q));
    else if (q.type === 'order') await answer(frame, q, Array.from({ length: q.items }, (_, i) => (i + 1) % q.items));
  }
  await frame.click(`[data-quiz="${FINAL}"] .quiz-footer [data-action="check"]`);
  await frame.waitForSelector(`[data-quiz="${FINAL}"][data-quiz-score]`, { state: 'attached' });
  return { drawn, possible, score: await frame.getAttribute(`[data-quiz="${FINAL}"]`, 'data-quiz-score') };
}

// The two questions every attempt asks (quizzes/final-assessment.yaml): kpi-fcr-compute, 2 points,
// and privacy-phishing-link, 1 point.
const FIXED = { 'kpi-fcr-compute': 2, 'privacy-phishing-link': 1 };
const round2 = (x) => Math.round(x * 100) / 100;

test('pass the final assessment inside an LMS, leave, and resume on a new device', async (t) => {
  if (!browser) return t.skip(skip);
  assert.equal(mastery, '75', 'the manifest\'s mastery score is the final assessment\'s pass mark');
  const first = { core: { student_id: 'learner-1', student_name: 'Li, Wei', entry: 'ab-initio' }, student_data: { mastery_score: mastery } };
  const { context, page, frame } = await launchCourse(first);

  // First entry: incomplete, and the LMS is told to keep the session for a resume.
  assert.equal((await cmi(page)).status, 'incomplete');
  assert.equal(await lastSet(page, 'cmi.core.exit'), 'suspend');

  // Home → module → first lesson, read to the end.
  await follow(frame, '.module-card[data-module="digital-service-basics"] .module-card-title a', /digital-service-basics\/index\.html$/);
  await follow(frame, '.step[data-lesson="how-service-went-digital"] a', /how-service-went-digital\.html$/);
  await frame.locator('.pager').scrollIntoViewIfNeeded();
  await frame.waitForFunction((id) => {
    const l = window.SkillpressStore.open(id).state.lessons['digital-service-basics/how-service-went-digital'];
    return l && l.completed;
  }, COURSE);
  await page.waitForFunction(() => window.API.cmi.core.lesson_location === 'modules/digital-service-basics/how-service-went-digital.html');

  // Back home with the brand link, then to the final assessment.
  await follow(frame, 'a.brand', /course\/index\.html$/);
  await follow(frame, `main a[href$="quizzes/${FINAL}.html"]`, new RegExp(`quizzes/${FINAL}\\.html$`));

  // Everything right but the two fixed questions: 3 points lost of the drawn questions' total.
  const { possible, score } = await takeFinal(frame, (q) => !(q.id in FIXED));
  const earned = possible - FIXED['kpi-fcr-compute'] - FIXED['privacy-phishing-link'];
  assert.equal(score, `${earned}/${possible}`);
  const expected = round2((100 * earned) / possible);
  assert.ok(expected >= 75, `${expected} passes`);
  await page.waitForFunction(() => window.API.cmi.core.lesson_status === 'passed');
  const now = await cmi(page);
  assert.equal(Number(now.raw), expected, `score.raw ${now.raw}, by hand 100 × ${earned}/${possible} = ${expected}`);
  assert.deepEqual([now.min, now.max], ['0', '100']);
  assert.equal(now.location, `quizzes/${FINAL}.html`);
  assert.match(now.suspend, /^sp1\.[A-Za-z0-9_-]+$/);
  assert.equal(await lastSet(page, 'cmi.core.exit'), '', 'no suspend once passed');
  console.log(`SCORM runtime after the pass: lesson_status ${now.status}, score.raw ${now.raw} (${earned}/${possible}), suspend_data ${now.suspend.length} characters`);

  // Back (the host page's history.back(), as the browser's button: the frame goes to the
  // previous page of the course) is still the same session.
  await Promise.all([frame.waitForURL(/course\/index\.html$/), page.evaluate(() => history.back())]);
  await frame.waitForSelector('html[data-scorm="lms"]', { state: 'attached' });

  // Six pages, one LMS session: LMSInitialize "true" once, then "already initialized" (101)
  // on every later page, and no LMSFinish while moving between pages.
  const inits = await calls(page, 'LMSInitialize');
  assert.deepEqual(inits.map((c) => [c.result, c.error]), [['true', '0'], ...Array(5).fill(['false', '101'])]);
  assert.equal((await calls(page, 'LMSFinish')).length, 0);
  assert.ok((await calls(page, 'LMSCommit')).length >= 3, 'a commit after each change');
  assert.deepEqual(await failures(page), []);

  // Leaving the course (the LMS closes the frame): LMSFinish once, with the session time.
  await page.evaluate(() => window.leave());
  await page.waitForFunction(() => window.lms.calls.some((c) => c.name === 'LMSFinish'));
  const finish = await calls(page, 'LMSFinish');
  assert.deepEqual(finish.map((c) => [c.result, c.error]), [['true', '0']]);
  assert.match(await lastSet(page, 'cmi.core.session_time'), /^\d{4}:[0-5]\d:[0-5]\d\.\d\d$/);
  const kept = await saved(page);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.warnings.filter((w) => /skillpress SCORM/.test(w)), []);
  assert.deepEqual(page.outside, []);
  await context.close();

  // A new device: nothing in localStorage; the runtime starts from what the LMS kept.
  const again = await launchCourse(kept);
  const state = await storeState(again.frame);
  assert.ok(state.lessons['digital-service-basics/how-service-went-digital'].completed, 'the lesson is completed');
  assert.equal(state.quizzes[FINAL].attempts.length, 1);
  assert.equal(state.last.path, `quizzes/${FINAL}.html`);
  assert.equal(await again.frame.getAttribute('.module-card[data-module="digital-service-basics"] [data-module-progress]', 'data-lessons-done'), '1');
  assert.match(await again.frame.getAttribute('[data-continue-link]', 'href'), new RegExp(`quizzes/${FINAL}\\.html$`));
  await follow(again.frame, '.sidebar [data-kind="progress"] a', /progress\.html$/);
  assert.equal((await again.frame.textContent('[data-stat="lessons"]')).trim(), '1/30');
  assert.equal((await again.frame.textContent('[data-stat="quizzes"]')).trim(), '1');
  const history = await again.frame.textContent('[data-history="quiz"]');
  assert.match(history, /Final assessment/);
  assert.match(history, new RegExp(`${Math.round(expected)}%`));
  // The attempt counts against the limit of three.
  await follow(again.frame, `.sidebar a[href$="quizzes/${FINAL}.html"]`, new RegExp(`quizzes/${FINAL}\\.html$`));
  assert.match(await again.frame.textContent(`[data-quiz="${FINAL}"] [data-quiz-status]`), /Attempt 2 of 3/);
  const resumed = await cmi(again.page);
  assert.equal(resumed.status, 'passed');
  assert.equal(Number(resumed.raw), expected);
  assert.equal((await calls(again.page, 'LMSInitialize'))[0].result, 'true');
  assert.deepEqual(await failures(again.page), []);
  assert.deepEqual(again.page.errors, []);
  await again.context.close();
});

test('fail the final assessment: failed, with the score, and suspended for a retry', async (t) => {
  if (!browser) return t.skip(skip);
  const { context, page, frame } = await launchCourse({ core: { student_id: 'learner-2', entry: 'ab-initio' }, student_data: { mastery_score: mastery } });
  // On the way: the header's search form (a submit to search.html), a new query on the search
  // page (history.replaceState: the page stays), one of its hits, home, the final assessment.
  const search = async (query) => {
    await frame.fill('#header-search-input', query);
    await Promise.all([frame.waitForURL(new RegExp(`search\\.html\\?q=${query}$`)), frame.press('#header-search-input', 'Enter')]);
    await frame.waitForSelector('html[data-scorm="lms"]', { state: 'attached' });
    await frame.fill('#search-input', 'chatbot');
    await frame.waitForURL(/search\.html\?q=chatbot$/);
    await frame.waitForSelector('[data-search-result] > a[href$=".html"]');
  };
  await search('refund');
  await follow(frame, '[data-search-result] > a[href$=".html"]', /\.html(#.*)?$/);
  await follow(frame, 'a.brand', /course\/index\.html$/);
  await follow(frame, `main a[href$="quizzes/${FINAL}.html"]`, new RegExp(`quizzes/${FINAL}\\.html$`));
  assert.equal((await calls(page, 'LMSFinish')).length, 0, 'moving between pages never finishes');
  assert.equal((await calls(page, 'LMSInitialize')).length, 5);
  // Only the two fixed questions right: 3 points.
  const { possible, score } = await takeFinal(frame, (q) => q.id in FIXED);
  assert.equal(score, `3/${possible}`);
  await page.waitForFunction(() => window.API.cmi.core.lesson_status === 'failed');
  const now = await cmi(page);
  assert.equal(Number(now.raw), round2(300 / possible));
  assert.equal(await lastSet(page, 'cmi.core.exit'), 'suspend');
  console.log(`SCORM runtime after the fail: lesson_status ${now.status}, score.raw ${now.raw} (3/${possible})`);
  // Leaving from the search page after a new query there still finishes the session.
  await search('escalation');
  assert.equal((await calls(page, 'LMSFinish')).length, 0);
  await page.evaluate(() => window.leave());
  await page.waitForFunction(() => window.lms.calls.some((c) => c.name === 'LMSFinish'));
  assert.equal((await calls(page, 'LMSFinish')).length, 1);
  assert.deepEqual(await failures(page), []);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the whole example course done fits in cmi.suspend_data', async (t) => {
  if (!browser) return t.skip(skip);
  const { context, page, frame } = await launchCourse({ core: { student_id: 'learner-3', entry: 'ab-initio' }, student_data: { mastery_score: mastery } });
  // Everything through the store, as the pages would: every lesson completed, every question
  // answered (with shares that need rounding), every quiz attempted as often as it allows (four
  // times when unlimited), every case played twice, over three weeks. Case runs and the
  // diagnostic are written by store-records.js, which the home page does not load.
  await frame.addScriptTag({ url: 'assets/store-records.js' });
  const counts = await frame.evaluate((id) => {
    const store = window.SkillpressStore.open(id);
    const T = window.skillpressScorm;
    const now = Date.now();
    const day = 86400000;
    T.lessons.forEach((key, i) => { const [m, l] = key.split('/'); store.completeLesson(m, l); store.state.lessons[key].completed = now - (i % 21) * day; });
    T.questions.forEach(([q, points, v], i) => store.recordAnswer(q, v, (points * (i % 4)) / 3 > points ? points : (points * (i % 4)) / 3, points));
    T.quizzes.forEach(([q, limit], i) => {
      const n = limit > 0 ? limit : 4;
      for (let k = 0; k < n; k++) {
        const possible = q === 'final-assessment' ? 25 : 12 + (i % 4);
        const earned = Math.round(possible * (0.55 + 0.1 * k) * 4) / 4 + (k === 1 ? 1 / 3 : 0);
        store.recordAttempt(q, { at: now - (20 - k) * day + i * 3600000, earned, possible, passed: earned / possible >= 0.75, answers: {}, versions: {} });
      }
    });
    T.cases.forEach(([c, v, best, endings], i) => {
      endings.slice(0, 2).forEach((ending, k) => store.recordCaseRun(c, v, {
        at: now - (10 - k) * day - i * 60000, path: [['start', 0]], ending, score: best * (k ? 1 : -0.25), fraction: k ? 1 : 0, passed: !!k,
      }));
    });
    store.setRole('team-lead');
    // The diagnostic finished too: every competency it covers rated, every question answered.
    T.diagnostic.competencies.forEach((c, i) => store.setSelfRating(c, 1 + (i % 4)));
    T.diagnostic.questions.forEach(([q, points, v], i) => store.recordDiagnosticAnswer(q, v, i % 3 ? points : 0, points));
    return {
      lessons: T.lessons.length, questions: T.questions.length, quizzes: T.quizzes.length, cases: T.cases.length,
      diagnostic: T.diagnostic.competencies.length, diagnosticQuestions: T.diagnostic.questions.length,
    };
  }, COURSE);
  await page.waitForFunction(() => window.API.cmi.core.lesson_status === 'passed');
  await page.waitForFunction(() => window.API.cmi.suspend_data.length > 500);
  const data = (await cmi(page)).suspend;
  console.log(`suspend_data with the example course fully completed (${counts.lessons} lessons, ${counts.questions} questions, ${counts.quizzes} quizzes, ${counts.cases} cases) and the diagnostic finished (${counts.diagnostic} self-ratings, ${counts.diagnosticQuestions} answers): ${data.length} characters of 4096`);
  assert.ok(data.length < 4096, `${data.length} characters`);
  const before = await storeState(frame);
  const kept = await saved(page);
  assert.deepEqual(await failures(page), []);
  await context.close();

  // Read back on a new device, it is the same progress.
  const again = await launchCourse(kept);
  const after = await storeState(again.frame);
  const completed = (s) => Object.keys(s.lessons).filter((k) => s.lessons[k].completed).length;
  assert.equal(completed(after), counts.lessons);
  assert.equal(Object.keys(after.answers).length, Object.keys(before.answers).length);
  for (const id of Object.keys(before.answers)) {
    assert.ok(Math.abs(after.answers[id].earned - before.answers[id].earned) < 0.01 * before.answers[id].points, id);
  }
  assert.deepEqual(Object.keys(after.quizzes).sort(), Object.keys(before.quizzes).sort());
  // The diagnostic comes back whole: the ratings as given, the answers' shares.
  assert.deepEqual(after.diagnostic.ratings, before.diagnostic.ratings);
  assert.equal(Object.keys(after.diagnostic.answers).length, counts.diagnosticQuestions);
  for (const id of Object.keys(before.diagnostic.answers)) {
    assert.equal(after.diagnostic.answers[id].earned, before.diagnostic.answers[id].earned, id);
  }
  assert.equal(after.quizzes['final-assessment'].attempts.length, 3, 'every attempt of a limited quiz');
  assert.equal(after.quizzes['handoff-check'].attempts.length, 3, 'the best and latest of an unlimited one');
  assert.equal(Object.keys(after.cases).length, counts.cases);
  assert.equal(after.role, 'team-lead');
  assert.equal((await cmi(again.page)).suspend, data, 'nothing changed, nothing rewritten');
  assert.deepEqual(await failures(again.page), []);
  await again.context.close();
});

test('the package holds both languages; the launch page follows the LMS language preference', async (t) => {
  if (!browser) return t.skip(skip);
  const course = path.join(work, 'lms', 'course');
  for (const f of ['zh-CN/index.html', 'zh-CN/assets/scorm.js', 'zh-CN/assets/search-index.js', 'zh-CN/assets/nav.js']) {
    assert.ok(fs.existsSync(path.join(course, f)), `${f} is in the package`);
  }
  const manifest = fs.readFileSync(path.join(course, 'imsmanifest.xml'), 'utf8');
  assert.match(manifest, /<file href="zh-CN\/modules\/working-with-the-bot\/when-the-bot-answers\.html"\/>/);

  const cmiData = { core: { student_id: 'learner-zh', student_name: 'Wang, Fang', entry: 'ab-initio' },
    student_preference: { language: 'zh_CN' }, student_data: { mastery_score: mastery } };
  const { context, page } = await newPage(browser, server.base, { viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(server.base + 'lms/host.html');
    await page.evaluate((c) => window.launch(c), cmiData);
    const frame = page.frame({ name: 'sco' });
    await frame.waitForURL(/\/course\/zh-CN\/index\.html$/);
    await frame.waitForSelector('html[data-scorm="lms"]', { state: 'attached' });
    assert.equal(await frame.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal((await calls(page, 'LMSFinish')).length, 0, 'moving to the preferred language keeps the session');

    // The switcher to English is a page of the course: the session carries on.
    await follow(frame, '[data-language-switcher] a[data-language="en"]', /\/course\/index\.html$/);
    assert.equal(await frame.getAttribute('html', 'lang'), 'en');
    assert.equal((await calls(page, 'LMSFinish')).length, 0);
    assert.deepEqual(await failures(page), []);
    // Only the first page of a session follows the preference: English stays English.
    await follow(frame, '.sidebar a[data-kind="cases"], .sidebar [data-kind="cases"] a', /\/course\/cases\/index\.html$/);
    await follow(frame, '[data-language-switcher] a[data-language="zh-CN"]', /\/course\/zh-CN\/cases\/index\.html$/);
    await follow(frame, '[data-language-switcher] a[data-language="en"]', /\/course\/cases\/index\.html$/);
    assert.equal((await calls(page, 'LMSFinish')).length, 0);
  } finally {
    await context.close();
  }
});

test('inside an LMS the team page is out of the learner\'s way', async (t) => {
  if (!browser) return t.skip(skip);
  const { context, page, frame } = await launchCourse({ core: { student_id: 'learner-2', student_name: 'Lin, Yu', entry: 'ab-initio' }, student_data: { mastery_score: mastery } });
  // The sidebar link (rebuilt from nav.js) is in the package but not shown.
  assert.equal(await frame.locator('[data-sidebar-links] [data-kind="team"]').count(), 1);
  assert.equal(await frame.isVisible('[data-sidebar-links] [data-kind="team"]'), false);
  await follow(frame, '[data-sidebar-links] [data-kind="progress"] a', /progress\.html$/);
  assert.equal(await frame.locator('[data-team-link]').count(), 1);
  assert.equal(await frame.isVisible('[data-team-link]'), false);
  // Opened anyway, the page says where the team view works instead of offering the file picker.
  await frame.goto(frame.url().replace(/progress\.html$/, 'team.html'));
  await frame.waitForSelector('html[data-scorm="lms"]', { state: 'attached' });
  assert.equal(await frame.isVisible('[data-team-lms]'), true);
  assert.equal(await frame.isVisible('[data-team-input]'), false);
  assert.equal(await frame.isVisible('label[for="team-files"]'), false);
  assert.deepEqual(page.outside, []);
  await context.close();
});
