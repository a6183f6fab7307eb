// The diagnostic, the reply library and the team page on the Chinese edition (zh-CN/) of the
// example course, held to what the English edition does: issues 15, 16 and 14 ask for these
// features "in every language the course has", and tests/e2e/diagnostic.test.js, replies.test.js
// and team.test.js drive English only. The same learner plan (tests/e2e/diagnostic-plan.js) must
// give the same levels, notes and path; a reply is filtered, filled in and copied as Chinese text;
// the same progress exports (tests/e2e/team-exports.js) must give the same heat map and CSV rows.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { REPO, fileUrl, newPage, useExampleSite } = require('./helpers');
const { LEARNER_A, LEVELS_A, CONFIDENCE_A, PATH_A, SKIP_A, takeDiagnostic, levelsOf, pathOf } = require('./diagnostic-plan');
const { QUIZ, teamExports, heatMapCells } = require('./team-exports');

const locale = (lang) => JSON.parse(fs.readFileSync(path.join(REPO, `src/locale/${lang}.json`), 'utf8'));
const en = locale('en');
const zh = locale('zh-CN');
const HAN = /[\u4e00-\u9fff]/;

let browser, skip, out, server;
useExampleSite((site) => ({ browser, skip, out, server } = site));

/**
 * A reply's `text: |` block as written in its YAML source (two-space indent removed, the final
 * line break dropped), read here rather than from the page so the test says what the copied
 * text must be, independently of how the page renders it.
 */
function replySource(file) {
  const lines = fs.readFileSync(path.join(REPO, 'content/replies', file), 'utf8').split('\n');
  const start = lines.indexOf('text: |');
  assert.ok(start >= 0, `${file} has a literal text block`);
  const body = [];
  for (const line of lines.slice(start + 1)) {
    if (line !== '' && !line.startsWith('  ')) break;
    body.push(line.slice(2));
  }
  return body.join('\n').replace(/\n+$/, '');
}

/** Writes the values into `{name}` placeholders; the others stay as they are. */
function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));
}

test('the Chinese diagnostic gives the English levels, notes and path (http, sub-path)', async (t) => {
  if (skip) return t.skip(skip);
  const { context, page } = await newPage(browser, server.base);
  try {
    await page.goto(server.base + 'zh-CN/index.html');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await page.locator('[data-diagnostic-offer]').isVisible(), true);
    assert.equal(await page.textContent('[data-path-note]'), zh.path_targets_only);
    await page.click('[data-diagnostic-offer] a');
    // The offer leads to the diagnostic of the same edition.
    assert.equal(page.url(), server.base + 'zh-CN/diagnostic.html');
    assert.equal(await page.inputValue('[data-diagnostic-role]'), 'agent');
    const shown = await page.locator('[data-diagnostic-competency]:not([hidden])').evaluateAll((l) => l.map((x) => x.getAttribute('data-diagnostic-competency')));
    assert.deepEqual(shown, Object.keys(LEARNER_A));

    await takeDiagnostic(page, LEARNER_A);
    assert.equal(await page.locator('[data-diagnostic-done]').isVisible(), true);
    assert.deepEqual(await levelsOf(page), LEVELS_A);
    // The same notes as in English (kind and number of levels apart), worded in Chinese.
    for (const [id, [kind, n]] of Object.entries(CONFIDENCE_A)) {
      const li = page.locator(`[data-diagnostic-results] [data-result-competency="${id}"]`);
      assert.equal(await li.getAttribute('data-confidence'), kind, id);
      const note = await li.locator('.confidence-note').textContent();
      assert.equal(note, zh[`confidence_${kind}`].replace('{n}', n), id);
      assert.match(note, HAN, id);
    }
    assert.equal(await page.locator('[data-diagnostic-results] [data-confidence]').count(), Object.keys(CONFIDENCE_A).length);

    // The path on the Chinese home page: the plan's, the first three modules included, and its
    // links stay in the Chinese edition.
    await page.goto(server.base + 'zh-CN/index.html');
    assert.equal(await page.locator('[data-diagnostic-offer]').isVisible(), false);
    const home = await pathOf(page);
    assert.deepEqual(home.order.slice(0, 3), ['digital-service-basics', 'omnichannel-communication', 'working-with-the-bot']);
    assert.deepEqual(home.order, PATH_A);
    assert.deepEqual(home.skip, SKIP_A);
    assert.equal(await page.textContent('[data-path-note]'), zh.path_intro);
    const skipLink = page.locator('[data-path-module="empathy-online"] .path-skip a');
    assert.equal(await skipLink.evaluate((a) => a.href), server.base + 'zh-CN/modules/empathy-online/check.html');

    // The Chinese map shows the same levels, and the English home page the same path: the
    // diagnostic's evidence is shared between the editions.
    await page.goto(server.base + 'zh-CN/competencies.html');
    for (const [id, level] of Object.entries(LEVELS_A)) {
      assert.equal(await page.getAttribute(`[data-competency="${id}"]`, 'data-level'), level, id);
    }
    await page.goto(server.base + 'index.html');
    assert.deepEqual(await pathOf(page), home);
    assert.equal(await page.textContent('[data-path-note]'), en.path_intro);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(page.outside, []);
  } finally {
    await context.close();
  }
});

