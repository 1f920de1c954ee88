// annals search: reads the static index `annals build` writes under search/ (format in
// src/render/search.rs) and downloads only the word shards and records a query needs.
//
// A query word finds every form of it: the index lists, under `=` and a Snowball stem, the
// forms that stem holds, and both sides stem with the same algorithms (src/text.rs; the
// stemmers here are the pinned packages of themes/default/vendor/). The last word, while it
// is being typed, also finds the words it begins. A statement ranks by how many of the query's
// words it holds, then by how closely (the form typed, another form, a word begun), then by
// weight (title words count more, rare words more than common ones). A quoted phrase finds
// the statements holding its words next to each other, checked in their plain-text copies.
import { stemmer as stemRussian } from './stem-ru.js';
import { stemmer as stemEnglish } from './stem-en.js';

// Outside a page (the stem agreement test runs this file under node) only the exports serve.
if (typeof document !== 'undefined') {
  const form = document.querySelector('form[data-search-index]');
  const ui = document.querySelector('.search-ui');
  if (form && ui) start(form, ui);
}

// Lower case without accents, ё read as е, й kept: as `fold` in src/text.rs.
export const fold = (text) => text.toLowerCase().normalize('NFD').replace(/и\u0306/g, 'й').replace(/\p{M}/gu, '');
const NOT_WORD = /[^\p{Alphabetic}\p{N}]+/u;
const WORDS = /[\p{Alphabetic}\p{N}]+/gu;
const CYRILLIC = /[\u0400-\u04ff]/;
const LATIN = /^[a-z0-9]+$/;

// A folded word's stem, by its script: as `stem` in src/text.rs.
export function stem(word) {
  if (CYRILLIC.test(word)) return stemRussian(word);
  if (LATIN.test(word)) return stemEnglish(word);
  return word;
}

// How a statement's word matches a query word, best first.
const EXACT = 3;
const SAME_STEM = 2;
const BEGUN = 1;

