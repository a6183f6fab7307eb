// Quizzes in a real browser (spec §2.3, §2.4, §3.1): module checks answered right and wrong with
// scores worked out by hand from quizzes/*.yaml, an on_submit bank with an attempts limit, the
// final assessment's draw kept across reloads and its certificate, order and match questions
// operated by keyboard only, reloads that keep the attempt, axe-core, a 360 px screen.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { STATE_KEY, savedState, fileUrl, newPage, axeViolations, useExampleSite, rightAnswer } = require('./helpers');

const CHECK = 'modules/working-with-the-bot/check.html';
const PRIVACY = 'quizzes/privacy-check.html';
const FINAL = 'quizzes/final-assessment.html';

let browser, skip, out, server;
useExampleSite((site) => ({ browser, skip, out, server } = site));

const MODES = () => [['file', fileUrl(out), null], ['http', server.base, server.base]];

/* ---- keyboard helpers ------------------------------------------------------------------ */

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`. Focus first lands
 * on the question's first control, as if tabbed to from the previous question (quicker). */
async function tabTo(page, selector) {
  const dir = await page.evaluate((sel) => {
    const target = document.querySelector(sel);
    const question = target && target.closest('[data-question]');
    if (question && !question.contains(document.activeElement)) {
      question.querySelector('input, select, button').focus();
    }
    const from = document.activeElement || document.body;
    if (!target) return 0;
    if (target === from) return 0;
    // eslint-disable-next-line no-bitwise
    return from === document.body || (from.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING) ? 1 : -1;
  }, selector);
  for (let i = 0; i < 250; i++) {
    if (await page.evaluate((sel) => document.activeElement && document.activeElement.matches(sel), selector)) return;
    await page.keyboard.press(dir < 0 ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`could not reach ${selector} with the keyboard`);
}

const focused = (page) => page.evaluate(() => {
  const e = document.activeElement;
  const item = e && e.closest('[data-item]');
  return { action: e && e.getAttribute('data-action'), item: item && item.getAttribute('data-item'), tag: e && e.tagName };
});

/** Puts an order question's items in `target` order (source indices) with its up buttons. */
async function orderByKeyboard(page, scope, target) {
  let moved = false;
  for (let p = 0; p < target.length; p++) {
    const now = await page.$$eval(`${scope} [data-item]`, (els) => els.map((e) => Number(e.dataset.item)));
    const j = now.indexOf(target[p]);
    if (j === p) continue;
    await tabTo(page, `${scope} [data-item="${target[p]}"] [data-action="up"]`);
    for (let k = 0; k < j - p; k++) {
      await page.keyboard.press('Enter');
      moved = true;
      // Focus stays on the button of the item that moved.
      assert.deepEqual(await focused(page), { action: 'up', item: String(target[p]), tag: 'BUTTON' });
    }
  }
  if (moved) {
    // The move is announced to screen readers.
    await page.waitForFunction((q) => /Moved to position \d+ of \d+/.test(
      document.querySelector(q).closest('[data-quiz]').querySelector('p.visually-hidden[aria-live]').textContent), scope);
  }
}

/** Picks each select's value with the arrow keys. */
async function matchByKeyboard(page, scope, values) {
  for (let i = 0; i < values.length; i++) {
    const sel = `${scope} [data-match="${i}"]`;
    await tabTo(page, sel);
    for (let k = 0; k < 12 && await page.$eval(sel, (s) => s.value) !== String(values[i]); k++) {
      await page.keyboard.press('ArrowDown');
    }
    assert.equal(await page.$eval(sel, (s) => s.value), String(values[i]), `${sel} by keyboard`);
  }
}

/** Answers one question: clicks for choices, typing for text, the keyboard for order and match. */
async function answer(page, quiz, qid, a) {
  const scope = `[data-quiz="${quiz}"] [data-question="${qid}"]`;
  const type = await page.getAttribute(scope, 'data-type');
  if (type === 'single' || type === 'true_false') await page.check(`${scope} [data-option="${a}"]`);
  else if (type === 'multiple') for (const i of a) await page.check(`${scope} [data-option="${i}"]`);
  else if (type === 'text' || type === 'numeric') await page.fill(`${scope} [data-answer]`, String(a));
  else if (type === 'order') await orderByKeyboard(page, scope, a);
  else if (type === 'match') await matchByKeyboard(page, scope, a);
  return scope;
}

/** Answers and checks one question of an `immediate` quiz; order and match are checked by keyboard. */
async function answerAndCheck(page, quiz, qid, a) {
  const scope = await answer(page, quiz, qid, a);
  const type = await page.getAttribute(scope, 'data-type');
  if (type === 'order' || type === 'match') {
    await tabTo(page, `${scope} [data-action="check"]`);
    await page.keyboard.press('Enter');
  } else if (type === 'text') {
    // Enter in a typed answer checks it.
    await page.press(`${scope} [data-answer]`, 'Enter');
  } else {
    await page.click(`${scope} [data-action="check"]`);
  }
  return scope;
}

const hooks = (page, quiz) => page.$eval(`[data-quiz="${quiz}"]`, (e) => ({
  score: e.getAttribute('data-quiz-score'), passed: e.getAttribute('data-quiz-passed'),
}));
const visibleQuestions = (page, quiz) => page.$$eval(`[data-quiz="${quiz}"] [data-question]:not([hidden])`,
  (els) => els.map((e) => e.getAttribute('data-question')));

/* ---- quizzes/handoff-check.yaml, worked out by hand ------------------------------------- */

// Every question right: 1+1+1+1+2+1+2+1+1+1+1+2 = 15 points of 15.
const HANDOFF_RIGHT = {
  'handoff-triggers': [0, 1, 2],
  'handoff-before-typing': 0,
  'handoff-bot-frustration': [0, 1, 2],
  'handoff-calm-first': 0,
  'handoff-trigger-match': [0, 1, 2],
  'handoff-review-loop': false,
  'handoff-transfer-rate': '15',
  'handoff-api': 0,
  // Full-width letters, ideographic spaces and a Chinese full stop still match.
  'handoff-rpa': 'ＲＯＢＯＴＩＣ\u3000ｐｒｏｃｅｓｓ\u3000automation。',
  'handoff-crm-basics': [0, 1, 2],
  'handoff-low-code': true,
  'handoff-flow-order': [0, 1, 2, 3, 4],
};
// Some right, some wrong, some partly right:
//   triggers (partial, 3 right options) 2 right − 1 wrong → 1/3 · before-typing 1 ·
//   bot-frustration (all_or_nothing) 2 of 3 → 0 · calm-first wrong → 0 · trigger-match (all or
//   nothing) a distractor → 0 · review-loop wrong → 0 · transfer-rate "１５，４ ％" = 15.4,
//   within 15 ± 0.5 → 2 · api 1 · rpa a rejected answer → 0 · crm-basics (partial) 2 − 1 → 1/3 ·
//   low-code 1 · flow-order (partial) items 3, 4, 5 in place → 2 × 3/5 = 1.2.
//   Total 1/3 + 1 + 2 + 1 + 1/3 + 1 + 1.2 = 6.8667 → "6.87/15", 46% < 80%: not passed.
const HANDOFF_MIXED = {
  'handoff-triggers': [0, 1, 3],
  'handoff-before-typing': 0,
  'handoff-bot-frustration': [0, 1],
  'handoff-calm-first': 1,
  'handoff-trigger-match': [0, 1, 3],
  'handoff-review-loop': true,
  'handoff-transfer-rate': '１５，４ ％',
  'handoff-api': 0,
  'handoff-rpa': 'rapid  PROCESS automation!',
  'handoff-crm-basics': [0, 1, 3],
  'handoff-low-code': true,
  'handoff-flow-order': [1, 0, 2, 3, 4],
};

test('a module check answered right, then wrong, then resumed after a reload', async (t) => {
  if (!browser) return t.skip(skip);
  for (const [mode, base, origin] of MODES()) {
    const { context, page } = await newPage(browser, origin);
    await page.goto(base + CHECK);
    assert.equal((await visibleQuestions(page, 'handoff-check')).length, 12, `${mode}: 12 questions`);
    assert.match(await page.textContent('[data-quiz-status]'), /Attempt 1/);

    // Checking without an answer asks for one and grades nothing.
    await page.click('[data-question="handoff-api"] [data-action="check"]');
    assert.match(await page.textContent('[data-question="handoff-api"] [data-feedback]'), /Answer the question first/);
    assert.equal(await page.$eval('[data-question="handoff-api"]', (e) => e.classList.contains('is-graded')), false);

    // From disk: everything right, then mixed answers; over HTTP (same code, other origin and
    // paths): the mixed answers only, to keep the suite quick.
    const runs = mode === 'file' ? ['right', 'mixed'] : ['mixed'];
    for (let n = 0; n < runs.length; n++) {
      if (n > 0) {
        await page.click('[data-quiz="handoff-check"] [data-action="retry"]');
        assert.equal((await hooks(page, 'handoff-check')).score, null, 'retry clears the result');
      }
      assert.match(await page.textContent('[data-quiz-status]'), new RegExp(`Attempt ${n + 1}`));
      if (runs[n] === 'right') {
        const ids = Object.keys(HANDOFF_RIGHT);
        for (let i = 0; i < ids.length; i++) {
          assert.equal((await hooks(page, 'handoff-check')).score, null, 'no score before every question is graded');
          await answerAndCheck(page, 'handoff-check', ids[i], HANDOFF_RIGHT[ids[i]]);
        }
        assert.deepEqual(await hooks(page, 'handoff-check'), { score: '15/15', passed: 'true' }, `${mode}: all right`);
        // Per-option feedback and the explanation once answered.
        assert.match(await page.textContent('[data-question="handoff-api"] .option-feedback'), /APIs let the systems exchange data/);
        assert.match(await page.textContent('[data-question="handoff-api"] [data-explanation-area]'), /application programming interfaces/);
        assert.match(await page.textContent('[data-question="handoff-review-loop"] [data-feedback]'), /When people check and correct/);
        assert.match(await page.textContent('[data-quiz-result]'), /100%/);
      } else {
        for (const [qid, a] of Object.entries(HANDOFF_MIXED)) await answerAndCheck(page, 'handoff-check', qid, a);
        assert.deepEqual(await hooks(page, 'handoff-check'), { score: '6.87/15', passed: 'false' }, `${mode}: mixed answers`);
        assert.match(await page.textContent('[data-question="handoff-rpa"] [data-feedback]'), /The R stands for the software robots/);
        assert.match(await page.textContent('[data-question="handoff-transfer-rate"] [data-feedback]'), /Correct/);
        assert.match(await page.textContent('[data-question="handoff-triggers"] [data-feedback]'), /Partly correct.*0\.33 of 1/);
        assert.equal(await page.$$eval('[data-question="handoff-flow-order"] .order-item.is-correct', (e) => e.length), 3);
        assert.match(await page.textContent('[data-quiz-result]'), /46%/);
      }
    }

    // Saved: the finished attempts, the latest graded answer of every question.
    let state = await savedState(page);
    const quiz = state.quizzes['handoff-check'];
    assert.deepEqual(quiz.attempts.map((a) => a.passed), runs.map((r) => r === 'right'));
    assert.equal(quiz.current, null);
    assert.equal(state.answers['handoff-rpa'].earned, 0);
    assert.equal(state.answers['handoff-transfer-rate'].earned, 2);
    assert.equal(state.answers['handoff-flow-order'].earned, 1.2);

    // The next attempt, left half done: the reload shows the same questions, order and answers.
    await page.click('[data-quiz="handoff-check"] [data-action="retry"]');
    await answerAndCheck(page, 'handoff-check', 'handoff-api', 0);
    await answer(page, 'handoff-check', 'handoff-rpa', 'robotic');
    await answer(page, 'handoff-check', 'handoff-flow-order', [4, 3, 2, 1, 0]);
    await answer(page, 'handoff-check', 'handoff-triggers', [1, 2]);
    const order = await visibleQuestions(page, 'handoff-check');
    const options = () => page.$$eval('[data-question="handoff-bot-frustration"] [data-option]', (els) => els.map((e) => e.value));
    const optionOrder = await options();
    await page.reload();
    assert.deepEqual(await visibleQuestions(page, 'handoff-check'), order, `${mode}: same question order after reload`);
    assert.deepEqual(await options(), optionOrder, 'same option order after reload');
    assert.match(await page.textContent('[data-quiz-status]'), new RegExp(`Attempt ${runs.length + 1}`));
    assert.equal(await page.$eval('[data-question="handoff-api"]', (e) => e.classList.contains('is-graded')), true);
    assert.equal(await page.isChecked('[data-question="handoff-api"] [data-option="0"]'), true);
    assert.equal(await page.inputValue('[data-question="handoff-rpa"] [data-answer]'), 'robotic');
    assert.deepEqual(await page.$$eval('[data-question="handoff-flow-order"] [data-item]', (els) => els.map((e) => e.dataset.item)), ['4', '3', '2', '1', '0']);
    assert.equal(await page.isChecked('[data-question="handoff-triggers"] [data-option="1"]'), true);

    // A question whose version changed loses only its own saved answer.
    await page.evaluate((k) => {
      const s = JSON.parse(localStorage.getItem(k));
      s.quizzes['handoff-check'].current.versions['handoff-api'] = 'an-older-version';
      localStorage.setItem(k, JSON.stringify(s));
    }, STATE_KEY);
    await page.reload();
    assert.equal(await page.$eval('[data-question="handoff-api"]', (e) => e.classList.contains('is-graded')), false);
    assert.equal(await page.isChecked('[data-question="handoff-api"] [data-option="0"]'), false);
    assert.equal(await page.inputValue('[data-question="handoff-rpa"] [data-answer]'), 'robotic');
    assert.deepEqual(await visibleQuestions(page, 'handoff-check'), order);
    state = await savedState(page);
    assert.equal(state.quizzes['handoff-check'].current.answers['handoff-api'], undefined);

    // axe-core reads stylesheets with XMLHttpRequest, which file:// refuses: check over HTTP.
    if (mode === 'http') {
      assert.deepEqual(await axeViolations(page), [], 'axe on a quiz page with graded questions');
    }
    assert.deepEqual(page.outside, [], `${mode}: requests left the site`);
    assert.deepEqual(page.errors, [], `${mode}: script errors`);
    await context.close();
  }
});

/* ---- quizzes/privacy-check.yaml: on_submit, attempts: 2, 13 points ---------------------- */

// privacy-least-privilege 1 (full-width, trailing "。") + phishing-link 1 + graded-authorisation 2
// + alert-signals (partial, 3 right options) 2 right − 1 wrong = 1/3 + violation-rate "0,31 %"
// within 0.3 ± 0.02 → 1; the other seven questions unanswered → 0.
// 5.3333 of 1+1+1+1+1+1+1+1+1+1+2+1 = 13 → "5.33/13", 41% < 80%.
const PRIVACY_ANSWERS = {
  'privacy-least-privilege': 'Ｌｅａｓｔ\u3000Ｐｒｉｖｉｌｅｇｅ。',
  'privacy-phishing-link': 0,
  'privacy-graded-authorisation': 2,
  'privacy-alert-signals': [0, 1, 3],
  'privacy-violation-rate': '0,31 %',
};

test('an on_submit bank with two attempts: one submit grades all, then no attempts are left', async (t) => {
  if (!browser) return t.skip(skip);
  const { context, page } = await newPage(browser, server.base);
  await page.goto(server.base + PRIVACY);
  const q = '[data-quiz="privacy-check"]';
  assert.match(await page.textContent(`${q} [data-quiz-status]`), /Attempt 1 of 2/);
  assert.equal(await page.$$eval(`${q} [data-question] [data-action="check"]`, (e) => e.length), 0, 'no per-question check');
  // "None of the above" is pinned: always the last of the four options.
  assert.equal(await page.$eval(`${q} [data-question="privacy-graded-authorisation"] .option:last-child input`, (e) => e.value), '3');

  for (const [qid, a] of Object.entries(PRIVACY_ANSWERS)) await answer(page, 'privacy-check', qid, a);
  assert.equal((await hooks(page, 'privacy-check')).score, null);
  await page.click(`${q} .quiz-footer [data-action="check"]`);
  assert.deepEqual(await hooks(page, 'privacy-check'), { score: '5.33/13', passed: 'false' });
  assert.equal(await page.evaluate(() => document.activeElement.hasAttribute('data-quiz-result')), true, 'focus on the result');
  assert.match(await page.textContent(`${q} [data-quiz-status]`), /1 attempt left/);
  assert.match(await page.textContent(`${q} [data-question="privacy-least-privilege"] [data-feedback]`), /Correct/);
  assert.match(await page.textContent(`${q} [data-question="privacy-law-match"] [data-feedback]`), /Not answered/);
  assert.equal(await page.isHidden(`${q} .quiz-footer [data-action="check"]`), true);

  // The second and last attempt, submitted empty: 0 of 13.
  await page.click(`${q} [data-action="retry"]`);
  assert.match(await page.textContent(`${q} [data-quiz-status]`), /Attempt 2 of 2/);
  await page.click(`${q} .quiz-footer [data-action="check"]`);
  assert.deepEqual(await hooks(page, 'privacy-check'), { score: '0/13', passed: 'false' });
  const exhausted = async () => {
    assert.match(await page.textContent(`${q} [data-quiz-status]`), /No attempts left/);
    assert.equal(await page.isHidden(`${q} [data-action="retry"]`), true, 'no retry');
    assert.equal(await page.isHidden(`${q} .quiz-footer [data-action="check"]`), true, 'no submit');
    assert.equal(await page.isDisabled(`${q} [data-question="privacy-phishing-link"] [data-option="0"]`), true);
  };
  await exhausted();
  // Still exhausted after a reload; the last attempt stays on show.
  await page.reload();
  await exhausted();
  assert.deepEqual(await hooks(page, 'privacy-check'), { score: '0/13', passed: 'false' });
  const state = await savedState(page);
  assert.equal(state.quizzes['privacy-check'].attempts.length, 2);
  assert.equal(state.quizzes['privacy-check'].attempts[0].earned.toFixed(4), (5 + 1 / 3).toFixed(4));

  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.outside, []);
  assert.deepEqual(page.errors, []);
  await context.close();
});

/* ---- quizzes/final-assessment.yaml and the certificate ---------------------------------- */

test('the final assessment keeps its draw across reloads, and a pass opens the certificate', async (t) => {
  if (!browser) return t.skip(skip);
  const base = fileUrl(out);
  const { context, page } = await newPage(browser, null);
  await page.goto(base + FINAL);
  const drawn = await visibleQuestions(page, 'final-assessment');
  // 2 fixed + 1 + 2 + 2 + 2 + 1 + 2 from banks + 4 × 2 by competency = 20, no repeats.
  assert.equal(drawn.length, 20);
  assert.equal(new Set(drawn).size, 20);
  assert.ok(drawn.includes('kpi-fcr-compute') && drawn.includes('privacy-phishing-link'), 'fixed questions');
  const count = (stem) => drawn.filter((id) => id.startsWith(stem + '-')).length;
  for (const [stem, n] of [['basics', 1], ['handoff', 2], ['empathy', 2], ['omnichannel', 2], ['knowledge', 1], ['growth', 2]]) {
    assert.ok(count(stem) >= n, `${stem}: at least ${n}`);
  }
  assert.match(await page.textContent('[data-quiz="final-assessment"] [data-quiz-status]'), /Attempt 1 of 3/);

  await answer(page, 'final-assessment', 'privacy-phishing-link', 0);
  await page.reload();
  assert.deepEqual(await visibleQuestions(page, 'final-assessment'), drawn, 'the same draw, in the same order');
  assert.equal(await page.isChecked('[data-question="privacy-phishing-link"] [data-option="0"]'), true);

  // Without a pass, the certificate page says what to do.
  await page.goto(base + 'certificate.html');
  assert.match(await page.textContent('[data-certificate-status]'), /Pass the final assessment/);
  assert.equal(await page.isHidden('[data-certificate]'), true);
  assert.equal(await page.isVisible('a[href$="final-assessment.html"]'), true);

  // Answer every drawn question right and submit.
  await page.goto(base + FINAL);
  assert.deepEqual(await visibleQuestions(page, 'final-assessment'), drawn);
  const data = JSON.parse(await page.textContent('#quiz-data-final-assessment'));
  let possible = 0;
  for (const id of drawn) {
    const q = data.questions.find((x) => x.id === id);
    possible += q.points;
    await answer(page, 'final-assessment', id, rightAnswer(q));
  }
  await page.click('[data-quiz="final-assessment"] .quiz-footer [data-action="check"]');
  assert.deepEqual(await hooks(page, 'final-assessment'), { score: `${possible}/${possible}`, passed: 'true' });
  assert.match(await page.textContent('[data-quiz="final-assessment"] [data-quiz-status]'), /2 attempts left/);
  const link = '[data-certificate-link="final-assessment"] a';
  assert.equal(await page.isVisible(link), true, 'certificate link after a pass');
  await Promise.all([page.waitForNavigation(), page.click(link)]);
  assert.match(page.url(), /certificate\.html$/);

  assert.match(await page.textContent('[data-certificate-status]'), /you passed/);
  assert.match(await page.textContent('[data-certificate-score]'), new RegExp(`100% \\(${possible}/${possible}\\)`));
  assert.match(await page.textContent('[data-certificate-date]'), new RegExp(String(new Date().getFullYear())));
  assert.match(await page.textContent('.certificate'), /Digital skills for customer service/);
  assert.match(await page.textContent('.certificate'), /Self-assessed/);
  await page.fill('[data-certificate-name]', 'Li Wei 李伟');
  assert.equal((await page.textContent('[data-certificate-name-display]')).trim(), 'Li Wei 李伟');
  await page.reload();
  assert.equal(await page.inputValue('[data-certificate-name]'), 'Li Wei 李伟', 'the name is saved');
  assert.equal((await page.textContent('[data-certificate-name-display]')).trim(), 'Li Wei 李伟');
  // Printed, it is one clean page.
  const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
  assert.equal((pdf.match(/\/Type\s*\/Page[^s]/g) || []).length, 1, 'the certificate prints on one page');

  assert.deepEqual(page.outside, []);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a quiz works on a 360 px wide screen', async (t) => {
  if (!browser) return t.skip(skip);
  const { context, page } = await newPage(browser, server.base, { viewport: { width: 360, height: 740 } });
  await page.goto(server.base + CHECK);
  const wide = () => page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(await wide() <= 360, `no sideways scrolling (${await wide()} px)`);
  for (const [qid, a] of [['handoff-flow-order', [0, 1, 2, 3, 4]], ['handoff-trigger-match', [0, 1, 2]], ['handoff-transfer-rate', '15 %']]) {
    await answerAndCheck(page, 'handoff-check', qid, a);
    const feedback = await page.$(`[data-question="${qid}"] [data-feedback]`);
    assert.equal(await feedback.isVisible(), true);
    assert.match(await feedback.textContent(), /Correct/);
  }
  const buttons = await page.$$('[data-question="handoff-flow-order"] [data-item] [data-action]');
  assert.equal(buttons.length, 10);
  for (const b of buttons) {
    const box = await b.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 360 && box.width >= 24, 'order buttons fit and are big enough');
  }
  assert.ok(await wide() <= 360, 'still no sideways scrolling after feedback');
  assert.deepEqual(page.outside, []);
  assert.deepEqual(page.errors, []);
  await context.close();
});
