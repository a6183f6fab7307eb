// The reply-template library in a real browser, on the built example course opened from
// file:// (and over HTTP on a sub-path for axe, which cannot read stylesheets from file://):
// an agent finds the wording for "customer wants a human after three bot loops" from the home
// page in two clicks, fills in the name and order number and copies the reply (clipboard API,
// then the selected-textarea fallback); the filters and the library's search box narrow the
// list; the site search finds a reply; no serious or critical axe violation.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { fileUrl, newPage, axeViolations, useExampleSite } = require('./helpers');

let site;
useExampleSite((s) => { site = s; });

const REPLY = '[data-reply="bot-loop-takeover"]';

/** The reply's text as the page would copy it. */
function replyText(page) {
  return page.locator(`${REPLY} [data-reply-text]`).textContent();
}

/** Opens the library from the home page: click 1 is the sidebar link, click 2 the scenario. */
async function findTheBotLoopReply(page) {
  await page.goto(fileUrl(site.out) + 'index.html');
  let clicks = 0;
  await Promise.all([
    page.waitForURL((u) => u.pathname.endsWith('replies/index.html')),
    page.locator('[data-sidebar-links] a', { hasText: 'Reply library' }).click(),
  ]);
  clicks++;
  await page.locator('[data-reply-filter="scenario"]').selectOption('handoff');
  clicks++;
  return clicks;
}

test('find the bot-loop wording in two clicks, fill it in and copy it (clipboard API)', async (t) => {
  if (!site.browser) return t.skip(site.skip);
  const { context, page } = await newPage(site.browser, null);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // Record any fallback copy: with the API available and allowed, there must be none.
  await context.addInitScript(() => {
    const exec = document.execCommand.bind(document);
    window.__execCommands = [];
    document.execCommand = (name, ...rest) => {
      window.__execCommands.push(name);
      return exec(name, ...rest);
    };
  });
  const clicks = await findTheBotLoopReply(page);
  assert.ok(clicks < 3, `${clicks} clicks`);
  const reply = page.locator(REPLY);
  assert.equal(await reply.isVisible(), true, 'the reply is shown');
  // Only the hand-off scenario is left, and the count says how many.
  const shown = await page.locator('[data-reply-item]:not([hidden])').count();
  assert.ok(shown >= 1 && shown < 10, `${shown} replies shown`);
  assert.equal(await page.locator('[data-reply-count-value]').textContent(), String(shown));
  for (const scenario of await page.locator('[data-reply-item]:not([hidden]) [data-reply]').evaluateAll(
    (els) => els.map((e) => e.getAttribute('data-scenario')),
  )) {
    assert.equal(scenario, 'handoff');
  }

  // The placeholders are highlighted until filled in.
  const before = await replyText(page);
  assert.match(before, /\{customer_name\}/);
  assert.ok((await reply.locator('mark[data-slot="order_id"]').count()) >= 1);
  await reply.locator('[data-reply-fill="customer_name"]').fill('Ms Zhou');
  await reply.locator('[data-reply-fill="order_id"]').fill('SN-2048');
  const filled = await replyText(page);
  assert.match(filled, /^Hi Ms Zhou, /);
  assert.match(filled, /order SN-2048 shows as delivered/);
  assert.match(filled, /\{agent_name\}/, 'a placeholder left empty stays visible');
  assert.equal(await reply.locator('mark.is-filled').count(), 2);

  await reply.locator('[data-action="copy"]').click();
  await assert.doesNotReject(
    page.waitForFunction(() => document.querySelector('[data-reply="bot-loop-takeover"] [data-reply-status]').textContent !== ''),
  );
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, filled, 'the clipboard holds the filled-in text');
  assert.deepEqual(await page.evaluate(() => window.__execCommands), [], 'the clipboard API was used');
  assert.match(await reply.locator('[data-reply-status]').textContent(), /Copied/);
  assert.deepEqual(page.outside, [], 'requests left the site');
  assert.deepEqual(page.errors, [], 'script errors');
  await context.close();
});

