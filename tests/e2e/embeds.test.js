// Quizzes and case cards embedded in a lesson's Markdown: the page template cannot see them (the
// build fills embeds in after rendering it), so skillpress.js adds their stylesheet and scripts.
// An embedded quiz must be playable and styled, an embedded case card styled, from file:// and
// from a sub-path; a plain lesson must load none of it.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { REPO, buildCourse, serve, fileUrl, launch, newPage } = require('./helpers');

let browser, skip, full, example, server;
before(async () => {
  ({ browser, skip } = await launch());
  if (!browser) return;
  full = buildCourse(path.join(REPO, 'tests', 'fixtures', 'full'));
  example = buildCourse();
  server = await serve(full);
});
after(async () => {
  if (server) await server.close();
  if (browser) await browser.close();
});

/** The site's scripts and stylesheets the page has once it has settled. */
async function assets(page) {
  return page.evaluate(() => [...document.querySelectorAll('script[src], link[rel="stylesheet"]')]
    .map((n) => (n.getAttribute('src') || n.getAttribute('href')).replace(/^(\.\.\/)+/, ''))
    .filter((u) => u.startsWith('assets/'))
    .sort());
}

for (const mode of ['file', 'http']) {
  test(`a quiz embedded in a lesson is styled and playable (${mode})`, async (t) => {
    if (!browser) return t.skip(skip);
    const base = mode === 'file' ? fileUrl(full) : server.base;
    const { context, page } = await newPage(browser, mode === 'http' ? server.base : null);
    try {
      await page.goto(base + 'modules/listening/restate.html');
      const quiz = page.locator('[data-quiz="listening-check"]');
      // quiz.js numbers the drawn questions with the course's strings (assets/strings.js); the
      // page without it says only "Question 1".
      await page.waitForFunction(() => {
        const n = document.querySelector('[data-quiz="listening-check"] .question:not([hidden]) .question-number');
        return n && n.textContent === 'Question 1 of 2';
      });
      assert.equal(await quiz.locator('.question:not([hidden])').count(), 2, 'pick=2');
      // quiz.css is in force: the embed is a padded panel, not bare form fields.
      assert.notEqual(await quiz.evaluate((n) => getComputedStyle(n).paddingTop), '0px');
      const loaded = await assets(page);
      for (const f of ['assets/quiz.css', 'assets/strings.js', 'assets/grading.js', 'assets/quiz.js']) {
        assert.ok(loaded.includes(f), `${f} is added (${loaded.join(', ')})`);
      }
      // The buttons work: checking an unanswered question asks for an answer first. The draw is
      // random, and an `order` question always has an arrangement (it is never unanswered), so
      // take the first drawn question of another type.
      const first = quiz.locator('.question:not([hidden]):not([data-type="order"])').first();
      await first.locator('[data-action="check"]').click();
      assert.equal(await first.locator('[data-feedback] .feedback-title').textContent(), 'Answer the question first.');
      assert.deepEqual(page.outside, [], 'requests left the site');
      assert.deepEqual(page.errors, [], 'script errors');
    } finally {
      await context.close();
    }
  });
}

test('a case card embedded in a lesson is styled; a plain lesson loads no quiz or case files', async (t) => {
  if (!browser) return t.skip(skip);
  const { context, page } = await newPage(browser, null);
  try {
    await page.goto(fileUrl(example) + 'modules/working-with-the-bot/taking-over-a-conversation.html');
    const card = page.locator('[data-case-card="want-a-real-person"]');
    await page.waitForFunction(() => !!document.querySelector('link[href$="assets/case.css"]'));
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.case-card')).borderTopStyle !== 'none');
    assert.ok(await card.isVisible());
    assert.deepEqual((await assets(page)).filter((f) => /quiz|case\.js|grading/.test(f)), []);

    await page.goto(fileUrl(example) + 'modules/digital-service-basics/how-service-went-digital.html');
    await page.waitForLoadState('load');
    assert.deepEqual(await assets(page), [
      'assets/nav.js', 'assets/progress.js', 'assets/skillpress.css', 'assets/skillpress.js', 'assets/store.js',
    ]);
    assert.deepEqual(page.errors, [], 'script errors');
  } finally {
    await context.close();
  }
});