// The query's parts: single words (the last one, if still being typed, also as a prefix) and
// quoted phrases (a quote left open runs to the end).
export function parseQuery(query, meta) {
  const words = [];
  const phrases = [];
  const seen = new Set();
  const addWord = (word, prefix) => {
    const chars = Array.from(word);
    if (chars.length < meta.min_word_chars || meta.stop_words.includes(word)) return;
    if (chars.length > meta.max_word_chars) word = chars.slice(0, meta.max_word_chars).join('');
    if (seen.has(word)) return;
    seen.add(word);
    words.push({ form: word, stem: stem(word), prefix });
  };
  const parts = fold(query).split(/["«»“”„]/);
  parts.forEach((part, i) => {
    const tokens = part.split(NOT_WORD).filter(Boolean);
    if (i % 2 === 0) {
      const typing = i === parts.length - 1 && !NOT_WORD.test(part.slice(-1)) && part.length > 0;
      tokens.forEach((token, t) => addWord(token, typing && t === tokens.length - 1));
    } else if (tokens.length === 1) {
      addWord(tokens[0], false);
    } else if (tokens.length > 1) {
      const lookup = tokens.filter((t) => Array.from(t).length >= meta.min_word_chars && !meta.stop_words.includes(t));
      phrases.push({ tokens: tokens.map(stem), lookup: [...new Set(lookup)].map((t) => ({ form: t, stem: stem(t), prefix: false })) });
    }
  });
  return { words, phrases };
}

// Whether `text` holds the phrase's words one after another (each in any form).
export function holdsPhrase(text, stems) {
  const tokens = fold(text).split(NOT_WORD).filter(Boolean).map(stem);
  outer: for (let i = 0; i + stems.length <= tokens.length; i++) {
    for (let j = 0; j < stems.length; j++) if (tokens[i + j] !== stems[j]) continue outer;
    return true;
  }
  return false;
}

// Orders statements by number: more query words held, then closer forms, then weight, then
// archive order (arrays by statement number).
export function byRank({ held, closeness, score }) {
  return (a, b) => held[b] - held[a] || closeness[b] - closeness[a] || score[b] - score[a] || a - b;
}

function start(form, ui) {
  const base = form.dataset.searchIndex;
  const input = form.querySelector('input[name="q"]');
  const status = ui.querySelector('.search-status');
  const list = ui.querySelector('.search-results');
  const filterBox = ui.querySelector('.search-filters');
  const more = ui.querySelector('.search-more');
  const filterToggle = ui.querySelector('.search-filters-box');
  const PAGE = 10;
  // Values of a filter shown before "Show all".
  const FILTER_VALUES = 8;
  // Statements whose text is read to check a phrase, at most, per search.
  const PHRASE_CHECKS = 400;
  const expanded = new Set();
  const SNIPPET_CHARS = 220;
  ui.hidden = false;

  // The interface's text in the site's language, from the page (see `script_strings` in
  // src/render/i18n): `say(key, {count, …})` picks the plural form and fills `{name}`s.
  const STRINGS = JSON.parse(document.getElementById('search-strings')?.textContent || '{"language":"en","text":{}}');
  const plural = new Intl.PluralRules(STRINGS.language);
  const number = (n) => n.toLocaleString(STRINGS.language);
  function say(key, values = {}) {
    let text = STRINGS.text[`search_${key}`] ?? key;
    if (typeof text === 'object') text = text[plural.select(values.count)] ?? text.other;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (typeof values[name] === 'number' ? number(values[name]) : values[name] ?? whole));
  }

  // Numbers are base-64 varints: five bits per character, lowest first; the sixth bit says
  // another character follows.
  const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const VALUE = new Int8Array(128).fill(-1);
  for (let i = 0; i < DIGITS.length; i++) VALUE[DIGITS.charCodeAt(i)] = i;
  function varints(text, from) {
    const out = [];
    let value = 0;
    let scale = 1;
    for (let i = from; i < text.length; i++) {
      const digit = VALUE[text.charCodeAt(i)];
      value += (digit & 31) * scale;
      if (digit & 32) {
        scale *= 32;
      } else {
        out.push(value);
        value = 0;
        scale = 1;
      }
    }
    return out;
  }
  // A set is `d` and gaps between members, or `r` and alternating run lengths.
  function decodeSet(text) {
    const numbers = varints(text, 1);
    const members = [];
    let next = 0;
    if (text[0] === 'd') {
      for (const gap of numbers) {
        members.push(next + gap);
        next += gap + 1;
      }
    } else {
      for (let i = 0; i + 1 < numbers.length; i += 2) {
        const start = next + numbers[i];
        const end = start + numbers[i + 1] + 1;
        for (let m = start; m < end; m++) members.push(m);
        next = end;
      }
    }
    return members;
  }

  const cache = new Map();
  function fetchJson(path) {
    if (!cache.has(path)) {
      cache.set(path, fetch(base + path).then((r) => {
        if (!r.ok) throw new Error(`${path}: ${r.status}`);
        return r.json();
      }));
    }
    return cache.get(path);
  }
  const hex = (text) => Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, '0')).join('');

  let meta = null;
  let facets = null;

  // The shard holding `key`: the longest shard prefix that begins it (see `shard` in search.rs).
  function shardOf(key) {
    let best = null;
    for (const prefix of meta.shards) if (key.startsWith(prefix) && (best === null || prefix.length > best.length)) best = prefix;
    return best === null ? Promise.resolve({}) : fetchJson(`words/${hex(best)}.json`);
  }

  // Every indexed form of a stem; a stem the index does not list holds only itself.
  async function formsOf(stemmed) {
    const listed = (await shardOf(`=${stemmed}`))[`=${stemmed}`];
    return listed ? listed.split(' ') : [stemmed];
  }

  // Each statement's best match of one query word: closeness and score.
  async function matchWord(word) {
    const forms = new Set(await formsOf(word.stem));
    forms.add(word.form);
    const found = [];
    await Promise.all([...forms].map(async (f) => {
      const postings = (await shardOf(f))[f];
      if (postings !== undefined) found.push([f, postings, f === word.form ? EXACT : SAME_STEM]);
    }));
    if (word.prefix) {
      const keys = meta.shards.filter((key) => word.form.startsWith(key) || key.startsWith(word.form));
      for (const shard of await Promise.all(keys.map((key) => fetchJson(`words/${hex(key)}.json`)))) {
        for (const w in shard) if (w.startsWith(word.form) && !forms.has(w)) found.push([w, shard[w], BEGUN]);
      }
    }
    // By statement number: how closely it holds the word (0: not at all), and its score.
    const closenessOf = new Uint8Array(meta.docs);
    const scoreOf = new Float32Array(meta.docs);
    const add = (doc, weight, idf, closeness) => {
      const tf = weight & 15;
      const score = idf * ((tf ? 1 + Math.log(tf) : 0) + (weight & 16 ? 3 : 0));
      if (closeness > closenessOf[doc] || (closeness === closenessOf[doc] && score > scoreOf[doc])) {
        closenessOf[doc] = closeness;
        scoreOf[doc] = score;
      }
    };
    for (const [, postings, closeness] of found) {
      // A word in most statements comes as their set, without weights (DENSE in search.rs).
      if (postings[0] === '~') {
        const docs = decodeSet(postings.slice(1));
        const idf = Math.log(1 + meta.docs / docs.length);
        for (const doc of docs) add(doc, 1, idf, closeness);
        continue;
      }
      const numbers = varints(postings, 0);
      const idf = Math.log(1 + meta.docs / (numbers.length / 2));
      let next = 0;
      for (let i = 0; i < numbers.length; i += 2) {
        const doc = next + numbers[i];
        next = doc + 1;
        add(doc, numbers[i + 1], idf, closeness);
      }
    }
    return { closeness: closenessOf, score: scoreOf };
  }

  // The filter lists come in parts, statement n in part n % parts: the first part's counts,
  // scaled, stand for the whole until every part is in (see search.rs).
  function facetStore() {
    const parts = meta.facet_parts;
    const store = {
      parts,
      loaded: new Uint8Array(parts),
      count: 0,
      ofDoc: meta.filters.map(() => new Array(meta.docs)),
      filters: meta.filters.map((filter) => ({ ...filter, bySlug: new Map(filter.values.map((value, v) => [value.slug, v])) })),
    };
    store.load = async (part) => {
      const sets = await fetchJson(`filters/part-${part}.json`);
      if (store.loaded[part]) return;
      sets.forEach((values, f) => values.forEach((encoded, v) => {
        for (const local of decodeSet(encoded)) (store.ofDoc[f][local * parts + part] ||= []).push(v);
      }));
      store.loaded[part] = 1;
      store.count++;
    };
    return store;
  }
  // The statements of a chosen filter value, whole.
  const valueSets = new Map();
  function membersOf(f, v) {
    const path = `filters/${f}-${v}.json`;
    if (!valueSets.has(path)) valueSets.set(path, fetchJson(path).then((encoded) => new Set(decodeSet(encoded))));
    return valueSets.get(path);
  }

  function readState() {
    const params = new URLSearchParams(location.search);
    const chosen = {};
    for (const filter of meta.filters) if (params.get(filter.key)) chosen[filter.key] = params.get(filter.key);
    return { q: params.get('q') || '', chosen };
  }
  function stateUrl(state) {
    const params = new URLSearchParams();
    if (state.q) params.set('q', state.q);
    for (const filter of meta.filters) if (state.chosen[filter.key]) params.set(filter.key, state.chosen[filter.key]);
    const query = params.toString();
    return location.pathname + (query ? `?${query}` : '');
  }

  // A statement's record as results show it, and its plain-text copy.
  const record = async (doc) => (await fetchJson(`docs/${Math.floor(doc / meta.docs_per_chunk)}.json`))[doc % meta.docs_per_chunk];
  const texts = new Map();
  function plainText(url) {
    if (!texts.has(url)) texts.set(url, fetch(`${url}index.txt`).then((r) => (r.ok ? r.text() : '')).catch(() => ''));
    return texts.get(url);
  }

  let state = { q: '', chosen: {} };
  // The statements matching the query in rank order (for a phrase, those checked so far), and
  // those of them that pass the chosen filters.
  let matched = [];
  let results = [];
  let shown = 0;
  let query = { words: [], phrases: [] };
  // What marks a word of a result: its form, its stem, or (typed) its beginning.
  let marks = { forms: new Set(), stems: new Set(), prefixes: [] };
  // A phrase search's statements not yet checked, in rank order.
  let unchecked = [];
  let checks = 0;
  let generation = 0;
  // The chosen filters, with their statements (see chosenMembers).
  let wantedMembers = [];

  async function run() {
    const mine = ++generation;
    const started = performance.now();
    query = parseQuery(state.q, meta);
    const units = [...query.words, ...query.phrases.flatMap((p) => p.lookup)];
    marks = {
      forms: new Set(units.map((w) => w.form)),
      stems: new Set([...units.map((w) => w.stem), ...query.phrases.flatMap((p) => p.tokens)]),
      prefixes: query.words.filter((w) => w.prefix).map((w) => w.form),
    };
    const filtered = Object.keys(state.chosen).length > 0;
    if (!units.length && !filtered) {
      list.replaceChildren();
      filterBox.replaceChildren();
      more.hidden = true;
      status.textContent = state.q.trim() ? say('too_short') : '';
      return;
    }
    // A chosen filter value's statements are needed for the results; the counts' first part
    // is fetched meanwhile and the rest after the results are shown.
    facets ||= facetStore();
    const first = facets.load(0);
    const [wordMatches, phraseMatches, chosen] = await Promise.all([
      Promise.all(query.words.map(matchWord)),
      Promise.all(query.phrases.map((p) => Promise.all(p.lookup.map(matchWord)))),
      chosenMembers(),
    ]);
    if (mine !== generation) return;
    wantedMembers = chosen;

    const candidates = rank(wordMatches, phraseMatches);
    unchecked = query.phrases.length ? candidates : [];
    matched = query.phrases.length ? [] : candidates;
    checks = 0;
    shown = 0;
    list.replaceChildren();
    refilter();
    await showMore(mine);
    await first;
    if (mine !== generation) return;
    tell();
    drawFilters(narrow(matched));
    // For tests and benchmarks: which search this is, how long it took and when it was done.
    list.dataset.ms = (performance.now() - started).toFixed(1);
    list.dataset.shownAt = Date.now();
    list.dataset.run = mine;
    // A phrase's count is known once every statement holding its words has been checked.
    while (unchecked.length && checks < PHRASE_CHECKS) {
      await check(PAGE * 2, mine);
      if (mine !== generation) return;
      refilter();
      more.hidden = !hasMore();
      tell();
    }
    if (facets.count < facets.parts) {
      await Promise.all(Array.from({ length: facets.parts }, (_, part) => facets.load(part)));
      if (mine !== generation) return;
    }
    drawFilters(narrow(matched));
    list.dataset.counted = mine;
  }

  // Each chosen filter's index, value and statements; a value the index does not know
  // matches nothing.
  async function chosenMembers() {
    const chosen = [];
    await Promise.all(facets.filters.map(async (filter, f) => {
      const slug = state.chosen[filter.key];
      if (slug === undefined) return;
      const v = filter.bySlug.get(slug);
      chosen.push({ f, v: v ?? -1, members: v === undefined ? new Set() : await membersOf(f, v) });
    }));
    return chosen.sort((a, b) => a.f - b.f);
  }

  // Applies the chosen filters to the matches.
  function refilter() {
    results = wantedMembers.length ? matched.filter((doc) => wantedMembers.every((w) => w.members.has(doc))) : matched;
  }

  // The numbers of the statements that hold a query word or every word of each phrase, in
  // rank order.
  function rank(wordMatches, phraseMatches) {
    const docs = meta.docs;
    const held = new Uint8Array(docs);
    const closeness = new Float32Array(docs);
    const score = new Float64Array(docs);
    for (const m of wordMatches) {
      for (let doc = 0; doc < docs; doc++) {
        if (!m.closeness[doc]) continue;
        held[doc]++;
        closeness[doc] += m.closeness[doc];
        score[doc] += m.score[doc];
      }
    }
    // A phrase's statements hold each of its words in some form; every phrase is required.
    const required = phraseMatches.length ? new Uint8Array(docs).fill(1) : null;
    for (const lookups of phraseMatches) {
      for (let doc = 0; doc < docs; doc++) {
        if (!required[doc]) continue;
        if (!lookups.length || lookups.some((m) => !m.closeness[doc])) {
          required[doc] = 0;
          continue;
        }
        held[doc]++;
        closeness[doc] += lookups.reduce((sum, m) => sum + m.closeness[doc], 0) / lookups.length;
        score[doc] += lookups.reduce((sum, m) => sum + m.score[doc], 0);
      }
    }
    const candidates = [];
    const everything = !wordMatches.length && !phraseMatches.length;
    for (let doc = 0; doc < docs; doc++) if ((everything || held[doc]) && (!required || required[doc])) candidates.push(doc);
    return candidates.sort(byRank({ held, closeness, score }));
  }

  // Reads the next `count` unchecked statements of a phrase search and keeps those holding
  // every phrase.
  async function check(count, mine) {
    const batch = unchecked.splice(0, count);
    checks += batch.length;
    const holds = await Promise.all(batch.map(async (doc) => {
      const text = await plainText((await record(doc))[1]);
      return query.phrases.every((p) => holdsPhrase(text, p.tokens));
    }));
    if (mine !== generation) return;
    matched.push(...batch.filter((_, i) => holds[i]));
  }

  const hasMore = () => shown < results.length || (unchecked.length > 0 && checks < PHRASE_CHECKS);

  function tell() {
    const n = results.length;
    let text = n ? say('results', { count: n }) : say('no_results');
    if (unchecked.length) text += ` ${say('phrase_checked', { checked: checks, total: checks + unchecked.length })}`;
    status.textContent = text;
  }

  // Each filter value's count over the matches passing every other chosen filter, so that a
  // count says what choosing the value would give; from the parts of the filter lists at
  // hand, scaled up while some are missing.
  function narrow(candidates) {
    const counts = facets.filters.map((filter) => new Array(filter.values.length).fill(0));
    for (const doc of candidates) {
      if (!facets.loaded[doc % facets.parts]) continue;
      let failed = -1;
      let failures = 0;
      for (const w of wantedMembers) {
        if (!w.members.has(doc) && ++failures === 1) failed = w.f;
      }
      if (failures >= 2) continue;
      facets.ofDoc.forEach((values, f) => {
        if (failures === 1 && f !== failed) return;
        for (const v of values[doc] || []) counts[f][v]++;
      });
    }
    const scale = facets.parts / facets.count;
    const wanted = facets.filters.map((_, f) => wantedMembers.find((w) => w.f === f)?.v ?? -1);
    return { counts: counts.map((row) => row.map((n) => Math.round(n * scale))), estimated: facets.count < facets.parts, wanted };
  }

  async function showMore(mine = generation) {
    while (results.length < shown + PAGE && unchecked.length && checks < PHRASE_CHECKS) {
      await check(PAGE, mine);
      if (mine !== generation) return;
      refilter();
    }
    const page = results.slice(shown, shown + PAGE);
    shown += page.length;
    const records = await Promise.all(page.map(record));
    if (mine !== generation) return;
    list.append(...records.map(drawResult));
    more.hidden = !hasMore();
  }

  function drawResult([title, url, date, iso, kind, lang, summary]) {
    const item = document.createElement('li');
    item.className = 'result';
    const heading = document.createElement('h2');
    const link = document.createElement('a');
    link.href = url;
    mark(link, title, false);
    if (lang) heading.lang = lang;
    heading.append(link);
    const facts = document.createElement('p');
    facts.className = 'meta';
    if (date) {
      const time = document.createElement('time');
      time.dateTime = iso;
      time.textContent = date;
      facts.append(time);
    }
    for (const fact of [kind, lang.toUpperCase()]) {
      if (!fact) continue;
      if (facts.childNodes.length) facts.append(' · ');
      facts.append(fact);
    }
    const snippet = document.createElement('p');
    snippet.className = 'snippet';
    if (lang) snippet.lang = lang;
    mark(snippet, summary, true);
    if (marks.forms.size && !snippet.querySelector('mark')) snippetFromText(snippet, url);
    item.append(heading, facts, snippet);
    return item;
  }

  // The words of `text` that match the query: in any form of a query word, or begun by the
  // word being typed.
  function matches(text) {
    const ranges = [];
    for (const found of text.matchAll(WORDS)) {
      const word = fold(found[0]);
      if (marks.forms.has(word) || marks.stems.has(stem(word)) || marks.prefixes.some((p) => word.startsWith(p))) {
        ranges.push([found.index, found.index + found[0].length]);
      }
    }
    return ranges;
  }

  // Writes `text` into `element` with the query's words marked; a snippet is cut around the
  // first of them.
  function mark(element, text, cut) {
    const ranges = matches(text);
    let start = 0;
    let end = text.length;
    if (cut && text.length > SNIPPET_CHARS) {
      const first = ranges.length ? ranges[0][0] : 0;
      start = first > SNIPPET_CHARS / 2 ? text.lastIndexOf(' ', first - SNIPPET_CHARS / 3) + 1 : 0;
      end = Math.min(text.length, start + SNIPPET_CHARS);
      const space = text.lastIndexOf(' ', end);
      if (end < text.length && space > start) end = space;
    }
    if (start > 0) element.append('… ');
    let pos = start;
    for (const [from, to] of ranges) {
      if (to <= pos || from >= end) continue;
      if (from > pos) element.append(text.slice(pos, from));
      const highlighted = document.createElement('mark');
      highlighted.textContent = text.slice(Math.max(from, pos), Math.min(to, end));
      element.append(highlighted);
      pos = Math.min(to, end);
    }
    if (pos < end) element.append(text.slice(pos, end));
    if (end < text.length) element.append(' …');
  }

  // The words matched deeper in the body than the excerpt: the snippet comes from the
  // statement's plain-text copy (title and facts first, then the body's paragraphs), fetched
  // after the results are shown.
  function snippetFromText(snippet, url) {
    plainText(url).then((text) => {
      const paragraphs = text.split(/\n\s*\n/).slice(2).map((p) => p.replace(/\s+/g, ' ').trim());
      const found = paragraphs.find((p) => matches(p).length);
      if (found) {
        snippet.replaceChildren();
        mark(snippet, found, true);
      }
    });
  }

  function drawFilters({ counts, estimated, wanted }) {
    const groups = facets.filters.map((facet, f) => {
      const values = facet.values
        .map((value, v) => ({ ...value, v, count: counts[f][v] }))
        .filter((value) => value.count > 0 || value.v === wanted[f])
        .sort((a, b) => (b.v === wanted[f]) - (a.v === wanted[f]) || b.count - a.count || a.name.localeCompare(b.name));
      if (!values.length) return null;
      const group = document.createElement('nav');
      group.className = 'filter';
      group.setAttribute('aria-label', facet.label);
      const heading = document.createElement('h2');
      heading.textContent = facet.label;
      const options = document.createElement('ul');
      const shown = expanded.has(facet.key) ? values : values.slice(0, FILTER_VALUES);
      for (const value of shown) {
        const chosen = value.v === wanted[f];
        const next = { q: state.q, chosen: { ...state.chosen } };
        if (chosen) delete next.chosen[facet.key];
        else next.chosen[facet.key] = value.slug;
        const option = document.createElement('li');
        const link = document.createElement('a');
        link.href = stateUrl(next);
        link.dataset.filter = facet.key;
        link.dataset.value = value.slug;
        if (chosen) link.setAttribute('aria-current', 'true');
        link.append(value.name + ' ');
        const count = document.createElement('span');
        count.className = 'count';
        if (chosen) {
          count.textContent = '✕';
          count.setAttribute('aria-hidden', 'true');
          const hint = document.createElement('span');
          hint.className = 'visually-hidden';
          hint.textContent = say('remove_filter');
          link.append(hint);
        } else {
          count.textContent = (estimated ? '≈' : '') + number(value.count);
        }
        link.append(count);
        link.addEventListener('click', (event) => {
          event.preventDefault();
          state = next;
          history.pushState(null, '', link.href);
          search();
        });
        option.append(link);
        options.append(option);
      }
      group.append(heading, options);
      if (shown.length < values.length) {
        const all = document.createElement('button');
        all.type = 'button';
        all.className = 'filter-all';
        all.textContent = say('show_all', { count: values.length });
        all.addEventListener('click', () => {
          expanded.add(facet.key);
          drawFilters({ counts, estimated, wanted });
          filterBox.querySelector(`nav[aria-label="${CSS.escape(facet.label)}"] li:nth-child(${FILTER_VALUES + 1}) a`)?.focus();
        });
        group.append(all);
      }
      return group;
    });
    filterBox.replaceChildren(...groups.filter(Boolean));
  }

  function search() {
    run().catch((error) => {
      status.textContent = say('unavailable', { message: error.message });
    });
  }

  let typing = 0;
  input.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      state = { q: input.value, chosen: state.chosen };
      history.replaceState(null, '', stateUrl(state));
      search();
    }, 120);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typing);
    state = { q: input.value, chosen: state.chosen };
    history.replaceState(null, '', stateUrl(state));
    search();
  });
  more.addEventListener('click', () => { showMore().then(tell); });
  window.addEventListener('popstate', () => {
    state = readState();
    input.value = state.q;
    search();
  });

  fetchJson('index.json').then((loaded) => {
    meta = loaded;
    state = readState();
    // On a phone the filters would push the results down: folded unless one is chosen.
    if (filterToggle && !matchMedia('(min-width: 48rem)').matches && !Object.keys(state.chosen).length) filterToggle.open = false;
    input.value = state.q;
    return run();
  }).catch((error) => {
    status.textContent = say('unavailable', { message: error.message });
  });
}
