// Unit tests of the search page's query reading, phrase matching and ranking, run under node
// by tests/stems.rs (`node --test tests/js/search.test.mjs`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, holdsPhrase, byRank, stem, fold } from '../../themes/default/static/search.js';

const meta = { min_word_chars: 2, max_word_chars: 32, stop_words: ['of', 'the', 'в', 'и', 'с'] };

test('words are folded, stemmed by their script, and stop words left out', () => {
  const { words, phrases } = parseQuery('Переговоры the MEETINGS Ψάξε ', meta);
  assert.deepEqual(words.map((w) => [w.form, w.stem, w.prefix]), [
    ['переговоры', 'переговор', false],
    ['meetings', 'meet', false],
    ['ψαξε', 'ψαξε', false],
  ]);
  assert.equal(phrases.length, 0);
  assert.equal(stem(fold('Переговорах')), 'переговор');
});

test('only the word being typed is also a prefix', () => {
  assert.deepEqual(parseQuery('sanctions negot', meta).words.map((w) => w.prefix), [false, true]);
  assert.deepEqual(parseQuery('sanctions negot ', meta).words.map((w) => w.prefix), [false, false], 'a space ends the word');
});

test('quotes make phrases; an open quote runs to the end; one quoted word is a word', () => {
  const { words, phrases } = parseQuery('lavrov "Telephone Conversation" «встреча в Москве', meta);
  assert.deepEqual(words.map((w) => w.form), ['lavrov']);
  assert.deepEqual(phrases.map((p) => p.tokens), [['telephon', 'convers'], ['встреч', 'в', 'москв']]);
  assert.deepEqual(phrases[1].lookup.map((w) => w.form), ['встреча', 'москве'], 'stop words are checked in the text, not looked up');
  const single = parseQuery('"sanctions"', meta);
  assert.deepEqual([single.words.map((w) => w.form), single.phrases], [['sanctions'], []]);
});

test('a phrase holds only where its words stand together, in any form', () => {
  const phrase = parseQuery('"telephone conversation"', meta).phrases[0].tokens;
  assert.ok(holdsPhrase('Lavrov had a telephone conversation with Blinken.', phrase));
  assert.ok(holdsPhrase('Two TELEPHONE conversations took place', phrase), 'another form of a word');
  assert.ok(!holdsPhrase('a conversation by telephone', phrase), 'the wrong order');
  assert.ok(!holdsPhrase('the telephone; a long conversation', phrase), 'words apart');
  const russian = parseQuery('"встреча в Москве"', meta).phrases[0].tokens;
  assert.ok(holdsPhrase('После встречи в Москве министры…', russian));
  assert.ok(!holdsPhrase('После встречи с Москвой', russian), 'the stop word inside the phrase counts');
});

test('statements rank by words held, then closeness, then weight, then archive order', () => {
  // By statement number 0…4.
  const held = [2, 2, 2, 2, 1];
  const closeness = [4, 4, 4, 2, 3];
  const score = [5, 5, 1, 1, 9];
  assert.deepEqual([4, 3, 2, 1, 0].sort(byRank({ held, closeness, score })), [0, 1, 2, 3, 4]);
});
