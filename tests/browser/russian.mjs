// Reads the Russian fixture archive (tests/fixtures/ru-site) in headless Chromium: no English
// interface word on any page, search included once its script has drawn results and filters;
// dates in Russian; axe-core finds nothing, light and dark.
// Usage: node russian.mjs SITE_DIR BASE_URL EN_TOML RU_TOML
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { checks, serveSite, typeQuery, axeViolations, CHROMIUM_ARGS, CHROMIUM_PATH } from './harness.mjs';

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const [siteDir, baseUrl, enToml, ruToml] = process.argv.slice(2);
if (!siteDir || !baseUrl || !enToml || !ruToml) {
  console.error('usage: node russian.mjs SITE_DIR BASE_URL EN_TOML RU_TOML');
  process.exit(2);
}
const base = new URL(baseUrl);

// The words of a table's quoted texts (its keys and comments are not quoted), placeholders left out.
async function tableWords(file) {
  const text = await readFile(file, 'utf8');
  const quoted = [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\{\w+\}/g, ' '));
  return new Set(quoted.join(' ').toLowerCase().match(/[a-z]+/g) || []);
}
const russianWords = await tableWords(ruToml);
const english = new Set([...(await tableWords(enToml))].filter((word) => !russianWords.has(word)));

const { server } = await serveSite(siteDir, base);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
const consoleErrors = [];
page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));

const { check, failures } = checks();

// The English interface words a reader meets on the page: its text and its labels, not its
// code (file names) or URLs.
async function englishOnPage() {
  const readable = await page.evaluate(() => {
    const copy = document.body.cloneNode(true);
    // noscript's content is text to a page with JavaScript: markup, not words.
    copy.querySelectorAll('code, script, noscript').forEach((node) => node.remove());
    const labels = [...document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')].map((node) =>
      ['aria-label', 'title', 'placeholder', 'alt'].map((name) => node.getAttribute(name) || '').join(' '));
    return `${document.title} ${copy.textContent} ${labels.join(' ')}`;
  });
  const tokens = readable.split(/\s+/).filter((token) => !token.includes('/'));
  return [...new Set(tokens.join(' ').toLowerCase().match(/[a-z]+/g) || [])].filter((word) => english.has(word));
}

const pages = {
  home: '',
  'home page 2': 'page/2/',
  timeline: 'timeline/',
  year: 'timeline/2020/',
  month: 'timeline/2020/03/',
  undated: 'timeline/undated/',
  statement: 'statements/2020-03-30-telefonnyj-razgovor-lavrova/',
  topics: 'topics/',
  topic: 'topics/energetika/',
  tags: 'tags/',
  people: 'people/',
  kinds: 'kinds/',
  kind: 'kinds/comment/',
  notes: 'notes/',
  note: 'notes/2020-04-01-pomoshch-i-zvonki/',
  source: 'sources/vypusk-2020-03/',
  page: 'pages/ob-arhive/',
  'not found': 'no-such-page/',
};

for (const [name, rel] of Object.entries(pages)) {
  await check(`Russian site, ${name}: no English interface word`, async () => {
    await page.goto(new URL(rel, base).href);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
    assert.deepEqual(await englishOnPage(), []);
  });
}

await check('Russian site: dates, weekdays and counts in Russian', async () => {
  await page.goto(new URL('timeline/2020/03/', base).href);
  const text = await page.locator('main').innerText();
  for (const expected of ['Понедельник, 30 марта 2020', 'март 2020', 'Пн', 'Вс', '3 заявления']) assert.ok(text.includes(expected), `${expected} in ${text}`);
  await page.goto(base.href);
  assert.match(await page.locator('main').innerText(), /31 декабря 2025/);
});

await check('Russian site, search: results, counts and filters in Russian', async () => {
  await page.goto(new URL('search/', base).href);
  await typeQuery(page, 'заявление');
  await page.locator('.search-results .result').first().waitFor();
  await page.locator('.search-filters .filter').first().waitFor();
  const status = await page.locator('.search-status').innerText();
  assert.match(status, /^\d+ результат(а|ов)?$/, status);
  assert.ok((await page.locator('.search-filters h2').allInnerTexts()).includes('Язык'));
  assert.deepEqual(await englishOnPage(), []);
  await typeQuery(page, 'zzzzzz');
  await page.waitForFunction(() => document.querySelector('.search-status').textContent.includes('Ни одно'));
  assert.deepEqual(await englishOnPage(), []);
});

const resultTitles = () => page.locator('.search-results .result h2').allInnerTexts();
await check('Russian site, search: a word in one form finds the statements holding its other forms', async () => {
  await page.goto(new URL('search/', base).href);
  for (const [query, expected] of [
    ['поставка', ['поставках газа', 'поставках помощи', 'гуманитарных поставках']],
    ['пандемия', ['Телефонный разговор Сергея Лаврова', 'Интервью о пандемии']],
    ['санкция', ['новых санкциях']],
  ]) {
    await typeQuery(page, `${query} `);
    const titles = await resultTitles();
    assert.equal(titles.length, expected.length, `${query}: ${titles}`);
    for (const part of expected) assert.ok(titles.some((t) => t.includes(part)), `${query} finds «${part}»: ${titles}`);
    assert.ok(await page.locator('.search-results mark').count() > 0, `${query}: the other forms are highlighted`);
  }
});

await check('Russian site, search: the form typed ranks above another form of the word', async () => {
  await typeQuery(page, 'поставки ');
  const titles = await resultTitles();
  assert.equal(titles.length, 3, `${titles}`);
  assert.match(titles[2], /гуманитарных поставках/, `only «поставках» there, so it comes last: ${titles}`);
});

await check('Russian site, search: a quoted phrase finds only its words side by side, in any form', async () => {
  await typeQuery(page, 'телефонный разговор ');
  const loose = await resultTitles();
  assert.ok(loose.length >= 2 && loose.some((t) => t.includes('Телефонные переговоры')), `without quotes, either word: ${loose}`);
  assert.match(loose[0], /Телефонный разговор Сергея Лаврова/, 'both words first');
  for (const phrase of ['"телефонный разговор"', '«телефонного разговора»']) {
    await typeQuery(page, phrase);
    const narrow = await resultTitles();
    assert.deepEqual(narrow.map((t) => t.includes('Телефонный разговор Сергея Лаврова')), [true], `${phrase}: ${narrow}`);
  }
  await typeQuery(page, '"разговор телефонный"');
  assert.deepEqual(await resultTitles(), [], 'the words in the other order are no phrase');
});

for (const [name, rel] of Object.entries({ ...pages, search: 'search/?q=заявление' })) {
  await check(`Russian site, axe-core: ${name} has no violations`, async () => {
    const waitForResults = async () => { if (name === 'search') await page.locator('.search-results .result').first().waitFor(); };
    const found = await axeViolations(page, new URL(rel, base).href, axeSource, waitForResults);
    assert.deepEqual(found, [], found.join('\n'));
  });
}

await check('Russian site: no script errors', async () => {
  assert.deepEqual(consoleErrors, []);
});

await browser.close();
server.close();
console.log(`\n${failures.length ? `${failures.length} failed: ${failures.join('; ')}` : 'all Russian-site checks passed'}`);
process.exit(failures.length ? 1 : 0);