const REPLY = '[data-reply="bot-loop-takeover"]';

test('the Chinese reply library filters, fills in and copies the Chinese text (file://)', async (t) => {
  if (skip) return t.skip(skip);
  const { context, page } = await newPage(browser, null);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // Record any fallback copy: with the clipboard API available and allowed, there must be none.
  await context.addInitScript(() => {
    const exec = document.execCommand.bind(document);
    window.__execCommands = [];
    document.execCommand = (name, ...rest) => {
      window.__execCommands.push(name);
      return exec(name, ...rest);
    };
  });
  try {
    const base = fileUrl(out);
    const visible = () => page.locator('[data-reply-item]:not([hidden])');
    await page.goto(base + 'replies/index.html');
    const englishTotal = await page.locator('[data-reply-item]').count();

    // From the Chinese home page, the sidebar's library link stays in Chinese.
    await page.goto(base + 'zh-CN/index.html');
    await Promise.all([
      page.waitForURL(base + 'zh-CN/replies/index.html'),
      page.locator('[data-sidebar-links] a', { hasText: zh.reply_library }).click(),
    ]);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    const total = await page.locator('[data-reply-item]').count();
    assert.equal(total, englishTotal, 'every reply is in both libraries');
    assert.equal(await visible().count(), total);

    // The scenario filter, labelled as content/replies/_library.zh-CN.yaml names it.
    const filter = page.locator('[data-reply-filter="scenario"]');
    assert.equal((await filter.locator('option[value="handoff"]').textContent()).trim(), '从机器人转人工接手');
    await filter.selectOption('handoff');
    const scenarios = await visible().locator('[data-reply]').evaluateAll((els) => els.map((e) => e.getAttribute('data-scenario')));
    assert.ok(scenarios.length >= 1 && scenarios.length < total, `${scenarios.length} replies shown`);
    for (const s of scenarios) assert.equal(s, 'handoff');
    assert.equal(await page.locator('[data-reply-count-value]').textContent(), String(scenarios.length));
    assert.equal(await page.locator(REPLY).isVisible(), true);

    // The search box takes Chinese words (no spaces between them).
    await page.locator('[data-action="clear-filters"]').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-reply-item]:not([hidden])').length === n, total);
    await page.locator('[data-reply-search]').fill('钓鱼');
    const found = await visible().locator('[data-reply]').evaluateAll((els) => els.map((e) => e.getAttribute('data-reply')));
    assert.ok(found.includes('phishing-warning-customer'), found.join());
    assert.ok(found.length < 5, found.join());
    await page.locator('[data-reply-search]').fill('');
    await filter.selectOption('handoff');

    // Filled in and copied: the Chinese source text with the values in place, the placeholder
    // left empty still showing.
    const reply = page.locator(REPLY);
    const values = { customer_name: '王女士', agent_name: '小林', order_id: 'SN-2048' };
    for (const [name, value] of Object.entries(values)) await reply.locator(`[data-reply-fill="${name}"]`).fill(value);
    const expected = fill(replySource('bot-loop-takeover.zh-CN.yaml'), values);
    assert.match(expected, /^王女士您好，我是ShopNest客服小林，/);
    assert.match(expected, /订单SN-2048显示已送达/);
    assert.match(expected, /\{time\}前在这里给您回复/);
    assert.equal(await reply.locator('[data-reply-text]').textContent(), expected);
    assert.equal(await reply.locator('mark.is-filled').count(), 3);
    await reply.locator('[data-action="copy"]').click();
    await page.waitForFunction((sel) => document.querySelector(`${sel} [data-reply-status]`).textContent !== '', REPLY);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected, 'the clipboard holds the filled-in Chinese text');
    assert.deepEqual(await page.evaluate(() => window.__execCommands), [], 'the clipboard API was used');
    assert.equal(await reply.locator('[data-reply-status]').textContent(), zh.reply_copied);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(page.outside, []);
  } finally {
    await context.close();
  }
});

