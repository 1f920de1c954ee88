// What the browser tests and the search benchmark share: a plain static host for a built
// site, how Chromium is started, and how a query is typed and waited for.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8', '.csv': 'text/csv', '.svg': 'image/svg+xml' };

/// A static host for `siteDir` under its base path: files as they are, `index.html` for
/// folders, the site's 404.html otherwise. Serves `siteDir` at `base` (a URL on 127.0.0.1); resolves to { server, sent } once
/// listening, `sent` being the list of { path, bytes, at } answered with 200 (`at`: when, in ms since the epoch).
export async function serveSite(siteDir, base) {
  const sent = [];
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, base);
    let relative = decodeURIComponent(url.pathname);
    relative = relative.startsWith(base.pathname) ? relative.slice(base.pathname.length) : '\0';
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    const file = path.join(siteDir, path.normalize(`/${relative}`));
    try {
      const body = await readFile(file);
      sent.push({ path: relative, bytes: body.length, at: Date.now() });
      response.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'max-age=3600' });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': TYPES['.html'] });
      response.end(await readFile(path.join(siteDir, '404.html')).catch(() => 'not found'));
    }
  });
  await new Promise((resolve) => server.listen(Number(base.port), '127.0.0.1', resolve));
  return { server, sent };
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const CHROMIUM_PATH = process.env.CHROMIUM || '/usr/bin/chromium';

/// Types `text` into the search box of `page` and waits until the search it starts has drawn
/// its results (search.js numbers its searches in `data-run`).
export async function typeQuery(page, text) {
  const before = await page.locator('.search-results').getAttribute('data-run');
  await page.locator('#search-query').fill(text);
  await page.waitForFunction((previous) => {
    const run = document.querySelector('.search-results').dataset.run;
    return run !== undefined && run !== previous;
  }, before, { timeout: 60000 });
}

/// The axe-core violations of the page at `url` in light and dark, one line each: `prepare`
/// runs after each load (to wait for what a script draws); `axeSource` is axe.min.js.
export async function axeViolations(page, url, axeSource, prepare = async () => {}) {
  const lines = [];
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(url);
    await prepare();
    await page.addScriptTag({ content: axeSource });
    const found = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    lines.push(...found.violations.map((v) => `${scheme}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return lines;
}

/// Named checks that go on after a failure: `check(name, fn)` prints `ok` or `FAIL` and the
/// error; `failures` lists the names of those that failed.
export function checks() {
  const failures = [];
  async function check(name, fn) {
    try {
      await fn();
      console.log(`ok   ${name}`);
    } catch (error) {
      failures.push(name);
      console.log(`FAIL ${name}\n     ${String(error.message || error).split('\n').join('\n     ')}`);
    }
  }
  return { check, failures };
}
