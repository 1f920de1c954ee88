// Search benchmark in headless Chromium: for each query, the bytes a fresh visitor downloads
// from search/ and the time to first results, cold and with the index cached.
//   node benches/search.mjs SITE_DIR BASE_URL QUERY…
// A QUERY beginning `kind=…` (or any other filter, before a space) opens the search page with
// that filter chosen and types the rest.
// Run by benches/search.sh; uses the browser tests' Node packages (tests/browser/install.sh).
import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const { serveSite, typeQuery, CHROMIUM_ARGS, CHROMIUM_PATH } = await import('../tests/browser/harness.mjs');

const [siteDir, baseUrl, ...queries] = process.argv.slice(2);
const base = new URL(baseUrl);
const { server, sent } = await serveSite(siteDir, base);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

async function search(page, query) {
  await typeQuery(page, query);
  return {
    ms: Number(await page.locator('.search-results').getAttribute('data-ms')),
    // The number the status line begins with, in any language (Russian groups digits with spaces).
    results: Number(((await page.locator('.search-status').innerText()).match(/^[\d\s.,]*/)[0]).replace(/\D/g, '') || 0),
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kb = (files) => (files.reduce((sum, s) => sum + s.bytes, 0) / 1024).toFixed(0);
const searchFiles = (sent) => sent.filter((s) => s.path.startsWith('search/') && s.path !== 'search/index.html');
const texts = (sent) => sent.filter((s) => s.path.endsWith('/index.txt'));
console.log('query\tresults\tKB first results (index.json, word shards, records, first part of the filter lists, chosen values)\tfiles\tKB plain texts read (phrases, snippets)\tKB until filter counts are exact\tms cold\tms cached (median of 5)');
for (const query of queries) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(new URL(`search/${query.includes('=') ? `?${query.split(' ')[0]}` : ''}`, base).href);
  await page.waitForFunction(() => document.querySelector('.search-ui') && !document.querySelector('.search-ui').hidden);
  const text = query.includes('=') ? query.split(' ').slice(1).join(' ') : query;
  sent.length = 0;
  const cold = await search(page, text);
  // What was sent before the results and their first counts were drawn.
  const shownAt = Number(await page.locator('.search-results').getAttribute('data-shown-at'));
  const first = searchFiles(sent.filter((s) => s.at <= shownAt));
  const read = texts(sent.filter((s) => s.at <= shownAt));
  await page.waitForFunction(() => document.querySelector('.search-results').dataset.counted);
  const exact = searchFiles(sent);
  const cached = [];
  for (let i = 0; i < 5; i++) {
    cached.push((await search(page, i % 2 ? text : `${text} `)).ms);
  }
  console.log(`${query}\t${cold.results}\t${kb(first)}\t${first.length}\t${kb(read)}\t${kb(exact)}\t${cold.ms.toFixed(0)}\t${median(cached).toFixed(1)}`);
  await context.close();
}
await browser.close();
server.close();
