// The competency map in a real browser (example course), from file:// and over HTTP on a
// sub-path: levels and mastery per competency against values worked out by hand from spec
// §2.7, the role picker, the radar chart and its table, gaps and recommended modules.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { REPO, savedState, fileUrl, newPage, useExampleSite } = require('./helpers');

const en = JSON.parse(fs.readFileSync(path.join(REPO, 'src/locale/en.json'), 'utf8'));

let browser, skip, out, server;
useExampleSite((site) => ({ browser, skip, out, server } = site));

/* The learner's results, written through the store API as quiz.js and case.js do. Versions and
 * points are those of content/ and quizzes/ in this repository. */
function recordResults() {
  const store = window.SkillpressStore.open(document.documentElement.dataset.course);
  // continuous-learning: 1/1 (1 pt), 1/2 (2 pt), 2/2 (2 pt, also digital-leadership).
  store.recordAnswer('basics-case-structure', 'c502bcd5', 1, 1);
  store.recordAnswer('basics-learning-hours', 'b32a909d', 1, 2);
  store.recordAnswer('basics-scale-match', '5586c56e', 2, 2);
  // digital-leadership: 0/1.
  store.recordAnswer('basics-why-change', 'b1b79eda', 0, 1);
  // An answer to an older version of a continuous-learning question: it must not count.
  store.recordAnswer('basics-keep-current', 'stale-version', 1, 1);
  // security-privacy: two wrong answers and a case run scoring above the best (31).
  store.recordAnswer('privacy-alert-signals', 'e36386c9', 0, 1);
  store.recordAnswer('privacy-card-number', '7d3b4295', 0, 1);
  store.recordCaseRun('phishing-dm', 'e66ee75f', { at: 1000, path: [], ending: 'safe-shift', score: 40, fraction: 1, passed: true });
  // resilience: 2/2 (2 pt), 0/2 (2 pt, also response-efficiency), and two runs of
  // double-11-peak (best 33; also response-efficiency and data-insight): only the later counts.
  store.recordAnswer('empathy-utilisation', '1bcd9745', 2, 2);
  store.recordAnswer('kpi-staffing-compute', '55a51f8b', 0, 2);
  store.recordCaseRun('double-11-peak', 'c50ac60d', { at: 1000, path: [], ending: 'steady-peak', score: 33, fraction: 1, passed: true });
  store.recordCaseRun('double-11-peak', 'c50ac60d', { at: 2000, path: [], ending: 'meltdown', score: 11, fraction: 0.33, passed: false });
  // The first module completed: its three lessons and its check.
  ['how-service-went-digital', 'the-competency-map', 'learning-that-keeps-up'].forEach((l) => store.completeLesson('digital-service-basics', l));
  store.recordAttempt('basics-check', { earned: 7, possible: 8, passed: true, answers: {}, versions: {} });
}

// Worked out by hand (spec §2.7; scale 0 / 0.5 / 0.7 / 0.9; min_evidence 3):
const EXPECTED = {
  // (1·1 + 2·0.5 + 2·1) / (1 + 2 + 2) = 4 / 5 = 0.8 → level 3 (Proficient)
  'continuous-learning': { level: '3', mastery: '0.80' },
  // (2·1 + 1·0) / 3 = 0.667, but only 2 items → not yet assessed
  'digital-leadership': { level: 'none', mastery: '0.67' },
  // (1·0 + 1·0 + 3·min(1, 40/31)) / (1 + 1 + 3) = 3 / 5 = 0.6 → level 2
  'security-privacy': { level: '2', mastery: '0.60' },
  // phishing-dm only: 3·1 / 3 = 1, 1 item
  'ethics-compliance': { level: 'none', mastery: '1.00' },
  // (2·1 + 2·0 + 3·(11/33)) / (2 + 2 + 3) = 3 / 7 = 0.43 → level 1
  'resilience': { level: '1', mastery: '0.43' },
  // (2·0 + 3·(11/33)) / (2 + 3) = 1 / 5 = 0.2, 2 items
  'response-efficiency': { level: 'none', mastery: '0.20' },
  // 3·(11/33) / 3 = 0.33, 1 item
  'data-insight': { level: 'none', mastery: '0.33' },
};
const ALL = [
  'digital-communication', 'emotional-service', 'cross-cultural-communication', 'complaint-crisis',
  'personalised-service', 'data-insight', 'human-ai-collaboration', 'smart-tools', 'knowledge-scripts',
  'security-privacy', 'ethics-compliance', 'process-optimisation', 'response-efficiency',
  'cross-functional-collaboration', 'digital-leadership', 'resilience', 'continuous-learning',
];
// content/competencies.yaml
const TARGETS = {
  agent: { 'continuous-learning': 2, 'digital-leadership': 1, 'security-privacy': 2, resilience: 2, 'data-insight': 1 },
  'team-lead': { 'continuous-learning': 3, 'digital-leadership': 4, 'security-privacy': 3, resilience: 3, 'data-insight': 3 },
};

