// Reads the built archive as a reader would, in headless Chromium: follows links with clicks,
// searches, filters, runs axe-core on each page and takes screenshots at phone and desktop
// widths. Usage: node browser.mjs SITE_DIR BASE_URL SCREENSHOT_DIR
// SITE_DIR must have been built with `--base-url BASE_URL` (an http://127.0.0.1 address).
import { readFile, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { checks, serveSite, typeQuery, axeViolations, CHROMIUM_ARGS, CHROMIUM_PATH } from './harness.mjs';

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const [siteDir, baseUrl, shotDir] = process.argv.slice(2);
if (!siteDir || !baseUrl || !shotDir) {
  console.error('usage: node browser.mjs SITE_DIR BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
const base = new URL(baseUrl);

const { server } = await serveSite(siteDir, base);

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
await rm(shotDir, { recursive: true, force: true });
await mkdir(shotDir, { recursive: true });

const { check, failures } = checks();

const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const consoleErrors = [];
page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`); });
page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));

// Every page visited, for axe and screenshots.
const visited = new Map();
function remember(name) {
  visited.set(name, page.url());
}

async function clickLink(locator) {
  await locator.first().scrollIntoViewIfNeeded();
  await Promise.all([page.waitForLoadState('load'), locator.first().click()]);
}

await check('home page loads, with data export links', async () => {
  await page.goto(base.href);
  assert.match(await page.title(), /\S/);
  assert.equal(await page.locator('main#main').count(), 1);
  assert.ok(await page.locator('a[href$="data/statements.csv"]').count() >= 1);
  remember('home');
});

let statementUrl;
await check('timeline → year chart → month calendar → statement, by clicks', async () => {
  await clickLink(page.getByRole('navigation', { name: 'Archive' }).getByRole('link', { name: 'Timeline' }));
  assert.equal(new URL(page.url()).pathname, `${base.pathname}timeline/`);
  assert.ok(await page.locator('figure.chart svg rect').count() > 0, 'the timeline draws bars');
  remember('timeline');
  await clickLink(page.locator('ol.years h2 a'));
  assert.match(page.url(), /timeline\/\d{4}\/$/);
  await clickLink(page.locator('table.month-counts th a'));
  assert.match(page.url(), /timeline\/\d{4}\/\d{2}\/$/);
  const busyDay = page.locator('table.calendar td a');
  assert.ok(await busyDay.count() > 0, 'the calendar links the days with statements');
  const anchor = await busyDay.first().getAttribute('href');
  assert.equal(await page.locator(anchor).count(), 1, `the calendar's ${anchor} is on the page`);
  remember('month');
  await clickLink(page.locator('section.day .item a').filter({ hasNot: page.locator('time') }));
  assert.match(page.url(), /statements\/[^/]+\/$/);
  statementUrl = page.url();
});

await check('statement page shows its source and metadata', async () => {
  await page.goto(statementUrl);
  assert.equal(await page.locator('article').count() >= 1, true);
  assert.ok(await page.locator('meta[name="citation_title"]').count() === 1);
  assert.ok(await page.locator('script[type="application/ld+json"]').count() === 1);
  const raw = page.locator('a[href*="/sources/"]');
  assert.ok(await raw.count() > 0, 'links to its source');
  remember('statement');
});

await check('a Russian statement is marked lang="ru"', async () => {
  await page.goto(new URL('search/?q=консультациях', base).href);
  const result = page.locator('.search-results a').first();
  await result.waitFor();
  await clickLink(result);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
  remember('statement-ru');
});

await check('tag page, reached from a statement', async () => {
  await page.goto(statementUrl);
  const tag = page.locator('a[href*="/tags/"]').filter({ hasNotText: /^Tags$/ });
  if (await tag.count() === 0) {
    await page.goto(new URL('tags/', base).href);
    await clickLink(page.locator('main a[href*="/tags/"]'));
  } else {
    await clickLink(tag);
  }
  assert.match(page.url(), /\/tags\/[^/]+\/$/);
  assert.ok(await page.locator('main .item').count() > 0);
  remember('tag');
});

await check('notes index → a note', async () => {
  await page.goto(base.href);
  await clickLink(page.getByRole('navigation', { name: 'Archive' }).getByRole('link', { name: 'Notes' }));
  await clickLink(page.locator('main a[href*="/notes/"]'));
  assert.match(page.url(), /\/notes\/[^/]+\/$/);
  assert.ok(await page.locator('main h1').count() === 1);
  remember('note');
});

const results = page.locator('.search-results > li');
const searchFor = (text) => typeQuery(page, text);
const titles = () => results.locator('h2').allInnerTexts();

await check('search from the header link: Russian, any case, by prefix', async () => {
  await page.goto(base.href);
  await clickLink(page.getByRole('navigation', { name: 'Archive' }).getByRole('link', { name: 'Search' }));
  await searchFor('СИНГАПУРСК');
  assert.ok((await titles()).some((t) => t.includes('О российско-сингапурских консультациях')), `results: ${await titles()}`);
  assert.ok(await results.locator('mark').count() > 0, 'the match is highlighted');
  assert.match(page.url(), /\?q=%D0%A1/, 'the query is in the URL');
  remember('search');
});

await check('search ignores accents and reads ё as е', async () => {
  await searchFor('провёл');
  assert.ok((await titles()).some((t) => t.includes('О российско-сингапурских консультациях')), `ё = е: ${await titles()}`);
  for (const query of ['attache', 'ÁTTACHÉ']) {
    await searchFor(query);
    assert.ok((await titles()).some((t) => /defence attaché/i.test(t)), `${query}: ${await titles()}`);
  }
  await searchFor('navalny');
  assert.match((await titles())[0], /Alexey Navalny case/, 'the statement with the word in its title ranks first');
});

await check('a long filter shows all its values when asked', async () => {
  await searchFor('russia');
  const people = page.locator('.search-filters nav[aria-label="People"]');
  const before = await people.locator('li').count();
  await people.getByRole('button', { name: /Show all/ }).click();
  assert.ok(await people.locator('li').count() > before, `more than ${before} people listed`);
  assert.equal(await people.getByRole('button', { name: /Show all/ }).count(), 0);
});

await check('a word deep in the body gets a snippet around it', async () => {
  await searchFor('syrian settlement');
  const call = results.filter({ hasText: 'Lavrov had a telephone conversation with US Secretary of State' });
  await call.locator('.snippet mark').first().waitFor();
  assert.match(await call.locator('.snippet').innerText(), /Syrian settlement/);
});

await check('a filter narrows the results, with counts, and lives in the URL', async () => {
  await searchFor('lavrov');
  const all = Number((await page.locator('.search-status').innerText()).replace(/\D/g, ''));
  const option = page.locator('.search-filters nav[aria-label="Kinds"] a').filter({ hasText: 'Interview' });
  const promised = Number((await option.locator('.count').innerText()).replace(/\D/g, ''));
  assert.ok(promised > 0 && promised < all, `interview ${promised} of ${all}`);
  await option.click();
  await page.waitForFunction((n) => document.querySelector('.search-status').textContent.startsWith(`${n} result`), promised);
  assert.match(page.url(), /kind=interview/);
  for (const facts of await results.locator('.meta').allInnerTexts()) assert.match(facts, /Interview/);
  remember('search-filtered');
  // The same URL, opened afresh, gives the same results: a search can be shared.
  const shared = page.url();
  await page.goto(shared);
  await page.waitForFunction((n) => document.querySelector('.search-status').textContent.startsWith(`${n} result`), promised);
  assert.equal(await page.locator('#search-query').inputValue(), 'lavrov');
});

await check('on a phone the filters fold away and open with a tap', async () => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 800 }, hasTouch: true, isMobile: true });
  const small = await phone.newPage();
  await small.goto(new URL('search/?q=lavrov', base).href);
  await small.locator('.search-results > li').first().waitFor();
  const box = small.locator('.search-filters-box');
  assert.equal(await box.getAttribute('open'), null, 'folded');
  assert.ok(await small.locator('.search-results > li').first().isVisible());
  await small.locator('.search-filters-box summary').tap();
  await small.locator('.search-filters nav a').first().waitFor({ state: 'visible' });
  await phone.close();
});