test('a Chinese lesson embeds the reply its English source embeds, and it works (file://)', async (t) => {
  if (skip) return t.skip(skip);
  const { context, page } = await newPage(browser, null);
  try {
    const lesson = 'modules/knowledge-and-scripts/the-script-library.html';
    const embedded = () => page.locator('main [data-reply]').evaluateAll((els) => els.map((e) => e.getAttribute('data-reply')));
    await page.goto(fileUrl(out) + lesson);
    const english = await embedded();
    assert.deepEqual(english, ['bot-loop-takeover']);
    await page.goto(fileUrl(out) + 'zh-CN/' + lesson);
    assert.deepEqual(await embedded(), english);
    const reply = page.locator(`main ${REPLY}`);
    assert.match(await reply.locator('.reply-title').textContent(), HAN);
    await reply.locator('[data-reply-fill="customer_name"]').fill('王女士');
    assert.match(await reply.locator('[data-reply-text]').textContent(), /^王女士您好，/);
    assert.equal(await reply.locator('[data-action="copy"]').isVisible(), true);
    // The lesson's link to the library leads to the Chinese library.
    const links = await page.locator('main .prose a[href$="replies/index.html"]').evaluateAll((l) => l.map((a) => a.href));
    assert.ok(links.length >= 1, 'the lesson links to the library');
    for (const href of links) assert.equal(href, fileUrl(out) + 'zh-CN/replies/index.html');
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

/** Loads `files` into an edition's team page and reads what a lead sees and downloads. */
async function readTeam(base, files) {
  const { context, page } = await newPage(browser, null);
  try {
    await page.goto(base + 'team.html');
    await page.setInputFiles('[data-team-input]', files);
    await page.waitForSelector('[data-team-cell]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export-csv"]')]);
    const result = {
      lang: await page.getAttribute('html', 'lang'),
      privacy: await page.textContent('[data-team-privacy]'),
      learners: await page.$$eval('[data-team-learner]', (e) => e.map((x) => x.getAttribute('data-team-learner'))),
      skipped: await page.$$eval('[data-team-skipped]', (e) => e.map((x) => x.textContent)),
      cells: await heatMapCells(page),
      wrongKeys: await page.$$eval('[data-team-question]', (e) => e.map((x) => [x.getAttribute('data-team-question'),
        x.querySelector('[data-team-wrong-answer]').getAttribute('data-team-wrong-answer')])),
      learnerLines: await page.$$eval('[data-team-learner]', (e) => e.map((x) => x.textContent)),
      endings: await page.$$eval('[data-team-case="furious-dm"] [data-team-ending]', (e) => e.map((x) => x.textContent)),
      wrongLine: await page.$eval('[data-team-question]', (x) => x.textContent),
      filename: download.suggestedFilename(),
      csv: fs.readFileSync(await download.path(), 'utf8'),
    };
    assert.deepEqual(page.errors, []);
    assert.deepEqual(page.outside, []);
    return result;
  } finally {
    await context.close();
  }
}

/** A quiz's option texts as its page shows them, by `question/option`. */
async function optionTexts(url) {
  const { context, page } = await newPage(browser, null);
  try {
    await page.goto(url);
    return Object.fromEntries(await page.$$eval(`[data-quiz="${QUIZ}"] [data-option]`, (els) => els.map((e) => [
      e.closest('[data-question]').getAttribute('data-question') + '/' + e.getAttribute('data-option'),
      (e.closest('label').querySelector('.option-text') || e.closest('label')).textContent.trim(),
    ])));
  } finally {
    await context.close();
  }
}

/** RFC 4180 fields of one CSV line (the team CSV quotes only fields with `"`, `,` or line breaks). */
function csvFields(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { fields.push(field); field = ''; } else field += c;
  }
  fields.push(field);
  return fields;
}