test('copy falls back to a selected textarea where the clipboard API is missing', async (t) => {
  if (!site.browser) return t.skip(site.skip);
  const { context, page } = await newPage(site.browser, null);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // Keep the real clipboard for the test to read, and hide it from the page, as a browser
  // without the API (or a frame that may not use it) would.
  await context.addInitScript(() => {
    window.__clipboard = navigator.clipboard;
    Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
    const exec = document.execCommand.bind(document);
    window.__execCommands = [];
    document.execCommand = (name, ...rest) => {
      window.__execCommands.push(name);
      return exec(name, ...rest);
    };
  });
  await page.goto(fileUrl(site.out) + 'replies/index.html#reply-bot-loop-takeover');
  assert.equal(await page.evaluate(() => navigator.clipboard), undefined);
  const reply = page.locator(REPLY);
  await reply.locator('[data-reply-fill="customer_name"]').fill('Mr Okafor');
  await reply.locator('[data-reply-fill="order_id"]').fill('SN-7731');
  const expected = await replyText(page);
  await reply.locator('[data-action="copy"]').click();
  await page.waitForFunction(() => document.querySelector('[data-reply="bot-loop-takeover"] [data-reply-status]').textContent !== '');
  assert.deepEqual(await page.evaluate(() => window.__execCommands), ['copy']);
  assert.equal(await page.evaluate(() => window.__clipboard.readText()), expected);
  assert.match(await reply.locator('[data-reply-status]').textContent(), /Copied/);
  // The textarea is gone and focus is back on the button.
  assert.equal(await page.locator('textarea').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-action')), 'copy');
  assert.deepEqual(page.errors, [], 'script errors');
  await context.close();
});

test('filters by channel and tone and the search box narrow the list; reset shows all', async (t) => {
  if (!site.browser) return t.skip(site.skip);
  const { context, page } = await newPage(site.browser, null);
  await page.goto(fileUrl(site.out) + 'replies/index.html');
  const items = page.locator('[data-reply-item]');
  const visible = () => page.locator('[data-reply-item]:not([hidden])');
  const total = await items.count();
  assert.ok(total >= 30, `${total} replies in the library`);
  assert.equal(await visible().count(), total);

  await page.locator('[data-reply-filter="channel"]').selectOption('phone');
  const phone = await visible().locator('[data-reply]').evaluateAll((els) => els.map((e) => e.getAttribute('data-channels')));
  assert.ok(phone.length > 0 && phone.length < total);
  for (const channels of phone) assert.ok(channels.split(' ').includes('phone'), channels);

  await page.locator('[data-reply-filter="tone"]').selectOption('apologetic');
  const tones = await visible().locator('[data-reply]').evaluateAll((els) => els.map((e) => e.getAttribute('data-tone')));
  assert.ok(tones.length < phone.length);
  for (const tone of tones) assert.equal(tone, 'apologetic');

  await page.locator('[data-action="clear-filters"]').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-reply-item]:not([hidden])').length === n, total);

  await page.locator('[data-reply-search]').fill('phishing');
  const found = await visible().locator('[data-reply]').evaluateAll((els) => els.map((e) => e.getAttribute('data-reply')));
  assert.ok(found.includes('phishing-warning-customer'), found.join());
  assert.ok(found.length < 5, found.join());
  await page.locator('[data-reply-search]').fill('no reply says zzyzx');
  assert.equal(await visible().count(), 0);
  assert.equal(await page.locator('[data-reply-empty]').isVisible(), true);
  assert.deepEqual(page.errors, [], 'script errors');
  await context.close();
});

test('the site search finds a reply and opens it in the library', async (t) => {
  if (!site.browser) return t.skip(site.skip);
  const { context, page } = await newPage(site.browser, null);
  await page.goto(fileUrl(site.out) + 'cases/index.html');
  const box = page.locator('.site-header [data-search-input]');
  await box.click();
  await box.pressSequentially('round in circles');
  const hit = page.locator('.site-header [data-search-result][data-href$="#reply-bot-loop-takeover"]');
  await hit.first().waitFor({ timeout: 10000 });
  assert.match(await hit.first().textContent(), /Reply library/);
  await Promise.all([
    page.waitForURL((u) => u.pathname.endsWith('replies/index.html') && u.hash === '#reply-bot-loop-takeover'),
    hit.first().click(),
  ]);
  assert.equal(await page.locator(REPLY).isVisible(), true);
  assert.deepEqual(page.errors, [], 'script errors');
  await context.close();
});

test('the case and lesson a reply names link to it', async (t) => {
  if (!site.browser) return t.skip(site.skip);
  const { context, page } = await newPage(site.browser, null);
  await page.goto(fileUrl(site.out) + 'cases/want-a-real-person.html');
  const link = page.locator('.related-replies a[href$="#reply-bot-loop-takeover"]');
  assert.equal(await link.count(), 1);
  await Promise.all([page.waitForURL((u) => u.hash === '#reply-bot-loop-takeover'), link.click()]);
  await page.goto(fileUrl(site.out) + 'modules/working-with-the-bot/taking-over-a-conversation.html');
  assert.equal(await page.locator('.related-replies a[href$="#reply-bot-loop-takeover"]').count(), 1);
  // A page without replies does not load their script.
  assert.equal(await page.locator('script[src$="replies.js"]').count(), 0);

  // A reply embedded in a lesson is filled in and copied like in the library.
  await page.goto(fileUrl(site.out) + 'modules/knowledge-and-scripts/the-script-library.html');
  const embedded = page.locator(`main ${REPLY}`);
  await embedded.locator('[data-reply-fill="customer_name"]').fill('Ms Zhou');
  assert.match(await embedded.locator('[data-reply-text]').textContent(), /^Hi Ms Zhou, /);
  assert.equal(await embedded.locator('[data-action="copy"]').isVisible(), true);
  assert.deepEqual(page.errors, [], 'script errors');
  await context.close();
});

test('accessibility: no serious or critical axe violation on the library and a case page', async (t) => {
  if (!site.browser) return t.skip(site.skip);
  const { context, page } = await newPage(site.browser, site.server.base);
  for (const path of ['replies/index.html', 'cases/want-a-real-person.html']) {
    await page.goto(site.server.base + path);
    if (path.startsWith('replies')) {
      await page.locator(`${REPLY} [data-reply-fill="customer_name"]`).fill('Ms Zhou');
      await page.locator('[data-reply-filter="scenario"]').selectOption('handoff');
    }
    assert.deepEqual(await axeViolations(page), [], path);
  }
  await context.close();
});
