// Reading progress and the progress page in a real browser (example course): lesson visits and
// completion, "continue where you left off" and module progress, export / reset / import, bad
// import files, storage that is blocked or full, accessibility of the pages involved.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { REPO, STATE_KEY, savedState, fileUrl, newPage, axeViolations, useExampleSite } = require('./helpers');

const MOD = 'modules/digital-service-basics/';
const L1 = MOD + 'how-service-went-digital.html';
const L2 = MOD + 'the-competency-map.html';
const L3 = MOD + 'learning-that-keeps-up.html';
const en = JSON.parse(fs.readFileSync(path.join(REPO, 'src/locale/en.json'), 'utf8'));

let browser, skip, out, server;
useExampleSite((site) => ({ browser, skip, out, server } = site));


async function pressed(page) {
  return page.locator('[data-action="mark-complete"]').getAttribute('aria-pressed');
}

for (const mode of ['file', 'http']) {
  test(`lessons: visits, completion, continue link and module progress (${mode})`, async (t) => {
    if (!browser) return t.skip(skip);
    const base = mode === 'file' ? fileUrl(out) : server.base;
    const { context, page } = await newPage(browser, mode === 'http' ? server.base : null);
    try {
      // A first visit: nothing to continue, every module not started.
      await page.goto(base + 'index.html');
      assert.equal(await page.locator('[data-continue]').isHidden(), true);
      const card = page.locator('.module-card[data-module="digital-service-basics"]');
      assert.equal(await card.locator('[data-module-progress-text]').textContent(), en.not_started);

      // Lesson 1: reaching the end (the pager) completes it.
      await page.goto(base + L1);
      assert.equal(await pressed(page), 'false', 'not completed just by opening it');
      let state = await savedState(page);
      assert.ok(state.lessons['digital-service-basics/how-service-went-digital'].visited > 0);
      assert.equal(state.lessons['digital-service-basics/how-service-went-digital'].completed, undefined);
      await page.locator('.pager').scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('[data-action="mark-complete"]').getAttribute('aria-pressed') === 'true');
      state = await savedState(page);
      assert.ok(state.lessons['digital-service-basics/how-service-went-digital'].completed > 0);

      // Lesson 2: the control works from the keyboard and is a toggle.
      await page.goto(base + L2);
      assert.equal(await pressed(page), 'false');
      const button = page.locator('[data-action="mark-complete"]');
      // Tabbing to the control scrolls to the end of the lesson, which counts as reading it.
      await button.focus();
      await page.waitForFunction(() => document.querySelector('[data-action="mark-complete"]').getAttribute('aria-pressed') === 'true');
      assert.equal(await page.locator('[data-lesson-complete-status]').textContent(), en.lesson_marked_complete);
      await page.keyboard.press('Space');
      assert.equal(await pressed(page), 'false');
      assert.equal((await savedState(page)).lessons['digital-service-basics/the-competency-map'].completed, undefined);
      // Taken back: reaching the end now does not overrule the learner.
      await page.locator('.pager').scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      assert.equal(await pressed(page), 'false');
      await page.keyboard.press('Enter');
      assert.equal(await pressed(page), 'true');
      state = await savedState(page);
      assert.ok(state.lessons['digital-service-basics/the-competency-map'].completed > 0);
      assert.equal(state.last.path, L2);
      assert.equal(state.last.title, 'The competency map');

      // The sidebar ticks completed lessons.
      assert.equal(await page.locator('.sidebar .nav-lesson[data-lesson="how-service-went-digital"].is-done').count(), 1);
      assert.equal(await page.locator('.sidebar .nav-lesson[data-lesson="learning-that-keeps-up"].is-done').count(), 0);

      // Home: continue where you left off, and the module's progress.
      await page.goto(base + 'index.html');
      assert.equal(await page.locator('[data-continue]').isVisible(), true);
      const link = page.locator('[data-continue-link]');
      assert.equal(await link.textContent(), 'The competency map');
      assert.equal(await link.getAttribute('href'), L2);
      const progress = card.locator('[data-module-progress]');
      assert.equal(await progress.getAttribute('data-lessons-done'), '2');
      assert.equal(await progress.getAttribute('data-lessons-total'), '3');
      assert.equal(await progress.getAttribute('data-check-passed'), 'false');
      assert.equal(await card.getAttribute('data-state'), 'in-progress');
      assert.equal(await card.locator('[data-module-progress-text]').textContent(), '2/3 lessons · check not passed yet');
      // 2 of 4 steps (3 lessons and the check).
      assert.equal(await progress.evaluate((n) => n.style.getPropertyValue('--p')), '50');
      const other = page.locator('.module-card[data-module="working-with-the-bot"]');
      assert.equal(await other.getAttribute('data-state'), 'not-started');
      // The home page is not a place to continue from.
      assert.equal((await savedState(page)).last.path, L2);
      await link.click();
      await page.waitForURL('**/' + L2);
      assert.deepEqual(page.outside, [], 'requests left the site');
      assert.deepEqual(page.errors, [], 'script errors');
      if (mode === 'http') return; // the rest does not depend on how the site is served

      // Pass the module check (through the store, as quiz.js does) and finish lesson 3.
      await page.evaluate(() => {
        const store = window.SkillpressStore.open(document.documentElement.dataset.course);
        store.recordAttempt('basics-check', { earned: 7, possible: 8, passed: true, answers: {}, versions: {} });
      });
      await page.goto(base + L3);
      await page.locator('.pager').scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('[data-action="mark-complete"]').getAttribute('aria-pressed') === 'true');

      // The module page shows each lesson's status and the check.
      await page.goto(base + MOD + 'index.html');
      const steps = page.locator('.module-page .step[data-lesson]');
      assert.deepEqual(await steps.locator('[data-lesson-status]').allTextContents(), [en.completed, en.completed, en.completed]);
      assert.equal(await page.locator('.module-page .step[data-check] [data-lesson-status]').textContent(), en.passed);
      assert.equal(await page.locator('.module-page').getAttribute('data-state'), 'done');
      assert.equal(await page.locator('.module-page [data-module-progress-text]').textContent(), `${en.completed} · 3/3 lessons · check passed`);
      await page.goto(base + 'index.html');
      assert.equal(await card.getAttribute('data-state'), 'done');
      assert.equal(await card.locator('[data-module-progress]').getAttribute('data-check-passed'), 'true');

      assert.deepEqual(page.outside, [], 'requests left the site');
      assert.deepEqual(page.errors, [], 'script errors');
    } finally {
      await context.close();
    }
  });
}

