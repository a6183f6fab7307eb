// The case player in a real browser (spec §2.5, §3.1) on content/cases/furious-dm.yaml: runs to
// different endings with scores worked out by hand from the YAML, replay, keyboard play, saved
// runs, axe-core, from file:// and over HTTP on a sub-path.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { savedState, fileUrl, newPage, axeViolations, useExampleSite } = require('./helpers');

const PAGE = 'cases/furious-dm.html';
const PLAYER = '[data-case="furious-dm"]';

let browser, skip, out, server;
useExampleSite((site) => ({ browser, skip, out, server } = site));

// Paths as [node, choice index] with each choice's effects (satisfaction, efficiency, compliance)
// copied from the YAML. The best path (build-time best) scores 30.
const BEST = 30;
const RUNS = {
  // inbox 0 (1,2,1) → template 0 (3,1,1) → facts 0 (2,2,1) → decide 0 (3,2,1) → privacy 0 (2,1,3)
  // → closing 0 (2,1,1) → won-back: 4 + 5 + 5 + 6 + 6 + 4 = 30; 30 / 30 = 1.00, passed.
  best: { choices: [0, 0, 0, 0, 0, 0], ending: 'won-back', score: '1.00', meters: ['+13', '+9', '+8'], passed: true },
  // inbox 0 (1,2,1) → template 1 (0,1,1) → facts 2 (−1,0,1) → decide 1 (−1,−1,1) → slow-lane 0
  // (2,1,1) → privacy 2 (−1,1,0) → closing 1 (0,1,0) → closed-cold:
  // 4 + 2 + 0 − 1 + 4 + 0 + 1 = 10; 10 / 30 = 0.33, below the pass mark of 0.7.
  middle: { choices: [0, 1, 2, 1, 0, 2, 1], ending: 'closed-cold', score: '0.33', meters: ['0', '+5', '+5'], passed: false },
  // inbox 1 (−2,−1,0) → second-dm 1 (−3,0,0) → gone-public: −6, clamped to 0.00.
  lost: { choices: [1, 1], ending: 'gone-public', score: '0.00', meters: ['-5', '-1', '0'], passed: false },
};

const focusInfo = (page) => page.evaluate(() => {
  const e = document.activeElement;
  return e ? (e.hasAttribute('data-case-prompt') ? 'prompt' : e.hasAttribute('data-case-ending-title') ? 'ending'
    : e.hasAttribute('data-choice') ? `choice ${e.getAttribute('data-choice')}` : e.tagName) : null;
});

/** Plays a run with the mouse, or with the keyboard only (Tab to the choice, Enter). */
async function play(page, run, keyboard) {
  for (let step = 0; step < run.choices.length; step++) {
    const i = run.choices[step];
    if (keyboard) {
      // Focus sits on the new prompt; the choices follow it in tab order.
      assert.equal(await focusInfo(page), 'prompt', `step ${step}: focus moved to the new prompt`);
      for (let k = 0; k <= i; k++) await page.keyboard.press('Tab');
      assert.equal(await focusInfo(page), `choice ${i}`);
      await page.keyboard.press('Enter');
    } else {
      await page.click(`${PLAYER} [data-choice="${i}"]`);
    }
  }
  if (keyboard) assert.equal(await focusInfo(page), 'ending', 'focus moved to the ending');
}

async function checkEnding(page, run) {
  const ending = await page.$(`${PLAYER} [data-case-ending]`);
  assert.ok(ending, 'an ending is shown');
  assert.equal(await ending.getAttribute('data-case-ending'), run.ending);
  assert.equal(await ending.getAttribute('data-case-score'), run.score);
  assert.equal(await ending.isVisible(), true);
  const text = await ending.textContent();
  assert.match(text, run.passed ? /Passed/ : /Not passed yet/);
  assert.match(text, /What good practice looked like/, 'the debrief');
  assert.match(text, /Your path compared with the best path/, 'the review');
  assert.equal(await page.$$eval(`${PLAYER} .case-review-step`, (e) => e.length), run.choices.length);
  assert.deepEqual(await page.$$eval(`${PLAYER} [data-dimension-value]`, (e) => e.map((x) => x.textContent)), run.meters);
  assert.equal(await page.$$eval(`${PLAYER} [data-case-choices] [data-choice]`, (e) => e.length), 0, 'no choices left');
}