async function rows(page) {
  return page.$$eval('[data-competency]', (list) => Object.fromEntries(list.map((r) => [r.getAttribute('data-competency'), {
    level: r.getAttribute('data-level'), mastery: r.getAttribute('data-mastery'), target: r.getAttribute('data-target'),
  }])));
}

for (const mode of ['file', 'http']) {
  test(`levels, role, radar, gaps and recommendations (${mode})`, async (t) => {
    if (!browser) return t.skip(skip);
    const base = mode === 'file' ? fileUrl(out) : server.base;
    const { context, page } = await newPage(browser, mode === 'http' ? server.base : null);
    try {
      // Before any result: every row "none" / 0.00, with the default role's targets.
      await page.goto(base + 'competencies.html');
      let got = await rows(page);
      assert.deepEqual(Object.keys(got).sort(), [...ALL].sort());
      for (const id of ALL) assert.deepEqual([got[id].level, got[id].mastery], ['none', '0.00'], id);
      assert.equal(got.resilience.target, '2');
      assert.equal(await page.locator('[data-recommendations-empty]').textContent(), en.recommendations_later);
      assert.equal(await page.locator('[data-recommendations] li').count(), 0);

      // The case runs are written by store-records.js, which case pages load and the map does not.
      await page.addScriptTag({ url: 'assets/store-records.js' });
      await page.evaluate(recordResults);
      await page.reload();

      got = await rows(page);
      for (const id of ALL) {
        const want = EXPECTED[id] || { level: 'none', mastery: '0.00' };
        assert.deepEqual([got[id].level, got[id].mastery], [want.level, want.mastery], id);
      }
      for (const [id, target] of Object.entries(TARGETS.agent)) assert.equal(got[id].target, String(target), id);
      // The stale answer was dropped from the saved state, the others kept.
      const state = await savedState(page);
      assert.equal(state.answers['basics-keep-current'], undefined);
      assert.equal(state.answers['basics-case-structure'].earned, 1);

      // Row texts agree with the hooks.
      const cl = page.locator('[data-competency="continuous-learning"]');
      assert.equal(await cl.locator('[data-level-text]').textContent(), '3 · Proficient');
      assert.equal(await cl.locator('[data-target-text]').textContent(), '2 · Practising');
      assert.equal(await cl.locator('.level-seg.is-reached').count(), 3);
      const dl = page.locator('[data-competency="digital-leadership"]');
      assert.equal(await dl.locator('[data-level-text]').textContent(), en.not_yet_assessed);
      assert.equal(await dl.locator('[data-evidence-text]').textContent(), '2 of 3 graded items so far');
      // 3 of 17 assessed (continuous-learning, security-privacy, resilience); with the agent's
      // targets, continuous-learning (3 ≥ 2) and security-privacy (2 ≥ 2) are met.
      assert.equal(await page.locator('[data-map-summary]').textContent(),
        '3 of 17 competencies assessed. Frontline agent: 2 of 17 targets met.');

      // Gaps: resilience 2 − 1 = 1 among the assessed, first; the met ones are not listed.
      const gaps = page.locator('[data-gaps] [data-gap-competency]');
      assert.equal(await gaps.count(), 15);
      assert.equal(await gaps.first().getAttribute('data-gap-competency'), 'resilience');
      assert.equal(await gaps.first().getAttribute('data-gap'), '1');
      assert.equal(await page.locator('[data-gap-competency="continuous-learning"]').count(), 0);
      assert.equal(await page.locator('[data-gap-competency="security-privacy"]').count(), 0);
      // resilience is practised in empathy-online and speed-and-workload (both need the
      // completed digital-service-basics): in course order, nothing else.
      assert.deepEqual(await page.locator('[data-gap-competency="resilience"] a:not(.gap-name)').allTextContents(),
        ['Empathy online', 'Speed and workload']);
      // Recommended next: every module with a gap competency, in course order, without the
      // completed first module (its prerequisites are all done, so the order is the course's).
      const recommended = await page.locator('[data-recommendations] [data-recommended-module]').evaluateAll((l) => l.map((x) => x.getAttribute('data-recommended-module')));
      assert.deepEqual(recommended, [
        'working-with-the-bot', 'empathy-online', 'omnichannel-communication', 'knowledge-and-scripts',
        'speed-and-workload', 'reading-your-data', 'complaints-and-crises', 'privacy-and-compliance',
        'personalisation-and-growth',
      ]);
      assert.equal(await page.locator('[data-recommendations] a').first().getAttribute('href'), 'modules/working-with-the-bot/index.html');

      // Radar: labelled by its title and description, level and target shapes, a table of all rows.
      const radar = page.locator('svg[data-radar]');
      assert.equal(await radar.getAttribute('role'), 'img');
      assert.equal(await radar.getAttribute('aria-labelledby'), 'radar-title radar-desc');
      assert.match(await radar.locator('title#radar-title').textContent(), /Frontline agent/);
      assert.match(await radar.locator('desc#radar-desc').textContent(), /3 of 17 competencies assessed/);
      assert.equal(await radar.locator('polygon.radar-level').count(), 1);
      assert.equal(await radar.locator('polygon.radar-target').count(), 1);
      assert.equal(await radar.locator('circle.radar-dot').count(), 3);
      const table = page.locator('[data-radar-table] tbody tr');
      assert.equal(await table.count(), 17);
      assert.deepEqual(await table.nth(ALL.indexOf('continuous-learning')).locator('th, td').allTextContents(),
        ['17', 'Continuous learning and digital literacy', '3', '2']);

      // Another role: new targets, remembered in the saved state and after a reload.
      await page.locator('[data-role-picker]').selectOption('team-lead');
      got = await rows(page);
      for (const [id, target] of Object.entries(TARGETS['team-lead'])) assert.equal(got[id].target, String(target), id);
      assert.equal(got['continuous-learning'].level, '3', 'levels do not depend on the role');
      assert.match(await radar.locator('title').first().textContent(), /Team lead/);
      assert.equal((await savedState(page)).role, 'team-lead');
      await page.reload();
      assert.equal(await page.locator('[data-role-picker]').inputValue(), 'team-lead');
      assert.equal((await rows(page))['digital-leadership'].target, '4');
      // Team lead: continuous-learning 3 ≥ 3 is met, security-privacy 3 − 2 = 1 is now a gap.
      assert.equal(await page.locator('[data-gap-competency="continuous-learning"]').count(), 0);
      assert.equal(await page.locator('[data-gap-competency="security-privacy"]').getAttribute('data-gap'), '1');

      // The plain-words explanation is on the page.
      assert.match(await page.locator('.how-it-works').textContent(), /weight of 3/);

      assert.deepEqual(page.outside, [], 'requests left the site');
      assert.deepEqual(page.errors, [], 'script errors');
    } finally {
      await context.close();
    }
  });
}

