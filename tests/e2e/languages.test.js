// The two language editions of the example course in a real browser, from file:// and over HTTP
// on a sub-path: questions answered in English count on the Chinese pages and map (progress is
// keyed by ids, not by language), switching language in the middle of a quiz loses nothing, the
// switcher keeps the learner on the same page, and each edition's search finds its own pages.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { savedState, fileUrl, newPage, useExampleSite } = require('./helpers');

const CHECK = 'modules/working-with-the-bot/check.html';
const QUIZ = 'handoff-check';

let browser, skip, out, server;
useExampleSite((site) => ({ browser, skip, out, server } = site));

const MODES = () => [['file', fileUrl(out), null], ['http', server.base, server.base]];

/** Picks option `i` of a single-choice question and checks it. */
async function answerSingle(page, qid, i) {
  const scope = `[data-quiz="${QUIZ}"] [data-question="${qid}"]`;
  await page.check(`${scope} [data-option="${i}"]`);
  await page.click(`${scope} [data-action="check"]`);
  await page.waitForSelector(`${scope}.is-graded`);
}

/** Which questions of the quiz are graded, and the option each one shows as chosen. */
function graded(page) {
  return page.$$eval(`[data-quiz="${QUIZ}"] [data-question].is-graded`, (els) => els.map((e) => {
    const chosen = Array.from(e.querySelectorAll('[data-option]')).filter((o) => o.checked).map((o) => o.getAttribute('data-option'));
    return [e.getAttribute('data-question'), chosen.join(',')];
  }).sort());
}

/** Follows the switcher's link to `lang` and returns the page's language afterwards. */
async function switchTo(page, lang) {
  await Promise.all([
    page.waitForNavigation(),
    page.click(`[data-language-switcher] a[data-language="${lang}"]`),
  ]);
  return page.getAttribute('html', 'lang');
}

/** Every competency row of the map: level and mastery (the map is computed in the page). */
function mapRows(page) {
  return page.$$eval('[data-competency]', (list) => list.map((r) => [
    r.getAttribute('data-competency'), r.getAttribute('data-level'), r.getAttribute('data-mastery'),
  ]).sort());
}

for (const mode of ['file', 'http']) {
  test(`an answer given in English counts in Chinese; switching mid-quiz loses nothing (${mode})`, async (t) => {
    if (!browser) return t.skip(skip);
    const [, base, origin] = MODES().find(([m]) => m === mode);
    const { context, page } = await newPage(browser, origin);
    try {
      await page.goto(base + CHECK);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      // Two questions answered in English (one right, one wrong), the rest left for later.
      await answerSingle(page, 'handoff-api', 0);
      await answerSingle(page, 'handoff-calm-first', 1);
      const englishState = await savedState(page);
      const englishGraded = await graded(page);
      assert.deepEqual(englishGraded, [['handoff-api', '0'], ['handoff-calm-first', '1']]);

      // The switcher leads to the same page of the Chinese edition, where both answers stand.
      assert.equal(await switchTo(page, 'zh-CN'), 'zh-CN');
      assert.equal(page.url(), base + 'zh-CN/' + CHECK);
      assert.match(await page.textContent('h1'), /[\u4e00-\u9fff]/, 'the page is in Chinese');
      assert.deepEqual(await graded(page), englishGraded, 'answers carried into the Chinese quiz');
      assert.deepEqual((await savedState(page)).answers, englishState.answers);

      // Another answer in Chinese, then back: the English page has all three, in one attempt.
      await answerSingle(page, 'handoff-before-typing', 0);
      assert.equal(await switchTo(page, 'en'), 'en');
      assert.equal(page.url(), base + CHECK);
      assert.deepEqual(await graded(page), [['handoff-api', '0'], ['handoff-before-typing', '0'], ['handoff-calm-first', '1']]);
      const state = await savedState(page);
      assert.equal(Object.keys(state.answers).length, 3);
      assert.equal(state.quizzes[QUIZ].attempts.length, 0, 'still the first attempt, not finished');
      assert.match(await page.textContent('[data-quiz-status]'), /Attempt 1/);

      // The competency map and the progress page agree in both languages.
      await page.goto(base + 'competencies.html');
      const englishMap = await mapRows(page);
      assert.ok(englishMap.some(([, level, mastery]) => level !== null || (mastery !== null && mastery !== '')),
        'the answers show on the map');
      await switchTo(page, 'zh-CN');
      assert.equal(page.url(), base + 'zh-CN/competencies.html');
      assert.deepEqual(await mapRows(page), englishMap);
      await page.goto(base + 'zh-CN/progress.html');
      const chineseProgress = await page.$$eval('[data-competency]', (l) => l.length);
      await switchTo(page, 'en');
      assert.equal(page.url(), base + 'progress.html');
      assert.equal(await page.$$eval('[data-competency]', (l) => l.length), chineseProgress);
      assert.deepEqual(page.errors, []);
      assert.deepEqual(page.outside, []);
    } finally {
      await context.close();
    }
  });
}

