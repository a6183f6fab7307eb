// The team page in a real browser, from file://, on exports made by playing the example course:
// three learners each take the omnichannel module check (quizzes/omnichannel-check.yaml, every
// question asked, feedback on submit) and two of them play the furious-DM case, then export
// from their progress page. A lead loads those files (and two that must be skipped) and reads
// the heat map, the weakest questions, the case results and the CSV. The learners' answers and
// the export-making are in tests/e2e/team-exports.js (tests/e2e/editions.test.js loads the same
// files on the Chinese edition); every figure is worked out by hand below, and the heat map is
// also checked against each learner's own competency map.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { REPO, fileUrl, newPage, axeViolations, useExampleSite } = require('./helpers');
const { teamExports, heatMapCells } = require('./team-exports');

const en = JSON.parse(fs.readFileSync(path.join(REPO, 'src/locale/en.json'), 'utf8'));

let browser, skip, out;
useExampleSite((site) => ({ browser, skip, out } = site));

test('a lead reads the team from real exports, from disk, with nothing sent anywhere', async (t) => {
  if (!browser) return t.skip(skip);
  const base = fileUrl(out);
  const dir = fs.mkdtempSync(path.join(out, '..', 'team-'));
  const { ana, ben, cara, files } = await teamExports(browser, base, dir);

  const { context, page } = await newPage(browser, null);
  try {
    await page.goto(base + 'team.html');
    assert.equal(await page.textContent('[data-team-privacy]'), en.team_privacy);
    await page.setInputFiles('[data-team-input]', files);
    await page.waitForSelector('[data-team-cell]');

    // Learners by the name typed at export (spaces tidied), else by file name; the other
    // course's file and the broken one are listed with the reason.
    assert.deepEqual(await page.$$eval('[data-team-learner]', (e) => e.map((x) => x.getAttribute('data-team-learner'))), ['Ana Lee', 'Ben Wu', 'cara-progress']);
    assert.deepEqual(await page.$$eval('[data-team-skipped]', (e) => e.map((x) => x.textContent)), [
      'other-course.json — ' + en.team_skip_wrong_course.replace('{course}', 'another-course'),
      'broken.json — ' + en.team_skip_malformed,
    ]);

    // The heat map (role: the course's default, Frontline agent).
    const cells = await heatMapCells(page);
    assert.equal(cells.length, 3 * 17);
    const cell = (l, c) => cells.find((x) => x.learner === l && x.competency === c);
    // digital-communication: the check's questions tagged with it weigh 1+1+1+1+2+1+2 = 9 points,
    // the case 3. Ana: all right and the best ending: 12 / 12 = 1 → level 4 (Expert), target 2.
    // Ben: nothing right, the case 10 / 30: 3 × 1/3 / 12 = 0.08 → level 1, gap 1.
    // Cara: 9 − 1 − 1 = 7 of 9 (no case) = 0.78 → level 3.
    assert.deepEqual([cell('Ana Lee', 'digital-communication').level, cell('Ben Wu', 'digital-communication').level, cell('cara-progress', 'digital-communication').level], ['4', '1', '3']);
    assert.equal(cell('Ana Lee', 'digital-communication').text, '4 · Expert' + en.target_met);
    assert.equal(cell('Ben Wu', 'digital-communication').text, '1 · Aware' + en.team_gap_n.replace('{n}', '1').replace('{target}', '2'));
    // cross-cultural-communication (1+1+1+1+2 = 6 points): Ana 6/6 → 4, Ben 0 → 1, Cara 5/6 → 3.
    assert.deepEqual(['Ana Lee', 'Ben Wu', 'cara-progress'].map((l) => cell(l, 'cross-cultural-communication').level), ['4', '1', '3']);
    // One graded item only (3 are needed): not yet assessed, the whole target is the gap.
    assert.equal(cell('Ana Lee', 'security-privacy').level, 'none');
    assert.equal(cell('Ana Lee', 'security-privacy').gap, '2');
    assert.equal(cell('Ana Lee', 'security-privacy').text, en.not_yet_assessed + en.team_gap_n.replace('{n}', '2').replace('{target}', '2'));
    // Every cell says what the learner's own map says.
    for (const [name, who] of [['Ana Lee', ana], ['Ben Wu', ben], ['cara-progress', cara]]) {
      for (const row of who.map) assert.equal(cell(name, row.id).level, row.level, `${name} ${row.id}`);
    }

    // Sorting by total gap: the agent's 17 targets sum to 28; Ana and Cara meet 2 (digital 2,
    // cross-cultural 1): 25; Ben meets cross-cultural only: 26. Ties by name.
    await page.click('[data-team-sort="gap"]');
    assert.deepEqual(await page.$$eval('[data-team-heatmap] tbody th', (e) => e.map((x) => x.textContent)), ['Ben Wu', 'Ana Lee', 'cara-progress']);
    assert.deepEqual(await page.$$eval('[data-team-heatmap] .team-total', (e) => e.map((x) => x.textContent)), ['26', '25', '25']);
    assert.equal(await page.getAttribute('[data-team-sort="gap"] >> xpath=..', 'aria-sort'), 'descending');
    await page.click('[data-team-sort="learner"]');

    // Weakest questions: Ben got all 12 wrong, Cara 3, Ana none. 2 of 3 wrong first (in the
    // course's question order), then 1 of 3. The most chosen wrong answer: both chose option 2
    // of dm-definition; "Direct" and "direct " are one answer; unified-platform is a tie (0 and
    // 1), won by the first learner's.
    const weak = await page.$$eval('[data-team-question]', (e) => e.map((x) => [x.getAttribute('data-team-question'), x.getAttribute('data-share-wrong'),
      x.querySelector('[data-team-wrong-answer]') && x.querySelector('[data-team-wrong-answer]').getAttribute('data-team-wrong-answer')]));
    assert.deepEqual(weak.slice(0, 3), [
      ['omnichannel-dm-definition', '0.67', '2'],
      ['omnichannel-indirect-style', '0.67', '"direct"'],
      ['omnichannel-unified-platform', '0.67', '0'],
    ]);
    assert.deepEqual(weak.slice(3).map((w) => [w[0], w[1]]), [
      'omnichannel-channel-style', 'omnichannel-culture-friction', 'omnichannel-data-location', 'omnichannel-dm-traits',
      'omnichannel-localise', 'omnichannel-public-order-number', 'omnichannel-techniques', 'omnichannel-third-contact-order',
      'omnichannel-timezone-deadline',
    ].map((id) => [id, '0.33']));
    const first = page.locator('[data-team-question="omnichannel-dm-definition"]');
    assert.match(await first.textContent(), /Wrong: 2 of 3 \(67 %\)/);
    assert.match(await page.locator('[data-team-question="omnichannel-indirect-style"]').textContent(), /“?Direct”? \(2\)/);

    // Case results: two played; one each of won-back and closed-cold; (30 + 10) / 2 = 20 of 30.
    const caseRow = page.locator('[data-team-case="furious-dm"]');
    assert.deepEqual(await caseRow.locator('[data-team-ending]').evaluateAll((e) => e.map((x) => [x.dataset.teamEnding, x.dataset.count])),
      [['closed-cold', '1'], ['gone-public', '0'], ['won-back', '1']]);
    assert.match(await caseRow.textContent(), /20 of 30 \(67 %\)/);

    // Completion: nobody completed a lesson, but Ana passed the omnichannel module check (all
    // right) and Ben did not (all wrong). The final assessment is the course's one assessment.
    const completion = await page.$$eval('[data-team-completion-learner]', (rows) => rows.map((r) =>
      [r.dataset.teamCompletionLearner, ...[...r.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent)]));
    assert.deepEqual(completion.slice(0, 2), [
      ['Ana Lee', '0 / 10', '0 / 30', '1 / 10', '0 / 1'],
      ['Ben Wu', '0 / 10', '0 / 30', '0 / 10', '0 / 1'],
    ]);

    // The CSV: a row per learner × competency as the learners' own maps have them, then a row
    // per weak question.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export-csv"]')]);
    assert.equal(download.suggestedFilename(), 'cs-digital-skills-team.csv');
    const csv = fs.readFileSync(await download.path());
    const counts = { // graded items per competency, by hand (the case counts for three)
      'Ana Lee': { 'digital-communication': 8, 'cross-cultural-communication': 5, 'security-privacy': 1, 'ethics-compliance': 1, 'emotional-service': 1, 'complaint-crisis': 1 },
      'cara-progress': { 'digital-communication': 7, 'cross-cultural-communication': 5, 'security-privacy': 1, 'ethics-compliance': 1 },
    };
    counts['Ben Wu'] = counts['Ana Lee'];
    const lines = ['record,learner,competency,level,mastery,target,gap,evidence,question,answered,wrong,share_wrong,most_chosen_wrong_answer'];
    for (const [name, who] of [['Ana Lee', ana], ['Ben Wu', ben], ['cara-progress', cara]]) {
      for (const row of who.map) {
        const n = counts[name][row.id] || 0;
        const target = row.target === 'none' ? '' : row.target;
        const gap = row.target === 'none' ? 0 : Math.max(0, Number(row.target) - (row.level === 'none' ? 0 : Number(row.level)));
        lines.push(['competency', name, row.id, row.level, n ? String(Number(row.mastery)) : '', target, gap, n, '', '', '', '', ''].join(','));
      }
    }
    const texts = await page.$$eval('[data-team-question]', (e) => Object.fromEntries(e.map((x) => [x.getAttribute('data-team-question'), x.querySelector('[data-team-wrong-answer]').textContent])));
    const quote = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    for (const [id, share] of weak) {
      const wrong = share === '0.67' ? 2 : 1;
      lines.push(['question', '', '', '', '', '', '', '', id, 3, wrong, share, quote(texts[id])].join(','));
    }
    assert.equal(csv.toString('utf8'), '\uFEFF' + lines.join('\r\n') + '\r\n');
    assert.equal(texts['omnichannel-indirect-style'], 'Direct');
    assert.equal(texts['omnichannel-dm-definition'], ben.options['omnichannel-dm-definition/2']);
    assert.equal(texts['omnichannel-unified-platform'], ben.options['omnichannel-unified-platform/0']);
    assert.equal(texts['omnichannel-techniques'], `${ben.options['omnichannel-techniques/4']} + ${ben.options['omnichannel-techniques/5']}`);
    // The weakest question reads as the quiz asks it, and links to its quiz.
    assert.match(await first.locator('.team-question-text').textContent(), /^Which description fits DM \(private-message\) customer service best\?$/);
    assert.equal(await first.locator('a').getAttribute('href'), 'quizzes/omnichannel-check.html');
    assert.equal(texts['omnichannel-public-order-number'], en.true);

    // Nothing of the team was stored, nothing left file://, no error, and axe is clean.
    assert.deepEqual(await page.evaluate(() => Object.keys(window.localStorage).filter((k) => k.startsWith('skillpress-team'))), []);
    assert.deepEqual(page.outside, []);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(await axeViolations(page), []);

    // Keeping the files is the lead's choice: ticked, they come back after a reload; unticked,
    // they are gone from storage.
    await page.check('[data-team-keep]');
    await page.reload();
    await page.waitForSelector('[data-team-cell]');
    assert.equal(await page.locator('[data-team-learner]').count(), 3);
    assert.equal(await page.isChecked('[data-team-keep]'), true);
    await page.uncheck('[data-team-keep]');
    assert.deepEqual(await page.evaluate(() => Object.keys(window.localStorage).filter((k) => k.startsWith('skillpress-team'))), []);
    assert.deepEqual(page.outside, []);
  } finally {
    await context.close();
  }
});
