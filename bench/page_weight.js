#!/usr/bin/env node
// What a page costs the learner's browser: the JS and CSS each kind of page of the built example
// course loads, summed as gzip bytes (zlib level 9, as a static host would serve them), and how
// many files that is. Measured in Chromium, so files a script adds itself count too; the search
// index, loaded only when the learner searches, is not part of any page load.
//
//   node bench/page_weight.js [SITE_DIR]
//
// Without SITE_DIR it builds the example course at the repository root with the debug binary
// (SKILLPRESS_BIN overrides it) into a temporary folder. Needs Chromium at /usr/bin/chromium and
// the npm packages (`npm ci`). Prints a Markdown table for BENCHMARKS.md.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { buildCourse, launch, newPage } = require('../tests/e2e/helpers.js');

const PAGES = [
  ['plain lesson (no embed, no code)', 'modules/digital-service-basics/how-service-went-digital.html'],
  ['lesson with a case card', 'modules/working-with-the-bot/taking-over-a-conversation.html'],
  ['home', 'index.html'],
  ['quiz page', 'quizzes/basics-check.html'],
  ['module check', 'modules/digital-service-basics/check.html'],
  ['case page', 'cases/furious-dm.html'],
  ['competency map', 'competencies.html'],
  ['progress page', 'progress.html'],
  ['search page', 'search.html'],
];

function gzipSize(file) {
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

async function measure(browser, site, rel) {
  const { context, page } = await newPage(browser);
  const files = new Set();
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol === 'file:' && /\.(js|css)$/.test(u.pathname)) files.add(decodeURIComponent(u.pathname));
  });
  await page.goto('file://' + path.join(site, rel), { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  await context.close();
  let js = 0;
  let css = 0;
  for (const f of files) {
    if (!f.startsWith(site + '/')) throw new Error(`${rel} loads ${f}, outside the site`);
    if (f.endsWith('.js')) js += gzipSize(f);
    else css += gzipSize(f);
  }
  return { js, css, count: files.size };
}

async function main() {
  const { browser, skip } = await launch();
  if (!browser) throw new Error(skip);
  const site = fs.realpathSync(process.argv[2] || buildCourse());
  const kb = (n) => (n / 1000).toFixed(1); // kB = 1,000 bytes, as issue 11's figures
  console.log(`Site: ${site}\n`);
  console.log('| page | JS (kB gzip) | CSS (kB gzip) | total (kB gzip) | total (bytes) | files |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  try {
    for (const [name, rel] of PAGES) {
      if (!fs.existsSync(path.join(site, rel))) continue;
      const m = await measure(browser, site, rel);
      console.log(`| ${name} | ${kb(m.js)} | ${kb(m.css)} | ${kb(m.js + m.css)} | ${m.js + m.css} | ${m.count} |`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(2);
});