await check('a hostile query stays text', async () => {
  const hostile = '<img src=x onerror="document.title=`pwned`"> lavrov';
  await page.goto(new URL(`search/?q=${encodeURIComponent(hostile)}`, base).href);
  await page.waitForFunction(() => document.querySelector('.search-results').dataset.run);
  assert.equal(await page.locator('#search-query').inputValue(), hostile);
  assert.equal(await page.locator('main img').count(), 0);
  assert.notEqual(await page.title(), 'pwned');
});

await check('a search result opens its statement', async () => {
  await page.goto(new URL('search/?q=navalny', base).href);
  await results.first().waitFor();
  await clickLink(results.locator('a').first());
  assert.match(page.url(), /\/statements\/[^/]+\/$/);
  assert.match(await page.locator('main h1').innerText(), /Navalny/);
});

await check('without JavaScript the search page links to the indexes', async () => {
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const noJs = await plain.newPage();
  await noJs.goto(new URL('search/?q=lavrov', base).href);
  assert.ok(await noJs.getByRole('link', { name: 'Timeline' }).count() >= 2);
  assert.equal(await noJs.locator('.search-ui').isVisible(), false);
  await plain.close();
});

await check('timing: first results after the index is cached', async () => {
  await page.goto(new URL('search/?q=coronavirus', base).href);
  await results.first().waitFor();
  const times = [];
  for (const query of ['coronavirus pandemic', 'lavrov interview', 'сингапур', 'united states sanctions']) {
    await searchFor(query);
    times.push(Number(await page.locator('.search-results').getAttribute('data-ms')));
  }
  console.log(`     search times (ms): ${times.join(', ')}`);
});

