// Search in a real browser, from file:// and over HTTP on a sub-path, on the Chinese fixture and
// on the English example course: the index loads only when the learner searches, the header box
// shows [data-search-result] hits inline, arrow down + Enter opens the section, search.html?q=
// lists hits. A last test times keystroke → first hit on the 1,000-lesson synthetic course (for
// BENCHMARKS.md; printed, not asserted).
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { REPO, buildCourse, serve, fileUrl, launch, newPage, axeViolations, skillpressBin } = require('./helpers');

const ZH = path.join(REPO, 'tests', 'fixtures', 'zh');

const COURSES = [
  {
    name: 'zh',
    root: ZH,
    start: 'modules/handoff/when-to-handoff.html',
    query: '情绪安抚',
    page: 'modules/care/calming-emotions.html',
    anchor: '',
    sectionQuery: '先脱敏再发送',
    sectionPage: 'modules/care/privacy-protection.html',
    sectionAnchor: '对外展示要脱敏',
  },
  {
    name: 'example',
    root: REPO,
    start: 'modules/working-with-the-bot/index.html',
    query: 'when the bot answers',
    page: 'modules/working-with-the-bot/when-the-bot-answers.html',
    anchor: '',
    sectionQuery: 'hand-off triggers',
    sectionPage: 'modules/working-with-the-bot/when-the-bot-answers.html',
    sectionAnchor: 'handoff-triggers',
  },
];

/** Types `text` key by key into the header box and waits for hits. */
async function typeInHeader(page, text) {
  const box = page.locator('.site-header [data-search-input]');
  await box.click();
  await box.pressSequentially(text);
  await page.locator('.site-header [data-search-result]').first().waitFor({ timeout: 10000 });
  return box;
}