const STATE = {
  version: 1,
  role: 'senior-agent',
  last: { path: L1, title: 'How service went digital', at: Date.UTC(2024, 2, 1, 9) },
  lessons: { 'digital-service-basics/how-service-went-digital': { visited: Date.UTC(2024, 2, 1, 9), completed: Date.UTC(2024, 2, 1, 9, 20) } },
  answers: { 'basics-why-change': { v: 'b1b79eda', earned: 1, points: 1, at: Date.UTC(2024, 2, 1, 10) } },
  quizzes: {
    'basics-check': {
      attempts: [{ at: Date.UTC(2024, 2, 1, 10), earned: 3, possible: 4, passed: true, answers: {}, versions: {} }],
      current: null,
    },
  },
  cases: {
    'phishing-dm': { v: 'e66ee75f', runs: [{ at: Date.UTC(2024, 2, 2, 8), path: [], ending: 'safe-shift', score: 31, fraction: 1, passed: true }] },
  },
  certificate: null,
  diagnostic: null,
};

test('progress page: history, export, reset with confirm, import and bad files', async (t) => {
  if (!browser) return t.skip(skip);
  const base = server.base;
  const { context, page } = await newPage(browser, server.base, { acceptDownloads: true });
  try {
    await page.goto(base + 'progress.html');
    assert.equal(await page.locator('[data-progress-history]').textContent(), en.no_history);
    await page.evaluate(([key, state]) => window.localStorage.setItem(key, JSON.stringify(state)), [STATE_KEY, STATE]);
    await page.reload();

    // Summary and history.
    assert.equal(await page.locator('[data-stat="lessons"]').textContent(), '1/30');
    assert.equal(await page.locator('[data-stat="quizzes"]').textContent(), '1');
    assert.equal(await page.locator('[data-stat="cases"]').textContent(), '1');
    assert.equal(await page.locator('[data-stat="competencies"]').textContent(), '0/17');
    const quiz = page.locator('[data-history="quiz"]');
    assert.equal(await quiz.count(), 1);
    assert.match(await quiz.textContent(), /Module check: digital service basics — Score 3\/4 \(75%\) · Passed/);
    assert.equal(await quiz.locator('time').getAttribute('datetime'), '2024-03-01T10:00:00.000Z');
    const run = page.locator('[data-history="case"]');
    assert.match(await run.textContent(), /three requests in one evening — Ending: A safe shift · Score 100% · Passed/);
    assert.equal(await run.locator('a').getAttribute('href'), 'cases/phishing-dm.html');
    assert.match(await page.locator('[data-history="lesson"]').textContent(), /How service went digital — Digital service basics/);
    assert.match(await page.locator('[data-progress-continue]').textContent(), /How service went digital/);

    // Export: a JSON file named after the course, with the format marker and the course id.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-action="export"]').click(),
    ]);
    assert.equal(download.suggestedFilename(), 'cs-digital-skills-progress.json');
    const file = path.join(out, '..', 'exported.json');
    await download.saveAs(file);
    const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(exported.format, 'skillpress-progress');
    assert.equal(exported.course, 'cs-digital-skills');
    assert.deepEqual(exported.quizzes, STATE.quizzes);
    const message = page.locator('[data-progress-message]');
    assert.equal(await message.textContent(), en.export_done);

    // Reset asks first: dismissing keeps everything.
    page.once('dialog', (d) => { assert.equal(d.message(), en.confirm_reset); d.dismiss(); });
    await page.locator('[data-action="reset"]').click();
    assert.equal(await message.textContent(), en.reset_cancelled);
    assert.deepEqual((await savedState(page)).quizzes, STATE.quizzes);
    page.once('dialog', (d) => d.accept());
    await page.locator('[data-action="reset"]').click();
    assert.equal(await message.textContent(), en.reset_done);
    const empty = await savedState(page);
    assert.deepEqual([empty.lessons, empty.answers, empty.quizzes, empty.cases, empty.last], [{}, {}, {}, {}, null]);
    assert.equal(await page.locator('[data-progress-history]').textContent(), en.no_history);
    assert.equal(await page.locator('[data-stat="lessons"]').textContent(), '0/30');

    // Import the exported file: the page asks first, saying what is replaced by what; declining
    // changes nothing, accepting brings the state back.
    const input = page.locator('input[type="file"][data-action="import"]');
    const summary = (l, a, r) => en.progress_summary.replace('{lessons}', l).replace('{attempts}', a).replace('{runs}', r);
    const question = en.confirm_import.replace('{current}', summary(0, 0, 0)).replace('{incoming}', summary(1, 1, 1));
    page.once('dialog', (d) => { assert.equal(d.message(), question); d.dismiss(); });
    await input.setInputFiles(file);
    await page.waitForFunction((text) => document.querySelector('[data-progress-message]').textContent === text, en.import_cancelled);
    assert.deepEqual((await savedState(page)).quizzes, {});
    page.once('dialog', (d) => d.accept());
    await input.setInputFiles(file);
    await page.waitForFunction((text) => document.querySelector('[data-progress-message]').textContent === text, en.import_done);
    assert.deepEqual(await savedState(page), STATE);
    assert.equal(await page.locator('[data-history="quiz"]').count(), 1);

    // Bad files: a clear message each, and the state stays as it was.
    const good = JSON.parse(JSON.stringify(exported));
    const bad = [
      ['broken.json', '{"format": "skillpress-progress", "course": ', en.import_malformed],
      ['other.json', JSON.stringify({ ...good, format: 'something-else' }), en.import_wrong_format],
      ['course.json', JSON.stringify({ ...good, course: 'another-course' }), en.import_wrong_course.replace('{course}', 'another-course')],
      ['future.json', JSON.stringify({ ...good, version: 99 }), en.import_future_version],
      ['version.json', JSON.stringify({ ...good, version: 'one' }), en.import_bad_version],
      ['damaged.json', JSON.stringify({ ...good, lessons: [] }), en.import_damaged.replace('{at}', 'lessons')],
    ];
    for (const [name, text, expected] of bad) {
      await input.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
      await page.waitForFunction((x) => document.querySelector('[data-progress-message]').textContent === x, expected);
      assert.equal(await message.getAttribute('data-state'), 'error', name);
      assert.deepEqual(await savedState(page), STATE, name);
    }

    assert.deepEqual(page.outside, [], 'requests left the site');
    assert.deepEqual(page.errors, [], 'script errors');
  } finally {
    await context.close();
  }
});

