// annals search: reads the static index `annals build` writes under search/ (format in
// src/render/search.rs) and downloads only the word shards and records a query needs.
(() => {
  'use strict';
  const form = document.querySelector('form[data-search-index]');
  const ui = document.querySelector('.search-ui');
  if (!form || !ui) return;
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
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name === 'count' ? number(values.count) : values[name] ?? whole));
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

  // Lower case without accents, ё read as е, й kept: as `fold` in search.rs.
  const fold = (text) => text.toLowerCase().normalize('NFD').replace(/и\u0306/g, 'й').replace(/\p{M}/gu, '');
  const NOT_WORD = /[^\p{Alphabetic}\p{N}]+/u;

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
  let facetsLoading = null;
  function terms(query) {
    const seen = new Set();
    for (let word of fold(query).split(NOT_WORD)) {
      const chars = Array.from(word);
      if (chars.length < meta.min_word_chars || meta.stop_words.includes(word)) continue;
      if (chars.length > meta.max_word_chars) word = chars.slice(0, meta.max_word_chars).join('');
      seen.add(word);
    }
    return [...seen];
  }

  // Scores per statement for one query word: every indexed word it begins, exact ones first.
  async function matchTerm(term) {
    const keys = meta.shards.filter((key) => term.startsWith(key) || key.startsWith(term));
    const shards = await Promise.all(keys.map((key) => fetchJson(`words/${hex(key)}.json`)));
    const scores = new Map();
    for (const shard of shards) {
      for (const word in shard) {
        if (!word.startsWith(term)) continue;
        const postings = shard[word];
        const closeness = word === term ? 1 : 0.6;
        const add = (doc, weight, idf) => {
          const tf = weight & 15;
          const score = idf * closeness * ((tf ? 1 + Math.log(tf) : 0) + (weight & 16 ? 3 : 0));
          if (score > (scores.get(doc) || 0)) scores.set(doc, score);
        };
        // A word in most statements comes as their set, without weights (DENSE in search.rs).
        if (postings[0] === '~') {
          const docs = decodeSet(postings.slice(1));
          const idf = Math.log(1 + meta.docs / docs.length);
          for (const doc of docs) add(doc, 1, idf);
          continue;
        }
        const numbers = varints(postings, 0);
        const idf = Math.log(1 + meta.docs / (numbers.length / 2));
        let next = 0;
        for (let i = 0; i < numbers.length; i += 2) {
          const doc = next + numbers[i];
          next = doc + 1;
          add(doc, numbers[i + 1], idf);
        }
      }
    }
    return scores;
  }

  async function loadFacets() {
    const sets = await fetchJson('filters.json');
    return meta.filters.map((filter, f) => {
      const ofDoc = new Array(meta.docs);
      sets[f].forEach((encoded, v) => {
        for (const doc of decodeSet(encoded)) (ofDoc[doc] ||= []).push(v);
      });
      return { ...filter, ofDoc, bySlug: new Map(filter.values.map((value, v) => [value.slug, v])) };
    });
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

  let state = { q: '', chosen: {} };
  let results = [];
  let shown = 0;
  let queryTerms = [];
  let generation = 0;

  async function run() {
    const mine = ++generation;
    const started = performance.now();
    queryTerms = terms(state.q);
    const filtered = Object.keys(state.chosen).length > 0;
    if (!queryTerms.length && !filtered) {
      list.replaceChildren();
      filterBox.replaceChildren();
      more.hidden = true;
      status.textContent = state.q.trim() ? say('too_short') : '';
      return;
    }
    // The filter lists come once per visit; results without a filter chosen do not wait for them.
    facetsLoading ||= loadFacets().then((loaded) => { facets = loaded; });
    const termScores = await Promise.all(queryTerms.map(matchTerm));
    if (filtered) await facetsLoading;
    if (mine !== generation) return;

    let candidates;
    if (termScores.length) {
      termScores.sort((a, b) => a.size - b.size);
      candidates = [];
      for (const [doc, score] of termScores[0]) {
        let total = score;
        for (let t = 1; t < termScores.length && total > 0; t++) {
          const other = termScores[t].get(doc);
          total = other ? total + other : 0;
        }
        if (total > 0) candidates.push([doc, total]);
      }
    } else {
      candidates = Array.from({ length: meta.docs }, (_, doc) => [doc, 0]);
    }
    const counted = facets && narrow(candidates);
    results = counted ? counted.results : candidates;
    results.sort((a, b) => b[1] - a[1] || a[0] - b[0]);

    shown = 0;
    list.replaceChildren();
    if (counted) drawFilters(counted.counts, counted.wanted);
    else filterBox.replaceChildren();
    await showMore();
    if (mine !== generation) return;
    const n = results.length;
    status.textContent = n ? say('results', { count: n }) : say('no_results');
    // For tests and benchmarks: which search this is and how long it took.
    list.dataset.ms = (performance.now() - started).toFixed(1);
    list.dataset.run = mine;
    if (!counted) {
      await facetsLoading;
      if (mine !== generation) return;
      const late = narrow(candidates);
      drawFilters(late.counts, late.wanted);
    }
  }

  // The candidates that pass the chosen filters, and each filter value's count over the
  // candidates passing every other chosen filter, so that a count says what choosing the
  // value would give.
  function narrow(candidates) {
    const wanted = facets.map((facet) => (state.chosen[facet.key] === undefined ? -1 : facet.bySlug.get(state.chosen[facet.key]) ?? -2));
    const counts = facets.map((facet) => new Array(facet.values.length).fill(0));
    const passing = [];
    for (const candidate of candidates) {
      const doc = candidate[0];
      let failed = -1;
      let failures = 0;
      for (let f = 0; f < facets.length && failures < 2; f++) {
        if (wanted[f] !== -1 && !(facets[f].ofDoc[doc] || []).includes(wanted[f])) {
          failed = f;
          failures++;
        }
      }
      if (failures === 0) passing.push(candidate);
      if (failures >= 2) continue;
      facets.forEach((facet, f) => {
        if (failures === 1 && f !== failed) return;
        for (const v of facet.ofDoc[doc] || []) counts[f][v]++;
      });
    }
    return { results: passing, counts, wanted };
  }

  async function showMore() {
    const page = results.slice(shown, shown + PAGE);
    shown += page.length;
    const per = meta.docs_per_chunk;
    const chunks = await Promise.all(page.map(([doc]) => fetchJson(`docs/${Math.floor(doc / per)}.json`)));
    const items = page.map(([doc], i) => drawResult(chunks[i][doc % per]));
    list.append(...items);
    more.hidden = shown >= results.length;
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
    if (queryTerms.length && !snippet.querySelector('mark')) snippetFromText(snippet, url);
    item.append(heading, facts, snippet);
    return item;
  }

  // Where the query's words start words of `text`, to the end of those words.
  function matches(text) {
    let folded = '';
    const origin = [];
    let at = 0;
    for (const char of text) {
      const f = fold(char);
      for (let i = 0; i < f.length; i++) origin.push(at);
      folded += f;
      at += char.length;
    }
    origin.push(text.length);
    const ranges = [];
    for (const term of queryTerms) {
      let from = 0;
      for (let i = folded.indexOf(term, from); i !== -1; i = folded.indexOf(term, from)) {
        const before = i === 0 ? ' ' : folded[i - 1];
        if (NOT_WORD.test(before)) {
          let end = i + term.length;
          while (end < folded.length && !NOT_WORD.test(folded[end])) end++;
          ranges.push([origin[i], origin[end]]);
        }
        from = i + term.length;
      }
    }
    return ranges;
  }

  // Writes `text` into `element` with the query's words marked; a snippet is cut around the
  // first of them.
  function mark(element, text, cut) {
    const ranges = matches(text);
    ranges.sort((a, b) => a[0] - b[0]);
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
    fetch(`${url}index.txt`)
      .then((response) => (response.ok ? response.text() : ''))
      .then((text) => {
        const paragraphs = text.split(/\n\s*\n/).slice(2).map((p) => p.replace(/\s+/g, ' ').trim());
        const found = paragraphs.find((p) => matches(p).length);
        if (found) {
          snippet.replaceChildren();
          mark(snippet, found, true);
        }
      })
      .catch(() => {});
  }

  function drawFilters(counts, wanted) {
    const groups = facets.map((facet, f) => {
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
          count.textContent = number(value.count);
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
          drawFilters(counts, wanted);
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
  more.addEventListener('click', () => showMore());
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
})();