test('a page not yet translated is marked, and every page links its other language', async (t) => {
  if (!browser) return t.skip(skip);
  const { context, page } = await newPage(browser, null);
  try {
    for (const path of ['index.html', 'cases/index.html', 'pages/about.html', 'search.html']) {
      await page.goto(fileUrl(out) + 'zh-CN/' + path);
      assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN', path);
      // The example course is fully translated: no fallback notice anywhere.
      assert.equal(await page.locator('[data-fallback]').count(), 0, path);
      assert.equal(await page.getAttribute('link[rel="alternate"][hreflang="en"]', 'href'), '../'.repeat(path.split('/').length) + path);
      assert.equal(await switchTo(page, 'en'), 'en');
      assert.equal(page.url(), fileUrl(out) + path);
    }
  } finally {
    await context.close();
  }
});

/** Types into the header search box (on an edition's home page, where hits' addresses are
 * relative to the page) and returns the hits' URLs once there are some. */
async function search(page, query) {
  const box = page.locator('.site-header [data-search-input]');
  await box.click();
  await box.pressSequentially(query);
  await page.locator('.site-header [data-search-result]').first().waitFor({ timeout: 10000 });
  return page.$$eval('.site-header [data-search-result]', (hits) => hits.map((h) => new URL(h.getAttribute('data-href'), document.baseURI).href));
}

for (const mode of ['file', 'http']) {
  test(`each language's search finds its own pages (${mode})`, async (t) => {
    if (!browser) return t.skip(skip);
    const [, base, origin] = MODES().find(([m]) => m === mode);
    const { context, page } = await newPage(browser, origin);
    try {
      // A Chinese two-character query (one bigram) on the Chinese edition.
      await page.goto(base + 'zh-CN/index.html');
      const zh = await search(page, '转人');
      assert.ok(zh.some((u) => u.includes('zh-CN/modules/working-with-the-bot/when-the-bot-answers.html')), zh.join('\n'));
      assert.ok(zh.every((u) => u.startsWith(base + 'zh-CN/')), `Chinese hits stay in Chinese:\n${zh.join('\n')}`);
      // A longer Chinese phrase.
      await page.goto(base + 'zh-CN/index.html');
      const phrase = await search(page, '机器人前置');
      assert.ok(phrase.some((u) => u.includes('zh-CN/modules/working-with-the-bot/when-the-bot-answers.html')), phrase.join('\n'));

      // The English edition searches English pages only.
      await page.goto(base + 'index.html');
      const en = await search(page, 'hand-off triggers');
      assert.ok(en.some((u) => u.includes('modules/working-with-the-bot/when-the-bot-answers.html')), en.join('\n'));
      assert.ok(en.every((u) => !u.includes('/zh-CN/')), `English hits stay in English:\n${en.join('\n')}`);
      assert.deepEqual(page.errors, []);
      assert.deepEqual(page.outside, []);
    } finally {
      await context.close();
    }
  });
}