test('an unreadable saved value is kept aside, offered for download, and discarded only when asked', async (t) => {
  if (!browser) return t.skip(skip);
  // Over HTTP, where axe can read the stylesheets.
  const { context, page } = await newPage(browser, server.base, { acceptDownloads: true });
  const KEPT = STATE_KEY + '~unreadable';
  // Saved progress cut short (a crash while writing, a broken extension, a hand edit).
  const raw = JSON.stringify(STATE).slice(0, 200);
  try {
    const base = server.base;
    await page.goto(base + 'index.html');
    await page.evaluate(([key, value]) => window.localStorage.setItem(key, value), [STATE_KEY, raw]);

    // A lesson visit saves, but only after the unreadable value was copied aside; the page says so.
    await page.goto(base + L1);
    const notice = page.locator('[data-storage-kept]');
    assert.equal(await notice.isVisible(), true);
    assert.equal(await notice.locator('a').getAttribute('href'), '../../progress.html');
    assert.equal(await page.evaluate((k) => window.localStorage.getItem(k), KEPT), raw);
    assert.equal((await savedState(page)).last.path, L1);
    assert.equal(await page.locator('[data-storage-warning]').isHidden(), true);

    // The progress page offers the copy, byte for byte.
    await page.goto(base + 'progress.html');
    const tool = page.locator('[data-kept-tool]');
    assert.equal(await tool.isVisible(), true);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      tool.locator('[data-action="download-kept"]').click(),
    ]);
    assert.equal(download.suggestedFilename(), 'cs-digital-skills-unreadable-progress.txt');
    const file = path.join(out, '..', 'kept.txt');
    await download.saveAs(file);
    assert.equal(fs.readFileSync(file, 'utf8'), raw);
    assert.deepEqual(await axeViolations(page), []);

    // Discarding asks first; declining keeps the copy.
    page.once('dialog', (d) => { assert.equal(d.message(), en.confirm_discard_kept); d.dismiss(); });
    await tool.locator('[data-action="discard-kept"]').click();
    assert.equal(await page.evaluate((k) => window.localStorage.getItem(k), KEPT), raw);
    page.once('dialog', (d) => d.accept());
    await tool.locator('[data-action="discard-kept"]').click();
    assert.equal(await page.locator('[data-progress-message]').textContent(), en.kept_discarded);
    assert.equal(await tool.isHidden(), true);
    assert.equal(await page.evaluate((k) => window.localStorage.getItem(k), KEPT), null);
    await page.goto(base + L1);
    assert.equal(await notice.isHidden(), true);
    assert.deepEqual(page.errors, [], 'script errors');
  } finally {
    await context.close();
  }
});