// quizzes/basics-check.yaml: how the test answers each question it knows, what that earns
// (fraction of the points) and what the question is tagged with. Text, order and match
// questions are left unanswered.
const KEYS = {
  'basics-why-change': { options: ['0'], points: 1, fraction: 1, tags: ['digital-leadership'] },
  'basics-hybrid-talent': { options: ['1'], points: 1, fraction: 0, tags: ['continuous-learning'] },
  'basics-change-champion': { options: ['0'], points: 1, fraction: 1, tags: ['digital-leadership'] },
  'basics-training-tracks': { options: ['0', '1', '2'], points: 1, fraction: 1, tags: ['digital-leadership'] },
  'basics-leadership-elements': { options: ['0', '1', '2'], points: 1, fraction: 1, tags: ['digital-leadership'] },
  'basics-keep-current': { options: ['0', '1', '2'], points: 1, fraction: 1, tags: ['continuous-learning'] },
  'basics-onboarding-enough': { options: ['true'], points: 1, fraction: 0, tags: ['continuous-learning'] },
  'basics-skill-matrix': { options: ['true'], points: 1, fraction: 1, tags: ['digital-leadership'] },
  'basics-learning-hours': { value: '48', points: 2, fraction: 1, tags: ['continuous-learning'] },
};

test('answers given in the quiz UI become evidence on the map', async (t) => {
  if (!browser) return t.skip(skip);
  const { context, page } = await newPage(browser, server.base);
  try {
    await page.goto(server.base + 'modules/digital-service-basics/check.html');
    // The bank holds every question; the ones drawn for this attempt are the visible ones.
    const drawn = await page.locator('[data-quiz] [data-question]:visible').evaluateAll((l) => l.map((x) => x.getAttribute('data-question')));
    const answered = drawn.filter((id) => KEYS[id]);
    assert.ok(answered.length >= 3, `only ${answered.length} answerable questions drawn`);
    for (const id of answered) {
      const q = page.locator(`[data-question="${id}"]`);
      if (KEYS[id].value) await q.locator('[data-answer]').fill(KEYS[id].value);
      for (const o of KEYS[id].options || []) await q.locator(`[data-option="${o}"]`).check();
      await q.locator('[data-action="check"]').click();
    }
    await page.goto(server.base + 'competencies.html');
    for (const c of ['continuous-learning', 'digital-leadership']) {
      // Spec §2.7 by hand: Σ points × fraction / Σ points over the answered questions tagged c.
      const items = answered.filter((id) => KEYS[id].tags.includes(c));
      const w = items.reduce((sum, id) => sum + KEYS[id].points, 0);
      const m = w ? items.reduce((sum, id) => sum + KEYS[id].points * KEYS[id].fraction, 0) / w : 0;
      const level = items.length < 3 ? 'none' : m >= 0.9 ? '4' : m >= 0.7 ? '3' : m >= 0.5 ? '2' : '1';
      const row = page.locator(`[data-competency="${c}"]`);
      assert.equal(await row.getAttribute('data-mastery'), m.toFixed(2), `${c}: ${items.join(', ')}`);
      assert.equal(await row.getAttribute('data-level'), level, `${c}: ${items.join(', ')}`);
    }
    assert.deepEqual(page.outside, [], 'requests left the site');
    assert.deepEqual(page.errors, [], 'script errors');
  } finally {
    await context.close();
  }
});