test('case player: two endings, replay, keyboard play, saved runs', async (t) => {
  if (!browser) return t.skip(skip);
  for (const [mode, base, origin, first, second] of [
    ['file', fileUrl(out), null, 'best', 'middle'],
    ['http', server.base, server.base, 'lost', 'best'],
  ]) {
    const { context, page } = await newPage(browser, origin);
    await page.goto(base + PAGE);
    assert.equal(await page.getAttribute(`${PLAYER} [data-case-log]`, 'aria-live'), 'polite');
    assert.equal(await page.$(`${PLAYER} [data-case-ending]`), null);
    await page.click(`${PLAYER} [data-action="start"]`);
    // The opening: the customer speaks under the persona's name, the system note is styled apart.
    assert.equal((await page.textContent(`${PLAYER} .msg-customer .msg-from`)).trim(), 'Ms. Qiao');
    assert.equal(await page.$$eval(`${PLAYER} .msg-system`, (e) => e.length), 1);
    assert.equal(await page.$$eval(`${PLAYER} [data-choice]`, (e) => e.length), 3);

    await play(page, RUNS[first], mode === 'http');
    await checkEnding(page, RUNS[first]);
    // Feedback after each choice stays in the conversation.
    assert.equal(await page.$$eval(`${PLAYER} .case-log .choice-feedback`, (e) => e.length), RUNS[first].choices.length);
    assert.equal(await page.$$eval(`${PLAYER} .msg-agent`, (e) => e.length), RUNS[first].choices.length);

    // Replay from the start.
    await page.click(`${PLAYER} [data-action="retry"]`);
    assert.equal(await page.$(`${PLAYER} [data-case-ending]`), null, 'the ending is cleared');
    assert.equal(await page.$$eval(`${PLAYER} .msg-agent`, (e) => e.length), 0, 'a fresh conversation');
    assert.deepEqual(await page.$$eval(`${PLAYER} [data-dimension-value]`, (e) => e.map((x) => x.textContent)), ['0', '0', '0']);
    assert.equal(await focusInfo(page), 'prompt');
    await play(page, RUNS[second], mode === 'file');
    await checkEnding(page, RUNS[second]);

    // Both runs are saved with the case's version.
    const state = await savedState(page);
    const runs = state.cases['furious-dm'].runs;
    assert.deepEqual(runs.map((r) => r.ending), [RUNS[first].ending, RUNS[second].ending]);
    assert.deepEqual(runs.map((r) => r.passed), [RUNS[first].passed, RUNS[second].passed]);
    assert.deepEqual(runs.map((r) => r.fraction.toFixed(2)), [RUNS[first].score, RUNS[second].score]);
    assert.deepEqual(runs[1].path.map((s) => s[1]), RUNS[second].choices);
    assert.equal(runs[0].path[0][0], 'inbox');
    assert.equal(typeof state.cases['furious-dm'].v, 'string');
    // The raw score is the sum of the effects chosen; the fraction is against the best path (30).
    const middle = runs.find((r) => r.ending === 'closed-cold');
    if (middle) assert.equal(middle.score, 10);
    const best = runs.find((r) => r.ending === 'won-back');
    if (best) assert.equal(best.score, BEST);

    if (mode === 'http') assert.deepEqual(await axeViolations(page), [], 'axe on a case page at an ending');
    assert.deepEqual(page.outside, [], `${mode}: requests left the site`);
    assert.deepEqual(page.errors, [], `${mode}: script errors`);
    await context.close();
  }
});

test('case player on a 360 px screen', async (t) => {
  if (!browser) return t.skip(skip);
  const { context, page } = await newPage(browser, server.base, { viewport: { width: 360, height: 740 } });
  await page.goto(server.base + PAGE);
  await page.click(`${PLAYER} [data-action="start"]`);
  await play(page, RUNS.lost, false);
  await checkEnding(page, RUNS.lost);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360, 'no sideways scrolling');
  assert.deepEqual(page.errors, []);
  await context.close();
});
