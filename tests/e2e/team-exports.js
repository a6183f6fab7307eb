// The team page's input, shared by tests/e2e/team.test.js and tests/e2e/editions.test.js: real
// progress exports made by playing the example course in a browser (three learners, the
// omnichannel module check and the furious-DM case), plus two files the team page must skip.
// Not a test file itself (tests/js.rs runs only *.test.js).
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { rightAnswer, newPage } = require('./helpers');

const QUIZ = 'omnichannel-check';
const CASE = '[data-case="furious-dm"]';

/* Ben's answers: every question wrong, and every partly-scored one worth 0 (the options chosen
 * are all wrong, no item in place, no pair right). Source indices, as the grader takes them. */
const BEN = {
  'omnichannel-techniques': [4, 5],
  'omnichannel-dm-definition': 2,
  'omnichannel-dm-traits': [4],
  'omnichannel-unified-platform': 0,
  'omnichannel-channel-style': [1, 2, 3, 0],
  'omnichannel-public-order-number': true,
  'omnichannel-third-contact-order': [1, 2, 3, 4, 0],
  'omnichannel-indirect-style': 'Direct',
  'omnichannel-timezone-deadline': '7',
  'omnichannel-culture-friction': [3, 4],
  'omnichannel-localise': 1,
  'omnichannel-data-location': true,
};
/* Cara: right except three, two of them the same wrong answers as Ben ("direct " folds to
 * Ben's "Direct"), one different (option 1 where Ben chose 0). */
const CARA = {
  'omnichannel-dm-definition': 2,
  'omnichannel-unified-platform': 1,
  'omnichannel-indirect-style': 'direct ',
};

async function answer(page, q, a) {
  const scope = `[data-quiz="${QUIZ}"] [data-question="${q.id}"]`;
  if (q.type === 'single' || q.type === 'true_false') await page.check(`${scope} [data-option="${a}"]`);
  else if (q.type === 'multiple') for (const i of a) await page.check(`${scope} [data-option="${i}"]`);
  else if (q.type === 'text' || q.type === 'numeric') await page.fill(`${scope} [data-answer]`, String(a));
  else if (q.type === 'match') for (let i = 0; i < a.length; i++) await page.selectOption(`${scope} [data-match="${i}"]`, String(a[i]));
  else if (q.type === 'order') {
    for (let p = 0; p < a.length; p++) {
      for (;;) {
        const now = await page.$$eval(`${scope} [data-item]`, (els) => els.map((e) => Number(e.dataset.item)));
        if (now.indexOf(a[p]) <= p) break;
        await page.click(`${scope} [data-item="${a[p]}"] [data-action="up"]`);
      }
    }
  }
}

/* One learner in a browser of their own: the check, maybe the case, their own map, the export.
 * Returns the exported file's path and the learner's map rows. */
async function learner(browser, base, dir, { answers, caseChoices, name, file }) {
  const { context, page } = await newPage(browser, null);
  try {
    await page.goto(base + `quizzes/${QUIZ}.html`);
    const data = JSON.parse(await page.textContent(`#quiz-data-${QUIZ}`));
    // The options' texts as the learner reads them, for the lead's "most chosen wrong answer".
    const options = await page.$$eval(`[data-quiz="${QUIZ}"] [data-option]`, (els) => els.map((e) => [
      e.closest('[data-question]').getAttribute('data-question') + '/' + e.getAttribute('data-option'),
      (e.closest('label').querySelector('.option-text') || e.closest('label')).textContent.trim(),
    ]));
    for (const q of data.questions) await answer(page, q, q.id in answers ? answers[q.id] : rightAnswer(q));
    await page.click(`[data-quiz="${QUIZ}"] .quiz-footer [data-action="check"]`);
    await page.waitForSelector(`[data-quiz="${QUIZ}"][data-quiz-score]`, { state: 'attached' });
    if (caseChoices) {
      await page.goto(base + 'cases/furious-dm.html');
      await page.click(`${CASE} [data-action="start"]`);
      for (const i of caseChoices) await page.click(`${CASE} [data-choice="${i}"]`);
      await page.waitForSelector(`${CASE} [data-case-ending]`);
    }
    await page.goto(base + 'competencies.html');
    const map = await page.$$eval('[data-competency][data-level]', (rows) => rows.map((r) => ({
      id: r.getAttribute('data-competency'), level: r.getAttribute('data-level'), mastery: r.getAttribute('data-mastery'), target: r.getAttribute('data-target'),
    })));
    await page.goto(base + 'progress.html');
    if (name) await page.fill('[data-export-name]', name);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export"]')]);
    const saved = path.join(dir, file);
    await download.saveAs(saved);
    assert.deepEqual(page.outside, []);
    return { file: saved, map, options: Object.fromEntries(options) };
  } finally {
    await context.close();
  }
}

/**
 * Plays the three learners on the edition at `base` (a file:// or http URL ending in `/`) and
 * saves their exports in `dir`, with a copy of Ana's file claiming another course and a
 * truncated file. Returns each learner's export and own map, and `files` in the order the
 * lead loads them.
 */
async function teamExports(browser, base, dir) {
  // The case paths of tests/e2e/case.test.js: best (won-back, 30 of 30) and middle (closed-cold, 10).
  const ana = await learner(browser, base, dir, { answers: {}, caseChoices: [0, 0, 0, 0, 0, 0], name: 'Ana Lee', file: 'ana.json' });
  const ben = await learner(browser, base, dir, { answers: BEN, caseChoices: [0, 1, 2, 1, 0, 2, 1], name: '  Ben   Wu ', file: 'ben.json' });
  const cara = await learner(browser, base, dir, { answers: CARA, caseChoices: null, name: '', file: 'cara-progress.json' });
  const other = path.join(dir, 'other-course.json');
  fs.writeFileSync(other, fs.readFileSync(ana.file, 'utf8').replace('"course": "cs-digital-skills"', '"course": "another-course"'));
  const broken = path.join(dir, 'broken.json');
  fs.writeFileSync(broken, '{"format": "skillpress-progress", "course": ');
  return { ana, ben, cara, other, broken, files: [ana.file, ben.file, cara.file, other, broken] };
}

/** The heat map's cells as the loaded team page shows them. */
function heatMapCells(page) {
  return page.$$eval('[data-team-cell]', (e) => e.map((x) => ({
    learner: x.dataset.learner, competency: x.dataset.competency, level: x.dataset.level, gap: x.dataset.gap, text: x.textContent,
  })));
}

module.exports = { QUIZ, teamExports, heatMapCells };
