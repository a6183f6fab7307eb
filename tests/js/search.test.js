// Search as the browser runs it (static/assets/search-engine.js), over indexes the real binary builds:
// the Chinese fixture course must find the right pages for Chinese and mixed queries, and the
// ranking puts title and heading matches first, then phrases.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { buildCourse, REPO } = require('../e2e/helpers');
const S = require('../../static/assets/search-engine.js');

/** An Engine over a built site, loading shards from disk like the browser's <script> tags. */
function engineFor(out) {
  const sandbox = { window: {} };
  vm.runInNewContext(fs.readFileSync(path.join(out, 'assets', 'search-index.js'), 'utf8'), sandbox);
  const index = sandbox.window.skillpressSearchIndex;
  const load = (name) => {
    const box = { skillpressSearchShard: (n, data) => { box.result = data; } };
    vm.runInNewContext(fs.readFileSync(path.join(out, 'assets', 'search', `${name}.js`), 'utf8'), box);
    return Promise.resolve(box.result);
  };
  return new S.Engine(JSON.parse(JSON.stringify(index)), load);
}

const ZH = path.join(__dirname, '..', 'fixtures', 'zh');
let zh = null;
function zhEngine() {
  if (!zh) zh = engineFor(buildCourse(ZH));
  return zh;
}

async function top(engine, query, limit = 5) {
  const res = await engine.search(query, { limit });
  return res.hits.map((h) => h.href);
}

const L = {
  when: 'modules/handoff/when-to-handoff.html',
  note: 'modules/handoff/handoff-note.html',
  fcr: 'modules/metrics/first-contact-resolution.html',
  csat: 'modules/metrics/customer-satisfaction.html',
  calm: 'modules/care/calming-emotions.html',
  privacy: 'modules/care/privacy-protection.html',
};

test('two-character words find the lesson and the section', async () => {
  const e = zhEngine();
  assert.equal((await top(e, '安抚'))[0], L.calm);
  assert.equal((await top(e, '隐私'))[0], L.privacy);
  // A heading word jumps to its section.
  assert.equal((await top(e, '共情'))[0], `${L.calm}#先共情再解决`);
  assert.equal((await top(e, '钓鱼'))[0], `${L.privacy}#识别钓鱼和冒充`);
});

test('a longer phrase ranks the page that has the phrase first', async () => {
  const e = zhEngine();
  assert.equal((await top(e, '首次解决率'))[0], L.fcr);
  const hits = await top(e, '让客户把同一件事讲第二遍');
  assert.equal(hits[0], `${L.when}#不要让客户反复说明`);
  assert.equal((await top(e, '转人工'))[0], L.when);
});

test('a term inside a sentence with no spaces is found', async () => {
  const e = zhEngine();
  // "脱敏" sits inside 所有截图都要先脱敏再发送给同事 (and in the hand-off note lesson).
  const hits = await top(e, '脱敏', 10);
  assert.ok(hits.includes(`${L.privacy}#对外展示要脱敏`), hits.join('\n'));
  assert.ok(hits.includes(`${L.note}#常见错误`), hits.join('\n'));
  assert.equal((await top(e, '掩码'))[0], `${L.privacy}#对外展示要脱敏`);
  assert.equal((await top(e, '催件'))[0], `${L.calm}#给出下一步`);
});

test('English acronyms inside Chinese text, in any width and case', async () => {
  const e = zhEngine();
  // The module's title says "FCR" (first), then a heading that says it; the lesson on FCR
  // says it only inside a Chinese sentence, and is found too.
  const fcr = await top(e, 'FCR');
  assert.deepEqual(fcr.slice(0, 3), ['modules/metrics/index.html', `${L.csat}#csat-与-fcr-的关系`, L.fcr]);
  const csat = await top(e, 'csat');
  assert.ok(csat.slice(0, 3).includes(L.csat), csat.join('\n'));
  assert.deepEqual(await top(e, 'ＣＳＡＴ'), csat);
  assert.deepEqual(await top(e, 'CSAT'), csat);
  // Both words: the module title, then the heading "CSAT 与 FCR 的关系", then body mentions.
  assert.deepEqual((await top(e, 'CSAT FCR')).slice(0, 2), ['modules/metrics/index.html', `${L.csat}#csat-与-fcr-的关系`]);
});

test('one Chinese character is enough; unknown words find nothing', async () => {
  const e = zhEngine();
  assert.ok((await top(e, '薪')).length === 0);
  assert.ok((await top(e, '诈')).includes(`${L.privacy}#识别钓鱼和冒充`));
  const res = await e.search('完全不存在的词语', { limit: 5 });
  assert.equal(res.total, 0);
});

test('cases and quiz titles are searchable', async () => {
  const e = zhEngine();
  assert.equal((await top(e, '机器人拒绝退款'))[0], 'cases/refund-handoff.html');
  assert.ok((await top(e, '复盘')).includes('cases/refund-handoff.html#debrief-title'));
  assert.equal((await top(e, '服务指标小测'))[0], 'quizzes/metrics-check.html');
});

