// The built example course in a real browser: every page of the spec opens from file:// and
// over HTTP on a sub-path, with no request leaving the site and no script error.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { buildCourse, serve, fileUrl, launch, newPage } = require('./helpers');

const PAGES = [
  'index.html', 'modules/working-with-the-bot/index.html',
  'modules/working-with-the-bot/when-the-bot-answers.html', 'modules/working-with-the-bot/check.html',
  'cases/index.html', 'cases/furious-dm.html', 'quizzes/final-assessment.html', 'competencies.html',
  'progress.html', 'search.html', 'certificate.html', '404.html', 'pages/glossary.html',
];

test('every page loads from file:// and from a sub-path, styled, with nothing fetched elsewhere', async (t) => {
  const { browser, skip } = await launch();
  if (!browser) return t.skip(skip);
  const out = buildCourse();
  const server = await serve(out);
  try {
    for (const [name, base, origin] of [['file', fileUrl(out), null], ['http', server.base, server.base]]) {
      const { context, page } = await newPage(browser, origin);
      for (const p of PAGES) {
        const response = await page.goto(base + p);
        if (name === 'http') assert.equal(response.status(), 200, `${p} over HTTP`);
        const styled = await page.evaluate(() => getComputedStyle(document.body).fontFamily !== '' &&
          Array.from(document.styleSheets).some((s) => s.href && s.href.endsWith('skillpress.css')));
        assert.ok(styled, `${name} ${p}: stylesheet applied`);
        assert.equal(await page.locator('h1').count(), 1, `${name} ${p}: one h1`);
      }
      // The sidebar is built from the shared nav.js.
      await page.goto(base + 'modules/working-with-the-bot/when-the-bot-answers.html');
      const current = await page.locator('[aria-current="page"]').first().textContent();
      assert.match(current, /When the bot answers/);
      assert.deepEqual(page.outside, [], `${name}: requests left the site`);
      assert.deepEqual(page.errors, [], `${name}: script errors`);
      await context.close();
    }
  } finally {
    await server.close();
    await browser.close();
  }
});