test('the Chinese team page reads the same exports into the same heat map and CSV rows (file://)', async (t) => {
  if (skip) return t.skip(skip);
  const base = fileUrl(out);
  const dir = fs.mkdtempSync(path.join(out, '..', 'team-editions-'));
  // The exports of tests/e2e/team.test.js, made on the English edition.
  const { files } = await teamExports(browser, base, dir);
  const english = await readTeam(base, files);
  const chinese = await readTeam(base + 'zh-CN/', files);

  assert.equal(chinese.lang, 'zh-CN');
  assert.equal(chinese.privacy, zh.team_privacy);
  assert.deepEqual(chinese.learners, english.learners);
  assert.deepEqual(chinese.learners, ['Ana Lee', 'Ben Wu', 'cara-progress']);
  assert.deepEqual(chinese.skipped, [
    'other-course.json — ' + zh.team_skip_wrong_course.replace('{course}', 'another-course'),
    'broken.json — ' + zh.team_skip_malformed,
  ]);

  // The same cells, in the same order, with the same levels and gaps; only the words differ.
  assert.equal(english.cells.length, 3 * 17);
  assert.equal(chinese.cells.length, english.cells.length);
  const facts = (c) => [c.learner, c.competency, c.level, c.gap];
  assert.deepEqual(chinese.cells.map(facts), english.cells.map(facts));
  const ben = chinese.cells.find((c) => c.learner === 'Ben Wu' && c.competency === 'digital-communication');
  // 了解 is level 1's name in content/competencies.zh-CN.yaml.
  assert.equal(ben.text, '1 · 了解' + zh.team_gap_n.replace('{n}', '1').replace('{target}', '2'));
  assert.deepEqual(chinese.wrongKeys, english.wrongKeys);

  // Punctuation between the page's strings is the edition's own: full-width colon and brackets
  // in Chinese (证据没了：0, Ana Lee（ana.json）), as in English before.
  assert.deepEqual(english.learnerLines[0], 'Ana Lee (ana.json)');
  assert.deepEqual(chinese.learnerLines[0], 'Ana Lee（ana.json）');
  assert.ok(english.endings.length > 0 && english.endings.every((e) => /[^ ]: \d+$/.test(e)), english.endings.join(' | '));
  assert.ok(chinese.endings.length > 0 && chinese.endings.every((e) => /[^ ：]：\d+$/.test(e)), chinese.endings.join(' | '));
  assert.match(english.wrongLine, /most chosen wrong answer: \S/);
  assert.ok(chinese.wrongLine.includes(zh.team_most_chosen_wrong + '：') && !/[:(]/.test(chinese.wrongLine.replace(/\d+:\d+/g, '')), chinese.wrongLine);

  // The CSV: same file name, same heading (team-data.js writes its column names in English in
  // every edition, for spreadsheets and scripts), same rows. The one column that may differ is
  // the most chosen wrong answer, written as the edition's quiz shows it.
  assert.equal(chinese.filename, english.filename);
  const enLines = english.csv.split('\r\n');
  const zhLines = chinese.csv.split('\r\n');
  assert.equal(zhLines.length, enLines.length);
  assert.equal(zhLines[0], enLines[0]);
  assert.ok(zhLines[0].startsWith('\uFEFFrecord,learner,'), zhLines[0]);
  const competencyRows = enLines.filter((l) => l.startsWith('competency,'));
  assert.equal(competencyRows.length, 3 * 17);
  const answers = {};
  for (let i = 1; i < enLines.length; i++) {
    const [e, z] = [csvFields(enLines[i]), csvFields(zhLines[i])];
    if (e[0] !== 'question') {
      assert.equal(zhLines[i], enLines[i], `CSV line ${i + 1}`);
      continue;
    }
    assert.deepEqual(z.slice(0, -1), e.slice(0, -1), `CSV line ${i + 1}`);
    answers[z[8]] = [e[e.length - 1], z[z.length - 1]];
  }
  assert.equal(Object.keys(answers).length, 12, 'a row per weak question');
  const zhOptions = await optionTexts(base + `zh-CN/quizzes/${QUIZ}.html`);
  const enOptions = await optionTexts(base + `quizzes/${QUIZ}.html`);
  // Chosen options are the Chinese quiz's texts; typed answers stay as typed.
  assert.deepEqual(answers['omnichannel-dm-definition'], [enOptions['omnichannel-dm-definition/2'], zhOptions['omnichannel-dm-definition/2']]);
  assert.match(zhOptions['omnichannel-dm-definition/2'], HAN);
  assert.deepEqual(answers['omnichannel-techniques'], [
    `${enOptions['omnichannel-techniques/4']} + ${enOptions['omnichannel-techniques/5']}`,
    `${zhOptions['omnichannel-techniques/4']} + ${zhOptions['omnichannel-techniques/5']}`,
  ]);
  assert.deepEqual(answers['omnichannel-public-order-number'], [en.true, zh.true]);
  assert.deepEqual(answers['omnichannel-indirect-style'], ['Direct', 'Direct']);
});