test('snippets highlight the matched text', async () => {
  const e = zhEngine();
  const res = await e.search('掩码', { limit: 1 });
  assert.match(res.hits[0].snippetHtml, /<mark>掩码<\/mark>/);
  const fcr = await e.search('fcr', { limit: 5 });
  assert.match(fcr.hits[0].titleHtml, /<mark>FCR<\/mark>/);
  const lesson = fcr.hits.find((h) => h.href === L.fcr);
  assert.match(lesson.snippetHtml, /（<mark>FCR<\/mark>，First Contact Resolution）/);
  const wide = await e.search('首次解决率', { limit: 1 });
  assert.match(wide.hits[0].titleHtml, /<mark>首次解决率<\/mark>/);
});

test('ranking: title, then heading, then phrase, then scattered words', async () => {
  const out = buildCourse(REPO);
  const e = engineFor(out);
  // A page title match comes before body mentions.
  const hits = await e.search('When the bot answers', { limit: 5 });
  assert.equal(hits.hits[0].href, 'modules/working-with-the-bot/when-the-bot-answers.html');
  // Prefix of the last word while typing.
  const typing = await e.search('glossa', { limit: 3 });
  assert.ok(typing.hits.length > 0 && typing.hits[0].url === 'pages/glossary.html', JSON.stringify(typing.hits[0]));
  // Stemming: the plural finds the singular.
  const plural = await e.search('escalations', { limit: 3 });
  const singular = await e.search('escalation', { limit: 3 });
  assert.deepEqual(plural.hits.map((h) => h.href), singular.hits.map((h) => h.href));
});

test('adjacency: words next to each other outrank the same words apart', () => {
  const q = S.parseQuery('first contact resolution');
  const together = S.adjacency(q.terms, S.tokenize('We track first contact resolution weekly.'));
  const apart = S.adjacency(q.terms, S.tokenize('Resolution of the first issue after contact.'));
  assert.equal(together.phrase, true);
  assert.equal(together.pairs, 1);
  assert.equal(apart.phrase, false);
  assert.ok(apart.pairs < 1);
  const zhq = S.parseQuery('首次解决');
  assert.equal(S.adjacency(zhq.terms, S.tokenize('提升首次解决率')).phrase, true);
  assert.equal(S.adjacency(zhq.terms, S.tokenize('首次联系就解决')).phrase, false);
});

test('the last word matches as a prefix only while it is being typed', () => {
  assert.equal(S.parseQuery('escal').terms[0].prefix, true);
  assert.equal(S.parseQuery('escal ').terms[0].prefix, false);
  assert.equal(S.parseQuery('转人').terms[0].prefix, false);
  assert.equal(S.parseQuery('a').terms.length, 0);
});

test('postings decode to section ids and bits', () => {
  // Each posting is gap × 8 + bits, in base-32 digits whose last one is from the upper half.
  const enc = (v) => {
    const D = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
    const digits = [];
    do { digits.unshift(v & 31); v = Math.floor(v / 32); } while (v > 0);
    return digits.map((d, i) => D[d + (i === digits.length - 1 ? 32 : 0)]).join('');
  };
  const p = S.decode(enc(1 * 8 + 4) + enc(2 * 8 + 1) + enc(1000 * 8 + 2));
  assert.deepEqual(Array.from(p.ids), [0, 2, 1002]);
  assert.deepEqual(Array.from(p.bits), [4, 1, 2]);
});

test('a prefix merges the postings of every matching word, OR-ing their bits', async () => {
  const D = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  const enc = (v) => {
    const digits = [];
    do { digits.unshift(v & 31); v = Math.floor(v / 32); } while (v > 0);
    return digits.map((d, i) => D[d + (i === digits.length - 1 ? 32 : 0)]).join('');
  };
  // postings as [[section, bits], …] → the index's string
  const post = (list) => { let prev = -1; return list.map(([s, b]) => { const v = (s - prev) * 8 + b; prev = s; return enc(v); }).join(''); };
  const sec = (t) => ['', '', t];
  const index = {
    v: 1, sections: 4, tokens: [''], docs: [0],
    shards: {
      t0: { typed: post([[0, 0], [2, 4]]), typing: post([[2, 2], [3, 0]]), other: post([[1, 0]]) },
      d0: [['a.html', 'A', '', [sec('typed text'), sec('other'), sec('typed and typing'), sec('typing')]]],
    },
  };
  const e = new S.Engine(index, () => Promise.reject(new Error('inline')));
  const res = await e.search('typ', { limit: 10 });
  assert.equal(res.total, 3);
  // Section 2 has both words, in the title (4) and a heading (2): it ranks first.
  assert.equal(res.hits[0].sid, 2);
  assert.deepEqual(res.hits.map((h) => h.sid).sort(), [0, 2, 3]);
  assert.match(res.hits[0].snippetHtml, /<mark>typed<\/mark> and <mark>typing<\/mark>/);
  assert.equal((await e.search('typ other', { limit: 10 })).total, 0);
});
