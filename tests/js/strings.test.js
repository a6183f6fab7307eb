// The interface strings a page prints for its scripts (templates/base.html, `strings`) must hold
// every key those scripts ask for: a page carries only the strings its own scripts use, so a key
// missing from base.html would show up as the bare key in the learner's page.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const ASSETS = path.join(REPO, 'static', 'assets');
const LOCALES = ['en', 'zh-CN'].map((l) => JSON.parse(fs.readFileSync(path.join(REPO, 'src', 'locale', `${l}.json`), 'utf8')));
const BASE = fs.readFileSync(path.join(REPO, 'templates', 'base.html'), 'utf8');

/** The keys a script passes to t() (or sp.t()): literal keys, both arms of `t(c ? "a" : "b")`,
 * every key starting with the prefix of `t("prefix_" + x)`, and the `error: "key"` values that
 * store.js returns for the page to show. */
function keysUsedBy(file) {
  const src = fs.readFileSync(path.join(ASSETS, file), 'utf8');
  const known = LOCALES[0];
  const keys = new Set();
  for (const call of src.matchAll(/(?:^|[^\w$.]|sp\.)t\(/gm)) {
    const args = argumentsAt(src, call.index + call[0].length);
    const prefix = /^\s*"([a-z_]+_)"\s*\+/.exec(args);
    if (prefix) {
      for (const k of Object.keys(known)) if (k.startsWith(prefix[1])) keys.add(k);
      continue;
    }
    for (const lit of args.matchAll(/"([a-z][a-z0-9_]*)"/g)) if (lit[1] in known) keys.add(lit[1]);
  }
  for (const m of src.matchAll(/error: "([a-z_]+)"/g)) keys.add(m[1]);
  return keys;
}

/** The text between the parenthesis opened just before `from` and the one that closes it. */
function argumentsAt(src, from) {
  let depth = 1;
  for (let i = from; i < src.length; i++) {
    if (src[i] === '(') depth++;
    else if (src[i] === ')' && --depth === 0) return src.slice(from, i);
  }
  return src.slice(from);
}

/** The keys base.html prints on a page: the list every page gets, plus the lists added under
 * the condition that also loads the script. */
function printed(condition) {
  const first = /\{%- set strings = (\[[^\]]*\]) -%\}/.exec(BASE);
  assert.ok(first, 'base.html sets `strings`');
  const keys = new Set(JSON.parse(first[1]));
  if (condition) {
    const re = new RegExp(`\\{%- if ${condition.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} %\\}\\{% set strings = strings \\| concat\\(with=(\\[[^\\]]*\\])\\)`);
    const more = re.exec(BASE);
    assert.ok(more, `base.html adds strings under {% if ${condition} %}`);
    for (const k of JSON.parse(more[1])) keys.add(k);
  }
  return keys;
}

const SCRIPTS = [
  // [script, the base.html condition that loads it and adds its strings (null: every page)]
  ['skillpress.js', null],
  ['progress.js', null],
  ['store.js', null],
  ['home.js', 'kind == "home" or kind == "module"'],
  ['quiz.js', 'uses_quiz'],
  ['case.js', 'uses_player'],
  ['certificate.js', 'kind == "certificate"'],
  ['map.js', 'kind == "competencies"'],
  ['progress-page.js', 'kind == "progress"'],
  ['store-file.js', 'kind == "progress"'],
  ['team-data.js', 'kind == "team"'],
  ['team.js', 'kind == "team"'],
  ['diagnostic.js', 'kind == "diagnostic"'],
  ['path.js', 'uses_path'],
];

for (const [script, condition] of SCRIPTS) {
  test(`${script}: every string it uses is printed on the pages that load it`, () => {
    const used = keysUsedBy(script);
    const have = printed(condition);
    const missing = [...used].filter((k) => !have.has(k));
    assert.deepStrictEqual(missing, [], `${script} uses strings base.html does not print for it`);
  });
}

test('every printed key exists in every locale', () => {
  const all = new Set([...printed(null)]);
  for (const [, condition] of SCRIPTS) if (condition) for (const k of printed(condition)) all.add(k);
  for (const locale of LOCALES) {
    assert.deepStrictEqual([...all].filter((k) => !(k in locale)), []);
  }
});

test('the scan finds the keys a script uses, including indirect ones', () => {
  // Guards the scanner itself: these calls exist in the scripts today.
  assert.ok(keysUsedBy('quiz.js').has('partially_correct'));
  assert.ok(keysUsedBy('case.js').has('speaker_colleague'));
  assert.ok(keysUsedBy('home.js').has('check_pending'));
  assert.ok(keysUsedBy('store-file.js').has('import_malformed'));
  assert.ok(keysUsedBy('progress-page.js').has('confirm_import'));
});
