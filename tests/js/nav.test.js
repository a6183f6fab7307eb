// The shared navigation file the build writes: a classic script every page loads.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { buildCourse } = require('../e2e/helpers');

test('nav.js defines the course navigation as a classic script', () => {
  const out = buildCourse(path.join(__dirname, '..', 'fixtures', 'minimal'));
  const code = fs.readFileSync(path.join(out, 'assets', 'nav.js'), 'utf8');
  const sandbox = { window: {} };
  vm.runInNewContext(code, sandbox);
  const nav = JSON.parse(JSON.stringify(sandbox.window.skillpressNav));
  assert.equal(nav.modules.length, 1);
  assert.equal(nav.modules[0].url, 'modules/basics/index.html');
  assert.deepEqual(nav.modules[0].lessons.map((l) => l.url), ['modules/basics/first.html']);
  assert.equal(nav.modules[0].check.url, 'modules/basics/check.html');
});
