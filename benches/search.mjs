// Search benchmark in headless Chromium: for each query, the bytes a fresh visitor downloads
// from search/ and the time to first results, cold and with the index cached.
//   node benches/search.mjs SITE_DIR BASE_URL QUERY…
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
    results: (await page.locator('.search-status').innerText()).replace(/ results?/, ''),
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log('query\tresults\tKB for results (cold: index.json + word shards + records)\tfiles\tKB filter lists (once per visit)\tms cold\tms cached (median of 5)');
for (const query of queries) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(new URL('search/', base).href);
  await page.waitForFunction(() => document.querySelector('.search-ui') && !document.querySelector('.search-ui').hidden);
  sent.length = 0;
  const cold = await search(page, query);
  await page.locator('.search-filters nav').first().waitFor();
  const kb = (files) => (files.reduce((sum, s) => sum + s.bytes, 0) / 1024).toFixed(0);
  const forResults = sent.filter((s) => s.path.startsWith('search/') && s.path !== 'search/filters.json');
  const filters = sent.filter((s) => s.path === 'search/filters.json');
  const cached = [];
  for (let i = 0; i < 5; i++) {
    cached.push((await search(page, i % 2 ? query : `${query} `)).ms);
  }
  console.log(`${query}\t${cold.results}\t${kb(forResults)}\t${forResults.length}\t${kb(filters)}\t${cold.ms.toFixed(0)}\t${median(cached).toFixed(1)}`);
  await context.close();
}
await browser.close();
server.close();