test('an import the browser refuses to store is not reported as done', async (t) => {
  if (!browser) return t.skip(skip);
  const { context, page } = await newPage(browser, null);
  try {
    await page.goto(fileUrl(out) + 'progress.html');
    // From now on the course's entry cannot be written (quota used up); the probe still works.
    await page.evaluate((key) => {
      const set = Storage.prototype.setItem;
      Storage.prototype.setItem = function (k, v) {
        if (k === key) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return set.call(this, k, v);
      };
    }, STATE_KEY);
    const file = JSON.stringify({ format: 'skillpress-progress', course: 'cs-digital-skills', ...STATE });
    page.once('dialog', (d) => d.accept());
    await page.locator('input[type="file"][data-action="import"]').setInputFiles({ name: 'p.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await page.waitForFunction((x) => document.querySelector('[data-progress-message]').textContent === x, en.import_not_saved);
    assert.equal(await page.locator('[data-progress-message]').getAttribute('data-state'), 'error');
    assert.equal(await page.locator('[data-storage-warning]').isVisible(), true);
    assert.equal(await savedState(page), null);
    assert.deepEqual(page.errors, [], 'script errors');
  } finally {
    await context.close();
  }
});

test('storage blocked: the warning shows and the pages keep working in memory', async (t) => {
  if (!browser) return t.skip(skip);
  const { context, page } = await newPage(browser, null);
  // Like a browser that refuses storage (private mode, sandboxed frames): touching it throws.
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    });
  });
  try {
    const base = fileUrl(out);
    await page.goto(base + L1);
    assert.equal(await page.locator('[data-storage-warning]').isVisible(), true);
    assert.equal(await page.locator('[data-storage-warning]').textContent(), en.storage_unavailable);
    await page.locator('.pager').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('[data-action="mark-complete"]').getAttribute('aria-pressed') === 'true');
    await page.locator('[data-action="mark-complete"]').click();
    assert.equal(await pressed(page), 'false');
    assert.equal(await page.evaluate(() => window.SkillpressStore.open(document.documentElement.dataset.course).available), false);
    await page.goto(base + 'competencies.html');
    assert.equal(await page.locator('[data-storage-warning]').isVisible(), true);
    assert.equal(await page.locator('[data-competency="resilience"]').getAttribute('data-level'), 'none');
    await page.locator('[data-role-picker]').selectOption('team-lead');
    assert.equal(await page.locator('[data-competency="resilience"]').getAttribute('data-target'), '3');
    await page.goto(base + 'progress.html');
    page.once('dialog', (d) => d.accept());
    await page.locator('[data-action="reset"]').click();
    assert.equal(await page.locator('[data-progress-message]').textContent(), en.reset_done);
    assert.deepEqual(page.errors, [], 'script errors');
  } finally {
    await context.close();
  }
});