function hashOf(url) {
  return decodeURIComponent(new URL(url).hash.replace(/^#/, ''));
}

test('header search: hits inline, keyboard to the section, from file:// and a sub-path', async (t) => {
  const { browser, skip } = await launch();
  if (!browser) return t.skip(skip);
  try {
    for (const course of COURSES) {
      const out = buildCourse(course.root);
      const server = await serve(out);
      try {
        for (const [how, base, origin] of [['file', fileUrl(out), null], ['http', server.base, server.base]]) {
          const label = `${course.name} over ${how}`;
          const { context, page } = await newPage(browser, origin);
          await page.goto(base + course.start);
          // The index is not part of the page until the learner searches.
          assert.equal(await page.evaluate(() => typeof window.skillpressSearchIndex), 'undefined', label);
          assert.equal(await page.locator('script[src$="search-index.js"]').count(), 0, label);

          const box = await typeInHeader(page, course.query);
          assert.equal(await page.locator('script[src$="search-index.js"]').count(), 1, label);
          const hits = page.locator('.site-header [data-search-result]');
          assert.ok((await hits.count()) >= 1, `${label}: hits`);
          assert.equal(await box.getAttribute('aria-expanded'), 'true', label);
          assert.ok(
            (await hits.first().locator('mark').count()) > 0,
            `${label}: the first hit highlights the query`,
          );
          if (how === 'http') {
            // (axe reads stylesheets with XHR, which file:// forbids.)
            assert.deepEqual(await axeViolations(page), [], `${label}: accessibility of the open dropdown`);
          }

          // Escape closes, arrow down reopens and selects, Enter opens the hit.
          await box.press('Escape');
          assert.equal(await page.locator('.search-popup').first().isHidden(), true, `${label}: Escape closes`);
          await box.press('ArrowDown');
          await box.press('ArrowDown');
          assert.equal(await hits.first().getAttribute('aria-selected'), 'true', `${label}: first hit selected`);
          await Promise.all([page.waitForURL((u) => u.pathname.endsWith(course.page)), box.press('Enter')]);
          assert.equal(hashOf(page.url()), course.anchor, `${label}: anchor`);

          if (course.sectionQuery) {
            // A phrase in the middle of a section opens that section.
            const box2 = await typeInHeader(page, course.sectionQuery);
            await box2.press('ArrowDown');
            await Promise.all([page.waitForURL((u) => u.pathname.endsWith(course.sectionPage)), box2.press('Enter')]);
            assert.equal(hashOf(page.url()), course.sectionAnchor, `${label}: section anchor`);
            const target = await page.evaluate(() => {
              const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
              return el ? el.tagName : null;
            });
            assert.equal(target, 'H2', `${label}: the anchor is the section heading`);
          }

          // The search page reads ?q= and lists the hits as links.
          await page.goto(base + 'search.html?q=' + encodeURIComponent(course.query));
          await page.locator('[data-search-results] [data-search-result]').first().waitFor({ timeout: 10000 });
          const first = await page.locator('[data-search-results] [data-search-result] a').first().getAttribute('href');
          assert.ok(first.endsWith(course.page), `${label}: search page first hit ${first}`);
          assert.match(await page.locator('[data-search-status]').textContent(), /\d/);
          // Arrow down from the box moves to the first link; Enter follows it.
          const pageBox = page.locator('main [data-search-input]');
          await pageBox.focus();
          await pageBox.press('ArrowDown');
          await Promise.all([page.waitForURL((u) => u.pathname.endsWith(course.page)), page.keyboard.press('Enter')]);

          assert.deepEqual(page.outside, [], `${label}: requests left the site`);
          assert.deepEqual(page.errors, [], `${label}: script errors`);
          await context.close();
        }
      } finally {
        await server.close();
      }
    }
  } finally {
    await browser.close();
  }
});

test('the header box on a page with nothing found says so', async (t) => {
  const { browser, skip } = await launch();
  if (!browser) return t.skip(skip);
  try {
    const out = buildCourse(ZH);
    const { context, page } = await newPage(browser, null);
    await page.goto(fileUrl(out) + 'index.html');
    const box = page.locator('.site-header [data-search-input]');
    await box.click();
    await box.pressSequentially('完全不存在');
    await page.waitForFunction(() => {
      const s = document.querySelector('.search-popup-status');
      return s && s.textContent.trim() !== '' && !/\d/.test(s.textContent);
    });
    assert.equal(await page.locator('[data-search-result]').count(), 0);
    assert.deepEqual(page.errors, []);
    await context.close();
  } finally {
    await browser.close();
  }
});

/** The synthetic course for the latency figure: SKILLPRESS_BENCH_COURSE, else generated. */
function benchCourse(lessons) {
  if (process.env.SKILLPRESS_BENCH_COURSE) return process.env.SKILLPRESS_BENCH_COURSE;
  const gen = process.env.SKILLPRESS_BENCH_GEN || path.resolve(REPO, '..', 'shared', 'bench', 'gen_course.py');
  if (!fs.existsSync(gen)) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillpress-search-bench-'));
  execFileSync('python3', [gen, String(lessons), path.join(dir, 'course')], { stdio: 'pipe' });
  return path.join(dir, 'course');
}

test('latency: last keystroke to first hit on the synthetic course (measured, not asserted)', async (t) => {
  const lessons = Number(process.env.SKILLPRESS_BENCH_LESSONS || 1000);
  const root = benchCourse(lessons);
  if (!root) return t.skip('the course generator (../shared/bench/gen_course.py) is not available');
  const { browser, skip } = await launch();
  if (!browser) return t.skip(skip);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'skillpress-search-bench-out-')), 'public');
  const summary = execFileSync(skillpressBin(), ['build', '--root', root, '--out', out], { encoding: 'utf8' });
  const server = await serve(out);
  const lines = [`search latency, ${lessons} lessons: ${summary.trim().split('\n').pop()}`];
  try {
    for (const [how, base, origin] of [['file', fileUrl(out), null], ['http', server.base, server.base]]) {
      const { context, page } = await newPage(browser, origin);
      await page.goto(base + 'index.html');
      const bytes = { n: 0 };
      page.on('response', async (r) => {
        if (/search/.test(r.url())) {
          try { bytes.n += (await r.body()).length; } catch (e) { /* ignore */ }
        }
      });
      await page.evaluate(() => {
        // The first moment hits for the whole query (not a prefix of it) are in the list.
        window.__firstHit = null;
        new MutationObserver(() => {
          const list = document.querySelector('.site-header .search-popup-list');
          if (window.__firstHit === null && list && list.getAttribute('data-query') === window.__want &&
              list.querySelector('[data-search-result]')) {
            window.__firstHit = performance.now();
          }
        }).observe(document.body, { childList: true, subtree: true, attributes: true });
        // Every typed character fires `input` (CJK characters are inserted without a keydown).
        document.addEventListener('input', () => { window.__lastKey = performance.now(); }, true);
        // When the index script sets its global, from the first focus of the box.
        document.addEventListener('focusin', () => { if (!window.__focusAt) window.__focusAt = performance.now(); }, true);
        let index;
        Object.defineProperty(window, 'skillpressSearchIndex', {
          configurable: true,
          get() { return index; },
          set(v) { index = v; window.__indexAt = performance.now(); },
        });
      });
      const box = page.locator('.site-header [data-search-input]');
      // Focus loads the index (as when a learner clicks the box); then the queries, cold and warm.
      await box.click();
      await page.waitForFunction(() => !!window.skillpressSearchIndex, null, { timeout: 30000 });
      const indexMs = await page.evaluate(() => window.__indexAt - window.__focusAt);
      for (const query of ['borrowing', '生命周期', 'generic types', '借用并发']) {
        await box.fill('');
        await page.evaluate((q) => { window.__firstHit = null; window.__want = q; }, query);
        await page.locator('.search-popup').first().waitFor({ state: 'hidden' });
        const before = bytes.n;
        await box.pressSequentially(query);
        await page.waitForFunction(() => window.__firstHit !== null, null, { timeout: 30000 });
        const ms = await page.evaluate(() => window.__firstHit - window.__lastKey);
        const count = await page.locator('.search-popup-status').first().textContent();
        lines.push(`  ${how}: "${query}" ${ms.toFixed(0)} ms from last keystroke to first hit (${count.trim()}; ${(bytes.n - before) >> 10} KB of index parts loaded while typing)`);
        assert.ok(ms >= 0);
      }
      lines.push(`  ${how}: index entry (assets/search-index.js) loaded ${indexMs.toFixed(0)} ms after the box got focus`);
      assert.deepEqual(page.errors, [], `${how}: script errors`);
      await context.close();
    }
  } finally {
    await server.close();
    await browser.close();
  }
  console.log(lines.join('\n'));
});