for (const [name, url] of visited) {
  await check(`semantic HTML: ${name}`, async () => {
    await page.goto(url);
    const shape = await page.evaluate(() => ({
      main: document.querySelectorAll('main').length,
      h1: document.querySelectorAll('h1').length,
      navs: document.querySelectorAll('nav[aria-label]').length,
      lang: document.documentElement.lang,
      badTimes: [...document.querySelectorAll('time')].filter((t) => !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(t.dateTime)).map((t) => t.outerHTML),
      times: document.querySelectorAll('time').length,
    }));
    assert.equal(shape.main, 1, 'one <main>');
    assert.equal(shape.h1, 1, 'one <h1>');
    assert.ok(shape.navs >= 2, 'labelled navigation');
    assert.match(shape.lang, /^[a-z]{2}/);
    assert.deepEqual(shape.badTimes, [], '<time datetime> is an ISO date');
    if (['statement', 'month', 'tag', 'note'].includes(name)) assert.ok(shape.times > 0, 'dates are <time> elements');
    if (name.startsWith('statement')) assert.equal(await page.locator('main article').count(), 1);
  });
}

for (const [name, url] of visited) {
  await check(`axe-core: ${name} has no violations`, async () => {
    const found = await axeViolations(page, url, axeSource, async () => { if (name.startsWith('search')) await results.first().waitFor(); });
    assert.deepEqual(found, [], found.join('\n'));
  });
}

await check('keyboard: the skip link is the first stop and shows when focused', async () => {
  await page.goto(statementUrl);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => ({ text: document.activeElement.textContent, left: document.activeElement.getBoundingClientRect().left }));
  assert.equal(focused.text, 'Skip to content');
  assert.ok(focused.left >= 0, 'visible on screen when focused');
});

await check('no sideways scrolling from 360 px; screenshots at 390 px and 1280 px, light, dark and print', async () => {
  for (const [name, url] of visited) {
    // 360 px, the narrowest phone the theme is made for, is checked but not kept.
    for (const width of [360, 390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(url);
      if (name.startsWith('search')) await results.first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name} at ${width} px scrolls sideways by ${overflow} px`);
      if (width !== 360) await page.screenshot({ path: path.join(shotDir, `${name}-${width}.png`), fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  for (const name of ['home', 'statement', 'timeline', 'search']) {
    await page.goto(visited.get(name));
    if (name.startsWith('search')) await results.first().waitFor();
    await page.screenshot({ path: path.join(shotDir, `${name}-1280-dark.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light', media: 'print' });
  await page.goto(visited.get('statement'));
  assert.equal(await page.locator('.site-nav').isVisible(), false, 'print hides the navigation');
  await page.screenshot({ path: path.join(shotDir, 'statement-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
});

await check('no script errors in the console', async () => {
  assert.deepEqual(consoleErrors, []);
});

await browser.close();
server.close();
console.log(`\n${failures.length ? `${failures.length} failed: ${failures.join('; ')}` : 'all browser checks passed'}; screenshots in ${shotDir}`);
process.exit(failures.length ? 1 : 0);