test('storage full: the first failed save shows the warning; the page carries on', async (t) => {
  if (!browser) return t.skip(skip);
  const { context, page } = await newPage(browser, null);
  // Writes of the course's progress fail as if the quota were used up; the probe still works.
  await context.addInitScript((key) => {
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (k === key) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return set.call(this, k, v);
    };
  }, STATE_KEY);
  try {
    await page.goto(fileUrl(out) + L1);
    assert.equal(await page.locator('[data-storage-warning]').isVisible(), true);
    await page.locator('.pager').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('[data-action="mark-complete"]').getAttribute('aria-pressed') === 'true');
    await page.locator('[data-action="mark-complete"]').click();
    assert.equal(await pressed(page), 'false');
    assert.equal(await page.evaluate(() => window.SkillpressStore.open(document.documentElement.dataset.course).problem), 'full');
    assert.deepEqual(page.errors, [], 'script errors');
  } finally {
    await context.close();
  }
});

test('two tabs of the course do not overwrite each other', async (t) => {
  if (!browser) return t.skip(skip);
  const { context, page } = await newPage(browser, server.base);
  try {
    await page.goto(server.base + 'competencies.html');
    const other = await context.newPage();
    await other.goto(server.base + L1);
    await other.locator('.pager').scrollIntoViewIfNeeded();
    await other.waitForFunction(() => document.querySelector('[data-action="mark-complete"]').getAttribute('aria-pressed') === 'true');
    // The map was opened before the lesson was completed; saving the role must keep it.
    await page.locator('[data-role-picker]').selectOption('team-lead');
    const state = await savedState(page);
    assert.equal(state.role, 'team-lead');
    assert.ok(state.lessons['digital-service-basics/how-service-went-digital'].completed > 0);
    assert.deepEqual(page.errors, [], 'script errors');
  } finally {
    await context.close();
  }
});

test('home, lesson, map and progress pages have no serious accessibility violations', async (t) => {
  if (!browser) return t.skip(skip);
  const { context, page } = await newPage(browser, server.base);
  try {
    await page.goto(server.base + 'index.html');
    await page.evaluate(([key, state]) => window.localStorage.setItem(key, JSON.stringify(state)), [STATE_KEY, STATE]);
    for (const p of ['index.html', L1, 'competencies.html', 'progress.html']) {
      await page.goto(server.base + p);
      // Open what the scripts add so axe sees it too.
      await page.evaluate(() => document.querySelectorAll('[data-radar-table-box], [data-gaps-section]').forEach((d) => { d.open = true; }));
      assert.deepEqual(await axeViolations(page), [], p);
    }
    // Small screens: the lesson control and the progress tools still fit.
    await page.setViewportSize({ width: 360, height: 740 });
    for (const p of [L1, 'competencies.html']) {
      await page.goto(server.base + p);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${p} scrolls sideways at 360 px by ${overflow}px`);
    }
    assert.deepEqual(page.outside, [], 'requests left the site');
    assert.deepEqual(page.errors, [], 'script errors');
  } finally {
    await context.close();
  }
});
