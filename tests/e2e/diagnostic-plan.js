// The diagnostic plan of tests/e2e/diagnostic.test.js, shared with tests/e2e/editions.test.js so
// both editions of the example course are driven with the same answers and held to the same
// results: learner A's self-ratings and right answers for the agent's diagnostic, the levels,
// confidence notes and path worked out by hand from quizzes/*.yaml and content/competencies.yaml,
// and the browser steps that take the diagnostic and read the path. Not a test file itself
// (tests/js.rs runs only *.test.js).
'use strict';

const assert = require('node:assert/strict');
const { rightAnswer } = require('./helpers');

/* The agent's diagnostic (course.yaml): two questions per competency, weight 0.5 (the same for
 * every diagnostic answer, so it cancels out while there is no other evidence). Per competency:
 * the self-rating, then `right`: the questions answered right; every other question is left
 * blank and submitted, which grades it 0. */
const LEARNER_A = {
  'digital-communication': { rate: 4, right: [] },
  'emotional-service': { rate: 2, right: ['empathy-nps-not-emotion'] },
  'personalised-service': { rate: 3, right: ['growth-conversion-compute'] },
  'human-ai-collaboration': { rate: 1, right: ['handoff-review-loop', 'handoff-transfer-rate'] },
  'smart-tools': { rate: 2, right: [] },
  'knowledge-scripts': { rate: 3, right: ['knowledge-consistency-signal', 'knowledge-dissatisfied-pattern'] },
  'security-privacy': { rate: 3, right: [] },
  'ethics-compliance': { rate: 2, right: ['privacy-data-rights', 'privacy-deidentify-tf'] },
  'response-efficiency': { rate: 2, right: ['kpi-fcr-name', 'kpi-aht-tradeoff'] },
  'resilience': { rate: 2, right: ['kpi-occupancy-myth'] },
  'continuous-learning': { rate: 2, right: [] },
};

/* Levels by hand (scale: 1 from 0, 2 from 0.5, 3 from 0.7, 4 from 0.9; every question 1 point
 * but handoff-transfer-rate, 2; a finished diagnostic shows a level below min_evidence):
 *   digital-communication 0/2 = 0 → 1; rated 4: three above → over-confidence
 *   emotional-service 1/2 = 0.5 → 2
 *   personalised-service 1/2 = 0.5 → 2 (rated 3: one apart, no note)
 *   human-ai-collaboration (1 + 2)/3 = 1 → 4; rated 1: three below → under-confidence
 *   smart-tools 0/2 → 1
 *   knowledge-scripts: its two right, plus knowledge-ai-suggestion (asked under smart-tools,
 *     also tagged knowledge-scripts) blank: 2/3 = 0.67 → 2
 *   security-privacy: its two blank, plus privacy-deidentify-tf (asked under ethics, also
 *     tagged security-privacy) right: 1/3 = 0.33 → 1; rated 3: two above → over-confidence
 *   ethics-compliance 2/2 → 4; rated 2: two below → under-confidence
 *   response-efficiency: its two right, plus kpi-occupancy-myth (asked under resilience) right:
 *     3/3 → 4; rated 2: two below → under-confidence
 *   resilience: empathy-stress-signals blank, kpi-occupancy-myth right: 1/2 → 2
 *   continuous-learning 0/2 → 1 */
const LEVELS_A = {
  'digital-communication': '1', 'emotional-service': '2', 'personalised-service': '2',
  'human-ai-collaboration': '4', 'smart-tools': '1', 'knowledge-scripts': '2',
  'security-privacy': '1', 'ethics-compliance': '4', 'response-efficiency': '4',
  'resilience': '2', 'continuous-learning': '1',
};
const CONFIDENCE_A = {
  'digital-communication': ['over', 3], 'security-privacy': ['over', 2], 'human-ai-collaboration': ['under', 3],
  // rated 2, measured 4: two below.
  'ethics-compliance': ['under', 2], 'response-efficiency': ['under', 2],
};

/* The agent's targets minus these levels (a competency the diagnostic did not cover counts 0):
 * gap 1 for digital-communication, smart-tools, security-privacy, continuous-learning and for
 * the six uncovered competencies (all targets 1); 0 elsewhere. Every module's gap is 1 except
 * empathy-online and speed-and-workload (0: skippable), so urgency is 1 everywhere (those two
 * are required by complaints-and-crises and reading-your-data) and ties go by the sum of gaps,
 * then course order:
 *   digital-service-basics (the only module without prerequisites), omnichannel (sum 2),
 *   working-with-the-bot and knowledge-and-scripts (sum 1, course order), privacy-and-compliance
 *   (needs the bot module), empathy-online (gap 0, but complaints needs it), complaints (sum 2),
 *   speed-and-workload (gap 0, reading-your-data needs it), reading-your-data, personalisation
 *   (needs reading-your-data and privacy). */
const PATH_A = [
  'digital-service-basics', 'omnichannel-communication', 'working-with-the-bot', 'knowledge-and-scripts',
  'privacy-and-compliance', 'empathy-online', 'complaints-and-crises', 'speed-and-workload',
  'reading-your-data', 'personalisation-and-growth',
];
const SKIP_A = ['empathy-online', 'speed-and-workload'];

/** Answers one question of the page the way a learner would (choice, tick, typed text). */
async function answer(page, scope, q) {
  const a = rightAnswer(q);
  if (q.type === 'single' || q.type === 'true_false') await page.check(`${scope} [data-option="${a}"]`);
  else if (q.type === 'multiple') for (const i of a) await page.check(`${scope} [data-option="${i}"]`);
  else if (q.type === 'text' || q.type === 'numeric') await page.fill(`${scope} [data-answer]`, String(a));
  else throw new Error(`the agent's diagnostic should ask no ${q.type} question (${q.id})`);
}

/** Takes the diagnostic on the open diagnostic page with `plan`. */
async function takeDiagnostic(page, plan) {
  for (const [competency, { rate, right }] of Object.entries(plan)) {
    await page.check(`[data-self-rating="${competency}"] input[value="${rate}"]`);
    const quiz = `[data-quiz="diagnostic:${competency}"]`;
    const data = JSON.parse(await page.textContent(`${quiz} script[type="application/json"]`));
    for (const id of right) {
      const q = data.questions.find((x) => x.id === id);
      assert.ok(q, `${id} is asked under ${competency}`);
      await answer(page, `${quiz} [data-question="${id}"]`, q);
    }
    await page.click(`${quiz} .quiz-footer [data-action="check"]`);
    await page.waitForSelector(`[data-diagnostic-competency="${competency}"][data-done="true"]`);
  }
}

/** The levels the finished diagnostic shows, by competency id. */
function levelsOf(page) {
  return page.locator('[data-diagnostic-results] [data-result-competency]').evaluateAll((l) =>
    Object.fromEntries(l.map((x) => [x.getAttribute('data-result-competency'), x.getAttribute('data-level')])));
}

/** The path on the open page (home or progress): the modules in order, and the skippable ones. */
async function pathOf(page) {
  const list = page.locator('[data-path] [data-path-module]');
  return {
    order: await list.evaluateAll((l) => l.map((x) => x.getAttribute('data-path-module'))),
    skip: await page.locator('[data-path] [data-skip]').evaluateAll((l) => l.map((x) => x.getAttribute('data-path-module'))),
  };
}

module.exports = { LEARNER_A, LEVELS_A, CONFIDENCE_A, PATH_A, SKIP_A, takeDiagnostic, levelsOf, pathOf };
